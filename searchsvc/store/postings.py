"""Posting lists read a block at a time, and kept decoded per searcher.

Reading a posting list through Whoosh's matcher interface costs several Python calls per
posting; here a posting list is read a block at a time, each block's ids and weights
decoded from its bytes without its values (blocks.py). Reading still means inflating and
unpickling part of every block, so the lists of popular terms are kept, up to a bound, for
the searcher's lifetime. Positions and character offsets are read, for the documents asked
for only, from whole decoded blocks. Field lengths are read once per searcher, as whole columns.
"""

from __future__ import annotations

from collections import OrderedDict

import numpy as np
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher
from whoosh.matching.wrappers import FilterMatcher
from whoosh.util.numeric import byte_to_length

from .blocks import block_ids_weights, decode_positions
from .columns import numeric_array

# Whoosh stores field lengths as one byte; this decodes all 256 at once.
LENGTH_OF_BYTE = np.array([byte_to_length(b) for b in range(256)], dtype=np.float64)
# Postings kept decoded per searcher (8 bytes each: int32 document number, float32 weight,
# as Whoosh stores them): reading a posting list means unpickling and decompressing every
# block, chars included, so popular terms are kept.
MAX_CACHED_POSTINGS = 4_000_000
# Bytes of posting values (positions and character offsets) kept per searcher, as whole
# decoded blocks: phrases and snippets read the same few blocks of popular words again.
MAX_CACHED_VALUE_BYTES = 16 * 2**20
# Decoded values (one story's positions or offsets of one word) kept per searcher: a kept
# value needs no posting walk at all, and the page's stories come back query after query.
MAX_CACHED_VALUES = 200_000


class PostingCache:
    """A reader's posting lists (document numbers and weights) and field lengths, as arrays."""

    def __init__(self, reader):
        self.reader = reader
        self._lengths: dict[str, np.ndarray] = {}
        self._postings: OrderedDict[tuple[str, bytes], tuple[np.ndarray, np.ndarray]] = OrderedDict()
        self._cached = 0
        self.blocks = BlockCache(MAX_CACHED_VALUE_BYTES)
        # (field, word, kind) -> {docnum: decoded value, or None where the story lacks the word}
        self._values: dict[tuple[str, bytes, str], dict[int, object]] = {}
        self._value_count = 0

    def postings(self, fieldname: str, text: bytes) -> tuple[np.ndarray, np.ndarray]:
        """Return a term's document numbers and weights, from the cache when it holds them."""
        key = (fieldname, text)
        if key in self._postings:
            self._postings.move_to_end(key)
            docnums, weights = self._postings[key]
            # Scored in float64 always, so a kept list scores exactly as a list just read.
            return docnums.astype(np.int64), weights.astype(np.float64)
        found = read_postings(self.reader, fieldname, text)
        if len(found[0]) <= MAX_CACHED_POSTINGS // 4:
            self._postings[key] = compact(*found)
            self._cached += len(found[0])
            while self._cached > MAX_CACHED_POSTINGS:
                _, (dropped, _) = self._postings.popitem(last=False)
                self._cached -= len(dropped)
        return found

    def values(self, fieldname: str, word: bytes, docnums: list[int], kind: str) -> dict:
        """Return read_values(...) for these documents, reading only the ones not seen before."""
        known = self._values.setdefault((fieldname, word, kind), {})
        missing = [docnum for docnum in docnums if docnum not in known]
        if missing:
            if self._value_count + len(missing) > MAX_CACHED_VALUES:
                self._values.clear()  # rare: start again rather than track recency per value
                self._value_count = 0
                known = self._values.setdefault((fieldname, word, kind), {})
                missing = list(docnums)
            found = read_values(self.reader, fieldname, word, missing, kind, self.blocks)
            known.update((docnum, found.get(docnum)) for docnum in missing)
            self._value_count += len(missing)
        return {docnum: known[docnum] for docnum in docnums if known[docnum] is not None}

    def lengths(self, fieldname: str) -> np.ndarray:
        """Return every document's length in a field, as Whoosh's scorer sees it (decoded byte)."""
        if fieldname not in self._lengths:
            parts = []
            for leaf, _offset in self.reader.leaf_readers():
                count = leaf.doc_count_all()
                column = leaf._perdoc._cached_reader(f"_{fieldname}_len", LENGTHS_COLUMN)
                codes = numeric_array(column, count) if column else np.zeros(count, dtype=np.int64)
                parts.append(LENGTH_OF_BYTE[codes])
            self._lengths[fieldname] = np.concatenate(parts) if parts else np.zeros(0)
        return self._lengths[fieldname]


def compact(docnums: np.ndarray, weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return the arrays in int32 and float32 where that loses nothing (Whoosh's own widths)."""
    if len(docnums) and docnums[-1] < 2**31:
        docnums = docnums.astype(np.int32)
    narrow = weights.astype(np.float32)
    return docnums, narrow if np.array_equal(narrow, weights) else weights


def read_postings(reader, fieldname: str, text: bytes) -> tuple[np.ndarray, np.ndarray]:
    """Return a term's document numbers and weights (term frequencies), read a block at a time."""
    ids: list[np.ndarray] = []
    weights: list[np.ndarray] = []
    for leaf, offset in reader.leaf_readers():
        if (fieldname, text) not in leaf:
            continue
        matcher = leaf.postings(fieldname, text)
        if isinstance(matcher, FilterMatcher):  # deletions: the scorer applies them afterwards
            matcher = matcher.child
        if isinstance(matcher, W3LeafMatcher):
            # Array blocks, or Whoosh's with ids and weights decoded without the values (blocks.py).
            while matcher.is_active():
                block_ids, block_weights = block_ids_weights(matcher)
                ids.append(block_ids + offset)
                weights.append(block_weights)
                matcher._next_block()
        else:
            found_ids, found_weights = [], []
            while matcher.is_active():
                found_ids.append(matcher.id() + offset)
                found_weights.append(matcher.weight())
                matcher.next()
            ids.append(np.array(found_ids, dtype=np.int64))
            weights.append(np.array(found_weights, dtype=np.float64))
    if not ids:
        return np.zeros(0, dtype=np.int64), np.zeros(0)
    return np.concatenate(ids), np.concatenate(weights)


class BlockCache:
    """Decoded posting blocks (document numbers and raw values), least recently used dropped first."""

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self._blocks: OrderedDict[tuple[int, int], tuple[np.ndarray, tuple]] = OrderedDict()
        self._sizes: dict[tuple[int, int], int] = {}
        self._bytes = 0

    def get(self, key: tuple[int, int]) -> tuple[np.ndarray, tuple] | None:
        block = self._blocks.get(key)
        if block is not None:
            self._blocks.move_to_end(key)
        return block

    def put(self, key: tuple[int, int], block: tuple[np.ndarray, tuple]) -> None:
        values = block[1]
        # Formats without values hold None for each posting; map(len) spares a Python loop per value.
        size = block[0].nbytes + (sum(map(len, values)) if None not in values else 0)
        if size > self.max_bytes // 4:
            return
        self._blocks[key], self._sizes[key] = block, size
        self._bytes += size
        while self._bytes > self.max_bytes:
            dropped, _ = self._blocks.popitem(last=False)
            self._bytes -= self._sizes.pop(dropped)


def read_values(
    reader, fieldname: str, word: bytes, docnums: list[int], kind: str, blocks: BlockCache | None = None
) -> dict:
    """Return {docnum: decoded posting value} ("positions" or "characters") for the documents holding the word.

    Walks the posting blocks once: blocks holding none of the documents are skipped on their
    header, the others are decoded once (or taken from `blocks`) and searched with NumPy, not
    posting by posting.
    """
    found: dict[int, list] = {}
    wanted = np.unique(np.asarray(docnums, dtype=np.int64))
    for number, (leaf, offset) in enumerate(reader.leaf_readers()):
        mine = wanted[(wanted >= offset) & (wanted < offset + leaf.doc_count_all())] - offset
        if not len(mine) or (fieldname, word) not in leaf:
            continue
        wrapped = leaf.postings(fieldname, word)
        # A segment with deletions wraps its matcher; the blocks are read under it, deleted documents dropped below.
        deleted = isinstance(wrapped, FilterMatcher)
        matcher = wrapped.child if deleted else wrapped
        if not isinstance(matcher, W3LeafMatcher):
            found.update(read_values_slowly(wrapped, mine, offset, kind))
            continue
        decode = matcher.format.decoder(kind)
        start = 0  # first wanted document not yet passed
        while matcher.is_active() and start < len(mine):
            stop = int(np.searchsorted(mine, matcher.block_max_id(), side="right"))
            if stop > start:
                ids, values = read_block(matcher, number, blocks)
                inside = mine[start:stop]
                at = np.minimum(np.searchsorted(ids, inside), len(ids) - 1)
                held = ids[at] == inside
                docs, at = inside[held].tolist(), at[held].tolist()
                if deleted:
                    kept = [i for i, docnum in enumerate(docs) if not leaf.is_deleted(docnum)]
                    docs, at = [docs[i] for i in kept], [at[i] for i in kept]
                raws = [values[a] for a in at]
                if kind == "positions":
                    decoded = decode_positions(matcher.format, raws)
                else:
                    decoded = [decode(raw) for raw in raws]
                found.update(zip([d + offset for d in docs], decoded))
                start = stop
            matcher._next_block()
    return found


def read_block(matcher, leaf_number: int, blocks: BlockCache | None) -> tuple[np.ndarray, tuple]:
    """Return the current block's document numbers and raw values, decoding it unless kept."""
    # A block's data offset is unique within its segment's postings file.
    key = (leaf_number, matcher._dataoffset)
    block = blocks.get(key) if blocks is not None else None
    if block is None:
        matcher._read_ids()
        matcher._read_values()
        block = (np.asarray(matcher._ids, dtype=np.int64), tuple(matcher._values))
        if blocks is not None:
            blocks.put(key, block)
    return block


def read_values_slowly(matcher, docnums: np.ndarray, offset: int, kind: str) -> dict:
    """Return the decoded posting values of the documents, through the matcher interface."""
    found = {}
    for docnum in docnums.tolist():
        if not matcher.is_active():
            break
        if matcher.id() < docnum:
            matcher.skip_to(docnum)
        if matcher.is_active() and matcher.id() == docnum:
            found[docnum + offset] = matcher.value_as(kind)
    return found
