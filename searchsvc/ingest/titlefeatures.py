"""Title candidates for the line labeller and their features: the short lines above the body.

Besides a line's own shape and place (linefeatures.line_row), a title candidate is described by its relation
to the page: how often the page repeats its words as a line or inside other lines (a breadcrumb's end, a share
line, a browser-title line), whether a byline or date stands just under it, how many headline-shaped lines
stand around it (a list of teasers), how many lines of text stand between it and the body (a teaser rail's
many). The rules' choice is one feature; their title score is not (see bench/RESULTS.md, "Issue 13": on sites
the rules were never written for it misled the model). Nothing names a site.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from functools import cached_property

from searchsvc.ingest import authors, titles
from searchsvc.ingest.headlines import is_button
from searchsvc.ingest.linefeatures import CJK, LINE_FEATURES, TITLE_ABOVE, PageLines, line_row

# Candidates are lines of at most this many words and characters.
TITLE_WORDS = 40
TITLE_CHARS = 300
# A text this short is counted in other lines only when it is long enough not to be any word.
MENTION_CHARS = 10
MENTIONS_MAX = 9
# How many lines under a candidate its byline or date may stand (share buttons passed over).
SIGNED_LINES = 4
# A dateline is short; a line with a date and many words is a sentence or a caption.
DATELINE_WORDS = 15
# The body run may begin above the article (a notice, a newsletter promo, a teaser read as prose): a line among
# the run's first lines is a candidate too when it is headline-sized and a byline or date stands right under it.
RUN_HEAD = 12
RUN_HEAD_WORDS = (3, 30)
RUN_SIGNED = 3
# Lines of at least this many words that no line test reads as a byline, dateline, caption or button are text.
TEXT_WORDS = 4

TITLE_FEATURES = LINE_FEATURES + (
    "rule_title",
    "title_shape",
    "repeated_inside",
    "mentions",
    "ends_sentence",
    "signed_under",
    "headlines_around",
    "text_between",
)


def title_candidates(page: PageLines, context: TitleContext | None = None) -> list[int]:
    """Return the lines that may be the title: short lines above the body, the rules' choice, signed lines atop it."""
    top = page.rank.get(page.start, len(page.filled))
    # Below the body's start only the rules' own choice (a headline they found inside the run) and, further down,
    # the run's first lines that are signed.
    chosen = [
        i
        for i in page.filled[max(0, top - TITLE_ABOVE) : top]
        if len(page.lines[i].split()) <= TITLE_WORDS and len(page.lines[i]) <= TITLE_CHARS
    ]
    if page.title_at is not None and page.title_at not in chosen:
        chosen.append(page.title_at)
    context = context or TitleContext(page)
    low, high = RUN_HEAD_WORDS
    for i in page.filled[top : top + RUN_HEAD]:
        if i not in chosen and low <= len(page.lines[i].split()) <= high and 0 < context.signed_under(i) <= RUN_SIGNED:
            chosen.append(i)
    return chosen


class TitleContext:
    """What the title features read from the whole page, computed once per page."""

    def __init__(self, page: PageLines) -> None:
        self.page = page
        self.kinds: dict[int, tuple[bool, bool]] = {}

    @cached_property
    def folded(self) -> str:
        """Return the page's lines casefolded and joined, to count where a text recurs."""
        return "\n".join(line.casefold() for line in self.page.lines if line)

    def mentions(self, line: str) -> int:
        """Return how often the page prints this text, as a line or inside one (a breadcrumb, a share line)."""
        return min(self.folded.count(line.casefold()), MENTIONS_MAX) if len(line) >= MENTION_CHARS else 0

    def signed_under(self, i: int) -> int:
        """Return at which line under line i its byline, name line or date stands (buttons passed over), else 0."""
        page, passed = self.page, 0
        j = page.neighbour_at(i, 1)
        while j is not None and passed < SIGNED_LINES:
            signs, button = self.line_kind(j)
            if signs:
                return passed + 1
            if not button:
                passed += 1
            j = page.neighbour_at(j, 1)
        return 0

    def line_kind(self, j: int) -> tuple[bool, bool]:
        """Return whether line j signs a story (byline, name line, date) and whether it is a button; memoised,
        since the candidates are neighbours and each looks at the same few lines below it."""
        kind = self.kinds.get(j)
        if kind is None:
            line = self.page.lines[j]
            byline, _, _, dateline, dates = self.page.line_facts(j)
            signs = bool(
                byline or dateline or (dates and len(line.split()) <= DATELINE_WORDS) or authors.name_line(line)
            )
            kind = self.kinds[j] = (signs, not signs and is_button(line))
        return kind

    def headlines_around(self, i: int) -> int:
        """Return how many of the 2 lines above and the 2 below are headline-shaped (teasers, a menu of stories)."""
        page, count = self.page, 0
        for step in (-1, 1):
            j: int | None = i
            for _ in range(2):
                j = page.neighbour_at(j, step) if j is not None else None
                if j is not None and len(page.lines[j].split()) >= 4 and titles_shape(page.lines[j]):
                    count += 1
        return count

    @cached_property
    def text_ranks(self) -> list[int]:
        """Return the ranks of the text lines around the body's start (the candidates' window), in order."""
        page = self.page
        top = page.rank.get(page.start, len(page.filled))
        low = max(0, top - TITLE_ABOVE)
        return [
            low + n
            for n, j in enumerate(page.filled[low : top + RUN_HEAD])
            # A line of 4+ words is a button only as furniture, which line_facts tells.
            if len(page.lines[j].split()) >= TEXT_WORDS and not any(page.line_facts(j)[:4])
        ]

    def text_between(self, i: int) -> int:
        """Return how many text lines stand between line i and the body's start: teasers have many, a headline few."""
        page = self.page
        low, high = sorted((page.rank[i], page.rank.get(page.start, len(page.filled))))
        return min(bisect_left(self.text_ranks, high) - bisect_right(self.text_ranks, low), MENTIONS_MAX)


def title_rows(page: PageLines, candidates: list[int], context: TitleContext | None = None) -> list[list[float]]:
    """Return the title features of each candidate line (context: the one the candidates were found with)."""
    context = context or TitleContext(page)
    rows = []
    for i in candidates:
        line = page.lines[i]
        inside = sum(1 for j in candidates if j != i and line in page.lines[j]) if len(line) > 15 else 0
        rows.append(
            line_row(page, i)
            + [
                i == page.title_at,
                titles_shape(line),
                inside,
                context.mentions(line),
                reads_as_sentence(line),
                context.signed_under(i),
                context.headlines_around(i),
                context.text_between(i),
            ]
        )
    return rows


def reads_as_sentence(line: str) -> bool:
    """Tell whether a line ends like a sentence: a full stop after a word, or a Chinese or Japanese full stop."""
    return line.endswith("。") or bool(titles.SENTENCE_END.search(line))


def titles_shape(line: str) -> float:
    """Return 1 for a line shaped like a headline: 3-25 words, no closing full stop."""
    words = len(line.split()) + len(CJK.findall(line)) // 3
    return float(3 <= words <= 25 and not line.endswith("."))
