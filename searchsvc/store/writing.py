"""Stories written into segments, in one process or two (the writer and its pool: termpool.py).

Whoosh's own parallel writer (MpWriter) hard-codes its sub-writers' class and pickles every
document to a job file; `write_in_processes` forks instead (the stories are inherited, not
pickled): each other process writes one segment of its share, this one writes the first share,
merges as SegmentWriter.commit does and commits the table of contents listing all of them.
"""

from __future__ import annotations

import multiprocessing
import traceback
from bisect import bisect_left
from collections.abc import Callable, Iterable, Sequence
from itertools import accumulate

from whoosh.writing import SegmentWriter

from searchsvc.articles import Article

from .merging import MERGE_FACTOR, merge_policy
from .schema import to_document
from .termpool import PoolWriter, full_collections_held

# What writing a story costs besides its text, in characters of text that cost as much (one process writing
# 2,000 stories of the 20k corpus per length third: about 1.3 ms a story plus 2.3 us a character).
STORY_CHARS = 500


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
    shares = split_shares(stories, procs)
    writer = PoolWriter(ix, **options)
    pipes, children = [], []
    # Here and in the forked writers, the collector leaves the stories and the pools alone.
    with full_collections_held():
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
            # As SegmentWriter.commit, with the other processes' segments beside this one's; this segment is
            # written before waiting for them, not after (at a million stories its commit is some 100 s).
            final = writer._merge_segments(merge_policy(merge_factor), None, None)
            if writer._added:
                final.append(writer._finalize_segment())
            else:
                writer._close_segment()
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
            writer._commit_toc(final + segments)
            writer._finish()
        except BaseException:
            for child in children:
                if child.is_alive():
                    child.kill()
            writer.cancel()
            raise


def split_shares(stories: Sequence[Article], procs: int) -> list[Sequence[Article]]:
    """Cut the stories, in order, into up to `procs` runs of about equal work: the writer's time grows with a
    story's text, plus a part every story costs (its stored fields, columns and short fields). Cut by count,
    the process given the longer stories finished last while the other core idled."""
    if procs <= 1 or len(stories) <= 1:
        return [stories] if stories else []
    # weights[k - 1]: the work of the first k stories; each cut is the k nearest its share of the total.
    weights = list(accumulate(len(s.body) + len(s.title or "") + STORY_CHARS for s in stories))
    cuts = []
    for k in range(1, procs):
        target = weights[-1] * k / procs
        at = bisect_left(weights, target)
        cuts.append(at + 1 if at == 0 or weights[at] - target < target - weights[at - 1] else at)
    bounds = [0, *sorted({min(cut, len(stories) - 1) for cut in cuts}), len(stories)]
    return [stories[start:end] for start, end in zip(bounds, bounds[1:]) if end > start]


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
