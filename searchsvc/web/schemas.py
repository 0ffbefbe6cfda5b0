"""marshmallow schemas: request arguments (load) and responses (dump)."""

from __future__ import annotations

import re

from marshmallow import EXCLUDE, Schema, ValidationError, fields, post_load, pre_dump, validate, validates_schema

from searchsvc.search import (
    FACET_FIELDS,
    INTERVALS,
    MAX_COMPLETIONS,
    MAX_RELATED,
    RELATED_SHOWN,
    SORTS,
    UNDATED_CHOICES,
    SearchRequest,
)

ASCII_NUMBER = re.compile(r"-?[0-9]+")
# Completion is for what is being typed into a search box, not for pasted texts.
MAX_COMPLETED_LENGTH = 200


class PlainInteger(fields.Integer):
    """An integer written in ASCII digits only. Python's int() also reads "1_0", " 7 " and
    full-width or Arabic-Indic digits; a search API should not guess at those."""

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, str) and not ASCII_NUMBER.fullmatch(value):
            raise self.make_error("invalid")
        return super()._deserialize(value, attr, data, **kwargs)


class SearchArgsSchema(Schema):
    """Query-string arguments of GET /api/search, the search page and the feed."""

    class Meta:
        unknown = EXCLUDE  # unknown parameters are ignored, as in every search API

    q = fields.String(load_default="", metadata={"description": "The query (see README: query language)."})
    page = PlainInteger(
        load_default=1, validate=validate.Range(min=1), metadata={"description": "Page number, from 1."}
    )
    per_page = PlainInteger(
        load_default=10, validate=validate.Range(min=1, max=100), metadata={"description": "Hits per page, 1 to 100."}
    )
    sort = fields.String(
        load_default="relevance",
        validate=validate.OneOf(SORTS),
        metadata={"description": "relevance, newest or oldest."},
    )
    interval = fields.String(
        load_default="month",
        validate=validate.OneOf(INTERVALS),
        metadata={"description": "Date facet buckets: year, month, ISO week or day."},
    )
    date_from = fields.Date(
        data_key="from", load_default=None, metadata={"description": "First day (ISO date), inclusive."}
    )
    date_to = fields.Date(data_key="to", load_default=None, metadata={"description": "Last day (ISO date), inclusive."})
    undated = fields.String(
        load_default=None,
        validate=validate.OneOf(UNDATED_CHOICES),
        metadata={
            "description": "include or exclude stories without a date. By default they are kept, "
            "except when from or to is given: a date range leaves them out unless undated=include."
        },
    )
    source = fields.List(
        fields.String(),
        load_default=list,
        metadata={"description": "Only stories with one of these sources (repeatable; exact facet keys)."},
    )
    author = fields.List(
        fields.String(),
        load_default=list,
        metadata={"description": "Only stories with one of these authors (repeatable; exact facet keys)."},
    )
    tag = fields.List(
        fields.String(),
        load_default=list,
        metadata={"description": "Only stories with one of these tags (repeatable; exact facet keys)."},
    )
    language = fields.List(
        fields.String(),
        load_default=list,
        metadata={"description": "Only stories with one of these languages (repeatable; exact facet keys)."},
    )

    @validates_schema
    def check_date_order(self, data, **kwargs):
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise ValidationError("must not be after 'to'", field_name="from")

    @post_load
    def make_request(self, data, **kwargs) -> SearchRequest:
        for name in FACET_FIELDS:
            data[name] = tuple(v for v in data[name] if v)
        return SearchRequest(**data)

    @classmethod
    def load_args(cls, args) -> SearchRequest:
        """Load from a werkzeug MultiDict: repeatable parameters keep every value.

        An empty parameter counts as absent, as an HTML form sends its empty fields (`to=`).
        """
        flat = {key: (args.getlist(key) if key in FACET_FIELDS else args.get(key)) for key in args}
        return cls().load({key: value for key, value in flat.items() if value not in ("", [])})


def always_present(schema: type[Schema]) -> type[Schema]:
    """Mark every field of a response schema required: the API always sends each key (null where
    allowed), so clients reading the OpenAPI document may rely on them."""
    for field in schema._declared_fields.values():
        field.required = True
    return schema


@always_present
class VersionSchema(Schema):
    """One merged copy of a story."""

    id = fields.String()
    path = fields.String(allow_none=True)
    source = fields.String(allow_none=True)
    published = fields.DateTime(allow_none=True)
    title = fields.String(allow_none=True)
    url = fields.String(allow_none=True)


@always_present
class SearchHitSchema(Schema):
    """One story in the results."""

    id = fields.String()
    title = fields.String(metadata={"description": "The title, or the body's opening words when there is none."})
    published = fields.DateTime(allow_none=True)
    source = fields.String(allow_none=True)
    author = fields.String(allow_none=True)
    score = fields.Float(metadata={"description": "BM25F relevance score."})
    snippet = fields.String(
        metadata={"description": "HTML: text escaped, matches in <mark>, fragments joined by ' … '."}
    )
    url = fields.String(allow_none=True)
    language = fields.String(allow_none=True)
    tags = fields.List(fields.String())
    versions = fields.List(
        fields.Nested(VersionSchema), metadata={"description": "Every copy of the story, itself included."}
    )


@always_present
class BucketSchema(Schema):
    """One date bucket: its key, count and the days it covers."""

    key = fields.String(metadata={"description": "2025, 2025-04, 2025-W14 or 2025-04-06."})
    count = fields.Integer()
    start = fields.Date(allow_none=True, metadata={"description": "First day of the bucket."})
    end = fields.Date(allow_none=True, metadata={"description": "Last day of the bucket (inclusive)."})


@always_present
class FacetValueSchema(Schema):
    """One facet value: a key to pass back as a filter, and how many stories have it."""

    key = fields.String()
    count = fields.Integer()


@always_present
class SuggestionSchema(Schema):
    q = fields.String()
    params = fields.Dict(metadata={"description": "Query parameters that run the suggested search."})
    total = fields.Integer()


@always_present
class DateFacetSchema(Schema):
    """Calendar buckets of the matches, ignoring the date filter."""

    interval = fields.String()
    buckets = fields.List(fields.Nested(BucketSchema))
    undated = fields.Integer(metadata={"description": "Matches without a date."})


def value_facet(name: str):
    return fields.List(
        fields.Nested(FacetValueSchema),
        metadata={"description": f"Top {name} values, most frequent first; counts ignore the {name} filter only."},
    )


@always_present
class FacetsSchema(Schema):
    """Facet counts; each respects every filter except its own."""

    published = fields.Nested(DateFacetSchema)
    source = value_facet("source")
    author = value_facet("author")
    tag = value_facet("tag")
    language = value_facet("language")


@always_present
class SearchPageSchema(Schema):
    """One page of results."""

    query = fields.String()
    total = fields.Integer(metadata={"description": "Stories matching the query and every filter."})
    page = fields.Integer()
    per_page = fields.Integer()
    pages = fields.Integer()
    took_ms = fields.Float(metadata={"description": "Time the search took, in milliseconds."})
    generation = fields.String(metadata={"description": "Index generation that answered."})
    hits = fields.List(fields.Nested(SearchHitSchema))
    facets = fields.Nested(FacetsSchema)
    suggestion = fields.Nested(SuggestionSchema, allow_none=True)

    @pre_dump
    def gather_facets(self, page, **kwargs):
        names = ("query", "total", "page", "per_page", "pages", "took_ms", "generation", "hits", "suggestion")
        return {**{name: getattr(page, name) for name in names}, "facets": {"published": page.dates, **page.facets}}


@always_present
class ArticleSchema(Schema):
    """The full record of a story."""

    id = fields.String()
    title = fields.String(allow_none=True)
    display_title = fields.String()
    published = fields.DateTime(allow_none=True)
    published_raw = fields.String(allow_none=True)
    source = fields.String(allow_none=True)
    author = fields.String(allow_none=True)
    tags = fields.List(fields.String())
    url = fields.String(allow_none=True)
    language = fields.String(allow_none=True)
    path = fields.String(allow_none=True)
    body = fields.String()
    versions = fields.List(fields.Nested(VersionSchema))


def limit_field(default: int, most: int, what: str) -> PlainInteger:
    """Return a `limit` parameter from 1 to `most`."""
    return PlainInteger(
        load_default=default,
        validate=validate.Range(min=1, max=most),
        metadata={"description": f"{what}, 1 to {most}."},
    )


class CompleteArgsSchema(Schema):
    """Query-string arguments of GET /api/complete."""

    class Meta:
        unknown = EXCLUDE

    q = fields.String(
        load_default="",
        validate=validate.Length(max=MAX_COMPLETED_LENGTH),
        metadata={"description": f"What has been typed so far (at most {MAX_COMPLETED_LENGTH} characters)."},
    )
    limit = limit_field(MAX_COMPLETIONS, MAX_COMPLETIONS, "Completions to return")


@always_present
class CompletionSchema(Schema):
    """One completion."""

    text = fields.String(metadata={"description": "The whole search box text with its last word completed, or a name."})
    kind = fields.String(metadata={"description": "word, author, source or tag."})
    count = fields.Integer(metadata={"description": "Stories holding the word or name."})


@always_present
class CompletionsSchema(Schema):
    """Completions of a typed text, most useful (most stories) first."""

    q = fields.String()
    completions = fields.List(fields.Nested(CompletionSchema))


class RelatedArgsSchema(Schema):
    """Query-string arguments of GET /api/articles/<id>/related."""

    class Meta:
        unknown = EXCLUDE

    limit = limit_field(RELATED_SHOWN, MAX_RELATED, "Related stories to list")


@always_present
class RelatedSchema(Schema):
    """The stories most like one story, best first."""

    id = fields.String(metadata={"description": "The story the others are related to."})
    hits = fields.List(fields.Nested(SearchHitSchema), metadata={"description": "As in a search, best first."})


@always_present
class HealthSchema(Schema):
    """What the index being served holds."""

    status = fields.String()
    stories = fields.Integer()
    articles = fields.Integer()
    generation = fields.String()
    built_at = fields.String()
    ready = fields.Boolean(metadata={"description": "Whether this worker serves a warmed generation."})
    warming = fields.String(
        allow_none=True, metadata={"description": "The generation being warmed beside the live one, if any."}
    )
    warmup_ms = fields.Float(allow_none=True, metadata={"description": "How long the last warm-up took."})
    warmed_queries = fields.Integer(allow_none=True, metadata={"description": "Searches the last warm-up replayed."})


class ErrorSchema(Schema):
    """The one error envelope of every /api error."""

    status = fields.Integer(required=True)
    error = fields.String(required=True, metadata={"description": "Short name of the HTTP status."})
    message = fields.String(required=True)
    fields_ = fields.Dict(
        data_key="fields",
        required=True,
        allow_none=True,
        metadata={"description": "Per-parameter messages; null when no parameter is to blame."},
    )
