"""Completion latency and fuzzy ranking on Reuters-21578 (../shared/data/news).

Completion: every prefix of 200 title words drawn with a fixed seed ("c", "co", "cof" ...), and the
same after a first word ("oil c", ...), timed through SearchIndex.complete and through
GET /api/complete (Flask's test client: routing, validation, JSON); the first call, which reads the
words and names of the generation, is reported apart. Fuzzy: the top 10 of `coffe~` and `coffe~2`,
and how many of them say "coffee".

    python bench/completion.py [--stories N]     # PYTHONPATH=<other checkout> measures another
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from search_latency import DATA, WORD, read_stories  # noqa: E402

SEED = 21578


def percentiles(values: list[float]) -> str:
    ordered = sorted(values)
    pick = lambda share: ordered[min(len(ordered) - 1, int(share * len(ordered)))]  # noqa: E731
    return (
        f"n={len(values)} p50 {statistics.median(values):.2f} ms, p95 {pick(0.95):.2f} ms, "
        f"p99 {pick(0.99):.2f} ms, max {max(values):.2f} ms"
    )


def typed_prefixes(stories, count: int = 200) -> list[str]:
    rng = random.Random(SEED)
    words = sorted({w.lower() for s in stories if s.title for w in WORD.findall(s.title)})
    chosen = rng.sample(words, min(count, len(words)))
    prefixes = [word[:n] for word in chosen for n in range(1, len(word) + 1)]
    return prefixes + [f"oil {p}" for p in prefixes[::5]]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stories", type=int, default=None, help="index only the first N stories")
    args = parser.parse_args(argv)
    if not DATA.exists():
        print(f"no Reuters data at {DATA}; skipped")
        return 0
    from searchsvc.search.results import SearchRequest
    from searchsvc.search.searcher import SearchIndex
    from searchsvc.store.generations import build_index

    stories = read_stories(DATA)[: args.stories]
    with tempfile.TemporaryDirectory() as index_dir:
        build_index(stories, index_dir)
        index = SearchIndex(index_dir, result_cache_size=0)
        try:
            for q in ("coffe~", "coffe~2"):
                hits = index.search(SearchRequest(q=q)).hits
                saying = sum("coffee" in f"{h.title} {h.snippet}".lower() for h in hits)
                print(f"{q}: {saying}/{len(hits)} of the top 10 say coffee; first: {[h.title for h in hits[:4]]}")
            if not hasattr(index, "complete"):
                print("this checkout has no completion")
                return 0
            prefixes = typed_prefixes(stories)
            started = time.perf_counter()
            index.complete("a")
            print(f"first completion (reads the words and names): {(time.perf_counter() - started) * 1000:.1f} ms")
            library = []
            for q in prefixes:
                started = time.perf_counter()
                index.complete(q)
                library.append((time.perf_counter() - started) * 1000)
            print(f"SearchIndex.complete: {percentiles(library)}")
            from searchsvc.web import create_app

            app = create_app({"INDEX_DIR": index_dir, "TESTING": True})
            client = app.test_client()
            client.get("/api/complete?q=a")
            api = []
            for q in prefixes:
                started = time.perf_counter()
                assert client.get("/api/complete", query_string={"q": q}).status_code == 200
                api.append((time.perf_counter() - started) * 1000)
            app.extensions["searchsvc"].close()
            print(f"GET /api/complete (test client): {percentiles(api)}")
            print(f"examples: { {q: [c.text for c in index.complete(q)][:5] for q in ('cof', 'oil pr', 'reag')} }")
        finally:
            index.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
