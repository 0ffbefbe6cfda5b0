"""The search API's JSON, built without marshmallow, equals what SearchPageSchema dumps."""

import json

import pytest

from searchsvc.search import SearchRequest
from searchsvc.web.responses import SearchPageSchema
from searchsvc.web.searchjson import search_page_body
from tests.web.test_api_search import STORIES  # merged copies, an undated story, a French title

SEED_REQUESTS = [
    SearchRequest(),
    SearchRequest(q="putin"),
    SearchRequest(q='"peace deal"'),
    SearchRequest(q="russia OR ukraine", sort="newest", interval="day"),
    SearchRequest(q="russia", per_page=1, page=2),
    SearchRequest(q="dmitrev"),  # a typo: a page with a suggestion
    SearchRequest(q="trump", interval="week", undated="include"),
]
STORY_REQUESTS = [
    SearchRequest(q="wheat"),
    SearchRequest(q="wheat", tag=("grain",), interval="year"),
    SearchRequest(q="wheat", sort="oldest", undated="exclude"),
]


def pages(open_index, index_dir, requests):
    index = open_index(index_dir)
    return [index.search(request) for request in requests]


@pytest.mark.parametrize("number", range(len(SEED_REQUESTS)))
def test_search_page_body_equals_schema_dump_on_seeds(seed_index, open_index, number):
    [page] = pages(open_index, seed_index, [SEED_REQUESTS[number]])
    assert search_page_body(page) == SearchPageSchema().dump(page)


def test_seed_requests_cover_hits_suggestions_and_buckets(seed_index, open_index):
    found = pages(open_index, seed_index, SEED_REQUESTS)
    assert all(page.hits for page in found[:5])
    assert any(page.suggestion for page in found)
    assert all(page.dates.buckets for page in found[:5])
    assert any(bucket.start for page in found for bucket in page.dates.buckets)


def test_search_page_body_equals_schema_dump_with_versions_and_undated(make_index, open_index):
    found = pages(open_index, make_index(STORIES), STORY_REQUESTS)
    assert [[hit.id for hit in page.hits] for page in found] == [["w2", "w1", "w3"], ["w2", "w1"], ["w1", "w2"]]
    for page in found:
        assert search_page_body(page) == SearchPageSchema().dump(page)


def test_search_response_is_sorted_compact_json_of_the_body(make_index, app_for):
    client = app_for(make_index(STORIES)).test_client()
    response = client.get("/api/search?q=wheat")
    body = response.get_json()
    assert response.mimetype == "application/json"
    assert [hit["title"] for hit in body["hits"]] == ["Wheat prices", "Wheat talks", "Blé"]
    expected = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False) + "\n"
    assert response.data == expected.encode("utf-8")
    assert response.headers["Content-Length"] == str(len(response.data))
