"""marshmallow schemas of responses (dump): what the API answers, and what OpenAPI documents."""

from __future__ import annotations

from marshmallow import Schema, fields, pre_dump


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
