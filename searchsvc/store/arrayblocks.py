"""Posting blocks of our own: ids, weights and values laid out as arrays, read without unpickling.

A block of Whoosh's W3 codec is one pickled tuple (id gaps, weights, values). Unpickling it
rebuilds every posting's value (positions and character offsets, nine tenths of the block)
through a `_codecs.encode` call, and that is most of a first search's cost. An array block
keeps W3's framing (the length, then the pickled info tuple: count, last id, highest weight,
compression, shortest and longest length), so skipping, block statistics and term infos stay
Whoosh's own; only the data after the info tuple differs:

    n uint32 id gaps | n float32 weights | n uint32 value lengths | the values' bytes, joined

(lengths and values only where the format's values vary in size; joined values only where they
have one fixed size), little-endian, zlib-compressed as a whole where the info says. Values stay
in the field format's own encoding, so every Whoosh matcher and decoder reads them unchanged.
The compression field carries ARRAY_BLOCK beside the zlib level: one matcher reads both kinds,
and segments written before (Whoosh's blocks) stay readable until the next full rebuild.

Segments name ArrayCodec, pickled by its path in each segment's table of contents: moving or
renaming it makes those indexes unreadable.
"""

from __future__ import annotations

import sys
import zlib
from array import array
from itertools import chain
from pickle import dumps

import numpy as np
from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3Codec, W3LeafMatcher, W3PostingsWriter
from whoosh.util.numeric import length_to_byte

# Set in the info tuple's compression field of an array block (zlib levels are 0 to 9).
ARRAY_BLOCK = 0x40
LEVEL_MASK = 0x0F
# Blocks with fewer postings than this are written uncompressed: zlib on a few bytes saves nothing.
MIN_COMPRESSED_POSTINGS = 16


class ArrayCodec(W3Codec):
    """Whoosh's W3 codec whose posting lists are read by ArrayLeafMatcher (array blocks and W3 blocks alike)."""

    def postings_reader(self, dbfile, terminfo, format_, term=None, scorer=None):
        if terminfo.is_inlined():
            return super().postings_reader(dbfile, terminfo, format_, term=term, scorer=scorer)
        offset, length = terminfo.extent()
        return ArrayLeafMatcher(dbfile, offset, length, format_, term=term, scorer=scorer)


class ArrayPostingsWriter(W3PostingsWriter):
    """Writes array blocks; W3 blocks for term-vector postings (ids that are terms) and uneven values."""

    _compression: int  # the zlib level, set by W3PostingsWriter.__init__ (Whoosh is untyped)

    def __init__(self, *args, array_blocks: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self._array_blocks = array_blocks

    def _write_block(self, last=False):
        data = self._array_data() if self._array_blocks and not self._byteids else None
        if data is None:
            self._write_whoosh_block(last)
            return
        if not self._blockcount:
            self._postfile.write(WHOOSH3_HEADER_MAGIC)
        self._terminfo.add_block(self)
        ids = self._ids
        level = self._compression if len(ids) >= MIN_COMPRESSED_POSTINGS else 0
        if level:
            data = zlib.compress(data, level)
        info = (
            len(ids),
            ids[-1],
            self._maxweight,
            ARRAY_BLOCK | level,
            length_to_byte(self._minlength),
            length_to_byte(self._maxlength),
        )
        infobytes = dumps(info, 2)
        length = len(infobytes) + len(data)
        self._postfile.write_int(-length if last else length)
        self._postfile.write(infobytes)
        self._postfile.write(data)
        self._blockcount += 1
        self._new_block()

    def _write_whoosh_block(self, last: bool) -> None:
        """Write a W3 block, small ones uncompressed as Whoosh means to (its size check is dead code)."""
        level = self._compression
        if len(self._ids) < MIN_COMPRESSED_POSTINGS:
            self._compression = 0
        try:
            super()._write_block(last)
        finally:
            self._compression = level

    def _array_data(self) -> bytes | None:
        """Return the block's data uncompressed, or None where its values cannot be laid out."""
        ids = self._ids
        count = len(ids)
        fixed = self._format.fixed_value_size()
        values = self._values
        # Most blocks hold a few postings: array's C loops beat NumPy's per-call cost there.
        gaps = array("I", [now - before for before, now in zip(chain((0,), ids), ids)])
        parts = [little_endian(gaps), little_endian(array("f", self._weights))]
        if fixed is None or fixed < 0:
            if len(values) != count:  # W3 drops empty values; such a block stays W3's
                return None
            parts += [little_endian(array("I", map(len, values))), b"".join(values)]
        elif fixed > 0:
            if len(values) != count or any(len(value) != fixed for value in values):
                return None
            parts.append(b"".join(values))
        return b"".join(parts)


def little_endian(numbers: array) -> bytes:
    """Return an array of 4-byte numbers as little-endian bytes (array writes the machine's order)."""
    assert numbers.itemsize == 4, "array posting blocks hold 4-byte numbers"
    if sys.byteorder == "big":
        numbers = array(numbers.typecode, numbers)
        numbers.byteswap()
    return numbers.tobytes()


class ArrayLeafMatcher(W3LeafMatcher):
    """Whoosh's posting matcher, reading array blocks from their arrays and W3 blocks as Whoosh does."""

    # Set by W3LeafMatcher (Whoosh is untyped): the block's compression flags and, once read, its data
    # (the bytes of an array block; the tuple Whoosh unpickles for a W3 block; None until read).
    _compression: int
    _data: bytes | tuple | None

    def _read_data(self):
        if self._array_data() is None:
            super()._read_data()

    def _array_data(self) -> bytes | None:
        """Return the current block's data, read once, when it is an array block; else None."""
        if not self._compression & ARRAY_BLOCK:
            return None
        data = self._data
        if data is None:
            data = self._data = block_data(self)
        # Only this method fills an array block's data (Whoosh's tuple is for W3 blocks), so it is bytes.
        assert isinstance(data, bytes)
        return data

    def _read_ids(self):
        data = self._array_data()
        if data is None:
            super()._read_ids()
            return
        gaps = np.frombuffer(data, dtype="<u4", count=self._blocklength)
        self._ids = np.cumsum(gaps, dtype=np.int64).tolist()

    def _read_weights(self):
        data = self._array_data()
        if data is None:
            super()._read_weights()
            return
        count = self._blocklength
        weights = np.frombuffer(data, dtype="<f4", count=count, offset=4 * count)
        self._weights = array("f", weights.astype(np.float32).tobytes())

    def _read_values(self):
        data = self._array_data()
        if data is None:
            super()._read_values()
            return
        count, fixed = self._blocklength, self._fixedsize
        if fixed is None or fixed < 0:
            lengths = np.frombuffer(data, dtype="<u4", count=count, offset=8 * count)
            ends = (np.cumsum(lengths, dtype=np.int64) + 12 * count).tolist()
            starts = [12 * count, *ends[:-1]]
            self._values = tuple(data[start:end] for start, end in zip(starts, ends))
        elif fixed == 0:
            self._values = (None,) * count
        else:
            start = 8 * count
            self._values = tuple(data[start + i * fixed : start + (i + 1) * fixed] for i in range(count))


def block_data(matcher, prefix: int | None = None) -> bytes:
    """Return the current array block's data, inflated; with `prefix`, at least its first `prefix` bytes."""
    raw = matcher._postfile.get(matcher._dataoffset, matcher._nextoffset - matcher._dataoffset)
    if not matcher._compression & LEVEL_MASK:
        return bytes(raw)
    if prefix is None:
        return zlib.decompress(raw)
    return zlib.decompressobj().decompress(raw, prefix)


def array_ids_weights(matcher) -> tuple[np.ndarray, np.ndarray]:
    """Return the current array block's document numbers and weights, inflating only their bytes."""
    count = matcher._blocklength
    data = matcher._data if matcher._data is not None else block_data(matcher, 8 * count)
    ids = np.cumsum(np.frombuffer(data, dtype="<u4", count=count), dtype=np.int64)
    return ids, np.frombuffer(data, dtype="<f4", count=count, offset=4 * count).astype(np.float64)


def is_array_block(matcher) -> bool:
    """Tell whether the matcher's current block is an array block."""
    return bool(matcher._compression & ARRAY_BLOCK)
