"""Markdown pages (.md, .markdown): what note apps and web clippers save an article as.

Front matter (YAML between two `---` lines at the top) is read as a record's fields, with the record names
(records.py: title, date or published, author, tags, source, url); a source that is a web address is the
url, as clippers write it. The Markdown is rendered to page text with markdown-it-py: a heading, paragraph,
list item, quote or table row a line, a picture its alt text on a line of its own (a caption), a link its
words. That text is read as any page text (pagetext.py); the front matter's fields win over the lines'.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

from searchsvc.ingest.dates import FoundDate, parse_date
from searchsvc.ingest.pagefields import PageFields
from searchsvc.ingest.pagetext import parse_page_text
from searchsvc.ingest.people import split_byline
from searchsvc.ingest.records import (
    AUTHOR_FIELDS,
    DATE_FIELDS,
    LANGUAGE_FIELDS,
    SOURCE_FIELDS,
    TAG_FIELDS,
    TITLE_FIELDS,
    URL_FIELDS,
    as_list,
    as_text,
    first_value,
    record_tags,
)

FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\r?\n(.*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S)
# A note app's link to another note: [[Jane Okafor]] or [[people/Jane Okafor|Jane Okafor]].
WIKI_LINK = re.compile(r"\[\[(?:[^\]|]*\|)?([^\]]*)\]\]")
WEB_ADDRESS = re.compile(r"^https?://", re.I)
# Front matter names at least one of the fields it is read for; else the lines between the rules are text.
KNOWN_FIELDS = {
    *TITLE_FIELDS, *DATE_FIELDS, *AUTHOR_FIELDS, *SOURCE_FIELDS, *URL_FIELDS, *TAG_FIELDS, *LANGUAGE_FIELDS,
    "created", "description", "layout", "draft", "slug", "aliases",
}  # fmt: skip
# Above this many characters scanned for link ends (see page_text), Markdown is stripped without markdown-it-py.
# 100 million took 0.5 s (10,000 "["); an article of 300 paragraphs with 900 links scans 1.3 million.
LINK_SCAN_BUDGET = 20_000_000
BLANK_LINE = re.compile(r"\n[ \t]*\n")
BLOCK_MARK = re.compile(r"^\s{0,3}(?:#{1,6}\s+|>[>\s]{0,20}|[-*+]\s+|\d{1,9}[.)]\s+)")
IMAGE = re.compile(r"!\[([^\[\]\n]{0,300})\]\([^()\n]{0,2000}\)")
LINK = re.compile(r"\[([^\[\]\n]{0,300})\]\([^()\n]{0,2000}\)")
EMPHASIS = re.compile(r"(?<![\w*_`])[*_`]{1,3}|[*_`]{1,3}(?![\w*_`])")


def split_front_matter(text: str) -> tuple[dict, str, str | None]:
    """Return the front matter's fields, the Markdown under it, and why the front matter was not read (else None)."""
    match = FRONT_MATTER.match(text)
    if not match:
        return {}, text, None
    import yaml  # imported here: most runs read no Markdown

    try:
        fields = yaml.safe_load(match.group(1))
    except yaml.YAMLError as error:
        return {}, text[match.end() :], f"front matter is not YAML ({str(error).splitlines()[0]}); read without it"
    except RecursionError:  # "[[[[..." thousands deep
        return {}, text[match.end() :], "front matter is nested too deeply; read without it"
    except (ValueError, OverflowError) as error:  # a date YAML cannot make: "date: 2024-02-30"
        return {}, text[match.end() :], f"front matter holds a value YAML cannot read ({error}); read without it"
    if not isinstance(fields, dict) or not KNOWN_FIELDS & {str(key) for key in fields}:
        # Text between two rules ("---"), not front matter: a note over the story stays part of the page.
        return {}, text, None
    return fields, text[match.end() :], None


def page_text(markdown: str) -> str:
    """Render Markdown as page text: one line per block, blank lines between, no markup left.

    markdown-it-py looks for the end of a link at each "[" it meets, up to the end of the paragraph: a
    paragraph of 200,000 "[" took 167 s. Where the brackets times their paragraphs' length passes
    LINK_SCAN_BUDGET, the markup is stripped line by line with patterns of bounded length instead.
    """
    if link_scan_cost(markdown) > LINK_SCAN_BUDGET:
        return "\n".join(plain_line(line) for line in markdown.splitlines())
    from markdown_it import MarkdownIt

    lines: list[str] = []
    row: list[str] | None = None
    for token in MarkdownIt("commonmark").enable("table").parse(markdown):
        if token.type == "tr_open":
            row = []
        elif token.type == "tr_close" and row is not None:
            lines += [" | ".join(cell for cell in row if cell), ""]
            row = None
        elif token.type == "inline":
            text = inline_text(token.children or [])
            if row is not None:
                row.append(" ".join(text.split()))
            else:
                lines += [text, ""]
        elif token.type in ("fence", "code_block"):
            lines += [*token.content.splitlines(), ""]
    return "\n".join(lines)


def link_scan_cost(markdown: str) -> int:
    """Return the characters markdown-it-py may scan for link ends: each paragraph's "[" times its length."""
    return sum(block.count("[") * len(block) for block in BLANK_LINE.split(markdown))


def plain_line(line: str) -> str:
    """Strip a line's Markdown with patterns of bounded length: heading, quote and list marks, links, emphasis."""
    line = BLOCK_MARK.sub("", line)
    line = IMAGE.sub(lambda m: f"\n{m.group(1)}\n" if m.group(1) else "\n", line)
    return EMPHASIS.sub("", LINK.sub(r"\1", line))


def inline_text(children) -> str:
    """Return a block's words: link texts, code as written, a picture's alt text on a line of its own."""
    parts: list[str] = []
    for child in children:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type == "softbreak":
            parts.append(" ")
        elif child.type == "hardbreak":
            parts.append("\n")
        elif child.type == "image":
            alt = inline_text(child.children or []).strip()
            parts.append(f"\n{alt}\n" if alt else "\n")
    return WIKI_LINK.sub(r"\1", "".join(parts)).strip()


def front_matter_fields(fields: dict) -> dict:
    """Return the page fields the front matter gives (title, date, author, source, tags, url), None where not."""
    source = as_text(first_value(fields, SOURCE_FIELDS))
    url = as_text(first_value(fields, URL_FIELDS))
    if source and WEB_ADDRESS.match(source):
        url, source = url or source, None
    names, agencies = split_byline(
        [WIKI_LINK.sub(r"\1", name) for name in as_list(first_value(fields, AUTHOR_FIELDS), False)]
    )
    tags = [WIKI_LINK.sub(r"\1", tag) for tag in record_tags(fields)]
    title = as_text(first_value(fields, TITLE_FIELDS))
    return {
        "title": WIKI_LINK.sub(r"\1", title) if title else None,
        "date": front_matter_date(first_value(fields, DATE_FIELDS)),
        "author": ", ".join(names) or None,
        "source": source or ", ".join(agencies) or None,
        "tags": tuple(dict.fromkeys(tags)),
        "url": url,
    }


def front_matter_date(value: object) -> FoundDate | None:
    """Read a front matter date: YAML gives a date or datetime for an unquoted ISO date, else text."""
    if isinstance(value, date) and not 1800 <= value.year <= 2100:
        return None  # as parse_date: a year so far off is a typo, not when the story was written
    if isinstance(value, datetime):
        stamp = value if value.tzinfo else value.replace(tzinfo=UTC)
        return FoundDate(stamp.astimezone(UTC), value.isoformat(), True)
    if isinstance(value, date):
        return FoundDate(datetime(value.year, value.month, value.day, tzinfo=UTC), value.isoformat(), False)
    return parse_date(as_text(value))


def parse_markdown(text: str) -> tuple[PageFields, str | None]:
    """Return a Markdown page's fields, and what was wrong with its front matter (else None)."""
    fields, markdown, problem = split_front_matter(text)
    page = parse_page_text(page_text(markdown))
    given = front_matter_fields(fields)
    return {
        "title": given["title"] or page.title,
        "date": given["date"] or page.date,
        "author": given["author"] or page.author,
        "source": given["source"] or page.source,
        "tags": given["tags"] or page.tags,
        "body": page.body,
        "url": given["url"],
        "language_hint": as_text(first_value(fields, LANGUAGE_FIELDS)) or page.language,
    }, problem
