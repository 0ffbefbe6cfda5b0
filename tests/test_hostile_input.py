"""Hostile input: odd queries and ids get an answer that names the problem, never a 500."""

import pytest

from searchsvc.articles import Article
from searchsvc.results import SearchRequest


@pytest.fixture
def news(make_index, open_index):
    return open_index(make_index([
        Article(id="a", title="Talks resume", body="Negotiators were running late to the talks."),
        Article(id="https://example.com/2025/04/story", title="Grain deal", body="A grain deal was signed."),
    ]))


@pytest.mark.parametrize("q", ["running~1/7", "talks~/9", "talks~1/99999999999999999999"])
def test_query_fuzzy_prefix_longer_than_the_word_keeps_the_word(news, q):
    page = news.search(SearchRequest(q=q))
    assert [h.id for h in page.hits] == ["a"]
