"""Word shingles, MinHash signatures and LSH banding for a whole corpus at once.

Everything is computed on flat numpy arrays (one row of shingle hashes for all
texts, with offsets), since per-text numpy calls cost more than the hashing at
200k texts. Hashes are stable across runs and processes (crc32 of each word).
"""

from __future__ import annotations

import zlib
from array import array
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

SHINGLE_WORDS = 5
NUM_PERM = 64
# LSH recall threshold on estimated Jaccard: low, since a copy wrapped in
# extra furniture has a low Jaccard but a high containment.
LSH_THRESHOLD = 0.3
# The bands and rows per band datasketch's MinHashLSH picks for that threshold and
# NUM_PERM (a test checks they still agree). Fixed here because importing datasketch
# pulls in SciPy, 0.7 s of every indexing run, for these two numbers.
LSH_BANDS, LSH_ROWS = 21, 3
# Buckets larger than this are compared star-wise, not pair by pair.
MAX_BUCKET = 50
# Shingles per block when computing signatures (64 x this many uint64 in memory).
BLOCK = 200_000
SEED = 1
# Cached sketches are only reused if they were computed the same way.
SKETCH_PARAMETERS = (SHINGLE_WORDS, NUM_PERM, SEED)
_rng = np.random.RandomState(SEED)
# Odd multipliers: word positions of a shingle, then MinHash permutations
# a*h+b mod 2**64 (datasketch's "affine64" scheme, applied to all texts at once).
_POSITION = _rng.randint(1, 2**62, size=SHINGLE_WORDS, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
_PERM_A = _rng.randint(1, 2**62, size=NUM_PERM, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
_PERM_B = _rng.randint(0, 2**62, size=NUM_PERM, dtype=np.uint64)


@dataclass(frozen=True)
class Shingles:
    """The word 5-shingle hashes of many texts: text i owns hashes[offsets[i]:offsets[i + 1]]."""

    hashes: np.ndarray
    offsets: np.ndarray

    def counts(self) -> np.ndarray:
        """Return how many shingles each text has."""
        return np.diff(self.offsets)

    def of(self, i: int) -> np.ndarray:
        """Return the unique shingle hashes of text i."""
        return np.unique(self.hashes[self.offsets[i] : self.offsets[i + 1]])


def fmix64(h: np.ndarray) -> np.ndarray:
    """Mix 64-bit values (the MurmurHash3 finalizer, a bijection)."""
    h = h ^ (h >> np.uint64(33))
    h = h * np.uint64(0xFF51AFD7ED558CCD)
    h = h ^ (h >> np.uint64(33))
    h = h * np.uint64(0xC4CEB9FE1A85EC53)
    return h ^ (h >> np.uint64(33))


def shingle_texts(word_lists: Iterable[list[str]]) -> Shingles:
    """Hash the 5-word shingles of each word list (a text under 5 words is one shingle)."""
    vocabulary: dict[str, int] = {}
    ids = array("I")
    lengths = []
    for words in word_lists:
        ids.extend([vocabulary[w] if w in vocabulary else vocabulary.setdefault(w, len(vocabulary)) for w in words])
        lengths.append(len(words))
    word_hash = np.fromiter((zlib.crc32(w.encode()) for w in vocabulary), dtype=np.uint64, count=len(vocabulary))
    hashed = np.concatenate((word_hash[np.frombuffer(ids, dtype=np.uint32)], np.zeros(SHINGLE_WORDS, np.uint64)))
    lengths_arr = np.array(lengths, dtype=np.int64)
    starts = np.concatenate(([0], np.cumsum(lengths_arr)))
    ends = np.repeat(starts[1:], lengths_arr)  # for each word: where its text ends
    position = np.arange(len(ids))
    combined = np.zeros(len(ids), dtype=np.uint64)
    for k in range(SHINGLE_WORDS):
        inside = position + k < ends
        combined += np.where(inside, hashed[k : k + len(ids)] * _POSITION[k], np.uint64(0))
    # A window is kept when it is whole, or when it is the only one of a short text.
    short = np.repeat(lengths_arr < SHINGLE_WORDS, lengths_arr)
    first = np.zeros(len(ids), dtype=bool)
    first[starts[:-1][lengths_arr > 0]] = True
    keep = (position + SHINGLE_WORDS <= ends) | (short & first)
    counts = np.where(lengths_arr >= SHINGLE_WORDS, lengths_arr - SHINGLE_WORDS + 1, (lengths_arr > 0).astype(np.int64))
    return Shingles(fmix64(combined[keep]), np.concatenate(([0], np.cumsum(counts))))


def minhash_signatures(shingles: Shingles) -> np.ndarray:
    """Return one NUM_PERM MinHash signature per text (all ones for a text without shingles)."""
    counts = shingles.counts()
    signatures = np.full((len(counts), NUM_PERM), np.iinfo(np.uint64).max, dtype=np.uint64)
    text = 0
    while text < len(counts):
        # Take whole texts until the block is full.
        last = int(np.searchsorted(shingles.offsets, shingles.offsets[text] + BLOCK, side="right")) - 1
        last = max(last, text + 1)
        lo, hi = shingles.offsets[text], shingles.offsets[last]
        if hi > lo:
            hashed = _PERM_A[:, None] * shingles.hashes[None, lo:hi] + _PERM_B[:, None]
            nonempty = np.flatnonzero(counts[text:last] > 0)
            starts = shingles.offsets[text:last][nonempty] - lo
            signatures[text + nonempty] = np.minimum.reduceat(hashed, starts, axis=1).T
        text = last
    return signatures


def band_keys(signatures: np.ndarray) -> np.ndarray:
    """Return one 64-bit key per LSH band (LSH_BANDS bands of LSH_ROWS rows) for each signature."""
    rows = LSH_ROWS
    keys = np.empty((len(signatures), LSH_BANDS), dtype=np.uint64)
    for band in range(LSH_BANDS):
        keys[:, band] = fmix64((signatures[:, band * rows : (band + 1) * rows] * _POSITION[0]).sum(axis=1))
    return keys


def buckets(keys: np.ndarray, members: np.ndarray):
    """Yield, for one band's keys of `members` (ascending ids), each bucket of two or more members (sorted ids)."""
    for rows, _ in bucket_rows(keys, members):
        yield from rows.tolist()


def bucket_rows(keys: np.ndarray, members: np.ndarray):
    """Yield (buckets as rows of member ids, bucket size) for each size of bucket of two or more members.

    A stable sort by key keeps ascending `members` ascending inside each bucket, so no bucket is sorted again.
    """
    order = np.argsort(keys, kind="stable")
    starts = np.concatenate(([0], np.flatnonzero(np.diff(keys[order])) + 1))
    sizes = np.diff(np.append(starts, len(order)))
    ordered = members[order]
    for size in sorted(set(sizes[sizes > 1].tolist())):
        first = starts[sizes == size]
        yield ordered[first[:, None] + np.arange(size)], size


def bucket_pairs(ids: list[int], stamps: np.ndarray | None, window: float) -> set[tuple[int, int]]:
    """Return the candidate pairs of one bucket (sorted member ids)."""
    if len(ids) <= MAX_BUCKET:
        return {(a, b) for n, a in enumerate(ids) for b in ids[n + 1 :]}
    # A huge bucket is boilerplate or a text repeated over the years: compare to its
    # first few members, and each dated member to those dated close to it.
    if stamps is None or window <= 0:
        return {(a, b) for n, a in enumerate(ids[:3]) for b in ids[n + 1 :]}
    # Pairs further apart than the window are dropped by every caller (copies are close in time): dropping them
    # here, in NumPy, spares making millions of tuples for a text repeated every year (NaN, undated, is kept).
    members = np.array(ids)
    times = stamps[members]
    pairs: set[tuple[int, int]] = set()
    for n, a in enumerate(ids[:3]):
        near = ~(np.abs(times[n + 1 :] - times[n]) > window)
        pairs.update((a, b) for b in members[n + 1 :][near].tolist())
    pairs.update(_close_pairs(members, stamps, window))
    return pairs


def candidate_pairs(
    signatures: np.ndarray,
    eligible: np.ndarray,
    stamps: np.ndarray | None = None,
    window: float = 0.0,
    keys: np.ndarray | None = None,
) -> list[tuple[int, int]]:
    """Return sorted index pairs that share an LSH band (LSH_BANDS bands of LSH_ROWS rows).

    `stamps` (seconds, NaN when undated) and `window` let a huge bucket still pair the
    members dated within `window` of each other, not only its first few; with them, pairs
    dated further apart than the window (and a second more, so that the callers' exact check
    of dates decides at the edge) are left out, as every caller drops them. `keys` are the
    signatures' band_keys(), when the caller has them.
    """
    members = np.flatnonzero(eligible)
    # Banding with numpy, since inserting 200k sketches one by one into MinHashLSH takes most of a minute.
    keys = band_keys(signatures[members]) if keys is None else keys[members]
    # A pair (a, b), a < b, as one number a * n + b: the pairs of all buckets of one size are made at once, and
    # identical texts (which share every band's bucket) keep one copy of each pair (sorted_unique after each band).
    n = np.int64(max(len(signatures), 1))
    codes = np.empty(0, dtype=np.int64)
    huge: set[tuple[int, int]] = set()
    seen: set[tuple[int, ...]] = set()
    for band in range(LSH_BANDS):
        found = [codes]
        for rows, size in bucket_rows(keys[:, band], members):
            if size <= MAX_BUCKET:
                left, right = np.triu_indices(size, 1)
                found.append(near_codes(rows[:, left].ravel(), rows[:, right].ravel(), n, stamps, window))
                continue
            for ids in rows.tolist():
                if (bucket := tuple(ids)) not in seen:
                    seen.add(bucket)
                    huge.update(bucket_pairs(ids, stamps, window))
        codes = sorted_unique(np.concatenate(found))
    if huge:
        first, second = (np.array(side, dtype=np.int64) for side in zip(*huge))
        codes = sorted_unique(np.concatenate([codes, near_codes(first, second, n, stamps, window)]))
    return list(zip((codes // n).tolist(), (codes % n).tolist()))


def near_codes(first: np.ndarray, second: np.ndarray, n: np.int64, stamps: np.ndarray | None, window: float):
    """Return the pairs (first[k], second[k]) as codes first * n + second, those far apart in time left out."""
    if stamps is not None and window > 0:
        # A second's margin: the callers' exact check of the dates decides at the edge. NaN (undated) is kept.
        near = ~(np.abs(stamps[first] - stamps[second]) > window + 1.0)
        first, second = first[near], second[near]
    return first.astype(np.int64) * n + second


def sorted_unique(values: np.ndarray) -> np.ndarray:
    """Return the distinct values, sorted (np.unique's hash table is many times slower on millions of int64)."""
    values = np.sort(values)
    return values[np.concatenate(([True], values[1:] != values[:-1]))] if len(values) else values


def _close_pairs(ids: np.ndarray, stamps: np.ndarray, window: float) -> set[tuple[int, int]]:
    """Return the pairs of `ids` whose stamps are at most `window` apart (undated ones left out)."""
    dated = ids[~np.isnan(stamps[ids])]
    dated = dated[np.argsort(stamps[dated], kind="stable")]
    times = stamps[dated]
    last = np.searchsorted(times, times + window, side="right")
    found: set[tuple[int, int]] = set()
    for n, stop in enumerate(last.tolist()):
        a = int(dated[n])
        found.update((min(a, b), max(a, b)) for b in dated[n + 1 : stop].tolist())
    return found


def containment(left: np.ndarray, right: np.ndarray) -> float:
    """Return the share of the smaller unique shingle set found in the larger."""
    smaller = min(len(left), len(right))
    return len(np.intersect1d(left, right, assume_unique=True)) / smaller if smaller else 0.0
