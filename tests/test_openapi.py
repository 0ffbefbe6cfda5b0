"""/api/openapi.json describes every endpoint, parameter and error of the API."""

import re

import pytest
from openapi_spec_validator import validate

from searchsvc.openapi import ERRORS
from searchsvc.schemas import SearchArgsSchema


@pytest.fixture
def document(seed_client):
    response = seed_client.get("/api/openapi.json")
    assert response.status_code == 200
    return response.get_json()


def resolve(document: dict, ref: str) -> dict:
    assert ref.startswith("#/")
    node = document
    for part in ref[2:].split("/"):
        node = node[part]
    return node


def refs(node):
    if isinstance(node, dict):
        if "$ref" in node:
            yield node["$ref"]
        for value in node.values():
            yield from refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from refs(value)


def test_openapi_lists_every_api_route(document, seed_client):
    routes = {
        re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule)
        for rule in seed_client.application.url_map.iter_rules()
        if rule.rule.startswith("/api/")
    }
    assert set(document["paths"]) == routes
    assert document["openapi"].startswith("3.0")
    assert document["info"]["title"] == "searchsvc"


def test_openapi_documents_every_search_parameter(document):
    parameters = document["paths"]["/api/search"]["get"]["parameters"]
    expected = [field.data_key or name for name, field in SearchArgsSchema().fields.items()]
    assert [p["name"] for p in parameters] == expected
    assert all(p["in"] == "query" and p["description"] for p in parameters)
    repeatable = {p["name"] for p in parameters if p["schema"]["type"] == "array"}
    assert repeatable == {"source", "author", "tag", "language"}


def test_openapi_document_is_valid_openapi_3(document):
    validate(document)


def test_openapi_every_reference_resolves(document):
    for ref in refs(document):
        resolve(document, ref)


def test_openapi_errors_answer_the_envelope(document):
    assert set(document["components"]["responses"]) == set(ERRORS)
    for status in ERRORS:
        schema = document["components"]["responses"][status]["content"]["application/json"]["schema"]
        assert resolve(document, schema["$ref"])["properties"].keys() == {"status", "error", "message", "fields"}
    search = document["paths"]["/api/search"]["get"]["responses"]
    assert set(search) == {"200", "400", "404", "405", "413", "500", "503"}


def test_openapi_search_response_names_its_fields(document):
    page = document["components"]["schemas"]["SearchPage"]["properties"]
    assert set(page) == {"query", "total", "page", "per_page", "pages", "took_ms", "generation", "hits",
                         "facets", "suggestion"}
    facets = resolve(document, page["facets"]["$ref"])["properties"]
    assert set(facets) == {"published", "source", "author", "tag", "language"}
