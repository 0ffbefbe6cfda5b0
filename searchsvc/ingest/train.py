"""Train the line labeller on page sets and write it as JSON: `python -m searchsvc.ingest.train DATA`.

Labels come from aligning each page's truth with its lines: the line equal to the truth title, the
dates on the truth's day, the lines whose names hold a truth author. A page whose truth date is not
shown teaches that every date on it is wrong (abstaining). Needs scikit-learn and, for the title, which
is ranked per page, LightGBM (the `train` extra); parsing needs neither. The cutoff under which a field
abstains is chosen on out-of-fold predictions (folds by site) of the training pages only.
"""

from __future__ import annotations

import argparse
import json
import math
from pathlib import Path

import numpy as np

from searchsvc.ingest import bylinefeatures as bf
from searchsvc.ingest import bylines, openings, ranking
from searchsvc.ingest import linefeatures as lf
from searchsvc.ingest import titlefeatures as tf
from searchsvc.ingest.dates import find_dates
from searchsvc.ingest.linemodel import MODEL_PATH, model_from_dict
from searchsvc.ingest.pagesets import (
    Page,
    fold_of,
    load_pages,
    norm,
    opening_matches,
    opening_texts,
    shown_names,
    truth_days,
)
from searchsvc.ingest.pagetext import read_by_rules

FIELDS = ("title", "date", "author", "opening")
FEATURES = {
    "title": tf.TITLE_FEATURES,
    "date": bf.DATE_FEATURES,
    "author": bf.AUTHOR_FEATURES,
    "opening": openings.OPENING_FEATURES,
}
TREES = 120
DEPTH = 3
RATE = 0.1
# The opening has few right lines to learn from (one or two a page) and its fits moved by several pages with any
# change of features: shallower trees, more of them at a lower rate held the unseen figure best over three fold
# splits (bench/RESULTS.md, "Issue 13").
SETTINGS = {"opening": {"trees": 200, "depth": 2, "rate": 0.05}}
DEFAULT_SETTINGS = {"trees": TREES, "depth": DEPTH, "rate": RATE, "leaf": 1}
# The title and the opening are each one line per page: they are learnt as a ranking of the page's candidates
# (ranking.py), which gained on unseen sites over classifying the lines one by one (bench/RESULTS.md). A ranker's
# leaves hold LightGBM's default of at least 20 candidates; "leaf" is the classifiers' (date, author).
RANKED = ("title", "opening")
INNER_FOLDS = 3
# A wrong date or author costs this many right ones when the cutoff is chosen.
WRONG_COST = {"title": 1.0, "date": 4.0, "author": 1.0, "opening": 1.0}
CUTOFFS = tuple(i / 20 for i in range(0, 20))
# How each field is decided (see labeller.pick), chosen by the unseen figures (bench/RESULTS.md).
# On unseen sites the model won the title and the opening line; the rules kept the date and the author.
MODES = {"title": "model", "date": "rules", "author": "rules", "opening": "model"}
RULE_FEATURE = {"date": "rule_day", "author": "rule_author"}


ROWS: dict[tuple[str, str], dict] = {}


def page_rows(page: Page) -> dict[str, tuple[list[list[float]], list[int]]]:
    """Return, per field, the candidates' feature rows and labels (1 = the truth's line); empty when unknown."""
    key = (page.set, page.id)
    if key not in ROWS:
        ROWS[key] = read_rows(page)
    return ROWS[key]


def read_rows(page: Page) -> dict[str, tuple[list[list[float]], list[int]]]:
    """Align one page's truth with its candidate lines."""
    reading = read_by_rules(page.text)
    lines = reading.page
    out: dict[str, tuple[list, list]] = {name: ([], []) for name in FIELDS}
    if lines is None:
        return out
    truth = page.truth
    if truth.get("title") and norm(truth["title"]) in norm(page.text):
        want = norm(truth["title"])
        context = tf.TitleContext(lines)
        candidates = tf.title_candidates(lines, context)
        out["title"] = (
            tf.title_rows(lines, candidates, context),
            [int(norm(lines.lines[i]) == want) for i in candidates],
        )
    days = truth_days(truth)
    if days:
        dates = bf.date_candidates(lines)
        labels = []
        for _, date in dates:
            written = find_dates(date.raw, foreign=True)
            ours = {date.value.date()} | ({written[0].value.date()} if written else set())
            labels.append(int(bool(ours & days)))
        out["date"] = (bf.date_rows(lines, dates), labels)
    # Every opening the truth accepts is right (fundus: its summary or its first paragraph). Labelling only the
    # first paragraph there (the summary as a dek) did worse on unseen sites (bench/RESULTS.md).
    wanted = opening_texts(truth)
    if wanted:
        candidates = openings.opening_candidates(lines)
        # Right: a body opened there starts at the truth's opening words, or past a lead of the truth's (a credit).
        labels = [int(opening_matches(opened_text(lines, i), wanted)[1]) for i in candidates]
        out["opening"] = (openings.opening_rows(lines, candidates), labels)
    names = [norm(name) for name in shown_names(truth, page.text)]
    if names:
        bylines = bf.author_candidates(lines)
        labels = [int(any(name in norm(found) for name in names)) for _, found, _ in bylines]
        out["author"] = (bf.author_rows(lines, bylines), labels)
    return out


def opened_text(page: lf.PageLines, i: int, count: int = 4) -> str:
    """Return the first lines a body opened at line i would hold (as pagetext.open_body_at keeps them)."""
    kept = []
    for j in page.filled[page.rank[i] :]:
        line = page.lines[j]
        if j != i and j < page.start and page.scores[j] <= 0:
            continue
        if (
            bylines.is_caption(line)
            or bylines.is_furniture(line)
            or bylines.is_byline(line)
            or bylines.is_dateline(line)
        ):
            continue
        kept.append(line)
        if len(kept) == count:
            break
    return " ".join(kept)


def fit_trees(groups: list[tuple[list, list]], settings: dict | None = None):
    """Fit boosted trees on the candidates of many pages; None when there is nothing to learn from."""
    settings = settings or DEFAULT_SETTINGS
    from sklearn.ensemble import GradientBoostingClassifier

    rows = [row for group_rows, _ in groups for row in group_rows]
    if len({len(row) for row in rows}) > 1:
        raise ValueError("candidate rows of different widths")
    labels = [label for _, group_labels in groups for label in group_labels]
    if len(set(labels)) < 2:
        return None
    model = GradientBoostingClassifier(
        n_estimators=settings["trees"],
        max_depth=settings["depth"],
        learning_rate=settings["rate"],
        min_samples_leaf=settings["leaf"],
        random_state=0,
    )
    return model.fit(np.asarray(rows, dtype=np.float64), np.asarray(labels))


def page_picks(model, groups: list[tuple[list, list]], column: int | None) -> list[tuple[float, int, bool]]:
    """Return, per page, the probability and label of the candidate a cutoff judges, and whether it is the rules'.

    That is the rules' own candidate where there is one (the best of them) and a rule column is given, else the best.
    """
    picks = []
    for rows, labels in groups:
        if not rows:
            continue
        probabilities = model.predict_proba(np.asarray(rows, dtype=np.float64))[:, 1]
        ruled = [n for n, row in enumerate(rows) if column is not None and row[column]]
        n = max(ruled, key=lambda k: probabilities[k]) if ruled else int(probabilities.argmax())
        picks.append((float(probabilities[n]), labels[n], bool(ruled)))
    return picks


def choose_cutoff(name: str, mode: str, picks: list[tuple[float, int, bool]]) -> float:
    """Return the cutoff that maximises right values less the cost of wrong ones, in the field's mode."""
    if name in ("title", "opening"):
        return 0.0  # under any cutoff the rules' title would stand, and the rules' choice is a feature already

    def gain(cutoff: float) -> float:
        judged = [(p, label) for p, label, ruled in picks if mode in ("model", "both") or ruled]
        return sum(label - WRONG_COST[name] * (1 - label) for p, label in judged if p >= cutoff)

    return max(CUTOFFS, key=gain)


def export_trees(model, features: tuple[str, ...], cutoff: float, mode: str, settings: dict | None = None) -> dict:
    """Return a fitted GradientBoostingClassifier as plain lists of nodes (see linemodel.py)."""
    trees = []
    for estimator in model.estimators_[:, 0]:
        tree = estimator.tree_
        trees.append(
            [
                [
                    int(tree.feature[n]) if tree.children_left[n] >= 0 else -1,
                    float(tree.threshold[n]),
                    int(max(tree.children_left[n], 0)),
                    int(max(tree.children_right[n], 0)),
                    round(float(tree.value[n][0][0]), 6),
                ]
                for n in range(tree.node_count)
            ]
        )
    prior = float(model.init_.class_prior_[1])
    settings = settings or DEFAULT_SETTINGS
    return {
        "features": list(features),
        "depth": settings["depth"],
        "rate": settings["rate"],
        "prior": math.log(prior / (1 - prior)),
        "cutoff": cutoff,
        "use": mode != "rules",
        "mode": mode,
        "trees": trees,
    }


def fit_field(name: str, pages: list[Page], mode: str) -> dict | None:
    """Fit one field on the pages; its cutoff is chosen on out-of-fold picks (folds by site)."""
    column = FEATURES[name].index(RULE_FEATURE[name]) if mode in ("veto", "both") else None
    settings = SETTINGS.get(name, DEFAULT_SETTINGS)
    picks = []
    # A title or opening takes no cutoff (see choose_cutoff): no inner folds to fit.
    for fold in range(INNER_FOLDS if name in ("date", "author") else 0):
        inner = fit_trees([page_rows(p)[name] for p in pages if fold_of(p.site, INNER_FOLDS) != fold], settings)
        held = [page_rows(p)[name] for p in pages if fold_of(p.site, INNER_FOLDS) == fold]
        if inner is not None:
            picks.extend(page_picks(inner, held, column))
    if name in RANKED:
        trees, depth, rate = int(settings["trees"]), int(settings["depth"]), settings["rate"]
        ranker = ranking.fit_ranker([page_rows(p)[name] for p in pages], trees, depth, rate)
        return ranking.export_ranker(ranker, FEATURES[name], depth, mode) if ranker is not None else None
    model = fit_trees([page_rows(p)[name] for p in pages], settings)
    if model is None:
        return None
    if model.n_features_in_ != len(FEATURES[name]):
        raise ValueError(f"{name}: {model.n_features_in_} features computed, {len(FEATURES[name])} named")
    return export_trees(model, FEATURES[name], choose_cutoff(name, mode, picks), mode, settings)


def fit_model_dict(pages: list[Page], modes: dict[str, str] | None = None) -> dict:
    """Fit every field on the pages and return the model's JSON form."""
    modes = {**MODES, **(modes or {})}
    fields = {name: fit_field(name, pages, modes[name]) for name in FIELDS if modes[name] != "rules"}
    return {"version": 1, "fields": {name: field for name, field in fields.items() if field}}


def fit_model(pages: list[Page], modes: dict[str, str] | None = None):
    """Fit the labeller on the pages and return it ready to parse with."""
    return model_from_dict(fit_model_dict(pages, modes))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path, help="folder of page sets (e.g. ../shared/data/pages)")
    parser.add_argument("--out", type=Path, default=MODEL_PATH, help=f"model file to write (default {MODEL_PATH})")
    args = parser.parse_args()
    pages = load_pages(args.data)
    if not pages:
        parser.error(f"no pages under {args.data}")
    model = fit_model_dict(pages)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(model, separators=(",", ":")))
    cutoffs = ", ".join(f"{name} {field['cutoff']:.2f}" for name, field in model["fields"].items())
    print(f"{len(pages)} pages -> {args.out} ({args.out.stat().st_size // 1024} KiB; cutoffs {cutoffs})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
