"""Author rules for page text: bylines, name lines beside a dateline, author bios.

A name is found by where it stands (under the title, beside a dateline, under a
"By" label, over a role line) and by its shape (2-5 capitalised words), never
by a list of known people or publishers.
"""

from __future__ import annotations

import re

from searchsvc.ingest.bylines import (
    BIO, DATE_WORD, NAME, NAME_SPLIT, is_byline, is_caption, is_furniture, names_in_byline,
)
from searchsvc.ingest.dates import find_dates

ROLE = re.compile(
    r"^(?:senior |chief |deputy |political |staff |news |freie[rn]? )?(?:journalist|reporter|editor|correspondent|"
    r"writer|columnist|redakteur(?:in)?|korrespondent(?:in)?|kolumnist(?:in)?|autor(?:in)?|redaktor(?:in)?|"
    r"corresponsal|redactora?|periodista|journaliste|rédact(?:eur|rice)|giornalista|redattore)\b.{0,40}$",
    re.I,
)
BYLINE_LABEL = re.compile(
    r"^(?:\w+ )?(?:by|von|por|par|di|de|door|av|text|author|autor|autorin|authors|autoren|author of the article|"
    r"written by|reporting by|sobre la firma)\s*:?$",
    re.I,
)
NAME_LINE_STOP = re.compile(r"\s[|•·/–—-]\s|\d|\s\(")


def name_line(line: str) -> str | None:
    """Return the person name(s) a line consists of ("Dan Jervis-Bardy", "María R. Sahuquillo | Bruselas")."""
    if is_caption(line) or is_furniture(line) or line.endswith((".", "?", "!", ":")):
        return None
    stop = NAME_LINE_STOP.search(line)
    text = (line[: stop.start()] if stop else line).strip(" ,")
    parts = [p for p in NAME_SPLIT.split(text) if p]
    if parts and all(NAME.match(p) for p in parts):
        return ", ".join(parts)
    words = text.split()
    if 4 <= len(words) <= 9 and all(w[0].isupper() for w in words):
        return text  # several names without separators: "Birgit Baumann Anna Giulia Fink"
    return None


def find_author(lines: list[str], start: int, end: int, title_at: int | None) -> str | None:
    """Return the author's name(s): a byline near the body, a name line by the dateline, else a bio's name."""
    header_from = max(0, (title_at if title_at is not None else start - 12) - 3)
    near_end = [line for line in lines[end : end + 12] if line][:6]
    for line in lines[header_from:start] + lines[start : start + 3] + near_end:
        if is_byline(line):
            return ", ".join(names_in_byline(line))
    # The byline block may also open the prose run (a dateline and a name between paragraphs).
    header = [i for i in range(header_from, start) if lines[i]] + [i for i in range(start, end) if lines[i]][:8]
    for n, i in enumerate(header):
        names = name_line(lines[i])
        if not names or i == title_at:
            continue
        before = lines[header[n - 1]] if n else ""
        after = lines[header[n + 1]] if n + 1 < len(header) else ""
        if BYLINE_LABEL.match(before) or header[n - 1 if n else 0] == title_at or ROLE.match(after):
            return names  # "By" on a line of its own, the line right under the title, a role under the name
        if any(find_dates(o) or DATE_WORD.search(o) for o in (lines[i], before, after) if len(o.split()) <= 12):
            return names  # a name on or beside the dateline
    standalone = {line for i, line in enumerate(lines) if line and not start <= i < end}
    for line in lines[end:]:
        match = BIO.match(line)
        if match and match.group(1) in standalone:
            return match.group(1)
    return None
