"""Features of page-text lines for the learned labeller: which line is the title, the date, the byline.

Each field has candidates (lines that could hold it) and each candidate a row of numbers: the line's
shape (length, case, punctuation), where it stands (lines from the body's start, from the title the
rules chose, from the end of the body), its neighbours, date and name patterns, how much of it the
body repeats, and what the rules say about it (rules as features). Nothing here names a site.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field

from searchsvc.ingest import authors, bylines, titles
from searchsvc.ingest.dates import FoundDate, find_dates

# Lines this far above the body's start (non-empty lines) are title candidates.
TITLE_ABOVE = 60
# Author candidates stand this far above the body, or in its first lines, or this far after it.
AUTHOR_ABOVE = 40
AUTHOR_RUN = 20
AUTHOR_AFTER = 30
# Date candidates: lines of at most this many words (a dateline may open the first paragraph).
DATE_LINE_WORDS = 60
# A distance that stands for "none" (no title found, no byline on the page).
FAR = 999
BODY_HEAD_WORDS = 300
COPYRIGHT = re.compile(r"©|\(c\)|copyright|\ball rights reserved\b", re.I)
SEPARATORS = re.compile(r"\s[|•·–—-]\s|\s*\|\s*")
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")

LINE_FEATURES = (
    "words",
    "chars",
    "upper_share",
    "capital_words",
    "ends_stop",
    "ends_colon",
    "ends_question",
    "digits",
    "separators",
    "cjk_share",
    "from_start",
    "from_title",
    "from_end",
    "in_body",
    "page_share",
    "same_lines",
    "body_overlap",
    "prose_score",
    "is_byline",
    "is_caption",
    "is_furniture",
    "is_dateline",
    "date_word",
    "updated",
    "time_ago",
    "copyright",
    "dates_on_line",
    "prev_words",
    "next_words",
    "prev_byline",
    "next_byline",
    "prev_dateline",
    "next_dateline",
    "next_prose",
    "from_byline",
)
TITLE_FEATURES = LINE_FEATURES + ("rule_title", "rule_title_score", "title_shape", "repeated_inside")
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


@dataclass
class PageLines:
    """A page's lines with what the rules found: the body run, the title line, the date and the author."""

    lines: list[str]
    start: int
    end: int
    title_at: int | None
    rule_date: FoundDate | None
    rule_author: str | None
    scores: list[int]
    slash_dayfirst: bool | None = None
    filled: list[int] = field(default_factory=list)
    rank: dict[int, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.filled = [i for i, line in enumerate(self.lines) if line]
        self.rank = {i: n for n, i in enumerate(self.filled)}
        self.counts: dict[str, int] = {}
        for line in self.lines:
            if line and len(line) < 300:
                key = line.casefold()
                self.counts[key] = self.counts.get(key, 0) + 1
        head = " ".join(self.lines[self.start : self.end]).split()[:BODY_HEAD_WORDS]
        self.body_words = bylines.content_words(" ".join(head))
        self.opening = " ".join([line for line in self.lines[self.start : self.end] if line][:2])
        self.byline_ranks = [
            self.rank[i]
            for i in self.filled
            if len(self.lines[i]) < 200 and (bylines.is_byline(self.lines[i]) or authors.name_line(self.lines[i]))
        ]

    def distance(self, i: int, j: int | None) -> int:
        """Return how many non-empty lines lie from line j to line i (signed), FAR without j."""
        if j is None:
            return FAR
        return bisect_left(self.filled, i) - bisect_left(self.filled, j)

    def neighbour(self, i: int, step: int) -> str:
        """Return the non-empty line before (step -1) or after (step 1) line i."""
        n = self.rank[i] + step
        return self.lines[self.filled[n]] if 0 <= n < len(self.filled) else ""


def line_row(page: PageLines, i: int) -> list[float]:
    """Return the features every field shares, for line i."""
    line = page.lines[i]
    words = line.split()
    letters = [c for c in line if c.isalpha()]
    prev, after = page.neighbour(i, -1), page.neighbour(i, 1)
    short = len(line) < 300
    rank = page.rank[i]
    from_byline = min((abs(rank - r) for r in page.byline_ranks if r != rank), default=FAR)
    return [
        len(words),
        len(line),
        sum(c.isupper() for c in letters) / len(letters) if letters else 0.0,
        sum(w[:1].isupper() for w in words) / len(words) if words else 0.0,
        line.endswith("."),
        line.endswith(":"),
        line.endswith("?"),
        sum(c.isdigit() for c in line) / len(line),
        len(SEPARATORS.findall(line)),
        len(CJK.findall(line)) / len(line),
        page.distance(i, page.start),
        page.distance(i, page.title_at),
        page.distance(i, page.end),
        page.start <= i < page.end,
        i / len(page.lines),
        page.counts.get(line.casefold(), 1),
        overlap(line, page.body_words),
        page.scores[i],
        short and bylines.is_byline(line),
        short and bylines.is_caption(line),
        short and bylines.is_furniture(line),
        short and bylines.is_dateline(line),
        bool(bylines.DATE_WORD.search(line)),
        bool(bylines.UPDATED.search(line)),
        bool(bylines.TIME_AGO.search(line) or bylines.RELATIVE_TIME.search(line)),
        bool(COPYRIGHT.search(line)),
        len(find_dates(line, page.slash_dayfirst)) if short else 0,
        len(prev.split()),
        len(after.split()),
        len(prev) < 300 and bylines.is_byline(prev),
        len(after) < 300 and bylines.is_byline(after),
        len(prev) < 300 and bylines.is_dateline(prev),
        len(after) < 300 and bylines.is_dateline(after),
        len(after) < 2000 and bool(after) and bylines.is_caption(after) is False and len(after.split()) >= 15,
        from_byline,
    ]


def overlap(line: str, words: set[str]) -> float:
    """Return the share of a line's content words that the body's opening also uses."""
    own = bylines.content_words(line)
    return len(own & words) / len(own) if own else 0.0


def title_candidates(page: PageLines) -> list[int]:
    """Return the lines that may be the title: short lines above the body (and the rules' choice)."""
    top = page.rank.get(page.start, len(page.filled))
    chosen = [
        i
        for i in page.filled[max(0, top - TITLE_ABOVE) : top + 3]
        if len(page.lines[i].split()) <= 40 and len(page.lines[i]) <= 300
    ]
    if page.title_at is not None and page.title_at not in chosen:
        chosen.append(page.title_at)
    return chosen


def title_rows(page: PageLines, candidates: list[int]) -> list[list[float]]:
    """Return the title features of each candidate line."""
    rule_scores = dict(titles.score_titles(page.lines, page.start, TITLE_ABOVE))
    rows = []
    for i in candidates:
        line = page.lines[i]
        inside = sum(1 for j in candidates if j != i and line in page.lines[j]) if len(line) > 15 else 0
        rows.append(line_row(page, i) + [i == page.title_at, rule_scores.get(i, -FAR), titles_shape(line), inside])
    return rows


def titles_shape(line: str) -> float:
    """Return 1 for a line shaped like a headline: 3-25 words, no closing full stop."""
    words = len(line.split()) + len(CJK.findall(line)) // 3
    return float(3 <= words <= 25 and not line.endswith("."))


def date_candidates(page: PageLines) -> list[tuple[int, FoundDate]]:
    """Return every full date on a line short enough to be a dateline, with its line."""
    found = []
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
        if bylines.is_byline(line):
            found.append((i, ", ".join(bylines.names_in_byline(line)), "byline"))
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
