"""Where the article's text opens: candidate lines around the body run's start and their features.

The body run (bodyrun.py) often starts a line or two off: on a standfirst (dek) or a photo caption that reads like
prose, on a notice ("This article contains affiliate links"), or after a short first paragraph cut off by a
share row. An opening line is told by its neighbours more than by itself: a dek stands over the byline and the
date, a caption over (or under) a photo credit, the story's first paragraph under them and over more prose. The
labeller (labeller.pick_opening) scores each candidate with these features; nothing here names a site.
"""

from __future__ import annotations

import re

from searchsvc.ingest import bylines
from searchsvc.ingest.bodyrun import count_words, is_prose
from searchsvc.ingest.linefeatures import FAR, LINE_FEATURES, PageLines, line_row, overlap
from searchsvc.letters import FULL_STOPS, QUESTION_MARKS

# Opening candidates: this many non-empty lines above the run's start, and below it.
OPENING_ABOVE = 15
OPENING_BELOW = 10
# How many non-empty lines around a candidate its neighbour features look at.
NEAR = 4
# A photo credit of its own: a short line naming a picture agency or photographer ("Getty Images",
# "Spencer Platt/Getty", "Foto: Graeme Sloan (Getty)", "(Robert F. Bukaty / AP)", "[田中宏昌，ITmedia]").
CREDIT_LINE_WORDS = 8
CREDIT_WORD = re.compile(r"\b(?:%s)\b" % bylines.CREDIT_WORDS)
SLASH_NAMES = re.compile(r"^[(\[]?[A-ZÀ-Ý][\w.'’-]*(?:\s+[\w.'’-]+){0,4}\s*/\s*[\w.'’ -]+[)\]]?$")
BRACKETED = re.compile(r"^[(\[【].{1,60}[)\]】]$")
# A dateline opening the first paragraph: "WASHINGTON —", "Kiel (dpo) -", "NEW YORK--", "SEOUL, Aug. 20 (Yonhap) --".
DATELINE_OPEN = re.compile(r"^[A-ZÀ-Ý][\w.'’/ ,-]{1,40}?(?:\s*\([^)]{1,30}\))?\s*(?:—|–|--|-|·|:)\s*\S")
OPENING_FEATURES = LINE_FEATURES + (
    "rule_start",
    "is_prose",
    "is_credit",
    "prev_credit",
    "next_credit",
    "byline_below",
    "byline_above",
    "furniture_below",
    "prose_below",
    "title_overlap",
    "dateline_open",
    "prev_score",
    "next_score",
    "first_prose_after_byline",
    "prose_above",
    "header_above_since_title",
    "sentences",
    "next_prose_words",
    "next_sentences",
    "next_dateline_open",
    "repeated_share",
    "prose_order",
    "score_share",
)
# A notice of the site's own, in prose: about the article, the reader's subscription, inbox, region or privacy
# ("This article contains affiliate links", "Want to bookmark your favourite articles?", "Turn on desktop
# notifications", "this video is not available in your region", "Prenez note que cet article ..."). Short lines only:
# a story may speak of signing up.
NOTICE = re.compile(
    r"\b(?:this|the) (?:article|story|page|video|post) (?:contains|includes|is not|was (?:first )?published|may contain)\b"
    r"|\baffiliate (?:links?|commission)\b|\bprivacy (?:policy|notice)\b"
    r"|\b(?:you|your)\b.{0,40}\b(?:subscri\w*|sign(?:ing)? up|inbox|bookmark\w*|notifications?|region|browser|newsletters?)\b"
    r"|\b(?:subscri\w*|sign(?:ing)? up|bookmark\w*|notifications?|newsletters?)\b.{0,40}\b(?:you|your)\b"
    r"|\bemailed about\b|\bturn on\b.{0,20}\bnotifications\b"
    r"|\b(?:Audioversion|Vorlesefunktion|Newsletter abonnieren)\b|\bcet article\b|\bPrenez note\b",
    re.I,
)
NOTICE_WORDS = 30
# A sentence ends inside a line: a stop, then a capital (or any CJK sentence end).
SENTENCE_END = re.compile(rf"[.!?][\"”’»)]?\s+(?=[A-ZÀ-Ý\"“„«])|[。！？{FULL_STOPS}{QUESTION_MARKS}]")
ENDS = "。！？" + FULL_STOPS + QUESTION_MARKS
# A line must share this many content words with another line of the page for repetition to count.
REPEAT_MIN_WORDS = 4


def is_credit(line: str) -> bool:
    """Tell whether a line is a photo credit standing on its own."""
    if not line or count_words(line) > CREDIT_LINE_WORDS or is_prose(line):
        return False
    if bylines.CREDIT_LABEL.match(line) or any(p.search(line) for p in bylines.CAPTION_PATTERNS):
        return True
    return bool(CREDIT_WORD.search(line) or SLASH_NAMES.match(line) or BRACKETED.match(line))


def is_notice(line: str) -> bool:
    """Tell whether a short line is a notice of the site's own (about the article, the reader, a subscription)."""
    return count_words(line) <= NOTICE_WORDS and bool(NOTICE.search(line))


def opening_candidates(page: PageLines) -> list[int]:
    """Return the lines where the article's text may open: around the run's start, below the title."""
    top = page.rank.get(page.start)
    if top is None:
        return []
    around = page.filled[max(0, top - OPENING_ABOVE) : top + OPENING_BELOW]
    # A byline, dateline, caption, credit or furniture line is left out of the body (pagetext.join_body), so the
    # text could never open there: those lines are features of their neighbours, not candidates.
    return [
        i
        for i in around
        if i < page.end
        and (page.title_at is None or i > page.title_at)
        and not any(page.line_facts(i)[:4])
        and not is_credit(page.lines[i])
        and not is_notice(page.lines[i])
    ]


def is_header_line(page: PageLines, i: int) -> bool:
    """Tell whether line i is a byline, a dateline or a date line (what stands between a dek and the text)."""
    byline, _, _, dateline, dates = page.line_facts(i)
    return byline or dateline or (dates > 0 and count_words(page.lines[i]) <= 12)


def opening_row(page: PageLines, i: int, title_words: set[str]) -> list[float]:
    """Return the opening features of line i."""
    line = page.lines[i]
    rank = page.rank[i]
    below = page.filled[rank + 1 : rank + 1 + NEAR]
    above = page.filled[max(0, rank - OPENING_ABOVE) : rank]
    prev_at, next_at = (above[-1] if above else None), (below[0] if below else None)
    # Lines under the candidate up to the next prose line: a dek or caption has a byline, credit or row there.
    gap = []
    for j in below:
        if is_prose(page.lines[j]) and not bylines.is_caption(page.lines[j]):
            break
        gap.append(j)
    since_title = [j for j in above if page.title_at is None or j > page.title_at]
    headers_above = [n for n, j in enumerate(reversed(above)) if is_header_line(page, j)]
    first_after = bool(headers_above) and not any(
        is_prose(page.lines[j]) for j in list(reversed(above))[: headers_above[0]]
    )
    return line_row(page, i) + [
        i == page.start,
        is_prose(line),
        is_credit(line),
        prev_at is not None and is_credit(page.lines[prev_at]),
        next_at is not None and is_credit(page.lines[next_at]),
        any(is_header_line(page, j) for j in gap),
        headers_above[0] + 1 if headers_above else FAR,
        len(gap),
        sum(count_words(page.lines[j]) for j in below if is_prose(page.lines[j])),
        overlap(line, title_words) if title_words else 0.0,
        bool(DATELINE_OPEN.match(line)),
        page.scores[prev_at] if prev_at is not None else 0,
        page.scores[next_at] if next_at is not None else 0,
        first_after and is_prose(line),
        sum(1 for j in since_title if is_prose(page.lines[j])),
        any(is_header_line(page, j) for j in since_title),
    ]


def count_sentences(line: str) -> int:
    """Count the sentences of a line (1 for a line with no sentence end inside it)."""
    return 1 + len(SENTENCE_END.findall(line.rstrip(ENDS)))


def repeated_share(page: PageLines, i: int, words: dict[int, set[str]]) -> float:
    """Return the largest share of line i's content words that one other line of the page repeats.

    A dek is often printed twice (as the page's description, in a teaser or a share text), a caption in a
    gallery; a story's first paragraph seldom is.
    """
    own = words[i]
    if len(own) < REPEAT_MIN_WORDS:
        return 0.0
    shared = (len(own & other) for j, other in words.items() if j != i)
    return max(shared, default=0) / len(own)


def next_prose_at(page: PageLines, i: int) -> int | None:
    """Return the first prose line under line i (among the next NEAR lines), else None."""
    rank = page.rank[i]
    return next((j for j in page.filled[rank + 1 : rank + 1 + NEAR] if is_prose(page.lines[j])), None)


def opening_rows(page: PageLines, candidates: list[int]) -> list[list[float]]:
    """Return the opening features of each candidate line, with how it compares with the others."""
    title_words = bylines.content_words(page.lines[page.title_at]) if page.title_at is not None else set()
    # Content words of the lines that may repeat a candidate: short lines anywhere on the page.
    words = {j: bylines.content_words(page.lines[j]) for j in page.filled if len(page.lines[j]) < 600}
    best = max((page.scores[i] for i in candidates), default=0)
    rows, prose_seen = [], 0
    for i in candidates:
        line = page.lines[i]
        after = next_prose_at(page, i)
        following = page.lines[after] if after is not None else ""
        rows.append(
            opening_row(page, i, title_words)
            + [
                count_sentences(line),
                count_words(following),
                count_sentences(following) if following else 0,
                bool(following and DATELINE_OPEN.match(following)),
                repeated_share(page, i, words) if i in words else 0.0,
                prose_seen if is_prose(line) else FAR,
                page.scores[i] / best if best > 0 else 0.0,
            ]
        )
        prose_seen += is_prose(line)
    return rows
