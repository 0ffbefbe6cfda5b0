"""Date recognition: find dates in text and normalise them to UTC.

python-dateutil does the parsing (with English and German month names); the
regexes below only FIND candidate spans in a line. A date without a day, month
and year is no date: a guessed year is worse than none.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from datetime import UTC, datetime

from dateutil import parser as dateutil_parser
from dateutil.tz import tzoffset

from searchsvc.ingest.months import DAY_MONTH_YEAR, foreign_months, in_english, written_as_month

# Zone abbreviations dateutil does not know; the common ones on news pages.
TZ_OFFSETS = {
    "UTC": 0,
    "GMT": 0,
    "Z": 0,
    "WET": 0,
    "BST": 3600,
    "IST": 19800,
    "CET": 3600,
    "MEZ": 3600,
    "CEST": 7200,
    "MESZ": 7200,
    "EET": 7200,
    "EEST": 10800,
    "MSK": 10800,
    "EST": -18000,
    "EDT": -14400,
    "CST": -21600,
    "CDT": -18000,
    "MST": -25200,
    "MDT": -21600,
    "PST": -28800,
    "PDT": -25200,
    "ET": -18000,
    "JST": 32400,
    "KST": 32400,
    "AEST": 36000,
    "AEDT": 39600,
    "SAST": 7200,
}
TZINFOS = {name: tzoffset(name, seconds) for name, seconds in TZ_OFFSETS.items()}

# Two defaults that differ in every component: whatever the text does not
# give comes out different, so we can tell what was actually written.
_DEFAULT_A = datetime(2000, 1, 1, 0, 0, 0)
_DEFAULT_B = datetime(2004, 3, 3, 1, 1, 1)

MONTHS_EN = [
    ("Jan", "January"),
    ("Feb", "February"),
    ("Mar", "March"),
    ("Apr", "April"),
    ("May",),
    ("Jun", "June"),
    ("Jul", "July"),
    ("Aug", "August"),
    ("Sep", "Sept", "September"),
    ("Oct", "October"),
    ("Nov", "November"),
    ("Dec", "December"),
]
MONTHS_DE = [
    ("Januar", "Jänner", "Jän"),
    ("Februar", "Feber"),
    ("März", "Mär", "Maerz"),
    (),
    ("Mai",),
    ("Juni",),
    ("Juli",),
    (),
    (),
    ("Okt", "Oktober"),
    (),
    ("Dez", "Dezember"),
]


class MultilingualParserInfo(dateutil_parser.parserinfo):
    """dateutil parserinfo that knows English and German month names and fillers."""

    # types-python-dateutil types MONTHS and WEEKDAYS as 2- or 3-tuples, but parserinfo takes a tuple of any
    # number of names (it only iterates them); ours hold English and German ones together.
    MONTHS = [en + de for en, de in zip(MONTHS_EN, MONTHS_DE)]  # type: ignore[misc]
    JUMP = dateutil_parser.parserinfo.JUMP + ["um", "Uhr", "am", "den", "der"]
    WEEKDAYS = [
        (en, long, de, de_long)  # type: ignore[misc]  # see MONTHS
        for (en, long), (de, de_long) in zip(
            dateutil_parser.parserinfo.WEEKDAYS,
            [
                ("Mo", "Montag"),
                ("Di", "Dienstag"),
                ("Mi", "Mittwoch"),
                ("Do", "Donnerstag"),
                ("Fr", "Freitag"),
                ("Sa", "Samstag"),
                ("So", "Sonntag"),
            ],
        )
    ]


_INFO = MultilingualParserInfo()
_MONTH_WORDS = sorted({m for names in _INFO.MONTHS for m in names}, key=len, reverse=True)
# Month names in any case: datelines are often set in capitals ("12. MÄR 2025", "JAN. 13, 2017").
_MONTH = r"(?i:%s)\.?" % "|".join(re.escape(m) for m in _MONTH_WORDS)
_TIME = (
    r"(?:,?\s*(?:at|um|-|–|\||·)?\s*\d{1,2}[:.]\d{2}(?:[:.]\d{2}(?:\.\d+)?)?"
    r"\s*(?:[aApP]\.?[mM]\.?)?(?:\s*Uhr)?"
    r"(?:\s*(?:Z|[+-]\d{2}:?\d{2}|(?:%s)(?:[+-]\d{1,2})?)\b)?)?" % "|".join(TZ_OFFSETS)
)
# Year first, as Chinese, Japanese and Korean pages write dates (2025年1月13日 10時30分, 2024년 5월 1일,
# 2025/1/14 10:30, 2026.07.12.): always year, month, day, so never ambiguous. A weekday in brackets may follow.
_YEAR_FIRST = (
    r"(\d{4})\s*(?:[./]|年|년)\s*(\d{1,2})\s*(?:[./]|月|월)\s*(\d{1,2})(?![\d/])\s*(?:日|일|\.)?"
    r"(?:\s*[（(][^)）\d]{1,3}[)）])?"
    r"(?:\s*(?:(?:午前|午後|오전|오후)\s*)?(\d{1,2})\s*(?::|時|시)\s*(\d{2})(?:\s*(?:分|분))?(?:\s*:\s*(\d{2}))?)?"
)
_YEAR_FIRST_WHOLE = re.compile(r"^" + _YEAR_FIRST + r"\s*(?:JST|KST|CST)?$")
DATE_PATTERNS = [
    re.compile(r"(?<![\d.])" + _YEAR_FIRST),
    # ISO 8601: 2025-04-02, 2025-04-02T19:49:31Z, 2025-04-02 19:49:31+02:00 (the digits may follow CJK text directly)
    re.compile(
        r"(?<![0-9A-Za-z-])\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?"
        r"(?:\s?(?:Z|[+-]\d{2}:?\d{2}|UTC|GMT)\b)?)?"
    ),
    # 03.05.2024, 14:12 Uhr / 3. Mai 2024 / 3 May 2024 / Sat, 03 May 2024 10:00:00 +0200
    re.compile(r"\b\d{1,2}\.\s?\d{1,2}\.\s?\d{4}\b" + _TIME),
    re.compile(r"\b\d{1,2}(?:\.|st|nd|rd|th)?\s+%s,?\s+\d{4}\b" % _MONTH + _TIME),
    # April 6, 2025 8:37 PM / Apr. 6 2025
    re.compile(r"\b%s\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}\b" % _MONTH + _TIME),
    # 4/6/2025 (US order)
    re.compile(r"\b\d{1,2}/\d{1,2}/\d{4}\b" + _TIME),
]
# Another language's month between the day and the year (months.py); a match counts where its word is one.
FOREIGN_DATE = re.compile(DAY_MONTH_YEAR + _TIME)
# ... or an English or German one written the French way ("1er mai 2024").
OWN_MONTHS = frozenset(name.casefold() for names in _INFO.MONTHS for name in names)


def foreign_month_names() -> dict[str, int]:
    """Return the other languages' month names (months.py), read at the first date that needs them.

    Loaded at import, dateparser's locale data cost every command's start some 30 ms.
    """
    return foreign_months(OWN_MONTHS)


# A year glued to what follows it ("March 7, 20247:55 AM", "November 21, 202501747 views"): four digits
# after "Month day," are the year, so the rest is cut off.
_GLUED_YEAR = re.compile(r"(\b%s\s+\d{1,2},\s+(?:19|20)\d{2})(?=\d)" % _MONTH)
# A month name glued to the word before it ("by Lesotho TimesNovember 21, 2025"): page text copied from a page
# joins neighbouring elements without a space, as it does breadcrumbs. Only a capitalised month after a lower-case
# letter, with a day after it, so words that merely end in a month's letters stay whole.
_GLUED_MONTH = re.compile(
    r"(?<=[a-zà-ÿ])(?=(?:%s)\.?\s+\d{1,2}\b)" % "|".join(re.escape(m) for m in _MONTH_WORDS if m[0].isupper())
)
_DOTTED_TIME = re.compile(r"(\b(?:19|20)\d{2},?\s+)(\d{1,2})\.(\d{2})\b(?![.\d])")
_DOTTED = re.compile(r"\b\d{1,2}\.\s?\d{1,2}\.\s?\d{4}")
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s?(?:Z|[+-]\d{2}:?\d{2})?)?$")
_SLASHED = re.compile(r"\b(\d{1,2})/(\d{1,2})/\d{4}\b")


@dataclass(frozen=True)
class FoundDate:
    """A date read from text: UTC value, the text as written, whether it had a time."""

    value: datetime
    raw: str
    has_time: bool


def parse_date(text: str | None, slash_dayfirst: bool | None = None) -> FoundDate | None:
    """Parse one date string to UTC; None unless day, month and year are all given.

    A slashed date like 04/05/2024 is read day-first or month-first as told;
    when not told, it is only read where one part is over 12 (else no date).
    """
    if not text or not isinstance(text, str):
        return None
    raw = " ".join(text.split())
    if not raw or len(raw) > 80 or not re.search(r"\d", raw):
        return None
    if re.match(r"[-+\u2212]\d", raw):
        return None  # a signed year (ISO 8601 -2025 is 2026 BC): dateutil would drop the sign
    if year_first := _YEAR_FIRST_WHOLE.match(raw):
        return parse_year_first(year_first, raw)
    if _ISO.match(raw):
        # Fast path for ISO 8601, most of what records carry.
        try:
            value = datetime.fromisoformat(raw)
        except ValueError:
            value = None
        if value is not None and 1800 <= value.year <= 2100:
            value = value if value.tzinfo else value.replace(tzinfo=UTC)
            return FoundDate(value.astimezone(UTC), raw, len(raw) > 10)
    cleaned = re.sub(r"(?<=\d)(st|nd|rd|th)\b", "", raw)
    cleaned = in_english(re.sub(r"\s*Uhr\b", "", cleaned), foreign_month_names())
    cleaned = cleaned.replace("–", " ").replace("|", " ").replace("·", " ")
    cleaned = re.sub(r"\b(\d{1,2})\.(\d{2})(?=\s*$)", r"\1:\2", cleaned) if "Uhr" in raw else cleaned
    # A time written with a dot after the year ("Thu 3 Jan 2019 02.00 EST"), as British pages do.
    cleaned = _DOTTED_TIME.sub(r"\1\2:\3", cleaned)
    dayfirst = bool(_DOTTED.search(cleaned))
    slashed = _SLASHED.search(cleaned)
    if slashed:
        lead, follow = int(slashed.group(1)), int(slashed.group(2))
        if slash_dayfirst is None and lead <= 12 and follow <= 12 and lead != follow:
            return None  # 04/05/2024: April or May? A wrong date is worse than none
        dayfirst = lead > 12 if slash_dayfirst is None else slash_dayfirst
    values: list[datetime] = []
    for default in (_DEFAULT_A, _DEFAULT_B):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                values.append(
                    dateutil_parser.parse(
                        cleaned,
                        parserinfo=_INFO,
                        default=default,
                        dayfirst=dayfirst,
                        tzinfos=TZINFOS,
                    )
                )
        except (ValueError, OverflowError, TypeError, dateutil_parser.ParserError):
            return None
    first, second = values
    if (first.year, first.month, first.day) != (second.year, second.month, second.day):
        return None  # day, month or year missing
    if not 1800 <= first.year <= 2100:
        return None
    has_time = (first.hour, first.minute) == (second.hour, second.minute)
    value = first if first.tzinfo else first.replace(tzinfo=UTC)
    return FoundDate(value.astimezone(UTC), raw, has_time)


def parse_year_first(match: re.Match, raw: str) -> FoundDate | None:
    """Read a year-first date (2025年1月13日 10時30分, 2025/1/14); a time before noon or after it as written."""
    year, month, day, hour, minute, second = (int(g) if g else None for g in match.groups())
    if hour is not None and ("午後" in raw or "오후" in raw) and hour < 12:
        hour += 12
    try:
        value = datetime(year, month, day, hour or 0, minute or 0, second or 0, tzinfo=UTC)  # type: ignore[arg-type]
    except ValueError:
        return None
    if not 1800 <= value.year <= 2100:
        return None
    return FoundDate(value, raw, hour is not None)


def find_dates(line: str, slash_dayfirst: bool | None = None, foreign: bool = False) -> list[FoundDate]:
    """Return every full date written in a line, in order of appearance.

    `foreign`: also dates with another language's month name (months.py). Only where the publication date is
    chosen (pagedates.py): in the line tests the labeller reads they moved the title on unseen sites, which
    it learnt with English and German dates (bench/RESULTS.md).
    """
    spans: list[tuple[int, int]] = []
    line = _GLUED_YEAR.sub(r"\1 ", _GLUED_MONTH.sub(" ", line))
    for pattern in (*DATE_PATTERNS, FOREIGN_DATE) if foreign else DATE_PATTERNS:
        for match in pattern.finditer(line):
            if pattern is FOREIGN_DATE and not (
                match.group(1).casefold() in OWN_MONTHS
                or written_as_month(match.group(1), bool(match.group(2)), foreign_month_names())
            ):
                continue
            if not any(s <= match.start() < e or match.start() <= s < match.end() for s, e in spans):
                spans.append((match.start(), match.end()))
    found = []
    for start, end in sorted(spans):
        date = parse_date(line[start:end].strip(" ,-|·"), slash_dayfirst)
        if date:
            found.append(date)
    return found


def date_has_time(raw: str | None) -> bool:
    """Tell whether a date as written carries a time of day."""
    date = parse_date(raw) if raw else None
    return bool(date and date.has_time)
