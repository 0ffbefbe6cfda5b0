"""The Whoosh codec indexing writes with: array posting blocks (arrayblocks.py), with less work per posting.

Segments it writes name ArrayCodec, which reads array blocks and Whoosh's own alike; with
array_blocks=False they name Whoosh's plain codec and hold Whoosh's blocks, as before.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Sequence
from functools import partial
from itertools import groupby
from operator import itemgetter

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3Codec, W3FieldWriter, W3PerDocReader, W3Segment, _lenfield
from whoosh.util.numeric import byte_to_length

from .arrayblocks import ArrayCodec, ArrayPostingsWriter
from .termwriter import pack_postings, split_values, write_field_terms

# A pooled posting is (field name, term bytes, document number, weight, value bytes).
TERM_OF_POSTING = itemgetter(0, 1)
# A row of the term pool is (field name, term bytes, document numbers, weights, values joined, value lengths).
FIELD_OF_ROW, TERM_OF_ROW = itemgetter(0), itemgetter(1, 2, 3, 4, 5)
# Whoosh stores field lengths as one byte; this decodes each of the 256.
LENGTH_OF_BYTE = tuple(byte_to_length(b) for b in range(256))


class WritingCodec(ArrayCodec):
    """ArrayCodec that answers the commit's per-posting length look-ups from a table in memory."""

    def __init__(self, *args, array_blocks: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.array_blocks = array_blocks

    def new_segment(self, storage, indexname):
        kind = ArrayCodec if self.array_blocks else W3Codec
        return W3Segment(kind(self._blocklimit, self._compression, self._inlinelimit), indexname)

    def per_document_reader(self, storage, segment):
        return LengthTableReader(storage, segment)

    def field_writer(self, storage, segment):
        return BulkFieldWriter(self, storage, segment)

    def postings_writer(self, dbfile, byteids=False):
        return ArrayPostingsWriter(
            dbfile,
            blocklimit=self._blocklimit,
            byteids=byteids,
            compression=self._compression,
            inlinelimit=self._inlinelimit,
            array_blocks=self.array_blocks,
        )


class LengthTableReader(W3PerDocReader):
    """Reads each field's length column once, instead of one file read per posting.

    Committing a segment asks for the document's field length once per posting
    (for the block statistics), about 7 % of Whoosh's indexing time read by read.
    A field without lengths (not scorable: id, language, dates) is remembered as
    such too: asking again would stat the missing column file once per posting.
    """

    def __init__(self, storage, segment):
        super().__init__(storage, segment)
        self._length_tables: dict[str, bytes | None] = {}

    def _length_table(self, fieldname: str) -> bytes | None:
        """Return the field's length bytes, one per document, or None when it keeps no lengths."""
        try:
            return self._length_tables[fieldname]
        except KeyError:
            reader = self._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
            table = self._length_tables[fieldname] = None if reader is None else bytes(reader)
            return table

    def doc_field_length(self, docnum, fieldname, default=0):
        table = self._length_table(fieldname)
        if table is None:
            return default
        # As W3PerDocReader: a zero byte gives None (no length), not the default.
        lbyte = table[docnum]
        if lbyte:
            return byte_to_length(lbyte)
        return None


class BulkFieldWriter(W3FieldWriter):
    """Whoosh's field writer, handed each term's postings a block at a time instead of one call per posting.

    Whoosh's FieldWriter.add_postings makes four Python calls per posting (the loop, add,
    add_posting, the length look-up), a fifth of a rebuild's time. This fills each block's
    buffers with whole slices, computing the same statistics, so the files are byte for byte
    Whoosh's (tests/store/test_codec_writer.py). `add_terms` takes the postings grouped by
    term already (termpool.py); `add_postings` takes Whoosh's stream of posting tuples.
    """

    def add_postings(self, schema, lengths, items):
        if not self.can_add_terms(schema, lengths):
            super().add_postings(schema, lengths, items)
            return
        rows = (
            (name, btext, *pack_postings(*zip(*((docnum, weight, value) for _, _, docnum, weight, value in postings))))
            for (name, btext), postings in groupby(items, key=TERM_OF_POSTING)
        )
        self.add_terms(schema, lengths, rows)

    def can_add_terms(self, schema, lengths) -> bool:
        """Whether add_terms can write this segment (else Whoosh's per-posting loop must)."""
        # Spelling postings (document -1) are mixed into the stream, which Whoosh's loop skips;
        # other length readers are asked per posting.
        spelling = any(field.separate_spelling() for _, field in schema.items())
        return not spelling and (lengths is None or isinstance(lengths, LengthTableReader))

    def add_terms(self, schema, lengths: LengthTableReader | None, rows: Iterable[tuple]) -> None:
        """Write (field name, term bytes, document numbers, weights, values joined, value lengths) rows, in order."""
        for name, field_rows in groupby(rows, key=FIELD_OF_ROW):
            self.start_field(name, schema[name])
            table = None if lengths is None else lengths._length_table(name)
            terms = map(TERM_OF_ROW, field_rows)
            if self._postwriter._array_blocks and not self._postwriter._byteids:
                write_field_terms(self, terms, table, partial(self._add_term, table=table))
            else:
                for btext, docnums, weights, values, value_lengths in terms:
                    self._add_term(btext, docnums, weights, values, value_lengths, table)
            self.finish_field()

    def _add_term(self, btext: bytes, docnums, weights, values, value_lengths, table: bytes | None) -> None:
        """Write one term through Whoosh's term writer, its postings a block at a time."""
        self.start_term(btext)
        self._add_term_postings(docnums, weights, split_values(values, value_lengths), table)
        self.finish_term()

    def _add_term_postings(self, docnums: Sequence[int], weights: Sequence[float], values: Sequence, table) -> None:
        """Buffer one term's postings block by block, as add_posting would one by one."""
        writer = self._postwriter
        limit = writer._blocklimit
        for start in range(0, len(docnums), limit):
            if start:
                writer._write_block()  # add_posting writes a full block before taking the next posting
            ids = docnums[start : start + limit]
            block_weights = weights[start : start + limit]
            writer._ids = array("I", ids)
            writer._weights = array("f", block_weights)
            # add_posting keeps the highest weight above 0, and drops empty values.
            highest = max(block_weights)
            writer._maxweight = highest if highest > 0 else 0
            writer._values = [value for value in values[start : start + limit] if value]
            if table is not None:
                found = [length for length in (LENGTH_OF_BYTE[table[docnum]] for docnum in ids) if length]
                if found:
                    writer._minlength, writer._maxlength = min(found), max(found)
