"""Posting values read block by block, and the decoded blocks kept per searcher."""

import numpy as np
import pytest

from searchsvc.articles import Article
from searchsvc.search.results import SearchRequest
from searchsvc.store.generations import build_index, current_generation, write_stories
from searchsvc.store.postings import BlockCache, PostingCache, read_postings, read_values


@pytest.mark.parametrize("procs", [1, 2])
def test_postings_kept_blocks_give_the_values_read_from_disk(tmp_path, procs):
    # 300 stories: blocks of 128 postings, and with two processes two segments.
    stories = [
        Article(id=str(n), title=f"Story {n}", body=f"Grain prices {'rose ' * (n % 4)}in week {n}.") for n in range(300)
    ]
    build_index(stories, tmp_path, procs=procs)
    with current_generation(tmp_path).open().searcher() as searcher:
        reader = searcher.reader()
        assert len(reader.leaf_readers()) == procs
        wanted = list(range(0, 300, 7))
        blocks = BlockCache(2**20)
        for kind in ("positions", "characters"):
            for word in (b"grain", b"rose"):
                from_disk = read_values(reader, "body", word, wanted, kind)
                assert from_disk
                assert read_values(reader, "body", word, wanted, kind, blocks) == from_disk
                assert read_values(reader, "body", word, wanted, kind, blocks) == from_disk  # from the kept blocks


def test_postings_values_of_a_segment_with_deletions_are_read_by_blocks(tmp_path):
    # After an incremental run the live segments hold deleted stories: their values are still read a block at a time.
    stories = [
        Article(id=str(n), title="Story", body=f"Grain prices {'rose ' * (n % 3)}in week {n}.") for n in range(300)
    ]
    build_index(stories, tmp_path)
    ix = current_generation(tmp_path).open()
    write_stories(ix, [], delete_ids=[str(n) for n in range(0, 300, 5)])
    with ix.refresh().searcher() as searcher:
        reader = searcher.reader()
        assert reader.has_deletions()
        wanted = list(range(300))
        blocks = BlockCache(2**20)
        found = read_values(reader, "body", b"grain", wanted, "positions", blocks)
        # Deleted stories are left out, as Whoosh's own matcher leaves them out.
        matcher = reader.postings("body", b"grain")
        expected = {}
        while matcher.is_active():
            expected[matcher.id()] = matcher.value_as("positions")
            matcher.next()
        assert found == expected and len(found) == 240
        assert blocks._bytes > 0  # read by blocks, not posting by posting


def test_postings_block_cache_stays_within_its_bound(tmp_path):
    build_index([Article(id=str(n), title="Story", body="grain " * 50) for n in range(1000)], tmp_path)
    with current_generation(tmp_path).open().searcher() as searcher:
        reader = searcher.reader()
        blocks = BlockCache(250_000)  # room for 4 of the 8 blocks (about 60 kB each)
        values = read_values(reader, "body", b"grain", list(range(1000)), "characters", blocks)
        assert len(values) == 1000
        assert 200_000 < blocks._bytes <= 250_000
        assert read_values(reader, "body", b"grain", list(range(1000)), "characters", blocks) == values


def test_postings_parsed_queries_follow_a_new_generation(tmp_path, open_index):
    # A wildcard stands for the index's words: a parse kept from the old generation would miss "khartoum".
    build_index([Article(id="a", title="Kharkiv", body="Prices in Kharkiv.")], tmp_path)
    index = open_index(tmp_path, refresh_interval=0)
    assert [h.id for h in index.search(SearchRequest(q="khar*")).hits] == ["a"]
    build_index(
        [
            Article(id="a", title="Kharkiv", body="Prices in Kharkiv."),
            Article(id="b", title="Khartoum", body="Exports from Khartoum."),
        ],
        tmp_path,
    )
    assert sorted(h.id for h in index.search(SearchRequest(q="khar*")).hits) == ["a", "b"]


def test_postings_kept_lists_equal_lists_read_from_disk(tmp_path):
    build_index([Article(id=str(n), title="Story", body="grain " * (n % 5 + 1)) for n in range(300)], tmp_path)
    with current_generation(tmp_path).open().searcher() as searcher:
        cache = PostingCache(searcher.reader())
        read = read_postings(searcher.reader(), "body", b"grain")
        for _ in range(2):  # read, then kept
            docnums, weights = cache.postings("body", b"grain")
            assert (docnums.dtype, weights.dtype) == (np.int64, np.float64)
            assert docnums.tolist() == read[0].tolist() and weights.tolist() == read[1].tolist()


def test_postings_kept_values_equal_values_read_from_disk(tmp_path):
    stories = [Article(id=str(n), title="Story", body="grain prices" if n % 3 else "prices") for n in range(300)]
    build_index(stories, tmp_path)
    with current_generation(tmp_path).open().searcher() as searcher:
        reader = searcher.reader()
        cache = PostingCache(reader)
        for wanted in (list(range(0, 150, 2)), list(range(0, 300, 5)), list(range(0, 150, 2))):
            for kind in ("positions", "characters"):
                expected = read_values(reader, "body", b"grain", wanted, kind)
                assert cache.values("body", b"grain", wanted, kind) == expected
                assert 0 not in expected  # story 0 has no "grain"
