"""Multilingual known-item search on the shared page sets: does a story's own word find it, per language?

Every page.txt under ../shared/data/pages/*/pages/ is read by the ingest wing (as `searchsvc index`
reads it: title, body, detected language), all pages go into one index, and three checks run
through SearchIndex.search, each counting a case as found when the story is in the top 10:

- title word: the title word (5+ letters, no digits) fewest stories hold, searched as written;
- inflected form: a word of the story, searched in another form found only in other stories
  in a story of the same language (the forms share at least 5 letters and all but the last 1-3
  letters of the longer, the last 2 of the shorter: Regierung / Regierungen, giorno / giorni);
  one case per story, the rarest such word. The forms are chosen by spelling,
  not by any stemmer, so the check does not grade the stemmer by itself;
- CJK title word: each run of 2-4 Han characters in a Chinese, Japanese or Korean title (Kanji
  compounds such as 津波, 地震, 宮崎県), searched as written.

Run with the checkout to measure on the path (PYTHONPATH=<other checkout> measures another):
    python bench/multilingual.py [--data ../shared/data/pages] [--json]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "pages"
WORD = re.compile(r"[^\W\d_]{5,}")
HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]{2,4}")
CJK_LANGUAGES = ("ja", "zh", "ko")


def read_pages(data: Path):
    """Return the Articles the ingest makes of every page.txt (one story per page, named by its folder)."""
    from dataclasses import replace

    from searchsvc.ingest import parse_paths

    files = sorted(data.glob("*/pages/*/page.txt"))
    stories = []
    for path in files:
        articles = parse_paths([path]).articles
        if articles:
            # Every file is called page.txt: the folder tells the pages apart.
            stories.append(replace(articles[0], id=f"{path.parents[2].name}/{path.parent.name}"))
    return stories


def words_of(article) -> set[str]:
    return {w.lower() for w in WORD.findall(f"{article.title or ''} {article.body}")}


def inflection_cases(stories) -> list[tuple[str, str, str, str]]:
    """Return (story id, language, word in the story, other form searched) cases, one per story at most."""
    holders: dict[str, set[str]] = defaultdict(set)
    languages: dict[str, set[str]] = defaultdict(set)
    story_words = {}
    for story in stories:
        story_words[story.id] = words_of(story)
        for word in story_words[story.id]:
            holders[word].add(story.id)
            languages[word].add(story.language or "?")
    by_prefix: dict[str, set[str]] = defaultdict(set)
    for word in holders:
        by_prefix[word[:4]].add(word)
    cases = []
    for story in stories:
        mine = story_words[story.id]
        best = None
        for word in sorted(mine, key=lambda w: (len(holders[w]), w)):
            for other in sorted(by_prefix[word[:4]]):
                if other in mine or (story.language or "?") not in languages[other]:
                    continue
                shared = len(common_prefix(word, other))
                ending = max(len(word), len(other)) - shared
                if 1 <= ending <= 3 and shared >= max(5, min(len(word), len(other)) - 2):
                    best = (story.id, story.language or "?", word, other)
                    break
            if best:
                break
        if best:
            cases.append(best)
    return cases


def common_prefix(a: str, b: str) -> str:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return a[:n]


def title_word_cases(stories) -> list[tuple[str, str, str]]:
    """Return (story id, language, title word) with the title word fewest stories hold."""
    frequency = Counter(word for story in stories for word in words_of(story))
    cases = []
    for story in stories:
        words = sorted({w for w in WORD.findall(story.title or "")}, key=lambda w: (frequency[w.lower()], w))
        if words:
            cases.append((story.id, story.language or "?", words[0]))
    return cases


def cjk_cases(stories) -> list[tuple[str, str, str]]:
    return [
        (story.id, story.language, run)
        for story in stories
        if (story.language or "") in CJK_LANGUAGES
        for run in dict.fromkeys(HAN_RUN.findall(story.title or ""))
    ]


def found(index, story_id: str, q: str) -> bool:
    from searchsvc.query import QueryError
    from searchsvc.search.results import SearchRequest

    try:
        return story_id in [hit.id for hit in index.search(SearchRequest(q=q)).hits]
    except QueryError:
        return False


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if not args.data.exists():
        print(f"no page sets in {args.data}; skipped (they live in ../shared/data/pages)")
        return 0
    from searchsvc.search.searcher import SearchIndex
    from searchsvc.store.generations import build_index

    stories = read_pages(args.data)
    checks = {
        "title word": title_word_cases(stories),
        "inflected form": inflection_cases(stories),
        "CJK title word": cjk_cases(stories),
    }
    results: dict[str, dict[str, list[int]]] = {}
    with tempfile.TemporaryDirectory() as index_dir:
        build_index(stories, index_dir)
        index = SearchIndex(index_dir)
        try:
            for name, cases in checks.items():
                per_language: dict[str, list[int]] = defaultdict(lambda: [0, 0])
                for case in cases:
                    story_id, language, q = case[0], case[1], case[-1]
                    hit = found(index, story_id, q)
                    for key in (language, "all"):
                        per_language[key][0] += hit
                        per_language[key][1] += 1
                results[name] = dict(per_language)
        finally:
            index.close()
    if args.json:
        print(json.dumps(results, indent=1, sort_keys=True))
        return 0
    print(f"{len(stories)} stories")
    for name, per_language in results.items():
        shown = sorted(per_language.items(), key=lambda item: (item[0] != "all", -item[1][1], item[0]))
        cells = ", ".join(f"{lang} {hit}/{n} ({hit / n:.0%})" for lang, (hit, n) in shown if n)
        print(f"{name}: {cells}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
