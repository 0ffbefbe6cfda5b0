"""The array scorer gives Whoosh's own BM25F scores for the queries it takes on."""

import numpy as np
import pytest
from whoosh.index import open_dir

from searchsvc.articles import Article
from searchsvc.query.parser import parse_query, weighting
from searchsvc.search.phrases import phrase_found, phrase_matches
from searchsvc.search.scoring import MatchScorer, NotVectorisable
from searchsvc.store.generations import current_generation
from searchsvc.store.schema import to_document


def story(id, title, body):
    return Article(id=id, title=title, body=body)


@pytest.fixture
def searcher(make_index):
    """Two segments and a deleted document: the awkward case for reading postings directly."""
    index_dir = make_index(
        [
            story("a", "Corn crop", "corn corn crop estimates for the corn belt"),
            story("b", "Wheat", "wheat and corn exports"),
            story("c", "Crop report", "crop report says soybean crop rose"),
            story("d", "Corn", "corn"),
        ]
    )
    ix = open_dir(str(current_generation(index_dir).path))
    writer = ix.writer()
    writer.add_document(**to_document(story("e", "Corn prices", "corn prices rose on crop worries")))
    writer.add_document(**to_document(story("f", "Sugar", "sugar quota talks with no grain")))
    writer.delete_by_term("id", "b")
    writer.commit(merge=False)
    with ix.searcher(weighting=weighting()) as searcher:
        assert len(searcher.leaf_searchers()) == 2 and searcher.reader().has_deletions()
        yield searcher
    ix.close()


@pytest.mark.parametrize(
    "q",
    [
        "corn",
        "corn crop",
        "corn OR sugar",
        "corn NOT crop",
        "title:corn crop",
        "rose OR (corn AND prices)",
        '"corn belt"',
        '"corn crop"',
        '"crop rose"~2',
        '"corn prices" OR sugar',
        "corn NOT crop NOT prices",
        'corn NOT "corn belt"',
    ],
)
def test_search_scoring_arrays_equal_whoosh_matchers(searcher, q):
    query = parse_query(q, searcher.schema)
    scorer = MatchScorer(searcher)
    scorer.evaluate(query)  # takes the array path (raises NotVectorisable otherwise)
    docnums, scores = scorer.score(query, q)
    expected_docnums, expected_scores = scorer.walk(query)
    assert docnums.tolist() == expected_docnums.tolist()
    assert np.allclose(scores, expected_scores, rtol=1e-12)
    assert len(docnums) > 0


def test_search_scoring_deleted_documents_never_match(searcher):
    docnums, _ = MatchScorer(searcher).score(parse_query("exports", searcher.schema), "exports")
    assert docnums.tolist() == []


def test_search_scoring_other_queries_take_whoosh_matchers(searcher):
    scorer = MatchScorer(searcher)
    query = parse_query("cor*", searcher.schema)
    with pytest.raises(NotVectorisable):
        scorer.evaluate(query)
    docnums, _ = scorer.score(query, "cor*")
    assert sorted(searcher.stored_fields(d)["id"] for d in docnums) == ["a", "d", "e"]


def test_search_scoring_phrase_matches_every_chain_within_the_slop():
    # "a b c" with slop 2: a@0, b@1 or b@2, c@4 -- only the chain through b@2 reaches c.
    assert phrase_matches([[0], [1, 2], [4]], slop=2) == [(0, 4)]
    assert phrase_matches([[0], [1, 2], [4]], slop=1) == []
    assert phrase_matches([[3, 7], [4, 9]], slop=1) == [(3, 4)]
    assert phrase_matches([[3], []], slop=1) == []


def test_search_scoring_phrase_matches_agrees_with_every_chain_counted_by_brute_force():
    import random

    def brute(positions, slop):
        chains = {p: p for p in positions[0]}
        for following in positions[1:]:
            chains = {
                p: min(s for e, s in chains.items() if 1 <= p - e <= max(1, slop))
                for p in following
                if any(1 <= p - e <= max(1, slop) for e in chains)
            }
        return sorted((s, e) for e, s in chains.items())

    rng = random.Random(7)
    for _ in range(300):
        words = [sorted(rng.sample(range(40), rng.randint(1, 12))) for _ in range(rng.randint(2, 4))]
        slop = rng.choice([0, 1, 2, 5])
        assert phrase_matches(words, slop) == brute(words, slop), (words, slop)


def test_search_scoring_phrase_found_for_all_candidates_equals_each_story_chained():
    import random

    rng = random.Random(11)
    for _ in range(200):
        words = rng.randint(1, 4)
        candidates = sorted(rng.sample(range(1000), rng.randint(0, 80)))  # both sides of ARRAYS_FROM
        positions = [{d: sorted(rng.sample(range(30), rng.randint(0, 8))) for d in candidates} for _ in range(words)]
        for slop in (0, 1, 2):
            expected = [bool(phrase_matches([p[d] for p in positions], slop)) for d in candidates]
            assert phrase_found(positions, candidates, slop).tolist() == expected, (positions, slop)


def test_search_scoring_phrase_of_a_word_repeated_through_a_long_story():
    # 50,000 occurrences of each word: the quadratic walk this replaces took minutes here.
    first, second = list(range(0, 200_000, 4)), list(range(1, 200_000, 4))
    assert phrase_matches([first, second]) == [(p, p + 1) for p in first]
