"""The term pool: postings grouped by term as they come write Whoosh's bytes, spilled or not, in any order."""

import random
from datetime import datetime

import pytest
from whoosh import fields
from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage
from whoosh.writing import SegmentWriter

from searchsvc.store.codec import WritingCodec
from searchsvc.store.schema import REPEATED_FIELDS, make_schema, to_document
from searchsvc.store.termpool import PoolWriter, TermPool, datetime_postings
from tests.store.test_codec_writer import PerPostingCodec, inputs, segment_files, write_with


@pytest.mark.parametrize("repeated", [(), REPEATED_FIELDS])
@pytest.mark.parametrize("name", ["seeds", "languages", "many"])
def test_termpool_writer_writes_the_bytes_of_whoosh_writer_and_pool(tmp_path, name, repeated):
    stories = inputs()[name]
    # Whoosh's SegmentWriter, its PostingPool and its per-posting field writer, as the reference.
    whoosh = write_with(tmp_path / "whoosh", PerPostingCodec(), stories)
    (tmp_path / "ours").mkdir()
    writer = PoolWriter(
        whoosh_index.create_in(str(tmp_path / "ours"), make_schema()),
        codec=WritingCodec(),
        compound=False,
        repeated=repeated,
    )
    for story in stories:
        writer.add_document(**to_document(story))
    writer.commit()
    assert segment_files(tmp_path / "ours") == segment_files(whoosh)


@pytest.mark.parametrize(
    "value",
    [datetime(2025, 4, 2, 19, 49, 31), datetime(1969, 12, 31, 23, 59), datetime(1800, 1, 1), datetime(2100, 12, 31)],
)
def test_termpool_datetime_postings_are_whoosh_terms_of_a_date(value):
    field = make_schema()["published"]
    assert isinstance(field, fields.DATETIME)
    assert datetime_postings(field, value) == list(field.index(value))


def postings(count: int, seed: int) -> list[tuple]:
    """Return `count` distinct postings (field, term, document, weight, value) in a random order."""
    rng = random.Random(seed)
    found = {
        (rng.choice("ab"), f"t{rng.randrange(40)}".encode(), rng.randrange(500)): (float(rng.randrange(1, 4)), b"v")
        for _ in range(count)
    }
    items = [(*key, *rest) for key, rest in found.items()]
    rng.shuffle(items)
    return items


@pytest.mark.parametrize("limitmb", [100, 0.002])
def test_termpool_gives_postings_added_out_of_order_in_whoosh_order(tmp_path, limitmb):
    # As a merge adds them (term by term, documents rising within each) and then some at random.
    items = sorted(postings(3000, 1), key=lambda item: (item[2] // 100, item[0], item[1], item[2])) + postings(300, 2)
    items = list({item[:3]: item for item in items}.values())
    pool = TermPool(FileStorage(str(tmp_path)), None, limitmb=limitmb)
    for item in items:
        pool.add(item)
    assert (len(pool.runs) > 5) == (limitmb < 1)
    assert list(pool.iter_postings()) == sorted(items)
    assert list(tmp_path.iterdir()) == []  # every run read and removed


def test_termpool_add_field_counts_lengths_and_boosts_weights(tmp_path):
    pool = TermPool(FileStorage(str(tmp_path)), None)
    assert pool.add_field("f", 0, [(b"b", 2, 2.0, b"xx"), (b"a", 1, 1.0, b"")], boost=1.5) == 3
    assert pool.add_field("f", 1, iter([(b"b", 4, 4.0, b"y")])) == 4
    assert list(pool.iter_postings()) == [
        ("f", b"a", 0, 1.5, b""),
        ("f", b"b", 0, 3.0, b"xx"),
        ("f", b"b", 1, 4.0, b"y"),
    ]


def test_termpool_writer_writes_a_term_without_values_as_whoosh_does(tmp_path):
    folders = {}
    for name, writer_class, codec in (
        ("ours", PoolWriter, WritingCodec()),
        ("whoosh", SegmentWriter, PerPostingCodec()),
    ):
        folders[name] = folder = tmp_path / name
        folder.mkdir()
        writer = writer_class(whoosh_index.create_in(str(folder), make_schema()), codec=codec, compound=False)
        for story in inputs()["many"][:20]:
            writer.add_document(**to_document(story))
        # An empty value cannot go in an array block: this term, among the others, is written as Whoosh's blocks.
        writer.pool.add(("body", b"mm", 3, 1.0, b""))
        writer.commit()
    assert segment_files(folders["ours"]) == segment_files(folders["whoosh"])
    with whoosh_index.open_dir(str(folders["ours"])).searcher() as searcher:
        assert list(searcher.reader().postings("body", b"mm").all_ids()) == [3]
