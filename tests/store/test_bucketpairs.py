"""The NumPy join of an incremental run finds the pairs a full merge's bucket rules make."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from searchsvc.ingest import LSH_BANDS, bucket_pairs, buckets
from searchsvc.ingest.sketches import candidate_pairs
from searchsvc.store.bucketpairs import Bands, pairs_of
from searchsvc.store.candidates import Candidates

WINDOW = 48 * 3600.0
DAY = 24 * 3600.0


def random_corpus(seed: int, size: int, undated: float) -> Candidates:
    """A corpus with few distinct keys per band, so buckets of every size, some over MAX_BUCKET."""
    rng = np.random.default_rng(seed)
    keys = rng.integers(0, rng.integers(2, 12), size=(size, LSH_BANDS)).astype(np.uint64)
    # Whole days apart or a few hours: pairs just inside and well outside the window.
    stamps = (rng.integers(0, 40, size) * DAY + rng.integers(0, 6, size) * 3600.0).astype(np.float64)
    stamps[rng.random(size) < undated] = np.nan
    return Candidates([f"a{n}" for n in range(size)], keys, rng.random(size) < 0.9, stamps)


def full_merge_pairs(corpus: Candidates) -> set[tuple[int, int]]:
    """The pairs a full merge makes: every bucket through bucket_pairs, then the time rule."""
    pairs: set[tuple[int, int]] = set()
    members = np.flatnonzero(corpus.eligible)
    for band in range(LSH_BANDS):
        for ids in buckets(corpus.keys[members, band], members):
            pairs.update(bucket_pairs(ids, corpus.stamps, WINDOW))
    stamps = corpus.stamps
    return {(i, j) for i, j in pairs if not abs(stamps[i] - stamps[j]) > WINDOW}


def all_keys(corpus: Candidates) -> list[set[int]]:
    return [set(corpus.keys[:, band].tolist()) for band in range(LSH_BANDS)]


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), size=st.integers(2, 240), undated=st.sampled_from([0.0, 0.02, 0.3]))
def test_pairs_among_chosen_articles_are_the_full_merges(seed, size, undated):
    corpus = random_corpus(seed, size, undated)
    chosen = np.random.default_rng(seed + 1).random(size) < 0.5
    expected = {(i, j) for i, j in full_merge_pairs(corpus) if chosen[i] and chosen[j]}
    assert pairs_of(Bands(corpus), all_keys(corpus), WINDOW, chosen, chosen) == expected


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), size=st.integers(2, 240), undated=st.sampled_from([0.0, 0.02, 0.3]))
def test_pairs_of_new_articles_hold_every_pair_a_new_article_makes(seed, size, undated):
    corpus = random_corpus(seed, size, undated)
    new = np.random.default_rng(seed + 2).random(size) < 0.05
    everyone = np.ones(size, bool)
    full = full_merge_pairs(corpus)
    found = pairs_of(Bands(corpus), all_keys(corpus), WINDOW, new, everyone, whole_undated=True)
    assert {(i, j) for i, j in full if new[i] or new[j]} <= found <= full
    # Pairs of two old articles come only from buckets with an undated member.
    stamps = corpus.stamps
    for i, j in found - {(i, j) for i, j in full if new[i] or new[j]}:
        shared = [b for b in range(LSH_BANDS) if corpus.keys[i, b] == corpus.keys[j, b]]
        in_bucket = [corpus.eligible & (corpus.keys[:, b] == corpus.keys[i, b]) for b in shared]
        assert any(np.isnan(stamps[members]).any() for members in in_bucket)


def test_a_huge_all_dated_bucket_pairs_every_close_member_not_only_its_first_ones():
    # 60 copies of one text, a year apart, and next to the last one a copy a day later.
    stamps = np.array([year * 365 * DAY for year in range(60)] + [59 * 365 * DAY + DAY])
    corpus = Candidates([f"a{n}" for n in range(61)], np.zeros((61, LSH_BANDS), np.uint64), np.ones(61, bool), stamps)
    everyone = np.ones(61, bool)
    assert (
        pairs_of(Bands(corpus), all_keys(corpus), WINDOW, everyone, everyone) == {(59, 60)} == full_merge_pairs(corpus)
    )


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), size=st.integers(2, 240), undated=st.sampled_from([0.0, 0.02, 0.3]))
def test_a_full_merges_candidate_pairs_are_every_buckets_pairs_in_order(seed, size, undated):
    corpus = random_corpus(seed, size, undated)
    signatures = np.zeros((size, 1), np.uint64)  # unused when the keys are given
    found = candidate_pairs(signatures, corpus.eligible, corpus.stamps, WINDOW, keys=corpus.keys)
    stamps = corpus.stamps
    # The pairs over the window are left out (with a second's margin for the callers' exact check of dates).
    assert {(i, j) for i, j in found if not abs(stamps[i] - stamps[j]) > WINDOW} == full_merge_pairs(corpus)
    assert found == sorted(set(found))
    members = np.flatnonzero(corpus.eligible)
    undated_rule = set()
    for band in range(LSH_BANDS):
        for ids in buckets(corpus.keys[members, band], members):
            undated_rule.update(bucket_pairs(ids, None, 0.0))
    assert candidate_pairs(signatures, corpus.eligible, keys=corpus.keys) == sorted(undated_rule)
