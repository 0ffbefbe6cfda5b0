"""The search page in a real Chromium (Playwright) against `searchsvc serve` on a hand-made index."""

import re
import shutil
import sys
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from searchsvc.articles import Article, Version
from searchsvc.store.generations import build_index
from tests.helpers import ROOT, free_port, start_server, stop_server, utc

sync_api = pytest.importorskip("playwright.sync_api")

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = ROOT / "screenshots"
SOURCES = ["Reuters", "Associated Press", "Kyiv Independent", "BBC News"]
AUTHORS = ["Ann Lee", "Bo Chen", "Cara Diaz"]
XSS_TITLE = "Harbour <script>alert('title')</script> <img src=x onerror=alert('img')>"
XSS_BODY = "The harbour <script>alert('body')</script>\n\n<img src=x onerror=alert('body-img')> pier."


def archive() -> list[Article]:
    """25 harbour stories over five months (Jan-May 2025), two undated, one merged, one hostile."""
    stories = []
    for n in range(25):
        month, day = 1 + n % 5, 1 + n
        stories.append(
            Article(
                id=f"h{n:02d}",
                title=f"Harbour report {n:02d}: cranes and ferries",
                body=f"Story {n}. The harbour authority met on day {day}.\n\nFerries ran late while cranes were repaired.",
                published=utc(2025, month, day),
                source=SOURCES[n % len(SOURCES)],
                author=AUTHORS[n % len(AUTHORS)],
                tags=("ports",),
                language="en",
            )
        )
    versions = (
        Version(id="m1", source="Reuters", published=utc(2025, 2, 3)),
        Version(id="m2", source="AP", published=utc(2025, 2, 4)),
    )
    stories.append(
        Article(
            id="m1",
            title="Harbour strike ends",
            body="Dockers agreed a deal at the harbour.",
            published=utc(2025, 2, 3),
            versions=versions,
        )
    )
    stories.append(Article(id="u1", title="Harbour memories", body="An undated harbour piece."))
    stories.append(Article(id="u2", title="Harbour poems", body="Another undated harbour piece."))
    stories.append(
        Article(id="xss", title=XSS_TITLE, body=XSS_BODY, published=utc(2025, 3, 30), url="javascript:alert('url')")
    )
    return stories


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    index_dir = tmp_path_factory.mktemp("browser-index")
    build_index(archive(), index_dir)
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "searchsvc",
        "serve",
        "--index",
        str(index_dir),
        "--port",
        str(port),
        "--workers",
        "1",
    ]
    process, base = start_server(command, port)
    yield base
    stop_server(process)


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    """A fresh tab that records dialogs and console errors (a CSP violation logs one)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.dialogs, tab.errors = [], []
    tab.on("dialog", lambda dialog: (tab.dialogs.append(dialog.message), dialog.dismiss()))
    tab.on("console", lambda message: tab.errors.append(message.text) if message.type == "error" else None)
    yield tab
    context.close()
    assert tab.dialogs == [] and tab.errors == []


def query(url: str) -> dict:
    return parse_qs(urlsplit(url).query)


def hit_dates(page) -> list[str]:
    """Return the publication dates shown on the hits, as ISO strings."""
    return [t.get_attribute("datetime") for t in page.locator("ol.hits li.hit time").all()]


def hit_titles(page) -> list[str]:
    return page.locator("li.hit h3 a").all_inner_texts()


def test_browser_search_from_home_page_shows_highlighted_results(server, page):
    page.goto(server + "/")
    page.get_by_label("Search news articles").fill("harbour")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"\?q=harbour$"))
    assert page.locator(".summary h1").inner_text() == "29 results for “harbour”"
    assert len(hit_titles(page)) == 10
    assert page.locator("li.hit .snippet mark").first.inner_text().lower() == "harbour"
    assert page.get_by_label("Search news articles").input_value() == "harbour"


def test_browser_timeline_bar_filters_to_its_month(server, page):
    page.goto(server + "/?q=harbour")
    assert page.locator("ol.bars a").count() == 5
    page.locator("ol.bars a[title^='Mar 2025']").click()
    page.wait_for_url(re.compile("from=2025-03-01"))
    assert query(page.url) == {"q": ["harbour"], "from": ["2025-03-01"], "to": ["2025-03-31"], "undated": ["exclude"]}
    assert page.locator("section.active-filters a.chip").all_inner_texts() == [
        "Date: 2025-03-01 – 2025-03-31 ×",
        "Undated stories left out ×",
    ]
    assert page.locator("#from").input_value() == "2025-03-01" and page.locator("#to").input_value() == "2025-03-31"
    days = hit_dates(page)
    assert days and all(day.startswith("2025-03") for day in days)
    assert page.locator("li.hit .undated").count() == 0
    page.get_by_role("link", name="Clear dates").click()
    page.wait_for_url(re.compile(r"\?q=harbour$"))


def test_browser_sort_change_submits_on_select(server, page):
    page.goto(server + "/?q=harbour&page=2")
    assert not page.get_by_role("button", name="Sort").is_visible()
    with page.expect_navigation():
        page.get_by_label("Sort by").select_option("newest")
    assert query(page.url) == {"q": ["harbour"], "sort": ["newest"]}
    assert page.get_by_label("Sort by").input_value() == "newest"
    days = hit_dates(page)
    assert len(days) == 10 and days == sorted(days, reverse=True)


def test_browser_pagination_goes_to_page_two(server, page):
    page.goto(server + "/?q=harbour")
    first = hit_titles(page)
    page.get_by_role("navigation", name="Pages of results").get_by_role("link", name="Page 2").click()
    page.wait_for_url(re.compile("page=2"))
    assert page.locator("nav.pagination a[aria-current=page]").inner_text() == "2"
    second = hit_titles(page)
    assert len(second) == 10 and not set(first) & set(second)
    assert page.locator("ol.hits").get_attribute("start") == "11"


def test_browser_article_and_back_button(server, page):
    page.goto(server + "/?q=ferries&page=2")
    title = hit_titles(page)[0]
    page.locator("li.hit h3 a").first.click()
    page.wait_for_url(re.compile(r"/articles/h\d\d\?q=ferries&page=2$"))
    assert page.locator("h1").inner_text() == title
    assert page.locator(".body mark").all_inner_texts() == ["Ferries"]
    page.go_back()
    page.wait_for_url(re.compile(r"/\?q=ferries&page=2$"))
    assert hit_titles(page)[0] == title
    page.locator("li.hit h3 a").first.click()
    page.get_by_role("link", name="‹ Back to the results for “ferries”").click()
    page.wait_for_url(re.compile(r"/\?q=ferries&page=2$"))


def test_browser_merged_story_shows_its_versions(server, page):
    page.goto(server + "/?q=strike")
    assert page.locator("li.hit .version-count").all_inner_texts() == ["2 versions"]
    page.locator("li.hit h3 a").first.click()
    assert page.locator("section.versions h2").inner_text() == "2 versions of this story"


def test_browser_hostile_article_stays_inert(server, page):
    page.goto(server + "/?q=pier")
    assert hit_titles(page) == [XSS_TITLE]
    assert page.evaluate("Array.from(document.scripts, s => s.getAttribute('src'))") == ["/static/search.js"]
    page.locator("li.hit h3 a").first.click()
    page.wait_for_load_state("load")
    assert page.locator("h1").inner_text() == XSS_TITLE
    scripts = page.evaluate("Array.from(document.scripts, s => s.getAttribute('src'))")
    assert scripts == ["/static/search.js"]
    assert page.evaluate("document.querySelectorAll('img[src=x], [onerror]').length") == 0
    assert page.locator("a[href^='javascript']").count() == 0


def test_browser_keyboard_skip_link_reaches_the_results(server, page):
    page.goto(server + "/?q=harbour")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "q"


def test_browser_works_with_javascript_off(server, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(server + "/")
        page.get_by_label("Search news articles").fill("harbour")
        page.get_by_role("button", name="Search").click()
        page.wait_for_url(re.compile(r"\?q=harbour$"))
        page.get_by_label("Sort by").select_option("oldest")
        assert query(page.url) == {"q": ["harbour"]}  # nothing happens until the form is sent
        page.get_by_role("button", name="Sort").click()
        page.wait_for_url(re.compile("sort=oldest"))
        page.get_by_role("link", name="Next ›").click()
        page.wait_for_url(re.compile("page=2"))
        assert query(page.url) == {"q": ["harbour"], "sort": ["oldest"], "page": ["2"]}
        assert page.get_by_label("Sort by").input_value() == "oldest"
        assert page.locator("nav.pagination a[aria-current=page]").inner_text() == "2"
    finally:
        context.close()


@pytest.mark.parametrize("width", [1280, 375])
def test_browser_screenshots_of_the_results_page(server, browser, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    try:
        assert page.goto(server + "/?q=harbour").status == 200
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        SCREENSHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"results-{width}.png"), full_page=True)
        assert page.goto(server + "/articles/m1?q=harbour").status == 200
        page.screenshot(path=str(SCREENSHOTS / f"article-{width}.png"), full_page=True)
        assert page.goto(server + "/").status == 200
        page.screenshot(path=str(SCREENSHOTS / f"home-{width}.png"), full_page=True)
    finally:
        context.close()
    assert overflow == 0  # nothing wider than the screen


FILTERED = "/?q=harbour&interval=week&source=Reuters&from=2025-01-01&to=2025-03-31"


@pytest.mark.parametrize("width", [1280, 375])
def test_browser_filtered_search_shows_facets_chips_and_weeks(server, browser, width):
    """A served search with a date range and a source filter: every part of the results page at once."""
    expected = requests.get(server + FILTERED.replace("/?", "/api/search?"), timeout=10).json()
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    try:
        assert page.goto(server + FILTERED).status == 200
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        SCREENSHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"results-facets-{width}.png"), full_page=True)
        assert page.locator("section.active-filters a.chip").all_inner_texts() == [
            "Date: 2025-01-01 – 2025-03-31 ×",
            "Undated stories left out ×",
            "Source: Reuters ×",
        ]
        assert page.locator(".summary h1").inner_text() == f"{expected['total']} results for “harbour”"
        assert hit_titles(page) == [hit["title"] for hit in expected["hits"]]
        assert all("2025-01-01" <= day[:10] <= "2025-03-31" for day in hit_dates(page))
        # The week timeline ignores the date filter (every week of Reuters' harbour stories stays visible).
        assert page.locator("ol.bars li").count() == len(expected["facets"]["published"]["buckets"])
        for field in ("source", "author", "tag", "language"):
            shown = page.locator(f"section.facet:has(h3#facet-{field}) li a .count").all_inner_texts()
            assert shown == [str(bucket["count"]) for bucket in expected["facets"][field]], field
        active = page.locator("aside.facets a.active")
        assert active.count() == 1 and active.get_attribute("aria-current") == "true"
        assert active.locator(".key").inner_text().endswith("Reuters")
    finally:
        context.close()
    assert expected["total"] == 4 and len(expected["facets"]["source"]) == 4
    assert overflow == 0


def test_browser_search_box_completes_with_the_keyboard_alone(server, page):
    page.goto(server + "/?q=harbour")
    page.keyboard.press("/")  # the page's shortcut to the search box: it focuses it, the text selected
    box = page.get_by_role("combobox", name="Search news articles")
    assert box.get_attribute("aria-expanded") == "false"
    page.keyboard.type("c")
    listbox = page.get_by_role("listbox", name="Suggestions")
    listbox.wait_for()
    expected = [c["text"] for c in requests.get(server + "/api/complete", params={"q": "c"}).json()["completions"]]
    options = listbox.get_by_role("option")
    assert len(expected) > 2 and [o.get_attribute("id") for o in options.all()][:1] == ["q-completion-0"]
    # An option reads its text, and after a name what it is ("author", "source", "tag").
    assert [o.evaluate("option => option.firstChild.textContent") for o in options.all()] == expected
    assert "author" in [o.evaluate("option => option.lastChild.textContent") for o in options.all()]
    assert (box.get_attribute("aria-expanded"), box.get_attribute("aria-controls")) == ("true", "q-completions")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    assert box.get_attribute("aria-activedescendant") == "q-completion-1"
    assert [o.get_attribute("aria-selected") for o in options.all()][:3] == ["false", "true", "false"]
    assert box.evaluate("element => element === document.activeElement")  # the focus stays in the box
    page.keyboard.press("Escape")
    assert (listbox.is_visible(), box.get_attribute("aria-expanded"), box.input_value()) == (False, "false", "c")
    page.keyboard.type("r")
    page.get_by_role("option").first.wait_for()
    chosen = requests.get(server + "/api/complete", params={"q": "cr"}).json()["completions"][0]["text"]
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"\?q=" + chosen + "$"))
    assert box.input_value() == chosen and page.locator("li.hit").count() > 0


def test_browser_search_box_without_javascript_is_a_plain_search_field(server, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(server + "/")
        assert page.get_by_role("combobox").count() == 0 and page.get_by_role("searchbox").count() == 1
        page.get_by_role("searchbox").fill("cranes")
        page.keyboard.press("Enter")
        page.wait_for_url(re.compile(r"\?q=cranes$"))
        assert page.locator("li.hit").count() == 10
    finally:
        context.close()
