"""Whoosh posting blocks decoded with less work: ids and weights without the values, positions together.

Array blocks (arrayblocks.py), which new segments hold, are read from their arrays instead; what
follows is for segments of Whoosh's own blocks, written before.

A block of Whoosh's W3 codec is one pickled tuple (ids, weights, values), compressed as a
whole: the ids as gaps, the weights as floats (or None when all are 1.0, or one float when
all are equal), the values as one bytes object per posting. For text with positions and
character offsets the values are nine tenths of the block, and unpickling them (each is
rebuilt through a `_codecs.encode` call) is most of the cost of reading a block. Scoring needs
only ids and weights, which come first: this inflates only the block's first bytes, cuts the
pickle where the values begin and closes it, so only the ids and weights are unpickled.
Anything unexpected falls back to Whoosh's own decoding. The index format is unchanged.

Phrases need the positions of many candidates at once: their values' pickles are joined into
one and unpickled in a single call instead of one call per story.
"""

from __future__ import annotations

import pickle
import zlib
from itertools import accumulate

import numpy as np
from whoosh import formats

from .arrayblocks import array_ids_weights, is_array_block

# The first bytes object of a block's pickle (protocol 2) starts with this global: the values.
VALUES_START = b"c_codecs\nencode\n"
# Upper bound of the pickled bytes per posting before the values: an id gap (at most 5 bytes)
# and a float weight (9 bytes); OVERHEAD covers the protocol, marks, tuple ends and memo puts.
BYTES_PER_POSTING = 14
OVERHEAD = 64
# Closes the cut pickle: make a 2-tuple of the ids and weights, and stop.
CLOSE = b"\x86."


def block_ids_weights(matcher) -> tuple[np.ndarray, np.ndarray]:
    """Return the current block's document numbers (within the segment) and weights."""
    if is_array_block(matcher):
        return array_ids_weights(matcher)
    found = read_ids_weights(matcher)
    if found is None:
        matcher._read_ids()
        matcher._read_weights()
        return np.asarray(matcher._ids, dtype=np.int64), np.asarray(matcher._weights, dtype=np.float64)
    return found


def read_ids_weights(matcher) -> tuple[np.ndarray, np.ndarray] | None:
    """Decode ids and weights from the block's bytes, or None where the block is not as expected."""
    count = matcher._blocklength
    if matcher._byteids or matcher._fixedsize is not None:
        return None  # ids that are not numbers, or values that are not one bytes object each
    raw = matcher._postfile.get(matcher._dataoffset, matcher._nextoffset - matcher._dataoffset)
    data = zlib.decompressobj().decompress(raw, count * BYTES_PER_POSTING + OVERHEAD) if matcher._compression else raw
    at = data.find(VALUES_START)
    if at < 0:
        return None
    # A tuple of four or more items opens with a MARK; shorter ones have none.
    cut = at - 1 if count >= 4 else at
    try:
        gaps, weights = pickle.loads(data[:cut] + CLOSE)
    except Exception:
        return None
    if not isinstance(gaps, tuple) or len(gaps) != count:
        return None
    ids = np.cumsum(np.array(gaps, dtype=np.int64))
    if weights is None:
        return ids, np.ones(count)
    if isinstance(weights, float):
        # Whoosh fills an array("f") with it: the float32 value.
        return ids, np.full(count, np.float32(weights), dtype=np.float64)
    if isinstance(weights, tuple) and len(weights) == count:
        return ids, np.array(weights, dtype=np.float64)
    return None


def decode_positions(format_, values: list[bytes]) -> list[list[int]]:
    """Return format_.decode_positions(value) of each value, their pickles unpickled in one call.

    Positions and Characters values are a 4-byte count and a protocol 2 pickle of the
    position gaps (with character offsets for Characters). The pickles, without their
    headers and stops, are joined into one pickle of a list: each reuses only the memo
    entries it has just set, so they cannot disturb one another.
    """
    kind = type(format_)
    if kind not in (formats.Positions, formats.Characters) or not all(
        value[4:6] == b"\x80\x02" and value[-1:] == b"." for value in values
    ):
        return [format_.decode_positions(value) for value in values]
    gaps = pickle.loads(b"\x80\x02(" + b"".join(value[6:-1] for value in values) + b"l.")
    if kind is formats.Characters:
        return [list(accumulate(gap[0] for gap in each)) for each in gaps]
    return [list(accumulate(each)) for each in gaps]
