"""The Whoosh schema and the Article <-> document mapping."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pickle import dumps

from whoosh import columns, fields, formats
from whoosh.system import pack_uint

from searchsvc.articles import Article, Version

from .analysis import LanguageAnalyzer, LanguageText, ProseAnalyzer, name_analyzer, text_analyzer, words_analyzer

EPOCH = date(1970, 1, 1)
# Day column value of a story with no date: below any real day, so date ranges skip it.
UNDATED_DAY = -(2**31)
# Joins a story's values in a facet column; never part of a name or tag.
FACET_SEPARATOR = "\x1f"
# The words of title and body as written (folded, not stemmed): what prefixes, wildcards and fuzzy
# words match before they reach the stems, and what completion offers.
WORDS_FIELD = "words"
# Facet columns: the search parameter each one serves -> its column field.
FACET_COLUMNS = {"source": "facet_source", "author": "facet_author", "tag": "facet_tag", "language": "facet_language"}
# Fields whose values repeat from story to story: the writer makes each distinct value's postings once.
REPEATED_FIELDS = frozenset({"source", "author", "tags", "language"})
# Before a value's first position: position 0, and characters counted from 0.
START = (0, 0, 0)
ONE_PLACE = pack_uint(1)
# A Frequency posting's value is its count, packed: the counts a story's words have, packed once.
COUNTS = tuple(pack_uint(count) for count in range(256))
# Each term's bytes, kept while indexing (schema.term_bytes); a few hundred thousand news terms.
TERM_BYTES: dict[str, bytes] = {}
MAX_TERM_BYTES = 1_000_000
# Ingestion may give several authors in one string: "A. Smith; B. Jones" or "A. Smith, B. Jones".
AUTHOR_SEPARATORS = re.compile(r"\s*;\s*|,\s+")


class ProseText(fields.TEXT):
    """A TEXT field that indexes through ProseAnalyzer.positions: Whoosh's own postings, made faster.

    Whoosh's default index() runs its analyzer chain and Format.word_values token
    by token. This does the same job in one loop over the text and encodes with
    the field's own Format, so the index bytes are the same; anything unusual
    (keyword arguments, lists, other analyzers or formats) takes Whoosh's path.
    """

    def index(self, value, **kwargs):
        fmt = self.format
        if (
            kwargs
            or not isinstance(value, str)
            or not isinstance(self.analyzer, ProseAnalyzer)
            or type(fmt) not in (formats.Positions, formats.Characters, formats.Frequency)
        ):
            return super().index(value, **kwargs)
        kind = type(fmt)
        boost = fmt.field_boost
        analyzer = self.analyzer
        if isinstance(value, LanguageText) and isinstance(analyzer, LanguageAnalyzer):
            analyzer = analyzer.for_language(value.language)
        if len(TERM_BYTES) > MAX_TERM_BYTES:
            TERM_BYTES.clear()
        known = TERM_BYTES.get  # a term seen before costs a look-up, not a call
        if kind is formats.Frequency:
            # As Frequency.word_values: the count, weighted by the field's boost.
            return [
                (
                    known(term) or term_bytes(term),
                    count,
                    count * boost,
                    COUNTS[count] if count < 256 else pack_uint(count),
                )
                for term, count in analyzer.frequencies(value).items()
            ]
        return [
            (known(term) or term_bytes(term), len(places), len(places) * boost, encode(kind, fmt, places))
            for term, places in analyzer.positions(value).items()
        ]


def term_bytes(term: str) -> bytes:
    """Return a term's UTF-8 bytes, one object per term: the posting pool hashes it once, not once per posting."""
    found = TERM_BYTES.get(term)
    if found is None:
        found = TERM_BYTES[term] = term.encode("utf-8")
    return found


def encode(kind: type, fmt, places: list[tuple[int, int, int]]) -> bytes:
    """Return a posting's value as the field's Format writes it (Positions or Characters).

    As Positions.encode and Characters.encode: the count, then a pickle of the gaps (positions from
    the previous position; a start from the previous end, and the length), in one list comprehension.
    """
    if len(places) == 1:  # most of a story's terms: the gaps are the place itself
        pos, start, end = places[0]
        return ONE_PLACE + dumps([(pos, start, end - start)] if kind is formats.Characters else [pos], 2)
    before = [START, *places[:-1]]
    if kind is formats.Characters:
        gaps: list = [(pos - last[0], start - last[2], end - start) for (pos, start, end), last in zip(places, before)]
    else:
        gaps = [place[0] - last[0] for place, last in zip(places, before)]
    return pack_uint(len(gaps)) + dumps(gaps, 2)


def make_schema() -> fields.Schema:
    """Return the schema. Field names equal Article attribute names; derived columns say what they are."""
    prose = text_analyzer()
    names = name_analyzer()
    return fields.Schema(
        id=fields.ID(stored=True, unique=True),
        title=ProseText(analyzer=prose, stored=True),
        # chars=True stores match offsets, so highlighting needs no re-analysis.
        body=ProseText(analyzer=prose, stored=True, chars=True),
        published=fields.DATETIME(stored=True, sortable=True),
        published_raw=fields.STORED(),
        # Frequencies only: expansions need the words and how many stories hold each, not positions.
        **{WORDS_FIELD: ProseText(analyzer=words_analyzer(), phrase=False)},
        source=fields.TEXT(analyzer=names, stored=True),
        author=fields.TEXT(analyzer=names, stored=True),
        tags=fields.KEYWORD(stored=True, commas=True, lowercase=True, scorable=True),
        url=fields.STORED(),
        language=fields.ID(stored=True),
        path=fields.STORED(),
        versions=fields.STORED(),
        version_ids=fields.KEYWORD(commas=True),
        # Columns read once per searcher and counted per match: date facets, date filters,
        # date sorting and the multi-select facets, without DateRangeFacet or stored fields.
        day=fields.COLUMN(columns.NumericColumn("i", default=UNDATED_DAY)),
        stamp=fields.COLUMN(columns.NumericColumn("q", default=0)),
        **{column: fields.COLUMN(columns.VarBytesColumn()) for column in FACET_COLUMNS.values()},
    )


def field_kinds(schema: fields.Schema) -> dict[str, tuple[str, str, str]]:
    """Return each field's type, analyser class and word pattern: what an incremental run must write alike.

    The pattern is the analyser's first tokenizer's (an index pickles it): words cut otherwise than the
    queries cut them (Hindi words split at their vowel signs, as earlier versions did) would never match.
    """
    return {
        name: (type(field).__name__, type(getattr(field, "analyzer", None)).__name__, word_pattern(field))
        for name, field in schema.items()
    }


def word_pattern(field) -> str:
    """Return the pattern of the first tokenizer of a field's analyser, "" without one."""
    analyzer = getattr(field, "analyzer", None)
    for item in getattr(analyzer, "items", (analyzer,)):
        expression = getattr(item, "expression", None)
        if expression is not None:
            return getattr(expression, "pattern", "")
    return ""


def is_current_schema(schema: fields.Schema) -> bool:
    """Whether an index written with this schema can take this version's documents as they are."""
    return field_kinds(schema) == field_kinds(make_schema())


def day_number(published: datetime | None) -> int:
    """Return the UTC day of a date as days since 1970-01-01, or UNDATED_DAY."""
    if published is None:
        return UNDATED_DAY
    return (published.astimezone(UTC).date() - EPOCH).days


def split_authors(author: str | None) -> list[str]:
    """Return the separate names in an author string."""
    return [name for name in AUTHOR_SEPARATORS.split(author or "") if name.strip()]


def facet_values(article: Article) -> dict[str, list[str]]:
    """Return the facet keys of a story, per facet parameter."""
    return {
        "source": [article.source] if article.source else [],
        "author": split_authors(article.author),
        "tag": [tag for tag in dict.fromkeys(article.tags) if tag],
        "language": [article.language] if article.language else [],
    }


def to_document(article: Article) -> dict:
    """Return the Whoosh document for a story."""
    versions = article.versions or (article.as_version(),)
    document: dict[str, object] = {
        "id": article.id,
        # Title and body are analysed in the story's language; what is stored is the plain text.
        "title": LanguageText(article.title or "", article.language),
        "_stored_title": article.title or "",
        "body": LanguageText(article.body, article.language),
        "_stored_body": article.body,
        WORDS_FIELD: f"{article.title or ''}\n{article.body}",
        "published_raw": article.published_raw,
        "source": article.source or "",
        "author": article.author or "",
        "tags": ",".join(t.replace(",", " ") for t in article.tags),
        "url": article.url,
        "language": article.language or "",
        "path": article.path,
        "versions": [v.to_dict() for v in article.versions],
        "version_ids": ",".join(v.id for v in versions),
        "day": day_number(article.published),
    }
    for name, values in facet_values(article).items():
        document[FACET_COLUMNS[name]] = FACET_SEPARATOR.join(values).encode("utf-8")
    if article.published:
        # Whoosh compares naive datetimes; store UTC without the zone.
        document["published"] = article.published.astimezone(UTC).replace(tzinfo=None)
        document["stamp"] = int(article.published.timestamp())
    return document


def from_document(stored: dict) -> Article:
    """Return the Article a stored document holds."""
    published = stored.get("published")
    return Article(
        id=stored["id"],
        body=stored.get("body", ""),
        title=stored.get("title") or None,
        published=published.replace(tzinfo=UTC) if published else None,
        published_raw=stored.get("published_raw"),
        source=stored.get("source") or None,
        author=stored.get("author") or None,
        tags=tuple(t for t in (stored.get("tags") or "").split(",") if t),
        url=stored.get("url"),
        language=stored.get("language") or None,
        path=stored.get("path"),
        versions=tuple(Version.from_dict(v) for v in stored.get("versions") or ()),
    )
