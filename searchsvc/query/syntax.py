"""Read query text before Whoosh does: find mistakes (and say where) and rewrite for Whoosh.

Positions in messages are 1-based character numbers in the query as the user typed it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .dates import read_date_clause
from .tokens import BARE, QueryError, Token, read_range

# Field names users type -> schema fields.
FIELDS = {
    "title": "title",
    "body": "body",
    "source": "source",
    "author": "author",
    "tag": "tags",
    "tags": "tags",
    "language": "language",
    "published": "published",
    "date": "published",
}
USER_FIELDS = ("title", "body", "source", "author", "tag", "language", "published")
DATE_FIELD = "published"
MAX_WORDS = 100
MAX_FUZZY_DISTANCE = 2
OPERATORS = ("AND", "OR")
# Lucene's symbol operators, for users of Lucene-style query strings.
SYMBOL_OPERATORS = {"&&": "AND", "||": "OR"}
# Text pasted from articles quotes phrases with typographic marks; one character each,
# so positions in messages stay those of the user's text.
TYPOGRAPHIC_QUOTES = str.maketrans({c: '"' for c in "“”„‟«»"})

FIELD_PREFIX = re.compile(r"([A-Za-z_]+):(.*)", re.S)
FUZZY = re.compile(r"~(\d+)(?:/\d+)?$")


@dataclass(frozen=True)
class Checked:
    """A query that passed the checks, rewritten for Whoosh's parser."""

    text: str
    words: int  # words and phrases searched for
    plain: bool  # only words and phrases: no operators, fields or parentheses


def check_query(q: str) -> Checked:
    """Check the query text and rewrite it for Whoosh; raise QueryError naming the problem and where."""
    tokens = list(lex(q.translate(TYPOGRAPHIC_QUOTES)))
    check_sequence(tokens)
    words = sum(1 for t in tokens if t.kind == "term")
    if words > MAX_WORDS:
        raise QueryError(f"too many words: {words} (at most {MAX_WORDS})")
    if not words and tokens:
        raise QueryError("the query has operators but nothing to search for")
    if not words:
        # Punctuation, symbols and emoji are no words ("...", "-", "🎉"): say so, not "operators".
        raise QueryError("the query has no words to search for, only punctuation or symbols")
    # Wildcard and fuzzy words are not plain: relaxing them to "any word" costs too much.
    plain = all(t.kind == "term" and not any(c in t.text for c in ":*?~") for t in tokens)
    # A field prefix binds to the group after it: "body:(" must not become "body: (".
    text = "".join(t.text + ("" if t.kind == "field" else " ") for t in tokens).strip()
    return Checked(text, words, plain)


def lex(q: str):
    """Yield the query's tokens, rewritten for Whoosh."""
    i, n = 0, len(q)
    while i < n:
        c = q[i]
        if c.isspace():
            i += 1
        elif c in "()":
            yield Token(c, c, i + 1, c)
            i += 1
        elif c == '"':
            end = read_phrase(q, i)
            yield Token("term", q[i:end], i + 1)
            i = end
        elif c in "-!" and i + 1 < n and (q[i + 1].isalnum() or q[i + 1] in '"('):
            yield Token("not", "NOT", i + 1, c)
            i += 1
        else:
            match = BARE.match(q, i)
            # Never None: c is no space, parenthesis or quote (the branches above), so BARE matches it.
            assert match is not None
            word = match.group()
            token, i = read_word(q, i, word)
            if token:
                yield token


def read_phrase(q: str, start: int) -> int:
    """Return the end of the phrase opening at `start` (past any ~slop)."""
    close = q.find('"', start + 1)
    if close < 0:
        raise QueryError(f"unclosed quote: the '\"' at character {start + 1} has no partner")
    if not q[start + 1 : close].strip():
        raise QueryError(f"empty phrase at character {start + 1}")
    slop = re.compile(r"~\d+").match(q, close + 1)
    return slop.end() if slop else close + 1


def read_word(q: str, i: int, word: str) -> tuple[Token | None, int]:
    """Read one bare word (operator, field clause or search word) at i; return it and the next index."""
    pos = i + 1
    if word in OPERATORS or word in SYMBOL_OPERATORS:
        return Token("op", SYMBOL_OPERATORS.get(word, word), pos, word), i + len(word)
    if word == "NOT":
        return Token("not", word, pos, word), i + len(word)
    field = FIELD_PREFIX.match(word)
    if field:
        return read_field(q, i, field.group(1), field.group(2))
    if not re.search(r"\w", word):
        return None, i + len(word)  # punctuation such as a lone dash: nothing to search
    if "[" in word or "{" in word:
        end = read_range(q, i + word.index("[" if "[" in word else "{"))
        return Token("term", q[i:end], pos), end
    check_word(word, pos)
    return Token("term", word, pos), i + len(word)


def check_word(word: str, pos: int) -> None:
    """Check a search word's wildcard and fuzzy parts."""
    if ("*" in word or "?" in word) and len(re.sub(r"[*?]", "", word)) < 2:
        raise QueryError(f"wildcard {word!r} at character {pos} needs at least two letters besides * and ?")
    fuzzy = FUZZY.search(word)
    if fuzzy and int(fuzzy.group(1)) > MAX_FUZZY_DISTANCE:
        raise QueryError(
            f"fuzzy distance ~{fuzzy.group(1)} in {word!r} at character {pos} is too large "
            f"(at most ~{MAX_FUZZY_DISTANCE})"
        )


def read_field(q: str, i: int, name: str, value: str) -> tuple[Token, int]:
    """Read a `field:value` clause at i."""
    pos = i + 1
    field = FIELDS.get(name.lower())
    if field is None:
        raise QueryError(
            f"unknown field {name!r} at character {pos} (fields: {', '.join(USER_FIELDS)}); "
            "put the text in quotes to search for it as words"
        )
    after = i + len(name) + 1  # index just past the colon
    if field == DATE_FIELD:
        return read_date_clause(q, i, after, field)
    if value:
        if value[0] in "[{":
            end = read_range(q, after)
            return Token("term", f"{field}:{q[after:end]}", pos), end
        check_word(value, after + 1)
        # Language codes are stored as given by detection: lower case ("en").
        text = value.lower() if field == "language" else value
        return Token("term", f"{field}:{text}", pos), after + len(value)
    if after < len(q) and q[after] == '"':
        end = read_phrase(q, after)
        return Token("term", f"{field}:{q[after:end]}", pos), end
    if after < len(q) and q[after] == "(":
        return Token("field", f"{field}:", pos, f"{name}:"), after
    raise QueryError(f"field '{name}:' at character {pos} has no value")


def check_sequence(tokens: list[Token]) -> None:
    """Raise QueryError for dangling operators and unbalanced parentheses."""
    open_parens: list[Token] = []
    previous: Token | None = None
    for token in tokens:
        if token.kind == "op" and (previous is None or previous.kind not in ("term", ")")):
            raise QueryError(f"'{token.shown}' at character {token.pos} has nothing before it")
        if token.kind == "not" and previous is not None and previous.kind == "not":
            raise QueryError(f"'{token.shown}' at character {token.pos} follows another NOT: write it once")
        if token.kind == ")":
            # With no token before it, no '(' is open either.
            if not open_parens or previous is None:
                raise QueryError(f"unmatched ')' at character {token.pos}")
            if previous.kind == "(":
                raise QueryError(f"empty parentheses at character {previous.pos}")
            dangling(previous)
            open_parens.pop()
        if token.kind == "(":
            open_parens.append(token)
        previous = token
    if previous is not None:
        dangling(previous)
    if open_parens:
        raise QueryError(f"unclosed '(' at character {open_parens[-1].pos}")


def dangling(token: Token) -> None:
    """Raise QueryError when an operator or field prefix has nothing after it."""
    if token.kind in ("op", "not", "field"):
        raise QueryError(f"'{token.shown}' at character {token.pos} has nothing after it")
