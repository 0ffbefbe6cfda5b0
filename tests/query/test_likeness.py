"""Long queries read as "stories like this text": the text's most distinctive words by idf, any of them."""

import pytest

from searchsvc.articles import Article
from searchsvc.query import parse_query
from searchsvc.query.likeness import LIKE_TEXT_CHARS, is_like_text
from searchsvc.search.results import SearchRequest

# Two topics, four stories each, sharing the everyday words of news.
COFFEE = [
    (
        "k1",
        "Coffee harvest falls short",
        "Brazil's coffee harvest fell as frost hit the arabica growers in Minas Gerais.",
    ),
    ("k2", "Arabica coffee prices climb", "Arabica coffee futures rose in New York after frost damaged the harvest."),
    (
        "k3",
        "Coffee growers hold back beans",
        "Coffee growers in Colombia held back beans, awaiting better arabica prices.",
    ),
    ("k4", "Coffee exporters meet", "Exporters of coffee met in London to discuss quotas after a poor coffee harvest."),
]
FOOTBALL = [
    ("f1", "Cup final goes to penalties", "The football cup final in London went to penalties after a goalless match."),
    ("f2", "Striker signs new contract", "The striker signed a new football contract with the club after the match."),
    ("f3", "Coach praises defence", "The football coach praised the defence after the league match ended in a draw."),
    ("f4", "League leaders lose", "The league leaders lost the football match to a late goal by the striker."),
]
STORIES = [Article(id=i, title=t, body=b) for i, t, b in COFFEE + FOOTBALL]

# About 2,000 characters on the coffee harvest, with quotes, colons, parentheses and dashes as pasted.
PASTED = (
    'Reports from Brazil say the coffee harvest (mostly arabica) will be "well below" last year: frost in '
    "Minas Gerais damaged trees - and growers fear the next crop too. Traders in New York and London "
    "watched futures climb as exporters warned of short supply; some growers held back beans. "
) * 7


@pytest.fixture
def index(make_index, open_index):
    return open_index(make_index(STORIES))


def test_likeness_a_2000_character_query_finds_stories_like_it(index):
    assert 1900 < len(PASTED) < 2100 and is_like_text(PASTED, 100)
    page = index.search(SearchRequest(q=PASTED))
    # Every coffee story first; football stories share only "new" (f2) or "London" (f1), far below.
    assert [hit.id for hit in page.hits] == ["k2", "k1", "k3", "k4", "f2", "f1"]
    assert page.suggestion is None


def test_likeness_long_queries_are_read_as_text_past_the_length_or_word_limit(index):
    assert not is_like_text("coffee " * 70, 100)  # 490 characters, 70 words: the query language
    assert is_like_text("x" * (LIKE_TEXT_CHARS + 1), 100)
    assert is_like_text("a " * 101, 100)
    # A 101-word AND of these words would find nothing; as text it finds the stories holding any of them.
    words = " ".join(["coffee", "striker"] + ["filler"] * 99)
    assert sorted(hit.id for hit in index.search(SearchRequest(q=words)).hits) == [
        "f2",
        "f4",
        "k1",
        "k2",
        "k3",
        "k4",
    ]


def test_likeness_query_keeps_the_most_distinctive_terms(index):
    with index._lock:
        searcher = index._current().searcher
    query = parse_query(PASTED, searcher.schema, searcher)
    terms = {sub.text for sub in query.subqueries}
    # Only terms some story holds count: the 19 the text shares with the index, at most 25.
    assert terms == {
        "arabica",
        "back",
        "bean",
        "brazil",
        "climb",
        "coffe",
        "damag",
        "export",
        "frost",
        "futur",
        "gerai",
        "grower",
        "harvest",
        "held",
        "london",
        "mina",
        "new",
        "short",
        "york",
    }


def test_likeness_api_accepts_4000_characters_and_refuses_more(make_index, app_for):
    client = app_for(make_index(STORIES)).test_client()
    text = (PASTED * 2)[:4000]
    body = client.get("/api/search", query_string={"q": text}).get_json()
    assert [hit["id"] for hit in body["hits"]][:4] == ["k2", "k1", "k3", "k4"]
    response = client.get("/api/search", query_string={"q": text + "x"})
    assert response.status_code == 413
