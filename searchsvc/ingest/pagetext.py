"""Plain page text (the seed format): metadata lines, boilerplate, body.

A page is what a reader gets by copying a whole web page: menus, teasers,
captions and footers around one article. The body is found as the densest
run of prose (bodyrun.py), ended at its comments or its list of other stories
(endings.py). Title, date, author and tags are then read from the header just
before that run; see bylines.py for the line rules, titles.py, authors.py and
pagedates.py for the title, author and date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from searchsvc.ingest import authors, bylines, endings, pagedates, titles
from searchsvc.ingest.bodyrun import count_words, find_article_spans, find_body_span, is_prose, score_lines
from searchsvc.ingest.dates import FoundDate, find_dates
from searchsvc.ingest.jsonld import find_structured_data
from searchsvc.ingest.labeller import pick_opening, relabel
from searchsvc.ingest.language import detect_language
from searchsvc.ingest.linefeatures import PageLines
from searchsvc.ingest.linemodel import LineModel, load_model
from searchsvc.ingest.wrapping import unwrap

# How far before the body we look for the title and the byline.
HEADER_LINES = 60

# A leading "date 2025-07-14 " marker, as some exported page texts start.
DATE_MARKER = re.compile(r"^\s*date\s+(\d{4}-\d{2}-\d{2})\s+")
# A wire sign-off after the last sentence: " /REL", " /PRNewswire/".
SIGN_OFF = re.compile(r"(?<=[.!?\"”’])\s+/[A-Z][A-Za-z]{1,12}/?\s*$")


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


# Characters a page prints as nothing: a soft hyphen, zero-width spaces, a word joiner, a byte-order mark inside
# the text, left-to-right and right-to-left marks. Copied text keeps them (a line that ends in one is no longer
# equal to the same line without); zero-width (non-)joiners are left, as Persian and Indic spelling needs them.
INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u2060\ufeff\u200e\u200f"))


def split_lines(text: str) -> tuple[list[str], FoundDate | None]:
    """Normalise the text into stripped lines; take a leading date marker out."""
    marker_date = None
    match = DATE_MARKER.match(text)
    if match:
        found = find_dates(match.group(1), foreign=True)
        marker_date = found[0] if found else None
        text = text[match.end() :]
    raw = text.splitlines()
    lines = [" ".join(line.translate(INVISIBLE).split()) for line in raw]
    return [SIGN_OFF.sub("", line) for line in unwrap(raw, lines)], marker_date


@dataclass
class RulesReading:
    """What the rules read from a page: its lines, the body run, and the fields they found."""

    page: PageLines | None
    text: PageText
    marker_date: FoundDate | None = None


def join_body(lines: list[str], parts: list[tuple[int, int]], span: tuple[int, int], start: int, end: int) -> str:
    """Return the body: the other parts of the article around the run's lines start:end, bylines and captions out."""
    body_lines = [
        line
        for line in [lines[i] for s, e in parts if e <= min(span[0], start) for i in range(s, e)]
        + lines[start:end]
        + [lines[i] for s, e in parts if s >= span[1] for i in range(s, e)]
        if line
        and not bylines.is_caption(line)
        and not bylines.is_furniture(line)
        and not bylines.is_byline(line)
        and not bylines.is_dateline(line)
    ]
    return "\n\n".join(body_lines)


def read_by_rules(text: str) -> RulesReading:
    """Split a page's text by the hand-written rules alone; keep the lines and body run for the labeller."""
    lines, marker_date = split_lines(text)
    scores = score_lines(lines)
    start, end = span = find_body_span(lines, scores)
    spans = find_article_spans(lines, scores)
    cut = endings.article_end(lines, start, end, count_words, is_prose)
    if cut < end:
        end, span = cut, (start, cut)
        spans = [(s, min(e, cut)) for s, e in spans if s < cut]
    if end == 0:
        return RulesReading(None, PageText(body="\n\n".join(line for line in lines if line), date=marker_date))
    outside = [line for i, line in enumerate(lines) if line and not start <= i < end]
    standalone = {line.casefold() for line in outside}
    # The headline stands over the first part of an article cut by charts.
    # The title scores are kept: the labeller reads them as a feature.
    title_scores = titles.score_titles(lines, min([s for s, _ in spans] + [start]), HEADER_LINES)
    title_at = titles.find_title(lines, min([s for s, _ in spans] + [start]), HEADER_LINES, title_scores)
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
    body = join_body(lines, parts, span, start, end)
    language = detect_language(body)
    slash_dayfirst = None if language in (None, "en") else True
    date = pagedates.find_date(lines, start, end, title_at, slash_dayfirst)
    title = titles.title_text(lines, title_at) if title_at is not None else None
    author = authors.find_author(lines, start, end, title_at)
    page = PageLines(lines, start, end, title_at, date, author, scores, slash_dayfirst, parts, span, dict(title_scores))
    return RulesReading(
        page,
        PageText(
            body=body,
            title=title,
            date=date,
            source=bylines.find_source(header, lines[end:], outside),
            author=author,
            tags=bylines.find_tags(header, standalone),
            language=language,
        ),
        marker_date,
    )


def open_body_at(page: PageLines, opening: int) -> str:
    """Return the body opened at line `opening` instead of the run's start.

    Above the run's start only the opening line and prose lines join it: the lines between a dek or a first
    paragraph and the run are mostly the byline, the date, credits and share rows.
    """
    if opening >= page.start:
        return join_body(page.lines, page.parts, page.span, opening, page.end)
    lines = list(page.lines)
    for i in range(opening + 1, page.start):
        if page.scores[i] <= 0:
            lines[i] = ""
    return join_body(lines, page.parts, page.span, opening, page.end)


def parse_page_text(text: str, model: LineModel | None | str = "shipped") -> PageText:
    """Split a page's text into title, date, source, author, tags and body.

    The rules find the body; the learned labeller (the shipped model unless another, or None for the
    rules alone, is given) then picks the title, date and author lines where it holds those fields.
    """
    reading = read_by_rules(text)
    found = reading.text
    if reading.page is None:
        return found
    chosen = load_model() if isinstance(model, str) else model  # "shipped"
    if chosen is not None:
        found = relabel(reading.page, chosen, found)
        opening = pick_opening(reading.page, chosen)
        if opening is not None:
            found = replace(found, body=open_body_at(reading.page, opening))
    if found.date is None and reading.marker_date is not None:
        found = replace(found, date=reading.marker_date)
    if None in (found.title, found.date, found.author):
        # What the lines do not give, the page's own structured data (a JSON-LD block in a dump with scripts) may.
        stated = find_structured_data(text)
        found = replace(
            found,
            title=found.title or stated.title,
            date=found.date or stated.date,
            author=found.author or stated.author,
        )
    return found
