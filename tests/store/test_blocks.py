"""Posting blocks' ids and weights read from their bytes equal Whoosh's own decoding, for both kinds of block."""

import numpy as np
import pytest

from searchsvc.articles import Article
from searchsvc.store.arrayblocks import is_array_block
from searchsvc.store.blocks import block_ids_weights, decode_positions, read_ids_weights
from searchsvc.store.generations import build_index, current_generation


def whoosh_blocks(reader, field, word):
    """Yield (ours, Whoosh's) ids and weights of every block of a word's postings."""
    for leaf, _offset in reader.leaf_readers():
        if (field, word) not in leaf:
            continue
        ours, theirs = leaf.postings(field, word), leaf.postings(field, word)
        while theirs.is_active():
            theirs._read_ids()
            theirs._read_weights()
            # Text fields' blocks are all read from their bytes, not by the fallback.
            assert is_array_block(ours) or read_ids_weights(ours) is not None
            yield block_ids_weights(ours), (list(theirs._ids), list(theirs._weights))
            ours._next_block()
            theirs._next_block()
        assert not ours.is_active()


# Stories holding each word: blocks of 1, 2, 3, 4, 15, 16 (compressed from 16) and 128 postings.
COUNTS = [2, 3, 4, 5, 15, 16, 17, 130, 300]


@pytest.fixture(
    params=[(1, True), (2, True), (1, False), (2, False)],
    ids=["one segment", "two segments", "one segment, Whoosh's blocks", "two segments, Whoosh's blocks"],
)
def searcher(request, tmp_path):
    procs, array_blocks = request.param
    stories = []
    for n in range(300):
        words = [f"w{count}" for count in COUNTS if n < count]
        # Weights all 1 (grain), all 2 (rose), varied (price); title words too.
        body = " ".join(words) + " grain" + " rose rose" + " price" * (n % 3 + 1)
        stories.append(Article(id=str(n), title=f"Story {'big ' * (n % 2)}{'report ' * (n % 3)}", body=body))
    build_index(stories, tmp_path, procs=procs, array_blocks=array_blocks)
    with current_generation(tmp_path).open().searcher() as searcher:
        assert len(searcher.reader().leaf_readers()) == procs
        yield searcher


def test_blocks_ids_and_weights_equal_whoosh(searcher):
    reader = searcher.reader()
    checked = 0
    for field, word in [("body", f"w{count}".encode()) for count in COUNTS] + [
        ("body", b"grain"),
        ("body", b"rose"),
        ("body", b"price"),
        ("title", b"big"),
        ("title", b"stori"),
    ]:
        for (ids, weights), (their_ids, their_weights) in whoosh_blocks(reader, field, word):
            assert (ids.dtype, weights.dtype) == (np.int64, np.float64)
            assert ids.tolist() == their_ids and weights.tolist() == their_weights, (field, word)
            checked += 1
    assert checked > 20


def test_blocks_other_formats_are_decoded_by_whoosh(tmp_path):
    # Tags hold frequencies only (no values per posting): Whoosh's decoding is used.
    build_index([Article(id=str(n), title="Story", body="Grain.", tags=("crude",)) for n in range(40)], tmp_path)
    with current_generation(tmp_path).open().searcher() as searcher:
        matcher = searcher.reader().postings("tags", b"crude")
        assert read_ids_weights(matcher) is None
        ids, weights = block_ids_weights(matcher)
        assert ids.tolist() == list(range(40)) and weights.tolist() == [1.0] * 40


def test_blocks_positions_decoded_together_equal_whoosh(searcher):
    words = [("body", b"grain"), ("body", b"price"), ("body", b"w130"), ("title", b"big"), ("title", b"report")]
    checked = set()
    for leaf, _offset in searcher.reader().leaf_readers():
        for field, word in words:
            # Whoosh's sub-writers take batches of stories as they come free: a rare word
            # is in whichever segment got its story.
            if (field, word) not in leaf:
                continue
            checked.add((field, word))
            matcher = leaf.postings(field, word)
            while matcher.is_active():
                matcher._read_values()
                values = list(matcher._values)
                expected = [matcher.format.decode_positions(value) for value in values]
                assert decode_positions(matcher.format, values) == expected
                assert decode_positions(matcher.format, values[1::3]) == expected[1::3]
                matcher._next_block()
    assert checked == set(words)
