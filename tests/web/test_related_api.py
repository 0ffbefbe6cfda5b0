"""GET /api/articles/<id>/related and the article page's related stories."""

from lxml import html

from searchsvc.articles import Article
from tests.query.test_likeness import COFFEE, FOOTBALL

STORIES = [Article(id=i, title=t, body=b, source="Wire") for i, t, b in COFFEE + FOOTBALL]


def test_related_api_lists_search_shaped_hits_of_the_same_topic(make_index, app_for):
    client = app_for(make_index(STORIES)).test_client()
    body = client.get("/api/articles/f3/related?limit=3").get_json()
    search_hit = client.get("/api/search?q=football").get_json()["hits"][0]
    assert (body["id"], [hit["id"] for hit in body["hits"]]) == ("f3", ["f4", "f2", "f1"])
    assert [sorted(hit) for hit in body["hits"]] == [sorted(search_hit)] * 3
    # Up to 5 by default: only three other stories share a word with this one.
    assert [hit["id"] for hit in client.get("/api/articles/f3/related").get_json()["hits"]] == ["f4", "f2", "f1"]


def test_related_api_errors(make_index, app_for):
    client = app_for(make_index(STORIES)).test_client()
    missing = client.get("/api/articles/nope/related")
    bad = client.get("/api/articles/f3/related?limit=0")
    assert (missing.status_code, missing.get_json()["message"]) == (404, "no article with id 'nope'")
    assert (bad.status_code, list(bad.get_json()["fields"])) == (400, ["limit"])


def test_related_article_page_links_the_related_stories(make_index, app_for):
    client = app_for(make_index(STORIES)).test_client()
    doc = html.fromstring(client.get("/articles/k4").data)
    links = [(a.get("href"), a.text_content()) for a in doc.xpath("//section[@class='related']//a")]
    assert links[:2] == [
        ("/articles/k1", "Coffee harvest falls short"),
        ("/articles/k2", "Arabica coffee prices climb"),
    ]
