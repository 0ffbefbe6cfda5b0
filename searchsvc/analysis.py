"""Whoosh analyzers: how text becomes index terms."""

from __future__ import annotations

from whoosh.analysis import (
    CharsetFilter,
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
    StopFilter,
)
from whoosh.support.charset import accent_map

# whoosh-reloaded's default token pattern keeps "*" inside words; this is the classic one.
TOKEN_PATTERN = r"\w+(\.?\w+)*"


def text_analyzer():
    """Return the analyzer for prose fields: words, lowercased, accents folded, stemmed."""
    # Accents are folded before stemming so "Zelenskyy" and "Zelénskyy" stem alike.
    return (
        RegexTokenizer(expression=TOKEN_PATTERN)
        | LowercaseFilter()
        | CharsetFilter(accent_map)
        | StopFilter()
        | StemFilter()
    )


def name_analyzer():
    """Return the analyzer for names (source, author): words, lowercased, accents folded."""
    return RegexTokenizer(expression=TOKEN_PATTERN) | LowercaseFilter() | CharsetFilter(accent_map)
