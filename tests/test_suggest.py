"""Did you mean: misspelled words are corrected, the rest of the query is kept as typed."""

import pytest

from searchsvc.articles import Article
from searchsvc.generations import build_index, current_generation
from searchsvc.results import SearchRequest, Suggestion
from searchsvc.suggest import TermsCorrector, correct_text, count_matches, doc_frequencies, one_edit


@pytest.fixture
def news(make_index, open_index):
    return open_index(
        make_index(
            [
                Article(id=str(n), title=f"Story {n}", body=text)
                for n, text in enumerate(
                    [
                        "Ceasefire negotiations resumed in Istanbul.",
                        "The negotiations on grain exports stalled.",
                        "Negotiators said negotiations would go on.",
                        "Energy prices rose in Kharkiv.",
                    ]
                )
            ]
        )
    )


def test_suggest_corrects_a_misspelled_word(news):
    page = news.search(SearchRequest(q="negotiatons"))
    assert (page.total, page.suggestion) == (0, Suggestion(q="negotiations", params={"q": "negotiations"}, total=3))


def test_suggest_keeps_the_query_syntax_and_the_other_parameters(news):
    request = SearchRequest(q='"ceasefire negotiatons" OR title:storyy -grian', per_page=5)
    page = news.search(request)
    assert page.suggestion.q == '"ceasefire negotiations" OR title:story -grain'
    assert page.suggestion.params == {"q": '"ceasefire negotiations" OR title:story -grain', "per_page": 5}


def test_suggest_keeps_capitals_as_typed(news):
    assert news.search(SearchRequest(q="Negotiatons")).suggestion.q == "Negotiations"


def test_suggest_corrects_a_stem_two_edits_away(news):
    assert news.search(SearchRequest(q="kharkf prices")).suggestion.q == "kharkiv prices"


def test_suggest_nothing_for_a_query_that_finds_enough(news):
    assert news.search(SearchRequest(q="negotiations")).suggestion is None


def test_suggest_nothing_when_no_correction_finds_more(news):
    assert news.search(SearchRequest(q="zzyzx")).suggestion is None


def test_suggest_leaves_wildcards_fuzzy_words_and_other_fields_alone(news):
    with current_generation(news.index_dir).open().searcher() as searcher:
        assert correct_text(searcher, "negotiatonz* negotiatons~ source:negotiatons") is None
        assert correct_text(searcher, "negotiatonz* negotiatons") == "negotiatonz* negotiations"


def test_one_edit_spellings():
    assert sorted(one_edit("ab")) == sorted(
        {"a", "b", "ba"}
        | {c + "b" for c in "abcdefghijklmnopqrstuvwxyz"} - {"ab"}
        | {"a" + c for c in "abcdefghijklmnopqrstuvwxyz"} - {"ab"}
        | {c + "ab" for c in "abcdefghijklmnopqrstuvwxyz"}
        | {"a" + c + "b" for c in "abcdefghijklmnopqrstuvwxyz"}
        | {"ab" + c for c in "abcdefghijklmnopqrstuvwxyz"}
    )


@pytest.mark.parametrize("word", ["2025", "401k", "ab"])
def test_suggest_leaves_numbers_codes_and_short_words_alone(word, make_index, open_index):
    index = open_index(make_index([Article(id="a", title="2012 report", body="The 2012 report on 40k abc.")]))
    assert index.search(SearchRequest(q=word)).suggestion is None


WORDS = ["w1", "negoti", "negotiatons", "grian", "energi", "kharkov", "price", "ceasfire", "zzz", "st"]


@pytest.mark.parametrize("procs", [1, 2])  # one segment (automaton walk) and two (distance scan)
def test_suggest_terms_corrector_equals_whoosh_corrector(tmp_path, procs):
    bodies = ["Ceasefire negotiations resumed.", "Grain prices rose in Kharkiv.", "Energy and grains."]
    # 150 stories: with two processes, each writes a segment (jobs go out 100 stories at a time).
    stories = [Article(id=str(n), title=f"Story {n}", body=f"{bodies[n % 3]} Word w{n % 40}.") for n in range(150)]
    build_index(stories, tmp_path, procs=procs)
    with current_generation(tmp_path).open().searcher() as searcher:
        reader = searcher.reader()
        assert len(reader.leaf_readers()) == procs
        for field in ("title", "body"):
            for word in WORDS:
                ours = TermsCorrector(reader, field).suggest(word, limit=3, maxdist=2, prefix=1)
                assert ours == reader.corrector(field).suggest(word, limit=3, maxdist=2, prefix=1), (field, word)
            terms = [term.decode() for term in reader.lexicon(field)]
            assert doc_frequencies(reader, field) == {term: reader.doc_frequency(field, term) for term in terms}


def test_suggest_counts_in_the_search_index_as_whoosh_does(news):
    news.search(SearchRequest(q=""))  # opens the searcher
    searcher = news._searcher
    for q in ["negotiations", '"grain exports"', "energy OR grain", "negotiations NOT grain", "nothing", "prices AND"]:
        assert news._count_matches(q) == count_matches(searcher, q), q
