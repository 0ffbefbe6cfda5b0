"""One opened generation: its searcher, columns, scorer and caches, and the search over them.

SearchIndex keeps one Served at a time for the live generation and builds the next one
beside it (opened and warmed) before switching. A Served is used by one thread at a time.
"""

from __future__ import annotations

import dataclasses
import time

import numpy as np
from whoosh import query as wq

from searchsvc.articles import Article
from searchsvc.query import ALL_WORDS_BOOST, MAX_WORDS, QueryError, is_like_text, parse_query, weighting
from searchsvc.store import Generation, from_document

from .completion import MAX_COMPLETIONS, Completer, Completion
from .deadline import check_deadline
from .facets import FacetColumns, passing
from .hits import make_hits, rank
from .lru import LRU
from .related import RELATED_SHOWN, RelatedStories, related_query, story_docnums, top
from .results import SearchPage, SearchRequest
from .scoring import MatchScorer
from .suggest import Suggester

# Below this many stories a search asks for a corrected query.
SUGGEST_BELOW = 3
# Parsed queries kept per searcher, by query text: parsing (checking, Whoosh's parser, BM25F
# folding, expanding wildcards, the long-query count) is a third of a short search.
PARSED_KEPT = 1024
# Stories kept per searcher as Articles, by document number: reading stored fields (a seek,
# an unpickle) and converting them is a tenth of a search, and popular stories recur.
ARTICLES_KEPT = 1024


class PageNotFound(LookupError):
    """The requested page lies past the last hit."""


class Served:
    """A generation opened for searching, with everything read once per searcher."""

    def __init__(self, generation: Generation, result_cache_size: int):
        self.generation = generation
        self.searcher = generation.open().searcher(weighting=weighting())
        try:
            self.columns = FacetColumns(self.searcher.reader())
            self.scorer = MatchScorer(self.searcher)
        except BaseException:
            self.searcher.close()
            raise
        # Counts a correction over the whole index, whatever the request's filters: the
        # suggester keeps the count per query text.
        self.suggester = Suggester(self.searcher, count=self._count_matches)
        self.completer: Completer | None = None  # reads the words and names at the first completion
        # A parse depends on the searcher (wildcard expansions, the long-query count), and
        # a result on everything the searcher holds: all start empty with a new searcher.
        self.parsed: LRU = LRU(PARSED_KEPT)
        self.results: LRU[SearchPage] = LRU(result_cache_size)
        self.articles: LRU[Article] = LRU(ARTICLES_KEPT)

    @property
    def name(self) -> str:
        return self.generation.name

    def up_to_date(self) -> bool:
        """Whether no commit has landed in this generation since it was opened."""
        return self.searcher.up_to_date()

    def cached(self, request: SearchRequest) -> SearchPage | None:
        """Return the page kept for this request, if any."""
        return self.results.get(request)

    def search(self, request: SearchRequest, started: float) -> SearchPage:
        """Run a search: one page of hits with snippets, the total, the date and value facets."""
        searcher, columns = self.searcher, self.columns
        query = self._parse(request.q)
        docnums, scores, order_scores = self._score(query, request.q)
        check_deadline()
        masks = columns.filter_masks(request, docnums)
        dates, facets = columns.count(request, docnums, masks)
        keep = passing(masks, None, len(docnums))
        docnums, scores, order_scores = docnums[keep], scores[keep], order_scores[keep]
        total = len(docnums)
        first = (request.page - 1) * request.per_page
        if request.page > 1 and first >= total:
            last = max(1, -(-total // request.per_page))
            raise PageNotFound(f"page {request.page} is past the last page ({last})")
        order = rank(request, docnums, order_scores, columns, first + request.per_page)[first:]
        check_deadline()
        hits = make_hits(
            searcher, query, docnums[order].tolist(), scores[order].tolist(), self.scorer.cache, self.articles
        )
        check_deadline()
        # A pasted text is no typo: it gets no suggestion.
        asks = request.q.strip() and total < SUGGEST_BELOW and not is_like_text(request.q, MAX_WORDS)
        suggestion = self.suggester.suggest(request, total) if asks else None
        return self.results.put(
            request,
            SearchPage(
                request=request,
                total=total,
                hits=hits,
                dates=dates,
                took_ms=round((time.perf_counter() - started) * 1000, 2),
                generation=self.generation.name,
                facets=facets,
                suggestion=suggestion,
            ),
        )

    def get_article(self, article_id: str) -> Article | None:
        """Return the story stored under an id (or holding a version of that id), or None."""
        stored = self.searcher.document(id=article_id)
        if stored is None:
            docnums = list(self.searcher.document_numbers(version_ids=article_id))
            stored = self.searcher.stored_fields(docnums[0]) if docnums else None
        return from_document(stored) if stored else None

    def complete(self, q: str, limit: int = MAX_COMPLETIONS) -> list[Completion]:
        """Return completions of the typed text: its last word's commonest completions and names."""
        if self.completer is None:
            self.completer = Completer(self.searcher.reader(), self.columns, self.searcher.schema["body"].analyzer)
        return self.completer.complete(q, limit)

    def related(self, article_id: str, limit: int = RELATED_SHOWN) -> RelatedStories | None:
        """Return the stories most like one story (by its id or a version's id), or None when there is no such story."""
        searcher = self.searcher
        docnums = list(searcher.document_numbers(id=article_id)) or list(
            searcher.document_numbers(version_ids=article_id)
        )
        if not docnums:
            return None
        stored = searcher.stored_fields(docnums[0])
        query = related_query(searcher, stored)
        found, scores = self.scorer.score(query, "related")  # any text but empty, which is "every story"
        keep = ~np.isin(found, story_docnums(searcher, stored))
        found, scores = found[keep], scores[keep]
        order = top(found, scores, limit)
        hits = make_hits(
            searcher, query, found[order].tolist(), scores[order].tolist(), self.scorer.cache, self.articles
        )
        return RelatedStories(id=stored["id"], hits=hits)

    def _score(self, query, q: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Return every match's document number, its shown score and the score it is ranked by.

        The long-query rule (query.py) asks for Or(all words x ALL_WORDS_BOOST, any word): the
        boost ranks all-words matches first, in the order Whoosh would give them. The shown score
        leaves the boost out: both parts' relevance for an all-words match, the partial part's
        for the others.
        """
        strict, relaxed = split_all_words(query)
        if strict is None:
            docnums, scores = self.scorer.score(query, q)
            return docnums, scores, scores
        docnums, scores = self.scorer.score(relaxed, q)
        full, full_scores = self.scorer.score(strict, q)
        # Every all-words match also matches the partial part (its words are a subset of the query's).
        at = np.searchsorted(docnums, full)
        if len(full) and not np.array_equal(docnums[np.minimum(at, len(docnums) - 1)], full):
            docnums, scores = self.scorer.score(query, q)
            return docnums, scores, scores
        strict_scores = np.zeros(len(docnums))
        strict_scores[at] = full_scores
        return docnums, scores + strict_scores, scores + ALL_WORDS_BOOST * strict_scores

    def _parse(self, q: str):
        """Return the Whoosh query for a query text, parsed once per searcher (QueryError if unreadable)."""
        query = self.parsed.get(q)
        if query is None:
            query = self.parsed.put(q, parse_query(q, self.searcher.schema, self.searcher))
        return query

    def _count_matches(self, q: str) -> int:
        """Count the stories a query text finds (no filters), scored as arrays like any search."""
        check_deadline()
        try:
            query = self._parse(q)
        except QueryError:
            return 0
        return len(self.scorer.score(query, q)[0])

    def with_took(self, page: SearchPage, started: float) -> SearchPage:
        """Return a kept page with this request's time."""
        return dataclasses.replace(page, took_ms=round((time.perf_counter() - started) * 1000, 2))

    def close(self) -> None:
        """Close the searcher and let go of the caches now.

        The suggester counts through this object (a reference cycle), so without this the
        whole object and its caches wait for Python's cyclic collector, whose full pass over
        them (a quarter of a second at 20k) then lands on a search shortly after a swap.
        """
        self.searcher.close()
        self.suggester = self.scorer = self.columns = None  # type: ignore[assignment]
        self.completer = None
        self.parsed, self.results, self.articles = LRU(0), LRU(0), LRU(0)


def split_all_words(query):
    """Return (all words, any word) of a long-query rule query, else (None, None)."""
    if (
        type(query) is wq.Or
        and len(query.subqueries) == 2
        and query.boost == 1.0
        and query.subqueries[0].boost == ALL_WORDS_BOOST
    ):
        strict, relaxed = query.subqueries
        return strict.with_boost(1.0), relaxed
    return None, None
