"""Compare learners for the line labeller on the aligned candidates, unseen sites only (5 folds by site).

Reads ../shared/data/pages (beside the checkout). For each field, counts the pages whose best-scoring
candidate is the truth's line, for each learner fitted on the other folds, and the pages where the rules'
own candidate is. Needs scikit-learn (the `train` extra).

    python bench/ingest_learners.py
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sklearn.ensemble import GradientBoostingClassifier  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.pipeline import make_pipeline  # noqa: E402
from sklearn.preprocessing import StandardScaler  # noqa: E402

from searchsvc.ingest import train  # noqa: E402
from searchsvc.ingest.pagesets import fold_of, load_pages  # noqa: E402

DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "pages"
FOLDS = 5
RULE_COLUMN = {"title": "rule_title", "date": "rule_day", "author": "rule_author"}
LEARNERS = {
    "GBM 120x3 (shipped)": lambda: GradientBoostingClassifier(n_estimators=120, max_depth=3, random_state=0),
    "GBM 300x4": lambda: GradientBoostingClassifier(n_estimators=300, max_depth=4, learning_rate=0.05, random_state=0),
    "logistic regression": lambda: make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000)),
}


def main() -> int:
    pages = load_pages(DATA)
    if not pages:
        print(f"No page data at {DATA.resolve()}: nothing to measure.")
        return 0
    print("| field | " + " | ".join(LEARNERS) + " | rules' candidate | pages |")
    print("|---|" + "---|" * (len(LEARNERS) + 2))
    for field, rule in RULE_COLUMN.items():
        column = train.FEATURES[field].index(rule)
        right = dict.fromkeys(LEARNERS, 0)
        ruled = total = 0
        for fold in range(FOLDS):
            fitted = [train.page_rows(p)[field] for p in pages if fold_of(p.site, FOLDS) != fold]
            x = np.array([row for rows, _ in fitted for row in rows], dtype=float)
            y = [label for _, labels in fitted for label in labels]
            models = {name: make().fit(x, y) for name, make in LEARNERS.items()}
            for page in pages:
                rows, labels = train.page_rows(page)[field]
                if fold_of(page.site, FOLDS) != fold or not rows:
                    continue
                total += 1
                ruled += any(label for row, label in zip(rows, labels, strict=True) if row[column])
                for name, model in models.items():
                    right[name] += labels[int(model.predict_proba(np.array(rows, dtype=float))[:, 1].argmax())]
        print(f"| {field} | " + " | ".join(str(right[n]) for n in LEARNERS) + f" | {ruled} | {total} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
