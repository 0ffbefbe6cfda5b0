"""Stories like a text: its most distinctive words by the index's own idf, OR-ed (Elasticsearch's more_like_this).

A pasted paragraph is not a list of words that must all be there: read as a 100-word AND it finds
nothing, read as an OR of every word it finds everything. As more_like_this does, the text's terms
are ranked by tf x idf against the index, and the top MAX_QUERY_TERMS are searched for, any of them.
The same serves related stories, with a story's own title and body as the text.
"""

from __future__ import annotations

import re
from collections import Counter
from math import log

from whoosh import query as wq

from searchsvc.letters import WORD_RUN

from .bm25f import FieldsTerm

# A query longer than this, or of more than syntax.MAX_WORDS words, is read as "stories like this text".
LIKE_TEXT_CHARS = 500
# Terms searched for (more_like_this's max_query_terms).
MAX_QUERY_TERMS = 25
WORD = re.compile(WORD_RUN)


def is_like_text(q: str, max_words: int) -> bool:
    """Tell whether a query is long enough to be read as "stories like this text"."""
    return len(q) > LIKE_TEXT_CHARS or len(WORD.findall(q)) > max_words


def text_terms(text: str, analyzer) -> Counter:
    """Return how often each index term occurs in a text, as indexing analyses it."""
    positions = getattr(analyzer, "positions", None)
    if positions is not None:
        return Counter({term: len(places) for term, places in positions(text).items()})
    return Counter(token.text for token in analyzer(text, mode="index"))


def distinctive_terms(counts: Counter, reader, fields, limit: int = MAX_QUERY_TERMS) -> list[tuple[str, float]]:
    """Return the `limit` terms with the highest tf x idf (Lucene's idf over the index), best first.

    Terms no story holds say nothing about which stories are alike and are left out.
    """
    total = reader.doc_count_all()
    scored = []
    for term, frequency in counts.items():
        found = max(reader.doc_frequency(field, term) for field in fields)
        if found:
            scored.append((frequency * log(1 + (total - found + 0.5) / (found + 0.5)), term))
    scored.sort(key=lambda pair: (-pair[0], pair[1]))
    return [(term, weight) for weight, term in scored[:limit]]


def like_text_query(text: str, schema, reader, fieldboosts: dict[str, float], limit: int = MAX_QUERY_TERMS):
    """Return the query for stories like the text: its most distinctive terms, any of them."""
    counts = text_terms(text, schema[next(iter(fieldboosts))].analyzer)
    terms = distinctive_terms(counts, reader, list(fieldboosts), limit)
    if not terms:
        return wq.NullQuery
    # Each term as a word searched in title and body (BM25F); more_like_this adds no boosts by default.
    return wq.Or([FieldsTerm(term, fieldboosts) for term, _ in sorted(terms)])
