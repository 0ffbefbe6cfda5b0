"""Did you mean: misspelled words are corrected, the rest of the query is kept as typed."""

import pytest
from whoosh.support.levenshtein import damerau_levenshtein, levenshtein

from searchsvc.articles import Article
from searchsvc.search.results import SearchRequest, Suggestion
from searchsvc.search.speller import Speller, one_edit
from searchsvc.search.spelling import TermsCorrector, doc_frequencies, edit_distances, plain_terms, vocabulary
from searchsvc.search.suggest import Suggester, correct_text, count_matches
from searchsvc.store.generations import build_index, current_generation


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


def test_suggest_only_where_it_helps(make_index, open_index):
    # "Kyiv" is in the archive; "kits" is 37 times commoner but two edits away: no suggestion.
    # "wheet" is in the archive too, one edit from a word 40 times commoner: a typo, corrected.
    stories = [Article(id="kyiv", title="Kyiv talks", body="Talks in Kyiv."), Article(id="wheet", body="wheet")]
    stories += [Article(id=f"kit{n}", title="First aid kits", body="Kits for schools.") for n in range(37)]
    stories += [Article(id=f"wheat{n}", title="Wheat", body="Wheat prices.") for n in range(40)]
    stories += [Article(id=f"other{n}", body="Other news.") for n in range(30)]
    index = open_index(make_index(stories))
    suggestions = {q: index.search(SearchRequest(q=q)).suggestion for q in ("Kyiv", "kyiv talks", "wheet", "kyvi")}
    assert {q: s.q if s else None for q, s in suggestions.items()} == {
        "Kyiv": None,
        "kyiv talks": None,
        "wheet": "wheat",
        "kyvi": "kyiv",  # a word the index lacks is still corrected to the nearest commoner one
    }


def test_suggest_never_a_rarer_word_for_a_commoner_one(make_index, open_index):
    stories = [Article(id=f"h{n}", body="heat") for n in range(2)] + [Article(id="w", body="wheat")]
    stories += [Article(id=f"z{n}", title="Zaporizhzhia", body="Zaporizhzhia plant.") for n in range(2)]
    index = open_index(make_index(stories))
    # "heat" (2 stories) is commoner than "wheat" (1), but not 20 times; "wheat" is never offered for "heat".
    assert [index.search(SearchRequest(q=q)).suggestion for q in ("wheat", "heat", "Zaporizhzhia")] == [None] * 3


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
            assert vocabulary(reader, field).weights == {term: reader.frequency(field, term) for term in terms}


def test_suggest_counts_in_the_search_index_as_whoosh_does(news):
    news.search(SearchRequest(q=""))  # opens the searcher
    searcher = news._served.searcher
    for q in ["negotiations", '"grain exports"', "energy OR grain", "negotiations NOT grain", "nothing", "prices AND"]:
        assert news._served._count_matches(q) == count_matches(searcher, q), q


def test_suggest_keeps_a_correction_per_query_text(news):
    news.search(SearchRequest(q=""))  # opens the searcher
    counted = []

    def count(q):
        counted.append(q)
        return news._served._count_matches(q)

    suggester = Suggester(news._served.searcher, count)
    first = suggester.suggest(SearchRequest(q="negotiatons"), 0)
    again = suggester.suggest(SearchRequest(q="negotiatons", per_page=5), 0)
    assert first == Suggestion(q="negotiations", params={"q": "negotiations"}, total=3)
    assert again == Suggestion(q="negotiations", params={"q": "negotiations", "per_page": 5}, total=3)
    assert suggester.suggest(SearchRequest(q="zzyzx"), 0) is None
    assert suggester.suggest(SearchRequest(q="zzyzx"), 0) is None
    assert counted == ["negotiations"]


def test_suggest_follows_a_new_generation(tmp_path, open_index):
    stories = [Article(id=str(n), title=f"Story {n}", body="Grain negotiations resumed.") for n in range(3)]
    build_index(stories, tmp_path)
    index = open_index(tmp_path, refresh_interval=0)
    assert index.search(SearchRequest(q="negotiatons")).suggestion.total == 3
    build_index(stories + [Article(id="3", title="Story 3", body="More negotiations.")], tmp_path)
    assert index.search(SearchRequest(q="negotiatons")).suggestion.total == 4


def test_suggest_stems_many_words_as_one_by_one(news):
    with current_generation(news.index_dir).open().searcher() as searcher:
        words = ["negotiations", "the", "a", "kiev", "prices", "café", "grain_exports", "running", "x"]
        expected = [[t.text for t in searcher.schema["body"].analyzer(word, mode="query")] for word in words]
        assert Speller(searcher).stems(words) == [terms[0] if len(terms) == 1 else None for terms in expected]
        assert Speller(searcher).stems(words) == [Speller(searcher).stem(word) for word in words]


def test_suggest_still_corrects_a_rare_word_with_a_much_commoner_neighbour(make_index, open_index):
    stories = [Article(id=str(n), title=f"Story {n}", body="The harvest report.") for n in range(40)]
    index = open_index(make_index(stories + [Article(id="x", title="Typo", body="The harvst report.")]))
    assert index.search(SearchRequest(q="harvst")).suggestion.q == "harvest"
    with current_generation(index.index_dir).open().searcher() as searcher:
        assert Speller(searcher).correct("harvest") is None  # commonest word: nothing is 20x commoner


@pytest.mark.parametrize("prefix", [0, 1, 2])
def test_suggest_terms_within_equals_whoosh_over_two_segments(tmp_path, prefix):
    words = ["reykjavik", "reykjavík", "zürich", "zurich", "grain", "grains", "rain", "gain", "brain", "grian"]
    stories = [
        Article(id=str(n), title=f"Story {n}", body=f"{words[n % 10]} {words[(n * 3) % 10]}.") for n in range(150)
    ]
    build_index(stories, tmp_path, procs=2)
    with current_generation(tmp_path).open().searcher() as searcher:
        reader = searcher.reader()
        assert len(reader.leaf_readers()) == 2
        for word in ["grain", "grian", "zurch", "reykjavik", "rian", "qqqq", "brains"]:
            for maxdist in (1, 2):
                ours = list(TermsCorrector(reader, "body").terms_within(word, maxdist, prefix))
                assert ours == list(reader.terms_within("body", word, maxdist, prefix=prefix)), (word, maxdist)


def test_suggest_terms_within_equals_whoosh_automaton_on_one_segment(tmp_path):
    words = ["reykjavik", "reykjavík", "zürich", "zurich", "grain", "grains", "rain", "gain", "brain", "grian"]
    stories = [
        Article(id=str(n), title=f"Story {n}", body=f"{words[n % 10]} {words[(n * 3) % 10]}.") for n in range(30)
    ]
    build_index(stories, tmp_path)
    with current_generation(tmp_path).open().searcher() as searcher:
        reader = searcher.reader()
        assert len(reader.leaf_readers()) == 1
        for word in ["grain", "grian", "zurch", "reykjavik", "rian", "qqqq", "brains", "gr", "g"]:
            for maxdist, prefix in [(1, 0), (1, 1), (2, 1), (2, 2)]:
                if prefix > len(word):
                    continue  # Whoosh's automaton fails on a prefix longer than the word
                ours = list(TermsCorrector(reader, "body").terms_within(word, maxdist, prefix))
                assert ours == sorted(reader.terms_within("body", word, maxdist, prefix=prefix)), (
                    word,
                    maxdist,
                    prefix,
                )


def test_suggest_edit_distances_equal_whoosh_one_by_one():
    words = ["grain", "grian", "rgain", "g", "gainer", "ab", "ba", "abc", "acb", "cab", "zürich", "zurich", "reykjavík"]
    for text in ["grain", "ab", "acb", "zurich", "a", ""]:
        assert edit_distances(words, text, transpositions=False).tolist() == [levenshtein(w, text) for w in words], text
        assert edit_distances(words, text, transpositions=True).tolist() == [
            damerau_levenshtein(w, text) for w in words
        ], text


def test_suggest_surface_from_stored_offsets_equals_analysing_the_story(news):
    with current_generation(news.index_dir).open().searcher() as searcher:
        speller, reader = Speller(searcher), searcher.reader()
        for field in ("title", "body"):
            for term in [t.decode() for t in reader.lexicon(field)]:
                docnum = next(iter(reader.postings(field, term).all_ids()))
                text = reader.stored_fields(docnum)[field]
                first = next(t for t in speller.analyzer(text, chars=True, mode="index") if t.text == term)
                assert speller.read_surface(field, term) == text[first.startchar : first.endchar].lower(), term


def test_suggest_plain_terms_equal_the_analyzer_chain(news):
    with current_generation(news.index_dir).open().searcher() as searcher:
        analyzer = searcher.schema["body"].analyzer
        words = [
            "negotiations",
            "the",
            "a",
            "x",
            "kiev",
            "prices",
            "grain_exports",
            "running",
            "2025",
            "s",
            "ab",
            "whom",
        ]
        expected = []
        for word in words:
            (token,) = analyzer(word, mode="query", removestops=False)
            expected.append(None if token.stopped else token.text)
        assert plain_terms(analyzer, words) == expected
        assert expected[4] == "kyiv" and expected[1] is None  # a variant and a stop word were among them
        assert plain_terms(searcher.schema["source"].analyzer, words) is None  # not the prose chain
