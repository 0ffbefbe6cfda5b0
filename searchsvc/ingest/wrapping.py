"""Hard-wrapped text joined back into paragraphs.

Wire copy, e-mail and text-browser dumps break every paragraph into lines of a
fixed width; the body rules read a paragraph per line. Two ways to tell:
- fixed width: almost every line is at most WRAP_WIDTH_MAX characters, many
  reach near the longest, and a good share of those stop inside a sentence that
  the next line goes on with (in lower case, or after a comma). A line that
  reaches the margin, or stops short of it without ending a sentence, runs on
  into the next, unless the next is blank or indented deeper (a new paragraph,
  as wire copy marks them). Page text copied from a browser holds a paragraph
  on one line: long ones pass the width, short ones end their sentences;
- run-on lines: many lines run on into a line that starts in lower case (a dump
  whose width varies with the page's layout).

Joined lines leave blank lines behind, so that line numbers keep pointing at the same text.
"""

from __future__ import annotations

from searchsvc.ingest.bodyrun import TERMINAL

# A wrapped text's lines are at most this long (wrapping is done at 60-80 characters).
WRAP_WIDTH_MAX = 100
# ... its longest line at least this long (a list of short labels is no wrapped text) ...
WRAP_WIDTH_MIN = 40
# ... nearly all its lines within that width, and this share of its lines near its longest.
WITHIN_WIDTH = 0.98
NEAR_MARGIN = 0.7
AT_MARGIN_SHARE = 0.4
CUT_SHARE = 0.25
MIN_LINES = 4
# A page is a run-on dump when this many lines run on into a lower-case line.
MIN_WRAPPED_JOINS = 20


def unwrap(raw: list[str], lines: list[str]) -> list[str]:
    """Join the lines of hard-wrapped text; `raw` are the lines as written, `lines` the same stripped."""
    width = fixed_width(raw)
    if width:
        return join_fixed_width(raw, lines, width)
    return join_run_ons(lines)


def fixed_width(raw: list[str]) -> int | None:
    """Return the width a text is wrapped at, or None when its lines are not wrapped at a fixed width."""
    lengths = [len(line.rstrip()) for line in raw if line.strip()]
    if len(lengths) < MIN_LINES:
        return None
    within = sorted(n for n in lengths if n <= WRAP_WIDTH_MAX)
    if len(within) < WITHIN_WIDTH * len(lengths):
        return None
    width = within[-1]
    at_margin = [i for i, line in enumerate(raw) if NEAR_MARGIN * width <= len(line.rstrip()) <= width]
    # Wrapping cuts sentences: most lines at the margin stop inside one that the next line goes on with. Short
    # paragraphs on lines of their own (a site that sets a sentence per paragraph) end theirs, and headlines near the
    # margin, which end without a full stop, are followed by a line of their own.
    cut = sum(1 for i in at_margin if goes_on(raw[i], raw[i + 1] if i + 1 < len(raw) else ""))
    wrapped = len(at_margin) >= AT_MARGIN_SHARE * len(lengths) and cut >= CUT_SHARE * len(at_margin)
    return width if width >= WRAP_WIDTH_MIN and wrapped else None


def goes_on(line: str, following: str) -> bool:
    """Tell whether a line stops inside a sentence that the following line goes on with."""
    line, following = line.rstrip(), following.strip()
    if not following or TERMINAL.search(line):
        return False
    return following[0].islower() or following[0].isdigit() or line.endswith((",", "-", ";"))


def join_fixed_width(raw: list[str], lines: list[str], width: int) -> list[str]:
    """Join each line that reaches the margin with the next, unless that one is blank or indented deeper."""
    out = list(lines)
    head = 0  # the line the current paragraph is joined into
    for i in range(1, len(lines)):
        previous, line = raw[i - 1].rstrip(), raw[i]
        # A line short of the margin runs on too unless it ends a sentence (a dateline cut off its start).
        reaches = len(previous) >= NEAR_MARGIN * width or not TERMINAL.search(previous)
        runs_on = (
            lines[i - 1] and lines[i] and reaches and indent(line) <= indent(previous) and len(line) <= WRAP_WIDTH_MAX
        )
        if runs_on and out[head]:
            out[head], out[i] = f"{out[head]} {lines[i]}", ""
        else:
            head = i
    return out


def indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def join_run_ons(lines: list[str]) -> list[str]:
    """Join a line running on into one that starts in lower case, when the page has many such."""

    def runs_on(i: int) -> bool:
        previous, line = lines[i - 1], lines[i]
        return len(previous) >= 30 and bool(line) and line[0].islower() and not TERMINAL.search(previous)

    joins = [i for i in range(1, len(lines)) if runs_on(i)]
    if len(joins) < MIN_WRAPPED_JOINS:
        return lines  # a few such lines are headings over text, not a wrapped dump
    out = list(lines)
    for i in reversed(joins):
        out[i - 1], out[i] = f"{out[i - 1]} {out[i]}", ""
    return out
