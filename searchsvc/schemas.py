"""marshmallow schemas: request arguments (load) and responses (dump)."""

from __future__ import annotations

from marshmallow import EXCLUDE, Schema, ValidationError, fields, post_load, validate, validates_schema

from .results import FACET_FIELDS, INTERVALS, SORTS, UNDATED_CHOICES, SearchRequest


class SearchArgsSchema(Schema):
    """Query-string arguments of GET /api/search, the search page and the feed."""

    class Meta:
        unknown = EXCLUDE  # unknown parameters are ignored, as in every search API

    q = fields.String(load_default="", metadata={"description": "The query (see README: query language)."})
    page = fields.Integer(load_default=1, validate=validate.Range(min=1), metadata={"description": "Page number, from 1."})
    per_page = fields.Integer(
        load_default=10, validate=validate.Range(min=1, max=100), metadata={"description": "Hits per page, 1 to 100."}
    )
    sort = fields.String(load_default="relevance", validate=validate.OneOf(SORTS), metadata={"description": "relevance, newest or oldest."})
    interval = fields.String(
        load_default="month", validate=validate.OneOf(INTERVALS), metadata={"description": "Date facet buckets: year, month, week or day."}
    )
    date_from = fields.Date(data_key="from", load_default=None, metadata={"description": "First day (ISO date), inclusive."})
    date_to = fields.Date(data_key="to", load_default=None, metadata={"description": "Last day (ISO date), inclusive."})
    undated = fields.String(
        load_default="include", validate=validate.OneOf(UNDATED_CHOICES), metadata={"description": "include or exclude undated stories when filtering by date."}
    )
    source = fields.List(fields.String(), load_default=list, metadata={"description": "Only these sources (repeatable)."})
    author = fields.List(fields.String(), load_default=list, metadata={"description": "Only these authors (repeatable)."})
    tag = fields.List(fields.String(), load_default=list, metadata={"description": "Only these tags (repeatable)."})
    language = fields.List(fields.String(), load_default=list, metadata={"description": "Only these languages (repeatable)."})

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
        """Load from a werkzeug MultiDict: repeatable parameters keep every value."""
        flat = {key: (args.getlist(key) if key in FACET_FIELDS else args.get(key)) for key in args}
        return cls().load(flat)


class VersionSchema(Schema):
    id = fields.String()
    path = fields.String(allow_none=True)
    source = fields.String(allow_none=True)
    published = fields.DateTime(allow_none=True)
    title = fields.String(allow_none=True)
    url = fields.String(allow_none=True)


class SearchHitSchema(Schema):
    id = fields.String()
    title = fields.String()
    published = fields.DateTime(allow_none=True)
    source = fields.String(allow_none=True)
    author = fields.String(allow_none=True)
    score = fields.Float()
    snippet = fields.String(metadata={"description": "HTML: text escaped, matches in <mark>."})
    url = fields.String(allow_none=True)
    language = fields.String(allow_none=True)
    tags = fields.List(fields.String())
    versions = fields.List(fields.Nested(VersionSchema))


class BucketSchema(Schema):
    key = fields.String()
    count = fields.Integer()
    start = fields.Date(allow_none=True)
    end = fields.Date(allow_none=True)


class SuggestionSchema(Schema):
    q = fields.String()
    params = fields.Dict()
    total = fields.Integer()


class DateFacetSchema(Schema):
    interval = fields.String()
    buckets = fields.List(fields.Nested(BucketSchema))
    undated = fields.Integer()


class SearchPageSchema(Schema):
    query = fields.String()
    total = fields.Integer()
    page = fields.Integer()
    per_page = fields.Integer()
    pages = fields.Integer()
    took_ms = fields.Float()
    generation = fields.String()
    hits = fields.List(fields.Nested(SearchHitSchema))
    facets = fields.Method("dump_facets")
    suggestion = fields.Nested(SuggestionSchema, allow_none=True)

    def dump_facets(self, page):
        facets = {"published": DateFacetSchema().dump(page.dates)}
        for name, buckets in page.facets.items():
            facets[name] = BucketSchema(many=True, only=("key", "count")).dump(buckets)
        return facets


class ArticleSchema(Schema):
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


class HealthSchema(Schema):
    status = fields.String()
    stories = fields.Integer()
    articles = fields.Integer()
    generation = fields.String()
    built_at = fields.String()


class ErrorSchema(Schema):
    """The one error envelope of every /api error."""

    status = fields.Integer()
    error = fields.String(metadata={"description": "Short name of the HTTP status."})
    message = fields.String()
    fields_ = fields.Dict(data_key="fields", load_default=None, metadata={"description": "Per-parameter messages."})
