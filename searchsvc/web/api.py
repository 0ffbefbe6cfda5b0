"""Blueprint "api": the JSON API."""

from __future__ import annotations

import dataclasses

from flask import Blueprint, current_app, jsonify, request
from marshmallow import ValidationError
from werkzeug.exceptions import BadRequest, NotFound, RequestEntityTooLarge

from searchsvc.query import QueryError
from searchsvc.search import PageNotFound, ResultWindowTooLarge, SearchRequest

from .openapi import make_openapi
from .responses import ArticleSchema, CompletionsSchema, HealthSchema, RelatedSchema
from .schemas import CompleteArgsSchema, RelatedArgsSchema, SearchArgsSchema, shared_schema
from .searchjson import json_response, search_page_body

bp = Blueprint("api", __name__, url_prefix="/api")


def search_index():
    return current_app.extensions["searchsvc"]


class InvalidArguments(BadRequest):
    """A 400 that names each bad parameter."""

    def __init__(self, fields: dict, message: str | None = None):
        super().__init__(message or describe(fields))
        self.fields = fields


def describe(fields: dict) -> str:
    """Say which parameters are bad; with one, say why too, so a client that logs only the message knows."""
    if len(fields) == 1:
        [(name, problems)] = fields.items()
        reasons = " ".join(problems) if isinstance(problems, list) else None
        return f"invalid parameter: {name} ({reasons})" if reasons else f"invalid parameter: {name}"
    return f"invalid parameters: {', '.join(sorted(fields))}"


def load_search_args(args) -> SearchRequest:
    """Validate the query string of a search; raise the HTTP error that fits."""
    limit = current_app.config["MAX_QUERY_LENGTH"]
    q = args.get("q", "")
    if len(q) > limit:
        raise RequestEntityTooLarge(f"the query is {len(q)} characters long; the limit is {limit}")
    try:
        request_ = SearchArgsSchema.load_args(args)
    except ValidationError as error:
        # Schema.load reports by field: a dict (messages_dict says so to mypy, raising otherwise).
        raise InvalidArguments(error.messages_dict) from None
    window = current_app.config["MAX_RESULT_WINDOW"]
    if request_.page * request_.per_page > window:
        message = str(ResultWindowTooLarge(request_, window))
        raise InvalidArguments({"page": [message]}, message)
    return request_


def run_search(request_: SearchRequest):
    """Run a validated search, turning library errors into HTTP errors."""
    try:
        return search_index().search(request_)
    except QueryError as error:
        raise InvalidArguments({"q": [str(error)]}) from None
    except ResultWindowTooLarge as error:
        raise InvalidArguments({"page": [str(error)]}, str(error)) from None
    except PageNotFound as error:
        raise NotFound(str(error)) from None


@bp.get("/search")
def search():
    """Search the stories: ranked hits with snippets, the date facet and the value facets."""
    page = run_search(load_search_args(request.args))
    return json_response(search_page_body(page))


def load_args(schema, args) -> dict:
    """Validate a query string with a schema (an empty parameter counts as absent); 400 naming what is bad."""
    try:
        return schema.load({key: value for key, value in args.items() if value != ""})
    except ValidationError as error:
        raise InvalidArguments(error.normalized_messages()) from None  # a schema's errors: a dict by field


@bp.get("/complete")
def complete():
    """Complete what is being typed: the last word's commonest completions and names, most stories first."""
    args = load_args(shared_schema(CompleteArgsSchema), request.args)
    found = search_index().complete(args["q"], limit=args["limit"])
    # Cached and validated like a search (httpcache.py): typing asks for the same prefixes again and again.
    return jsonify(CompletionsSchema().dump({"q": args["q"], "completions": found}))


@bp.get("/articles/<path:article_id>/related", merge_slashes=False)
def related(article_id: str):
    """Return the stories most like one story (its most distinctive terms, as more_like_this), itself left out."""
    args = load_args(shared_schema(RelatedArgsSchema), request.args)
    found = search_index().related(article_id, limit=args["limit"])
    if found is None:
        raise NotFound(f"no article with id {article_id!r}")
    return jsonify(RelatedSchema().dump(found))


# Record ids may hold slashes (a feed guid is often a URL): path, and no merging of "//".
@bp.get("/articles/<path:article_id>", merge_slashes=False)
def article(article_id: str):
    """Return the full record of one story (by its id or a version's id)."""
    found = search_index().get_article(article_id)
    if found is None:
        raise NotFound(f"no article with id {article_id!r}")
    # A story that was never merged is its own single version.
    found = dataclasses.replace(found, versions=found.versions or (found.as_version(),))
    return jsonify(ArticleSchema().dump(found))


@bp.get("/health")
def health():
    """Report whether the index is there, how much it holds and whether it is warm (503 without an index)."""
    index = search_index()
    stats = index.stats()
    return jsonify(HealthSchema().dump({"status": "ok", **stats, **index.warmup}))


@bp.get("/openapi.json")
def openapi():
    """Return the OpenAPI 3 description of this API."""
    return jsonify(make_openapi())
