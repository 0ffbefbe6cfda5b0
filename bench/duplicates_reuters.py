"""Near-duplicate stories on Reuters-21578: groups found, run time, a sample to judge.

Reads ../shared/data/news/reuters21578.jsonl.gz (beside the checkout). Prints
the containment histogram of all LSH candidate pairs (to justify the
threshold), the group count and merge time, a timing on a synthetic corpus of
--scale distinct documents (sentences of the corpus recombined), and
--sample sampled groups (title and first line of two copies) for a person to
judge.

    python bench/duplicates_reuters.py --sample 30 --scale 200000
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from searchsvc.articles import Article  # noqa: E402
from searchsvc.ingest import (  # noqa: E402
    duplicates,
    parse_file,  # noqa: E402
    sketches,
)

DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "news" / "reuters21578.jsonl.gz"


def timed(function, *args, runs: int = 3):
    """Return the result and the median wall and CPU times of a few runs (the machine is shared)."""
    walls, cpus, result = [], [], None
    for _ in range(runs):
        start, cpu = time.perf_counter(), time.process_time()
        result = function(*args)
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu)
    return result, f"{statistics.median(walls):.1f} s wall, {statistics.median(cpus):.1f} s CPU"


def containment_histogram(articles: list[Article]) -> Counter:
    """Count LSH candidate pairs by containment decile (the threshold's evidence)."""
    shingles = sketches.shingle_texts(re.findall(r"\w+", a.body.lower()) for a in articles)
    eligible = shingles.counts() >= duplicates.MIN_SHINGLES
    pairs = sketches.candidate_pairs(sketches.minhash_signatures(shingles), eligible)
    return Counter(min(int(sketches.containment(shingles.of(i), shingles.of(j)) * 10), 9) for i, j in pairs)


def synthetic(articles: list[Article], size: int) -> list[Article]:
    """Return `size` distinct documents of 5-10 sentences drawn from the corpus."""
    rng = random.Random(7)
    sentences = [s for a in articles for s in re.split(r"(?<=\.)\s+", " ".join(a.body.split())) if len(s) > 40]
    return [Article(id=f"syn-{n}", body=" ".join(rng.sample(sentences, rng.randint(5, 10)))) for n in range(size)]


def first_line(article: Article) -> str:
    return " ".join(article.body.split())[:110]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=int, default=30, help="groups to print for judging")
    parser.add_argument("--scale", type=int, default=0, help="also time this many synthetic documents")
    args = parser.parse_args()
    if not DATA.exists():
        print(f"No Reuters data at {DATA.resolve()}: nothing to measure.")
        return 0
    start = time.perf_counter()
    articles, problems = parse_file(DATA)
    print(f"loaded {len(articles)} records in {time.perf_counter() - start:.1f} s ({len(problems)} problems)")
    histogram = containment_histogram(articles)
    print(
        "LSH candidate pairs by containment:",
        ", ".join(f"{d / 10:.1f}-{(d + 1) / 10:.1f}: {histogram[d]}" for d in range(10)),
    )
    stories, seconds = timed(duplicates.merge_duplicates, articles)
    merged = [s for s in stories if s.versions]
    sizes = Counter(len(s.versions) for s in merged)
    print(
        f"{len(articles)} records -> {len(stories)} stories; {len(merged)} merged groups covering "
        f"{sum(sizes[k] * k for k in sizes)} records (sizes {dict(sorted(sizes.items()))}); "
        f"merge {seconds} (median of 3)"
    )
    if args.scale:
        docs = synthetic(articles, args.scale)
        words = statistics.mean(len(d.body.split()) for d in docs)
        result, seconds = timed(duplicates.merge_duplicates, docs, runs=1)
        print(f"synthetic {len(docs)} documents ({words:.0f} words each) -> {len(result)} stories; merge {seconds}")
    by_id = {a.id: a for a in articles}
    rng = random.Random(42)
    for n, story in enumerate(rng.sample(merged, min(args.sample, len(merged))), start=1):
        left, right = (by_id[v.id] for v in story.versions[:2])
        print(f"\n[{n}] group of {len(story.versions)}: {left.id} / {right.id}")
        for copy in (left, right):
            print(f"  {copy.title!s:.70}\n    {first_line(copy)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
