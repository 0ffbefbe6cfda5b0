import pytest


def test_api_search_returns_ranked_hits_with_marked_snippets(seed_client):
    body = seed_client.get("/api/search?q=Dmitriev").get_json()
    assert body["total"] >= 4
    assert body["page"] == 1 and body["per_page"] == 10
    assert all("<mark>Dmitriev</mark>" in hit["snippet"] for hit in body["hits"])
    assert set(body["hits"][0]) >= {"id", "title", "published", "source", "author", "score", "snippet"}


def test_api_search_month_facet_lists_2025_months(seed_client):
    facet = seed_client.get("/api/search?q=Dmitriev").get_json()["facets"]["published"]
    keys = [b["key"] for b in facet["buckets"]]
    assert keys == sorted(keys)
    assert {"2025-04", "2025-07"} <= set(keys)
    assert facet["undated"] + sum(b["count"] for b in facet["buckets"]) >= 4


@pytest.mark.parametrize(
    "query, field",
    [
        ("page=0", "page"),
        ("page=x", "page"),
        ("per_page=101", "per_page"),
        ("per_page=0", "per_page"),
        ("page=-2", "page"),
        ("page=1.5", "page"),
        # Python's int() reads these; a search API should not.
        ("per_page=1_0", "per_page"),
        ("page=%EF%BC%92", "page"),
        ("page=%D9%A2", "page"),
        ("page=%202", "page"),
    ],
)
def test_api_search_bad_parameter_is_400_naming_it(seed_client, query, field):
    response = seed_client.get(f"/api/search?q=dialogue&{query}")
    assert response.status_code == 400
    body = response.get_json()
    assert body["status"] == 400
    assert field in body["message"]
    assert list(body["fields"]) == [field]


def test_api_search_reads_plain_numbers(seed_client):
    body = seed_client.get("/api/search?q=&page=2&per_page=03").get_json()
    assert (body["page"], body["per_page"], len(body["hits"])) == (2, 3, 1)


def test_api_search_ignores_unknown_parameters(seed_client):
    assert seed_client.get("/api/search?q=dialogue&colour=blue").status_code == 200


def test_api_search_too_long_query_is_413(seed_client):
    response = seed_client.get("/api/search?q=" + "a" * 4001)
    assert response.status_code == 413
    assert "limit is 4000" in response.get_json()["message"]


def test_api_search_page_past_the_end_is_404(seed_client):
    response = seed_client.get("/api/search?q=Dmitriev&page=50")
    assert response.status_code == 404
    assert response.get_json()["error"] == "Not Found"


def test_api_article_returns_the_full_record(seed_client):
    hit = seed_client.get("/api/search?q=Dmitriev").get_json()["hits"][0]
    record = seed_client.get(f"/api/articles/{hit['id']}").get_json()
    assert record["id"] == hit["id"]
    assert "Dmitriev" in record["body"]


def test_api_health_reports_counts(seed_client):
    body = seed_client.get("/api/health").get_json()
    assert body["status"] == "ok"
    assert body["articles"] == 5
    assert body["generation"].startswith("gen-")


def test_api_empty_index_answers_health_and_searches(make_index, app_for):
    client = app_for(make_index([])).test_client()
    health = client.get("/api/health")
    assert (health.status_code, health.get_json()["stories"]) == (200, 0)
    body = client.get("/api/search?q=anything").get_json()
    assert (body["total"], body["hits"], body["facets"]["published"]["undated"]) == (0, [], 0)
    assert client.get("/?q=anything").status_code == 200


def test_api_search_empty_parameters_count_as_absent(seed_client):
    body = seed_client.get("/api/search?q=Dmitriev&from=2025-04-01&to=&sort=&per_page=&undated=").get_json()
    assert body["per_page"] == 10
    assert body["total"] == seed_client.get("/api/search?q=Dmitriev&from=2025-04-01").get_json()["total"]
