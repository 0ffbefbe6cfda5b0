"""Leave-sites-out scoring of page-text ingestion over every page set (used by ingest_quality.py --folds).

The pages of all sets are split by site into k folds. "Seen" parses each page with a model fitted on
all pages (its own site included); "unseen" parses it with a model fitted on the other k-1 folds only.
The rules have nothing fitted per fold: for them both columns are the same, and they were written
while looking at the fundus and Readability pages (so those sets are "seen" by the rules anyway).
"""

from __future__ import annotations

import statistics
import time
from collections import Counter
from collections.abc import Callable

from searchsvc.ingest.dates import find_dates
from searchsvc.ingest.pagesets import WORD, Page, fold_of, norm, opening_matches, opening_texts, shown_names, truth_days
from searchsvc.ingest.pagetext import PageText

FIELDS = ("title", "date", "far", "author", "f1", "prefix")


def f1(found: str, truth: str) -> float:
    """Return the bag-of-words F1 of a body against the truth body."""
    got, want = Counter(WORD.findall(found.lower())), Counter(WORD.findall(truth.lower()))
    overlap = sum((got & want).values())
    if not overlap:
        return 0.0
    precision, recall = overlap / sum(got.values()), overlap / sum(want.values())
    return 2 * precision * recall / (precision + recall)


def shown_days(text: str) -> set:
    """Return every calendar day written in full somewhere in the text."""
    return {d.value.date() for line in text.splitlines() for d in find_dates(line, foreign=True)}


def score_page(page: Page, parsed: PageText, counts: Counter, f1s: list[float]) -> None:
    """Add one parsed page's hits and misses to the counts."""
    truth, text = page.truth, page.text
    if truth.get("title") and norm(truth["title"]) in norm(text):
        counts["title_shown"] += 1
        counts["title_ok"] += norm(parsed.title) == norm(truth["title"])
    days = truth_days(truth)
    if days:
        counts["date_truth"] += 1
        shown = bool(days & shown_days(text))
        counts["date_shown"] += shown
        if parsed.date is not None:
            written = find_dates(parsed.date.raw or "", foreign=True)
            ours = {parsed.date.value.date()} | ({written[0].value.date()} if written else set())
            counts["date_given"] += 1
            counts["date_ok"] += shown and bool(ours & days)
            counts["date_far"] += min(abs((a - b).days) for a in ours for b in days) > 1
    names = shown_names(truth, text)
    if names:
        counts["author_shown"] += 1
        ok = any(norm(n) in norm(parsed.author) for n in names)
        counts["author_ok"] += ok
        counts["author_wrong"] += bool(parsed.author) and not ok
    if truth.get("body"):
        f1s.append(f1(parsed.body, truth["body"]))
    openings = opening_texts(truth)
    if openings:
        counts["prefix_truth"] += 1
        strict, lead = opening_matches(parsed.body, openings)
        counts["prefix_ok"] += strict
        counts["prefix_lead_ok"] += lead


def ratio(part: int, whole: int) -> str:
    return f"{part / whole:.2f} ({part}/{whole})" if whole else "n/a"


def figures(counts: Counter, f1s: list[float]) -> dict[str, str]:
    """Return the table cells of one group of pages."""
    far = (
        f"{100 * counts['date_far'] / counts['date_truth']:.1f} % ({counts['date_far']})"
        if counts["date_truth"]
        else "n/a"
    )
    return {
        "title": ratio(counts["title_ok"], counts["title_shown"]),
        "date": ratio(counts["date_ok"], counts["date_shown"]),
        "far": far,
        "author": f"{ratio(counts['author_ok'], counts['author_shown'])} {counts['author_wrong']} wrong",
        "f1": f"{statistics.mean(f1s):.3f} ({len(f1s)})" if f1s else "n/a",
        "prefix": f"{ratio(counts['prefix_ok'], counts['prefix_truth'])}, past a lead "
        f"{ratio(counts['prefix_lead_ok'], counts['prefix_truth'])}"
        if counts["prefix_truth"]
        else "n/a",
    }


def run_folds(
    pages: list[Page],
    folds: int,
    fit: Callable[[list[Page]], object] | None,
    parse: Callable[[str, object], PageText],
    on_unseen: Callable[[Page, PageText], None] | None = None,
) -> tuple[dict, dict, float]:
    """Score every page seen (model fitted on all) and unseen (fitted without its fold).

    Returns {group: (counts, f1s)} for seen and unseen, and the CPU seconds spent parsing; on_unseen, if given,
    is shown each page as parsed unseen (to list misses).
    """
    results: dict[str, dict] = {"seen": {}, "unseen": {}}
    model_all = fit(pages) if fit else None
    parse_seconds = 0.0
    for fold in range(folds):
        held = [p for p in pages if fold_of(p.site, folds) == fold]
        model = fit([p for p in pages if fold_of(p.site, folds) != fold]) if fit else None
        for side, side_model in (("seen", model_all), ("unseen", model)):
            for page in held:
                start = time.process_time()
                parsed = parse(page.text, side_model)
                parse_seconds += time.process_time() - start
                if on_unseen and (side == "unseen" or not fit):
                    on_unseen(page, parsed)
                for group in (page.set, "all"):
                    counts, f1s = results[side].setdefault(group, (Counter(), []))
                    score_page(page, parsed, counts, f1s)
            if not fit:
                results["unseen"] = results["seen"]
                break
    return results["seen"], results["unseen"], parse_seconds


def print_table(seen: dict, unseen: dict, groups: list[str]) -> None:
    """Print seen and unseen figures side by side, per set and overall."""
    heads = {
        "title": "title (shown)",
        "date": "date (shown)",
        "far": "far-wrong dates (of dated pages)",
        "author": "author (shown)",
        "f1": "body F1 mean (pages)",
        "prefix": "body starts at opening words (strict, past a lead)",
    }
    print("| set | " + " | ".join(f"{heads[f]} seen / unseen" for f in FIELDS) + " |")
    print("|---|" + "---|" * len(FIELDS))
    for group in groups:
        if group not in seen:
            continue
        a, b = figures(*seen[group]), figures(*unseen[group])
        print(f"| {group} | " + " | ".join(f"{a[f]} / {b[f]}" if a[f] != b[f] else a[f] for f in FIELDS) + " |")
