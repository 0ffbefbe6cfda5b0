"""Whoosh's segment writer with a posting pool that spills to disk cheaply, in one process or two.

Whoosh's PostingPool keeps postings in memory up to `limitmb`, then sorts them and writes a
"run" to disk, one marshal call per posting; at commit it merges the runs, one heap step,
read and comparison per posting. A rebuild of 10,000 stories per process already spills,
and spilling made writing 1.6 times as slow (3,000 stories: 8.1 CPU-s without runs, 13.8 with 4).
SpillingPool writes a run as a few large marshalled lists instead, and merges whole terms:
documents are numbered in the order they are added, so every posting of one run comes before
the postings of the same term in later runs, and a term's postings are the concatenation of its
runs' (heapq.merge keeps that order for equal terms). Postings come out in Whoosh's order.

Whoosh's own parallel writer (MpWriter) hard-codes its sub-writers' class and pickles every
document to a job file; `write_in_processes` forks instead (the stories are inherited, not
pickled): each other process writes one segment of its share, this one writes the first share,
merges as SegmentWriter.commit does and commits the table of contents listing all of them.
"""

from __future__ import annotations

import heapq
import marshal
import multiprocessing
import traceback
from collections.abc import Callable, Iterable, Sequence
from itertools import chain, groupby
from operator import itemgetter

from whoosh.writing import PostingPool, SegmentWriter

from searchsvc.articles import Article

from .merging import MERGE_FACTOR, merge_policy
from .schema import to_document

# Postings per marshalled list in a run: large enough that marshal's per-call cost vanishes,
# small enough that reading one list per open run stays a few MB.
POSTINGS_PER_CHUNK = 20_000
# A pooled posting is (field name, term bytes, document number, weight, value bytes).
TERM_OF_POSTING = itemgetter(0, 1)
FIRST = itemgetter(0)


class SpillingPool(PostingPool):
    """Whoosh's posting pool, with runs written and merged a chunk and a term at a time."""

    def _write_run(self, f, items):
        items = list(items)
        for start in range(0, len(items), POSTINGS_PER_CHUNK):
            marshal.dump(items[start : start + POSTINGS_PER_CHUNK], f)
        f.close()

    def _read_run(self, path):
        f = self._open_run(path)
        try:
            while True:
                try:
                    chunk = marshal.load(f)
                except EOFError:
                    return
                yield from chunk
        finally:
            f.close()
            self._remove_run(path)

    def _merge_runs(self, paths):
        terms = [
            ((term, list(postings)) for term, postings in groupby(self._read_run(path), key=TERM_OF_POSTING))
            for path in paths
        ]
        return chain.from_iterable(postings for _, postings in heapq.merge(*terms, key=FIRST))

    def reduce_to(self, target, k):
        raise NotImplementedError("SpillingPool merges all its runs at once")

    def items(self, maxfiles=None):
        # Whoosh merges runs in batches past 128 open files; at 256 MB a run that is 30,000,000 postings.
        return super().items(maxfiles=max(len(self.runs) + 1, 2))


class PoolWriter(SegmentWriter):
    """SegmentWriter with a SpillingPool (Whoosh takes a `poolclass` argument and ignores it)."""

    def __init__(self, ix, **kwargs):
        super().__init__(ix, **kwargs)
        self.pool = SpillingPool(self._tempstorage, self.newsegment, limitmb=kwargs.get("limitmb", 128))


def add_stories(writer: SegmentWriter, stories: Sequence[Article], on_story: Callable[[], None] | None) -> None:
    """Add each story's document to the writer."""
    for story in stories:
        writer.add_document(**to_document(story))
        if on_story:
            on_story()


def write_in_processes(
    ix,
    stories: Sequence[Article],
    procs: int,
    options: dict,
    on_story: Callable[[], None] | None = None,
    delete_ids: Iterable[str] = (),
    merge_factor: int | None = MERGE_FACTOR,
) -> None:
    """Delete `delete_ids`, write the stories in up to `procs` segments, one per process, and commit them together.

    Existing segments are merged when `merge_factor` of them are of one size (merging.py).
    """
    context = multiprocessing.get_context("fork")
    size = max(1, -(-len(stories) // procs))
    shares = [stories[start : start + size] for start in range(0, len(stories), size)]
    writer = PoolWriter(ix, **options)
    pipes, children = [], []
    try:
        for share in shares[1:]:
            receiver, sender = context.Pipe(duplex=False)
            child = context.Process(target=write_segment, args=(ix, share, options, sender), daemon=True)
            child.start()
            sender.close()
            pipes.append(receiver)
            children.append(child)
        # While the others write: their segments are new, so deleting cannot touch them.
        delete_stories(writer, delete_ids)
        add_stories(writer, shares[0] if shares else [], on_story)
        segments = []
        for receiver, child, share in zip(pipes, children, shares[1:]):
            try:
                kind, found = receiver.recv()
            except EOFError:
                kind, found = "error", f"the writing process ended with code {child.exitcode}"
            child.join()
            if kind == "error":
                raise RuntimeError(f"writing a segment failed in another process:\n{found}")
            segments.append(found)
            if on_story:
                for _ in share:
                    on_story()
        # As SegmentWriter.commit, with the other processes' segments beside this one's.
        final = writer._merge_segments(merge_policy(merge_factor), None, None)
        if writer._added:
            final.append(writer._finalize_segment())
        else:
            writer._close_segment()
        writer._commit_toc(final + segments)
        writer._finish()
    except BaseException:
        for child in children:
            if child.is_alive():
                child.kill()
        writer.cancel()
        raise


def delete_stories(writer: SegmentWriter, story_ids: Iterable[str]) -> None:
    """Delete the documents with these ids, looking each id up in each segment's terms table.

    Whoosh's delete_by_term runs a query over every segment per id: 1.4 ms an id with 16
    segments, 13 s for the 9,600 stories a 1 % change of a million stories rewrites.
    """
    ids = list(story_ids)
    if not ids:
        return
    reader = writer.searcher().reader()
    for segment, offset in reader.leaf_readers():
        for story_id in ids:
            if ("id", story_id) in segment:
                for docnum in segment.postings("id", story_id).all_ids():
                    writer.delete_document(offset + docnum)


def write_segment(ix, stories: Sequence[Article], options: dict, sender) -> None:
    """Write the stories into one new segment and send it back (in a forked process)."""
    try:
        writer = PoolWriter(ix, _lk=False, **options)
        add_stories(writer, stories, None)
        sender.send(("segment", writer._finalize_segment()))
    except BaseException:
        sender.send(("error", traceback.format_exc()))
    finally:
        sender.close()
