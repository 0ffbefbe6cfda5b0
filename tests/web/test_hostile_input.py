"""Hostile input: odd queries and ids get an answer that names the problem, never a 500."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from searchsvc.articles import Article
from searchsvc.query.parser import QueryError
from searchsvc.search.results import SearchRequest


@pytest.fixture
def news(make_index, open_index):
    return open_index(
        make_index(
            [
                Article(id="a", title="Talks resume", body="Negotiators were running late to the talks."),
                Article(id="https://example.com/2025/04/story", title="Grain deal", body="A grain deal was signed."),
            ]
        )
    )


@pytest.mark.parametrize("q", ["running~1/7", "talks~/9", "talks~1/99999999999999999999"])
def test_query_fuzzy_prefix_longer_than_the_word_keeps_the_word(news, q):
    page = news.search(SearchRequest(q=q))
    assert [h.id for h in page.hits] == ["a"]


def test_api_article_id_with_slashes_is_found(make_index, app_for):
    client = app_for(
        make_index([Article(id="https://example.com/2025/04/story", title="Grain deal", body="A deal.")])
    ).test_client()
    response = client.get("/api/articles/https://example.com/2025/04/story")
    assert (response.status_code, response.get_json()["id"]) == (200, "https://example.com/2025/04/story")


def test_web_article_link_of_an_id_with_slashes_opens_the_story(make_index, app_for):
    client = app_for(
        make_index([Article(id="feed/2025/story", title="Grain deal", body="A grain deal.")])
    ).test_client()
    page = client.get("/?q=grain").get_data(as_text=True)
    assert 'href="/articles/feed/2025/story?q=grain"' in page
    assert client.get("/articles/feed/2025/story?q=grain").status_code == 200


def test_api_article_path_with_a_double_slash_is_a_json_404(make_index, app_for):
    client = app_for(make_index([Article(id="a", title="Grain deal", body="A deal.")])).test_client()
    response = client.get("/api/articles//a")
    assert (response.status_code, response.mimetype) == (404, "application/json")


@pytest.mark.parametrize("q", ["...", "-", "- - -", "!!!", "\N{PARTY POPPER}", "\x00"])
def test_query_of_only_punctuation_says_it_has_no_words(news, q):
    with pytest.raises(QueryError) as error:
        news.search(SearchRequest(q=q))
    assert str(error.value) == "the query has no words to search for, only punctuation or symbols"


# Query syntax pieces, so generated text reaches fields, ranges, fuzzy words and operators.
PIECES = [
    "talks",
    "grain",
    "the",
    "ab",
    "OR",
    "AND",
    "NOT",
    "||",
    "&&",
    "!",
    "*:*",
    "-",
    "(",
    ")",
    '"',
    "*",
    "?",
    "~",
    "~1",
    "/9",
    ":",
    "title:",
    "tag:",
    "published:",
    "[",
    "]",
    " TO ",
    ">",
    "<=",
    "2025",
    "2025-04",
    "^2",
    "\\",
    "'",
    "«",
    "\N{PARTY POPPER}",
    "\x00",
    "\u202e",
    "ß",
    " ",
    " ",
]


@pytest.fixture(scope="module")
def stories(tmp_path_factory):
    from searchsvc.search.searcher import SearchIndex
    from searchsvc.store.generations import build_index

    index_dir = tmp_path_factory.mktemp("hostile-index")
    build_index(
        [
            Article(id="a", title="Grain talks", body="Talks about grain exports in 2025."),
            Article(id="b", title="Abacus", body="An abbey and its abbot."),
        ],
        index_dir,
    )
    index = SearchIndex(index_dir)
    yield index
    index.close()


@settings(max_examples=300, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(q=st.one_of(st.lists(st.sampled_from(PIECES), max_size=10).map("".join), st.text(max_size=20)))
def test_query_any_text_is_searched_or_named_as_a_mistake(stories, q):
    try:
        stories.search(SearchRequest(q=q))
    except QueryError as error:
        assert str(error)
