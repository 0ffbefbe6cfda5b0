"""marshmallow schemas of request arguments (load): validated at the edge into search requests."""

from __future__ import annotations

import re

from marshmallow import EXCLUDE, Schema, ValidationError, fields, post_load, validate, validates_schema

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


def facet_filter(plural: str) -> fields.List:
    """Return a repeatable filter on one facet's exact keys."""
    return fields.List(
        fields.String(),
        load_default=list,
        metadata={"description": f"Only stories with one of these {plural} (repeatable; exact facet keys)."},
    )


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
    source = facet_filter("sources")
    author = facet_filter("authors")
    tag = facet_filter("tags")
    language = facet_filter("languages")

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
        return shared_schema(cls).load({key: value for key, value in flat.items() if value not in ("", [])})


# One instance per schema class: building one deep-copies every field, a tenth of a millisecond
# a request. Loading keeps no state in the schema, so threads may share it.
SHARED: dict[type[Schema], Schema] = {}


def shared_schema(cls: type[Schema]) -> Schema:
    """Return the one shared instance of a schema class."""
    schema = SHARED.get(cls)
    if schema is None:
        schema = SHARED[cls] = cls()
    return schema


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


class RelatedArgsSchema(Schema):
    """Query-string arguments of GET /api/articles/<id>/related."""

    class Meta:
        unknown = EXCLUDE

    limit = limit_field(RELATED_SHOWN, MAX_RELATED, "Related stories to list")
