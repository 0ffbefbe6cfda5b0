"""The query language: user text -> Whoosh query, with errors that say what and where."""

from __future__ import annotations

from whoosh import qparser, scoring
from whoosh.query import Every

SEARCH_FIELDS = ("title", "body")
# A title match says more about what a story is about than a body match.
FIELD_BOOSTS = {"title": 2.0, "body": 1.0}


class QueryError(ValueError):
    """The query cannot be run; the message says what is wrong and where."""


def parse_query(q: str, schema):
    """Parse the user's query string into a Whoosh query (all words required)."""
    if not q.strip():
        return Every()
    parser = qparser.MultifieldParser(list(SEARCH_FIELDS), schema, fieldboosts=FIELD_BOOSTS, group=qparser.AndGroup)
    try:
        return parser.parse(q)
    except Exception as error:  # Whoosh raises many kinds for syntax it cannot read
        raise QueryError(f"cannot read the query: {error}") from None


def weighting():
    """Return the scoring model: BM25F over the search fields."""
    return scoring.BM25F(B=0.75, K1=1.2)
