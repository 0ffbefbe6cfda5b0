"""README's API section documents every parameter, response field and endpoint."""

import pytest

from searchsvc.web.openapi import make_openapi
from searchsvc.web.schemas import (
    ArticleSchema,
    FacetsSchema,
    HealthSchema,
    SearchArgsSchema,
    SearchHitSchema,
    SearchPageSchema,
    VersionSchema,
)
from tests.helpers import ROOT

API_SECTION = (ROOT / "README.md").read_text(encoding="utf-8").split("## API\n", 1)[1].split("\n## ", 1)[0]
# The health fields of warming are documented with serving.
API_SECTION += (
    (ROOT / "docs" / "serving.md").read_text(encoding="utf-8").split("## Health\n", 1)[1].split("\n## ", 1)[0]
)


@pytest.mark.parametrize(
    "schema",
    [SearchArgsSchema, SearchPageSchema, SearchHitSchema, VersionSchema, FacetsSchema, ArticleSchema, HealthSchema],
)
def test_api_docs_name_every_field(schema):
    for name, field in schema().fields.items():
        assert f"`{field.data_key or name}`" in API_SECTION, name


def test_api_docs_name_every_endpoint():
    for path in make_openapi()["paths"]:
        assert f"`GET {path.replace('{article_id}', '<id>')}`" in API_SECTION, path
