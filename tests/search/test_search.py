import pytest
from whoosh import query as wq
from whoosh.index import open_dir

from searchsvc.articles import Article, Version
from searchsvc.query.parser import parse_query, weighting
from searchsvc.search.results import SearchRequest, Suggestion
from searchsvc.search.searcher import PageNotFound, ResultWindowTooLarge
from tests.helpers import utc


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
    from searchsvc.store.generations import build_index

    index_dir = make_index([article("a", "First", "alpha")])
    index = open_index(index_dir, refresh_interval=0)
    assert index.search(SearchRequest(q="alpha")).total == 1
    build_index([article("b", "Second", "beta")], index_dir)
    assert [h.id for h in index.search(SearchRequest(q="beta")).hits] == ["b"]
    assert index.search(SearchRequest(q="alpha")).total == 0


@pytest.fixture
def dated_index(make_index, open_index):
    return open_index(
        make_index(
            [
                article("old", "Wheat", "wheat", utc(1987, 2, 1)),
                article("new", "Wheat", "wheat", utc(1987, 4, 1)),
                article("none", "Wheat wheat", "wheat wheat wheat"),
                article("mid-strong", "Wheat wheat", "wheat wheat", utc(1987, 3, 1, 12)),
                article("mid-weak", "Other", "wheat", utc(1987, 3, 1, 12)),
            ]
        )
    )


def test_search_newest_first_puts_undated_last_and_breaks_ties_by_relevance(dated_index):
    page = dated_index.search(SearchRequest(q="wheat", sort="newest"))
    assert [h.id for h in page.hits] == ["new", "mid-strong", "mid-weak", "old", "none"]


def test_search_oldest_first_puts_undated_last(dated_index):
    page = dated_index.search(SearchRequest(q="wheat", sort="oldest"))
    assert [h.id for h in page.hits] == ["old", "mid-strong", "mid-weak", "new", "none"]


def test_search_sorted_pages_continue_each_other(dated_index):
    pages = [dated_index.search(SearchRequest(q="wheat", sort="newest", page=n, per_page=2)) for n in (1, 2, 3)]
    assert [[h.id for h in p.hits] for p in pages] == [["new", "mid-strong"], ["mid-weak", "old"], ["none"]]


def test_search_relevance_pages_continue_each_other(dated_index):
    whole = [h.id for h in dated_index.search(SearchRequest(q="wheat")).hits]
    paged = [h.id for n in (1, 2, 3) for h in dated_index.search(SearchRequest(q="wheat", page=n, per_page=2)).hits]
    assert paged == whole and len(whole) == 5


def test_search_deep_paging_past_the_result_window_raises(make_index, open_index):
    index = open_index(make_index([article("a", "A", "alpha")]), max_result_window=20)
    with pytest.raises(ResultWindowTooLarge, match="narrow the search with filters"):
        index.search(SearchRequest(q="alpha", page=3, per_page=10))


def test_search_empty_first_page_is_not_an_error(small_index):
    page = small_index.search(SearchRequest(q="nothingmatches"))
    assert (page.total, page.hits, page.dates.buckets, page.dates.undated) == (0, [], [], 0)


def test_search_hit_is_a_story_listing_its_versions(make_index, open_index):
    copies = (
        Version(id="v1", path="a.txt", source="Reuters", published=utc(2025, 4, 2), title="Talks", url="http://a"),
        Version(id="v2", path="b.html", source="AP", published=utc(2025, 4, 3), title="Talks resume", url=None),
    )
    story = article("v1", "Talks", "ceasefire talks", utc(2025, 4, 2), source="Reuters", versions=copies)
    index = open_index(make_index([story, article("solo", "Solo", "ceasefire alone")]))
    page = index.search(SearchRequest(q="ceasefire talks"))
    assert page.total == 1
    assert page.hits[0].versions == copies
    assert index.get_article("v2") == story
    solo = index.search(SearchRequest(q="alone")).hits[0]
    assert [v.id for v in solo.versions] == ["solo"]


def test_search_scores_match_whoosh_over_several_segments(make_index, open_index):

    from searchsvc.store.generations import current_generation
    from searchsvc.store.schema import to_document

    index_dir = make_index([article(f"a{i}", "Corn", "corn " * (i + 1) + "filler " * i) for i in range(4)])
    ix = open_dir(str(current_generation(index_dir).path))
    writer = ix.writer()
    for i in range(4, 7):
        writer.add_document(**to_document(article(f"a{i}", "Corn crop", "corn crop " + "filler " * i)))
    writer.commit(merge=False)
    ix.close()
    page = open_index(index_dir).search(SearchRequest(q="corn"))
    with open_dir(str(current_generation(index_dir).path)).searcher(weighting=weighting()) as searcher:
        assert len(searcher.leaf_searchers()) == 2
        expected = searcher.search(parse_query("corn", searcher.schema), limit=None, optimize=False)
        assert [(h.id, h.score) for h in page.hits] == [(h["id"], round(h.score, 4)) for h in expected]


def test_search_asks_for_a_suggestion_only_when_few_stories_match(small_index, monkeypatch):
    import searchsvc.search.served

    asked = []

    def fake_suggest(suggester, request, total):
        asked.append((request.q, total))
        return Suggestion(q="cocoa", params={"q": "cocoa"}, total=3)

    monkeypatch.setattr(searchsvc.search.served.Suggester, "suggest", fake_suggest)
    assert small_index.search(SearchRequest(q="cocao")).suggestion == Suggestion("cocoa", {"q": "cocoa"}, 3)
    assert small_index.search(SearchRequest(q="prices")).suggestion is not None
    assert small_index.search(SearchRequest(q="cocoa")).suggestion is None
    assert small_index.search(SearchRequest(q="")).suggestion is None
    assert asked == [("cocao", 0), ("prices", 1)]


def test_search_sees_an_incremental_commit_into_the_live_generation(make_index, open_index):
    from searchsvc.store.generations import current_generation
    from searchsvc.store.schema import to_document

    index_dir = make_index([article("a", "First", "alpha", utc(2025, 1, 1), source="AP")])
    index = open_index(index_dir, refresh_interval=0)
    assert index.search(SearchRequest(q="alpha")).total == 1
    ix = open_dir(str(current_generation(index_dir).path))
    with ix.writer() as writer:
        writer.update_document(**to_document(article("a", "First", "alpha gamma", utc(2025, 2, 1), source="AFP")))
        writer.add_document(**to_document(article("b", "Second", "alpha beta", utc(2025, 3, 1), source="AP")))
    ix.close()
    page = index.search(SearchRequest(q="alpha"))
    assert sorted(h.id for h in page.hits) == ["a", "b"]
    assert [(b.key, b.count) for b in page.facets["source"]] == [("AFP", 1), ("AP", 1)]
    assert [(b.key, b.count) for b in page.dates.buckets] == [("2025-02", 1), ("2025-03", 1)]


def test_search_long_query_scores_are_relevance_with_all_words_matches_first(make_index, open_index):
    from searchsvc.store.generations import current_generation

    index_dir = make_index(
        [
            article("all", "Report", "ceasefire talks on exports"),
            article("two", "Ceasefire talks", "ceasefire talks, ceasefire talks and more ceasefire talks"),
            article("one", "Exports", "exports"),
        ]
    )
    page = open_index(index_dir).search(SearchRequest(q="ceasefire talks exports"))
    with open_dir(str(current_generation(index_dir).path)).searcher(weighting=weighting()) as searcher:
        # The rule's query: Or(all words, boosted; any word). Whoosh's own ranking of it is the order;
        # the shown score is the same Or without the boost.
        rule = parse_query("ceasefire talks exports", searcher.schema, searcher)
        all_words, any_word = rule.subqueries
        whoosh_order = [h["id"] for h in searcher.search(rule, limit=None, optimize=False)]
        unboosted = wq.Or([all_words.with_boost(1.0), any_word])
        relevance = {h["id"]: round(h.score, 4) for h in searcher.search(unboosted, limit=None, optimize=False)}
        partial = {h["id"]: h.score for h in searcher.search(any_word, limit=None, optimize=False)}
    assert partial["two"] > partial["all"]  # so the boost, not the words found, puts "all" first
    assert [(h.id, h.score) for h in page.hits] == [(i, relevance[i]) for i in whoosh_order]
    assert whoosh_order == ["all", "two", "one"]


def scored(index, q):
    return [(h.id, round(h.score, 9)) for h in index.search(SearchRequest(q=q)).hits]


def test_search_or_scores_each_word_as_it_scores_alone(small_index):
    """Whoosh's OR flattens the word before it into the group; it must still be scored by BM25F."""
    assert scored(small_index, "cocoa OR the") == scored(small_index, "cocoa")
    assert scored(small_index, "harvest OR oil") == scored(small_index, "oil OR harvest")
    assert scored(small_index, "harvest OR oil OR prices") == scored(small_index, "prices OR oil OR harvest")


def test_search_finds_a_hindi_word_and_phrase(make_index, open_index):
    # Hindi words carry vowel signs (combining marks): the index and the query must cut them alike, whole.
    body = "समस्तीपुर पुलिस ने दो बदमाशों को पकड़ा। चोरी का गहना भी बरामद हुआ।"
    index = open_index(make_index([article("hi", "पुलिस ने चोरी का खुलासा किया", body, language="hi")]))
    assert [h.id for h in index.search(SearchRequest(q="बदमाशों")).hits] == ["hi"]
    assert [h.id for h in index.search(SearchRequest(q='"पुलिस ने दो"')).hits] == ["hi"]
    assert index.search(SearchRequest(q="पुल")).hits == []


def test_search_finds_thai_words_inside_a_run_written_without_spaces(make_index, open_index):
    # Thai writes no spaces between words: its runs are indexed by bigrams, as Chinese and Japanese are.
    body = "ระดับน้ำในแม่น้ำเจ้าพระยาเพิ่มสูงขึ้น ทำให้หลายชุมชนถูกน้ำท่วม ผู้ว่าราชการกรุงเทพมหานครกล่าวว่า"
    index = open_index(make_index([article("th", "น้ำท่วมกรุงเทพฯ", body, language="th")]))
    for word in ("น้ำท่วม", "กรุงเทพ", "เจ้าพระยา"):
        assert [h.id for h in index.search(SearchRequest(q=word)).hits] == ["th"], word
    assert index.search(SearchRequest(q="กรุงโซล")).hits == []


def test_search_finds_half_width_katakana_by_its_full_width_form(make_index, open_index):
    index = open_index(make_index([article("ja", "ﾃﾞｰﾀ分析", "新しいﾃﾞｰﾀセンターが開設された。", language="ja")]))
    assert [h.id for h in index.search(SearchRequest(q="データセンター")).hits] == ["ja"]
