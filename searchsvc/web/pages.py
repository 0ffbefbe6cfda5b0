"""Blueprint "web": the HTML search page and the Atom feed, built from the same SearchPage as the API."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from flask import Blueprint, Response, abort, current_app, render_template, request, url_for
from werkzeug.exceptions import HTTPException

from searchsvc.search import FACET_FIELDS, INTERVALS, SORTS, SearchRequest

from . import pageview
from .api import load_search_args, run_search, search_index
from .feed import build_feed

bp = Blueprint("web", __name__)

SORT_LABELS = {"relevance": "Relevance", "newest": "Newest first", "oldest": "Oldest first"}
FEED_TYPE = "application/atom+xml; charset=utf-8"


@bp.app_context_processor
def page_helpers():
    """Give every template the link and layout helpers."""
    return {
        "view": pageview,
        "SORTS": SORTS,
        "SORT_LABELS": SORT_LABELS,
        "INTERVALS": INTERVALS,
        "FACET_FIELDS": FACET_FIELDS,
        "SearchRequest": SearchRequest,
    }


@bp.get("/")
def search_page():
    """Show the search box, and the results once anything is asked (a query, a filter, a sort)."""
    args = load_search_args(request.args)
    page = run_search(args) if args.q.strip() or args.params(q=None) else None
    return render_template("search.html", args=args, page=page)


@bp.get("/search.atom")
def search_feed():
    """Return the newest stories matching a search as an Atom feed."""
    args = replace(load_search_args(request.args), page=1, sort="newest")
    page = run_search(args)
    feed = build_feed(
        page,
        feed_url=pageview.feed_url(args, _external=True),
        page_url=url_for("web.search_page", **args.params(), _external=True),
        article_url=lambda article_id: url_for("web.article_page", article_id=article_id, _external=True),
        # The index's build time, not now: one generation always gives one body, so the feed can carry an ETag.
        fallback_updated=built_at(search_index().stats()),
    )
    return Response(feed, content_type=FEED_TYPE)


def built_at(stats: dict) -> datetime:
    """Return when the served generation was built (now, for an index that does not say)."""
    try:
        return datetime.fromisoformat(stats["built_at"])
    except (KeyError, TypeError, ValueError):
        return datetime.now(UTC)


# Record ids may hold slashes (a feed guid is often a URL): path, and no merging of "//".
@bp.get("/articles/<path:article_id>", merge_slashes=False)
def article_page(article_id: str):
    """Show one story in full, the query's words marked when arriving from a search."""
    article = current_app.extensions["searchsvc"].get_article(article_id)
    if article is None:
        abort(404, f"There is no article with id {article_id}.")
    args = carried_search(request.args)
    terms = pageview.query_terms(args.q) if args.q else set()
    related = current_app.extensions["searchsvc"].related(article.id)
    return render_template("article.html", article=article, args=args, terms=terms, related=related)


def carried_search(query_args) -> SearchRequest:
    """Return the search an article link came from; a broken one only loses the way back."""
    try:
        return load_search_args(query_args)
    except HTTPException:
        return SearchRequest()
