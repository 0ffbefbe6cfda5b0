"""Plain page text (the seed format): metadata lines, boilerplate, body.

A page is what a reader gets by copying a whole web page: menus, teasers,
captions and footers around one article. The body is found as the densest
run of prose (each line scores its words when it reads like prose, and costs
at least LINE_COST when it does not: the best-scoring contiguous run wins, as
in Finn et al.'s Body Text Extraction). Title, date, author and tags are then
read from the header just before that run; see bylines.py for the line rules, titles.py, authors.py
and pagedates.py for the title, author and date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from searchsvc.ingest import authors, bylines, endings, pagedates, titles
from searchsvc.ingest.dates import FoundDate, find_dates
from searchsvc.ingest.jsonld import StructuredData, find_structured_data
from searchsvc.ingest.language import detect_language

# What a line that is not prose costs the body run: about one link or label.
LINE_COST = 8
# Another run joins the body when it scores this much and this share of its words are the body's.
PART_MIN_SCORE = 60
PART_OVERLAP = 0.3
# A list of other stories: this many headline + lede pairs in a row, each lede at most this many words.
TEASER_PAIRS = 4
TEASER_LEDE_WORDS = 45
# A prose line has at least this many words and ends like a sentence.
PROSE_MIN_WORDS = 8
# How far before the body we look for the title and the byline.
HEADER_LINES = 60

# A leading "date 2025-07-14 " marker, as some exported page texts start.
DATE_MARKER = re.compile(r"^\s*date\s+(\d{4}-\d{2}-\d{2})\s+")
# A wire sign-off after the last sentence: " /REL", " /PRNewswire/".
SIGN_OFF = re.compile(r"(?<=[.!?\"”’])\s+/[A-Z][A-Za-z]{1,12}/?\s*$")
# A page is a hard-wrapped dump when this many lines run on into a lower-case line.
MIN_WRAPPED_JOINS = 20
CODE = re.compile(r"function\s*\(|=>|\b(?:var|const|let|return|typeof)\s|\w\.\w+\s*=|[;{}]\s*$|\{[\w-]+:")
CODE_SYMBOLS = 0.03
TERMINAL = re.compile(r"[.!?\"”“’'»«)。！？」]$")
TRUNCATED = re.compile(r"(\.\.\.|…)$")
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


@dataclass(frozen=True)
class PageText:
    """What a page text says: metadata and body (paragraphs joined by blank lines)."""

    body: str
    title: str | None = None
    date: FoundDate | None = None
    source: str | None = None
    author: str | None = None
    tags: tuple[str, ...] = ()
    language: str | None = None


def count_words(line: str) -> int:
    """Count words; CJK characters count as half a word each."""
    return len(line.split()) + len(CJK.findall(line)) // 2


def is_prose(line: str) -> bool:
    """Tell whether a line reads like a sentence of running text."""
    if TRUNCATED.search(line) or not TERMINAL.search(line):
        return False
    return count_words(line) >= PROSE_MIN_WORDS


def looks_like_code(line: str) -> bool:
    """Tell whether a line is script or style text that leaked into the page text."""
    symbols = sum(line.count(c) for c in "{}();=<>[]")
    return symbols >= 6 and symbols > CODE_SYMBOLS * len(line) and bool(CODE.search(line))


def score_line(line: str) -> int:
    """Score a line for the body run: its words if prose, a cost otherwise."""
    words = count_words(line)
    if bylines.is_caption(line) or bylines.is_furniture(line) or looks_like_code(line):
        return -max(LINE_COST, words)
    if is_prose(line):
        return words
    return -max(LINE_COST, words)


def score_lines(lines: list[str]) -> list[int]:
    """Score every line; a teaser (headline glued to a cut-off paragraph) costs both lines."""
    scores = [score_line(line) if line else 0 for line in lines]
    for i in range(1, len(lines)):
        cut_off = count_words(lines[i]) >= 20 and not is_prose(lines[i])
        if cut_off and lines[i - 1] and count_words(lines[i - 1]) <= 25:
            scores[i - 1] = -max(LINE_COST, count_words(lines[i - 1]))
    for i in teaser_list_lines(lines):
        scores[i] = -max(LINE_COST, count_words(lines[i]))
    return scores


def teaser_list_lines(lines: list[str]) -> list[int]:
    """Return the lines of teaser lists: headline, one-paragraph lede, headline, lede ... with no blank line between.

    An article's sub-headings stand over several paragraphs, or over paragraphs set apart by blank lines; a list
    of other stories pairs each headline with a single lede, TEASER_PAIRS times or more in a row.
    """
    def is_pair(i: int) -> bool:  # a headline line, then one lede line
        head, lede = lines[i : i + 2] if i + 1 < len(lines) else ("", "")
        return bool(head and lede) and not is_prose(head) and 2 <= count_words(head) <= 20 and is_prose(lede) \
            and count_words(lede) <= TEASER_LEDE_WORDS

    found: list[int] = []
    i = 0
    while i < len(lines):
        j = i
        while is_pair(j):
            j += 2
        listed = j - i >= 2 * TEASER_PAIRS
        found.extend(range(i, j) if listed else [])
        i = j if listed else i + 1
    return found


def find_body_span(lines: list[str]) -> tuple[int, int]:
    """Return [start, end) of the best-scoring run of lines (blank lines score 0)."""
    best, best_span = 0, (0, 0)
    total, start = 0, 0
    for i, (line, score) in enumerate(zip(lines, score_lines(lines))):
        if not line:
            continue
        if total <= 0:
            total, start = 0, i
        total += score
        if total > best:
            best, best_span = total, (start, i + 1)
    return best_span


def find_prose_runs(lines: list[str]) -> list[tuple[int, int, int]]:
    """Return every locally best run of lines as (start, end, score), in page order."""
    runs: list[tuple[int, int, int]] = []
    total, start, best, best_end = 0, 0, 0, None
    for i, (line, score) in enumerate(zip(lines, score_lines(lines))):
        if not line:
            continue
        if total <= 0:
            if best_end is not None:
                runs.append((start, best_end, best))
            total, start, best, best_end = 0, i, 0, None
        total += score
        if total > best:
            best, best_end = total, i + 1
    if best_end is not None:
        runs.append((start, best_end, best))
    return runs


def find_article_spans(lines: list[str]) -> list[tuple[int, int]]:
    """Return the body run and the other long runs on the same subject (an article cut by charts or boxes)."""
    runs = find_prose_runs(lines)
    if not runs:
        return []
    main = max(runs, key=lambda run: run[2])
    topic = bylines.content_words(" ".join(lines[main[0] : main[1]]))
    spans = []
    for run in runs:
        words = bylines.content_words(" ".join(lines[run[0] : run[1]]))
        if run is main or (run[2] >= PART_MIN_SCORE and len(words & topic) >= PART_OVERLAP * len(words)):
            spans.append((run[0], run[1]))
    return spans


def split_lines(text: str) -> tuple[list[str], FoundDate | None]:
    """Normalise the text into stripped lines; take a leading date marker out."""
    marker_date = None
    match = DATE_MARKER.match(text)
    if match:
        found = find_dates(match.group(1))
        marker_date = found[0] if found else None
        text = text[match.end():]
    lines = [" ".join(line.replace("\u00ad", "").split()) for line in text.splitlines()]
    return [SIGN_OFF.sub("", line) for line in unwrap(lines)], marker_date


def unwrap(lines: list[str]) -> list[str]:
    """Join hard-wrapped lines (a text-browser dump): a line running on into one that starts in lower case.

    Joined lines leave blank lines behind so that line numbers keep pointing at the same text.
    """
    def runs_on(i: int) -> bool:
        previous, line = lines[i - 1], lines[i]
        return len(previous) >= 30 and bool(line) and line[0].islower() and not TERMINAL.search(previous)

    joins = [i for i in range(1, len(lines)) if runs_on(i)]
    if len(joins) < MIN_WRAPPED_JOINS:
        return lines  # a few such lines are headings over text, not a wrapped dump
    out = list(lines)
    for i in reversed(joins):
        out[i - 1], out[i] = f"{out[i - 1]} {out[i]}", ""
    return out


def parse_page_text(text: str) -> PageText:
    """Split a page's text into title, date, source, author, tags and body."""
    lines, marker_date = split_lines(text)
    start, end = span = find_body_span(lines)
    spans = find_article_spans(lines)
    cut = endings.article_end(lines, start, end, count_words, is_prose)
    if cut < end:
        end, span = cut, (start, cut)
        spans = [(s, min(e, cut)) for s, e in spans if s < cut]
    if end == 0:
        return PageText(body="\n\n".join(line for line in lines if line), date=marker_date)
    outside = [line for i, line in enumerate(lines) if line and not start <= i < end]
    standalone = {line.casefold() for line in outside}
    # The headline stands over the first part of an article cut by charts.
    title_at = titles.find_title(lines, min([s for s, _ in spans] + [start]), HEADER_LINES)
    if title_at is None:
        title_at = titles.find_title_in_run(lines, start, end)
        start = title_at if title_at is not None else start
    if title_at == start:
        start = next((i for i in range(start + 1, end) if lines[i]), end)
    # A run that opens with a teaser (headline and byline) in the block under a "Read more" prompt starts under it.
    if start + 1 < end and titles.in_teaser_block(lines, start) and bylines.is_byline(lines[start + 1]):
        start += 2
    header_from = max(0, (title_at if title_at is not None else start - 6) - 3)
    header = lines[header_from:start]
    parts = [(s, e) for s, e in spans if (s, e) != span]
    body_lines = [
        line for line in [lines[i] for s, e in parts if e <= span[0] for i in range(s, e)] + lines[start:end]
        + [lines[i] for s, e in parts if s >= span[1] for i in range(s, e)]
        if line and not bylines.is_caption(line) and not bylines.is_furniture(line)
        and not bylines.is_byline(line) and not bylines.is_dateline(line)
    ]
    body = "\n\n".join(body_lines)
    language = detect_language(body)
    slash_dayfirst = None if language in (None, "en") else True
    date = pagedates.find_date(lines, start, end, title_at, slash_dayfirst)
    title = titles.title_text(lines, title_at) if title_at is not None else None
    author = authors.find_author(lines, start, end, title_at)
    # What the lines do not give, the page's own structured data (a JSON-LD block in a dump with scripts) may.
    stated = find_structured_data(text) if None in (title, date, author) else StructuredData()
    return PageText(
        body=body,
        title=title or stated.title,
        date=date or marker_date or stated.date,
        source=bylines.find_source(header, lines[end:], outside),
        author=author or stated.author,
        tags=bylines.find_tags(header, standalone),
        language=language,
    )

