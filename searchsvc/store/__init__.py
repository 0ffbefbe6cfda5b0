"""Articles -> index generations: the Whoosh schema and analysis, writing and reading generations.

Holds the schema (schema.py) and its analysers (analysis.py, variants.py), the posting codec and block
readers (codec.py, arrayblocks.py, blocks.py, postings.py, columns.py), the writer's term pool and bulk
term writer (termpool.py, termwriter.py), generations and the CURRENT pointer
(generations.py), the manifest of indexed files, the writer's lock and the reindex plan and run.
Offers build_index / reindex to write, current_generation to read, and the readers search uses.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from .analysis import LanguageAnalyzer, SnowballFilter, VariantFilter, word_spans
from .columns import numeric_array
from .generations import (
    CURRENT_FILE,
    Generation,
    IndexMissing,
    NoPreviousGeneration,
    build_index,
    current_generation,
    current_generation_name,
    generation_number,
    rollback,
)
from .languages import STEMMERS, CJKBigramFilter, WidthFilter, analysis_language
from .lock import IndexLock, LockHeld
from .postings import PostingCache, read_values
from .schema import EPOCH, FACET_COLUMNS, FACET_SEPARATOR, UNDATED_DAY, WORDS_FIELD, from_document
from .variants import VariantsError, fold

__all__ = [
    "CJKBigramFilter",
    "LanguageAnalyzer",
    "STEMMERS",
    "WidthFilter",
    "analysis_language",
    "CURRENT_FILE",
    "EPOCH",
    "FACET_COLUMNS",
    "FACET_SEPARATOR",
    "Generation",
    "IndexLock",
    "IndexMissing",
    "LockHeld",
    "NoPreviousGeneration",
    "NothingToIndex",
    "PostingCache",
    "SnowballFilter",
    "UNDATED_DAY",
    "VariantFilter",
    "VariantsError",
    "WORDS_FIELD",
    "build_index",
    "current_generation",
    "current_generation_name",
    "fold",
    "from_document",
    "generation_number",
    "numeric_array",
    "read_values",
    "reindex",
    "rollback",
    "word_spans",
    "write_run_metrics",
]

if TYPE_CHECKING:
    from .reindexing import NothingToIndex, reindex
    from .runmetrics import write_run_metrics

# The writing side (reindexing.py) imports the ingest wing; serving workers never write, so it is
# loaded on first use rather than in every worker.
LAZY = {"NothingToIndex": "reindexing", "reindex": "reindexing", "write_run_metrics": "runmetrics"}


def __getattr__(name: str) -> Any:
    if name in LAZY:
        return getattr(importlib.import_module(f".{LAZY[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
