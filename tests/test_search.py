import pytest

from searchsvc.articles import Article
from searchsvc.results import SearchRequest
from searchsvc.search import PageNotFound
from conftest import utc


def article(id, title, body, published=None, **extra):
    return Article(id=id, title=title, body=body, published=published, **extra)


@pytest.fixture
def small_index(make_index, open_index):
    return open_index(
        make_index(
            [
                article("a", "Cocoa harvest ends", "Cocoa farmers in Bahia ended the harvest.", utc(1987, 2, 26)),
                article("b", "Markets", "Cocoa prices rose as the cocoa harvest ended.", utc(1987, 3, 1)),
                article("c", "Oil output", "Oil production fell in March.", utc(1987, 3, 20)),
                article("d", "Undated cocoa note", "A note on cocoa with no date."),
            ]
        )
    )


def test_search_title_match_ranks_first(small_index):
    page = small_index.search(SearchRequest(q="harvest"))
    assert [h.id for h in page.hits] == ["a", "b"]


def test_search_all_words_required(small_index):
    assert [h.id for h in small_index.search(SearchRequest(q="cocoa prices")).hits] == ["b"]


def test_search_month_facet_counts_every_match_in_date_order(small_index):
    page = small_index.search(SearchRequest(q="cocoa", per_page=1))
    assert page.total == 3
    assert [(b.key, b.count) for b in page.dates.buckets] == [("1987-02", 1), ("1987-03", 1)]
    assert page.dates.undated == 1


def test_search_stemming_matches_other_forms(small_index):
    assert [h.id for h in small_index.search(SearchRequest(q="ending")).hits] == ["a", "b"]
    assert [h.id for h in small_index.search(SearchRequest(q="price")).hits] == ["b"]


def test_search_snippet_marks_matches_and_escapes_text(make_index, open_index):
    index = open_index(make_index([article("x", "T", "Tom & Jerry <b>fight</b> over cheese.")]))
    snippet = index.search(SearchRequest(q="cheese")).hits[0].snippet
    assert snippet.startswith("Tom &amp; Jerry &lt;b&gt;fight&lt;/b&gt; over <mark>cheese</mark>")


def test_search_page_past_the_end_raises(small_index):
    assert small_index.search(SearchRequest(q="cocoa", page=2, per_page=2)).hits
    with pytest.raises(PageNotFound):
        small_index.search(SearchRequest(q="cocoa", page=3, per_page=2))


def test_search_empty_query_matches_everything(small_index):
    assert small_index.search(SearchRequest(q="")).total == 4


def test_search_sees_a_new_generation_without_restart(make_index, open_index):
    from searchsvc.generations import build_index

    index_dir = make_index([article("a", "First", "alpha")])
    index = open_index(index_dir, refresh_interval=0)
    assert index.search(SearchRequest(q="alpha")).total == 1
    build_index([article("b", "Second", "beta")], index_dir)
    assert [h.id for h in index.search(SearchRequest(q="beta")).hits] == ["b"]
    assert index.search(SearchRequest(q="alpha")).total == 0
