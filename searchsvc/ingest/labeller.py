"""The learned labeller's choices: the title, date and author lines it trusts, or the rules', or none.

For each field the model holds, every candidate line is scored; the best one is taken when its
probability reaches the field's cutoff. Under the cutoff the title stays the rules' (a page has a
headline), while a date or an author is left out: a wrong date files a story in the wrong month.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from searchsvc.ingest import bylinefeatures as bf
from searchsvc.ingest import linefeatures as lf
from searchsvc.ingest import openings, titles
from searchsvc.ingest import titlefeatures as tf
from searchsvc.ingest.linemodel import FieldModel, LineModel

if TYPE_CHECKING:
    from searchsvc.ingest.pagetext import PageText


# The probability a title must reach on a page where the rules found none.
UNTITLED_CUTOFF = 0.5
# The feature that marks a candidate as the rules' own choice, per field.
RULE_FEATURE = {"date": "rule_day", "author": "rule_author"}


def pick(model: FieldModel, rows: list[list[float]], rule_feature: str | None) -> int | None:
    """Return the candidate the field's mode takes, or None to give no value.

    "model": the best candidate at or over the cutoff. "veto": the rules' value, unless the model
    scores the candidates that hold it under the cutoff. "both": as veto, and where the rules found
    nothing, the model's best over the cutoff.
    """
    if not rows:
        return None if model.mode == "model" or rule_feature is None else -2
    probabilities = model.probabilities(rows)
    best = int(probabilities.argmax())
    if model.mode == "model" or rule_feature is None:
        return best if probabilities[best] >= model.cutoff else None
    column = model.features.index(rule_feature)
    ruled = [n for n, row in enumerate(rows) if row[column]]
    if ruled:
        chosen = max(ruled, key=lambda n: probabilities[n])
        return chosen if probabilities[chosen] >= model.cutoff else -1
    if model.mode == "both" and probabilities[best] >= model.cutoff:
        return best
    return -2


def relabel(page: lf.PageLines, model: LineModel, found: PageText) -> PageText:
    """Return the page's fields with the title, date and author the labeller chose.

    A pick of -1 means the model vetoed the rules' value; -2 that it had nothing to say (the rules' value stays).
    """
    changes: dict = {}
    if (field := model.field("title")) and field.features == tf.TITLE_FEATURES:
        context = tf.TitleContext(page)
        candidates = tf.title_candidates(page, context)
        if candidates:
            probabilities = field.probabilities(tf.title_rows(page, candidates, context))
            n = int(probabilities.argmax())
            # Where the rules saw no headline the model must be sure: a page may have none (a notice, a bare text).
            cutoff = field.cutoff if page.title_at is not None else max(field.cutoff, UNTITLED_CUTOFF)
            if probabilities[n] >= cutoff:
                changes["title"] = titles.title_text(page.lines, candidates[n])
    if (field := model.field("date")) and field.features == bf.DATE_FEATURES:
        dates = bf.date_candidates(page)
        picked = pick(field, bf.date_rows(page, dates), RULE_FEATURE["date"])
        if picked != -2:
            changes["date"] = dates[picked][1] if picked is not None and picked >= 0 else None
    if (field := model.field("author")) and field.features == bf.AUTHOR_FEATURES:
        names = bf.author_candidates(page)
        picked = pick(field, bf.author_rows(page, names), RULE_FEATURE["author"])
        if picked is not None and picked >= 0:
            changes["author"] = names[picked][1] or None
        elif picked != -2:
            changes["author"] = None
    return replace(found, **changes)


def pick_opening(page: lf.PageLines, model: LineModel) -> int | None:
    """Return the line the article's text opens at when the model moves it from the rules' start, else None."""
    field = model.field("opening")
    if field is None or field.features != openings.OPENING_FEATURES:
        return None
    candidates = openings.opening_candidates(page)
    if not candidates:
        return None
    probabilities = field.probabilities(openings.opening_rows(page, candidates))
    n = int(probabilities.argmax())
    return candidates[n] if candidates[n] != page.start and probabilities[n] >= field.cutoff else None
