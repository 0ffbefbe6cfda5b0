"""Page dates for page text: which dateline around the title, the run's opening or after the body is the article's.

A dateline is told by its shape (a short line with a full date, a "Published" label) and by where it
stands (just above or under the title, among the first lines of the body, after the last paragraph).
"""

from __future__ import annotations

import re

from searchsvc.ingest.authors import BYLINE_LABEL
from searchsvc.ingest.bylines import DATE_WORD, UPDATED, is_byline, is_caption, is_dateline
from searchsvc.ingest.dates import FoundDate, find_dates

# Datelines may sit this many lines above the title, or among the run's first lines.
DATE_ABOVE_TITLE = 10
# ... and at most this many lines (copies of the title and bare symbols aside) may stand between.
DATE_LINES_ABOVE = 3
BODY_HEAD_LINES = 8
# A "Published ..." line may follow the body within this many lines.
AFTER_BODY_LINES = 15
# A print edition's date ("December 5, 2016 Issue", "Ausgabe vom 3. Mai 2024") is not when the story went online.
EDITION = re.compile(r"\b(?:issue|edition|print edition|ausgabe|édition|edición|edizione)\b", re.I)
# A date under its own label ("Date 19.01.2020", "Datum: 3. Mai 2024") says what it is, as "Published" does.
DATE_LABEL = re.compile(r"^(?:date|datum|fecha|data|dátum|datum objave)\s*:?\s+(?=\d)", re.I)
# A date inside a longer line (more words than this, most of them no date) that is no byline nor "Published"
# line is one the text speaks of (a caption: "... on June 18, 2015. Chuck Burton/AP"), not the story's dateline.
DATELINE_WORDS = 12


def says_date(line: str) -> bool:
    """Tell whether a line labels its date as the publication's ("Published ...", "Date 19.01.2020")."""
    return bool(DATE_WORD.search(line) or DATE_LABEL.match(line))


def find_date(
    lines: list[str], start: int, end: int, title_at: int | None, slash_dayfirst: bool | None
) -> FoundDate | None:
    """Return the page's publication date, looked for around the title, in the run's first lines, then after it."""
    # Datelines sit around the title, sometimes just above it or among the first lines of the run.
    date_from = max(0, min(title_at if title_at is not None else start, start) - DATE_ABOVE_TITLE)
    body_head = [i for i in range(start, end) if lines[i]][:BODY_HEAD_LINES]
    # Above the title, only a dateline close to it (kicker, title, standfirst between at most): a date further up,
    # past menu lines, is the site's "today" or its print edition, not the article's.
    anchor_line = title_at if title_at is not None else start
    # Copies of the title and bare symbols (">") do not count as lines between.
    title_key = lines[anchor_line].casefold()
    between = [
        i
        for i in range(date_from, anchor_line)
        if lines[i] and lines[i].casefold() != title_key and any(c.isalnum() for c in lines[i])
    ]
    close_above = set(range(between[-DATE_LINES_ABOVE] if len(between) >= DATE_LINES_ABOVE else date_from, anchor_line))
    date_lines = [(i, lines[i]) for i in range(date_from, start) if i >= anchor_line or i in close_above] + [
        (i, lines[i]) for i in body_head if is_dateline(lines[i], foreign=True)
    ]
    after = [line for line in lines[end:] if line][:AFTER_BODY_LINES]
    return find_page_date(date_lines, after, anchor_line, slash_dayfirst) or find_labelled_date(
        lines[:start], slash_dayfirst
    )


def find_page_date(
    header: list[tuple[int, str]], after: list[str], anchor: int, slash_dayfirst: bool | None
) -> FoundDate | None:
    """Return the publication date: the header's dateline nearest the title, else a "Published ..." line after the body.

    A dateline, a byline or a "Published" line beats a date inside a longer line
    (a caption or teaser); an "Updated" date comes last.
    """
    found: list[tuple[tuple, FoundDate]] = []
    for i, line in header:
        if not line or is_caption(line) or len(line.split()) > 25 or EDITION.search(line):
            continue
        strong = is_dateline(line, foreign=True) or is_byline(line) or says_date(line)
        dates = find_dates(line, slash_dayfirst, foreign=True)
        # A longer line made mostly of dates ("Thu 3 Jan 2019 02.00 EST Last modified on ...") is still a dateline.
        date_words = sum(len(date.raw.split()) for date in dates)
        # Separators between the parts ("May 3, 2024 | 08:45 | News") are no words of a sentence.
        words = sum(any(c.isalnum() for c in word) for word in line.split())
        if not strong and words > DATELINE_WORDS and 2 * date_words < words:
            continue
        updated = bool(UPDATED.search(line))
        if updated and len(dates) == 1 and not dates[0].has_time:
            # A bare day under an update label says when the page was last revised, which may be
            # weeks after it went online; a stamp with its time of day is the same news cycle's.
            continue
        for date in dates:
            found.append(((updated, not strong, abs(i - anchor), not date.has_time), date))
    if not found:
        for n, line in enumerate(after):
            # After the body, a "Published" line, or a bare dateline over the author box ("Kommentar von" / NAME).
            signed = is_dateline(line, foreign=True) and n + 1 < len(after) and bool(BYLINE_LABEL.match(after[n + 1]))
            if (says_date(line) or signed) and not UPDATED.search(line) and len(line.split()) <= 25:
                dates = find_dates(line, slash_dayfirst, foreign=True)
                if dates:
                    return dates[0]
        return None
    return min(found, key=lambda pair: pair[0])[1]


def find_labelled_date(lines: list[str], slash_dayfirst: bool | None) -> FoundDate | None:
    """Return the date of a "Published ..." dateline anywhere above the body, if all such lines give one day.

    When the title was not found the header is not known; a dateline that says it gives the publication
    date is still safe, unless the page has several (teasers of other stories): then no date.
    """
    found = [
        dates[0]
        for line in lines
        if is_dateline(line, foreign=True) and says_date(line) and not UPDATED.match(line)
        for dates in [find_dates(line, slash_dayfirst, foreign=True)]
        if dates
    ]
    days = {date.value.date() for date in found}
    return found[-1] if len(days) == 1 else None
