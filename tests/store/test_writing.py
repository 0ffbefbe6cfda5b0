"""Writing segments: runs spilled to disk, and stories shared between processes."""

import gc
from dataclasses import replace

import pytest
from whoosh import index as whoosh_index
from whoosh.query import Term
from whoosh.writing import SegmentWriter

from searchsvc.articles import Article
from searchsvc.ingest import parse_file
from searchsvc.store.codec import WritingCodec
from searchsvc.store.generations import write_stories
from searchsvc.store.schema import make_schema, to_document
from searchsvc.store.writing import STORY_CHARS, PoolWriter, split_shares
from tests.store.test_codec_writer import LANGUAGES, many_stories, segment_files

# About 60 KB of postings per run: the 309 stories spill dozens of runs.
SMALL_POOL_MB = 0.06


def stories():
    return many_stories() + parse_file(LANGUAGES)[0]


def write_with(folder, writer_class, limitmb):
    folder.mkdir()
    writer = writer_class(whoosh_index.create_in(str(folder), make_schema()), limitmb=limitmb, codec=WritingCodec())
    for story in stories():
        writer.add_document(**to_document(story))
    runs = len(writer.pool.runs)
    writer.commit()
    return runs, segment_files(folder)


def test_writing_spilled_runs_write_the_bytes_of_one_pool_in_memory(tmp_path):
    runs, spilled = write_with(tmp_path / "spilled", PoolWriter, SMALL_POOL_MB)
    none, in_memory = write_with(tmp_path / "memory", PoolWriter, 256)
    whoosh_runs, whoosh_spilled = write_with(tmp_path / "whoosh", SegmentWriter, SMALL_POOL_MB)
    # The term pool counts a posting's bytes otherwise than Whoosh's pool: both spill dozens of runs.
    assert (none, runs > 20, whoosh_runs > 20) == (0, True, True)
    assert spilled == in_memory == whoosh_spilled


def postings_by_story(ix) -> dict:
    """Return each term's (story id, weight, value) list: what a search sees, whatever the segments."""
    with ix.searcher() as searcher:
        reader = searcher.reader()
        ids = {doc: fields["id"] for doc, fields in reader.iter_docs()}
        found = {}
        for name, text in reader.all_terms():
            matcher = reader.postings(name, text)
            rows = []
            while matcher.is_active():
                if not reader.is_deleted(matcher.id()):
                    rows.append((ids[matcher.id()], matcher.weight(), matcher.value()))
                matcher.next()
            if rows:
                found[name, text] = sorted(rows)
        return found


def test_writing_two_processes_write_what_one_writes(tmp_path):
    (tmp_path / "one").mkdir(), (tmp_path / "two").mkdir()
    one = whoosh_index.create_in(str(tmp_path / "one"), make_schema())
    two = whoosh_index.create_in(str(tmp_path / "two"), make_schema())
    collector = gc.get_threshold()
    assert write_stories(one, stories()) == write_stories(two, stories(), procs=2) == {"stories": 309, "articles": 309}
    assert (gc.get_threshold(), gc.get_freeze_count()) == (collector, 0)
    shares = split_shares(stories(), 2)
    assert [s.doc_count() for s in two._segments()] == [len(share) for share in shares]
    assert postings_by_story(two) == postings_by_story(one)


def test_writing_two_processes_delete_and_write_what_one_does(tmp_path):
    everything = stories()
    # A hundred stories rewritten (with another body), one id that is not there, and new stories.
    rewritten = [replace(s, body=f"{s.body} Corrected later.") for s in everything[50:150]]
    gone = [s.id for s in everything[50:150]] + ["not-indexed"]
    found = []
    for procs in (1, 2):
        (tmp_path / str(procs)).mkdir()
        ix = whoosh_index.create_in(str(tmp_path / str(procs)), make_schema())
        write_stories(ix, everything[:200], procs=2)
        write_stories(ix, rewritten + everything[200:], procs=procs, delete_ids=gone)
        ix = whoosh_index.open_dir(str(tmp_path / str(procs)))
        with ix.searcher() as searcher:
            corrected = sorted(hit["id"] for hit in searcher.search(Term("body", "correct"), limit=None))
        found.append((ix.doc_count(), corrected, postings_by_story(ix)))
    assert found[0] == found[1]
    assert found[1][:2] == (309, sorted(gone[:-1]))


def test_writing_a_failure_in_the_other_process_leaves_the_index_as_it_was(tmp_path):
    ix = whoosh_index.create_in(str(tmp_path), make_schema())
    write_stories(ix, stories()[:3])
    # The second share, written by the other process, holds a story whose tags cannot be indexed.
    broken = stories()[:10] + [Article(id="broken", body="text", tags=None)]  # type: ignore[arg-type]
    collector = gc.get_threshold()
    with pytest.raises(RuntimeError, match="another process"):
        write_stories(ix, broken, procs=2)
    # The collector is as it was before the write (full collections back, nothing left frozen).
    assert (gc.get_threshold(), gc.get_freeze_count()) == (collector, 0)
    ix = whoosh_index.open_dir(str(tmp_path))
    assert ix.doc_count() == 3
    write_stories(ix, stories()[3:5])  # the lock was released
    assert ix.refresh().doc_count() == 5


def test_writing_shares_cut_by_text_not_by_count():
    long = [Article(id=f"long-{n}", body="word " * 2_000) for n in range(10)]
    short = [Article(id=f"short-{n}", body="word " * 20) for n in range(30)]
    first, second = split_shares(long + short, 2)
    # By count each process would get 20 stories, one of them nearly all the text.
    assert (len(first), len(second)) == (6, 34)
    assert first + second == long + short

    def work(share):
        return sum(len(story.body) + STORY_CHARS for story in share)

    assert abs(work(first) - work(second)) <= work(long[:1])
    assert split_shares(short[:3], 4) == [short[:1], short[1:2], short[2:3]]
    assert split_shares(short[:1], 2) == [short[:1]] and split_shares([], 2) == []
