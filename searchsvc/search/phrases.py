"""Where a phrase occurs: its words' positions chained, one story at a time or all candidates at once."""

from __future__ import annotations

from bisect import bisect_left
from itertools import chain

import numpy as np

# Positions of one story are below this: (story, position) pairs become one number.
POSITIONS_PER_STORY = 2**32
# Below this many candidates, chaining each story in Python is quicker than NumPy's fixed costs.
ARRAYS_FROM = 32


def phrase_matches(positions: list[list[int]], slop: int = 1) -> list[tuple[int, int]]:
    """Return the (first, last) positions of each occurrence of a phrase.

    As Whoosh's SpanNear2 (ordered, mindist 1): each word must follow the previous one
    by 1 to `slop` positions; every way of chaining the words counts.
    """
    if not positions or not all(positions):
        return []
    reach = max(1, slop)
    # end position -> earliest start of a chain ending there
    chains = {position: position for position in positions[0]}
    for following in positions[1:]:
        # Ends sorted once per word, so each position finds the ends 1 to `reach` before it by
        # bisection: linear in the occurrences, not quadratic (a word repeated 30,000 times in one
        # long story took minutes).
        ends = sorted(chains)
        reached = {}
        for position in following:
            low, high = bisect_left(ends, position - reach), bisect_left(ends, position)
            if low < high:
                reached[position] = min(chains[end] for end in ends[low:high])
        chains = reached
        if not chains:
            return []
    return sorted((start, end) for end, start in chains.items())


def phrase_found(positions: list[dict[int, list[int]]], candidates: list[int], slop: int = 1) -> np.ndarray:
    """Return, for each candidate, bool(phrase_matches([p[candidate] for p in positions], slop)).

    With a slop of 1 (a phrase as typed) the words must stand at p, p + 1, p + 2 ...: the
    (story, p) pairs of every word, shifted back by its place in the phrase, are intersected
    for all candidates at once instead of chaining each story's positions in Python.
    """
    if max(1, slop) > 1 or not positions or len(candidates) < ARRAYS_FROM:
        return np.array([bool(phrase_matches([p[d] for p in positions], slop)) for d in candidates], dtype=bool)
    count = len(candidates)
    starts = None
    for place, found in enumerate(positions):
        lists = [found[d] for d in candidates]
        lengths = np.fromiter(map(len, lists), dtype=np.int64, count=count)
        flat = np.fromiter(chain.from_iterable(lists), dtype=np.int64, count=int(lengths.sum()))
        owners = np.repeat(np.arange(count, dtype=np.int64), lengths)
        shifted = flat - place
        inside = shifted >= 0  # a word can only follow the phrase's start
        keys = np.unique(owners[inside] * POSITIONS_PER_STORY + shifted[inside])
        starts = keys if starts is None else np.intersect1d(starts, keys, assume_unique=True)
    # positions is not empty (returned above otherwise), so the loop set starts.
    assert starts is not None
    keep = np.zeros(count, dtype=bool)
    keep[starts // POSITIONS_PER_STORY] = True
    return keep
