"""The Whoosh codec indexing writes with: Whoosh's own segment format, with less work per posting.

Segments it writes name Whoosh's plain codec, so searchers read them exactly as
before; only the writer's side changes.
"""

from __future__ import annotations

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3Codec, W3PerDocReader, W3PostingsWriter, W3Segment, _lenfield
from whoosh.util.numeric import byte_to_length

# Posting blocks with fewer postings than this are written uncompressed (see SmallBlockWriter).
MIN_COMPRESSED_POSTINGS = 16


class WritingCodec(W3Codec):
    """W3Codec that answers the commit's per-posting length look-ups from a table in memory."""

    def new_segment(self, storage, indexname):
        return W3Segment(W3Codec(self._blocklimit, self._compression, self._inlinelimit), indexname)

    def per_document_reader(self, storage, segment):
        return LengthTableReader(storage, segment)

    def postings_writer(self, dbfile, byteids=False):
        return SmallBlockWriter(
            dbfile,
            blocklimit=self._blocklimit,
            byteids=byteids,
            compression=self._compression,
            inlinelimit=self._inlinelimit,
        )


class SmallBlockWriter(W3PostingsWriter):
    """Leaves small posting blocks uncompressed, as Whoosh means to (its size check is dead code).

    Most terms occur in a handful of documents; zlib on their few bytes saves
    nothing and cost a tenth of the commit. Each block records its own
    compression, so readers handle both kinds.
    """

    def _write_block(self, last=False):
        level = self._compression
        if len(self._ids) < MIN_COMPRESSED_POSTINGS:
            self._compression = 0
        try:
            super()._write_block(last)
        finally:
            self._compression = level


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

    def doc_field_length(self, docnum, fieldname, default=0):
        try:
            table = self._length_tables[fieldname]
        except KeyError:
            reader = self._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
            table = self._length_tables[fieldname] = None if reader is None else bytes(reader)
        if table is None:
            return default
        # As W3PerDocReader: a zero byte gives None (no length), not the default.
        lbyte = table[docnum]
        if lbyte:
            return byte_to_length(lbyte)
        return None
