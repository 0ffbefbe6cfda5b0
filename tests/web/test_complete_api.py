"""GET /api/complete: completions of what is typed, validated, cached like a search."""

from searchsvc.articles import Article
from tests.search.test_completion import STORIES


def test_complete_api_answers_completions_most_stories_first(make_index, app_for):
    client = app_for(make_index(STORIES)).test_client()
    body = client.get("/api/complete?q=ceasefire+neg&limit=2").get_json()
    assert body == {
        "q": "ceasefire neg",
        "completions": [
            {"text": "ceasefire negotiations", "kind": "word", "count": 2},
            {"text": "ceasefire neglected", "kind": "word", "count": 1},
        ],
    }
    assert client.get("/api/complete").get_json() == {"q": "", "completions": []}


def test_complete_api_errors_name_the_parameter(make_index, app_for):
    client = app_for(make_index(STORIES)).test_client()
    for url, field in [("/api/complete?q=neg&limit=11", "limit"), ("/api/complete?q=" + "a" * 201, "q")]:
        response = client.get(url)
        assert (response.status_code, list(response.get_json()["fields"])) == (400, [field])


def test_complete_api_is_cached_per_generation(make_index, app_for):
    client = app_for(make_index([Article(id="a", title="Grain", body="Grain prices.")])).test_client()
    first = client.get("/api/complete?q=gr")
    again = client.get("/api/complete?q=gr", headers={"If-None-Match": first.headers["ETag"]})
    assert (first.headers["Cache-Control"].startswith("public"), again.status_code) == (True, 304)
