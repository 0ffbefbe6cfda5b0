"""Segments are merged a size level at a time, once a level is full, and a merge loses nothing."""

from whoosh import index as whoosh_index
from whoosh.query import Every

from searchsvc.store import current_generation
from searchsvc.store.generations import write_stories
from searchsvc.store.reindexing import reindex
from searchsvc.store.schema import make_schema
from tests.store.reindex_helpers import prose, write_story
from tests.store.test_codec_writer import many_stories
from tests.store.test_incremental_merge import assert_same_as_full, corpus
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


def test_an_incremental_run_merges_a_full_level_after_its_stories_are_live(tmp_path):
    folder, ix = tmp_path / "articles", tmp_path / "ix"
    corpus(folder, stories=12)
    reindex([folder], ix)
    runs = []
    for n in range(10):
        # Each run rewrites another story: one more segment of one story.
        write_story(folder, f"s{n:02d}.txt", f"Harbour story {n}", body=f"{prose(f'ferry {n}', 80)}.")
        summary = reindex([folder], ix, incremental=True)
        segments = whoosh_index.open_dir(str(current_generation(ix).path))._segments()
        runs.append((summary, len(segments)))
    assert [count for _, count in runs] == [2, 3, 4, 5, 6, 7, 8, 9, 10, 2]
    assert not any(summary.notes for summary, _ in runs[:-1])
    last = runs[-1][0]
    assert last.notes[0].startswith("merged 10 segments (10 stories) into one after the swap")
    assert last.seconds_to_live <= last.seconds
    # The merged generation is live, and the one it was merged from is kept for a rollback.
    assert current_generation(ix).name == last.generation
    assert current_generation(ix).meta["previous"] < last.generation
    assert_same_as_full(folder, ix, tmp_path, words=("harbour", "ferry"))
