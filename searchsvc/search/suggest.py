"""Did you mean: a corrected query text, counted, for a query that finds few stories."""

from __future__ import annotations

import re
from collections.abc import Callable

from searchsvc.letters import WORD_RUN
from searchsvc.query import QueryError, lex, parse_query

from .lru import LRU
from .results import SearchRequest, Suggestion
from .speller import SPELLING_FIELDS, Speller

# A query finding fewer stories than this gets a suggestion when a corrected one finds more.
SUGGEST_BELOW = 3
WORD = re.compile(WORD_RUN)
# Corrections kept per searcher (query text -> corrected text and what it finds): a query
# that found little finds little again until the index changes, and the searcher with it.
CORRECTIONS_KEPT = 2048


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
        elif WORD.fullmatch(value):  # wildcards, fuzzy words and ranges are left alone
            yield offset, offset + len(value)


def match_case(correction: str, original: str) -> str:
    """Return the correction capitalised like the word it replaces."""
    if original.isupper() and len(original) > 1:
        return correction.upper()
    if original[:1].isupper():
        return correction[:1].upper() + correction[1:]
    return correction
