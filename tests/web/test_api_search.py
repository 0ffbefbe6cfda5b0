"""The JSON API on a small hand-made index: parameters, responses and the error envelope."""

from datetime import datetime

import pytest

from searchsvc.articles import Article, Version
from searchsvc.store.generations import current_generation
from tests.helpers import utc

COPIES = (
    Version(id="w1", path="a.txt", source="Reuters", published=utc(2025, 4, 2), title="Wheat talks", url="http://a/1"),
    Version(id="w1-copy", path="b.html", source="AP", published=utc(2025, 4, 3), title="Wheat talks go on", url=None),
)
STORIES = [
    Article(
        id="w1",
        title="Wheat talks",
        body="Wheat <export> talks & quotas resumed.",
        published=utc(2025, 4, 2),
        source="Reuters",
        author="Ann Lee; Bo Chan",
        tags=("grain",),
        language="en",
        versions=COPIES,
    ),
    Article(
        id="w2",
        title="Wheat prices",
        body="Wheat prices fell.",
        published=utc(2025, 6, 1),
        source="AP",
        tags=("grain", "markets"),
        language="en",
    ),
    Article(id="w3", title="Blé", body="Le prix du wheat baisse.", source="AFP", language="fr"),
]


@pytest.fixture
def index_dir(make_index):
    return make_index(STORIES)


@pytest.fixture
def client(index_dir, app_for):
    app = app_for(index_dir)

    @app.get("/api/explode")
    def explode():
        raise RuntimeError("secret detail")

    return app.test_client()


def get(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, response.get_data(as_text=True)
    return response.get_json()


def test_api_search_response_has_every_documented_field(client):
    body = get(client, "/api/search?q=wheat+talks")
    assert set(body) == {
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
    assert (body["query"], body["total"], body["page"], body["per_page"], body["pages"]) == ("wheat talks", 1, 1, 10, 1)
    assert isinstance(body["took_ms"], float) and body["generation"].startswith("gen-")
    hit = body["hits"][0]
    assert {k: v for k, v in hit.items() if k != "score"} == {
        "id": "w1",
        "title": "Wheat talks",
        "published": "2025-04-02T00:00:00+00:00",
        "source": "Reuters",
        "author": "Ann Lee; Bo Chan",
        "snippet": "<mark>Wheat</mark> &lt;export&gt; <mark>talks</mark> &amp; quotas resumed.",
        "url": None,
        "language": "en",
        "tags": ["grain"],
        "versions": [
            {
                "id": "w1",
                "path": "a.txt",
                "source": "Reuters",
                "published": "2025-04-02T00:00:00+00:00",
                "title": "Wheat talks",
                "url": "http://a/1",
            },
            {
                "id": "w1-copy",
                "path": "b.html",
                "source": "AP",
                "published": "2025-04-03T00:00:00+00:00",
                "title": "Wheat talks go on",
                "url": None,
            },
        ],
    }


def test_api_search_facets_in_the_response(client):
    facets = get(client, "/api/search?q=wheat&tag=grain&interval=month")["facets"]
    assert facets == {
        "published": {
            "interval": "month",
            "buckets": [
                {"key": "2025-04", "count": 1, "start": "2025-04-01", "end": "2025-04-30"},
                {"key": "2025-05", "count": 0, "start": "2025-05-01", "end": "2025-05-31"},
                {"key": "2025-06", "count": 1, "start": "2025-06-01", "end": "2025-06-30"},
            ],
            "undated": 0,
        },
        "source": [{"key": "AP", "count": 1}, {"key": "Reuters", "count": 1}],
        "author": [{"key": "Ann Lee", "count": 1}, {"key": "Bo Chan", "count": 1}],
        "tag": [{"key": "grain", "count": 2}, {"key": "markets", "count": 1}],
        "language": [{"key": "en", "count": 2}],
    }


def test_api_search_repeated_filter_parameters_are_or(client):
    body = get(client, "/api/search?q=wheat&language=fr&language=en&tag=markets")
    assert [h["id"] for h in body["hits"]] == ["w2"]


def test_api_search_dates_and_sort(client):
    body = get(client, "/api/search?q=wheat&sort=oldest&from=2025-04-01&to=2025-12-31&undated=exclude")
    assert [h["id"] for h in body["hits"]] == ["w1", "w2"]
    body = get(client, "/api/search?q=wheat&sort=newest")
    assert [h["id"] for h in body["hits"]] == ["w2", "w1", "w3"]


@pytest.mark.parametrize(
    "query, field",
    [
        ("from=2025-13-01", "from"),
        ("to=yesterday", "to"),
        ("from=2025-05-01&to=2025-04-01", "from"),
        ("sort=best", "sort"),
        ("interval=hour", "interval"),
        ("undated=maybe", "undated"),
    ],
)
def test_api_search_bad_value_is_400_naming_the_parameter(client, query, field):
    body = get(client, f"/api/search?q=wheat&{query}", 400)
    assert list(body["fields"]) == [field]
    assert field in body["message"]


def test_api_search_deep_paging_is_400_asking_for_filters(client):
    body = get(client, "/api/search?q=wheat&page=101&per_page=100", 400)
    assert "narrow the search with filters" in body["message"]
    assert list(body["fields"]) == ["page"]


def test_api_search_page_past_the_end_is_404_and_the_last_page_is_not(client):
    assert [h["id"] for h in get(client, "/api/search?q=wheat&page=3&per_page=1")["hits"]] == ["w3"]
    assert "past the last page (3)" in get(client, "/api/search?q=wheat&page=4&per_page=1", 404)["message"]


def test_api_article_by_any_version_id_returns_the_story(client):
    assert get(client, "/api/articles/w1-copy") == get(client, "/api/articles/w1")
    body = get(client, "/api/articles/w1")
    assert (body["id"], body["body"], [v["id"] for v in body["versions"]]) == (
        "w1",
        "Wheat <export> talks & quotas resumed.",
        ["w1", "w1-copy"],
    )


def test_api_article_of_an_unmerged_story_lists_itself_as_its_version(client):
    assert get(client, "/api/articles/w3")["versions"] == [
        {"id": "w3", "path": None, "source": "AFP", "published": None, "title": "Blé", "url": None}
    ]


def test_api_health_names_the_generation_and_its_build_time(client, index_dir):
    generation = current_generation(index_dir)
    health = get(client, "/api/health")
    assert health.pop("warmup_ms") >= 0
    assert health == {
        "status": "ok",
        "stories": 3,
        "articles": 4,
        "generation": generation.name,
        "built_at": generation.meta["built_at"],
        # Opened on this request (no search to replay yet): warm, and nothing warming beside it.
        "ready": True,
        "warming": None,
        "warmed_queries": 0,
    }
    datetime.fromisoformat(generation.meta["built_at"])


ERRORS = [
    (
        "GET",
        "/api/search?per_page=0",
        400,
        "Bad Request",
        "invalid parameter: per_page (Must be greater than or equal to 1 and less than or equal to 100.)",
    ),
    ("GET", "/api/search?q=a+(b", 400, "Bad Request", "invalid parameter: q (unclosed '(' at character 3)"),
    ("GET", "/api/search?from=x&to=y", 400, "Bad Request", "invalid parameters: from, to"),
    ("GET", "/api/articles/nope", 404, "Not Found", "no article with id 'nope'"),
    ("GET", "/api/nothing", 404, "Not Found", None),
    ("POST", "/api/search", 405, "Method Not Allowed", None),
    (
        "GET",
        "/api/search?q=" + "a" * 4001,
        413,
        "Request Entity Too Large",
        "the query is 4001 characters long; the limit is 4000",
    ),
    ("GET", "/api/explode", 500, "Internal Server Error", None),
    ("GET", "/api/search?q=wheat", 503, "Service Unavailable", None),
    ("GET", "/api/health", 503, "Service Unavailable", None),
]


@pytest.mark.parametrize("method, url, status, name, message", ERRORS)
def test_api_every_error_answers_the_one_envelope(client, app_for, tmp_path, method, url, status, name, message):
    if status == 503:
        client = app_for(tmp_path / "no-index").test_client()
    response = client.open(url, method=method)
    body = response.get_json()
    assert response.status_code == status
    assert set(body) == {"status", "error", "message", "fields"}
    assert (body["status"], body["error"]) == (status, name)
    assert body["message"] == message if message else body["message"]
    assert "secret detail" not in response.get_data(as_text=True)
    if status == 503:
        assert "searchsvc index" in body["message"]


def test_api_unknown_parameters_are_ignored(client):
    assert get(client, "/api/search?q=wheat&colour=blue")["total"] == 3
