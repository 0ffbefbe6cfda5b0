"""The results page rendered from hand-made SearchPage objects: every field of the contract."""

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import lxml.html
import pytest
from flask import render_template, url_for

from searchsvc.articles import Version
from searchsvc.search.results import Bucket, DateFacet, SearchHit, SearchPage, SearchRequest, Suggestion
from searchsvc.web import create_app
from searchsvc.web.pageview import search_url


def hit(id_, title="Harbour reopens", published=datetime(2025, 3, 2, tzinfo=UTC), versions=(), **fields):
    values = {"source": "Reuters", "author": "Ann Lee", "score": 1.0, "snippet": "the <mark>harbour</mark> reopened"}
    return SearchHit(id=id_, title=title, published=published, versions=versions, **{**values, **fields})


HARBOUR = SearchRequest(q="harbour")


def make_page(
    request=HARBOUR, total=None, hits=None, buckets=(), undated=0, interval="month", facets=None, suggestion=None
):
    hits = [hit("a1")] if hits is None else hits
    return SearchPage(
        request=request,
        total=len(hits) if total is None else total,
        hits=hits,
        dates=DateFacet(interval=interval, buckets=list(buckets), undated=undated),
        took_ms=1.5,
        generation="gen-000001",
        facets=facets or {},
        suggestion=suggestion,
    )


@pytest.fixture
def render(tmp_path):
    """Render the results page of a SearchPage; return the parsed document."""
    app = create_app({"INDEX_DIR": str(tmp_path / "no-index"), "TESTING": True})

    def render_(page):
        with app.test_request_context("/"):
            return lxml.html.fromstring(render_template("search.html", args=page.request, page=page))

    yield render_
    app.extensions["searchsvc"].close()


def links(doc, xpath):
    """Return (text, href) of the links under the elements an XPath finds."""
    return [(" ".join(a.text_content().split()), a.get("href")) for a in doc.xpath(xpath + "//a")]


def test_render_facet_values_link_to_adding_or_removing_the_filter(render):
    request = SearchRequest(q="harbour", source=("AP",), page=2)
    facets = {"source": [Bucket("Reuters", 3), Bucket("AP", 1)], "language": [Bucket("en", 4)]}
    doc = render(make_page(request, total=20, facets=facets))
    assert links(doc, "//section[@aria-labelledby='facet-source']") == [
        ("Reuters 3", "/?q=harbour&source=AP&source=Reuters"),
        ("Remove filter: ✓ AP 1", "/?q=harbour"),
    ]
    assert links(doc, "//section[@aria-labelledby='facet-language']") == [("en 4", "/?q=harbour&source=AP&language=en")]
    assert [a.get("aria-current") for a in doc.xpath("//aside[@class='facets']//a")] == [None, "true", None]


def test_render_active_filters_are_listed_and_each_removable(render):
    request = SearchRequest(
        q="harbour", date_from=date(2025, 3, 1), date_to=date(2025, 3, 31), undated="exclude", tag=("ports",)
    )
    doc = render(make_page(request))
    assert links(doc, "//section[@class='active-filters']") == [
        ("Date: 2025-03-01 – 2025-03-31 ×", "/?q=harbour&tag=ports"),
        ("Undated stories left out ×", "/?q=harbour&from=2025-03-01&to=2025-03-31&undated=include&tag=ports"),
        ("Tag: ports ×", "/?q=harbour&from=2025-03-01&to=2025-03-31&undated=exclude"),
        ("Clear all", "/?q=harbour"),
    ]


def test_render_no_filters_shows_no_filter_list(render):
    assert render(make_page()).xpath("//section[@class='active-filters']") == []


def test_render_pagination_numbers_pages_around_the_current_one(render):
    doc = render(make_page(SearchRequest(q="harbour", page=5), total=95, hits=[hit("a41")]))
    assert links(doc, "//nav[@aria-label='Pages of results']") == [
        ("‹ Previous", "/?q=harbour&page=4"),
        ("1", "/?q=harbour"),
        ("3", "/?q=harbour&page=3"),
        ("4", "/?q=harbour&page=4"),
        ("5", "/?q=harbour&page=5"),
        ("6", "/?q=harbour&page=6"),
        ("7", "/?q=harbour&page=7"),
        ("10", "/?q=harbour&page=10"),
        ("Next ›", "/?q=harbour&page=6"),
    ]
    assert [a.text for a in doc.xpath("//a[@aria-current='page']")] == ["5"]
    assert doc.xpath("//ol[@class='hits']/@start") == ["41"]


def test_render_single_page_has_no_pagination(render):
    assert (
        render(make_page(total=3, hits=[hit("a1"), hit("a2"), hit("a3")])).xpath(
            "//nav[@aria-label='Pages of results']"
        )
        == []
    )


def test_render_no_results_page_offers_tips_and_dropping_the_filters(render):
    doc = render(make_page(SearchRequest(q="harbour", source=("AP",), sort="newest"), hits=[]))
    no_results = doc.xpath("//div[@class='no-results']")[0]
    assert " ".join(no_results.xpath("h2")[0].text_content().split()) == "No stories match “harbour” with these filters"
    assert links(doc, "//div[@class='no-results']/p") == [("Search again without filters", "/?q=harbour&sort=newest")]
    assert "Kyiv OR Kiev" in no_results.text_content()
    assert doc.xpath("//section[@class='timeline']") == [] and doc.xpath("//ol[@class='hits']") == []


def test_render_hits_show_title_link_date_source_author_snippet_and_versions(render):
    versions = tuple(Version(id=f"v{i}", source=s) for i, s in enumerate(["Reuters", "AP", "AFP"]))
    page = make_page(hits=[hit("a1", versions=versions), hit("a2", title="Undated note", published=None, author=None)])
    doc = render(page)
    items = doc.xpath("//li[@class='hit']")
    assert [links(item, ".//h3") for item in items] == [
        [("Harbour reopens", "/articles/a1?q=harbour")],
        [("Undated note", "/articles/a2?q=harbour")],
    ]
    assert [[span.text_content() for span in item.xpath("p[@class='meta']/span")] for item in items] == [
        ["2 Mar 2025", "Reuters", "Ann Lee", "3 versions"],
        ["Undated", "Reuters"],
    ]
    assert [lxml.html.tostring(m, encoding="unicode") for m in items[0].xpath(".//p[@class='snippet']/mark")] == [
        "<mark>harbour</mark> reopened"
    ]


def test_render_suggestion_links_its_parameters(render):
    suggestion = Suggestion(q="harbor", params={"q": "harbor", "sort": "newest"}, total=7)
    doc = render(make_page(suggestion=suggestion))
    assert links(doc, "//p[@class='suggestion']") == [("harbor", "/?q=harbor&sort=newest")]
    assert "(7 results)" in doc.xpath("//p[@class='suggestion']")[0].text_content()


def test_render_timeline_bars_link_to_their_periods(render):
    buckets = [
        Bucket("2025-W09", 2, date(2025, 2, 24), date(2025, 3, 2)),
        Bucket("2025-W10", 0, date(2025, 3, 3), date(2025, 3, 9)),
        Bucket("2025-W11", 4, date(2025, 3, 10), date(2025, 3, 16)),
    ]
    request = SearchRequest(q="harbour", interval="week", date_from=date(2025, 3, 10), date_to=date(2025, 3, 16))
    doc = render(make_page(request, buckets=buckets, undated=3, interval="week"))
    bars = doc.xpath("//ol[@class='bars']/li")
    assert [bar.get("class") for bar in bars] == ["h10", "h0", "h20 current in-range"]
    assert [(a.get("href"), a.get("title"), a.get("aria-current")) for a in doc.xpath("//ol[@class='bars']//a")] == [
        ("/?q=harbour&interval=week&from=2025-02-24&to=2025-03-02&undated=exclude", "week of 24 Feb 2025: 2", None),
        ("/?q=harbour&interval=week&from=2025-03-10&to=2025-03-16&undated=exclude", "week of 10 Mar 2025: 4", "true"),
    ]
    assert doc.xpath("//p[@class='undated-count']")[0].text_content().split()[:3] == ["3", "undated", "stories:"]
    assert ("Clear dates", "/?q=harbour&interval=week") in links(doc, "//div[@class='timeline-foot']")


def test_render_timeline_marks_the_bars_a_date_range_covers(render):
    buckets = [Bucket(f"2025-{m:02d}", 1, date(2025, m, 1), date(2025, m, 28)) for m in (1, 2, 3, 4)]
    request = SearchRequest(q="harbour", date_from=date(2025, 2, 15), date_to=date(2025, 3, 3))
    doc = render(make_page(request, buckets=buckets, undated=0))
    assert doc.xpath("//div[contains(@class, 'chart')]")[0].get("class").split()[-1] == "filtered"
    assert [bar.get("class").split()[1:] for bar in doc.xpath("//ol[@class='bars']/li")] == [
        [],
        ["in-range"],
        ["in-range"],
        [],
    ]
    # No undated stories and none left out: nothing to leave out or include.
    assert doc.xpath("//p[@class='undated-count']")[0].text_content().split() == ["0", "undated", "stories"]
    open_ended = render(make_page(replace(request, date_to=None), buckets=buckets))
    assert [bar.get("class").split()[1:] for bar in open_ended.xpath("//ol[@class='bars']/li")] == [
        [],
        ["in-range"],
        ["in-range"],
        ["in-range"],
    ]


def test_render_month_bars_without_dates_take_their_period_from_the_key(render):
    doc = render(make_page(buckets=[Bucket("2024-02", 1), Bucket("2024-03", 1)]))
    assert [a.get("href") for a in doc.xpath("//ol[@class='bars']//a")] == [
        "/?q=harbour&from=2024-02-01&to=2024-02-29&undated=exclude",
        "/?q=harbour&from=2024-03-01&to=2024-03-31&undated=exclude",
    ]


def test_render_interval_links_keep_the_search_and_mark_the_current_one(render):
    doc = render(
        make_page(
            SearchRequest(q="harbour", source=("AP",), page=3), total=40, interval="year", buckets=[Bucket("2025", 1)]
        )
    )
    assert links(doc, "//nav[@aria-label='Timeline interval']") == [
        ("Year", "/?q=harbour&interval=year&source=AP"),
        ("Month", "/?q=harbour&source=AP"),
        ("Week", "/?q=harbour&interval=week&source=AP"),
        ("Day", "/?q=harbour&interval=day&source=AP"),
    ]
    assert doc.xpath("//nav[@aria-label='Timeline interval']//a[@aria-current]/text()") == ["Year"]


def test_render_sort_form_keeps_every_other_parameter(render):
    doc = render(make_page(SearchRequest(q="harbour", page=2, sort="oldest", tag=("a", "b")), total=30))
    form = doc.xpath("//form[@class='sort']")[0]
    assert [(i.get("name"), i.get("value")) for i in form.xpath(".//input")] == [
        ("q", "harbour"),
        ("tag", "a"),
        ("tag", "b"),
    ]
    assert form.xpath(".//option[@selected]/@value") == ["oldest"]
    assert form.xpath(".//button[@type='submit']")


def test_render_links_its_json_twin_and_atom_feed(render):
    doc = render(make_page(SearchRequest(q="harbour", page=2, source=("AP",)), total=30))
    assert doc.xpath("//link[@rel='alternate']/@href") == [
        "/search.atom?q=harbour&sort=newest&source=AP",
        "/api/search?q=harbour&page=2&source=AP",
    ]
    assert doc.xpath("//link[@rel='alternate']/@type") == ["application/atom+xml", "application/json"]


def test_render_axis_labels_are_short_and_name_the_year_where_it_changes(render):
    days = [
        Bucket(f"d{n}", 1, date(2024, 12, 28) + timedelta(days=n), date(2024, 12, 28) + timedelta(days=n))
        for n in range(12)
    ]
    doc = render(make_page(buckets=days, interval="day"))
    assert [(li.text or "", li.get("class")) for li in doc.xpath("//ol[@class='axis']/li")] == [
        ("28 Dec 2024", None),
        ("", None),
        ("30 Dec", "minor"),
        ("", None),
        ("1 Jan 2025", None),
        ("", None),
        ("3 Jan", "minor"),
        ("", None),
        ("5 Jan", None),
        ("", None),
        ("7 Jan", "minor"),
        ("", None),
    ]


def test_render_too_many_bars_offers_a_longer_interval_instead_of_a_chart(render):
    days = [
        Bucket(f"d{n}", 1, date(2024, 1, 1) + timedelta(days=n), date(2024, 1, 1) + timedelta(days=n))
        for n in range(401)
    ]
    doc = render(make_page(buckets=days, interval="day"))
    assert doc.xpath("//ol[@class='bars']") == []
    assert "401 days are too many to draw" in doc.xpath("//section[@class='timeline']")[0].text_content()


def test_render_links_encode_parameters_exactly_as_url_for(tmp_path):
    request = SearchRequest(
        q='Zelénskyy "peace & deal" #1 +x/y?', source=("A&B", "C D"), tag=("ü",), date_from=date(2025, 1, 1)
    )
    app = create_app({"INDEX_DIR": str(tmp_path / "none"), "TESTING": True})
    with app.test_request_context("/"):
        assert search_url(request, page=3) == url_for("web.search_page", **request.params(page=3))
    app.extensions["searchsvc"].close()
