"""Completion: the last word's commonest completions and the names the archive holds, most stories first."""

import pytest

from searchsvc.articles import Article
from searchsvc.search.completion import Completion

STORIES = [
    Article(
        id="1", title="Negotiations resume", body="Negotiators met; negotiations went on.", author="Nia Negroponte"
    ),
    Article(id="2", title="Talks stall", body="The negotiations stalled in Geneva.", source="Negev Times"),
    Article(id="3", title="A negotiated deal", body="They negotiated a deal.", author="Nia Negroponte"),
    Article(id="4", title="Neglected roads", body="Roads were neglected.", tags=("negative news",)),
    Article(id="5", title="The theatre", body="There, the theatre opened.", author="Thea Lund"),
]


@pytest.fixture
def index(make_index, open_index):
    return open_index(make_index(STORIES))


def test_completion_of_the_last_word_most_stories_first(index):
    # Ties go alphabetically; the text before the last word is kept as typed.
    assert index.complete("ceasefire neg", limit=4) == [
        Completion("ceasefire negotiations", "word", 2),
        Completion("ceasefire neglected", "word", 1),
        Completion("ceasefire negotiated", "word", 1),
        Completion("ceasefire negotiators", "word", 1),
    ]


def test_completion_offers_names_with_a_word_starting_with_the_text(index):
    assert index.complete("Neg") == [
        Completion("Nia Negroponte", "author", 2),
        Completion("Negotiations", "word", 2),
        Completion("Negev Times", "source", 1),
        Completion("negative news", "tag", 1),
        Completion("Neglected", "word", 1),
        Completion("Negotiated", "word", 1),
        Completion("Negotiators", "word", 1),
    ]
    # The whole text matches a name; its last word completes as a word too (names first on a tie).
    assert index.complete("nia neg", limit=3) == [
        Completion("Nia Negroponte", "author", 2),
        Completion("nia negotiations", "word", 2),
        Completion("nia neglected", "word", 1),
    ]


def test_completion_leaves_out_stop_words_and_answers_nothing_for_nothing(index):
    # "the" and "there" are stop words: completing to them would search for nothing.
    assert index.complete("th") == [
        Completion("Thea Lund", "author", 1),
        Completion("theatre", "word", 1),
    ]
    assert index.complete("") == [] and index.complete("zzz") == [] and index.complete("talks ") == []
