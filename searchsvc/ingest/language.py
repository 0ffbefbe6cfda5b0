"""Article language: the page's own hint, else detected from the body."""

from __future__ import annotations

import re

import py3langid

# Below this many letters py3langid guesses more than it knows.
MIN_LETTERS = 40
_LETTER = re.compile(r"[^\W\d_]")
_HINT = re.compile(r"^\s*([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]+)*\s*$")


def normalise_language(hint: object) -> str | None:
    """Return the ISO 639-1 code of a hint like "de-AT" or "en_US", or None."""
    match = _HINT.match(hint) if isinstance(hint, str) else None
    return match.group(1).lower() if match and len(match.group(1)) == 2 else None


def detect_language(text: str, hint: object = None) -> str | None:
    """Return the hint's language when it has one, else py3langid's guess (None for short text)."""
    code = normalise_language(hint)
    if code:
        return code
    if len(_LETTER.findall(text, 0, 2000)) < MIN_LETTERS:
        return None
    # py3langid loads its model once per process, on first use.
    return py3langid.classify(text[:2000])[0]
