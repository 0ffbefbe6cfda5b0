"""Date clauses in queries (`published:2025-03`, `date:>=2025`, `published:[2025-01 TO 2025-04}`).

Each becomes a range of whole days for Whoosh; a date that is not YYYY, YYYY-MM or
YYYY-MM-DD is an error naming where it stands.
"""

from __future__ import annotations

import re
from calendar import monthrange
from datetime import date, timedelta

from .tokens import BARE, QueryError, Token, read_range

DATE = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")
# FROM TO UNTIL inside range brackets; TO is a word of its own, either end may be empty.
DATE_RANGE = re.compile(r"\s*(?P<start>\S*?)\s*(?<![^\s[{])to(?![^\s\]}])\s*(?P<until>\S*)\s*", re.I)
COMPARISON = re.compile(r"(>=|<=|>|<)(.*)", re.S)
DATE_HINT = "write YYYY, YYYY-MM or YYYY-MM-DD"


def read_date_clause(q: str, i: int, after: int, field: str) -> tuple[Token, int]:
    """Read `published:` followed by a date, a comparison or a [range]; rewrite it as a day range."""
    pos = i + 1
    if after < len(q) and q[after] in "[{":
        end = read_range(q, after)
        return read_date_range(q, after, end, field, pos), end
    match = BARE.match(q, after)
    value = match.group() if match else ""
    if not value:
        if after < len(q) and q[after] in '("':
            raise QueryError(f"field '{q[i:after]}' at character {pos} takes a date, not {q[after]!r}; {DATE_HINT}")
        raise QueryError(f"field '{q[i:after]}' at character {pos} has no date; {DATE_HINT}")
    comparison = COMPARISON.fullmatch(value)
    end = after + len(value)
    if not comparison:
        first, last = date_span(value, after + 1)
        return day_range(field, first, last, pos), end
    operator, text = comparison.groups()
    if not text:
        raise QueryError(f"'{operator}' at character {after + 1} has no date after it; {DATE_HINT}")
    first, last = date_span(text, after + 1 + len(operator))
    return day_range(field, *compare(operator, first, last, text, after + 1 + len(operator)), pos), end


def read_date_range(q: str, after: int, end: int, field: str, pos: int) -> Token:
    """Read the date range q[after:end]; "[" and "]" include their end, "{" and "}" exclude it."""
    inner = DATE_RANGE.fullmatch(q, after + 1, end - 1)
    # An empty end or "*" (as in Elasticsearch and Lucene) leaves that end open.
    start, until = (inner.group(g).strip("*") if inner else "" for g in ("start", "until"))
    if inner is None or not (start or until):
        raise QueryError(f"date range at character {after + 1} must read [FROM TO UNTIL]; {DATE_HINT}")
    first = last = None
    # An excluded end excludes the whole period it names, as Elasticsearch rounds dates for gt and
    # lt: {2025-01 TO 2025-04} is February and March, the same days as >2025-01 and <2025-04.
    if start:
        at = inner.start("start") + 1
        first, last_of_start = date_span(start, at)
        if q[after] == "{":
            first = compare(">", first, last_of_start, start, at)[0]
    if until:
        at = inner.start("until") + 1
        first_of_until, last = date_span(until, at)
        if q[end - 1] == "}":
            last = compare("<", first_of_until, last, until, at)[1]
    if first and last and first > last:
        if (q[after], q[end - 1]) == ("[", "]"):
            raise QueryError(f"date range at character {after + 1} ends before it starts")
        raise QueryError(f"date range at character {after + 1} holds no day once its excluded ends are left out")
    return day_range(field, first, last, pos)


def compare(operator: str, first: date, last: date, text: str, pos: int) -> tuple[date | None, date | None]:
    """Return the first and last day (None: open) of the days `operator` keeps around the period first..last."""
    try:
        return {
            ">": lambda: (last + timedelta(days=1), None),
            ">=": lambda: (first, None),
            "<": lambda: (None, first - timedelta(days=1)),
            "<=": lambda: (None, last),
        }[operator]()
    except OverflowError:  # past year 9999 or before year 1
        raise QueryError(f"date {text!r} at character {pos} leaves nothing to compare with") from None


def date_span(text: str, pos: int) -> tuple[date, date]:
    """Return the first and last day a YYYY, YYYY-MM or YYYY-MM-DD date covers."""
    match = DATE.fullmatch(text)
    try:
        if not match:
            raise ValueError
        year_text, month_text, day_text = match.groups()
        year = int(year_text)
        # "is None": month or day 0 must be a bad date, not a missing part.
        if month_text is None:
            return date(year, 1, 1), date(year, 12, 31)
        month = int(month_text)
        if day_text is None:
            return date(year, month, 1), date(year, month, monthrange(year, month)[1])
        day = int(day_text)
        return date(year, month, day), date(year, month, day)
    except ValueError:
        raise QueryError(f"bad date {text!r} at character {pos}: {DATE_HINT}") from None


def day_range(field: str, first: date | None, last: date | None, pos: int) -> Token:
    """Return a range term Whoosh reads as whole days (it extends the end day to 23:59:59)."""
    start = first.strftime("%Y%m%d") if first else ""
    end = last.strftime("%Y%m%d") if last else ""
    return Token("term", f"{field}:[{start} TO {end}]".replace("[ ", "[").replace(" ]", "]"), pos)
