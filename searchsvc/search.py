"""Query -> SearchPage. Whoosh objects never leave this module."""

from __future__ import annotations

import threading
import time
from collections import Counter
from pathlib import Path

from whoosh import highlight

from .articles import Article
from .generations import Generation, current_generation, current_generation_name
from .index import UNDATED, from_document
from .query import parse_query, weighting
from .results import Bucket, DateFacet, SearchHit, SearchPage, SearchRequest
from .suggest import suggest

SNIPPET_CHARS = 200
SNIPPET_FRAGMENTS = 3


class PageNotFound(LookupError):
    """The requested page lies past the last hit."""


class MarkFormatter(highlight.HtmlFormatter):
    """Wrap matches in <mark>; HtmlFormatter escapes the text around them."""

    def format_token(self, text, token, replace=False):
        return "<mark>%s</mark>" % highlight.htmlescape(highlight.get_text(text, token, replace), quote=False)


class SearchIndex:
    """One long-lived searcher over an index directory, refreshed when a new generation lands.

    Searches are serialised by a lock: Whoosh readers share file handles, and the
    work is CPU-bound under the GIL anyway.
    """

    def __init__(self, index_dir: str | Path, refresh_interval: float = 1.0):
        self.index_dir = Path(index_dir)
        self.refresh_interval = refresh_interval
        self._lock = threading.Lock()
        self._generation: Generation | None = None
        self._searcher = None
        self._checked_at = 0.0

    def _current(self):
        """Return the searcher of the live generation, reopening it when the generation changed."""
        now = time.monotonic()
        if self._searcher is not None and now - self._checked_at < self.refresh_interval:
            return self._searcher
        self._checked_at = now
        name = current_generation_name(self.index_dir)
        if self._searcher is None or name != self._generation.name:
            generation = current_generation(self.index_dir)  # raises IndexMissing
            searcher = generation.open().searcher(weighting=weighting())
            if self._searcher is not None:
                self._searcher.close()
            self._generation, self._searcher = generation, searcher
        return self._searcher

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

    def search(self, request: SearchRequest) -> SearchPage:
        """Run a search and return one page of hits with the date facet of all matches."""
        started = time.perf_counter()
        q, page, per_page = request.q, request.page, request.per_page
        with self._lock:
            searcher = self._current()
            query = parse_query(q, searcher.schema, searcher)
            matched = list(query.docs(searcher)) if q.strip() else list(searcher.reader().all_doc_ids())
            total = len(matched)
            if page > 1 and (page - 1) * per_page >= total:
                raise PageNotFound(f"page {page} is past the last page ({max(1, -(-total // per_page))})")
            dates = count_months(searcher, matched)
            hits = []
            if total:
                results = searcher.search(query, limit=page * per_page, optimize=False, terms=True)
                results.formatter = MarkFormatter(tagname="mark")
                results.fragmenter = highlight.ContextFragmenter(maxchars=SNIPPET_CHARS, surround=60)
                hits = [to_hit(hit) for hit in results[(page - 1) * per_page : page * per_page]]
            return SearchPage(
                request=request,
                total=total,
                hits=hits,
                dates=dates,
                took_ms=round((time.perf_counter() - started) * 1000, 2),
                generation=self._generation.name,
                suggestion=suggest(searcher, request, total),
            )

    def close(self) -> None:
        with self._lock:
            if self._searcher is not None:
                self._searcher.close()
                self._searcher = None


def count_months(searcher, docnums: list[int]) -> DateFacet:
    """Count matches per calendar month from the sortable month column."""
    column = searcher.reader().column_reader("month")
    counts = Counter(column[d] for d in docnums)
    counts = Counter({(k.decode() if isinstance(k, bytes) else k): v for k, v in counts.items()})
    undated = counts.pop(UNDATED, 0)
    buckets = [Bucket(key, counts[key]) for key in sorted(counts)]
    return DateFacet(interval="month", buckets=buckets, undated=undated)


def to_hit(hit) -> SearchHit:
    """Turn a Whoosh hit into a SearchHit with a highlighted snippet."""
    article = from_document(hit.fields())
    snippet = hit.highlights("body", top=SNIPPET_FRAGMENTS) if hit.matched_terms() else ""
    if not snippet:
        snippet = lead_snippet(article.body)
    return SearchHit(
        id=article.id,
        title=article.display_title,
        published=article.published,
        source=article.source,
        author=article.author,
        score=round(hit.score or 0.0, 4),
        snippet=snippet,
        url=article.url,
        language=article.language,
        tags=article.tags,
        versions=article.versions,
    )


def lead_snippet(body: str, limit: int = SNIPPET_CHARS) -> str:
    """Return the story's opening, cut at a word boundary and HTML-escaped."""
    text = " ".join(body.split())
    if len(text) > limit:
        text = text[:limit].rsplit(" ", 1)[0] + " …"
    return highlight.htmlescape(text, quote=False)

