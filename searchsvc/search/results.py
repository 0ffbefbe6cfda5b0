"""What a search asks for and what it returns: plain dataclasses shared by API, page and CLI."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from searchsvc.articles import Version

SORTS = ("relevance", "newest", "oldest")
INTERVALS = ("year", "month", "week", "day")
UNDATED_CHOICES = ("include", "exclude")
FACET_FIELDS = ("source", "author", "tag", "language")
MATCH_ALL = ("*", "*:*")


@dataclass(frozen=True)
class SearchRequest:
    """A validated search: the query and every filter, sort and paging choice."""

    q: str = ""
    page: int = 1
    per_page: int = 10
    sort: str = "relevance"
    interval: str = "month"
    date_from: date | None = None
    date_to: date | None = None
    # None: undated stories are kept unless a date range is asked (a range, like SQL's BETWEEN and
    # Elasticsearch's range query, leaves out what has no date); "include"/"exclude" say it outright.
    undated: str | None = None
    source: tuple[str, ...] = ()
    author: tuple[str, ...] = ()
    tag: tuple[str, ...] = ()
    language: tuple[str, ...] = ()

    def __post_init__(self):
        # Lucene's and Elasticsearch's match-all forms: every story, as an empty query finds.
        if self.q.strip() in MATCH_ALL:
            object.__setattr__(self, "q", "")

    @property
    def keeps_undated(self) -> bool:
        """Tell whether stories without a date pass the date filter."""
        if self.undated is None:
            return not (self.date_from or self.date_to)
        return self.undated == "include"

    def params(self, **changes) -> dict:
        """Return URL query parameters for this request (defaults left out), with changes applied."""
        values = {
            "q": self.q,
            "page": self.page,
            "per_page": self.per_page,
            "sort": self.sort,
            "interval": self.interval,
            "from": self.date_from.isoformat() if self.date_from else None,
            "to": self.date_to.isoformat() if self.date_to else None,
            "undated": self.undated,
            "source": list(self.source),
            "author": list(self.author),
            "tag": list(self.tag),
            "language": list(self.language),
        }
        values.update(changes)
        defaults = {"page": 1, "per_page": 10, "sort": "relevance", "interval": "month"}
        return {k: v for k, v in values.items() if v not in (None, "", [], ()) and defaults.get(k) != v}


@dataclass(frozen=True)
class Bucket:
    """One facet value and how many matching stories have it."""

    key: str
    count: int
    # For date buckets: the first and last day the bucket covers (inclusive).
    start: date | None = None
    end: date | None = None


@dataclass(frozen=True)
class DateFacet:
    interval: str
    buckets: list[Bucket]
    undated: int


@dataclass(frozen=True)
class Suggestion:
    """A corrected query that finds more, and the parameters that run it."""

    q: str
    params: dict
    total: int


@dataclass(frozen=True)
class SearchHit:
    id: str
    title: str
    published: datetime | None
    source: str | None
    author: str | None
    score: float
    snippet: str
    url: str | None = None
    language: str | None = None
    tags: tuple[str, ...] = ()
    versions: tuple[Version, ...] = ()


@dataclass(frozen=True)
class SearchPage:
    request: SearchRequest
    total: int
    hits: list[SearchHit]
    dates: DateFacet
    took_ms: float
    generation: str
    facets: dict[str, list[Bucket]] = field(default_factory=dict)
    suggestion: Suggestion | None = None

    @property
    def query(self) -> str:
        return self.request.q

    @property
    def page(self) -> int:
        return self.request.page

    @property
    def per_page(self) -> int:
        return self.request.per_page

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.request.per_page))
