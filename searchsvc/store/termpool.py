"""A posting pool that groups postings by field and term as they come, for the segment writer.

Whoosh's PostingPool keeps one tuple per posting (field, term, document, weight, value), with a
size estimate per `add`, and sorts all of them at commit: for 3,862 Reuters stories that is
620,000 tuples, and their sort alone was about a tenth of the writing time. Documents are added
in number order, so a term's postings arrive already in order: this pool appends each posting to
its term's list and sorts only the terms, once. Past `limitmb` it writes a run: its terms in
order, each term's postings packed as arrays, marshalled whole. Runs hold earlier documents than
later runs and the pool, so a term's postings are the concatenation of its runs' and the pool's,
in that order (heapq.merge keeps the iterables' order for equal keys). A posting added out of
order (through `add`, as Whoosh's spelling postings would be) marks its term, whose postings are
then sorted as Whoosh sorts them.
"""

from __future__ import annotations

import gc
import heapq
import marshal
from array import array
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from itertools import groupby
from operator import itemgetter

from whoosh import fields as whoosh_fields
from whoosh.util import random_name
from whoosh.util.numeric import to_sortable
from whoosh.writing import SegmentWriter

from .codec import BulkFieldWriter
from .termwriter import pack_postings, split_values

# A term's postings as the pool gives them, packed: document numbers, weights (doubles, as Whoosh's Python
# floats), the values' bytes joined, and each value's length. In memory a term holds a list of (document,
# weight, value) tuples, one append per posting (appending to four arrays cost twice as much); runs hold
# the packed arrays, marshalled whole.
Postings = tuple[array, array, bytearray, array]
# What the pool gives the field writer: (field name, term bytes, *Postings).
TermRow = tuple[str, bytes, array, array, bytearray, array]
# Estimated bytes a posting holds in memory besides its value (a list slot, the tuple, the document number,
# the weight and the value's bytes object), and a term besides its postings (the key, its list, the dict entry).
POSTING_BYTES = 160
TERM_BYTES = 200
# Terms per marshalled list in a run: reading one list per open run stays small.
TERMS_PER_CHUNK = 2_000
FREQ, VALUE = itemgetter(1), itemgetter(3)
KEY = itemgetter(0, 1)
# Young collections between full ones while a write holds them back: more than a write makes.
NO_FULL_COLLECTION = 1_000_000_000
# Distinct values of the fields whose values repeat (PoolWriter's `repeated`) whose postings are kept.
MAX_REMEMBERED_VALUES = 200_000


class TermPool:
    """Postings grouped by field and term, spilled to runs of whole terms past `limitmb`."""

    def __init__(self, tempstore, segment, limitmb: float = 128):
        self.tempstore = tempstore
        self.segment = segment
        self.limit = limitmb * 1024 * 1024
        self.size = 0
        self.fields: dict[str, dict[bytes, list[tuple[int, float, bytes]]]] = {}
        self.fieldnames: set[str] = set()  # as Whoosh's PostingPool
        self.runs: list[str] = []
        self.unordered: set[tuple[str, bytes]] = set()

    def _terms_of(self, fieldname: str) -> dict[bytes, list[tuple[int, float, bytes]]]:
        terms = self.fields.get(fieldname)
        if terms is None:
            terms = self.fields[fieldname] = {}
            self.fieldnames.add(fieldname)
        return terms

    def add_field(self, fieldname: str, docnum: int, items: Iterable[tuple], boost: float = 1.0) -> int:
        """Add one document's postings of one field, Field.index's (term, freq, weight, value); return its length."""
        terms = self._terms_of(fieldname)
        items = items if isinstance(items, list) else list(items)
        if boost != 1.0:  # as SegmentWriter.add_document: the weight times the field's boost
            items = [(tbytes, freq, weight * boost, value) for tbytes, freq, weight, value in items]
        known = len(terms)
        for tbytes, _, weight, value in items:
            postings = terms.get(tbytes)
            if postings is None:
                terms[tbytes] = [(docnum, weight, value)]
            else:
                postings.append((docnum, weight, value))
        values = sum(map(len, map(VALUE, items)))
        self.size += POSTING_BYTES * len(items) + values + TERM_BYTES * (len(terms) - known)
        if self.size > self.limit:
            self.save()
        return sum(map(FREQ, items))

    def add(self, item: tuple) -> None:
        """Add one posting (field name, term bytes, document number, weight, value), as Whoosh's pool."""
        fieldname, tbytes, docnum, weight, vbytes = item
        vbytes = vbytes or b""
        terms = self._terms_of(fieldname)
        postings = terms.get(tbytes)
        if postings is None:
            postings = terms[tbytes] = []
            self.size += TERM_BYTES
        elif postings[-1][0] >= docnum:
            self.unordered.add((fieldname, tbytes))
        postings.append((docnum, weight, vbytes))
        self.size += POSTING_BYTES + len(vbytes)
        if self.size > self.limit:
            self.save()

    def _in_memory(self) -> Iterator[TermRow]:
        """Yield the pool's terms in order (field name, then term bytes)."""
        for fieldname in sorted(self.fields):
            terms = self.fields[fieldname]
            for tbytes in sorted(terms):
                yield (fieldname, tbytes, *pack_postings(*zip(*terms[tbytes])))

    def save(self) -> None:
        """Write the pool's terms to a new run and empty it."""
        path = f"{random_name()}.run"
        with collector_paused(), self.tempstore.create_file(path).raw_file() as f:
            rows = self._in_memory()
            while chunk := [
                (name, tbytes, docnums.tobytes(), weights.tobytes(), bytes(values), lengths.tobytes())
                for name, tbytes, docnums, weights, values, lengths in _take(rows, TERMS_PER_CHUNK)
            ]:
                marshal.dump(chunk, f)
        self.runs.append(path)
        self.fields = {}
        self.size = 0

    def _read_run(self, path: str) -> Iterator[TermRow]:
        f = self.tempstore.open_file(path).raw_file()
        try:
            while True:
                try:
                    chunk = marshal.load(f)
                except EOFError:
                    return
                for name, tbytes, docnums, weights, values, lengths in chunk:
                    yield name, tbytes, array("I", docnums), array("d", weights), bytearray(values), array("I", lengths)
        finally:
            f.close()
            self.tempstore.delete_file(path)

    def terms(self) -> Iterator[TermRow]:
        """Yield every term's postings, in Whoosh's order: by field name, term bytes, then document."""
        sources = [self._read_run(path) for path in self.runs] + [self._in_memory()]
        self.runs = []
        if len(sources) == 1 and not self.unordered:
            yield from sources[0]
        else:
            for key, group in groupby(heapq.merge(*sources, key=KEY), key=KEY):
                (name, tbytes, docnums, weights, values, lengths), *later = group
                postings: Postings = (docnums, weights, values, lengths)
                unordered = key in self.unordered
                for _, _, *more in later:
                    # A later source starting at or before this one's last document: postings added out of order.
                    unordered = unordered or more[0][0] <= postings[0][-1]
                    for held, added in zip(postings, more):
                        held += added
                yield (name, tbytes, *(sort_postings(*postings) if unordered else postings))
        self.fields = {}

    def iter_postings(self) -> Iterator[tuple]:
        """Yield the postings as Whoosh's pool does: (field name, term bytes, document number, weight, value)."""
        for name, tbytes, docnums, weights, values, lengths in self.terms():
            for docnum, weight, value in zip(docnums, weights, split_values(values, lengths)):
                yield name, tbytes, docnum, weight, value

    def cleanup(self) -> None:
        """Remove runs not yet merged."""
        for path in self.runs:
            try:
                self.tempstore.delete_file(path)
            except OSError:
                pass
        self.runs = []


def sort_postings(docnums: array, weights: array, values: bytearray, lengths: array) -> Postings:
    """Return the postings sorted as Whoosh sorts its pool's tuples (document, weight, value)."""
    order = sorted(zip(docnums, weights, split_values(values, lengths)))
    return pack_postings(*(list(map(itemgetter(i), order)) for i in range(3)))


def _take(rows: Iterator, count: int) -> list:
    """Return up to `count` items from an iterator."""
    return [row for _, row in zip(range(count), rows)]


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector (writing a pool allocates and frees millions of objects).

    The pool's postings hold no cycles and are freed by reference counting; but while the pool is
    packed or freed, each collection the allocations trigger walks every list of the pool again
    (about 3 s of a 4-s run of 10,000 stories).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@contextmanager
def full_collections_held() -> Iterator[None]:
    """Freeze what is alive out of the collector's walks and hold full collections until the block ends.

    What lives through a write (the stories, then the pool's postings) holds no garbage cycle, yet each
    full collection walks all of it: at a million stories 59 of them took 39 CPU-s of one process.
    Freezing alone is not enough: the frozen objects leave the collector's 25 % rule and full
    collections come ten times as often. Young garbage is still collected as usual; a process forked
    inside the block inherits this.
    """
    threshold = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(threshold[0], threshold[1], NO_FULL_COLLECTION)
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
        gc.unfreeze()


def datetime_postings(field: whoosh_fields.DATETIME, value: datetime) -> list[tuple]:
    """Return DATETIME.index(value): the same terms (one per precision tier), the date converted once, not per tier."""
    number = field.prepare_number(field.prepare_datetime(value))
    sortable = to_sortable(field.numtype, field.bits, field.signed, number)
    return [(field.sortable_to_bytes(sortable, shift), 1, 1.0, b"") for shift in range(0, field.bits, field.shift_step)]


class PoolWriter(SegmentWriter):
    """SegmentWriter with a TermPool, handing the field writer whole terms (Whoosh ignores `poolclass`)."""

    def __init__(self, ix, repeated: Iterable[str] = (), **kwargs):
        """`repeated`: fields whose values repeat from document to document (a source, a language): the
        postings of each distinct value are made once, not once a document."""
        super().__init__(ix, **kwargs)
        self.pool = TermPool(self._tempstorage, self.newsegment, limitmb=kwargs.get("limitmb", 128))
        # Fields with separate spelling words add postings out of document order: Whoosh's own path.
        self._spelling = any(field.separate_spelling() for _, field in self.schema.items())
        self._repeated = frozenset(repeated)
        self._remembered: dict[tuple[str, str], list[tuple]] = {}

    def _postings(self, fieldname: str, field, value) -> Iterable[tuple]:
        """Return field.index(value): remembered for a field whose values repeat, computed faster for a date."""
        if fieldname in self._repeated and isinstance(value, str):
            key = (fieldname, value)
            found = self._remembered.get(key)
            if found is None:
                if len(self._remembered) >= MAX_REMEMBERED_VALUES:
                    self._remembered.clear()
                found = self._remembered[key] = list(field.index(value))
            return found
        if type(field) is whoosh_fields.DATETIME and isinstance(value, datetime) and field.shift_step:
            return datetime_postings(field, value)
        return field.index(value)

    def add_document(self, **fields):
        if self._spelling:
            return super().add_document(**fields)
        # SegmentWriter.add_document, with each field's postings handed to the pool in one call.
        self._check_state()
        perdocwriter = self.perdocwriter
        schema = self.schema
        docnum = self.docnum
        pool = self.pool
        docboost = self._doc_boost(fields)
        fieldnames = sorted([name for name in fields if not name.startswith("_")])
        self._check_fields(schema, fieldnames)
        perdocwriter.start_doc(docnum)
        try:
            for fieldname in fieldnames:
                value = fields.get(fieldname)
                if value is None:
                    continue
                field = schema[fieldname]
                length = 0
                if field.indexed:
                    boost = self._field_boost(fields, fieldname, docboost)
                    found = pool.add_field(fieldname, docnum, self._postings(fieldname, field, value), boost)
                    # Only a scorable field keeps its length.
                    length = found if field.scorable else 0
                if field.vector:
                    vitems = field.vector.word_values(value, field.analyzer, mode="index")
                    vitems = sorted((text, weight, vbytes) for text, _, weight, vbytes in vitems)
                    perdocwriter.add_vector_items(fieldname, field, vitems)
                # A custom value for the stored field and column, as Whoosh allows.
                customval = fields.get(f"_stored_{fieldname}", value)
                perdocwriter.add_field(fieldname, field, customval if field.stored else None, length)
                column = field.column_type
                if column and customval is not None:
                    perdocwriter.add_column_value(fieldname, column, field.to_column_value(customval))
        except Exception:
            perdocwriter.cancel_doc()
            raise
        perdocwriter.finish_doc()
        self._added = True
        self.docnum += 1

    def _flush_segment(self):
        self.perdocwriter.close()
        lengths = self.per_document_reader() if self.codec.length_stats else None
        writer = self.fieldwriter
        with collector_paused():
            if isinstance(writer, BulkFieldWriter) and writer.can_add_terms(self.schema, lengths):
                writer.add_terms(self.schema, lengths, self.pool.terms())
            else:
                writer.add_postings(self.schema, lengths, self.pool.iter_postings())
        writer.close()
        if lengths:
            lengths.close()
