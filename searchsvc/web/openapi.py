"""The OpenAPI document of /api, generated from the marshmallow schemas."""

from __future__ import annotations

from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin

from .responses import ArticleSchema, CompletionsSchema, ErrorSchema, HealthSchema, RelatedSchema, SearchPageSchema
from .schemas import CompleteArgsSchema, RelatedArgsSchema, SearchArgsSchema

OPENAPI_VERSION = "3.0.3"
ERRORS = {
    "400": "A bad parameter (named in `fields`), an unreadable query, or paging past the result window.",
    "404": "No such article, or a page past the last one.",
    "405": "Method not allowed.",
    "413": "The query is longer than the limit.",
    "414": "The request line is longer than the server accepts (8190 bytes).",
    "500": "Unexpected error.",
    "503": "No index has been built yet.",
}

ARTICLE_ID = {
    "in": "path",
    "name": "article_id",
    "required": True,
    "schema": {"type": "string"},
    "description": "A story id or the id of one of its versions (it may hold slashes).",
}


def package_version() -> str:
    try:
        return version("searchsvc")
    except PackageNotFoundError:
        return "0.1.0"


def json_response(description: str, schema: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def errors(*statuses: str) -> dict:
    """Return the error responses of an operation, all sharing the envelope."""
    return {status: {"$ref": f"#/components/responses/{status}"} for status in statuses}


@lru_cache(maxsize=1)
def make_openapi() -> dict:
    """Return the OpenAPI document of every /api endpoint."""
    spec = APISpec(
        title="searchsvc",
        version=package_version(),
        openapi_version=OPENAPI_VERSION,
        plugins=[MarshmallowPlugin()],
        info={"description": "Full-text search over news stories. Every error answers the Error envelope."},
    )
    for name, schema in (
        ("Error", ErrorSchema),
        ("SearchPage", SearchPageSchema),
        ("Article", ArticleSchema),
        ("Health", HealthSchema),
        ("Related", RelatedSchema),
        ("Completions", CompletionsSchema),
    ):
        spec.components.schema(name, schema=schema)
    for status, description in ERRORS.items():
        spec.components.response(status, json_response(description, "Error"))
    spec.path(
        "/api/search",
        operations={
            "get": {
                "summary": "Search the stories",
                "description": "Ranked stories with snippets, a date facet and source/author/tag/language facets. "
                "Several values of one filter are OR-ed; different filters are AND-ed. Each facet "
                "counts with every filter but its own. Unknown parameters are ignored.",
                "parameters": [{"in": "query", "schema": SearchArgsSchema}],
                "responses": {
                    "200": json_response("One page of results", "SearchPage"),
                    **errors("400", "404", "405", "413", "414", "500", "503"),
                },
            }
        },
    )
    spec.path(
        "/api/complete",
        operations={
            "get": {
                "summary": "Complete what is being typed",
                "description": "Up to 10 completions: the last word's completions among the words stories write "
                "(the text before it kept), and author, source and tag names with a word starting with the whole "
                "text typed; most stories first, names before words on ties.",
                "parameters": [{"in": "query", "schema": CompleteArgsSchema}],
                "responses": {
                    "200": json_response("The completions", "Completions"),
                    **errors("400", "405", "500", "503"),
                },
            }
        },
    )
    spec.path(
        "/api/articles/{article_id}",
        operations={
            "get": {
                "summary": "One story in full",
                "description": "The id of any version finds its story.",
                "parameters": [ARTICLE_ID],
                "responses": {"200": json_response("The story", "Article"), **errors("404", "405", "500", "503")},
            }
        },
    )
    spec.path(
        "/api/articles/{article_id}/related",
        operations={
            "get": {
                "summary": "Stories related to one story",
                "description": "The stories most like it, by the index's own term statistics: its title and "
                "body's most distinctive terms (tf x idf, as Elasticsearch's more_like_this), any of them, "
                "ranked by BM25F. The story itself and its versions are left out. Hits have the shape of "
                "/api/search hits.",
                "parameters": [ARTICLE_ID, {"in": "query", "schema": RelatedArgsSchema}],
                "responses": {
                    "200": json_response("The related stories", "Related"),
                    **errors("400", "404", "405", "500", "503"),
                },
            }
        },
    )
    spec.path(
        "/api/health",
        operations={
            "get": {
                "summary": "What the served index holds",
                "responses": {"200": json_response("The index is served", "Health"), **errors("405", "500", "503")},
            }
        },
    )
    spec.path(
        "/api/openapi.json",
        operations={
            "get": {
                "summary": "This document",
                "responses": {
                    "200": {"description": "The OpenAPI document", "content": {"application/json": {}}},
                    **errors("405", "500"),
                },
            }
        },
    )
    return spec.to_dict()
