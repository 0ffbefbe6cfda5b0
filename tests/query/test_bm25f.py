"""BM25F: a word's title and body frequencies are weighted, added, then saturated once."""

from math import log

import pytest

from searchsvc.articles import Article
from searchsvc.query.parser import FIELD_BOOSTS, K1, B
from searchsvc.search.results import SearchRequest


def test_bm25f_score_of_a_word_in_title_and_body(make_index, open_index):
    index = open_index(
        make_index(
            [
                Article(id="a", title="cats", body="cats cats dogs"),
                Article(id="b", title="birds", body="dogs dogs dogs dogs dogs"),
            ]
        )
    )
    hit = index.search(SearchRequest(q="cats")).hits[0]
    idf = log(1 + (2 - 1 + 0.5) / (1 + 0.5))
    title_tf = FIELD_BOOSTS["title"] * 1 / ((1 - B) + B * 1 / 1)  # title length 1, average 1
    body_tf = 2 / ((1 - B) + B * 3 / 4)  # body length 3, average 4
    tf = title_tf + body_tf
    assert (hit.id, hit.score) == ("a", pytest.approx(round(idf * tf * (K1 + 1) / (tf + K1), 4), abs=1e-4))


def test_bm25f_title_word_ranks_above_the_same_word_in_a_long_body(make_index, open_index):
    index = open_index(
        make_index(
            [
                Article(id="body", title="Markets", body="Grain prices rose as grain exports resumed."),
                Article(id="title", title="Grain", body="Prices rose as exports resumed."),
            ]
        )
    )
    assert [h.id for h in index.search(SearchRequest(q="grain")).hits] == ["title", "body"]
