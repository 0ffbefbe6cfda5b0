"""The title ranker's trees, as the trainer writes them into the model file and the parser walks them."""

import numpy as np
import pytest

from searchsvc.ingest import ranking
from searchsvc.ingest.linemodel import field_from_dict


def pages_of_candidates(count: int) -> list[tuple[list[list[float]], list[int]]]:
    """Return pages of 5 candidates each, the right one the candidate whose first two features sum highest."""
    rng = np.random.default_rng(0)
    pages = []
    for _ in range(count):
        rows = rng.uniform(0, 10, size=(5, 3)).round(2)
        labels = [0] * 5
        labels[int((rows[:, 0] + rows[:, 1]).argmax())] = 1
        pages.append((rows.tolist(), labels))
    return pages


def test_the_ranker_walked_from_the_model_file_scores_as_lightgbm_does():
    pytest.importorskip("lightgbm")
    pages = pages_of_candidates(120)
    ranker = ranking.fit_ranker(pages)
    field = field_from_dict(ranking.export_ranker(ranker, ("a", "b", "c"), 3, "model"))
    rows = [row for page_rows, _ in pages for row in page_rows]
    probabilities = field.probabilities(rows)
    raw = ranker.booster_.predict(np.asarray(rows), raw_score=True)
    assert np.allclose(np.log(probabilities / (1 - probabilities)), raw, atol=1e-4)
    # It learnt the pages: the right candidate ranks first on most of them.
    right = sum(labels[int(field.probabilities(page_rows).argmax())] for page_rows, labels in pages)
    assert right >= 100


def test_the_ranker_learns_nothing_from_pages_without_a_right_candidate():
    pytest.importorskip("lightgbm")
    assert ranking.fit_ranker([([[1.0, 2.0], [3.0, 4.0]], [0, 0])]) is None
