"""Structured data (schema.org JSON-LD) left in page text fills what the page's lines do not give."""

import json

from searchsvc.ingest.jsonld import StructuredData, find_structured_data
from searchsvc.ingest.pagetext import parse_page_text

PARAGRAPH = (
    "The city council voted on Tuesday to extend the tram line to the northern suburbs, ending a debate that had"
    " lasted for almost ten years and divided the parties in the chamber."
)
ARTICLE = {
    "@context": "https://schema.org",
    "@type": "NewsArticle",
    "headline": "Council votes to extend the tram line north",
    "datePublished": "2025-04-02T19:49:31+02:00",
    "author": [{"@type": "Person", "name": "Anna Berger"}, {"@type": "Person", "name": "Thomas Lee"}],
}


def block(value: object) -> str:
    return json.dumps(value, indent=1)


def test_structured_data_fills_title_date_and_author_the_lines_do_not_give():
    site = block({"@context": "https://schema.org", "@type": "WebSite", "name": "City News"})
    text = f"Menu\n\n{PARAGRAPH}\n\n{PARAGRAPH}\n\nFooter\n{site}\n{block(ARTICLE)}\n"
    page = parse_page_text(text)
    assert (page.title, page.date.value.isoformat(), page.author) == (
        "Council votes to extend the tram line north",
        "2025-04-02T17:49:31+00:00",
        "Anna Berger, Thomas Lee",
    )


def test_structured_data_the_lines_come_first():
    headline = "Council backs the tram line to the northern suburbs"
    text = f"Menu\n{headline}\nBy Ben Cole\n\n{PARAGRAPH}\n\n{PARAGRAPH}\n\n{block(ARTICLE)}\n"
    page = parse_page_text(text)
    assert (page.title, page.author) == (headline, "Ben Cole")


def test_structured_data_graph_cut_off_and_headless_blocks():
    article = {"@type": "Article", "headline": " Tram  line ", "author": "Ben Cole"}
    graph = {"@context": "http://schema.org/", "@graph": [{"@type": "WebPage", "name": "Home"}, article]}
    assert find_structured_data(block(graph)) == StructuredData(title="Tram line", author="Ben Cole")
    assert find_structured_data(block(ARTICLE)[:-20]) == StructuredData()
    assert (
        find_structured_data(block({"@context": "https://schema.org", "@type": "WebSite", "name": "News"}))
        == StructuredData()
    )
