"""bench/relevance.py scores rankings correctly and runs through the search API's code path."""

import importlib.util
import math

import pytest

from tests.helpers import ROOT

TINY = ROOT / "tests" / "data" / "relevance" / "tiny"


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("relevance_bench", ROOT / "bench" / "relevance.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_relevance_average_precision_by_hand(bench):
    # Relevant d1 and d3 found at ranks 1 and 3: (1/1 + 2/3) / 2.
    assert bench.average_precision(["d1", "d2", "d3"], {"d1": 1, "d3": 1}) == pytest.approx(5 / 6)
    # One of two relevant documents found, at rank 2: (1/2) / 2.
    assert bench.average_precision(["d1", "d2"], {"d2": 1, "d3": 1}) == pytest.approx(0.25)


def test_relevance_ndcg_by_hand(bench):
    expected = (1 + 1 / math.log2(4)) / (1 + 1 / math.log2(3))
    assert bench.ndcg_at(["d1", "d2", "d3"], {"d1": 1, "d3": 1}) == pytest.approx(expected)
    assert bench.ndcg_at(["d2", "d1"], {"d1": 1}, k=1) == 0.0


def test_relevance_evaluate_skips_unjudged_queries(bench):
    qrels = {"1": {"d1": 1, "d3": 1}, "2": {"d2": 0}}
    scores = bench.evaluate({"1": ["d1", "d2", "d3"]}, qrels)
    assert scores == {
        "queries": 1,
        "ndcg@10": pytest.approx(bench.ndcg_at(["d1", "d2", "d3"], qrels["1"])),
        "map": pytest.approx(5 / 6),
    }


def test_relevance_as_words_leaves_no_query_syntax(bench):
    assert bench.as_words('Which "NOT" (AND) e-mail: OR x*?') == "which not and e mail or x"


def test_relevance_run_collection_on_a_tiny_collection(bench):
    scores = bench.run_collection(TINY, depth=1000)
    # Query 1 ("cats") finds d1 and d3, both relevant: AP 1, nDCG 1. Query 2 ("dogs bark", two
    # words, so all required) finds only d2 of its relevant d2 and d3: AP 1/2, nDCG 1/(1 + 1/log2 3).
    assert (scores["docs"], scores["queries"], scores["pruned"]) == (3, 2, 0)
    assert scores["map"] == pytest.approx(0.75)
    assert scores["ndcg@10"] == pytest.approx((1 + 1 / (1 + 1 / math.log2(3))) / 2)


def test_relevance_main_without_data_says_so_and_succeeds(bench, tmp_path, capsys):
    assert bench.main(["--data", str(tmp_path)]) == 0
    assert "cacm: no data in" in capsys.readouterr().out
