"""Merging copies again after a few files changed, touching only the stories that can change.

The copies found by a full merge are the connected parts of a graph: candidate pairs
(articles sharing an LSH bucket, by the rules of sketches.candidate_pairs) that pass
the exact checks. When files change, an edge can appear or go only in a bucket that
holds a new or changed article, or held a removed one; between two dated articles, only
an edge to a new article (bucketpairs.py). So only these stories are merged again: those
holding a new article or one paired with it, those that lost a member, and in such a
bucket with an undated member every paired one; with every candidate pair among them,
found from the whole corpus's band keys. Every other story is the live generation's, unread.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from searchsvc.articles import Article
from searchsvc.ingest import LSH_BANDS, MAX_APART, find_groups, merge_story

from .bucketpairs import Bands, pairs_of
from .candidates import Candidates
from .manifest import FileEntry, Manifest, candidates_of

WINDOW = MAX_APART.total_seconds()


def regroup(old: Manifest, entries: list[FileEntry], parsed: list[FileEntry], gone: list[FileEntry]):
    """Return the stories that may have changed, and the ids of the live generation's stories they replace."""
    for entry in parsed:
        entry.candidates = candidates_of(entry)
    old.load_candidates([e for e in entries if e.candidates is None] + gone)
    corpus = Candidates.join([e.candidates for e in entries if e.candidates is not None])
    removed = Candidates.join([e.candidates for e in gone if e.candidates is not None])
    starts = np.cumsum([0] + [len(e.candidates or ()) for e in entries])
    fresh = {id(e) for e in parsed}
    new = [p for n, e in enumerate(entries) if id(e) in fresh for p in range(starts[n], starts[n + 1])]
    story_of = {member: story for story, (_, members) in old.stories.items() for member in members}
    positions: dict[str, list[int]] = {}
    for position, article_id in enumerate(corpus.ids):
        positions.setdefault(article_id, []).append(position)

    def members_of(ids: Iterable[str]) -> set[int]:
        """Return the positions of every member of the old stories holding these articles."""
        stories = {story_of[i] for i in ids if i in story_of}
        return {p for s in stories for m in old.stories[s][1] for p in positions.get(m, ())}

    # Buckets that gained or lost an article. Between dated articles, pairs do not depend on who else
    # is in the bucket: the new articles' pairs are new. Pairs with an undated member do (bucket_pairs).
    touched = [
        set(corpus.keys[new][corpus.eligible[new], band].tolist()) | set(removed.keys[removed.eligible, band].tolist())
        for band in range(LSH_BANDS)
    ]
    everyone, bands = np.ones(len(corpus), bool), Bands(corpus)
    seeds = set(new) | members_of(removed.ids)
    seeds |= {p for pair in pairs_of(bands, touched, WINDOW, mask(new, len(corpus)), everyone, True) for p in pair}
    chosen = seeds | members_of(corpus.ids[p] for p in seeds)
    order = sorted(chosen)
    rows = np.array(order, dtype=np.int64)[corpus.eligible[order]]
    keys = [set(corpus.keys[rows, band].tolist()) for band in range(LSH_BANDS)]
    inside = mask(order, len(corpus))
    pairs = pairs_of(bands, keys, WINDOW, inside, inside)
    local = {p: n for n, p in enumerate(order)}
    articles = articles_at(old, entries, starts, order)
    groups = find_groups(articles, None, sorted((local[i], local[j]) for i, j in pairs))
    stories = [articles[g[0]] if len(g) == 1 else merge_story([articles[k] for k in g]) for g in groups]
    replaced = {story_of[corpus.ids[p]] for p in chosen if corpus.ids[p] in story_of}
    replaced |= {story_of[i] for i in removed.ids if i in story_of}
    return stories, replaced


def mask(positions, size: int) -> np.ndarray:
    """Return a boolean array of `size`, true at these positions."""
    marked = np.zeros(size, bool)
    marked[np.asarray(positions, dtype=np.int64)] = True
    return marked


def articles_at(old: Manifest, entries: list[FileEntry], starts: np.ndarray, order: list[int]) -> list[Article]:
    """Return the articles at these positions of the corpus, reading only the shards that hold them."""
    owners = np.searchsorted(starts, order, side="right") - 1
    needed = sorted(set(owners.tolist()))
    old.load([entries[n] for n in needed])
    return [entries[n].articles[p - starts[n]] for n, p in zip(owners.tolist(), order)]
