"""Completion as people type: the last word's commonest completions, and names the archive holds.

Words come from the `words` field (the words as stories write them, folded), ranked by how many
stories hold each; names are the facet values (authors, sources, tags) whose name or one of its
words starts with what was typed, ranked by their stories. Both are read once per searcher into
sorted arrays, so a completion is two binary searches and a top-k over the matching range.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

import numpy as np

from searchsvc.letters import WORD_RUN
from searchsvc.store import WORDS_FIELD, fold

from .facets import FacetColumns
from .spelling import vocabulary

# Completions returned at most, and by default.
MAX_COMPLETIONS = 10
# Facets whose values are offered as names, with the kind each completion says it is.
NAME_FACETS = {"author": "author", "source": "source", "tag": "tag"}
LAST_WORD = re.compile(rf"({WORD_RUN})$")
WORD_START = re.compile(WORD_RUN)


@dataclass(frozen=True)
class Completion:
    """One completion: the text to put in the search box, what it is, and how many stories hold it."""

    text: str
    kind: str  # "word", "author", "source" or "tag"
    count: int


class Completer:
    """Completions over one searcher's words and names."""

    def __init__(self, reader, columns: FacetColumns, analyzer):
        words = vocabulary(reader, WORDS_FIELD) if WORDS_FIELD in reader.schema else None
        # Stop words complete to nothing worth searching ("th" -> "the"): left out.
        stops = stop_words(analyzer)
        kept = [term for term in (words.terms if words else []) if term not in stops]
        self.words = kept
        self.word_counts = np.array([words.frequencies[term] for term in kept] if words else [], dtype=np.int64)
        keys: list[tuple[str, int]] = []
        names: list[tuple[str, str, int]] = []
        for facet, kind in NAME_FACETS.items():
            column = columns.values[facet]
            counts = np.bincount(column.pair_code, minlength=len(column.keys))
            for code, name in enumerate(column.keys):
                if counts[code]:
                    folded = fold(name)
                    for match in WORD_START.finditer(folded):
                        keys.append((folded[match.start() :], len(names)))
                    names.append((name, kind, int(counts[code])))
        keys.sort()
        self.name_keys = [key for key, _ in keys]
        self.name_owners = np.array([owner for _, owner in keys], dtype=np.int64)
        self.names = names

    def complete(self, q: str, limit: int = MAX_COMPLETIONS) -> list[Completion]:
        """Return up to `limit` completions of a typed text, most stories first (names first on ties)."""
        found: list[Completion] = []
        typed = fold(q.strip())
        if typed:
            found.extend(self.complete_names(typed, limit))
        last = LAST_WORD.search(q)
        if last:
            head = q[: last.start()]
            for word, count in self.complete_word(fold(last.group(1)), limit):
                found.append(Completion(head + match_case(word, last.group(1)), "word", count))
        found.sort(key=lambda c: (-c.count, c.kind == "word", c.text))
        # A name and a word may read the same ("Reuters"): the first (the name, on a tie) is kept.
        unique = {c.text.lower(): c for c in reversed(found)}
        return sorted(unique.values(), key=lambda c: (-c.count, c.kind == "word", c.text))[:limit]

    def complete_word(self, prefix: str, limit: int) -> list[tuple[str, int]]:
        """Return (word, stories) of the commonest words starting with prefix."""
        start = bisect_left(self.words, prefix)
        stop = bisect_left(self.words, prefix + "\U0010ffff", lo=start)
        counts = self.word_counts[start:stop]
        if len(counts) > limit:
            best = np.argpartition(-counts, limit)[:limit]
        else:
            best = np.arange(len(counts))
        return [(self.words[start + i], int(counts[i])) for i in best.tolist()]

    def complete_names(self, prefix: str, limit: int) -> list[Completion]:
        """Return the names with a word starting with the typed text (the whole of it)."""
        start = bisect_left(self.name_keys, prefix)
        stop = bisect_left(self.name_keys, prefix + "\U0010ffff", lo=start)
        owners = dict.fromkeys(self.name_owners[start:stop].tolist())
        ranked = sorted(owners, key=lambda owner: -self.names[owner][2])[:limit]
        return [Completion(*self.names[owner]) for owner in ranked]


def stop_words(analyzer) -> frozenset[str]:
    """Return the words the prose analyzer's stop filters leave out."""
    found: set[str] = set()
    for item in getattr(analyzer, "items", ()):
        found.update(getattr(item, "stops", ()))
    return frozenset(found)


def match_case(word: str, typed: str) -> str:
    """Return a folded completion capitalised as the typed word begins."""
    if typed[:1].isupper():
        return word[:1].upper() + word[1:]
    return word
