"""What the search page shows, computed from a SearchPage: links, timeline bars, page numbers, marks."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode, urlsplit

from flask import g, url_for
from markupsafe import Markup, escape

from searchsvc.search import FACET_FIELDS, Bucket, SearchPage, SearchRequest
from searchsvc.store import word_spans

# Bar heights are CSS classes h0..h20 (5 % steps): the CSP forbids inline style attributes.
BAR_STEPS = 20
# At most this many labels under the timeline (every other one hidden on small screens).
AXIS_LABELS = 6
# Above this many bars the chart is not drawn (a day interval over years): a coarser one is offered.
MAX_BARS = 400
# Above this many bars they touch, with no gaps.
DENSE_BARS = 60
# Above this many bars their counts would collide: the chart shows the peak instead.
COUNTED_BARS = 24
# How many numbered page links show around the current one.
PAGE_WINDOW = 2
# Characters werkzeug leaves unquoted in query strings (the WHATWG percent-encode set).
URL_SAFE = "!$'()*,/:;?@"
FACET_LABELS = {"source": "Source", "author": "Author", "tag": "Tag", "language": "Language"}
# Query syntax that names a field, excludes a word, or is an operator: not words to mark.
QUERY_NOISE = re.compile(r"\bNOT\s+\"[^\"]*\"|\bNOT\s+\S+|(?:^|\s)-\S+|\b\w+:")


@dataclass(frozen=True)
class Bar:
    """One bar of the timeline."""

    label: str
    count: int
    height: int
    href: str | None
    current: bool
    start: date | None
    end: date | None
    # Inside the date filter (any of its days selected): drawn strong, the others faint.
    in_range: bool = False


def with_query(path: str, params: dict) -> str:
    """Return a path with URL parameters, encoded as werkzeug's url_for encodes them."""
    pairs = [
        (k, v) for k, values in params.items() for v in (values if isinstance(values, (list, tuple)) else [values])
    ]
    return f"{path}?{urlencode(pairs, safe=URL_SAFE)}" if pairs else path


def route_path(endpoint: str) -> str:
    """Return the path of a parameterless route, built once per request."""
    # A results page holds ~80 links; a url_for for each doubled its render time.
    paths = g.setdefault("route_paths", {})
    if endpoint not in paths:
        paths[endpoint] = url_for(endpoint)
    return paths[endpoint]


def search_url(args: SearchRequest, **changes) -> str:
    """Return the results URL for this search with changes; any change but paging goes to page 1."""
    changes.setdefault("page", 1)
    return with_query(route_path("web.search_page"), args.params(**changes))


def api_url(args: SearchRequest) -> str:
    """Return the JSON twin of this results page."""
    return with_query(route_path("api.search"), args.params())


def feed_url(args: SearchRequest, **options) -> str:
    """Return the Atom feed of this search (newest first, first page)."""
    return url_for("web.search_feed", **args.params(page=1, sort="newest"), **options)


def toggle_url(args: SearchRequest, field: str, value: str) -> str:
    """Return the URL that adds a facet value to the filters, or removes it when active."""
    chosen = list(getattr(args, field))
    chosen = [v for v in chosen if v != value] if value in chosen else chosen + [value]
    return search_url(args, **{field: chosen})


def has_filters(args: SearchRequest) -> bool:
    """Tell whether any filter narrows the search."""
    return bool(args.date_from or args.date_to or not args.keeps_undated or any(getattr(args, f) for f in FACET_FIELDS))


def active_filters(args: SearchRequest) -> list[tuple[str, str]]:
    """Return (label, URL without it) for each active filter."""
    found = []
    if args.date_from or args.date_to:
        span = f"{args.date_from.isoformat() if args.date_from else '…'} – {args.date_to.isoformat() if args.date_to else '…'}"
        found.append((f"Date: {span}", search_url(args, **{"from": None, "to": None, "undated": None})))
    if not args.keeps_undated:
        found.append(("Undated stories left out", search_url(args, undated="include")))
    for field in FACET_FIELDS:
        for value in getattr(args, field):
            found.append((f"{FACET_LABELS[field]}: {value}", toggle_url(args, field, value)))
    return found


def clear_filters_url(args: SearchRequest) -> str:
    """Return the URL of the same query with no filters."""
    return with_query(
        route_path("web.search_page"),
        SearchRequest(q=args.q, sort=args.sort, interval=args.interval, per_page=args.per_page).params(),
    )


def bucket_span(bucket: Bucket, interval: str) -> tuple[date | None, date | None]:
    """Return the first and last day of a date bucket, read from its key when it carries no dates."""
    if bucket.start and bucket.end:
        return bucket.start, bucket.end
    try:
        if interval == "year" and re.fullmatch(r"\d{4}", bucket.key):
            year = int(bucket.key)
            return date(year, 1, 1), date(year, 12, 31)
        if interval == "month" and re.fullmatch(r"\d{4}-\d{2}", bucket.key):
            year, month = map(int, bucket.key.split("-"))
            return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
        if interval == "day":
            day = date.fromisoformat(bucket.key)
            return day, day
    except ValueError:
        pass
    return None, None


def bucket_label(bucket: Bucket, interval: str, start: date | None) -> str:
    """Return a reader's name for a bucket: "2025", "Mar 2025", "week of 3 Mar 2025", "3 Mar 2025"."""
    if start is None:
        return bucket.key
    if interval == "year":
        return str(start.year)
    if interval == "month":
        return start.strftime("%b %Y")
    day = f"{start.day} {start.strftime('%b %Y')}"
    return f"week of {day}" if interval == "week" else day


def timeline(page: SearchPage) -> list[Bar]:
    """Return the timeline bars of a results page, each linking to its period."""
    args, interval = page.request, page.dates.interval
    peak = max((b.count for b in page.dates.buckets), default=0)
    bars = []
    for bucket in page.dates.buckets:
        start, end = bucket_span(bucket, interval)
        # A bar with any hits stays visible, however small next to the peak.
        height = round(BAR_STEPS * bucket.count / peak) if peak else 0
        height = max(height, 1) if bucket.count else 0
        # A bar is a period: its stories only, so undated ones are left out.
        href = (
            search_url(args, **{"from": start.isoformat(), "to": end.isoformat(), "undated": "exclude"})
            if start and end  # bucket_span gives both days or neither
            else None
        )
        current = start is not None and (args.date_from, args.date_to) == (start, end)
        in_range = (
            start is not None
            and end is not None
            and (args.date_from or args.date_to) is not None
            and ((args.date_from is None or end >= args.date_from) and (args.date_to is None or start <= args.date_to))
        )
        bars.append(
            Bar(bucket_label(bucket, interval, start), bucket.count, height, href, current, start, end, in_range)
        )
    return bars


def axis_labels(bars: list[Bar], interval: str) -> list[tuple[str, bool]]:
    """Return a short label for each bar ("" for none) and whether it is minor (hidden on small screens)."""
    step = -(-len(bars) // AXIS_LABELS)
    labels = []
    for i, bar in enumerate(bars):
        if i % step or bar.start is None:
            labels.append(("", False))
            continue
        # Weeks and days name their first day; the year only where it changes.
        short = bar.label
        if interval in ("week", "day"):
            earlier = bars[i - step].start if labels else None
            new_year = earlier is None or earlier.year != bar.start.year
            short = f"{bar.start.day} {bar.start.strftime('%b')}" + (f" {bar.start.year}" if new_year else "")
        labels.append((short, (i // step) % 2 == 1))
    return labels


def page_numbers(page: SearchPage) -> list[int | None]:
    """Return the page numbers to link: first, last, and a window around the current; None marks a gap."""
    shown = {1, page.pages} | set(range(page.page - PAGE_WINDOW, page.page + PAGE_WINDOW + 1))
    numbers: list[int | None] = []
    previous = 0
    for number in sorted(n for n in shown if 1 <= n <= page.pages):
        if number > previous + 1:
            numbers.append(None)
        numbers.append(number)
        previous = number
    return numbers


def safe_href(url: str | None) -> str | None:
    """Return a URL fit for a link (http or https only), or None."""
    if not url:
        return None
    return url if urlsplit(url.strip()).scheme.lower() in ("http", "https") else None


def query_terms(q: str) -> set[str]:
    """Return the analysed words of a query that a match would contain (not excluded ones)."""
    return {term for _start, _end, term in word_spans(QUERY_NOISE.sub(" ", q))}


def mark_terms(text: str, terms: set[str]) -> Markup:
    """Return the text escaped, with each word that analyses to one of the terms in <mark>."""
    if not terms:
        return escape(text)
    pieces, last = [], 0
    for start, end, term in word_spans(text):
        if term in terms:
            pieces += [escape(text[last:start]), Markup("<mark>"), escape(text[start:end]), Markup("</mark>")]
            last = end
    pieces.append(escape(text[last:]))
    return Markup("").join(pieces)


def paragraphs(body: str) -> list[str]:
    """Split a body into paragraphs at blank lines."""
    return [" ".join(part.split()) for part in re.split(r"\n\s*\n", body) if part.strip()]
