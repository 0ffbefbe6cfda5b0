"""Array posting blocks hold what Whoosh's blocks hold, and searches over them rank as Whoosh does."""

import numpy as np
import pytest
from whoosh.codec.whoosh3 import W3LeafMatcher

from searchsvc.articles import Article
from searchsvc.query.parser import parse_query, weighting
from searchsvc.search.results import SearchRequest
from searchsvc.search.searcher import SearchIndex
from searchsvc.store.arrayblocks import ArrayLeafMatcher, is_array_block
from searchsvc.store.blocks import block_ids_weights
from searchsvc.store.generations import build_index, current_generation, write_stories
from searchsvc.store.postings import read_postings, read_values
from tests.helpers import utc
from tests.store.reindex_helpers import prose

QUERIES = [
    "port",
    "crane vessel",
    "tide OR surge",
    "cargo NOT freight",
    "title:harbour",
    '"grain steel"',
    '"wind rain"~2',
    "pilot dock crew union",
    "lighthouse ferry container warehouse rail",
]


def stories(count=400, start=0):
    # Common words fill whole blocks of 128 postings; rarer ones small blocks, compressed or not.
    return [
        Article(
            id=f"s{n}",
            title=f"Harbour report {n}" + (" storm" if n % 7 == 0 else ""),
            body=prose(f"story {n}", 40 + n % 50) + (f" rare{n % 23}" * (n % 3)),
            published=utc(2020, 1 + n % 12, 1 + n % 28),
            source="Reuters" if n % 2 else "AP",
            tags=("shipping",) if n % 5 else ("weather", "shipping"),
        )
        for n in range(start, start + count)
    ]


@pytest.fixture(scope="module")
def indexes(tmp_path_factory):
    """The same stories written with array blocks and with Whoosh's blocks, one segment each.

    (Two indexing processes share stories out between their segments as they come: two
    builds would not give the same segments. The last test has two segments of each kind.)
    """
    arrays, plain = tmp_path_factory.mktemp("arrays"), tmp_path_factory.mktemp("whoosh")
    build_index(stories(), arrays)
    build_index(stories(), plain, array_blocks=False)
    return arrays, plain


@pytest.fixture
def readers(indexes):
    """Whoosh readers of both indexes (array blocks, Whoosh's blocks)."""
    opened = [current_generation(index_dir).open().reader() for index_dir in indexes]
    yield opened
    for reader in opened:
        reader.close()


def terms(reader):
    return [(field, text) for field, text in reader.all_terms() if field in ("title", "body", "tags", "source")]


def test_arrayblocks_every_block_reads_as_whoosh_reads_its_own(readers):
    arrays, plain = readers
    blocks = 0
    for field, text in terms(plain):
        for (leaf, _), (their_leaf, _) in zip(arrays.leaf_readers(), plain.leaf_readers()):
            if (field, text) not in their_leaf:
                continue
            ours, theirs = leaf.postings(field, text), their_leaf.postings(field, text)
            assert type(ours) is ArrayLeafMatcher and type(theirs) is W3LeafMatcher
            while theirs.is_active():
                assert is_array_block(ours)
                ids, weights = block_ids_weights(ours)
                theirs._read_ids(), theirs._read_weights(), theirs._read_values()
                assert (ids.tolist(), weights.tolist()) == (list(theirs._ids), list(theirs._weights))
                ours._read_values()
                assert ours._values == tuple(theirs._values)
                assert (ours.block_max_id(), ours.block_max_weight(), ours.block_max_length()) == (
                    theirs.block_max_id(),
                    theirs.block_max_weight(),
                    theirs.block_max_length(),
                )
                ours._next_block(), theirs._next_block()
                blocks += 1
            assert not ours.is_active()
    assert blocks > 500
    assert terms(arrays) == terms(plain)


def test_arrayblocks_postings_and_positions_read_as_from_whoosh_blocks(readers):
    arrays, plain = readers
    docnums = list(range(0, 400, 3))
    for field, text in [("body", b"port"), ("body", b"rare5"), ("title", b"harbour"), ("tags", b"weather")]:
        ours, theirs = read_postings(arrays, field, text), read_postings(plain, field, text)
        assert ours[0].tolist() == theirs[0].tolist() and np.array_equal(ours[1], theirs[1])
        assert len(ours[0]) > 0
    for field, text, kind in [
        ("body", b"port", "positions"),
        ("body", b"port", "characters"),
        ("title", b"report", "positions"),
    ]:
        found = read_values(arrays, field, text, docnums, kind)
        assert found == read_values(plain, field, text, docnums, kind) and len(found) > 30


def test_arrayblocks_take_fewer_bytes_than_whoosh_blocks(indexes):
    arrays, plain = (current_generation(index_dir).path for index_dir in indexes)
    sizes = [sum(path.stat().st_size for path in folder.glob("*.pst")) for folder in (arrays, plain)]
    assert sizes[0] < 0.8 * sizes[1], sizes


def ranking(index_dir, q):
    """Return Whoosh's exhaustive ranking (limit=None) of a query: the top 10 ids and every match's score."""
    with current_generation(index_dir).open().searcher(weighting=weighting()) as searcher:
        results = searcher.search(parse_query(q, searcher.schema, searcher), limit=None)
        return [hit["id"] for hit in results[:10]], sorted((hit["id"], round(hit.score, 9)) for hit in results)


def assert_same_searches(arrays, plain):
    """Check each query's first page over `arrays` equals it over `plain`, and Whoosh's exhaustive top 10 there."""
    ours, theirs = SearchIndex(arrays, result_cache_size=0), SearchIndex(plain, result_cache_size=0)
    try:
        for q in QUERIES:
            page, their_page = ours.search(SearchRequest(q=q)), theirs.search(SearchRequest(q=q))
            assert [(hit.id, hit.score, hit.snippet) for hit in page.hits] == [
                (hit.id, hit.score, hit.snippet) for hit in their_page.hits
            ]
            assert (page.total, page.dates, page.facets) == (their_page.total, their_page.dates, their_page.facets)
            assert page.total > 0
            assert [hit.id for hit in page.hits] == ranking(plain, q)[0], q
    finally:
        ours.close(), theirs.close()


def test_arrayblocks_searches_rank_as_whoosh_on_its_own_blocks(indexes):
    arrays, plain = indexes
    assert_same_searches(arrays, plain)
    # Whoosh's own scorer over array blocks: every match, every score.
    for q in QUERIES:
        assert ranking(arrays, q)[1] == ranking(plain, q)[1]


def test_arrayblocks_an_index_of_whoosh_blocks_takes_array_segments_beside_them(tmp_path):
    """A generation written before keeps its segments; the next commit adds array ones, read together."""
    mixed, plain = tmp_path / "mixed", tmp_path / "plain"
    for index_dir, array_blocks in ((mixed, True), (plain, False)):
        build_index(stories(300), index_dir, array_blocks=False)
        ix = current_generation(index_dir).open()
        write_stories(ix, stories(100, start=300), delete_ids=["s3", "s250"], array_blocks=array_blocks)
        kinds = sorted(type(segment.codec()).__name__ for segment in ix._segments())
        assert kinds == (["ArrayCodec", "W3Codec"] if array_blocks else ["W3Codec", "W3Codec"])
    assert_same_searches(mixed, plain)
