"""A search page as JSON without marshmallow: the body SearchPageSchema dumps, built as plain dicts.

Dumping through the schema walked some 200 fields a page, about a tenth of a search that
is asked once; the dataclasses already hold valid values, so building the dict directly
gives the same answer (tests/web/test_search_json.py checks it against the schema's dump).
orjson encodes it with sorted keys and no spaces, as Flask's jsonify does.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import orjson
from flask import Response, current_app

from searchsvc.articles import Version
from searchsvc.search import Bucket, DateFacet, SearchHit, SearchPage, Suggestion


def search_page_body(page: SearchPage) -> dict[str, Any]:
    """Return what SearchPageSchema().dump(page) returns."""
    suggestion = page.suggestion
    return {
        "query": page.query,
        "total": page.total,
        "page": page.page,
        "per_page": page.per_page,
        "pages": page.pages,
        "took_ms": float(page.took_ms),
        "generation": page.generation,
        "hits": [hit_body(hit) for hit in page.hits],
        "facets": {"published": date_facet_body(page.dates), **{k: values(v) for k, v in page.facets.items()}},
        "suggestion": None if suggestion is None else suggestion_body(suggestion),
    }


def hit_body(hit: SearchHit) -> dict[str, Any]:
    """Return what SearchHitSchema dumps for one hit."""
    return {
        "id": hit.id,
        "title": hit.title,
        "published": iso(hit.published),
        "source": hit.source,
        "author": hit.author,
        "score": float(hit.score),
        "snippet": hit.snippet,
        "url": hit.url,
        "language": hit.language,
        "tags": list(hit.tags),
        "versions": [version_body(version) for version in hit.versions],
    }


def version_body(version: Version) -> dict[str, Any]:
    """Return what VersionSchema dumps for one copy."""
    return {
        "id": version.id,
        "path": version.path,
        "source": version.source,
        "published": iso(version.published),
        "title": version.title,
        "url": version.url,
    }


def date_facet_body(facet: DateFacet) -> dict[str, Any]:
    buckets = [{"key": b.key, "count": b.count, "start": iso(b.start), "end": iso(b.end)} for b in facet.buckets]
    return {"interval": facet.interval, "buckets": buckets, "undated": facet.undated}


def values(found: list[Bucket]) -> list[dict[str, Any]]:
    """Return a value facet's buckets: key and count only (FacetValueSchema)."""
    return [{"key": b.key, "count": b.count} for b in found]


def suggestion_body(suggestion: Suggestion) -> dict[str, Any]:
    return {"q": suggestion.q, "params": dict(suggestion.params), "total": suggestion.total}


def iso(value: date | datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def json_response(body: dict[str, Any]) -> Response:
    """Return body as a JSON response, keys sorted and compact like jsonify's (non-ASCII as UTF-8)."""
    return current_app.response_class(
        orjson.dumps(body, option=orjson.OPT_SORT_KEYS | orjson.OPT_APPEND_NEWLINE), mimetype="application/json"
    )
