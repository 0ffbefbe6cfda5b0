"""Author names as people write them: bylines cut to names, capitals restored, agencies kept apart.

"By Jane Okafor, Reuters" is the person Jane Okafor, with Reuters as the credit; "BY TED D'AFFLISIO"
is Ted D'Afflisio. The same person in capitals and in mixed case is stored the same way, so the
author facet counts them once.
"""

from __future__ import annotations

import re

from searchsvc.ingest.authors import AGENCY

BY = re.compile(r"^\s*(?:by|von|par|por|written by|reporting by)\s*:?\s+", re.I)
# Names in one byline: "A, B and C", "A & B", "A; B".
SEPARATOR = re.compile(r"\s*(?:,|;|&|\band\b|\bund\b|\bet\b|\by\b)\s*", re.I)
AGENCY_NAME = re.compile(r"^(?:%s|Reuter)$" % AGENCY, re.I)
# An agency glued on without a comma: "Brad Schade Reuters".
AGENCY_TAIL = re.compile(r"\s+(?:Reuters?|AP|AFP|dpa)$")
# Name particles written in lower case inside a name ("Ludwig van Beethoven", "Ursula von der Leyen").
PARTICLES = frozenset("von van der den de da del di du la le zu bin ibn al".split())
PIECE = re.compile(r"([\w]+)")
# Authors given as mail addresses (newsgroups, mailing lists) are kept as they are.
ADDRESS = re.compile(r"@|<[^>]*>")


def restore_capitals(name: str) -> str:
    """Return a name written all in capitals in the usual case; others as they are (small letters may be a handle)."""
    letters = [c for c in name if c.isalpha()]
    if not letters or not all(c.isupper() for c in letters) or any(c.isdigit() for c in name):
        return name
    words = []
    for n, word in enumerate(name.split()):
        if n and word.casefold() in PARTICLES:
            words.append(word.casefold())
        else:
            # Each piece between apostrophes and hyphens opens with a capital: D'Afflisio, Jervis-Bardy.
            words.append(PIECE.sub(lambda m: m.group(1)[:1].upper() + m.group(1)[1:].lower(), word))
    return " ".join(words)


def split_byline(values: list[str]) -> tuple[list[str], list[str]]:
    """Return the person names and the agency credits of bylines, in order and without repeats."""
    names: list[str] = []
    agencies: list[str] = []
    for value in values:
        if ADDRESS.search(value):
            names.append(value)  # "jdoe@host.edu (John Doe)": a mail address, not a byline
            continue
        text = BY.sub("", " ".join(value.split()))
        for part in SEPARATOR.split(text):
            part = part.strip(" .")
            if not part:
                continue
            # "REUTERS" in a byline set in capitals is the agency too.
            agency = next((p for p in (part, restore_capitals(part)) if AGENCY_NAME.match(p)), None)
            if agency:
                agencies.append("Reuters" if agency.casefold() == "reuter" else agency)
                continue
            glued = AGENCY_TAIL.search(part)
            if glued:
                agencies.append(glued.group(0).strip())
                part = part[: glued.start()]
            names.append(restore_capitals(BY.sub("", part)))
    return list(dict.fromkeys(names)), list(dict.fromkeys(agencies))
