"""Ranking quality on IR test collections: nDCG@10 and MAP through the search API's code path.

Each collection (corpus.jsonl, queries.jsonl, qrels.tsv) is indexed with
searchsvc.generations.build_index and searched with SearchIndex.search, page after page
(per_page=100) down to --depth hits, exactly as /api/search runs a query.

Query texts are natural-language sentences. They are sent as plain words: characters of the
query syntax (quotes, parentheses, colons, -, *, ~, ...) become spaces and the text is
lowercased, so the upper-case NPL queries' "AND"/"OR" are words, not operators. Such long
queries take the query language's documented partial matching (all-words matches first).

Usage (from the repository root, package installed):
    python bench/relevance.py                       # both collections, default settings
    python bench/relevance.py --collection cacm --k1 0.9 --b 0.4 --title-boost 1
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data" / "relevance"
COLLECTIONS = ("cacm", "npl-vaswani")
PER_PAGE = 100
# Published and reference BM25 figures (the collections' SOURCE.md): (label, MAP, nDCG@10).
PUBLISHED = {
    "cacm": [("Anserini BM25 (published)", 0.3123, None), ("bm25s reference k1=0.9 b=0.4", 0.3422, 0.4874)],
    "npl-vaswani": [("Terrier BM25 (published)", 0.2965, None), ("bm25s reference k1=0.9 b=0.4", 0.2891, 0.4449)],
}


def load_collection(folder: Path):
    """Return (articles, queries {id: text}, qrels {query id: {doc id: relevance}})."""
    from searchsvc.articles import Article

    articles = []
    with open(folder / "corpus.jsonl", encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            published = None
            if record.get("date"):
                published = datetime.fromisoformat(record["date"]).replace(tzinfo=UTC)
            articles.append(
                Article(
                    id=str(record["id"]),
                    title=record.get("title") or None,
                    body=record.get("body") or "",
                    published=published,
                )
            )
    with open(folder / "queries.jsonl", encoding="utf-8") as handle:
        queries = {str(r["id"]): r["text"] for r in map(json.loads, handle)}
    return articles, queries, read_qrels(folder / "qrels.tsv")


def read_qrels(path: Path) -> dict[str, dict[str, int]]:
    """Read a qrels.tsv (header line; query_id, doc_id, relevance) into nested dicts."""
    qrels: dict[str, dict[str, int]] = {}
    lines = path.read_text(encoding="utf-8").splitlines()[1:]
    for line in lines:
        if line.strip():
            query_id, doc_id, relevance = line.split("\t")
            qrels.setdefault(query_id, {})[doc_id] = int(relevance)
    return qrels


def as_words(text: str) -> str:
    """Turn a natural-language query into plain query-language words."""
    return " ".join(re.sub(r"[^\w\s]", " ", text).lower().split())


def average_precision(ranking: list[str], relevant: dict[str, int]) -> float:
    """Return AP of a ranking: mean precision at each relevant hit, over all relevant documents."""
    wanted = {d for d, r in relevant.items() if r > 0}
    if not wanted:
        return 0.0
    found, total = 0, 0.0
    for rank, doc in enumerate(ranking, 1):
        if doc in wanted:
            found += 1
            total += found / rank
    return total / len(wanted)


def ndcg_at(ranking: list[str], relevant: dict[str, int], k: int = 10) -> float:
    """Return nDCG@k with gains = relevance grades and log2(rank + 1) discounts."""
    dcg = sum(relevant.get(doc, 0) / math.log2(rank + 1) for rank, doc in enumerate(ranking[:k], 1))
    ideal = sorted((r for r in relevant.values() if r > 0), reverse=True)[:k]
    idcg = sum(r / math.log2(rank + 1) for rank, r in enumerate(ideal, 1))
    return dcg / idcg if idcg else 0.0


def evaluate(runs: dict[str, list[str]], qrels: dict[str, dict[str, int]]) -> dict[str, float]:
    """Return mean nDCG@10 and MAP over the queries that have at least one relevant document."""
    judged = [q for q, rels in qrels.items() if any(r > 0 for r in rels.values())]
    return {
        "queries": len(judged),
        "ndcg@10": sum(ndcg_at(runs.get(q, []), qrels[q]) for q in judged) / len(judged),
        "map": sum(average_precision(runs.get(q, []), qrels[q]) for q in judged) / len(judged),
    }


def rank(index, text: str, depth: int) -> list[str]:
    """Return the ids the search API would list for a query, page by page, down to depth."""
    from searchsvc.search.results import SearchRequest
    from searchsvc.search.searcher import PageNotFound

    ids: list[str] = []
    for page in range(1, -(-depth // PER_PAGE) + 1):
        try:
            result = index.search(SearchRequest(q=text, per_page=PER_PAGE, page=page))
        except PageNotFound:
            break
        ids.extend(hit.id for hit in result.hits)
        if page * PER_PAGE >= result.total:
            break
    return ids[:depth]


def run_collection(folder: Path, depth: int) -> dict:
    """Index a collection, run its judged queries, and return the scores."""
    from searchsvc.search.searcher import SearchIndex
    from searchsvc.store.generations import build_index

    articles, queries, qrels = load_collection(folder)
    with tempfile.TemporaryDirectory() as index_dir:
        started = time.perf_counter()
        build_index(articles, index_dir)
        built = time.perf_counter() - started
        index = SearchIndex(index_dir)
        try:
            started = time.perf_counter()
            runs = {q: rank(index, as_words(queries[q]), depth) for q in qrels if q in queries}
            searched = time.perf_counter() - started
        finally:
            index.close()
        pruned = count_pruned(index_dir, {q: as_words(queries[q]) for q in runs}, runs)
    return {**evaluate(runs, qrels), "docs": len(articles), "index_s": built, "search_s": searched, "pruned": pruned}


def count_pruned(index_dir, texts: dict[str, str], runs: dict[str, list[str]], k: int = 10) -> int:
    """Count queries whose top k differs from Whoosh's exhaustive ranking (limit=None).

    Whoosh's block-quality pruning can drop true top hits (WHOOSH-NOTES); the search path
    scores exactly, and this checks it.
    """
    from searchsvc.query.parser import parse_query, weighting
    from searchsvc.store.generations import current_generation

    differing = 0
    with current_generation(index_dir).open().searcher(weighting=weighting()) as searcher:
        for q, text in texts.items():
            results = searcher.search(parse_query(text, searcher.schema, searcher), limit=None)
            exact = [hit["id"] for hit in results[:k]]
            differing += exact != runs[q][:k]
    return differing


def configure(args) -> str:
    """Apply ranking settings given on the command line; return a label for them."""
    from searchsvc.query import parser as query

    if args.k1 is not None:
        query.K1 = args.k1
    if args.b is not None:
        query.B = args.b
    if args.title_boost is not None:
        query.FIELD_BOOSTS = {**query.FIELD_BOOSTS, "title": args.title_boost}
    boosts = query.FIELD_BOOSTS
    return f"k1={query.K1} b={query.B} title boost={boosts['title']}"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--collection", choices=COLLECTIONS, action="append")
    parser.add_argument("--depth", type=int, default=1000, help="hits ranked per query (default 1000)")
    parser.add_argument("--data", type=Path, default=DATA, help="folder holding the collections")
    parser.add_argument("--k1", type=float)
    parser.add_argument("--b", type=float)
    parser.add_argument("--title-boost", type=float)
    args = parser.parse_args(argv)
    label = configure(args)
    print(f"settings: {label}, depth {args.depth}")
    print(
        "| collection | queries | nDCG@10 | MAP | reference | ref nDCG@10 | ref MAP | nDCG ratio | MAP ratio "
        "| top 10 not exact | search s |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for name in args.collection or COLLECTIONS:
        folder = args.data / name
        if not (folder / "corpus.jsonl").exists():
            print(f"{name}: no data in {folder}; skipped (the collections live in ../shared/data/relevance)")
            continue
        scores = run_collection(folder, args.depth)
        for reference, ref_map, ref_ndcg in PUBLISHED[name]:
            ref_ndcg_text = f"{ref_ndcg:.4f}" if ref_ndcg else "-"
            ndcg_ratio = f"{scores['ndcg@10'] / ref_ndcg:.3f}" if ref_ndcg else "-"
            print(
                f"| {name} | {scores['queries']} | {scores['ndcg@10']:.4f} | {scores['map']:.4f} | {reference} | "
                f"{ref_ndcg_text} | {ref_map:.4f} | {ndcg_ratio} | {scores['map'] / ref_map:.3f} | "
                f"{scores['pruned']} | {scores['search_s']:.0f} |"
            )
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
