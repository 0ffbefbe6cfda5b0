"""docs/api.md documents every parameter, response field and endpoint."""

import pytest

from searchsvc.web.openapi import make_openapi
from searchsvc.web.responses import (
    ArticleSchema,
    CompletionSchema,
    CompletionsSchema,
    FacetsSchema,
    HealthSchema,
    RelatedSchema,
    SearchHitSchema,
    SearchPageSchema,
    VersionSchema,
)
from searchsvc.web.schemas import CompleteArgsSchema, RelatedArgsSchema, SearchArgsSchema
from tests.helpers import doc_section

API_SECTION = doc_section("api.md", "API")


@pytest.mark.parametrize(
    "schema",
    [
        SearchArgsSchema,
        SearchPageSchema,
        SearchHitSchema,
        VersionSchema,
        FacetsSchema,
        ArticleSchema,
        HealthSchema,
        RelatedArgsSchema,
        RelatedSchema,
        CompleteArgsSchema,
        CompletionsSchema,
        CompletionSchema,
    ],
)
def test_api_docs_name_every_field(schema):
    for name, field in schema().fields.items():
        assert f"`{field.data_key or name}`" in API_SECTION, name


def test_api_docs_name_every_endpoint():
    for path in make_openapi()["paths"]:
        assert f"`GET {path.replace('{article_id}', '<id>')}`" in API_SECTION, path


def test_api_docs_name_every_parameter_of_the_openapi_document():
    # Path parameters are shown in the endpoint's heading as <id>.
    missing = [
        (path, parameter["name"])
        for path, operations in make_openapi()["paths"].items()
        for operation in operations.values()
        for parameter in operation.get("parameters", [])
        if parameter["in"] != "path" and f"`{parameter['name']}`" not in API_SECTION
    ]
    assert missing == []
