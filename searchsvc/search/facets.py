"""Facet columns read once per searcher, filters and counts vectorised with NumPy.

Every count follows the multi-select rule: a facet's counts respect every filter but
its own (the date facet ignores from/to/undated; the source facet ignores source=),
so a client can show the other values of a facet while one is selected.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from searchsvc.store import EPOCH, FACET_COLUMNS, FACET_SEPARATOR, UNDATED_DAY, numeric_array

from .results import Bucket, DateFacet, SearchRequest

FACET_SIZE = 20
COLUMN_DEFAULTS = {"day": UNDATED_DAY, "stamp": 0, **{column: b"" for column in FACET_COLUMNS.values()}}


@dataclass(frozen=True)
class ValueColumn:
    """One facet's values for every document, as parallel (document, value code) pairs."""

    keys: list[str]
    codes: dict[str, int]
    pair_doc: np.ndarray
    pair_code: np.ndarray
    starts: np.ndarray  # pairs of document d are pair_code[starts[d]:starts[d + 1]]

    @classmethod
    def read(cls, reader, column: str) -> ValueColumn:
        """Read a facet column of the whole index."""
        codes: dict[str, int] = {}
        lengths: list[int] = []
        pair_code: list[int] = []
        for raw in read_column(reader, column):
            values = raw.decode("utf-8").split(FACET_SEPARATOR) if raw else []
            lengths.append(len(values))
            pair_code.extend(codes.setdefault(value, len(codes)) for value in values)
        # int64 even when empty (np.cumsum of an empty list is float).
        counts = np.array(lengths, dtype=np.int64)
        starts = np.concatenate(([0], np.cumsum(counts)))
        pair_doc = np.repeat(np.arange(len(counts)), counts)
        return cls(list(codes), codes, pair_doc, np.array(pair_code, dtype=np.int64), starts)

    def mask(self, selected: tuple[str, ...], doc_count: int) -> np.ndarray:
        """Return which documents have at least one of the selected keys."""
        wanted = [self.codes[key] for key in selected if key in self.codes]
        found = np.zeros(doc_count, dtype=bool)
        found[self.pair_doc[np.isin(self.pair_code, wanted)]] = True
        return found

    def count(self, docnums: np.ndarray, size: int = FACET_SIZE) -> list[Bucket]:
        """Return the most frequent keys among the documents (then by key), at most `size`."""
        lengths = self.starts[docnums + 1] - self.starts[docnums]
        total = int(lengths.sum())
        if not total:
            return []
        # Positions of every pair of the chosen documents, without a Python loop.
        firsts = np.repeat(self.starts[docnums] - np.cumsum(lengths) + lengths, lengths)
        counts = np.bincount(self.pair_code[firsts + np.arange(total)], minlength=len(self.keys))
        present = np.flatnonzero(counts)
        if len(present) > size:
            threshold = np.partition(counts[present], -size)[-size]
            present = present[counts[present] >= threshold]
        ranked = sorted(present.tolist(), key=lambda code: (-counts[code], self.keys[code]))
        return [Bucket(self.keys[code], int(counts[code])) for code in ranked[:size]]


class FacetColumns:
    """The day, timestamp and facet columns of one searcher, as arrays indexed by document number."""

    def __init__(self, reader):
        self.doc_count = reader.doc_count_all()
        self.day = read_numeric_column(reader, "day")
        self.stamp = read_numeric_column(reader, "stamp")
        self.values = {name: ValueColumn.read(reader, column) for name, column in FACET_COLUMNS.items()}

    def filter_masks(self, request: SearchRequest, docnums: np.ndarray) -> dict[str, np.ndarray]:
        """Return, per active filter ("date" or a facet name), which of the documents pass it."""
        masks = {}
        if request.date_from or request.date_to or not request.keeps_undated:
            masks["date"] = self.date_mask(request, self.day[docnums])
        for name, column in self.values.items():
            selected = getattr(request, name)
            if selected:
                masks[name] = column.mask(selected, self.doc_count)[docnums]
        return masks

    @staticmethod
    def date_mask(request: SearchRequest, days: np.ndarray) -> np.ndarray:
        """Return which days fall in the request's date range (undated ones only if the request keeps them)."""
        dated = days != UNDATED_DAY
        inside = dated.copy()
        if request.date_from:
            inside &= days >= (request.date_from - EPOCH).days
        if request.date_to:
            inside &= days <= (request.date_to - EPOCH).days
        return inside | (~dated if request.keeps_undated else False)

    def count(self, request: SearchRequest, docnums: np.ndarray, masks: dict[str, np.ndarray]):
        """Return the date facet and the value facets, each ignoring only its own filter."""
        dates = count_dates(self.day[docnums[passing(masks, "date", len(docnums))]], request.interval)
        facets = {
            name: column.count(docnums[passing(masks, name, len(docnums))]) for name, column in self.values.items()
        }
        return dates, facets


def read_column(reader, name: str):
    """Yield a column's value for every document number, segment by segment.

    Whoosh's MultiReader leaves out segments that have no file for a column (no
    document there had a value), which would shift every later document; a
    segment reader stands in its default for each of its documents instead.
    """
    if name not in reader.schema:  # an index written before the column existed: every value is missing
        default = COLUMN_DEFAULTS[name]
        yield from (default for _ in range(reader.doc_count_all()))
        return
    for leaf, _offset in reader.leaf_readers():
        if leaf.has_column(name):
            yield from leaf.column_reader(name, translate=False)
        else:  # an empty segment has no column files at all
            yield from (COLUMN_DEFAULTS[name] for _ in range(leaf.doc_count_all()))


def read_numeric_column(reader, name: str) -> np.ndarray:
    """Return a numeric column of every document as an int64 array."""
    if name not in reader.schema:
        return np.full(reader.doc_count_all(), COLUMN_DEFAULTS[name], dtype=np.int64)
    parts = [
        numeric_array(leaf.column_reader(name, translate=False), leaf.doc_count_all())
        if leaf.has_column(name)
        else np.full(leaf.doc_count_all(), COLUMN_DEFAULTS[name], dtype=np.int64)
        for leaf, _offset in reader.leaf_readers()
    ]
    return np.concatenate(parts).astype(np.int64) if parts else np.zeros(0, dtype=np.int64)


def passing(masks: dict[str, np.ndarray], ignored: str | None, size: int) -> np.ndarray:
    """Return which documents pass every filter except the ignored one."""
    keep = np.ones(size, dtype=bool)
    for name, mask in masks.items():
        if name != ignored:
            keep &= mask
    return keep


def count_dates(days: np.ndarray, interval: str) -> DateFacet:
    """Count days into calendar buckets, filling empty buckets between the first and last."""
    dated = days[days != UNDATED_DAY]
    undated = len(days) - len(dated)
    if not len(dated):
        return DateFacet(interval=interval, buckets=[], undated=undated)
    starts, counts = np.unique(bucket_starts(dated, interval), return_counts=True)
    found = dict(zip(starts.tolist(), counts.tolist()))
    buckets = []
    start = EPOCH + timedelta(days=int(starts[0]))
    last = EPOCH + timedelta(days=int(starts[-1]))
    while start <= last:
        end = next_start(start, interval) - timedelta(days=1)
        count = found.get((start - EPOCH).days, 0)
        buckets.append(Bucket(bucket_key(start, interval), count, start, end))
        start = end + timedelta(days=1)
    return DateFacet(interval=interval, buckets=buckets, undated=undated)


def bucket_starts(days: np.ndarray, interval: str) -> np.ndarray:
    """Return the first day (days since epoch) of each day's bucket."""
    if interval == "day":
        return days
    if interval == "week":
        return days - (days + 3) % 7  # 1970-01-01 was a Thursday; ISO weeks start on Monday
    unit = "M" if interval == "month" else "Y"
    return days.astype("datetime64[D]").astype(f"datetime64[{unit}]").astype("datetime64[D]").astype(np.int64)


def next_start(start: date, interval: str) -> date:
    """Return the first day of the bucket after the one starting on `start`."""
    if interval == "day":
        return start + timedelta(days=1)
    if interval == "week":
        return start + timedelta(days=7)
    if interval == "month":
        return date(start.year + start.month // 12, start.month % 12 + 1, 1)
    return date(start.year + 1, 1, 1)


def bucket_key(start: date, interval: str) -> str:
    """Return a bucket's key: "2025", "2025-04", ISO week "2025-W14" or "2025-04-06"."""
    if interval == "week":
        year, week, _ = start.isocalendar()
        return f"{year}-W{week:02d}"
    return {"day": start.isoformat(), "month": start.strftime("%Y-%m"), "year": str(start.year)}[interval]
