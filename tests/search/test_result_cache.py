"""The result cache: a repeated search is answered from memory, never from an older index."""

from whoosh.index import open_dir

from searchsvc.articles import Article
from searchsvc.config import load_config
from searchsvc.search.results import SearchRequest
from searchsvc.store.generations import build_index, current_generation
from searchsvc.store.schema import to_document
from searchsvc.web import create_app


def story(id, body):
    return Article(id=id, title=f"Story {id}", body=body)


def test_result_cache_answers_a_repeated_search_from_memory(tmp_path, open_index):
    build_index([story("a", "grain prices"), story("b", "grain exports")], tmp_path)
    index = open_index(tmp_path)
    first = index.search(SearchRequest(q="grain"))
    again = index.search(SearchRequest(q="grain"))
    other_page_size = index.search(SearchRequest(q="grain", per_page=1))
    assert again.hits is first.hits  # the kept page, not a new search
    assert other_page_size.hits is not first.hits
    assert [h.id for h in other_page_size.hits] == [first.hits[0].id]


def test_result_cache_of_size_zero_keeps_nothing(tmp_path, open_index):
    build_index([story("a", "grain prices")], tmp_path)
    index = open_index(tmp_path, result_cache_size=0)
    first = index.search(SearchRequest(q="grain"))
    again = index.search(SearchRequest(q="grain"))
    assert again.hits is not first.hits
    assert again.hits == first.hits


def test_result_cache_is_not_served_after_a_new_generation(tmp_path, open_index):
    build_index([story("a", "grain prices")], tmp_path)
    index = open_index(tmp_path, refresh_interval=0)
    before = index.search(SearchRequest(q="grain"))
    build_index([story("a", "grain prices"), story("b", "grain exports")], tmp_path)
    after = index.search(SearchRequest(q="grain"))
    assert (before.total, before.generation) == (1, "gen-000001")
    assert (after.total, after.generation, sorted(h.id for h in after.hits)) == (2, "gen-000002", ["a", "b"])


def test_result_cache_is_not_served_after_an_incremental_commit(tmp_path, open_index):
    build_index([story("a", "grain prices")], tmp_path)
    index = open_index(tmp_path, refresh_interval=0)
    assert index.search(SearchRequest(q="grain")).total == 1
    ix = open_dir(str(current_generation(tmp_path).path))
    with ix.writer() as writer:
        writer.add_document(**to_document(story("b", "grain exports")))
    ix.close()
    assert sorted(h.id for h in index.search(SearchRequest(q="grain")).hits) == ["a", "b"]


def test_result_cache_size_is_configured_by_environment(tmp_path):
    assert load_config(environ={})["RESULT_CACHE_SIZE"] == 1024
    assert load_config(environ={"SEARCHSVC_RESULT_CACHE_SIZE": "0"})["RESULT_CACHE_SIZE"] == 0
    app = create_app({"INDEX_DIR": str(tmp_path), "RESULT_CACHE_SIZE": 8})
    assert app.extensions["searchsvc"].result_cache_size == 8
