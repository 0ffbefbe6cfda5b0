"""The title learnt as a ranking of each page's candidates: LightGBM lambdarank, written as linemodel's trees.

A page has one title line: ranking its candidates against each other teaches which line beats the others on
its page, where a classifier learns whether a line looks like a title on any page. On unseen sites the ranker
did a little better (bench/RESULTS.md, "Issue 13"). Needs LightGBM (the `train` extra); parsing does not.
"""

from __future__ import annotations

import numpy as np


def fit_ranker(groups: list[tuple[list, list]], trees: int = 120, depth: int = 3, rate: float = 0.1):
    """Fit LightGBM lambdarank trees on the candidates of the pages that hold a right one; None without any."""
    from lightgbm import LGBMRanker

    groups = [(rows, labels) for rows, labels in groups if any(labels)]
    if not groups:
        return None
    rows = np.asarray([row for group_rows, _ in groups for row in group_rows], dtype=np.float64)
    labels = np.asarray([label for _, group_labels in groups for label in group_labels])
    model = LGBMRanker(
        n_estimators=trees,
        max_depth=depth,
        num_leaves=2**depth,
        learning_rate=rate,
        random_state=0,
        n_jobs=1,
        verbose=-1,
    )
    return model.fit(rows, labels, group=[len(group_rows) for group_rows, _ in groups])


def export_ranker(model, features: tuple[str, ...], depth: int, mode: str) -> dict:
    """Return a fitted LGBMRanker as the node lists of linemodel.py: its leaf values already hold the rate.

    A ranker's score is no probability; linemodel turns it into one with a prior of 0, so a score of 0 reads
    as 0.5 (the labeller asks that much only where the rules found no headline).
    """
    trees = []
    for info in model.booster_.dump_model()["tree_info"]:
        nodes: list[list] = []
        add_node(info["tree_structure"], nodes)
        trees.append(nodes)
    return {
        "features": list(features),
        "depth": depth,
        "rate": 1.0,
        "prior": 0.0,
        "cutoff": 0.0,
        "use": mode != "rules",
        "mode": mode,
        "trees": trees,
    }


def add_node(node: dict, nodes: list[list]) -> int:
    """Append a LightGBM tree node and those under it as [feature, threshold, left, right, value]; return its index."""
    at = len(nodes)
    nodes.append([-1, 0.0, 0, 0, round(float(node.get("leaf_value", 0.0)), 6)])
    if "split_index" in node:
        # linemodel walks left where the value is <= the threshold: LightGBM's numeric split, with no missing values.
        if node["decision_type"] != "<=":
            raise ValueError(f"unsupported split {node['decision_type']}")
        left, right = add_node(node["left_child"], nodes), add_node(node["right_child"], nodes)
        nodes[at] = [int(node["split_feature"]), float(node["threshold"]), left, right, 0.0]
    return at
