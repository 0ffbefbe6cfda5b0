"""Query -> SearchPage. Whoosh objects never leave this module and its helpers."""

from __future__ import annotations

import dataclasses
import threading
import time
from pathlib import Path

import numpy as np
from whoosh import query as wq

from searchsvc.articles import Article
from searchsvc.config import DEFAULTS
from searchsvc.query import ALL_WORDS_BOOST, MAX_WORDS, QueryError, is_like_text, parse_query, weighting
from searchsvc.store import Generation, current_generation, current_generation_name, from_document

from .completion import MAX_COMPLETIONS, Completer, Completion
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


class ResultWindowTooLarge(ValueError):
    """The page asked for lies deeper than the result window allows."""

    def __init__(self, request: SearchRequest, window: int):
        super().__init__(
            f"page * per_page is {request.page * request.per_page}, over the limit of {window} results: "
            "narrow the search with filters (from, to, source, author, tag, language) instead of paging deeper"
        )


class SearchIndex:
    """One long-lived searcher over an index directory, refreshed when a new generation lands.

    Searches are serialised by a lock: Whoosh readers share file handles, and the
    work is CPU-bound under the GIL anyway. Up to `result_cache_size` pages are kept
    per searcher, by request (0 keeps none).
    """

    def __init__(
        self,
        index_dir: str | Path,
        refresh_interval: float = 1.0,
        max_result_window: int = DEFAULTS["MAX_RESULT_WINDOW"],
        result_cache_size: int = DEFAULTS["RESULT_CACHE_SIZE"],
    ):
        self.index_dir = Path(index_dir)
        self.refresh_interval = refresh_interval
        self.max_result_window = max_result_window
        self._lock = threading.Lock()
        self._generation: Generation | None = None
        self._searcher = None
        self._columns: FacetColumns | None = None
        self._scorer: MatchScorer | None = None
        self._suggester: Suggester | None = None
        self._completer: Completer | None = None
        self.result_cache_size = result_cache_size
        self._parsed: LRU = LRU(PARSED_KEPT)
        self._results: LRU[SearchPage] = LRU(result_cache_size)
        self._articles: LRU[Article] = LRU(ARTICLES_KEPT)
        self._checked_at = 0.0

    def _current(self):
        """Return the searcher of the live generation, reopening it when the index changed."""
        now = time.monotonic()
        if self._searcher is not None and now - self._checked_at < self.refresh_interval:
            return self._searcher
        self._checked_at = now
        name = current_generation_name(self.index_dir)
        if self._searcher is None or name != self._generation.name or not self._searcher.up_to_date():
            # A new generation, or an incremental commit into the live one. Not searcher.refresh():
            # it reuses segment readers whose deletions have since changed, and deleted stories
            # would come back.
            generation = current_generation(self.index_dir)  # raises IndexMissing
            self._install(generation, generation.open().searcher(weighting=weighting()))
        return self._searcher

    def _install(self, generation: Generation, searcher) -> None:
        """Serve a new searcher, with its columns read once, in place of the old one."""
        try:
            columns = FacetColumns(searcher.reader())
            scorer = MatchScorer(searcher)
        except BaseException:
            searcher.close()
            raise
        if self._searcher is not None:
            self._searcher.close()
        self._generation, self._searcher = generation, searcher
        self._columns, self._scorer = columns, scorer
        # Counts a correction over the whole index, whatever the request's filters: the
        # suggester keeps the count per query text.
        self._suggester = Suggester(searcher, count=self._count_matches)
        self._completer = None  # read the words and names at the first completion
        # A parse depends on the searcher (wildcard expansions, the long-query count), and
        # a result on everything the searcher holds: both start empty with a new one, that
        # is with a new generation or an incremental commit into the live one.
        self._parsed = LRU(PARSED_KEPT)
        self._results = LRU(self.result_cache_size)
        self._articles = LRU(ARTICLES_KEPT)

    @property
    def generation_name(self) -> str | None:
        """Return the name of the generation being served (None before the first search)."""
        return self._generation.name if self._generation else None

    def stats(self) -> dict:
        """Return the live generation's metadata (stories, articles, built_at, generation)."""
        with self._lock:
            self._current()
            return dict(self._generation.meta)

    def get_article(self, article_id: str) -> Article | None:
        """Return the story stored under an id (or holding a version of that id), or None."""
        with self._lock:
            searcher = self._current()
            stored = searcher.document(id=article_id)
            if stored is None:
                docnums = list(searcher.document_numbers(version_ids=article_id))
                stored = searcher.stored_fields(docnums[0]) if docnums else None
            return from_document(stored) if stored else None

    def complete(self, q: str, limit: int = MAX_COMPLETIONS) -> list[Completion]:
        """Return completions of the typed text: its last word's commonest completions and names, most stories first."""
        with self._lock:
            searcher = self._current()
            if self._completer is None:
                self._completer = Completer(searcher.reader(), self._columns, searcher.schema["body"].analyzer)
            return self._completer.complete(q, limit)

    def related(self, article_id: str, limit: int = RELATED_SHOWN) -> RelatedStories | None:
        """Return the stories most like one story (by its id or a version's id), or None when there is no such story."""
        with self._lock:
            searcher = self._current()
            docnums = list(searcher.document_numbers(id=article_id)) or list(
                searcher.document_numbers(version_ids=article_id)
            )
            if not docnums:
                return None
            stored = searcher.stored_fields(docnums[0])
            query = related_query(searcher, stored)
            found, scores = self._scorer.score(query, "related")  # any text but empty, which is "every story"
            keep = ~np.isin(found, story_docnums(searcher, stored))
            found, scores = found[keep], scores[keep]
            order = top(found, scores, limit)
            hits = make_hits(
                searcher, query, found[order].tolist(), scores[order].tolist(), self._scorer.cache, self._articles
            )
            return RelatedStories(id=stored["id"], hits=hits)

    def search(self, request: SearchRequest) -> SearchPage:
        """Run a search: one page of hits with snippets, the total, the date and value facets."""
        started = time.perf_counter()
        if request.page * request.per_page > self.max_result_window:
            raise ResultWindowTooLarge(request, self.max_result_window)
        with self._lock:
            searcher, columns = self._current(), self._columns
            # The request is already normalised (validated, defaults filled in) by the edge.
            kept = self._results.get(request)
            if kept is not None:
                return dataclasses.replace(kept, took_ms=round((time.perf_counter() - started) * 1000, 2))
            query = self._parse(request.q)
            docnums, scores, order_scores = self._score(query, request.q)
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
            hits = make_hits(
                searcher, query, docnums[order].tolist(), scores[order].tolist(), self._scorer.cache, self._articles
            )
            # A pasted text is no typo: it gets no suggestion.
            asks = request.q.strip() and total < SUGGEST_BELOW and not is_like_text(request.q, MAX_WORDS)
            suggestion = self._suggester.suggest(request, total) if asks else None
            return self._results.put(
                request,
                SearchPage(
                    request=request,
                    total=total,
                    hits=hits,
                    dates=dates,
                    took_ms=round((time.perf_counter() - started) * 1000, 2),
                    generation=self._generation.name,
                    facets=facets,
                    suggestion=suggestion,
                ),
            )

    def _score(self, query, q: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Return every match's document number, its shown score and the score it is ranked by.

        The long-query rule (query.py) asks for Or(all words x ALL_WORDS_BOOST, any word): the
        boost ranks all-words matches first, in the order Whoosh would give them. The shown score
        leaves the boost out: both parts' relevance for an all-words match, the partial part's
        for the others.
        """
        strict, relaxed = split_all_words(query)
        if strict is None:
            docnums, scores = self._scorer.score(query, q)
            return docnums, scores, scores
        docnums, scores = self._scorer.score(relaxed, q)
        full, full_scores = self._scorer.score(strict, q)
        # Every all-words match also matches the partial part (its words are a subset of the query's).
        at = np.searchsorted(docnums, full)
        if len(full) and not np.array_equal(docnums[np.minimum(at, len(docnums) - 1)], full):
            docnums, scores = self._scorer.score(query, q)
            return docnums, scores, scores
        strict_scores = np.zeros(len(docnums))
        strict_scores[at] = full_scores
        return docnums, scores + strict_scores, scores + ALL_WORDS_BOOST * strict_scores

    def _parse(self, q: str):
        """Return the Whoosh query for a query text, parsed once per searcher (QueryError if unreadable)."""
        query = self._parsed.get(q)
        if query is None:
            query = self._parsed.put(q, parse_query(q, self._searcher.schema, self._searcher))
        return query

    def _count_matches(self, q: str) -> int:
        """Count the stories a query text finds (no filters), scored as arrays like any search."""
        try:
            query = self._parse(q)
        except QueryError:
            return 0
        return len(self._scorer.score(query, q)[0])

    def close(self) -> None:
        with self._lock:
            if self._searcher is not None:
                self._searcher.close()
                self._searcher = self._columns = self._scorer = self._suggester = self._completer = None


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
