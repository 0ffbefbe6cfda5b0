"""Wildcards, prefixes and fuzzy words: matched on the words as written, reaching their stems, ranked by closeness."""

import pytest

from searchsvc.articles import Article
from searchsvc.query.expansion import closeness, edit_distance
from searchsvc.search.results import SearchRequest

# Three common coffee stories, and rare near-misses that hold their word many times.
COFFEE = [
    Article(id="c1", title="Coffee prices rise", body="Coffee exports grew as coffee growers sold more coffee."),
    Article(id="c2", title="Coffee talks", body="Producers discussed a coffee quota."),
    Article(id="c3", title="Harvest news", body="The coffee harvest was late this year in Brazil."),
    Article(id="r1", title="Coffer of the state", body="The coffer held gold; the coffer was full."),
    Article(id="r2", title="Comfed Savings", body="Comfed Savings said comfed earnings rose; comfed shares rose."),
    Article(id="r3", title="Wheat", body="Grain prices fell in Chicago."),
]


@pytest.fixture
def coffee(make_index, open_index):
    return open_index(make_index(COFFEE))


def ids(index, q: str) -> list[str]:
    return [hit.id for hit in index.search(SearchRequest(q=q)).hits]


def test_expansion_prefix_longer_than_the_stem_finds_the_seed_negotiation_stories(seed_index, open_index):
    index = open_index(seed_index)
    negotiations = sorted(ids(index, "negot*"))
    assert len(negotiations) == 4
    # "negotiations" stems to "negoti": a prefix is matched on the words as written, then reaches their stems.
    for q in ("negotiat*", "negotiation*", "Negotiat*", "negotiat?ons", "NEGOTIATIONS~"):
        assert sorted(ids(index, q)) == negotiations, q


def test_expansion_prefix_of_a_title_word_stays_in_the_title(make_index, open_index):
    index = open_index(
        make_index(
            [
                Article(id="t", title="Negotiations resume", body="Talks began."),
                Article(id="b", title="Talks", body="The negotiations resume."),
            ]
        )
    )
    assert ids(index, "title:negotiat*") == ["t"]
    assert ids(index, "negotiat*") == ["t", "b"]


def test_expansion_fuzzy_word_ranks_the_common_close_word_above_rare_near_misses(coffee):
    # "coffe" is one edit from "coffee" (three stories) and from "coffer" (one story, three times):
    # both weigh 1 - 1/5 and share coffee's document frequency, so the rare word gets no rare
    # word's idf and its story ranks by how often it holds the word, among the coffee stories.
    assert ids(coffee, "coffe~") == ["c1", "r1", "c2", "c3"]
    # Two edits reach "comfed" too (Reuters' COMFED SAVINGS), weighted 1 - 2/5 with coffee's idf: its
    # story says it four times, yet ranks below the coffee stories saying theirs twice.
    assert ids(coffee, "coffe~2") == ["c1", "r1", "c2", "r2", "c3"]


def test_expansion_fuzzy_word_itself_ranks_first(coffee):
    assert ids(coffee, "coffer~") == ["r1", "c1", "c2", "c3"]
    assert ids(coffee, "comfed~") == ["r2"]


def test_expansion_fuzzy_word_combines_with_other_words(coffee):
    assert ids(coffee, "coffe~ quota") == ["c2"]
    # Short titles first; "Coffee talks" and "Coffer of the state" tie (one word each, two terms).
    assert ids(coffee, "title:coffe~") == ["c2", "r1", "c1"]


def test_expansion_closeness_is_lucenes_fuzzy_weight():
    assert [edit_distance(a, b) for a, b in [("coffee", "coffe"), ("comfed", "coffe"), ("ab", "ba"), ("", "ab")]] == [
        1,
        2,
        1,
        2,
    ]
    assert [round(closeness(word, "coffe"), 2) for word in ("coffe", "coffee", "comfed")] == [1.0, 0.8, 0.6]
