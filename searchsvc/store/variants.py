"""Name variants: transliterations of one person or place that search treats as one word.

A variants file holds one group per line, comma-separated, canonical spelling first;
`#` starts a comment. The shipped list (searchsvc/store/data/variants.txt) always applies; the file
named by SEARCHSVC_VARIANTS adds groups to it. The table is baked into the index when it is
built, so the index must be rebuilt after either file changes.
"""

from __future__ import annotations

import os
import re
from importlib import resources
from pathlib import Path

from whoosh.support.charset import accent_map

from .languages import width_folded

VARIANTS_ENV = "SEARCHSVC_VARIANTS"
# One variant is one word as the tokenizer sees it (letters and digits, "." inside allowed).
WORD = re.compile(r"^\w+(\.?\w+)*$")


class VariantsError(ValueError):
    """A variants file cannot be read; the message names the file, line and problem."""


def fold(word: str) -> str:
    """Return a word as the analyzer sees it before variants: width folded (NFKC), lowercased, accents folded."""
    return width_folded(word).lower().translate(accent_map)


def parse_groups(text: str, origin: str = "<variants>") -> list[list[str]]:
    """Parse variants-file text into groups of folded spellings, canonical first."""
    groups = []
    for number, line in enumerate(text.splitlines(), 1):
        words = [w.strip() for w in line.split("#", 1)[0].split(",")]
        words = [w for w in words if w]
        if not words:
            continue
        for word in words:
            if not WORD.match(word):
                raise VariantsError(
                    f"{origin}, line {number}: {word!r} is not one word "
                    "(write the distinctive part, e.g. 'Qaeda' for 'Al-Qaeda')"
                )
        if len(words) < 2:
            raise VariantsError(f"{origin}, line {number}: a group needs at least two spellings")
        groups.append(list(dict.fromkeys(fold(w) for w in words)))
    return groups


def add_groups(table: dict[str, str], groups: list[list[str]]) -> dict[str, str]:
    """Add groups to a table; a group sharing a spelling with one already there joins it.

    The added group's canonical spelling becomes the joined group's canonical.
    """
    table = dict(table)
    for group in groups:
        canonical = group[0]
        members = set(group)
        for word in group:
            root = table.get(word, word)
            members |= {root} | {v for v, c in table.items() if c == root}
        for word in members:
            table[word] = canonical
        table.pop(canonical, None)
    return table


def parse_variants(text: str, origin: str = "<variants>") -> dict[str, str]:
    """Parse variants-file text into a map from each folded variant to its folded canonical form."""
    return add_groups({}, parse_groups(text, origin))


def default_variants_text() -> str:
    """Return the text of the variants list shipped with the package."""
    return resources.files("searchsvc.store").joinpath("data/variants.txt").read_text(encoding="utf-8")


def load_variants(extra_path: str | Path | None = None) -> dict[str, str]:
    """Return the variant table: the shipped list plus the operator's file (SEARCHSVC_VARIANTS)."""
    table = parse_variants(default_variants_text(), "searchsvc/store/data/variants.txt")
    path = extra_path or os.environ.get(VARIANTS_ENV)
    if path:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as error:
            raise VariantsError(f"{path}: cannot read the variants file ({error.strerror})") from None
        table = add_groups(table, parse_groups(text, str(path)))
    return table
