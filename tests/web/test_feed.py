"""The Atom feed of a search: valid Atom, newest first, inert article text."""

from datetime import UTC, datetime
from xml.etree import ElementTree as ET

import pytest

from searchsvc.articles import Article
from searchsvc.search.results import DateFacet, SearchHit, SearchPage, SearchRequest
from searchsvc.web.feed import build_feed

NS = {"atom": "http://www.w3.org/2005/Atom"}
XSS_TITLE = "<script>alert('title')</script> Harbour"
XSS_BODY = "Harbour news <img src=x onerror=alert('body')> and <script>alert('body')</script>"


def utc(*args):
    return datetime(*args, tzinfo=UTC)


ARTICLES = [
    Article(
        id="mar",
        title="Harbour in March",
        body="The harbour froze.",
        published=utc(2025, 3, 5),
        author="Ann Lee",
        source="Reuters",
        language="en",
    ),
    Article(
        id="jan",
        title="Harbour in January",
        body="The harbour harbour harbour opened.",
        published=utc(2025, 1, 9),
        language="en",
    ),
    Article(id="undated", title="Harbour, some day", body="A harbour story.", language="en"),
    Article(id="may", title="Harbour in May", body="The harbour flooded.", published=utc(2025, 5, 20), language="en"),
    Article(id="xss", title=XSS_TITLE, body=XSS_BODY, published=utc(2024, 12, 1)),
    Article(id="other", title="Unrelated", body="Nothing here.", published=utc(2025, 6, 1)),
]


@pytest.fixture
def client(make_index, app_for):
    return app_for(make_index(ARTICLES)).test_client()


def get_feed(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response.content_type == "application/atom+xml; charset=utf-8"
    return ET.fromstring(response.data), response.data


def test_feed_is_atom_with_id_title_updated_and_self_link(client):
    feed, _ = get_feed(client, "/search.atom?q=harbour")
    assert feed.tag == "{http://www.w3.org/2005/Atom}feed"
    assert feed.findtext("atom:id", namespaces=NS) == "http://localhost/search.atom?q=harbour&sort=newest"
    assert feed.findtext("atom:title", namespaces=NS) == "searchsvc: harbour"
    assert feed.findtext("atom:updated", namespaces=NS) == "2025-05-20T00:00:00Z"
    links = {link.get("rel"): link.get("href") for link in feed.findall("atom:link", NS)}
    assert links == {
        "self": "http://localhost/search.atom?q=harbour&sort=newest",
        "alternate": "http://localhost/?q=harbour&sort=newest",
    }
    assert feed.findtext("atom:author/atom:name", namespaces=NS) == "searchsvc"


def test_feed_entries_are_newest_first_with_every_required_element(client):
    feed, _ = get_feed(client, "/search.atom?q=harbour")
    entries = feed.findall("atom:entry", NS)
    assert [e.findtext("atom:id", namespaces=NS) for e in entries] == [
        f"http://localhost/articles/{id_}" for id_ in ("may", "mar", "jan", "xss", "undated")
    ]
    may = entries[0]
    assert may.findtext("atom:title", namespaces=NS) == "Harbour in May"
    assert may.findtext("atom:updated", namespaces=NS) == "2025-05-20T00:00:00Z"
    assert may.find("atom:link", NS).attrib == {
        "rel": "alternate",
        "type": "text/html",
        "href": "http://localhost/articles/may",
    }
    assert may.find("atom:summary", NS).get("type") == "html"
    snippets = {h["id"]: h["snippet"] for h in client.get("/api/search?q=harbour").get_json()["hits"]}
    assert may.findtext("atom:summary", namespaces=NS) == snippets["may"] and "<mark>harbour</mark>" in snippets["may"]
    assert entries[1].findtext("atom:author/atom:name", namespaces=NS) == "Ann Lee"
    # An undated story still needs <updated>: it takes the feed's.
    assert entries[-1].findtext("atom:updated", namespaces=NS) == "2025-05-20T00:00:00Z"
    assert entries[-1].find("atom:published", NS) is None


def test_feed_forces_newest_first_page_whatever_the_page_asked(client):
    feed, _ = get_feed(client, "/search.atom?q=harbour&sort=oldest&page=3&per_page=2")
    assert (
        feed.find("atom:link[@rel='self']", NS).get("href")
        == "http://localhost/search.atom?q=harbour&per_page=2&sort=newest"
    )
    published = [e.findtext("atom:published", namespaces=NS) for e in feed.findall("atom:entry", NS)]
    assert len(published) == 2 and published == sorted(published, reverse=True)


def test_feed_keeps_article_markup_inert(client):
    feed, raw = get_feed(client, "/search.atom?q=alert")
    (entry,) = feed.findall("atom:entry", NS)
    assert b"<script" not in raw and b"<img" not in raw
    # Titles are Atom text: a reader shows the characters, it does not parse them.
    assert entry.findtext("atom:title", namespaces=NS) == XSS_TITLE
    summary = entry.findtext("atom:summary", namespaces=NS)
    assert "<script" not in summary and "<img" not in summary and "&lt;script&gt;" in summary


def test_feed_is_linked_from_the_results_page(client):
    html = client.get("/?q=harbour&page=2&per_page=2&language=en").get_data(as_text=True)
    expected = '<link rel="alternate" type="application/atom+xml" title="Newest stories for this search" href="/search.atom?q=harbour&amp;per_page=2&amp;sort=newest&amp;language=en">'
    assert expected in html


def test_feed_bad_parameters_are_a_400_page(client):
    assert client.get("/search.atom?q=harbour&sort=sideways").status_code == 400


def hand_hit(id_, published):
    return SearchHit(id=id_, title=id_, published=published, source=None, author=None, score=1.0, snippet=id_)


def test_build_feed_orders_entries_newest_first_whatever_the_page_order():
    hits = [hand_hit("old", utc(2020, 1, 1)), hand_hit("none", None), hand_hit("new", utc(2024, 1, 1))]
    page = SearchPage(SearchRequest(q="x"), 3, hits, DateFacet("month", [], 1), 1.0, "gen-000001")
    feed = ET.fromstring(
        build_feed(
            page,
            feed_url="http://h/f",
            page_url="http://h/",
            article_url=lambda i: f"http://h/a/{i}",
            fallback_updated=utc(2030, 1, 1),
        )
    )
    assert [e.findtext("atom:id", namespaces=NS) for e in feed.findall("atom:entry", NS)] == [
        "http://h/a/new",
        "http://h/a/old",
        "http://h/a/none",
    ]
    assert feed.findtext("atom:updated", namespaces=NS) == "2024-01-01T00:00:00Z"


def test_build_feed_without_hits_is_updated_at_the_fallback_time():
    page = SearchPage(SearchRequest(q="x"), 0, [], DateFacet("month", [], 0), 1.0, "gen-000001")
    feed = ET.fromstring(
        build_feed(
            page,
            feed_url="http://h/f",
            page_url="http://h/",
            article_url=str,
            fallback_updated=utc(2030, 1, 2, 3, 4, 5),
        )
    )
    assert feed.findtext("atom:updated", namespaces=NS) == "2030-01-02T03:04:05Z"
    assert feed.findall("atom:entry", NS) == []


def test_build_feed_drops_characters_xml_forbids():
    hit = SearchHit(
        id="c",
        title="Red \x1b[31malert\x00",
        published=None,
        source="A\x01P",
        author="Ann\x0cLee",
        score=1.0,
        snippet="Colour \x1b[31mred\x1b[0m text",
    )
    page = SearchPage(SearchRequest(q="x"), 1, [hit], DateFacet("month", [], 1), 1.0, "gen-000001")
    feed = ET.fromstring(
        build_feed(page, feed_url="http://h/f", page_url="http://h/", article_url=str, fallback_updated=utc(2030, 1, 1))
    )
    entry = feed.find("atom:entry", NS)
    assert [
        entry.findtext("atom:title", namespaces=NS),
        entry.findtext("atom:author/atom:name", namespaces=NS),
        entry.find("atom:category", NS).get("term"),
        entry.findtext("atom:summary", namespaces=NS),
    ] == ["Red [31malert", "AnnLee", "AP", "Colour [31mred[0m text"]
