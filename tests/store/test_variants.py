"""Name variants: spellings of one name fold together when indexing and searching."""

import pytest

from searchsvc.articles import Article
from searchsvc.search.results import SearchRequest
from searchsvc.search.searcher import SearchIndex
from searchsvc.store.variants import VARIANTS_ENV, VariantsError, load_variants, parse_variants


def test_parse_variants_maps_each_variant_to_the_folded_canonical():
    text = "# places\nKyiv, Kiev, Kyyiv  # the capital\n\nZelenskyy, Zelénsky\n"
    assert parse_variants(text) == {"kiev": "kyiv", "kyyiv": "kyiv", "zelensky": "zelenskyy"}


@pytest.mark.parametrize(
    "text, message",
    [
        (
            "Kyiv, Kiev\nQaeda, Al-Qaida\n",
            "ops.txt, line 2: 'Al-Qaida' is not one word (write the distinctive part, e.g. 'Qaeda' for 'Al-Qaeda')",
        ),
        ("Kyiv\n", "ops.txt, line 1: a group needs at least two spellings"),
    ],
)
def test_parse_variants_error_names_file_line_and_problem(text, message):
    with pytest.raises(VariantsError) as error:
        parse_variants(text, "ops.txt")
    assert str(error.value) == message


def test_load_variants_default_list_holds_the_common_transliterations():
    table = load_variants()
    pairs = [
        ("kiev", "kyiv"),
        ("dmitriyev", "dmitriev"),
        ("zelensky", "zelenskyy"),
        ("zelenskiy", "zelenskyy"),
        ("kharkov", "kharkiv"),
        ("odessa", "odesa"),
        ("lvov", "lviv"),
        ("nikolaev", "mykolaiv"),
        ("zaporozhye", "zaporizhzhia"),
        ("dnepr", "dnipro"),
        ("chernobyl", "chornobyl"),
        ("qaddafi", "gaddafi"),
        ("kadhafi", "gaddafi"),
        ("qaida", "qaeda"),
        ("navalnyy", "navalny"),
        ("medvedyev", "medvedev"),
        ("chaikovsky", "tchaikovsky"),
        ("peking", "beijing"),
        ("bombay", "mumbai"),
    ]
    assert [(v, table.get(v)) for v, _ in pairs] == pairs
    assert 50 <= len({*table.values()}) <= 150


def test_load_variants_operator_file_adds_to_the_default(tmp_path, monkeypatch):
    extra = tmp_path / "variants.txt"
    extra.write_text("Bakhmut, Artemivsk, Artyomovsk\nKiev, Kijev\n", encoding="utf-8")
    monkeypatch.setenv(VARIANTS_ENV, str(extra))
    table = load_variants()
    assert (table["artemivsk"], table["artyomovsk"]) == ("bakhmut", "bakhmut")
    # A group sharing a spelling with a shipped one joins it; its first spelling leads.
    assert (table["kijev"], table["kyiv"], table["kyyiv"], "kiev" in table) == ("kiev", "kiev", "kiev", False)
    assert table["peking"] == "beijing"


def test_load_variants_operator_canonical_wins(tmp_path):
    extra = tmp_path / "variants.txt"
    extra.write_text("Kiev, Kyiv\n", encoding="utf-8")
    table = load_variants(extra)
    assert (table["kyiv"], table["kyyiv"], "kiev" in table) == ("kiev", "kiev", False)


def test_load_variants_missing_operator_file_is_an_error(tmp_path):
    with pytest.raises(VariantsError, match="cannot read the variants file"):
        load_variants(tmp_path / "missing.txt")


def stories():
    return [
        Article(id="a", title="Envoy in Kiev", body="Kirill Dmitriev spoke in Kiev."),
        Article(id="b", title="Talks", body="Kirill Dmitriyev met Zelenskiy in Kyiv."),
        Article(id="c", title="Other", body="Nothing about names here."),
    ]


def ids(index, q):
    return sorted(h.id for h in index.search(SearchRequest(q=q)).hits)


@pytest.mark.parametrize("q", ["Dmitriev", "Dmitriyev", "dmitryev", '"Kirill Dmitriyev"'])
def test_search_finds_every_spelling_of_a_name(make_index, open_index, q):
    assert ids(open_index(make_index(stories())), q) == ["a", "b"]


def test_search_variant_query_marks_the_word_as_the_article_writes_it(make_index, open_index):
    index = open_index(make_index(stories()))
    page = index.search(SearchRequest(q="Dmitriyev Kyiv"))
    snippets = {h.id: h.snippet for h in page.hits}
    assert snippets == {
        "a": "Kirill <mark>Dmitriev</mark> spoke in <mark>Kiev</mark>.",
        "b": "Kirill <mark>Dmitriyev</mark> met Zelenskiy in <mark>Kyiv</mark>.",
    }


def test_search_operator_variants_need_a_rebuild(tmp_path, monkeypatch, open_index):
    from searchsvc.store.generations import build_index

    articles = [Article(id="a", title="Front", body="Fighting near Artemivsk.")]
    build_index(articles, tmp_path / "before")
    extra = tmp_path / "variants.txt"
    extra.write_text("Bakhmut, Artemivsk\n", encoding="utf-8")
    monkeypatch.setenv(VARIANTS_ENV, str(extra))
    build_index(articles, tmp_path / "after")
    # The index keeps the table it was built with, so only the rebuilt one folds the names.
    assert ids(open_index(tmp_path / "before"), "Bakhmut") == []
    assert ids(open_index(tmp_path / "after"), "Bakhmut") == ["a"]


def test_search_seed_stories_about_dmitriev_are_found_by_dmitriyev(seed_index):
    index = SearchIndex(seed_index)
    try:
        by_variant = {h.id for h in index.search(SearchRequest(q="Dmitriyev", per_page=100)).hits}
        as_written = {h.id for h in index.search(SearchRequest(q="Dmitriev", per_page=100)).hits}
        page = index.search(SearchRequest(q="Dmitriyev", per_page=100))
    finally:
        index.close()
    assert by_variant == as_written
    assert {"000", "002", "003", "004"} <= {story_id[:3] for story_id in by_variant}
    assert all("<mark>Dmitriev</mark>" in h.snippet for h in page.hits)
