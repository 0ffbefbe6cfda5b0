from searchsvc.articles import Article


def test_web_home_has_a_labelled_search_box(seed_client):
    html = seed_client.get("/").get_data(as_text=True)
    assert '<label for="q">' in html and 'id="q"' in html


def test_web_results_show_count_hits_snippets_and_months(seed_client):
    html = seed_client.get("/?q=Dmitriev").get_data(as_text=True)
    api = seed_client.get("/api/search?q=Dmitriev").get_json()
    assert f"{api['total']} results" in html
    for hit in api["hits"]:
        assert hit["snippet"] in html
    assert "2025-04" in html and "2025-07" in html


def test_web_escapes_article_text(make_index, app_for):
    index_dir = make_index([Article(id="x", title="<script>alert(1)</script>", body="<img src=x onerror=alert(1)> ok")])
    client = app_for(index_dir).test_client()
    for url in ("/?q=ok", "/articles/x"):
        html = client.get(url).get_data(as_text=True)
        assert "<script>alert" not in html and "<img src=x" not in html


def test_web_unknown_article_is_a_friendly_404_page(seed_client):
    response = seed_client.get("/articles/nope")
    assert response.status_code == 404
    assert "text/html" in response.content_type
    assert "Start a new search" in response.get_data(as_text=True)
