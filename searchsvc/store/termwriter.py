"""A field's terms written in bulk: array posting blocks, term infos and term table rows, buffered.

Whoosh writes a term through a dozen method calls (start_postings, add_block, _write_block,
finish_postings, to_bytes, the hash table's add, a file write and tell for each piece); with
about 18 terms a story most terms hold one block of a few postings, so that framing costs more
than the postings. `write_field_terms` computes the same bytes in one loop per term: each block
as ArrayPostingsWriter._write_block writes it, each term info as W3TermInfo.to_bytes packs it,
each term table row as OrderedHashWriter.add lays it out, joined and written a few hundred terms
at a time. A term whose values an array block cannot hold goes through Whoosh's path as before
(tests/store/test_codec_writer.py checks the files equal Whoosh's, byte for byte).
"""

from __future__ import annotations

import zlib
from array import array
from collections.abc import Callable, Iterable
from itertools import accumulate, chain
from pickle import dumps

from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3TermInfo
from whoosh.filedb.filetables import _lengths as KEY_VALUE_LENGTHS
from whoosh.system import pack_int, pack_long, pack_ushort
from whoosh.util.numeric import byte_to_length, length_to_byte

from .arrayblocks import ARRAY_BLOCK, MIN_COMPRESSED_POSTINGS, little_endian

# Whoosh stores field lengths as one byte; this decodes each of the 256.
LENGTH_OF_BYTE = tuple(byte_to_length(b) for b in range(256))
TERM_INFO = W3TermInfo._struct
# Terms buffered before their bytes are written.
TERMS_PER_WRITE = 512


def write_field_terms(fieldwriter, rows: Iterable[tuple], table: bytes | None, fallback: Callable) -> None:
    """Write one field's (term bytes, document numbers, weights, values joined, value lengths) rows.

    The field is started (start_field). `fallback(*row)` writes a term the Whoosh way (start_term,
    its postings, finish_term).
    """
    postwriter = fieldwriter._postwriter
    postfile, tindex = fieldwriter._postfile, fieldwriter._tindex
    termfile, buckets, index, hashfn = tindex.dbfile, tindex.buckets, tindex.index, tindex.hashfn
    limit, level = postwriter._blocklimit, postwriter._compression
    fixed = fieldwriter._format.fixed_value_size()
    field_key = pack_ushort(fieldwriter._fieldid)
    posts: list[bytes] = []
    terms: list[bytes] = []
    post_at, term_at = postfile.tell(), termfile.tell()
    lastkey = tindex.lastkey

    def flush() -> None:
        nonlocal post_at, term_at
        postfile.write(b"".join(posts))
        termfile.write(b"".join(terms))
        posts.clear()
        terms.clear()
        post_at, term_at = postfile.tell(), termfile.tell()

    for count, (btext, docnums, weights, values, lengths) in enumerate(rows, 1):
        key = field_key + btext
        if key <= lastkey:
            raise ValueError(f"Keys must increase: {lastkey!r}..{key!r}")
        lastkey = key
        blocks = term_blocks(docnums, weights, values, lengths, table, limit, level, fixed)
        if blocks is None:
            flush()
            fallback(btext, docnums, weights, values, lengths)
            tindex.lastkey = lastkey
            post_at, term_at = postfile.tell(), termfile.tell()
            continue
        data, info = blocks
        info += pack_long(post_at) + pack_int(len(data))
        posts.append(data)
        post_at += len(data)
        # As OrderedHashWriter.add: the row's position in the index, then (key length, value length, key, value).
        index.append(term_at)
        terms.append(KEY_VALUE_LENGTHS.pack(len(key), len(info)) + key + info)
        h = hashfn(key)
        buckets[h & 255].append((h, term_at))
        term_at += KEY_VALUE_LENGTHS.size + len(key) + len(info)
        if count % TERMS_PER_WRITE == 0:
            flush()
    flush()
    tindex.lastkey = lastkey


def term_blocks(
    docnums: array, weights: array, values: bytearray, lengths: array, table, limit: int, level: int, fixed: int | None
) -> tuple[bytes, bytes] | None:
    """Return a term's posting bytes (array blocks) and its term info's bytes without the extent, or None.

    None where a block's values cannot be laid out as an array block (then Whoosh's blocks are written).
    """
    parts = [WHOOSH3_HEADER_MAGIC]
    total = 0.0
    minlength = None
    maxlength = maxweight = 0
    length_of = LENGTH_OF_BYTE
    size = len(docnums)
    at = 0  # where the block's values start in `values`
    for start in range(0, size, limit):
        ids = docnums[start : start + limit]
        count = len(ids)
        floats = array("f", weights[start : start + limit])
        block_lengths = lengths[start : start + limit]
        end = at + sum(block_lengths)
        data = array_data(ids, floats, values[at:end], block_lengths, fixed)
        at = end
        if data is None:
            return None
        if count >= MIN_COMPRESSED_POSTINGS and level:
            data, block_level = zlib.compress(data, level), level
        else:
            block_level = 0
        # As add_posting: the highest weight above 0; the shortest and longest lengths above 0 (else None and 0).
        highest = max(weights[start : start + limit])
        highest = highest if highest > 0 else 0
        low, high = None, 0
        if table is not None:
            found = [length for length in (length_of[table[docnum]] for docnum in ids) if length]
            if found:
                low, high = min(found), max(found)
        info = dumps((count, ids[-1], highest, ARRAY_BLOCK | block_level, length_to_byte(low), length_to_byte(high)), 2)
        last = start + limit >= size
        length = len(info) + len(data)
        parts += (pack_int(-length if last else length), info, data)
        # As W3TermInfo.add_block.
        total += sum(floats)
        minlength = low if minlength is None else min(minlength, low)
        maxlength = max(maxlength, high)
        maxweight = max(maxweight, highest)
    posting_bytes = b"".join(parts)
    info_bytes = TERM_INFO.pack(
        False,
        total,
        size,
        0 if minlength is None else length_to_byte(minlength),
        length_to_byte(maxlength),
        maxweight,
        docnums[0],
        docnums[-1],
    )
    return posting_bytes, info_bytes


def array_data(ids: array, floats: array, values: bytearray, lengths: array, fixed: int | None) -> bytes | None:
    """Return an array block's data uncompressed (as ArrayPostingsWriter._array_data), or None."""
    gaps = array("I", [now - then for then, now in zip(chain((0,), ids), ids)])
    parts: list[bytes | bytearray] = [little_endian(gaps), little_endian(floats)]
    if fixed is None or fixed < 0:
        if 0 in lengths:  # W3 drops empty values; such a block stays W3's
            return None
        parts += [little_endian(lengths), values]
    elif fixed > 0:
        if lengths.count(fixed) != len(lengths):
            return None
        parts.append(values)
    return b"".join(parts)


def split_values(values: bytes | bytearray, lengths: array) -> list[bytes]:
    """Return the values joined in `values`, one bytes object each."""
    ends = list(accumulate(lengths))
    return [bytes(values[end - length : end]) for length, end in zip(lengths, ends)]


def pack_postings(docnums: Iterable, weights: Iterable, values: Iterable) -> tuple[array, array, bytearray, array]:
    """Return postings given as sequences (values as bytes objects) in the term pool's packed form."""
    values = list(values)
    return array("I", docnums), array("d", weights), bytearray(b"".join(values)), array("I", map(len, values))
