"""Segments are merged a size level at a time, once a level is full, and a merge loses nothing."""

from whoosh import index as whoosh_index
from whoosh.query import Every

from searchsvc.store.generations import write_stories
from searchsvc.store.schema import make_schema
from tests.store.test_codec_writer import many_stories
from tests.store.test_writing import postings_by_story


def test_segments_merge_when_a_level_is_full_and_keep_every_story(tmp_path):
    stories = many_stories()[:120]
    ix = whoosh_index.create_in(str(tmp_path), make_schema())
    counts = []
    for batch in range(6):
        # Each batch adds 20 stories and rewrites the first 5 of the batch before.
        rewritten = stories[20 * (batch - 1) : 20 * (batch - 1) + 5] if batch else []
        write_stories(
            ix, rewritten + stories[20 * batch : 20 * batch + 20], delete_ids=[s.id for s in rewritten], merge_factor=3
        )
        ix = whoosh_index.open_dir(str(tmp_path))
        counts.append(len(ix._segments()))
    # Three segments of 20 to 25 stories kept as written; the fourth write merges them into its own.
    assert counts == [1, 2, 3, 1, 2, 3]
    with ix.searcher() as searcher:
        assert sorted(hit["id"] for hit in searcher.search(Every(), limit=None)) == sorted(s.id for s in stories)
    assert ix.doc_count() == 120

    # The same stories written at once, with no merging at all, are found alike.
    (tmp_path / "once").mkdir()
    once = whoosh_index.create_in(str(tmp_path / "once"), make_schema())
    write_stories(once, stories)
    assert postings_by_story(ix) == postings_by_story(once)
