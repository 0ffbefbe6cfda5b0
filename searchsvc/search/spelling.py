"""A field's terms held in memory, and Whoosh's spelling corrector over them.

Whoosh's ReaderCorrector walks the on-disk term table for every suggestion (one seek and
read per step of its automaton), and over several segments it computes a Damerau-Levenshtein
distance to every term sharing the prefix, in Python. Here the terms, their document
frequencies and their letter counts are read once per reader; only terms whose letter counts
allow it are compared, all at once with NumPy, by the same distance Whoosh's path would use
(Levenshtein for its automaton, Damerau-Levenshtein for its scan). The suggestions, their
scores and their order stay Whoosh's own.
"""

from __future__ import annotations

import string
import struct
import weakref
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from whoosh.analysis import CharsetFilter, LowercaseFilter, RegexTokenizer, StopFilter
from whoosh.reading import SegmentReader
from whoosh.spelling import Corrector

from searchsvc.store import CJKBigramFilter, SnowballFilter, VariantFilter, WidthFilter

# Letters are counted into this many buckets (code point modulo): shared buckets can only
# hide differences, so the count difference stays a lower bound of the edit distance.
BUCKETS = 32

# Whoosh's term table: each record is (key length, value length), then the key (the field's
# number, then the term) and the value (a term info that opens with flags, total frequency
# and document frequency).
TABLE_LENGTHS = struct.Struct("!ii")
TABLE_FIELD = struct.Struct("!H")
TERM_COUNTS = struct.Struct("!xfI")

# reader -> field -> its Vocabulary: read once per searcher, as reader.corrector() reads it per call.
VOCABULARIES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


@dataclass
class Vocabulary:
    """One field's terms: sorted, with document frequencies, total frequencies and (when first asked) letter counts."""

    terms: list[str]
    frequencies: dict[str, int]
    weights: dict[str, float]
    _letters: np.ndarray | None = field(default=None, repr=False)
    _lengths: np.ndarray | None = field(default=None, repr=False)

    @classmethod
    def read(cls, reader, fieldname: str) -> Vocabulary:
        """Read a field's terms, their document and total frequencies, summed over the segments."""
        found: dict[str, int] = {}
        weights: dict[str, float] = {}
        if fieldname in reader.schema:
            fieldobj = reader.schema[fieldname]
            for leaf, _offset in reader.leaf_readers():
                for term, doc_frequency, weight in term_counts(leaf, fieldname):
                    text = fieldobj.from_bytes(term)
                    found[text] = found.get(text, 0) + doc_frequency
                    # Summed in segment order from 0, as reader.frequency() sums them.
                    weights[text] = weights.get(text, 0) + weight
        return cls(sorted(found), found, weights)

    def letter_counts(self) -> tuple[np.ndarray, np.ndarray]:
        """Return (terms x BUCKETS letter counts, term lengths), computed once."""
        # Both are set together; checking both tells mypy neither is None below.
        if self._letters is None or self._lengths is None:
            lengths = np.array([len(term) for term in self.terms], dtype=np.int64)
            codes = np.frombuffer("".join(self.terms).encode("utf-32-le"), dtype=np.uint32) % BUCKETS
            owners = np.repeat(np.arange(len(self.terms)), lengths)
            counts = np.bincount(owners * BUCKETS + codes, minlength=len(self.terms) * BUCKETS)
            self._letters = counts.reshape(len(self.terms), BUCKETS).astype(np.int16)
            self._lengths = lengths
        return self._letters, self._lengths

    def near(self, text: str, maxdist: int, start: int, stop: int) -> list[str]:
        """Return the terms[start:stop] that could lie within maxdist edits of text, in order.

        An edit changes a word's letter counts by at most one letter added and one taken
        away (a swap by none), so the larger of the added and taken-away counts is a lower
        bound of any edit distance, as is the difference in length.
        """
        letters, lengths = self.letter_counts()
        wanted = np.bincount(np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32) % BUCKETS, minlength=BUCKETS)
        diff = letters[start:stop] - wanted.astype(np.int16)
        bound = np.maximum(np.clip(diff, 0, None).sum(axis=1), np.clip(-diff, 0, None).sum(axis=1))
        close = (bound <= maxdist) & (np.abs(lengths[start:stop] - len(text)) <= maxdist)
        return [self.terms[start + at] for at in np.flatnonzero(close).tolist()]


def term_counts(leaf, fieldname: str) -> list[tuple[bytes, int, float]]:
    """Return (term, document frequency, total frequency) of each of a segment's terms in a field, in order.

    Whoosh decodes each term's whole record (unpickling inlined postings) as it walks its term
    table; here the field's stretch of the table is read in one piece and only the two counts
    are unpacked. Other term tables are walked through Whoosh.
    """
    terms = getattr(leaf, "_terms", None)
    table = getattr(terms, "_tindex", None)
    if (
        terms is None
        or table is None
        or type(terms).__name__ != "W3TermsReader"
        or type(table).__name__ != "OrderedHashReader"
    ):
        return [(term, info.doc_frequency(), info.weight()) for term, info in leaf.iter_field(fieldname)]
    number = terms._fieldmap.get(fieldname)
    if number is None:
        return []
    prefix = TABLE_FIELD.pack(number)
    start = table.closest_key_pos(prefix)
    if start is None:
        return []
    end = table.closest_key_pos(TABLE_FIELD.pack(number + 1)) if number + 1 < 2**16 else None
    data = table.dbfile.get(start, (end or table.endofdata) - start)
    found, at = [], 0
    while at < len(data):
        key_length, data_length = TABLE_LENGTHS.unpack_from(data, at)
        key_at = at + TABLE_LENGTHS.size
        if data[key_at : key_at + 2] != prefix:
            break
        weight, doc_frequency = TERM_COUNTS.unpack_from(data, key_at + key_length)
        found.append((data[key_at + 2 : key_at + key_length], doc_frequency, weight))
        at = key_at + key_length + data_length
    return found


def vocabulary(reader, fieldname: str) -> Vocabulary:
    """Return a field's Vocabulary, cached for the reader's lifetime."""
    fields = VOCABULARIES.setdefault(reader, {})
    if fieldname not in fields:
        fields[fieldname] = Vocabulary.read(reader, fieldname)
    return fields[fieldname]


def field_terms(reader, fieldname: str) -> list[str]:
    """Return a field's terms as sorted text, cached for the reader's lifetime."""
    return vocabulary(reader, fieldname).terms


def doc_frequencies(reader, fieldname: str) -> dict[str, int]:
    """Return {term: stories having it} of a field (reader.doc_frequency of each), cached for the reader."""
    return vocabulary(reader, fieldname).frequencies


class TermsCorrector(Corrector):
    """Whoosh's ReaderCorrector over the field's terms held in memory: the same suggestions, in order."""

    def __init__(self, reader, fieldname: str):
        self.reader, self.fieldname = reader, fieldname
        self.vocabulary = vocabulary(reader, fieldname)
        self.terms = self.vocabulary.terms

    def _suggestions(self, text, maxdist, prefix):
        # As ReaderCorrector: the score counts maxdist, not the distance, then the frequency.
        weights = self.vocabulary.weights  # reader.frequency() of each term, without a term-table look-up
        for sug in self.terms_within(text, maxdist, prefix):
            frequency = weights.get(sug, 0) or 1
            yield 0 - (maxdist + (1.0 / frequency * 0.5)), sug

    def terms_within(self, text: str, maxdist: int, prefix: int):
        """Yield the terms the reader's own terms_within yields, in the same order."""
        terms = self.terms
        start = bisect_left(terms, text[:prefix])
        stop = bisect_left(terms, text[:prefix] + chr(0x10FFFF), lo=start) if prefix else len(terms)
        near = [word for word in self.vocabulary.near(text, maxdist, start, stop) if word.startswith(text[:prefix])]
        if isinstance(self.reader, SegmentReader):
            # Whoosh walks a Levenshtein automaton over the term table: the prefix letter for
            # letter, then at most maxdist insertions, deletions and substitutions, in term order.
            distances = edit_distances([word[prefix:] for word in near], text[prefix:], transpositions=False)
        else:
            # Any other reader: Whoosh's Damerau-Levenshtein distance to every term with the prefix.
            distances = edit_distances(near, text, transpositions=True)
        yield from (word for word, found in zip(near, distances.tolist()) if found <= maxdist)


def edit_distances(words: list[str], text: str, transpositions: bool) -> np.ndarray:
    """Return each word's edit distance to text, all words at once (one NumPy row per letter of text).

    Levenshtein, or with transpositions the optimal string alignment distance Whoosh's
    damerau_levenshtein computes. Each row is the substitutions and deletions from the row
    above, then the insertions along the row as one running minimum.
    """
    if not words:
        return np.zeros(0, dtype=np.int64)
    lengths = np.array([len(word) for word in words], dtype=np.int64)
    width = int(lengths.max())
    # Code points, padded with a value no character has.
    letters = np.full((len(words), width), 0xFFFFFFFF, dtype=np.uint32)
    flat = np.frombuffer("".join(words).encode("utf-32-le"), dtype=np.uint32)
    letters[
        np.repeat(np.arange(len(words)), lengths),
        np.arange(len(flat)) - np.repeat(np.cumsum(lengths) - lengths, lengths),
    ] = flat
    wanted = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    columns = np.arange(width + 1, dtype=np.int64)
    # The row above the one above: None until the second letter of text.
    before: np.ndarray | None = None
    row = np.broadcast_to(columns, (len(words), width + 1)).copy()
    for i, letter in enumerate(wanted.tolist(), start=1):
        best = np.empty_like(row)
        best[:, 0] = i
        best[:, 1:] = np.minimum(row[:, 1:] + 1, row[:, :-1] + (letters != letter))
        if transpositions and before is not None:  # i > 1
            swapped = (letters[:, :-1] == letter) & (letters[:, 1:] == wanted[i - 2]) & (letters[:, 1:] != letter)
            best[:, 2:] = np.where(swapped, np.minimum(best[:, 2:], before[:, :-2] + 1), best[:, 2:])
        before, row = row, np.minimum.accumulate(best - columns, axis=1) + columns
    return row[np.arange(len(words)), lengths]


# The chain text_analyzer() builds; for words of these characters only its tokenizer yields the
# word whole and lowercasing changes nothing, so the chain reduces to three look-ups and a stem.
PROSE_CHAIN = (
    RegexTokenizer,
    WidthFilter,
    CJKBigramFilter,
    LowercaseFilter,
    CharsetFilter,
    VariantFilter,
    StopFilter,
    SnowballFilter,
)
PLAIN_CHARACTERS = string.ascii_lowercase + string.digits + "_"


def plain_terms(analyzer, words: list[str]) -> list[str | None] | None:
    """Return the term the prose chain makes of each plain word (None: a stop word), stemmed in one call.

    None when the analyzer is not that chain, or its character map changes plain letters:
    the caller then runs the analyzer itself. Candidate spellings are hundreds per corrected
    word, and the chain's generators cost more than the stemming.
    """
    items: Sequence[Any] = getattr(analyzer, "items", ())
    if tuple(type(item) for item in items) != PROSE_CHAIN:
        return None
    _tokenizer, _width, _bigrams, _lower, charset, variants, stops, stemmer = items
    if PLAIN_CHARACTERS.translate(charset.charmap) != PLAIN_CHARACTERS:
        return None
    texts = [variants.table.get(word, word) for word in words]
    # As StopFilter: too short, too long or listed is stopped.
    kept = [
        len(text) >= stops.min and (stops.max is None or len(text) <= stops.max) and text not in stops.stops
        for text in texts
    ]
    stemmed = iter(stemmer._stemmer().stemWords([text for text, keep in zip(texts, kept) if keep]))
    return [next(stemmed) if keep else None for keep in kept]
