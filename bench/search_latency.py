"""Search latency on Reuters-21578: SearchIndex.search beside SQLite FTS5 doing the same job.

The job per query: exact total, top 10 by BM25 over title and body, calendar-month counts of
all matches, 10 HTML snippets. Both engines run in this process, pinned to one core, over the
same fixed query set. Prints p50/p95/p99 latency and queries per second, with ratios.

    python bench/search_latency.py [--index DIR] [--runs 3] [--clock cpu|wall] [--profile]
                                   [--scale 10] [--procs 2] [--no-matchers] [--result-cache 256]
    python bench/search_latency.py --single-pass [--index DIR] [--runs 3] [--scale 10] [--baseline-index DIR]
                                   [--baseline-code DIR]

`--index DIR` keeps the Whoosh index there and reuses it on later runs. `--scale N` repeats the
corpus N times (copy k: ids suffixed `-k`, dates shifted by k whole years); the queries are
drawn from the original corpus either way, so both scales run the same set. The engines
run with the result cache off (their own speed); `--result-cache N` adds one with it on.
`--single-pass` instead asks each query once over HTTP of a freshly started `searchsvc serve`
and a Flask + FTS5 peer, interleaved, `--runs` times (bench/single_pass.py).
"""

from __future__ import annotations

import argparse
import cProfile
import gzip
import json
import os
import pstats
import random
import re
import statistics
import sys
import tempfile
import time
from collections import Counter
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from searchsvc.articles import Article  # noqa: E402
from searchsvc.query.parser import QueryError, parse_query  # noqa: E402
from searchsvc.search import scoring  # noqa: E402
from searchsvc.search.results import SearchRequest  # noqa: E402
from searchsvc.search.searcher import SearchIndex  # noqa: E402
from searchsvc.store.generations import build_index, current_generation_name  # noqa: E402
from searchsvc.store.schema import make_schema  # noqa: E402

sys.path.insert(0, str(ROOT / "bench"))
from fts5_peer import Fts5  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "news" / "reuters21578.jsonl.gz"
SEED = 21578
SCHEMA = make_schema()
WORD = re.compile(r"[A-Za-z]{4,}")
# Words too common to make a realistic query on their own (and the wire's signature).
COMMON = set(
    """that with said from this have will were which would been their also about after
they than more other over into year last some could under there first week only since what when
reuter reuters company corp dlrs mln pct billion shares share""".split()
)


def read_stories(path: Path) -> list[Article]:
    """Read the Reuters JSON Lines: id, title, date, body, source, topics as tags, author."""
    stories = []
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            published = datetime.fromisoformat(record["date"]).replace(tzinfo=UTC) if record["date"] else None
            author = re.sub(r"^By\s+|,\s*Reuters$", "", record.get("author") or "").strip() or None
            stories.append(
                Article(
                    id=record["id"],
                    title=record["title"],
                    body=record["body"],
                    published=published,
                    published_raw=record.get("date_raw"),
                    source=record["source"],
                    author=author,
                    tags=tuple(record.get("topics") or ()),
                    language="en",
                )
            )
    return stories


def scaled(stories: list[Article], times: int) -> list[Article]:
    """Return the stories repeated `times` times: copy k gets new ids and dates k years later."""
    copies = list(stories)
    for k in range(1, times):
        for story in stories:
            published = story.published.replace(year=story.published.year + k) if story.published else None
            copies.append(replace(story, id=f"{story.id}-{k}", published=published))
    return copies


def make_queries(stories: list[Article], seed: int = SEED) -> list[SearchRequest]:
    """Return the fixed query set, drawn from the corpus with a fixed seed (see RESULTS.md)."""
    rng = random.Random(seed)
    titled = [s for s in stories if s.title]
    doc_freq = Counter(w for s in stories for w in {w.lower() for w in WORD.findall(s.body)})
    topics = [t for t, _ in Counter(t for s in stories for t in s.tags).most_common(60)]

    def title_words(story):
        return [w.lower() for w in WORD.findall(story.title) if w.lower() not in COMMON]

    def body_run(story, length):
        words = story.body.split()
        start = rng.randrange(max(1, len(words) - length))
        return " ".join(re.sub(r"[^\w-]", "", w) for w in words[start : start + length]).lower()

    queries = [SearchRequest(q=topic) for topic in topics]  # 60 topic words
    while len(queries) < 140:  # 80 title words
        words = title_words(rng.choice(titled))
        if words:
            queries.append(SearchRequest(q=rng.choice(words)))
    while len(queries) < 200:  # 60 two title words
        words = title_words(rng.choice(titled))
        if len(words) >= 2:
            queries.append(SearchRequest(q=" ".join(rng.sample(words, 2))))
    while len(queries) < 260:  # 60 quoted phrases
        phrase = body_run(rng.choice(stories), rng.choice((2, 2, 3)))
        if len(phrase.split()) >= 2 and all(phrase.split()):
            queries.append(SearchRequest(q=f'"{phrase}"'))
    months = [(date(1987, m, 1), date(1987, m, 28)) for m in (2, 3, 4, 6, 10)]
    for _ in range(30):  # 30 date-filtered
        start, end = rng.choice(months)
        queries.append(SearchRequest(q=rng.choice(topics), date_from=start, date_to=end))
    rare = sorted(w for w, n in doc_freq.items() if n <= 3 and w not in COMMON)
    queries += [SearchRequest(q=w) for w in rng.sample(rare, 30)]  # 30 rare terms
    for _ in range(20):  # 20 tag-filtered
        queries.append(
            SearchRequest(q=rng.choice(title_words(rng.choice(titled)) or ["oil"]), tag=(rng.choice(topics[:10]),))
        )
    # Common words only ("does", "could be") are a 400 by design; FTS5 would search them.
    return [request for request in queries if readable(request.q)]


def readable(q: str) -> bool:
    """Whether the service runs q rather than answering that it has only common words."""
    try:
        parse_query(q, SCHEMA)
        return True
    except QueryError:
        return False


def percentiles(samples: list[float]) -> dict:
    ordered = sorted(samples)
    pick = lambda p: ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]  # noqa: E731
    return {"p50": pick(50), "p95": pick(95), "p99": pick(99), "mean": statistics.fmean(ordered)}


def time_engines(engines: dict, queries, runs: int, clock=time.process_time) -> list[tuple[str, dict, dict, float]]:
    """Time each engine over the query set: one cold pass, then `runs` warm passes, interleaved.

    Cold: each query's first run (caches hold only what earlier queries of the set put there).
    Warm: the median of each query's later runs. Passes alternate between engines so that
    load from elsewhere on the machine falls on all of them alike. The default clock is this
    process's CPU time: on a shared machine, wall time mostly measures the neighbours.
    """
    cold = {name: [] for name in engines}
    warm = {name: [[] for _ in queries] for name in engines}
    elapsed = dict.fromkeys(engines, 0.0)
    for name, run_one in engines.items():
        for request in queries:
            t0 = clock()
            run_one(request)
            cold[name].append((clock() - t0) * 1000)
    for _ in range(runs):
        for name, run_one in engines.items():
            for i, request in enumerate(queries):
                t0 = clock()
                run_one(request)
                took = clock() - t0
                warm[name][i].append(took * 1000)
                elapsed[name] += took
    return [
        (
            name,
            percentiles(cold[name]),
            percentiles([statistics.median(t) for t in warm[name]]),
            len(queries) * runs / elapsed[name],
        )
        for name in engines
    ]


def without_arrays(search):
    """Return a search function that scores through Whoosh's matchers only (the path before NumPy)."""

    def run(request):
        scoring.VECTORISE = False
        try:
            return search(request)
        finally:
            scoring.VECTORISE = True

    return run


OPENED: list[SearchIndex] = []


def fresh(index_dir: Path, result_cache_size: int = 0):
    """Return the search function of a new SearchIndex (empty caches) with its searcher open."""
    index = SearchIndex(index_dir, result_cache_size=result_cache_size)
    OPENED.append(index)
    index.search(SearchRequest(q=""))
    return index.search


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--index", help="keep the Whoosh index here and reuse it")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--clock", choices=("cpu", "wall"), default="cpu", help="time by CPU time (default) or wall time"
    )
    parser.add_argument("--pin", action="store_true", help="pin to the first core (the run is one thread either way)")
    parser.add_argument("--scale", type=int, default=1, help="repeat the corpus this many times (see above)")
    parser.add_argument("--procs", type=int, default=1, help="indexing processes when building the index")
    parser.add_argument("--no-matchers", action="store_true", help="skip the Whoosh-matchers-only engine")
    parser.add_argument(
        "--result-cache", type=int, default=0, metavar="N", help="also run searchsvc with a result cache of N pages"
    )
    parser.add_argument(
        "--single-pass",
        action="store_true",
        help="each query once over HTTP against a Flask + FTS5 peer, fresh servers per run (bench/single_pass.py)",
    )
    parser.add_argument(
        "--baseline-index", metavar="DIR", help="with --single-pass: also serve this index (say, built before a change)"
    )
    parser.add_argument(
        "--baseline-code",
        metavar="DIR",
        help="with --single-pass: also serve the index with the searchsvc code in DIR (say, `git archive` of a commit)",
    )
    parser.add_argument("--profile", action="store_true", help="profile SearchIndex.search over the query set")
    parser.add_argument("--sort", default="cumulative", help="profile order (cumulative, tottime)")
    options = parser.parse_args()
    if not DATA.exists():
        print(f"Reuters data not found at {DATA}: nothing to measure.")
        return 0
    if options.pin and hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    stories = read_stories(DATA)
    queries = make_queries(stories)
    stories = scaled(stories, options.scale)
    with tempfile.TemporaryDirectory() as scratch:
        index_dir = Path(options.index or scratch)
        if not current_generation_name(index_dir):
            t0 = time.perf_counter()
            build_index(stories, index_dir, procs=options.procs)
            print(f"indexed {len(stories)} stories in {time.perf_counter() - t0:.0f} s")
        if options.single_pass:
            return single_pass(stories, queries, index_dir, Path(scratch), options)
        index = fresh(index_dir)
        try:
            totals = [index(request).total for request in queries]
            print(
                f"{len(queries)} queries; matches per query: median {statistics.median(totals):.0f}, "
                f"max {max(totals)}, {sum(t == 0 for t in totals)} with none"
            )
            if options.profile:
                profiler, cold = cProfile.Profile(), fresh(index_dir)
                profiler.runcall(lambda: [cold(request) for request in queries])
                pstats.Stats(profiler).sort_stats(options.sort).print_stats(40)
                return 0
            fts = Fts5(stories)
            try:
                engines = (
                    {} if options.no_matchers else {"searchsvc, Whoosh matchers only": without_arrays(fresh(index_dir))}
                )
                engines |= {"searchsvc, NumPy scoring": fresh(index_dir)}
                if options.result_cache:
                    engines[f"searchsvc, result cache {options.result_cache}"] = fresh(index_dir, options.result_cache)
                engines["SQLite FTS5"] = fts.search
                measured = time_engines(
                    engines, queries, options.runs, time.perf_counter if options.clock == "wall" else time.process_time
                )
            finally:
                fts.close()
        finally:
            for opened in OPENED:
                opened.close()
    print(f"\n{len(stories)} stories; {options.clock} time, ms; {options.runs} warm runs")
    print("| engine | cold p50 | cold p95 | cold p99 | warm p50 | warm p95 | warm p99 | warm mean | warm QPS |")
    print("|---|---|---|---|---|---|---|---|---|")
    for name, cold, warm, qps in measured:
        cells = [cold[k] for k in ("p50", "p95", "p99")] + [warm[k] for k in ("p50", "p95", "p99", "mean")]
        print(f"| {name} | " + " | ".join(f"{c:.2f}" for c in cells) + f" | {qps:.0f} |")
    _, fts_cold, fts_warm, fts_qps = measured[-1]
    for name, cold, warm, qps in measured[:-1]:
        cells = [cold[k] / fts_cold[k] for k in ("p50", "p95", "p99")]
        cells += [warm[k] / fts_warm[k] for k in ("p50", "p95", "p99", "mean")]
        print(f"| {name} / FTS5 | " + " | ".join(f"{c:.1f}x" for c in cells) + f" | {qps / fts_qps:.2f}x |")
    return 0


def single_pass(stories: list[Article], queries, index_dir: Path, scratch: Path, options) -> int:
    """Run and print the single-pass comparison (bench/single_pass.py); the FTS5 file is kept beside --index."""
    from single_pass import print_single_pass, run_single_pass

    db_path = index_dir.with_name(index_dir.name + ".fts5.sqlite") if options.index else scratch / "fts5.sqlite"
    if not db_path.exists():
        t0 = time.perf_counter()
        building = db_path.with_name(db_path.name + ".tmp")
        building.unlink(missing_ok=True)
        Fts5(stories, str(building)).close()
        building.rename(db_path)
        print(f"FTS5 database of {len(stories)} stories in {time.perf_counter() - t0:.0f} s")
    indexes = {"searchsvc": index_dir}
    if options.baseline_index:
        indexes = {f"searchsvc on {options.baseline_index}": Path(options.baseline_index), **indexes}
    if options.baseline_code:
        indexes = {f"searchsvc code in {options.baseline_code}": (index_dir, Path(options.baseline_code)), **indexes}
    results = run_single_pass(indexes, db_path, queries, options.runs)
    print_single_pass(results, len(stories), len(queries))
    return 0


if __name__ == "__main__":
    sys.exit(main())
