"""Features of the lines that may give the date or the author: datelines, bylines, name lines.

See linefeatures.py for the features every line has; these add what tells a dateline or a byline
from a date or a name elsewhere on the page (a caption, a teaser, a footer).
"""

from __future__ import annotations

from searchsvc.ingest import authors, bylines
from searchsvc.ingest.dates import FoundDate, find_dates
from searchsvc.ingest.linefeatures import (
    AUTHOR_ABOVE,
    AUTHOR_AFTER,
    AUTHOR_RUN,
    DATE_LINE_WORDS,
    LINE_FEATURES,
    PageLines,
    line_row,
)

DATE_FEATURES = LINE_FEATURES + (
    "has_time",
    "date_order",
    "page_days",
    "same_day_count",
    "rule_day",
    "days_before_latest",
    "days_after_earliest",
    "label_before",
)
AUTHOR_FEATURES = LINE_FEATURES + (
    "names",
    "name_words",
    "via_byline",
    "via_name_line",
    "via_agency",
    "label_line_before",
    "role_after",
    "date_beside",
    "named_in_opening",
    "rule_author",
    "name_count",
)


def date_candidates(page: PageLines) -> list[tuple[int, FoundDate]]:
    """Return every full date on a line short enough to be a dateline, with its line."""
    found: list[tuple[int, FoundDate]] = []
    for i in page.filled:
        line = page.lines[i]
        if len(line.split()) <= DATE_LINE_WORDS and any(c.isdigit() for c in line):
            found.extend((i, date) for date in find_dates(line, page.slash_dayfirst))
    return found


def date_rows(page: PageLines, candidates: list[tuple[int, FoundDate]]) -> list[list[float]]:
    """Return the date features of each (line, date) candidate."""
    days = [date.value.date() for _, date in candidates]
    distinct = sorted(set(days))
    rule_day = page.rule_date.value.date() if page.rule_date else None
    rows, cache = [], {}
    for n, (i, date) in enumerate(candidates):
        if i not in cache:
            cache[i] = line_row(page, i)
        day = date.value.date()
        prev = page.neighbour(i, -1)
        rows.append(
            cache[i]
            + [
                date.has_time,
                n,
                len(distinct),
                days.count(day),
                day == rule_day,
                (distinct[-1] - day).days,
                (day - distinct[0]).days,
                bool(bylines.DATE_WORD.search(prev)) or prev.endswith(":"),
            ]
        )
    return rows


def author_candidates(page: PageLines) -> list[tuple[int, str, str]]:
    """Return the lines that name people, with the names and how they were read (byline, name line, agency)."""
    top = page.rank.get(page.start, len(page.filled))
    bottom = page.rank.get(page.end, len(page.filled))
    around = page.filled[max(0, top - AUTHOR_ABOVE) : top + AUTHOR_RUN] + page.filled[bottom : bottom + AUTHOR_AFTER]
    found = []
    for i in dict.fromkeys(around):
        line = page.lines[i]
        if len(line) > 300:
            continue
        # A dateline may carry the byline as one of its parts: "Le Monde | 04.05.2015 | Par Martin Untersinger".
        parts = authors.SEGMENT.split(line)[1:] if bylines.DATEISH.search(line) else []
        signed = next((part for part in parts if bylines.is_byline(part)), None)
        if bylines.is_byline(line) or signed:
            found.append((i, ", ".join(bylines.names_in_byline(signed or line)), "byline"))
        elif names := authors.name_line(line):
            found.append((i, names, "name"))
        elif credit := authors.agency_credit(line):
            found.append((i, credit, "agency"))
    return found


def author_rows(page: PageLines, candidates: list[tuple[int, str, str]]) -> list[list[float]]:
    """Return the author features of each candidate."""
    rule = (page.rule_author or "").casefold()
    text_counts: dict[str, int] = {}
    for _, names, _ in candidates:
        text_counts[names] = text_counts.get(names, 0) + 1
    rows = []
    for i, names, via in candidates:
        prev, after = page.neighbour(i, -1), page.neighbour(i, 1)
        rows.append(
            line_row(page, i)
            + [
                names.count(", ") + 1,
                len(names.split()),
                via == "byline",
                via == "name",
                via == "agency",
                bool(authors.BYLINE_LABEL.match(prev)),
                bool(authors.ROLE.match(after)),
                authors.is_dateish(prev) or authors.is_dateish(after) or authors.gives_date(page.lines[i]),
                authors.named_in(names, page.opening) if names else False,
                bool(rule) and (names.casefold() in rule or rule in names.casefold()),
                text_counts[names],
            ]
        )
    return rows
