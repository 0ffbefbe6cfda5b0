"""Near-duplicate grouping and metadata merge.

Copies of one story (a wire story resent, a page and its plain-text export)
share almost all their word 5-shingles; two stories on one subject share few.
MinHash signatures (computed for all bodies at once with numpy) go into a
datasketch MinHashLSH index to find candidate pairs; each candidate is then
checked exactly on its shingle sets. See bench/RESULTS.md for the figures
behind the thresholds.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Sequence
from dataclasses import replace
from datetime import timedelta

import numpy as np
from datasketch import MinHashLSH

from searchsvc.articles import Article
from searchsvc.ingest.dates import date_has_time

SHINGLE_WORDS = 5
NUM_PERM = 64
# LSH recall threshold on estimated Jaccard: low, since a copy wrapped in
# extra furniture has a low Jaccard but a high containment.
LSH_THRESHOLD = 0.3
# A pair is one story when the smaller copy's shingles are mostly in the larger.
MIN_CONTAINMENT = 0.8
# Texts shorter than this many shingles are too short to call copies.
MIN_SHINGLES = 8
# Buckets larger than this are compared star-wise, not pair by pair.
MAX_BUCKET = 50
# Share of the figures of the text with fewer figures that the other text repeats.
MIN_NUMBER_CONTAINMENT = 0.8
# Copies of a wire story go out within hours (median 2 h on Reuters); the same
# text days apart is a recurring item (a weekly notice, a daily Fed operation).
MAX_APART = timedelta(hours=48)
SEED = 1
_NUMBER = re.compile(r"\d[\d.,:/-]*\d|\d")
_WORD = re.compile(r"\w+")
_rng = np.random.RandomState(SEED)
# Odd multipliers: word positions of a shingle, then MinHash permutations
# a*h+b mod 2**64 (datasketch's "affine64" scheme, applied to all bodies at once).
_POSITION = _rng.randint(1, 2**62, size=SHINGLE_WORDS, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
_PERM_A = _rng.randint(1, 2**62, size=NUM_PERM, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
_PERM_B = _rng.randint(0, 2**62, size=NUM_PERM, dtype=np.uint64)


def fmix64(h: np.ndarray) -> np.ndarray:
    """Mix 64-bit values (the MurmurHash3 finalizer, a bijection)."""
    h = h ^ (h >> np.uint64(33))
    h = h * np.uint64(0xFF51AFD7ED558CCD)
    h = h ^ (h >> np.uint64(33))
    h = h * np.uint64(0xC4CEB9FE1A85EC53)
    return h ^ (h >> np.uint64(33))


def shingle_hashes(text: str, cache: dict[str, int] | None = None) -> np.ndarray:
    """Return the sorted unique 64-bit hashes of the text's word 5-shingles (stable across runs)."""
    cache = {} if cache is None else cache
    words = _WORD.findall(text.lower())
    ids = np.array(
        [cache[w] if w in cache else cache.setdefault(w, zlib.crc32(w.encode())) for w in words], dtype=np.uint64
    )
    count = max(len(ids) - SHINGLE_WORDS + 1, 1 if len(ids) else 0)
    hashes = np.zeros(count, dtype=np.uint64)
    for k in range(min(SHINGLE_WORDS, len(ids))):
        hashes += ids[k : k + count] * _POSITION[k]
    return np.unique(fmix64(hashes))


def minhash_signatures(shingles: list[np.ndarray]) -> np.ndarray:
    """Return one NUM_PERM MinHash signature per shingle set."""
    empty = np.iinfo(np.uint64).max
    signatures = np.full((len(shingles), NUM_PERM), empty, dtype=np.uint64)
    chunk = 500
    for first in range(0, len(shingles), chunk):
        part = shingles[first : first + chunk]
        sizes = np.array([len(s) for s in part])
        nonempty = sizes > 0
        if not nonempty.any():
            continue
        hashed = _PERM_A[:, None] * np.concatenate(part)[None, :] + _PERM_B[:, None]
        starts = np.concatenate(([0], np.cumsum(sizes)[:-1]))[nonempty]
        signatures[first + np.flatnonzero(nonempty)] = np.minimum.reduceat(hashed, starts, axis=1).T
    return signatures


def containment(left: np.ndarray, right: np.ndarray) -> float:
    """Return the share of the smaller shingle set found in the larger."""
    smaller = min(len(left), len(right))
    return len(np.intersect1d(left, right, assume_unique=True)) / smaller if smaller else 0.0


def candidate_pairs(signatures: np.ndarray, eligible: np.ndarray) -> list[tuple[int, int]]:
    """Return sorted index pairs that share an LSH band (datasketch picks the bands and rows)."""
    lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
    rows = lsh.r
    members = np.flatnonzero(eligible)
    pairs: set[tuple[int, int]] = set()
    for band in range(lsh.b):
        # One 64-bit key per band; banding with numpy, since inserting 200k
        # sketches one by one into MinHashLSH takes most of a minute.
        keys = fmix64((signatures[members, band * rows : (band + 1) * rows] * _POSITION[0]).sum(axis=1))
        order = np.argsort(keys, kind="stable")
        sorted_keys = keys[order]
        starts = np.concatenate(([0], np.flatnonzero(np.diff(sorted_keys)) + 1))
        ends = np.append(starts[1:], len(order))
        for start, end in zip(starts[ends - starts > 1].tolist(), ends[ends - starts > 1].tolist()):
            ids = sorted(members[order[start:end]].tolist())
            # A huge bucket is boilerplate text: compare to its first few members only.
            heads = ids if len(ids) <= MAX_BUCKET else ids[:3]
            pairs.update((a, b) for n, a in enumerate(heads) for b in ids[n + 1 :])
    return sorted(pairs)


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


def find_groups(articles: Sequence[Article]) -> list[list[int]]:
    """Return groups of indexes of near-duplicate articles, each sorted, in order of first member."""
    cache: dict[str, int] = {}
    shingles = [shingle_hashes(a.body, cache) for a in articles]
    signatures = minhash_signatures(shingles)
    eligible = np.array([len(s) >= MIN_SHINGLES for s in shingles], dtype=bool)
    parent = list(range(len(articles)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in candidate_pairs(signatures, eligible):
        if root(i) == root(j) or containment(shingles[i], shingles[j]) < MIN_CONTAINMENT:
            continue
        if not close_in_time(articles[i], articles[j]) or not numbers_agree(articles[i].body, articles[j].body):
            continue
        parent[max(root(i), root(j))] = min(root(i), root(j))
    groups: dict[int, list[int]] = {}
    for i in range(len(articles)):
        groups.setdefault(root(i), []).append(i)
    return list(groups.values())


def copy_rank(article: Article) -> tuple:
    """Rank a copy: more metadata first, then a timed date, then the longer body."""
    filled = sum(bool(v) for v in (article.title, article.published, article.author, article.source))
    return (-filled, not date_has_time(article.published_raw), -len(article.body), article.id)


def merge_story(copies: list[Article]) -> Article:
    """Merge copies of one story: best copy's id and body, best value per field, every copy as a version."""
    ranked = sorted(copies, key=copy_rank)
    best = ranked[0]
    dated = sorted((a for a in ranked if a.published), key=lambda a: not date_has_time(a.published_raw))

    def first(field: str) -> object:
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


def merge_duplicates(articles: Sequence[Article]) -> list[Article]:
    """Group near-duplicate copies into stories; a story of one article is returned unchanged."""
    stories = []
    for group in find_groups(articles):
        copies = [articles[i] for i in group]
        stories.append(copies[0] if len(copies) == 1 else merge_story(copies))
    return stories
