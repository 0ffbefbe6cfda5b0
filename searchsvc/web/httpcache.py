"""HTTP caching: Cache-Control, ETags keyed to the index generation, 304 without searching.

A search, article or page response depends only on the index generation that
answered it and on the request (path and query string), so the ETag is a hash
of those two. A client or proxy revalidating with If-None-Match gets a 304
before any search runs; once a new generation is live every ETag changes. The
ETag is strong as asked by caches and proxies that ignore weak ones; only
`took_ms` can differ between two bodies with one ETag, and no range requests
are served.
"""

from __future__ import annotations

import hashlib
from urllib.parse import urlencode

from flask import Flask, g, request

from searchsvc.store import current_generation_name

# Endpoints whose 200 responses are cached and validated; checked against the
# URL map at start-up so a renamed view fails loudly instead of losing caching.
CACHED_ENDPOINTS = (
    "api.search",
    "api.article",
    "api.related",
    "api.complete",
    "web.search_page",
    "web.search_feed",
    "web.article_page",
)
# Endpoints never cached: health must reflect the moment it is asked.
UNCACHED_ENDPOINTS = ("api.health",)

# Bump when response bodies change shape, so old ETags stop matching after an upgrade.
ETAG_VERSION = "1"


def make_etag(generation: str, path: str, args) -> str:
    """Return the strong ETag for a request answered from this generation."""
    query = urlencode(sorted(args.items(multi=True)))
    digest = hashlib.sha256(f"{ETAG_VERSION}\0{generation}\0{path}\0{query}".encode()).hexdigest()
    return f'"{digest[:32]}"'


def init_app(app: Flask) -> None:
    """Answer conditional requests with 304 and add caching headers to responses."""
    known = {rule.endpoint for rule in app.url_map.iter_rules()}
    missing = set(CACHED_ENDPOINTS + UNCACHED_ENDPOINTS) - known
    if missing:
        raise RuntimeError(f"httpcache names endpoints that do not exist: {sorted(missing)}")

    @app.before_request
    def answer_not_modified():
        if request.endpoint not in CACHED_ENDPOINTS or request.method not in ("GET", "HEAD"):
            return None
        index = app.extensions["searchsvc"]
        g.generation_before = index.generation_name
        if not request.if_none_match:
            return None
        # The live pointer, not the generation this worker last searched: the
        # worker may not have noticed a swap yet, and would answer from the new
        # generation on this very request. One small file read, and only here.
        generation = current_generation_name(index.index_dir)
        if generation:
            etag = make_etag(generation, request.path, request.args)
            if request.if_none_match.contains_weak(etag.strip('"')):
                response = app.response_class(status=304)
                response.headers["ETag"] = etag
                return response
        return None

    @app.after_request
    def add_caching_headers(response):
        if request.endpoint in UNCACHED_ENDPOINTS:
            response.headers["Cache-Control"] = "no-store"
        elif request.endpoint in CACHED_ENDPOINTS and response.status_code in (200, 304):
            response.headers["Cache-Control"] = f"public, max-age={app.config['CACHE_MAX_AGE']}"
            if response.status_code == 200:
                generation = app.extensions["searchsvc"].generation_name
                # If another thread swapped generations while this one searched, the
                # body's generation is unknown: send no ETag rather than a wrong one.
                if generation and g.get("generation_before") in (None, generation):
                    response.headers["ETag"] = make_etag(generation, request.path, request.args)
        return response
