"""Wildcard, prefix and fuzzy words -> the index terms they stand for, expanded once per query.

A prefix or wildcard is matched against the words as written (the `words` field: folded, not
stemmed), then each word reaches its stem, so `negotiat*` finds "negotiations" (stem "negoti")
though no stem starts with "negotiat"; matching the stems too keeps `negot*` working. A fuzzy word
is matched against the words as written with the distance the user gave, each match weighted by
its closeness as Lucene's FuzzyQuery does (1 - distance / length), and every expansion of one
fuzzy word shares the largest document frequency among them (Lucene's
TopTermsBlendedFreqScoringRewrite): a rare near-miss no longer gets a rare word's idf, so the word
itself and its close, common neighbours rank first. Indexes built before the `words` field existed
expand over the stems alone, as before.
"""

from __future__ import annotations

import re
from itertools import islice

from whoosh import query as wq

from searchsvc.store import fold

from .bm25f import FieldsTerm
from .tokens import QueryError

# A wildcard or fuzzy word may stand for at most this many index terms per field.
MAX_EXPANSIONS = 200
# All wildcard and fuzzy words of one query together (each counts once per field).
MAX_TOTAL_EXPANSIONS = 600
# Words as written read per wildcard or fuzzy word: several spellings share one stem.
MAX_SURFACE_WORDS = 4 * MAX_EXPANSIONS
WORDS_FIELD = "words"
MULTITERMS = (wq.Prefix, wq.Wildcard, wq.FuzzyTerm)
FUZZY_SUFFIX = re.compile(r"~\d*(?:/\d+)?$")


def typed_words(text: str, parse) -> dict[str, str]:
    """Return {text Whoosh's parser makes of a wildcard or fuzzy word: the word as typed, folded}.

    Whoosh's parser stems a fuzzy or wildcard word whole ("negotiat?ons" -> "negotiat?on"); the
    words as written are matched, and a fuzzy word's closeness measured, on the word as typed.
    `parse(word)` is the parser's query for one word.
    """
    from .syntax import lex

    found: dict[str, str] = {}
    for token in lex(text):
        if token.kind != "term" or token.text.startswith('"') or not any(c in token.text for c in "*?~"):
            continue
        field, colon, value = token.text.partition(":")
        word = value if colon and field.isalpha() else token.text
        for node in leaves(parse(word)):
            if isinstance(node, (wq.Wildcard, wq.FuzzyTerm)):
                found[node.text] = fold(FUZZY_SUFFIX.sub("", word))
    return found


def leaves(node):
    """Yield the leaf queries of a query tree."""
    if node.is_leaf():
        yield node
    else:
        for child in node.children():
            yield from leaves(child)


def expand_multiterms(parsed, reader, surfaces: dict[str, str] | None = None, chains=()):
    """Replace each wildcard, prefix or fuzzy word by the index terms it stands for, once.

    Whoosh would expand such a word again at every step (counting, scoring, suggesting), which
    made a few fuzzy words cost seconds. Raises QueryError when one word, or the whole query,
    stands for too many terms. `chains` are the analyzers of the index's other languages: a word
    as written reaches its stem in each of them too.
    """
    expander = Expander(reader, surfaces or {}, chains)
    return expander.expand(parsed).normalize()


class Expander:
    """Expands the multiterm words of one query against one reader, counting what they stand for."""

    def __init__(self, reader, surfaces: dict[str, str], chains=()):
        self.reader = reader
        self.surfaces = surfaces
        self.chains = list(chains)
        self.has_words = WORDS_FIELD in reader.schema and reader.field_length(WORDS_FIELD) > 0
        self.total = 0

    def expand(self, node):
        if type(node) is wq.Or and node.subqueries and all(one_word(node.subqueries[0], s) for s in node.subqueries):
            # One word over several fields (the parser's OR of title and body): expand it as one.
            return self.word(node.subqueries, node.boost)
        if isinstance(node, MULTITERMS):
            return self.word([node], 1.0)
        if node.is_leaf():
            return node
        return node.apply(self.expand)

    def word(self, nodes, boost: float):
        """Return the query of one multiterm word searched in the nodes' fields."""
        first = nodes[0]
        shown = f"{first.text}*" if isinstance(first, wq.Prefix) else first.text
        fieldboosts = {node.fieldname: node.boost for node in nodes}
        weights = self.surface_terms(first, fieldboosts)
        found: dict[str, float] = {}
        for node in nodes:
            terms = {term: weight for term, weight in weights.items() if (node.fieldname, term) in self.reader}
            if not isinstance(first, wq.FuzzyTerm) or not self.has_words:
                for text in stem_expansions(stem_node(node), self.reader):
                    terms.setdefault(text, 1.0)
            if len(terms) > MAX_EXPANSIONS:
                raise QueryError(
                    f"{shown!r} matches more than {MAX_EXPANSIONS} words in {node.fieldname}: "
                    "make it longer or more specific"
                )
            self.total += len(terms)
            if self.total > MAX_TOTAL_EXPANSIONS:
                raise QueryError(
                    f"the wildcard and fuzzy words up to {shown!r} stand for more than {MAX_TOTAL_EXPANSIONS} "
                    "words in all: use fewer of them or make them more specific"
                )
            for term, weight in terms.items():
                found[term] = max(found.get(term, 0.0), weight)
        if not found:
            return wq.NullQuery
        docfreq = None
        if isinstance(first, wq.FuzzyTerm):
            # Blended document frequency: every expansion is scored with the commonest one's.
            docfreq = max(max(self.reader.doc_frequency(f, t) for f in fieldboosts) for t in found)
        # A word is searched only in the fields of the nodes holding it, as before expansion.
        # The word itself (weight 1) keeps its own statistics, so it ranks above its neighbours.
        queries = [
            FieldsTerm(term, fieldboosts, boost=weight, docfreq=None if weight == 1.0 else docfreq)
            if len(fieldboosts) > 1 or docfreq is not None
            else wq.Term(first.fieldname, term, boost=first.boost * weight)
            for term, weight in sorted(found.items())
        ]
        if len(queries) == 1:
            return queries[0].with_boost(queries[0].boost * boost)
        return wq.Or(queries, boost=boost)

    def surface_terms(self, node, fieldboosts: dict[str, float]) -> dict[str, float]:
        """Return {stem: weight} of the words as written the node matches (weight 1 but for fuzzy words)."""
        if not self.has_words:
            return {}
        if isinstance(node, wq.FuzzyTerm):
            typed = self.surfaces.get(node.text, node.text)
            prefix = min(node.prefixlength, len(typed))
            matcher = wq.FuzzyTerm(WORDS_FIELD, typed, maxdist=node.maxdist, prefixlength=prefix)
        else:
            matcher = type(node)(WORDS_FIELD, self.surfaces.get(node.text, node.text))
            typed = None
        words = [to_text(w) for w in islice(matcher._btexts(self.reader), MAX_SURFACE_WORDS + 1)]
        if len(words) > MAX_SURFACE_WORDS:
            shown = f"{node.text}*" if isinstance(node, wq.Prefix) else node.text
            raise QueryError(f"{shown!r} matches more than {MAX_SURFACE_WORDS} words: make it longer or more specific")
        analyzers = [self.reader.schema[next(iter(fieldboosts))].analyzer, *self.chains]
        found: dict[str, float] = {}
        for word in words:
            weight = 1.0 if typed is None else closeness(word, typed)
            for analyzer in analyzers:
                term = term_of(analyzer, word)
                if term is not None:
                    found[term] = max(found.get(term, 0.0), weight)
        return found


def one_word(first, node) -> bool:
    """Whether node is the same multiterm word as first, in another field."""
    return (
        type(node) is type(first)
        and isinstance(node, MULTITERMS)
        and node.text == first.text
        and getattr(node, "maxdist", None) == getattr(first, "maxdist", None)
    )


def stem_node(node):
    """Return the node ready to expand over stems (a kept prefix no longer than the word)."""
    if isinstance(node, wq.FuzzyTerm) and node.prefixlength > len(node.text):
        # "running~1/7": the kept prefix is counted on the stem ("run"), and Whoosh's
        # automaton indexes past the end of a prefix longer than the word.
        return wq.FuzzyTerm(
            node.fieldname, node.text, boost=node.boost, maxdist=node.maxdist, prefixlength=len(node.text)
        )
    return node


def stem_expansions(node, reader) -> list[str]:
    """Return the stems of the node's field the node matches (up to one more than the limit)."""
    return [to_text(text) for text in islice(node._btexts(reader), MAX_EXPANSIONS + 1)]


def to_text(text) -> str:
    # Prefix and Wildcard give bytes, FuzzyTerm gives str.
    return text.decode("utf-8") if isinstance(text, bytes) else text


def term_of(analyzer, word: str) -> str | None:
    """Return the one term the field's analyzer makes of a word, or None."""
    term = getattr(analyzer, "term", None)
    if term is not None:
        return term(word)
    terms = [t.text for t in analyzer(word, mode="query")]
    return terms[0] if len(terms) == 1 else None


def closeness(word: str, typed: str) -> float:
    """Return Lucene's fuzzy weight of a word found for the typed one: 1 - distance / shorter length."""
    shorter = min(len(word), len(typed)) or 1
    return max(0.0, 1.0 - edit_distance(word, typed) / shorter)


def edit_distance(a: str, b: str) -> int:
    """Return the Damerau-Levenshtein (optimal string alignment) distance, as Whoosh's fuzzy matching counts."""
    before, row = None, list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        new = [i] + [0] * len(b)
        for j, y in enumerate(b, 1):
            new[j] = min(row[j] + 1, new[j - 1] + 1, row[j - 1] + (x != y))
            if before is not None and i > 1 and j > 1 and x == b[j - 2] and a[i - 2] == y:
                new[j] = min(new[j], before[j - 2] + 1)
        before, row = row, new
    return row[-1]
