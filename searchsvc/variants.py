"""Name variants: transliterations of one person or place that search treats as one word.

A variants file holds one group per line, comma-separated, canonical spelling first;
`#` starts a comment. The shipped list (searchsvc/data/variants.txt) always applies; the file
named by SEARCHSVC_VARIANTS adds groups to it. The table is baked into the index when it is
built, so the index must be rebuilt after either file changes.
"""

from __future__ import annotations

import os
import re
from importlib import resources
from pathlib import Path

from whoosh.support.charset import accent_map

VARIANTS_ENV = "SEARCHSVC_VARIANTS"
# One variant is one word as the tokenizer sees it (letters and digits, "." inside allowed).
WORD = re.compile(r"^\w+(\.?\w+)*$")


class VariantsError(ValueError):
    """A variants file cannot be read; the message names the file, line and problem."""


def fold(word: str) -> str:
    """Return a word as the analyzer sees it before variants: lowercased, accents folded."""
    return word.lower().translate(accent_map)


def parse_variants(text: str, origin: str = "<variants>") -> dict[str, str]:
    """Parse variants-file text into a map from each folded variant to its folded canonical form."""
    table: dict[str, str] = {}
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
        canonical = fold(words[0])
        for word in words[1:]:
            folded = fold(word)
            if folded != canonical:
                table[folded] = canonical
    return resolve(table)


def resolve(table: dict[str, str]) -> dict[str, str]:
    """Follow chains (a -> b -> c becomes a -> c) so every variant maps straight to a canonical."""
    resolved = {}
    for variant in table:
        seen, target = {variant}, table[variant]
        while target in table and target not in seen:
            seen.add(target)
            target = table[target]
        if target != variant:
            resolved[variant] = target
    return resolved


def default_variants_text() -> str:
    """Return the text of the variants list shipped with the package."""
    return resources.files("searchsvc").joinpath("data/variants.txt").read_text(encoding="utf-8")


def load_variants(extra_path: str | Path | None = None) -> dict[str, str]:
    """Return the variant table: the shipped list plus the operator's file (SEARCHSVC_VARIANTS)."""
    table = parse_variants(default_variants_text(), "searchsvc/data/variants.txt")
    path = extra_path or os.environ.get(VARIANTS_ENV)
    if path:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as error:
            raise VariantsError(f"{path}: cannot read the variants file ({error.strerror})") from None
        extra = parse_variants(text, str(path))
        # The operator's groups win: their canonical spellings stop being variants of another.
        for canonical in set(extra.values()):
            table.pop(canonical, None)
        table.update(extra)
        table = resolve(table)
    return table
