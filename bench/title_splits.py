"""Unseen title figure over several by-site fold splits: the title field alone, to see past one split's noise.

Reads ../shared/data/pages (beside the checkout). Each split salts the site names before hashing them into 5
folds, so a site moves between folds from split to split; the title model is fitted on 4 folds and scored on
the fifth, as `bench/ingest_quality.py --folds 5` does (its split is the first, unsalted one). A page counts
where the truth title is shown in its text; the title is taken as the labeller takes it (labeller.relabel).

    python bench/title_splits.py                  # the trainer's title model (ranked per page), 5 splits
    python bench/title_splits.py --classifier     # the same candidates and features, classified line by line
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from searchsvc.ingest import titlefeatures as tf  # noqa: E402
from searchsvc.ingest import train  # noqa: E402
from searchsvc.ingest.jsonld import find_structured_data  # noqa: E402
from searchsvc.ingest.labeller import UNTITLED_CUTOFF  # noqa: E402
from searchsvc.ingest.linemodel import FieldModel, field_from_dict  # noqa: E402
from searchsvc.ingest.pagesets import Page, fold_of, load_pages, norm  # noqa: E402
from searchsvc.ingest.pagetext import read_by_rules  # noqa: E402
from searchsvc.ingest.titles import title_text  # noqa: E402

DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "pages"
SALTS = ("", "a", "b", "c", "d")
FOLDS = 5


def fit(pages: list[Page], classifier: bool) -> FieldModel:
    """Fit the title field on the pages: as the trainer does, or as a line classifier."""
    if classifier:
        model = train.fit_trees([train.page_rows(p)["title"] for p in pages])
        return field_from_dict(train.export_trees(model, tf.TITLE_FEATURES, 0.0, "model"))
    fitted = train.fit_field("title", pages, "model")
    if fitted is None:
        raise SystemExit("no title could be learnt from these pages")
    return field_from_dict(fitted)


def title_of(page: Page, field: FieldModel) -> str | None:
    """Return the title the labeller would give the page with this title model."""
    reading = read_by_rules(page.text)
    lines, title = reading.page, reading.text.title
    if lines is not None:
        candidates = tf.title_candidates(lines)  # (no shared context: the script runs on older checkouts too)
        if candidates:
            probabilities = field.probabilities(tf.title_rows(lines, candidates))
            n = int(probabilities.argmax())
            cutoff = field.cutoff if lines.title_at is not None else max(field.cutoff, UNTITLED_CUTOFF)
            if probabilities[n] >= cutoff:
                title = title_text(lines.lines, candidates[n])
    return title or find_structured_data(page.text).title


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--splits", type=int, default=len(SALTS), help=f"how many splits (at most {len(SALTS)})")
    parser.add_argument("--classifier", action="store_true", help="classify lines (GBM) instead of ranking them")
    args = parser.parse_args()
    pages = load_pages(DATA)
    if not pages:
        print(f"No page data at {DATA.resolve()}: nothing to measure.")
        return 0
    shown = [p for p in pages if p.truth.get("title") and norm(p.truth["title"]) in norm(p.text)]
    start = time.process_time()
    right = []
    for salt in SALTS[: args.splits]:
        count = 0
        for fold in range(FOLDS):
            field = fit([p for p in pages if fold_of(salt + p.site, FOLDS) != fold], args.classifier)
            held = [p for p in shown if fold_of(salt + p.site, FOLDS) == fold]
            count += sum(norm(title_of(p, field)) == norm(p.truth["title"]) for p in held)
        right.append(count)
    field = fit(pages, args.classifier)
    seen = sum(norm(title_of(p, field)) == norm(p.truth["title"]) for p in shown)
    how = "classified" if args.classifier else "as trained"
    print(
        f"title ({how}), {len(shown)} pages showing their title: unseen {' / '.join(map(str, right))}, "
        f"sum {sum(right)} of {len(shown) * len(right)}; seen {seen}; {time.process_time() - start:.0f} CPU-s"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
