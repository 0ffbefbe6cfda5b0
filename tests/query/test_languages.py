"""Stories analysed by their language; a query in any language finds them."""

import pytest

from searchsvc.articles import Article
from searchsvc.search.results import SearchRequest
from searchsvc.store.analysis import text_analyzer
from searchsvc.store.languages import analysis_language

STORIES = [
    Article(id="de", title="Neue Regierungen", body="Die Regierungen der Länder berieten in Berlin.", language="de"),
    Article(id="it", title="Tre giorni di sciopero", body="Lo sciopero durerà tre giorni a Roma.", language="it"),
    Article(
        id="ja",
        title="宮崎県に津波注意報",
        body="気象庁は宮崎県の沿岸に津波注意報を発表した。ＮＨＫによると地震の規模はマグニチュード６。",
        language="ja",
    ),
    Article(id="en", title="Governments meet", body="The governments of Europe met in Brussels.", language="en"),
    Article(id="none", title="Strike talks", body="Union leaders discussed the strikes."),
]


@pytest.fixture
def index(make_index, open_index):
    return open_index(make_index(STORIES))


def ids(index, q: str) -> list[str]:
    return [hit.id for hit in index.search(SearchRequest(q=q)).hits]


@pytest.mark.parametrize(
    "q, expected",
    [
        ("Regierung", ["de"]),  # German stemming: the story has only "Regierungen"
        ("regierungen", ["de"]),
        ("Die Regierung", ["de"]),  # "die" is a German stop word: German stories need not hold it
        ('"neue regierung"', ["de"]),
        ("Land", ["de"]),  # "Länder", folded and stemmed as German
        ("giorno", ["it"]),
        ("津波", ["ja"]),
        ("地震", ["ja"]),
        ("宮崎県", ["ja"]),
        ("マグニチュード", ["ja"]),
        ("NHK", ["ja"]),  # full-width letters folded
        ("nhk 6", ["ja"]),
        ("government", ["en"]),  # English stemming still works
        ("strike", ["none"]),  # a story without a language is English
        ("regier*", ["de"]),
        ("giorn*", ["it"]),
    ],
)
def test_languages_a_query_finds_stories_in_any_language(index, q, expected):
    assert ids(index, q) == expected


def test_languages_index_terms_follow_the_story_language():
    analyzer = text_analyzer({})
    terms = {
        code: sorted(analyzer.for_language(code).positions(text))
        for code, text in [
            ("de", "Die Regierungen"),
            ("ja", "津波注意報"),
            (None, "The governments"),
            ("vi", "Chính phủ"),
        ]
    }
    assert terms == {
        "de": ["regier"],
        "ja": ["意報", "波注", "注意", "津波"],
        None: ["govern"],
        "vi": ["chinh", "phu"],
    }
    assert [analysis_language(code) for code in ("de", "DE", "pt-BR", "ja", None, "xx")] == [
        "de",
        "de",
        "pt",
        "neutral",
        "en",
        "neutral",
    ]


def test_languages_an_english_only_index_is_searched_as_before(make_index, open_index):
    index = open_index(make_index([Article(id="a", title="Die hard", body="Films that die.", language="en")]))
    with index._lock:
        searcher = index._current().searcher
    from searchsvc.query import parse_query

    assert repr(parse_query("die", searcher.schema, searcher)) == (
        "FieldsTerm('die', {'title': 2.0, 'body': 1.0}, boost=1.0)"
    )
