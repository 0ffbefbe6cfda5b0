"""JSON / JSON Lines records: one article per object, the usual field names mapped."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime

from searchsvc.articles import Article
from searchsvc.ingest.dates import FoundDate, parse_date
from searchsvc.ingest.language import detect_language
from searchsvc.ingest.people import split_byline

# Field names in the order they are tried; the first non-empty value wins.
ID_FIELDS = ("id", "_id", "guid", "uuid")
TITLE_FIELDS = ("title", "headline")
DATE_FIELDS = ("date", "published", "datePublished", "date_published", "publishedAt", "published_at", "pubDate")
RAW_DATE_FIELDS = ("date_raw",)
BODY_FIELDS = ("body", "text", "content", "articleBody", "description", "short_description", "summary")
SOURCE_FIELDS = ("source", "publisher", "site_name", "sitename")
AUTHOR_FIELDS = ("author", "authors", "byline", "creator")
URL_FIELDS = ("url", "link")
TAG_FIELDS = ("tags", "topics", "category", "categories", "keywords")
LANGUAGE_FIELDS = ("language", "lang", "inLanguage")


NESTED_TOO_DEEPLY = "nested too deeply"
# json.loads turns "\\ud800" into a lone surrogate, which no UTF-8 index or output can hold.
LONE_SURROGATE = re.compile("[\ud800-\udfff]")


class RecordError(ValueError):
    """A record that cannot become an article (the reason is the message)."""


def first_value(record: dict, names: tuple[str, ...]) -> object:
    """Return the first present, non-empty value among the field names."""
    for name in names:
        value = record.get(name)
        if value not in (None, "", [], {}):
            return value
    return None


def as_text(value: object) -> str | None:
    """Return a plain string for a str, number or {"name": ...} value."""
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    return LONE_SURROGATE.sub("\ufffd", value).strip() or None if isinstance(value, str) else None


def as_list(value: object, split: bool) -> list[str]:
    """Return a list of strings from a list or a (comma-separated when split) string."""
    items = value if isinstance(value, list) else [value]
    texts = [as_text(item) for item in items]
    out: list[str] = []
    for text in texts:
        if text:
            out.extend(t.strip() for t in text.split(",")) if split else out.append(text)
    return [t for t in out if t]


def record_tags(record: dict) -> list[str]:
    """Return the tags of every tag field, in order ("keywords" split at commas)."""
    tags: list[str] = []
    for name in TAG_FIELDS:
        tags.extend(as_list(record.get(name), split=name == "keywords"))
    return tags


def epoch_date(value: object) -> FoundDate | None:
    """Read a Unix timestamp in seconds or milliseconds (1973-2286), else None."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    seconds = value / 1000 if value >= 1e11 else value
    if not 1e8 <= seconds < 1e10:
        return None
    return FoundDate(datetime.fromtimestamp(seconds, tz=UTC), str(value), True)


def record_to_article(record: object, fallback_id: str, path: str) -> Article:
    """Map one JSON object to an Article; raise RecordError when it has no body."""
    if not isinstance(record, dict):
        raise RecordError(f"not a JSON object but {type(record).__name__}")
    body_value = first_value(record, BODY_FIELDS)
    if isinstance(body_value, list):  # paragraphs
        body_value = "\n\n".join(p.strip() for p in body_value if isinstance(p, str) and p.strip())
    body = as_text(body_value)
    if not body:
        raise RecordError("record has no body text (body/text/content/description)")
    date_value = first_value(record, DATE_FIELDS)
    date_text = as_text(date_value)
    raw = as_text(first_value(record, RAW_DATE_FIELDS)) or date_text
    date = epoch_date(date_value) or parse_date(date_text) or parse_date(raw)
    tags = record_tags(record)
    # "By Jane Okafor, Reuters": the person is the author; the agency is a credit, kept as the source if none is given.
    names, agencies = split_byline(as_list(first_value(record, AUTHOR_FIELDS), split=False))
    title = as_text(first_value(record, TITLE_FIELDS))
    # A record's body may be a one-line teaser: the title doubles the text the language is told from.
    language = detect_language(f"{title}\n{body}" if title else body, first_value(record, LANGUAGE_FIELDS))
    return Article(
        id=as_text(first_value(record, ID_FIELDS)) or fallback_id,
        body=body,
        title=title,
        published=date.value if date else None,
        published_raw=(raw if date else None),
        source=as_text(first_value(record, SOURCE_FIELDS)) or ", ".join(agencies) or None,
        author=", ".join(names) or None,
        tags=tuple(dict.fromkeys(tags)),
        url=as_text(first_value(record, URL_FIELDS)),
        language=language,
        path=path,
    )


def iter_json_records(text: str, stem: str) -> Iterator[tuple[int | None, str, object]]:
    """Yield (line, fallback id, record) for a .json file: one object or a list of them."""
    data = json.loads(text)
    items = data if isinstance(data, list) else [data]
    for position, item in enumerate(items, start=1):
        yield None, f"{stem}-{position}", item


def iter_jsonl_records(text: str, stem: str) -> Iterator[tuple[int, str, object]]:
    """Yield (line, fallback id, record or the JSONDecodeError) for each non-blank line."""
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            yield number, f"{stem}-{number}", json.loads(line)
        except json.JSONDecodeError as error:
            yield number, f"{stem}-{number}", error
        except RecursionError:  # "[[[[..." thousands deep: Python's recursion limit
            yield number, f"{stem}-{number}", json.JSONDecodeError(NESTED_TOO_DEEPLY, line, 0)
