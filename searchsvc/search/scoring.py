"""Score every match of a query in one pass, with NumPy where the query allows.

Whoosh scores each match through a tree of matcher objects, several Python calls per
document. For the queries people mostly type (words, phrases, alternatives, exclusions:
Term, Phrase, And, Or, Not, AndNot trees) the same BM25F scores are computed here over
whole posting lists at once (read and kept by postings.py); phrases check positions of
the stories holding every word only. Any other query (wildcards, fuzzy terms, other
scorers...) is scored by walking Whoosh's own matchers. Both paths score every match: no
block-quality pruning, which drops true top hits in Whoosh.
"""

from __future__ import annotations

from math import log

import numpy as np
from whoosh import query as wq
from whoosh.scoring import BM25FScorer, WeightScorer

from searchsvc.query import SHARED_LENGTH, FieldsTerm
from searchsvc.store import PostingCache

from .deadline import check_deadline
from .phrases import phrase_found

EMPTY = (np.zeros(0, dtype=np.int64), np.zeros(0))
# The benchmark turns this off to measure what the array path saves.
VECTORISE = True
# Matches walked between two looks at the search's time limit.
WALK_CHECK_EVERY = 4096


class NotVectorisable(Exception):
    """The query has a node the array path does not score like Whoosh would."""


class MatchScorer:
    """Scores queries against one searcher; keeps its posting cache and live documents."""

    def __init__(self, searcher):
        self.searcher = searcher
        self.reader = searcher.reader()
        self.cache = PostingCache(self.reader)
        self.live = None
        if self.reader.has_deletions():
            self.live = np.zeros(self.reader.doc_count_all(), dtype=bool)
            self.live[np.fromiter(self.reader.all_doc_ids(), dtype=np.int64)] = True

    def score(self, query, q: str) -> tuple[np.ndarray, np.ndarray]:
        """Return the document numbers (ascending) and scores of every match."""
        if not q.strip():
            docnums = np.fromiter(self.reader.all_doc_ids(), dtype=np.int64)
            return docnums, np.zeros(len(docnums))
        try:
            if not VECTORISE:
                raise NotVectorisable("turned off")
            docnums, scores = self.evaluate(query)
        except NotVectorisable:
            return self.walk(query)
        if self.live is not None:
            keep = self.live[docnums]
            docnums, scores = docnums[keep], scores[keep]
        return docnums, scores

    def walk(self, query) -> tuple[np.ndarray, np.ndarray]:
        """Score every match through Whoosh's matchers (exact: no block-quality pruning)."""
        context = self.searcher.context()
        ids: list[int] = []
        scores: list[float] = []
        for subsearcher, offset in self.searcher.leaf_searchers():
            matcher = query.matcher(subsearcher, context)
            add_id, add_score = ids.append, scores.append
            is_active, next_, id_, score = matcher.is_active, matcher.next, matcher.id, matcher.score
            walked = 0
            while is_active():
                add_id(id_() + offset)
                add_score(score())
                next_()
                walked += 1
                if walked % WALK_CHECK_EVERY == 0:
                    check_deadline()
        return np.array(ids, dtype=np.int64), np.array(scores, dtype=np.float64)

    def evaluate(self, node) -> tuple[np.ndarray, np.ndarray]:
        """Return (sorted docnums, scores) of a Term/Phrase/And/Or/Not/AndNot tree, as Whoosh would score it."""
        check_deadline()
        if type(node) is wq.Term:
            docnums, scores = self.term(node)
        elif type(node) in (wq.And, wq.Or) and not getattr(node, "scale", None) and not getattr(node, "minmatch", 0):
            if not node.subqueries:
                return EMPTY
            if len(node.subqueries) == 1:  # Whoosh drops a one-child compound's own boost
                return self.evaluate(node.subqueries[0])
            if type(node) is wq.And:
                docnums, scores = self.conjunction(node.subqueries)
            else:
                docnums, scores = union([self.evaluate(sub) for sub in node.subqueries])
        elif type(node) is FieldsTerm:
            docnums, scores = self.fields_term(node)
        elif type(node) is wq.Phrase:
            docnums, scores = self.phrase(node)
        elif type(node) is wq.AndNot:
            docnums, scores = self.evaluate(node.a)
            excluded, _ = self.evaluate_unscored(node.b)
            keep = ~np.isin(docnums, excluded, assume_unique=True)
            return docnums[keep], scores[keep]
        else:
            raise NotVectorisable(type(node).__name__)
        if node.boost != 1.0:
            scores = scores * node.boost
        return docnums, scores

    def conjunction(self, subqueries) -> tuple[np.ndarray, np.ndarray]:
        """Return the documents matching every subquery; a Not() subquery excludes instead.

        Whoosh intersects with an inverse matcher whose score is 1.0, so each Not() adds 1.0
        to every match; kept here so scores (and rankings) stay Whoosh's own.
        """
        positives = [sub for sub in subqueries if type(sub) is not wq.Not]
        negatives = [sub.query for sub in subqueries if type(sub) is wq.Not]
        if not positives:
            raise NotVectorisable("only negative clauses")
        docnums, scores = intersect([self.evaluate(sub) for sub in positives])
        for negative in negatives:
            excluded, _ = self.evaluate_unscored(negative)
            keep = ~np.isin(docnums, excluded, assume_unique=True)
            docnums, scores = docnums[keep], scores[keep] + 1.0
        return docnums, scores

    def evaluate_unscored(self, node):
        """Return the documents a (possibly non-vectorisable) excluded query matches."""
        try:
            return self.evaluate(node)
        except NotVectorisable:
            return self.walk(node)

    def phrase(self, node) -> tuple[np.ndarray, np.ndarray]:
        """Return the documents holding the phrase, scored as Whoosh does: the sum of its words' scores."""
        field = self.searcher.schema[node.fieldname] if node.fieldname in self.searcher.schema else None
        if field is None or not node.words:
            return EMPTY
        if not field.format or not field.format.supports("positions"):
            raise NotVectorisable("phrase on a field without positions")
        try:
            words = [field.to_bytes(word) for word in node.words]
        except ValueError:
            return EMPTY
        if any((node.fieldname, word) not in self.reader for word in words):
            return EMPTY
        docnums, scores = intersect([self.term(wq.Term(node.fieldname, word)) for word in words])
        if self.live is not None:  # positions are read through Whoosh's matchers, which skip deleted documents
            keep = self.live[docnums]
            docnums, scores = docnums[keep], scores[keep]
        candidates = docnums.tolist()
        positions = [self.cache.values(node.fieldname, word, candidates, "positions") for word in words]
        keep = phrase_found(positions, candidates, node.slop)
        return docnums[keep], scores[keep]

    def fields_term(self, node) -> tuple[np.ndarray, np.ndarray]:
        """Return the documents holding one word in any of its fields, scored as bm25f.FieldsMatcher does."""
        if SHARED_LENGTH:
            raise NotVectorisable("shared-length BM25F")
        weighting = self.searcher.weighting
        k1, default_b = getattr(weighting, "K1", 1.2), getattr(weighting, "B", 0.75)
        field_b = getattr(weighting, "_field_B", {})
        parts = []
        for field, fieldboost in node.fieldboosts.items():
            if field not in self.searcher.schema:
                continue
            text = self.searcher.schema[field].to_bytes(node.text)
            if (field, text) not in self.reader:
                continue
            docnums, weights = self.cache.postings(field, text)
            lengths = self.cache.lengths(field)[docnums]
            lengths[lengths == 0] = 1  # as FieldsMatcher: a missing length counts as 1
            b = field_b.get(field, default_b)
            avgfl = self.searcher.avg_field_length(field) or 1.0
            parts.append((docnums, fieldboost * weights / ((1 - b) + b * lengths / avgfl)))
        if not parts:
            return EMPTY
        docnums, tf = union(parts)
        found = node.document_frequency(self.searcher)
        idf = log(1 + (self.searcher.doc_count_all() - found + 0.5) / (found + 0.5))
        # node.boost is applied by evaluate(), as for every node.
        return docnums, idf * tf * (k1 + 1) / (tf + k1)

    def term(self, node) -> tuple[np.ndarray, np.ndarray]:
        """Return the postings of one term with BM25F scores."""
        schema = self.searcher.schema
        if node.fieldname not in schema:
            return EMPTY
        field = schema[node.fieldname]
        try:
            text = field.to_bytes(node.text)
        except ValueError:
            return EMPTY
        if (node.fieldname, text) not in self.reader:
            return EMPTY
        scorer = self.searcher.weighting.scorer(self.searcher, node.fieldname, text)
        docnums, weights = self.cache.postings(node.fieldname, text)
        if type(scorer) is BM25FScorer:  # a subclass may score differently: let Whoosh do it
            lengths = self.cache.lengths(node.fieldname)[docnums]
            idf, avgfl, b, k1 = scorer.idf, scorer.avgfl, scorer.B, scorer.K1
            # whoosh.scoring.bm25, over arrays.
            return docnums, idf * ((weights * (k1 + 1)) / (weights + k1 * ((1 - b) + b * lengths / avgfl)))
        if type(scorer) is WeightScorer:
            return docnums, weights
        raise NotVectorisable(type(scorer).__name__)


def intersect(parts) -> tuple[np.ndarray, np.ndarray]:
    """Return the documents in every part, their scores summed."""
    docnums, scores = parts[0]
    for other_docnums, other_scores in parts[1:]:
        docnums, mine, theirs = np.intersect1d(docnums, other_docnums, assume_unique=True, return_indices=True)
        scores = scores[mine] + other_scores[theirs]
    return docnums, scores


def union(parts) -> tuple[np.ndarray, np.ndarray]:
    """Return the documents in any part, the scores of the parts holding each summed."""
    docnums, inverse = np.unique(np.concatenate([d for d, _ in parts]), return_inverse=True)
    scores = np.bincount(inverse, weights=np.concatenate([s for _, s in parts]), minlength=len(docnums))
    return docnums, scores
