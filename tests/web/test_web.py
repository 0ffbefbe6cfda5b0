import lxml.html

from searchsvc.articles import Article, Version
from tests.helpers import utc

XSS_TITLE = "<script>alert(1)</script>"
XSS_BODY = "<img src=x onerror=alert(1)> ok"


def test_web_home_has_a_labelled_search_box(seed_client):
    html = seed_client.get("/").get_data(as_text=True)
    assert '<label for="q">' in html and 'id="q"' in html
    assert 'class="hits"' not in html


def test_web_results_show_count_hits_snippets_and_months(seed_client):
    html = seed_client.get("/?q=Dmitriev").get_data(as_text=True)
    api = seed_client.get("/api/search?q=Dmitriev").get_json()
    assert f"{api['total']} results" in html
    for hit in api["hits"]:
        assert hit["snippet"] in html
    assert "Apr 2025" in html and "Jul 2025" in html


def test_web_results_link_their_json_twin_which_agrees(seed_client):
    doc = lxml.html.fromstring(seed_client.get("/?q=Dmitriev&per_page=2").get_data(as_text=True))
    twins = doc.xpath("//a[@type='application/json']/@href") + doc.xpath("//link[@type='application/json']/@href")
    assert twins == ["/api/search?q=Dmitriev&per_page=2"] * 3
    twin = twins[0]
    api = seed_client.get(twin).get_json()
    assert doc.xpath("//li[@class='hit']/h3/a/@href") == [
        f"/articles/{h['id']}?q=Dmitriev&per_page=2" for h in api["hits"]
    ]


def test_web_browse_without_a_query_when_asked_to_sort(seed_client):
    html = seed_client.get("/?sort=newest").get_data(as_text=True)
    stories = seed_client.get("/api/health").get_json()["stories"]
    assert f"{stories} stories" in html and 'class="hits"' in html


def test_web_escapes_article_text(make_index, app_for):
    article = Article(id="x", title=XSS_TITLE, body=XSS_BODY, url="javascript:alert(1)", author="<b>bold</b>")
    client = app_for(make_index([article])).test_client()
    for url in (
        "/?q=ok",
        "/articles/x",
        "/articles/x?q=" + XSS_TITLE,
        "/?q=" + XSS_TITLE,
        "/?page=0&q=" + XSS_TITLE,
        "/search.atom?q=ok",
    ):
        html = client.get(url).get_data(as_text=True)
        assert "<script>alert" not in html and "<img src=x" not in html and "<b>bold" not in html
        assert "javascript:" not in html


def test_web_article_marks_query_words_in_paragraphs(make_index, app_for):
    body = "Negotiations resumed in the harbour.\n\nTrump said talks   continue.\n  \nA third paragraph."
    client = app_for(make_index([Article(id="a1", title="Negotiation day", body=body)])).test_client()
    doc = lxml.html.fromstring(client.get("/articles/a1?q=negotiation+talk+NOT+Trump&page=2").get_data(as_text=True))
    paragraphs = [
        lxml.html.tostring(p, encoding="unicode", with_tail=False) for p in doc.xpath("//div[@class='body']/p")
    ]
    assert paragraphs == [
        "<p><mark>Negotiations</mark> resumed in the harbour.</p>",
        "<p>Trump said <mark>talks</mark> continue.</p>",
        "<p>A third paragraph.</p>",
    ]
    assert doc.xpath("//h1/mark/text()") == ["Negotiation"]
    assert doc.xpath("//p[@class='back']/a/@href") == ["/?q=negotiation+talk+NOT+Trump&page=2"] * 2


def test_web_article_without_a_search_has_no_marks_and_no_way_back(make_index, app_for):
    client = app_for(make_index([Article(id="a1", title="Harbour", body="The harbour.")])).test_client()
    html = client.get("/articles/a1").get_data(as_text=True)
    assert "<mark>" not in html and 'class="back"' not in html


def test_web_article_lists_the_versions_of_a_merged_story(make_index, app_for):
    versions = (
        Version(
            id="a1",
            path="feeds/a1.txt",
            source="Reuters",
            published=utc(2025, 3, 1),
            title="Harbour reopens",
            url="https://example.com/a1",
        ),
        Version(id="a2", path="feeds/a2.html", source="AP", title="Harbour reopens again", url="javascript:alert(2)"),
    )
    story = Article(id="a1", title="Harbour reopens", body="The harbour.", published=utc(2025, 3, 1), versions=versions)
    client = app_for(make_index([story])).test_client()
    doc = lxml.html.fromstring(client.get("/articles/a2").get_data(as_text=True))
    assert doc.xpath("//section[@class='versions']/h2/text()") == ["2 versions of this story"]
    items = doc.xpath("//section[@class='versions']//li")
    assert [" | ".join(s.text_content() for s in item.xpath("span[@class='meta']/span")) for item in items] == [
        "1 Mar 2025 | Reuters | feeds/a1.txt | https://example.com/a1",
        "Undated | AP | feeds/a2.html | javascript:alert(2)",
    ]
    assert doc.xpath("//section[@class='versions']//a/@href") == ["https://example.com/a1"]
    results = client.get("/?q=harbour").get_data(as_text=True)
    assert '<span class="version-count">2 versions</span>' in results


def test_web_unknown_article_is_a_friendly_404_page(seed_client):
    response = seed_client.get("/articles/nope")
    assert response.status_code == 404
    assert "text/html" in response.content_type
    assert "Start a new search" in response.get_data(as_text=True)


def test_web_bad_parameter_is_a_400_page_naming_it(seed_client):
    response = seed_client.get("/?q=x&sort=sideways")
    assert response.status_code == 400 and "invalid parameter: sort" in response.get_data(as_text=True)


def test_web_error_page_keeps_the_query_in_a_new_search_box(seed_client):
    response = seed_client.get("/?q=peace&page=0")
    doc = lxml.html.fromstring(response.get_data(as_text=True))
    assert response.status_code == 400 and doc.xpath("//input[@id='q']/@value") == ["peace"]


def test_web_article_links_its_json_twin(seed_client):
    doc = lxml.html.fromstring(seed_client.get("/articles/003_50e888d2ed398487").get_data(as_text=True))
    assert doc.xpath("//link[@type='application/json']/@href") == ["/api/articles/003_50e888d2ed398487"]


def test_web_error_page_says_what_is_wrong_with_the_query(seed_client):
    response = seed_client.get('/?q="peace talks')
    assert response.status_code == 400
    assert "unclosed quote" in response.get_data(as_text=True)
