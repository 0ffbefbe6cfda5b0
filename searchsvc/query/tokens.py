"""What the query checks share: the error they raise, the tokens they make, range brackets.

Positions in messages are 1-based character numbers in the query as the user typed it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

BARE = re.compile(r'[^\s()"]+')


class QueryError(ValueError):
    """The query cannot be run; the message says what is wrong and where."""


@dataclass
class Token:
    """One piece of the query: a search term, an operator, a field prefix or a parenthesis."""

    kind: str  # "term", "op", "not", "field", "(", ")"
    text: str  # as Whoosh should read it
    pos: int  # 1-based position in the user's text
    shown: str = ""  # as the user wrote it, for messages


def read_range(q: str, start: int) -> int:
    """Return the index past the bracket closing the range opened at `start` ("]" or "}": ends may mix)."""
    close = min((i for i in (q.find("]", start + 1), q.find("}", start + 1)) if i >= 0), default=-1)
    if close < 0:
        raise QueryError(f"unclosed range: the '{q[start]}' at character {start + 1} has no ']' or '}}'")
    return close + 1
