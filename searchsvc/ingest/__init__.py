"""Files -> Articles: page text, HTML and JSON records, and copies of one story merged. No Flask, no Whoosh.

Offers parse_paths / parse_file (files -> Articles and Problems), find_files, merge_duplicates and
the sketches the store keeps to merge copies incrementally.

Bad files never stop a run: each one becomes a Problem naming the file, the
line where it applies and the reason, and the rest is still read.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from searchsvc.articles import Article
from searchsvc.ingest.files import (
    MAX_FILE_BYTES,
    SUPPORTED_SUFFIXES,
    Problem,
    display_name,
    find_files,
    read_text,
    stem_of,
    suffix_of,
)
from searchsvc.ingest.language import detect_language
from searchsvc.ingest.markdown import parse_markdown
from searchsvc.ingest.pagefields import PageFields
from searchsvc.ingest.pagetext import parse_page_text
from searchsvc.ingest.records import (
    NESTED_TOO_DEEPLY,
    RecordError,
    iter_json_records,
    iter_jsonl_records,
    record_to_article,
)

# The longest article text indexed (characters). A news story is rarely over 100,000; a record
# holding a whole dump in one body would make every search that finds it scan megabytes of
# positions and offsets for its snippet. Elasticsearch refuses to highlight past 1,000,000 too.
MAX_BODY_CHARS = 1_000_000

__all__ = [
    "SKETCH_PARAMETERS",
    "LSH_BANDS",
    "MAX_APART",
    "MIN_SHINGLES",
    "article_stamps",
    "band_keys",
    "bucket_pairs",
    "buckets",
    "find_groups",
    "merge_story",
    "ArticleSketches",
    "merge_duplicates",
    "sketch_articles",
    "MAX_BODY_CHARS",
    "MAX_FILE_BYTES",
    "SUPPORTED_SUFFIXES",
    "IngestResult",
    "Problem",
    "find_files",
    "parse_file",
    "parse_paths",
]


@dataclass
class IngestResult:
    """The articles read from some paths, and what went wrong on the way."""

    articles: list[Article]
    problems: list[Problem]
    files: int

    @property
    def skipped(self) -> list[Problem]:
        """Return the problems that made a file or a record be left out."""
        return [p for p in self.problems if p.skipped]


def parse_file(path: str | Path, max_bytes: int = MAX_FILE_BYTES) -> tuple[list[Article], list[Problem]]:
    """Parse one file into articles; bad content becomes Problems, never an exception."""
    path = Path(path)
    name, suffix = display_name(path), suffix_of(path)
    if suffix not in SUPPORTED_SUFFIXES:
        return [], [Problem(name, f"unsupported file type {suffix or '(no suffix)'!r}")]
    text, problems = read_text(path, suffix, max_bytes)
    if text is None:
        return [], problems
    shown = Path(name)  # ids and paths of articles are printable text too
    try:
        if suffix in (".json", ".jsonl", ".jsonl.gz"):
            articles, more = parse_records(text, shown, suffix)
        else:
            articles, more = parse_page(text, shown, suffix)
    except Exception as error:  # noqa: BLE001 - a parser bug on one file must not stop a run
        return [], problems + [Problem(name, f"could not parse: {type(error).__name__}: {error}")]
    return articles, problems + more


def parse_page(text: str, path: Path, suffix: str) -> tuple[list[Article], list[Problem]]:
    """Parse a single-article page (.txt page text, .md or .markdown, or .html)."""
    fields: PageFields
    problems: list[Problem] = []
    if suffix in (".md", ".markdown"):
        fields, problem = parse_markdown(text)
        problems += [Problem(str(path), problem, skipped=False)] if problem else []
    elif suffix == ".txt":
        page = parse_page_text(text)
        fields = {
            "title": page.title,
            "date": page.date,
            "author": page.author,
            "source": page.source,
            "tags": page.tags,
            "body": page.body,
            "url": None,
            "language_hint": page.language,
        }
    else:
        # Imported here: trafilatura takes 0.2 s to import, and most runs read no HTML.
        from searchsvc.ingest.html import parse_html

        fields = parse_html(text)
    if not fields["body"].strip():
        return [], problems + [Problem(str(path), "no article text found")]
    if reason := too_long(fields["body"]):
        return [], problems + [Problem(str(path), reason)]
    date = fields.get("date")
    return [
        Article(
            id=stem_of(path),
            body=fields["body"],
            title=fields.get("title"),
            published=date.value if date else None,
            published_raw=date.raw if date else None,
            source=fields.get("source"),
            author=fields.get("author"),
            tags=tuple(fields.get("tags") or ()),
            url=fields.get("url"),
            language=detect_language(fields["body"], fields.get("language_hint")),
            path=str(path),
        )
    ], problems


def parse_records(text: str, path: Path, suffix: str) -> tuple[list[Article], list[Problem]]:
    """Parse JSON or JSON Lines records; a bad record is reported and skipped."""
    name, stem = str(path), stem_of(path)
    articles: list[Article] = []
    problems: list[Problem] = []
    records: Iterable[tuple[int | None, str, object]]
    if suffix == ".json":
        try:
            records = list(iter_json_records(text, stem))
        except json.JSONDecodeError as error:
            return [], [Problem(name, f"malformed JSON: {error.msg}", line=error.lineno)]
        except RecursionError:
            return [], [Problem(name, f"malformed JSON: {NESTED_TOO_DEEPLY}")]
    else:
        records = iter_jsonl_records(text, stem)
    for line, fallback_id, record in records:
        if isinstance(record, json.JSONDecodeError):
            problems.append(Problem(name, f"malformed JSON line: {record.msg}", line=line))
            continue
        try:
            article = record_to_article(record, fallback_id, name)
            if reason := too_long(article.body):
                raise RecordError(reason)
            articles.append(article)
        except RecordError as error:
            where = "" if line is not None else f"record {fallback_id.rsplit('-', 1)[-1]}: "
            problems.append(Problem(name, f"{where}{error}", line=line))
    return articles, problems


def too_long(body: str) -> str | None:
    """Say why an article's text is too long to index, or None when it is not."""
    if len(body) <= MAX_BODY_CHARS:
        return None
    return f"article text too long: {len(body):,} characters (limit {MAX_BODY_CHARS:,})"


def parse_paths(paths: Iterable[str | Path], max_bytes: int = MAX_FILE_BYTES) -> IngestResult:
    """Find the files under the paths and parse each in order."""
    files = find_files(paths)
    result = IngestResult(articles=[], problems=[], files=len(files))
    for path in files:
        articles, problems = parse_file(path, max_bytes)
        result.articles.extend(articles)
        result.problems.extend(problems)
    return result


# Merging copies works on the Articles parsed above; imported last, as it imports this package's modules.
from searchsvc.ingest.duplicates import (  # noqa: E402
    MAX_APART,
    MIN_SHINGLES,
    ArticleSketches,
    article_stamps,
    find_groups,
    merge_duplicates,
    merge_story,
    sketch_articles,
)
from searchsvc.ingest.sketches import LSH_BANDS, SKETCH_PARAMETERS, band_keys, bucket_pairs, buckets  # noqa: E402
