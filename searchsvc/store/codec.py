"""The Whoosh codec indexing writes with: array posting blocks (arrayblocks.py), with less work per posting.

Segments it writes name ArrayCodec, which reads array blocks and Whoosh's own alike; with
array_blocks=False they name Whoosh's plain codec and hold Whoosh's blocks, as before.
"""

from __future__ import annotations

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3Codec, W3PerDocReader, W3Segment, _lenfield
from whoosh.util.numeric import byte_to_length

from .arrayblocks import ArrayCodec, ArrayPostingsWriter


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
