"""Near-duplicate grouping and metadata merge.

Copies of one story (a wire story resent, a page and its plain-text export)
share almost all their word 5-shingles; two stories on one subject share few.
MinHash signatures and LSH banding (sketches.py) find candidate pairs; each
candidate is then checked exactly on its shingle sets, its figures and its
date. See bench/RESULTS.md for the figures behind the thresholds.

What merging needs of each article alone (its MinHash signature and its
shingle count) is an ArticleSketches row: callers may compute
those once per article, cache them, and pass them in, so merging a corpus again
after a few files changed sketches only the changed articles.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import timedelta

import numpy as np

from searchsvc.articles import Article
from searchsvc.ingest.dates import date_has_time
from searchsvc.ingest.sketches import NUM_PERM, candidate_pairs, containment, minhash_signatures, shingle_texts

# A pair is one story when the smaller copy's shingles are mostly in the larger.
MIN_CONTAINMENT = 0.8
# Texts shorter than this many shingles are too short to call copies.
MIN_SHINGLES = 8
# Share of the figures of the text with fewer figures that the other text repeats.
MIN_NUMBER_CONTAINMENT = 0.8
# Copies of a wire story go out within hours (median 2 h on Reuters); the same
# text days apart is a recurring item (a weekly notice, a daily Fed operation).
MAX_APART = timedelta(hours=48)
_NUMBER = re.compile(r"\d[\d.,:/-]*\d|\d")
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class ArticleSketches:
    """Per article, in order: its MinHash signature and its number of shingles."""

    signatures: np.ndarray
    shingle_counts: np.ndarray

    def __len__(self) -> int:
        return len(self.shingle_counts)

    @classmethod
    def join(cls, parts: Sequence[ArticleSketches]) -> ArticleSketches:
        """Return the rows of several sketches one after the other."""
        if not parts:
            return sketch_articles([])
        return cls(np.concatenate([p.signatures for p in parts]), np.concatenate([p.shingle_counts for p in parts]))


def words_of(article: Article) -> list[str]:
    return _WORD.findall(article.body.lower())


def sketch_articles(articles: Sequence[Article]) -> ArticleSketches:
    """Compute what merging needs of each article on its own."""
    shingles = shingle_texts(words_of(a) for a in articles)
    signatures = minhash_signatures(shingles) if len(articles) else np.empty((0, NUM_PERM), np.uint64)
    return ArticleSketches(signatures, shingles.counts())


def close_in_time(left: Article, right: Article) -> bool:
    """Tell whether two copies could be one story's: undated, or dated within MAX_APART."""
    if left.published is None or right.published is None:
        return True
    return abs(left.published - right.published) <= MAX_APART


def numbers_agree(left: str, right: str) -> bool:
    """Tell whether two near-identical texts give the same figures.

    Templated wire items (dividends, daily Fed operations) share their words and
    differ only in figures: they are different stories. Copies keep the figures.
    """
    ours, theirs = set(_NUMBER.findall(left)), set(_NUMBER.findall(right))
    smaller = min(len(ours), len(theirs))
    return smaller < 2 or len(ours & theirs) / smaller >= MIN_NUMBER_CONTAINMENT


def article_stamps(articles: Sequence[Article]) -> np.ndarray:
    """Return each article's date in seconds (NaN when undated), as candidate_pairs takes them."""
    return np.array([a.published.timestamp() if a.published else np.nan for a in articles], dtype=np.float64)


def find_groups(
    articles: Sequence[Article], sketches: ArticleSketches | None, pairs: list[tuple[int, int]] | None = None
) -> list[list[int]]:
    """Return groups of indexes of near-duplicate articles, each sorted, in order of first member.

    `pairs` are the candidate pairs when the caller found them (an incremental run, from the
    whole corpus's band keys); otherwise they come from the sketches.
    """
    if pairs is None:
        assert sketches is not None
        pairs = candidate_pairs(
            sketches.signatures,
            sketches.shingle_counts >= MIN_SHINGLES,
            article_stamps(articles),
            MAX_APART.total_seconds(),
        )
    # Copies far apart in time are never one story: drop them before the costly exact check
    # (a corpus that repeats its texts yearly has every story in such pairs).
    pairs = [(i, j) for i, j in pairs if close_in_time(articles[i], articles[j])]
    # Exact shingle sets only for the articles of candidate pairs (a few percent of a corpus).
    involved = sorted({k for pair in pairs for k in pair})
    shingles = shingle_texts(words_of(articles[k]) for k in involved)
    row = {k: n for n, k in enumerate(involved)}
    parent = list(range(len(articles)))
    unique: dict[int, np.ndarray] = {}

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in pairs:
        if root(i) == root(j):
            continue
        for k in (i, j):
            if k not in unique:
                unique[k] = shingles.of(row[k])
        if containment(unique[i], unique[j]) < MIN_CONTAINMENT:
            continue
        if not numbers_agree(articles[i].body, articles[j].body):
            continue
        parent[max(root(i), root(j))] = min(root(i), root(j))
    groups: dict[int, list[int]] = {}
    for i in range(len(articles)):
        groups.setdefault(root(i), []).append(i)
    return list(groups.values())


def copy_rank(article: Article, timed: bool | None = None) -> tuple:
    """Rank a copy: more metadata first, then a timed date, then the longer body."""
    filled = sum(bool(v) for v in (article.title, article.published, article.author, article.source))
    timed = date_has_time(article.published_raw) if timed is None else timed
    return (-filled, not timed, -len(article.body), article.id)


def merge_story(copies: list[Article]) -> Article:
    """Merge copies of one story: best copy's id and body, best value per field, every copy as a version."""
    # Parsing a date is slow: once per copy, for the ranking and for the date chosen.
    has_time = {id(a): date_has_time(a.published_raw) for a in copies}
    ranked = sorted(copies, key=lambda a: copy_rank(a, has_time[id(a)]))
    best = ranked[0]
    dated = sorted((a for a in ranked if a.published), key=lambda a: not has_time[id(a)])

    def first(field: str) -> str | None:
        # Only text fields are merged this way: title, source, author, url and language.
        return next((getattr(a, field) for a in ranked if getattr(a, field)), None)

    return replace(
        best,
        title=first("title"),
        published=dated[0].published if dated else None,
        published_raw=dated[0].published_raw if dated else None,
        source=first("source"),
        author=first("author"),
        tags=tuple(dict.fromkeys(tag for a in ranked for tag in a.tags)),
        url=first("url"),
        language=first("language"),
        versions=tuple(a.as_version() for a in sorted(copies, key=lambda a: (a.id, a.path or ""))),
    )


def merge_duplicates(articles: Sequence[Article], sketches: ArticleSketches | None = None) -> list[Article]:
    """Group near-duplicate copies into stories; a story of one article is returned unchanged.

    `sketches` are the articles' sketch_articles() rows, when the caller has them cached.
    """
    if sketches is None:
        sketches = sketch_articles(articles)
    elif len(sketches) != len(articles):
        raise ValueError(f"{len(sketches)} sketches for {len(articles)} articles")
    stories = []
    for group in find_groups(articles, sketches):
        copies = [articles[i] for i in group]
        stories.append(copies[0] if len(copies) == 1 else merge_story(copies))
    return stories
