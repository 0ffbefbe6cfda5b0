"""Text -> checked query -> Whoosh query: the query language, its dates, and BM25F field folding.

tokens.py and syntax.py lex and check what people type (Lucene's syntax, with clear errors),
dates.py reads date clauses, parser.py builds the Whoosh query, bm25f.py folds a word searched in
several fields into one BM25F term. Offers parse_query, weighting, lex and QueryError.
"""

from __future__ import annotations

from .bm25f import SHARED_LENGTH, FieldsTerm
from .likeness import distinctive_terms, is_like_text, like_text_query
from .parser import ALL_WORDS_BOOST, FIELD_BOOSTS, SEARCH_FIELDS, parse_query, weighting
from .syntax import MAX_WORDS, lex
from .tokens import QueryError

__all__ = [
    "ALL_WORDS_BOOST",
    "FIELD_BOOSTS",
    "FieldsTerm",
    "MAX_WORDS",
    "QueryError",
    "SEARCH_FIELDS",
    "SHARED_LENGTH",
    "distinctive_terms",
    "is_like_text",
    "lex",
    "like_text_query",
    "parse_query",
    "weighting",
]
