from __future__ import annotations

import re
import string
from typing import Callable

from .querysyntax import QueryError, lex
from .lru import LRU
from .postings import read_values
from .results import SearchRequest, Suggestion
from .spelling import TermsCorrector, doc_frequencies, plain_terms
from .variants import fold

# A query finding fewer stories than this gets a suggestion when a corrected one finds more.
SUGGEST_BELOW = 3
# A word some stories have is still corrected when the correction is this many times commoner.
COMMONER = 20
SPELLING_FIELDS = ("title", "body")
LETTERS = string.ascii_lowercase
WORD = re.compile(r"\w+")
# Candidate spellings made of these only are stemmed in one analyzer call: for them the
# tokenizer yields the whole word and lowercasing and accent folding change nothing.
PLAIN = re.compile(r"[a-z0-9_]+")
# Corrections kept per searcher (query text -> corrected text and what it finds): a query
# that found little finds little again until the index changes, and the searcher with it.
CORRECTIONS_KEPT = 2048
# Stems kept per searcher (each corrected word stems some 400 candidate spellings).
STEMS_KEPT = 200_000


# Words this short, or holding a digit, are never corrected.
MIN_CORRECTED_LENGTH = 3


def suggest(
    searcher, request: SearchRequest, total: int, count: Callable[[str], int] | None = None
) -> Suggestion | None:
    """Return a corrected query that finds more than `total` stories, or None.

    `count(q)` counts the stories a query text finds with the request's filters; by default
    the query alone is counted over the whole index.
    """
    return Suggester(searcher, count).suggest(request, total)


class Suggester:
    """Did you mean, for one searcher: its speller, and the corrections already worked out.

    `count(q)` must not depend on the request's filters: its answer is kept per query text.
    """

    def __init__(self, searcher, count: Callable[[str], int] | None = None):
        self.searcher = searcher
        self.count = count or (lambda q: count_matches(searcher, q))
        self._speller: Speller | None = None  # read the vocabulary at the first suggestion, not at opening
        self._kept: LRU[tuple[str | None, int]] = LRU(CORRECTIONS_KEPT)

    def suggest(self, request: SearchRequest, total: int) -> Suggestion | None:
        """Return a corrected query that finds more than `total` stories, or None."""
        if total >= SUGGEST_BELOW or not request.q.strip():
            return None
        corrected, found = self.correction(request.q)
        if corrected is None or found <= total:
            return None
        return Suggestion(q=corrected, params=request.params(q=corrected), total=found)

    def correction(self, q: str) -> tuple[str | None, int]:
        """Return the corrected query text (or None) and how many stories it finds."""
        kept = self._kept.get(q)
        if kept is not None:
            return kept
        if self._speller is None:
            self._speller = Speller(self.searcher)
        corrected = correct_text(self.searcher, q, self._speller)
        return self._kept.put(q, (corrected, self.count(corrected) if corrected is not None else 0))


def count_matches(searcher, q: str) -> int:
    """Count the stories a query text finds (no filters)."""
    from .query import parse_query  # query imports the checker this module shares

    try:
        return sum(1 for _ in parse_query(q, searcher.schema, searcher).docs(searcher))
    except QueryError:
        return 0


def correct_text(searcher, q: str, speller: Speller | None = None) -> str | None:
    """Return the query text with its misspelled words corrected, or None if none is."""
    try:
        spans = list(word_spans(q))
    except QueryError:
        return None
    speller = speller or Speller(searcher)
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
    """Corrects single words against the index's title and body terms; keeps what it worked out."""

    def __init__(self, searcher):
        self.searcher = searcher
        self.reader = searcher.reader()
        self.analyzer = searcher.schema["body"].analyzer
        fields = [doc_frequencies(self.reader, field) for field in SPELLING_FIELDS]
        # A stem's stories in title and body, summed as frequency() always summed them.
        self.frequencies: dict[str, int] = {}
        for frequencies in fields:
            for term, count in frequencies.items():
                self.frequencies[term] = self.frequencies.get(term, 0) + count
        self.most = max(self.frequencies.values(), default=0)
        self._stems: dict[str, str | None] = {}
        self._surfaces: dict[tuple[str, str], str | None] = {}

    def stem(self, word: str) -> str | None:
        """Return the one index term a word becomes, or None (a stop word, or several terms)."""
        if word not in self._stems:
            terms = [t.text for t in self.analyzer(word, mode="query")]
            self._remember(word, terms[0] if len(terms) == 1 else None)
        return self._stems[word]

    def stems(self, words: list[str]) -> list[str | None]:
        """Return stem(word) for each word; plain words not seen yet go through the analyzer at once."""
        new = [word for word in words if word not in self._stems and PLAIN.fullmatch(word)]
        terms = plain_terms(self.analyzer, new) if new else None
        if terms is not None:
            for word, term in zip(new, terms):
                self._remember(word, term)
        elif new:
            # Stop words are kept (marked) so that tokens and words stay in step.
            tokens = self.analyzer(" ".join(new), mode="query", removestops=False)
            found = [(token.text, token.stopped) for token in tokens]
            if len(found) == len(new):
                for word, (text, stopped) in zip(new, found):
                    self._remember(word, None if stopped else text)
        return [self.stem(word) for word in words]

    def _remember(self, word: str, stem: str | None) -> None:
        if len(self._stems) >= STEMS_KEPT:
            self._stems.clear()
        self._stems[word] = stem

    def frequency(self, term: str) -> int:
        return self.frequencies.get(term, 0)

    def correct(self, word: str) -> str | None:
        """Return a commoner spelling of a word that few or no stories have, or None."""
        if len(word) <= MIN_CORRECTED_LENGTH or any(c.isdigit() for c in word):
            return None  # years, codes and short words have too many near neighbours
        stem = self.stem(word)
        if stem is None:
            return None  # a stop word or no word at all
        have = self.frequency(stem)
        best, best_frequency = None, max(have * COMMONER, 0)
        if best_frequency >= self.most:
            return None  # no term is commoner enough to replace it
        for candidate, candidate_stem in self.candidates(fold(word), stem):
            frequency = self.frequency(candidate_stem)
            if frequency > best_frequency:
                best, best_frequency = candidate, frequency
        return best

    def candidates(self, word: str, stem: str):
        """Yield (spelling, stem) pairs: one-edit spellings first, then Whoosh's stem corrections."""
        edits = sorted(one_edit(word))
        for edit, edit_stem in zip(edits, self.stems(edits)):
            if edit_stem and edit_stem != stem:
                yield edit, edit_stem
        for field in SPELLING_FIELDS:
            for term in TermsCorrector(self.reader, field).suggest(stem, limit=3, maxdist=2, prefix=1):
                surface = self.surface(field, term)
                if surface and term != stem:
                    yield surface, term

    def surface(self, field: str, term: str) -> str | None:
        """Return a word as one story writes it that the analyzer turns into `term`."""
        key = (field, term)
        if key not in self._surfaces:
            self._surfaces[key] = self.read_surface(field, term)
        return self._surfaces[key]

    def read_surface(self, field: str, term: str) -> str | None:
        """Read the first story holding the term and return the word it writes for it."""
        for docnum in self.reader.postings(field, term).all_ids():
            text = self.reader.stored_fields(docnum).get(field) or ""
            fieldobj = self.reader.schema[field]
            if fieldobj.format and fieldobj.format.supports("characters"):
                # The index keeps where the analyzer found each occurrence: the first is
                # its first such token, without analysing the story again.
                places = read_values(self.reader, field, fieldobj.to_bytes(term), [docnum], "characters")
                if docnum in places:
                    _, start, end = places[docnum][0]
                    return text[start:end].lower()
            for token in self.analyzer(text, chars=True, mode="index"):
                if token.text == term:
                    return text[token.startchar : token.endchar].lower()
            break
        return None


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
