"""Which segments a write merges: those of one size level, once there are ten of them.

Whoosh merges segments by adding every posting of the old ones to the new one's pool, one
Python call per posting: about a minute for 50,000 stories. Its default policy (MERGE_SMALL,
a Fibonacci rule) merged the small segments incremental runs leave every few runs, and at a
million stories some of the large ones with them, for minutes. This is the log-size policy of
Lucene (LogDocMergePolicy): segments sit on levels by the order of magnitude of their story
count, and when a level holds MERGE_FACTOR segments they are merged into the write's own
segment, one level up. A story is merged about once per level (log10 of the index size), and
the number of segments stays near MERGE_FACTOR per level.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from whoosh.reading import SegmentReader

MERGE_FACTOR = 10


def level(segment) -> int:
    """Return a segment's size level: the order of magnitude of its story count."""
    return int(math.log10(max(segment.doc_count_all(), 1)))


def due(segments: list, factor: int = MERGE_FACTOR) -> list:
    """Return the segments of the lowest level holding `factor` of them (none when no level does)."""
    by_level: dict[int, list] = {}
    for segment in segments:
        by_level.setdefault(level(segment), []).append(segment)
    # The lowest full level only: its merged segment may fill the next one, merged by a later write.
    full = sorted(n for n, members in by_level.items() if len(members) >= factor)
    return by_level[full[0]] if full else []


def merge_policy(factor: int | None = MERGE_FACTOR) -> Callable:
    """Return a Whoosh merge policy merging a level's segments once it holds `factor` of them (None: never)."""

    def policy(writer, segments: list) -> list:
        merged = due(segments, factor) if factor else []
        for segment in merged:
            reader = SegmentReader(writer.storage, writer.schema, segment)
            writer.add_reader(reader)
            reader.close()
        return [segment for segment in segments if segment not in merged]

    return policy
