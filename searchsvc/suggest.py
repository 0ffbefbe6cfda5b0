"""Did you mean: a corrected query when the one given finds little.

Only the misspelled words change: quotes, fields, operators and dates stay as typed. A word
is misspelled when no story has it; its correction is the spelling that most stories have
among (a) words one edit away from it and (b) index terms two edits away from its stem,
found by Whoosh's corrector. Index terms are stems ("negoti"), so a correction found as a
stem is shown as a story writes it.
"""

from __future__ import annotations

import re
import string
import weakref
from bisect import bisect_left
from typing import Callable

from whoosh.automata import lev
from whoosh.automata.fsa import find_all_matches
from whoosh.reading import SegmentReader
from whoosh.spelling import Corrector
from whoosh.support.levenshtein import distance

from .querysyntax import QueryError, lex
from .results import SearchRequest, Suggestion
from .variants import fold

# A query finding fewer stories than this gets a suggestion when a corrected one finds more.
SUGGEST_BELOW = 3
# A word some stories have is still corrected when the correction is this many times commoner.
COMMONER = 20
SPELLING_FIELDS = ("title", "body")
LETTERS = string.ascii_lowercase
WORD = re.compile(r"\w+")


# Words this short, or holding a digit, are never corrected.
MIN_CORRECTED_LENGTH = 3


def suggest(
    searcher, request: SearchRequest, total: int, count: Callable[[str], int] | None = None
) -> Suggestion | None:
    """Return a corrected query that finds more than `total` stories, or None.

    `count(q)` counts the stories a query text finds with the request's filters; by default
    the query alone is counted over the whole index.
    """
    if total >= SUGGEST_BELOW or not request.q.strip():
        return None
    corrected = correct_text(searcher, request.q)
    if corrected is None:
        return None
    found = (count or (lambda q: count_matches(searcher, q)))(corrected)
    if found <= total:
        return None
    return Suggestion(q=corrected, params=request.params(q=corrected), total=found)


def count_matches(searcher, q: str) -> int:
    """Count the stories a query text finds (no filters)."""
    from .query import parse_query  # query imports the checker this module shares

    try:
        return sum(1 for _ in parse_query(q, searcher.schema, searcher).docs(searcher))
    except QueryError:
        return 0


def correct_text(searcher, q: str) -> str | None:
    """Return the query text with its misspelled words corrected, or None if none is."""
    try:
        spans = list(word_spans(q))
    except QueryError:
        return None
    speller = Speller(searcher)
    changed = q
    # Right to left, so earlier positions stay valid while replacing.
    for start, end in reversed(spans):
        word = q[start:end]
        better = speller.correct(word)
        if better:
            changed = changed[:start] + match_case(better, word) + changed[end:]
    return changed if changed != q else None


def word_spans(q: str):
    """Yield (start, end) of each word searched in title or body: in phrases, bare or field-qualified."""
    for token in lex(q):
        if token.kind != "term":
            continue
        start = token.pos - 1
        text = token.text
        field, _, value = text.partition(":") if re.match(r"[A-Za-z_]+:", text) else ("", "", text)
        if field and field not in SPELLING_FIELDS:
            continue
        offset = start + (len(field) + 1 if field else 0)
        if value.startswith('"'):
            inside = value[1 : value.rindex('"')]
            for match in WORD.finditer(inside):
                yield offset + 1 + match.start(), offset + 1 + match.end()
        elif re.fullmatch(r"\w+", value):  # wildcards, fuzzy words and ranges are left alone
            yield offset, offset + len(value)


class Speller:
    """Corrects single words against the index's title and body terms."""

    def __init__(self, searcher):
        self.searcher = searcher
        self.reader = searcher.reader()
        self.analyzer = searcher.schema["body"].analyzer

    def stem(self, word: str) -> str | None:
        terms = [t.text for t in self.analyzer(word, mode="query")]
        return terms[0] if len(terms) == 1 else None

    def frequency(self, term: str) -> int:
        return sum(doc_frequencies(self.reader, field).get(term, 0) for field in SPELLING_FIELDS)

    def correct(self, word: str) -> str | None:
        """Return a commoner spelling of a word that few or no stories have, or None."""
        if len(word) <= MIN_CORRECTED_LENGTH or any(c.isdigit() for c in word):
            return None  # years, codes and short words have too many near neighbours
        stem = self.stem(word)
        if stem is None:
            return None  # a stop word or no word at all
        have = self.frequency(stem)
        best, best_frequency = None, max(have * COMMONER, 0)
        for candidate, candidate_stem in self.candidates(fold(word), stem):
            frequency = self.frequency(candidate_stem)
            if frequency > best_frequency:
                best, best_frequency = candidate, frequency
        return best

    def candidates(self, word: str, stem: str):
        """Yield (spelling, stem) pairs: one-edit spellings first, then Whoosh's stem corrections."""
        for edit in sorted(one_edit(word)):
            edit_stem = self.stem(edit)
            if edit_stem and edit_stem != stem:
                yield edit, edit_stem
        for field in SPELLING_FIELDS:
            for term in TermsCorrector(self.reader, field).suggest(stem, limit=3, maxdist=2, prefix=1):
                surface = self.surface(field, term)
                if surface and term != stem:
                    yield surface, term

    def surface(self, field: str, term: str) -> str | None:
        """Return a word as one story writes it that the analyzer turns into `term`."""
        for docnum in self.reader.postings(field, term).all_ids():
            text = self.reader.stored_fields(docnum).get(field) or ""
            for token in self.analyzer(text, chars=True, mode="index"):
                if token.text == term:
                    return text[token.startchar : token.endchar].lower()
            break
        return None


# reader -> field -> its terms, sorted: read once per searcher, as reader.corrector() reads them per call.
TERMS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


class TermsCorrector(Corrector):
    """Whoosh's ReaderCorrector over the field's terms held in memory: the same suggestions, in order.

    Whoosh walks the on-disk term table for every suggestion (one seek and read per step of its
    automaton); here the walk goes over a sorted list read once per reader.
    """

    def __init__(self, reader, fieldname: str):
        self.reader, self.fieldname = reader, fieldname
        self.terms = field_terms(reader, fieldname)

    def _suggestions(self, text, maxdist, prefix):
        # As ReaderCorrector: the score counts maxdist, not the distance, then the frequency.
        for sug in self.terms_within(text, maxdist, prefix):
            frequency = self.reader.frequency(self.fieldname, sug) or 1
            yield 0 - (maxdist + (1.0 / frequency * 0.5)), sug

    def terms_within(self, text: str, maxdist: int, prefix: int):
        """Yield the terms the reader's own terms_within yields, in the same order."""
        terms = self.terms
        if isinstance(self.reader, SegmentReader):  # Whoosh walks a Levenshtein automaton
            dfa = lev.levenshtein_automaton(text, maxdist, prefix).to_dfa()

            def first_at_least(word):
                at = bisect_left(terms, word)
                return terms[at] if at < len(terms) else None

            yield from find_all_matches(dfa, first_at_least)
            return
        # Any other reader: every term with the prefix, by Damerau-Levenshtein distance.
        start = bisect_left(terms, text[:prefix])
        for word in terms[start:]:
            if not word.startswith(text[:prefix]):
                return
            if distance(word, text, limit=maxdist) <= maxdist:
                yield word


def field_terms(reader, fieldname: str) -> list[str]:
    """Return a field's terms as sorted text, cached for the reader's lifetime."""
    fields = TERMS.setdefault(reader, {})
    if fieldname not in fields:
        fieldobj = reader.schema[fieldname]
        fields[fieldname] = [fieldobj.from_bytes(term) for term in reader.lexicon(fieldname)]
    return fields[fieldname]


def doc_frequencies(reader, fieldname: str) -> dict[str, int]:
    """Return {term: stories having it} of a field (reader.doc_frequency of each), cached for the reader."""
    fields = TERMS.setdefault(reader, {})
    key = (fieldname, "doc_frequency")
    if key not in fields:
        found: dict[str, int] = {}
        if fieldname in reader.schema:
            fieldobj = reader.schema[fieldname]
            for leaf, _offset in reader.leaf_readers():  # a multi-segment reader sums its segments
                for term, info in leaf.iter_field(fieldname):
                    text = fieldobj.from_bytes(term)
                    found[text] = found.get(text, 0) + info.doc_frequency()
        fields[key] = found
    return fields[key]


def one_edit(word: str) -> set[str]:
    """Return every spelling one deletion, swap, replacement or insertion away (Norvig)."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = [a + b[1:] for a, b in splits if b]
    swaps = [a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1]
    replaces = [a + c + b[1:] for a, b in splits if b for c in LETTERS]
    inserts = [a + c + b for a, b in splits for c in LETTERS]
    return set(deletes + swaps + replaces + inserts) - {word}


def match_case(correction: str, original: str) -> str:
    """Return the correction capitalised like the word it replaces."""
    if original.isupper() and len(original) > 1:
        return correction.upper()
    if original[:1].isupper():
        return correction[:1].upper() + correction[1:]
    return correction
