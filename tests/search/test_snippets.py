import pytest

from searchsvc.articles import Article
from searchsvc.search.results import SearchRequest
from searchsvc.search.snippets import lead_snippet, make_snippet, merge_spans, phrase_spans


def spans_of(text: str, *words: str) -> list[tuple[int, int]]:
    found = []
    for word in words:
        start = text.find(word)
        while start != -1:
            found.append((start, start + len(word)))
            start = text.find(word, start + 1)
    return merge_spans(found)


def test_snippets_escape_text_and_mark_matches():
    text = "Tom & Jerry <b>fight</b> over cheese."
    assert (
        make_snippet(text, spans_of(text, "cheese"))
        == "Tom &amp; Jerry &lt;b&gt;fight&lt;/b&gt; over <mark>cheese</mark>."
    )


def test_snippets_collapse_whitespace():
    text = "Oil   prices\n  rose\ttoday."
    assert make_snippet(text, spans_of(text, "rose")) == "Oil prices <mark>rose</mark> today."


def test_snippets_fragments_start_at_a_sentence_and_end_at_a_word():
    text = "Intro words. " + "Filler " * 30 + "end here. The dollar fell sharply. " + "More filler text " * 20
    snippet = make_snippet(text, spans_of(text, "dollar"))
    assert snippet.startswith("The <mark>dollar</mark> fell sharply.")
    assert len(snippet) <= 200 + len("<mark></mark>")
    assert text.replace("dollar", "<mark>dollar</mark>").find(snippet) != -1
    assert snippet.split()[-1] in {"More", "filler", "text"}


def test_snippets_fragment_without_a_sentence_start_begins_at_a_word():
    text = " ".join(f"w{i}" for i in range(100)) + " target " + " ".join(f"v{i}" for i in range(100))
    snippet = make_snippet(text, spans_of(text, "target"))
    first = snippet.split()[0]
    assert first.startswith("w") and text.find(" " + first + " ") != -1
    assert "<mark>target</mark>" in snippet


def test_snippets_distant_matches_become_at_most_three_fragments_joined_by_ellipsis():
    parts = [f"Sentence {i} " + "pad " * 60 + "hit here. " for i in range(5)]
    text = "".join(parts)
    snippet = make_snippet(text, spans_of(text, "hit"))
    assert snippet.count(" … ") == 2
    assert snippet.count("<mark>hit</mark>") == 3


def test_snippets_lead_is_the_opening_cut_at_a_word():
    text = "word " * 100
    assert lead_snippet(text) == ("word " * 40).strip() + " …"
    assert lead_snippet("Short & sweet.") == "Short &amp; sweet."


def test_snippets_phrase_spans_need_the_words_in_order():
    # (position, startchar, endchar) of "cocoa" and "harvest"
    cocoa = [(0, 0, 5), (5, 30, 35)]
    harvest = [(3, 20, 27), (6, 36, 43)]
    assert phrase_spans([cocoa, harvest], slop=1) == [(30, 43)]
    assert phrase_spans([cocoa, []], slop=1) == []


def article(id, title, body, **extra):
    return Article(id=id, title=title, body=body, **extra)


@pytest.fixture
def index(make_index, open_index):
    return open_index(
        make_index(
            [
                article(
                    "p", "Markets", "Cocoa prices rose. The cocoa harvest ended early in Bahia, harvest workers said."
                ),
                article("s", "Report", "Farmers harvested early; harvesting resumed on Monday."),
                article("t", "Sugar quota talks", "Delegates from forty countries met in London & Paris on <Monday>."),
            ]
        )
    )


def snippet(index, q: str) -> str:
    return index.search(SearchRequest(q=q)).hits[0].snippet


def test_snippets_phrase_query_marks_the_phrase_not_its_words_elsewhere(index):
    assert snippet(index, '"cocoa harvest"') == (
        "Cocoa prices rose. The <mark>cocoa harvest</mark> ended early in Bahia, harvest workers said."
    )


def test_snippets_words_matched_by_stemming_are_marked_as_written(index):
    assert snippet(index, "harvests farmer") == (
        "<mark>Farmers</mark> <mark>harvested</mark> early; <mark>harvesting</mark> resumed on Monday."
    )


def test_snippets_title_only_match_gives_the_escaped_lead(index):
    assert snippet(index, "quota") == "Delegates from forty countries met in London &amp; Paris on &lt;Monday&gt;."


def test_snippets_excluded_words_are_not_marked(index):
    assert snippet(index, "cocoa NOT sugar") == (
        "<mark>Cocoa</mark> prices rose. The <mark>cocoa</mark> harvest ended early in Bahia, harvest workers said."
    )


def test_snippets_empty_query_gives_leads(index):
    page = index.search(SearchRequest(q=""))
    assert {h.id: h.snippet for h in page.hits}["s"] == "Farmers harvested early; harvesting resumed on Monday."
