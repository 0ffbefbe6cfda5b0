"""Related stories: the stories most like one story, by the index's own term statistics (more_like_this)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from searchsvc.query import FIELD_BOOSTS, SEARCH_FIELDS, like_text_query

from .results import SearchHit

# Related stories listed by default, and at most.
RELATED_SHOWN = 5
MAX_RELATED = 50


@dataclass(frozen=True)
class RelatedStories:
    """The stories related to one story, best first."""

    id: str
    hits: list[SearchHit]


def related_query(searcher, stored: dict):
    """Return the query for stories like a stored story: its title and body's most distinctive terms."""
    text = f"{stored.get('title') or ''}\n{stored.get('body') or ''}"
    boosts = {field: FIELD_BOOSTS[field] for field in SEARCH_FIELDS}
    return like_text_query(text, searcher.schema, searcher.reader(), boosts)


def story_docnums(searcher, stored: dict) -> np.ndarray:
    """Return the document numbers holding the story or any of its versions (to leave out)."""
    ids = {stored["id"], *(version["id"] for version in stored.get("versions") or ())}
    found = set()
    for story_id in ids:
        found.update(searcher.document_numbers(id=story_id))
        found.update(searcher.document_numbers(version_ids=story_id))
    return np.array(sorted(found), dtype=np.int64)


def top(docnums: np.ndarray, scores: np.ndarray, limit: int) -> np.ndarray:
    """Return the positions of the `limit` best scores, ties in document order."""
    return np.lexsort((docnums, -scores))[:limit]
