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
from functools import cached_property

from searchsvc.ingest import authors, bylines
from searchsvc.ingest.dates import FoundDate, find_dates
from searchsvc.letters import CJK_LETTERS, UNSPACED

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
CJK = re.compile(f"[{CJK_LETTERS}{UNSPACED}]")

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
    parts: list[tuple[int, int]] = field(default_factory=list)
    span: tuple[int, int] = (0, 0)
    title_scores: dict[int, float] = field(default_factory=dict)
    filled: list[int] = field(default_factory=list)
    rank: dict[int, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.filled = [i for i, line in enumerate(self.lines) if line]
        self.rank = {i: n for n, i in enumerate(self.filled)}
        self.facts: dict[int, tuple] = {}

    @cached_property
    def counts(self) -> dict[str, int]:
        """Return how often each (short) line stands on the page, casefolded."""
        counts: dict[str, int] = {}
        for line in self.lines:
            if line and len(line) < 300:
                key = line.casefold()
                counts[key] = counts.get(key, 0) + 1
        return counts

    @cached_property
    def body_words(self) -> set[str]:
        """Return the content words of the body's opening."""
        return bylines.content_words(" ".join(" ".join(self.lines[self.start : self.end]).split()[:BODY_HEAD_WORDS]))

    @cached_property
    def opening(self) -> str:
        """Return the body's first two lines (they name the story's places and subjects)."""
        return " ".join([line for line in self.lines[self.start : self.end] if line][:2])

    @cached_property
    def byline_ranks(self) -> list[int]:
        """Return the ranks of bylines and name lines above the body and in its first lines."""
        top = self.rank.get(self.start, len(self.filled))
        near = self.filled[max(0, top - TITLE_ABOVE) : top + AUTHOR_RUN]
        return [
            self.rank[i]
            for i in dict.fromkeys(near)
            if len(self.lines[i]) < 200 and (self.line_facts(i)[0] or authors.name_line(self.lines[i]))
        ]

    def distance(self, i: int, j: int | None) -> int:
        """Return how many non-empty lines lie from line j to line i (signed), FAR without j."""
        if j is None:
            return FAR
        return bisect_left(self.filled, i) - bisect_left(self.filled, j)

    def line_facts(self, i: int) -> tuple[bool, bool, bool, bool, int]:
        """Return what the rules' line tests say of line i (byline, caption, furniture, dateline, dates), once."""
        if i not in self.facts:
            line = self.lines[i]
            if not line or len(line) >= 300:
                self.facts[i] = (False, False, False, False, 0)
            else:
                dates = len(find_dates(line, self.slash_dayfirst))
                self.facts[i] = (
                    bylines.is_byline(line),
                    bylines.is_caption(line),
                    bylines.is_furniture(line),
                    bylines.is_dateline(line),
                    dates,
                )
        return self.facts[i]

    def neighbour_at(self, i: int, step: int) -> int | None:
        """Return the index of the non-empty line before (step -1) or after (step 1) line i."""
        n = self.rank[i] + step
        return self.filled[n] if 0 <= n < len(self.filled) else None

    def neighbour(self, i: int, step: int) -> str:
        """Return the non-empty line before (step -1) or after (step 1) line i."""
        n = self.rank[i] + step
        return self.lines[self.filled[n]] if 0 <= n < len(self.filled) else ""


def line_row(page: PageLines, i: int) -> list[float]:
    """Return the features every field shares, for line i."""
    line = page.lines[i]
    words = line.split()
    letters = [c for c in line if c.isalpha()]
    before_at, after_at = page.neighbour_at(i, -1), page.neighbour_at(i, 1)
    prev = page.lines[before_at] if before_at is not None else ""
    after = page.lines[after_at] if after_at is not None else ""
    none = (False, False, False, False, 0)
    own = page.line_facts(i)
    above = page.line_facts(before_at) if before_at is not None else none
    below = page.line_facts(after_at) if after_at is not None else none
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
        own[0],
        own[1],
        own[2],
        own[3],
        bool(bylines.DATE_WORD.search(line)),
        bool(bylines.UPDATED.search(line)),
        bool(bylines.TIME_AGO.search(line) or bylines.RELATIVE_TIME.search(line)),
        bool(COPYRIGHT.search(line)),
        own[4],
        len(prev.split()),
        len(after.split()),
        above[0],
        below[0],
        above[3],
        below[3],
        bool(after) and not below[1] and len(after.split()) >= 15,
        from_byline,
    ]


def overlap(line: str, words: set[str]) -> float:
    """Return the share of a line's content words that the body's opening also uses."""
    own = bylines.content_words(line)
    return len(own & words) / len(own) if own else 0.0
