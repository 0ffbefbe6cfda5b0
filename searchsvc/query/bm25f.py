"""True BM25F for a word searched in several fields.

Whoosh's "BM25F" scores each field on its own and adds the scores, so a word in both title
and body counts twice, each time unsaturated. BM25F proper (Robertson & Zaragoza) first adds
the fields' length-normalised term frequencies, weighted by field boosts, and saturates the
sum once. It ranked better on both test collections (bench/RESULTS.md, "Ranking quality").
"""

from __future__ import annotations

from math import log

from whoosh import matching
from whoosh.query import qcore

# Normalise each field by its own length (BM25F as published) rather than by the fields'
# summed length (which equals BM25 over title + body as one text): about even on CACM.
SHARED_LENGTH = False


class FieldsTerm(qcore.Query):
    """One analysed word searched in several fields, scored by BM25F."""

    def __init__(self, text: str, fieldboosts: dict[str, float], boost: float = 1.0, docfreq: int | None = None):
        self.text = text
        self.fieldboosts = dict(fieldboosts)
        self.boost = boost
        # The document frequency the idf is computed from, when not the word's own: the expansions
        # of one fuzzy word share the commonest one's (expansion.py).
        self.docfreq = docfreq

    def __repr__(self):
        blended = f", docfreq={self.docfreq}" if self.docfreq is not None else ""
        return f"FieldsTerm({self.text!r}, {self.fieldboosts!r}, boost={self.boost}{blended})"

    def __unicode__(self):
        return " OR ".join(f"{f}:{self.text}" for f in self.fieldboosts)

    __str__ = __unicode__

    def __eq__(self, other):
        return other.__class__ is self.__class__ and (self.text, self.fieldboosts, self.boost, self.docfreq) == (
            other.text,
            other.fieldboosts,
            other.boost,
            other.docfreq,
        )

    def __hash__(self):
        fields = tuple(sorted(self.fieldboosts.items()))
        return hash((self.__class__.__name__, self.text, fields, self.boost, self.docfreq))

    def document_frequency(self, reader) -> int:
        """Return the document frequency the idf uses: the commonest field's, unless blended."""
        if self.docfreq is not None:
            return self.docfreq
        return max(reader.doc_frequency(f, self.text) for f in self.fieldboosts)

    def is_leaf(self):
        return True

    def has_terms(self):
        return True

    def terms(self, phrases=False):
        for field in self.fieldboosts:
            yield field, self.text

    def field(self):
        return None

    def normalize(self):
        return self

    def estimate_size(self, ixreader):
        return max((ixreader.doc_frequency(f, self.text) for f in self.fieldboosts), default=0)

    def matcher(self, searcher, context=None):
        parent = searcher.get_parent()
        weighting = searcher.weighting
        k1, default_b = getattr(weighting, "K1", 1.2), getattr(weighting, "B", 0.75)
        field_b = getattr(weighting, "_field_B", {})
        leaves = []
        for field, fieldboost in self.fieldboosts.items():
            if (field, self.text) not in searcher.reader():
                continue
            postings = searcher.postings(field, self.text)
            avgfl = parent.avg_field_length(field) or 1.0
            leaves.append((postings, field, fieldboost, field_b.get(field, default_b), avgfl))
        if not leaves:
            return matching.NullMatcher()
        # The word's document frequency in its commonest field stands in for the union's.
        found = self.document_frequency(parent)
        idf = log(1 + (parent.doc_count_all() - found + 0.5) / (found + 0.5))
        fields = list(self.fieldboosts)
        shared = (fields, sum(parent.avg_field_length(f) or 0.0 for f in fields) or 1.0, default_b)
        return FieldsMatcher(searcher, leaves, idf * self.boost, k1, shared if SHARED_LENGTH else None)


class FieldsMatcher(matching.Matcher):
    """Walk the word's postings in each field together; score their BM25F sum."""

    def __init__(self, searcher, leaves, weight, k1, shared=None):
        self.shared = shared
        self.searcher = searcher
        self.leaves = leaves
        self.idf_boost = weight
        self.k1 = k1
        self._find()

    def _find(self):
        # The current document is cached: Whoosh asks id() many times per document.
        ids = [leaf[0].id() for leaf in self.leaves if leaf[0].is_active()]
        self._id = min(ids) if ids else None

    def is_active(self):
        return self._id is not None

    def id(self):
        return self._id

    def next(self):
        current = self._id
        for leaf in self.leaves:
            matcher = leaf[0]
            if matcher.is_active() and matcher.id() == current:
                matcher.next()
        self._find()
        return False

    def skip_to(self, id):
        for leaf in self.leaves:
            matcher = leaf[0]
            if matcher.is_active() and matcher.id() < id:
                matcher.skip_to(id)
        self._find()

    def reset(self):
        for leaf in self.leaves:
            leaf[0].reset()
        self._find()

    def children(self):
        return [leaf[0] for leaf in self.leaves]

    def copy(self):
        leaves = [(m.copy(), *rest) for m, *rest in self.leaves]
        return FieldsMatcher(self.searcher, leaves, self.idf_boost, self.k1, self.shared)

    def _current(self):
        current = self._id
        return [leaf for leaf in self.leaves if leaf[0].is_active() and leaf[0].id() == current]

    def supports_block_quality(self):
        return False

    def max_quality(self):
        # tf / (tf + k1) < 1, so no document scores more than this.
        return self.idf_boost * (self.k1 + 1)

    def block_quality(self):
        return self.max_quality()

    def weight(self):
        return sum(leaf[0].weight() for leaf in self._current())

    def score(self):
        current = self._id
        tf = 0.0
        if self.shared:
            fields, avgfl, b = self.shared
            length = sum(self.searcher.doc_field_length(current, f, 0) or 0 for f in fields)
            norm = (1 - b) + b * length / avgfl
            for m, _field, fieldboost, *_ in self._current():
                tf += fieldboost * m.weight() / norm
        else:
            for m, field, fieldboost, b, avgfl in self._current():
                length = self.searcher.doc_field_length(current, field, 1) or 1
                tf += fieldboost * m.weight() / ((1 - b) + b * length / avgfl)
        return self.idf_boost * tf * (self.k1 + 1) / (tf + self.k1)


def fold_fields(q, fields: tuple[str, ...]):
    """Replace each `Or` of one word's Terms over `fields` by a FieldsTerm (before normalize())."""
    from whoosh import query as wq

    if type(q) is wq.Or and is_one_word(q.subqueries, fields):
        return FieldsTerm(q.subqueries[0].text, {s.fieldname: s.boost for s in q.subqueries}, boost=q.boost)
    if type(q) is wq.Or:
        # Whoosh's OR operator flattens the word before it into the group: "talks OR peace" reads
        # Or([title:talk, body:talk, Or([title:peac, body:peac])]). Fold such runs too, or the
        # first word of every OR would be scored unlike the same word alone.
        subs, folded, i = q.subqueries, [], 0
        while i < len(subs):
            run = subs[i : i + len(fields)]
            if len(fields) > 1 and is_one_word(run, fields):
                folded.append(FieldsTerm(run[0].text, {s.fieldname: s.boost for s in run}))
                i += len(fields)
            else:
                folded.append(fold_fields(subs[i], fields))
                i += 1
        return wq.Or(folded, boost=q.boost)
    if isinstance(q, wq.compound.CompoundQuery):
        return type(q)([fold_fields(s, fields) for s in q.subqueries], boost=q.boost)
    if isinstance(q, wq.Not):
        return wq.Not(fold_fields(q.query, fields), boost=q.boost)
    return q


def is_one_word(subs, fields: tuple[str, ...]) -> bool:
    """Whether `subs` are one word's Terms over `fields`, in order: what the parser makes of a word."""
    from whoosh import query as wq

    return (
        len(subs) == len(fields)
        and all(type(s) is wq.Term for s in subs)
        and len({s.text for s in subs}) == 1
        and [s.fieldname for s in subs] == list(fields)
    )
