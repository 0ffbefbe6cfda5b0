"""/api/openapi.json describes every endpoint, parameter and error of the API."""

import re

import pytest
from jsonschema.exceptions import ValidationError
from openapi_schema_validator import OAS30Validator
from openapi_spec_validator import validate

from searchsvc.web.openapi import ERRORS
from searchsvc.web.schemas import SearchArgsSchema


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
    assert set(search) == {"200", "400", "404", "405", "413", "414", "500", "503"}


def test_openapi_search_response_names_its_fields(document):
    page = document["components"]["schemas"]["SearchPage"]["properties"]
    assert set(page) == {
        "query",
        "total",
        "page",
        "per_page",
        "pages",
        "took_ms",
        "generation",
        "hits",
        "facets",
        "suggestion",
    }
    facets = resolve(document, page["facets"]["$ref"])["properties"]
    assert set(facets) == {"published", "source", "author", "tag", "language"}


def check_against(document: dict, name: str, body: dict) -> None:
    """Validate a real response body against the document's schema `name`, $refs included."""
    schema = {"$ref": f"#/components/schemas/{name}", "components": document["components"]}
    OAS30Validator(schema).validate(body)


@pytest.mark.parametrize(
    "url, name",
    [
        ("/api/search?q=dialogue", "SearchPage"),
        ("/api/search?q=dialgoue", "SearchPage"),  # a suggestion instead of hits
        ("/api/search?per_page=100&interval=day", "SearchPage"),
        ("/api/health", "Health"),
        ("/api/search?q=(", "Error"),
        ("/api/search?per_page=0", "Error"),
        ("/api/articles/no-such-story", "Error"),
    ],
)
def test_real_responses_match_their_documented_schemas(document, seed_client, url, name):
    response = seed_client.get(url)
    check_against(document, name, response.get_json())


def test_every_story_in_the_seeds_matches_the_article_schema(document, seed_client):
    hits = seed_client.get("/api/search?per_page=100").get_json()["hits"]
    assert len(hits) == 4
    for hit in hits:
        check_against(document, "Article", seed_client.get(f"/api/articles/{hit['id']}").get_json())


def test_response_schemas_list_their_fields_as_required(document):
    """Clients may rely on every key of a response (a value may be null where the schema says so)."""
    for name, schema in document["components"]["schemas"].items():
        assert set(schema.get("required", ())) == set(schema["properties"]), name


def test_a_response_without_a_documented_field_fails_the_check(document, seed_client):
    body = seed_client.get("/api/health").get_json()
    del body["stories"]
    with pytest.raises(ValidationError, match="stories"):
        check_against(document, "Health", body)
