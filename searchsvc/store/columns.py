"""Whoosh numeric columns read as NumPy arrays."""

from __future__ import annotations

import numpy as np
from whoosh import columns


def numeric_array(column, doc_count: int) -> np.ndarray:
    """Return the values of a Whoosh numeric column reader, decoding its bytes in one go."""
    if isinstance(column, columns.NumericColumn.Reader) and not column._reverse:
        # The column is the values packed big-endian, one per document up to the last
        # non-default one; the rest take the default.
        stored = min(column._count, doc_count)
        raw = column._dbfile.get(column._basepos, stored * column._fixedlen)
        values = np.full(doc_count, column._default, dtype=np.int64)
        values[:stored] = np.frombuffer(raw, dtype=">" + column._typecode)
        return values
    return np.fromiter(column, dtype=np.int64, count=doc_count)
