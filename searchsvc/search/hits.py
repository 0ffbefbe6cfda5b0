"""The page of a search: the matches in the requested order, and the shown ones as SearchHits."""

from __future__ import annotations

import numpy as np

from searchsvc.articles import Article
from searchsvc.store import UNDATED_DAY, from_document

from .deadline import check_deadline
from .facets import FacetColumns
from .lru import LRU
from .results import SearchHit, SearchRequest
from .snippets import find_highlights, make_snippet, match_spans


def rank(
    request: SearchRequest, docnums: np.ndarray, scores: np.ndarray, columns: FacetColumns, limit: int
) -> np.ndarray:
    """Return the positions of the first `limit` matches in the requested order."""
    candidates = np.arange(len(docnums))
    keys: tuple[np.ndarray, ...]
    if request.sort == "relevance":
        if len(candidates) > limit > 0:
            # Keep every match scoring at least the limit-th best, so ties stay in docnum order.
            threshold = np.partition(scores, -limit)[-limit]
            candidates = np.flatnonzero(scores >= threshold)
        keys = (docnums[candidates], -scores[candidates])
    else:
        days = columns.day[docnums]
        stamps = columns.stamp[docnums]
        newest_first = -1 if request.sort == "newest" else 1
        # lexsort sorts by the last key first: undated last, then date, then relevance.
        keys = (docnums, -scores, newest_first * stamps, days == UNDATED_DAY)
    return candidates[np.lexsort(keys)][:limit]


def make_hits(
    searcher, query, docnums: list[int], scores: list[float], cache=None, articles: LRU[Article] | None = None
) -> list[SearchHit]:
    """Turn the page's documents into SearchHits with snippets (only these are highlighted)."""
    reader = searcher.reader()
    spans = match_spans(reader, docnums, find_highlights(query, reader), cache=cache)
    articles = articles if articles is not None else LRU(0)
    hits = []
    for docnum, score in zip(docnums, scores):
        check_deadline()
        article = articles.get(docnum) or articles.put(docnum, from_document(searcher.stored_fields(docnum)))
        hits.append(
            SearchHit(
                id=article.id,
                title=article.display_title,
                published=article.published,
                source=article.source,
                author=article.author,
                score=round(score, 4),
                snippet=make_snippet(article.body, spans[docnum]),
                url=article.url,
                language=article.language,
                tags=article.tags,
                versions=article.versions or (article.as_version(),),
            )
        )
    return hits
