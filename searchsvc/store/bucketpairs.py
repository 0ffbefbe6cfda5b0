"""Candidate pairs of an incremental run, from the whole corpus's band keys, in NumPy.

A full merge pairs the members of each LSH bucket (sketches.bucket_pairs) and keeps a
pair only when its two dates are at most the window apart, or one is missing. For two
dated articles that is all the rule says, whatever else the bucket holds: a huge bucket
is compared star-wise, but every dated pair close in time is still made. So between
dated articles the pairs are a join on (band key, time), done here for all buckets at
once; only a bucket holding an undated article goes through bucket_pairs, whose pairs
of undated members depend on who else is in the bucket.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from searchsvc.ingest import bucket_pairs

from .candidates import Candidates


class Bands:
    """The corpus's eligible articles sorted by each band's key, sorted once for every look-up of a run."""

    def __init__(self, corpus: Candidates):
        self.corpus = corpus
        self.eligible = np.flatnonzero(corpus.eligible)
        self.sorted: dict[int, tuple[np.ndarray, np.ndarray]] = {}

    def buckets(self, band: int, wanted: set[int]) -> Buckets:
        """Gather the buckets of `band` with these keys, members in order within each."""
        if band not in self.sorted:
            column = self.corpus.keys[self.eligible, band]
            order = np.argsort(column, kind="stable")
            self.sorted[band] = (self.eligible[order], column[order])
        rows, keys = self.sorted[band]
        wanted_keys = np.fromiter(wanted, np.uint64, len(wanted))
        starts = np.searchsorted(keys, wanted_keys, side="left")
        sizes = np.searchsorted(keys, wanted_keys, side="right") - starts
        starts, sizes = starts[sizes > 1], sizes[sizes > 1]
        bucket = np.repeat(np.arange(len(sizes)), sizes)
        members = rows[ranges(starts, sizes)]
        undated = np.zeros(len(sizes), bool)
        undated[bucket[np.isnan(self.corpus.stamps[members])]] = True
        return Buckets(members, bucket, undated)


@dataclass
class Buckets:
    """The members of some buckets of one band (two or more each), with each member's bucket number."""

    rows: np.ndarray
    bucket: np.ndarray
    undated: np.ndarray  # per bucket: holds an undated member

    def undated_buckets(self) -> list[np.ndarray]:
        """Return the member rows of each bucket that holds an undated member."""
        keep = self.undated[self.bucket]
        rows, bucket = self.rows[keep], self.bucket[keep]
        cuts = np.flatnonzero(bucket[1:] != bucket[:-1]) + 1
        return np.split(rows, cuts) if len(rows) else []


def ranges(starts: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """Return the positions start, start + 1, ... of every range, one range after the other."""
    offsets = np.repeat(starts - (np.cumsum(sizes) - sizes), sizes)
    return offsets + np.arange(int(sizes.sum()))


def dated_pairs(found: Buckets, stamps: np.ndarray, window: float, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Return pairs (as codes low * n + high) of a `left` and a `right` member of one all-dated bucket, close in time."""
    keep = ~found.undated[found.bucket]
    rows, bucket = found.rows[keep], found.bucket[keep]
    inner = right[rows]
    right_rows, right_bucket = rows[inner], bucket[inner]
    outer = left[rows]
    left_rows, left_bucket = rows[outer], bucket[outer]
    # Each left member meets every right member of its bucket: the range of its bucket among the right ones.
    first = np.searchsorted(right_bucket, left_bucket, side="left")
    counts = np.searchsorted(right_bucket, left_bucket, side="right") - first
    a = np.repeat(left_rows, counts)
    b = right_rows[ranges(first, counts)]
    close = (a != b) & ~(np.abs(stamps[a] - stamps[b]) > window)
    a, b = a[close], b[close]
    return np.minimum(a, b) * len(stamps) + np.maximum(a, b)


def pairs_of(
    bands: Bands,
    keys: list[set[int]],
    window: float,
    left: np.ndarray,
    right: np.ndarray,
    whole_undated: bool = False,
) -> set[tuple[int, int]]:
    """Return the candidate pairs of the buckets with these keys (per band) joining a `left` and a `right` member.

    In a bucket with an undated member the pairs are bucket_pairs', close in time; with
    `whole_undated` all of them, not only those joining `left` and `right` (who pairs with
    an undated member depends on the bucket's other members).
    """
    codes = []
    pairs: set[tuple[int, int]] = set()
    seen: set[tuple[int, ...]] = set()
    stamps, n = bands.corpus.stamps, len(bands.corpus)
    for band, wanted in enumerate(keys):
        if not wanted:
            continue
        found = bands.buckets(band, wanted)
        codes.append(dated_pairs(found, stamps, window, left, right))
        for members in found.undated_buckets():
            ids = sorted(members.tolist())
            if (bucket := tuple(ids)) in seen:
                continue
            seen.add(bucket)
            for i, j in bucket_pairs(ids, stamps, window):
                joins = whole_undated or left[i] and right[j] or left[j] and right[i]
                if joins and not abs(stamps[i] - stamps[j]) > window:
                    pairs.add((i, j))
    if codes:
        unique = np.unique(np.concatenate(codes))
        pairs.update(zip((unique // n).tolist(), (unique % n).tolist()))
    return pairs
