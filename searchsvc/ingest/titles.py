"""Title rules for page text: which headline-shaped line before the body is the article's title.

A title is chosen by its shape (short, no sentence end), by the body's opening echoing its words and by
where the page repeats it (breadcrumb, share line, a truncated copy), never by one publisher's page. How a
headline sits among its standfirst, kicker, buttons and byline is in headlines.py.
"""

from __future__ import annotations

import re

from searchsvc.ingest.bylines import (
    CJK,
    TIME_AGO,
    content_words,
    credit_follows,
    is_byline,
    is_caption,
    is_furniture,
    is_tag_line,
)
from searchsvc.ingest.dates import find_dates
from searchsvc.ingest.headlines import (
    KICKER_RUN_ON,
    LONG_HEADLINE_WORDS,
    headline_over_standfirst,
    lines_under,
    runs_on_from_kicker,
    signed_long_headline,
)
from searchsvc.letters import FULL_STOPS

# A line ending like a sentence ("... said."), not an abbreviation ("N.Y.C.").
SENTENCE_END = re.compile(rf"[a-zà-ÿ0-9\"”»)]{{2}}\.$|\S[{FULL_STOPS}]$")
# A caption led by a shouted word, ending like a sentence ("KNIV: Denne kniven ble brukt ...."). A headline's
# shouted kicker ("WATCH: ...", "LIVE: ...") is not followed by a sentence's full stop.
SHOUTED_CAPTION = re.compile(r"^[^\W\d_a-zß-ÿ]{3,}(?: [^\W\d_a-zß-ÿ]+)?: .*[a-zß-ÿ]{2}\.$")
TRAIL_SEPARATOR = re.compile(r"\s[:>|/»›]\s*$")
# What may stand between kicker and headline: a colon, spaces, or nothing (two elements copied without a space).
KICKER_GAP = re.compile(r"\s*:\s*|\s+")
# Below this a headline-shaped line is no title (an empty title falls back to the body).
MIN_TITLE_SCORE = 1.5
# A prompt that introduces another story's teaser ("Read more", "Lesen Sie auch", "Czytaj więcej"): the headline
# under it is that story's.
TEASER_PROMPT = re.compile(
    r"^(?:read more|read next|also read|read also|see also|related|lesen sie auch|mehr zum thema|weiterlesen|"
    r"czytaj (?:więcej|też|także)|zobacz (?:też|także)|à lire aussi|lire aussi|leer más|lee también|leggi anche|"
    r"vedi anche|les også|läs också|lees ook|leia também|leia mais|sur le même sujet|on the same (?:subject|topic)|"
    r"more on this (?:story|topic)|zum thema|más sobre|sullo stesso (?:tema|argomento))\b",
    re.I,
)
# A prompt's teaser block runs on, without a blank line, for up to this many lines (kicker, headline, byline ...).
TEASER_BLOCK = 6
# With no title before the body, a headline over its byline is looked for among the run's first lines.
RUN_HEAD_LINES = 12
# A headline follows a breadcrumb when at least this many of the 3 lines above it are menu labels.
TRAIL_LABELS = 2


def opens_headline(line: str) -> bool:
    """Tell whether a line starts like a headline: a capital, a digit, a quote, or a letter of a caseless script."""
    first = line[0]
    # Chinese, Japanese, Korean, Arabic, Hebrew, Thai ... have no capitals: any letter may open their headlines.
    return first.isupper() or (first.isalpha() and not first.islower()) or first in "\"'“‘„«0123456789"


def find_title(lines: list[str], start: int, window: int, scored: list[tuple[int, float]] | None = None) -> int | None:
    """Return the index of the title: a headline-shaped line before the body that the body echoes."""
    best, best_score = None, MIN_TITLE_SCORE
    scored = score_titles(lines, start, window) if scored is None else scored
    for i, score in scored:
        if score > best_score:
            best, best_score = i, score
    return best if best is None else headline_over_standfirst(lines, best, best_score, dict(scored))


def title_text(lines: list[str], title_at: int) -> str:
    """Return the title line, or its copy elsewhere on the page that keeps the colon after the kicker.

    A headline set as kicker + heading often loses its separator when the two are copied as one line
    ("Ausschuss zur Ahrtal-Flut Zwei Rücktritte"); the page's breadcrumb or share text keeps it.
    """
    title = lines[title_at]
    # "Kultur : Headline": a section label set before the headline with a spaced colon; the page prints the
    # headline alone too (its breadcrumb's last item), so the label is no part of it.
    label, sep, rest = title.partition(" : ")
    if sep and len(label.split()) <= 2 and rest in lines:
        return rest
    key = KICKER_GAP.sub("", title).casefold()
    for line in lines:
        if ":" in line and len(line) > len(title) and KICKER_GAP.sub("", line).casefold() == key:
            return line
    return title


def is_trail_end(other: str, line: str) -> bool:
    """Tell whether another line ends with this one after a breadcrumb glued on or a spaced separator.

    "WorldPoliticsHEADLINE" and "Share this Story : HEADLINE" end with the headline; "Kicker: Subtitle"
    ends with its subtitle, which is no headline of its own.
    """
    if len(other) <= len(line) or not other.endswith(line):
        return False
    lead = other[: -len(line)]
    return not lead[-1].isspace() and lead[-1].isalnum() or bool(TRAIL_SEPARATOR.search(lead))


def is_nav_label(line: str) -> bool:
    """Tell whether a line reads like one item of a menu or breadcrumb: a word or three, no digit, no sentence."""
    return (
        len(line.split()) <= 3
        and line[-1] not in ".!?:"
        and not any(c.isdigit() for c in line)
        and not is_furniture(line)
    )


def follows_trail(lines: list[str], i: int) -> bool:
    """Tell whether a line comes right after a breadcrumb or menu: most of the lines just above are labels."""
    above = [o for o in lines[max(0, i - 4) : i] if o][-3:]
    return len(above) >= TRAIL_LABELS and sum(map(is_nav_label, above)) >= TRAIL_LABELS


def in_teaser_block(lines: list[str], i: int) -> bool:
    """Tell whether a line is in the unbroken block of lines a "Read more" prompt opens."""
    for line in reversed(lines[max(0, i - TEASER_BLOCK) : i]):
        if not line:
            return False
        if TEASER_PROMPT.match(line):
            return len(line.split()) <= 4 and not line.endswith(":")  # the prompt alone heads a block
    return False


def under_teaser_prompt(lines: list[str], i: int) -> bool:
    """Tell whether a line stands under a "Read more" prompt: within 2 lines, or in the block it opens."""
    above = [o for o in lines[max(0, i - 4) : i] if o][-2:]
    return any(TEASER_PROMPT.match(o) for o in above) or in_teaser_block(lines, i)


def score_titles(lines: list[str], start: int, window: int) -> list[tuple[int, float]]:
    """Score the headline-shaped lines shortly before the body (nearest first)."""
    seen: dict[str, int] = {}
    for line in lines:
        if line:
            seen[line.casefold()] = seen.get(line.casefold(), 0) + 1
    lede = content_words(" ".join(lines[start : start + 6]))
    # Every copy of a headline printed under a breadcrumb counts: the copy with the byline under it may be another.
    trail_ends = {
        lines[i].casefold()
        for i in range(max(0, start - window), start + 1)
        if lines[i] and not is_tag_line(lines[i]) and follows_trail(lines, i)
    }
    candidates = [i for i in range(max(0, start - window), start) if lines[i]]
    if start < len(lines) and len(lines[start].split()) <= 20 and not lines[start].endswith("."):
        candidates.append(start)  # a headline ending in "?" or "!" reads like prose: it may open the run
    scored = []
    for distance, i in enumerate(reversed(candidates)):
        line = lines[i]
        words = len(line.split()) + len(CJK.findall(line)) // 2
        signed = words > 25 and signed_long_headline(lines, i)
        if (
            not 2 <= words <= (LONG_HEADLINE_WORDS if signed else 30)
            or len(line) < (6 if CJK.search(line) else 12)
            or not opens_headline(line)
        ):
            continue
        if is_caption(line) or is_furniture(line) or is_byline(line) or find_dates(line) or credit_follows(lines, i):
            continue  # a caption over its credit ("Foto: NAME") may echo the story best, but is no headline
        if SHOUTED_CAPTION.match(line):
            continue  # "FORTVILET: Her tror NAME at ...": a caption with its label shouted, not a headline
        if under_teaser_prompt(lines, i):
            continue  # another story's teaser headline, under its "Read more" prompt
        own = content_words(line)
        score = 1.0 if 5 <= words <= 20 else 0.0
        if own:
            # The opening of the story echoes its headline; a bare name echoes it too, so weigh by words.
            echo = lede if i < start else content_words(" ".join(lines[start + 1 : start + 7]))
            score += 4 * len(own & echo) / max(len(own), 4)
        if words >= 4 and seen[line.casefold()] > 1 and own & lede:
            score += 3  # the page repeats its headline (share box, breadcrumb); menus repeat too, but echo nothing
        if any(
            o and o != line and len(o) >= 0.6 * len(line) and len(o.split()) >= 4 and line.startswith(o) for o in lines
        ):
            score += 3  # a truncated copy of the headline elsewhere on the page
        if words >= 4 and not CJK.search(line) and any(is_trail_end(o, line) for o in lines if o):
            score += 3  # the end of a breadcrumb or share line ("Home > World > HEADLINE", "Share this : HEADLINE")
        following = lines_under(lines, i)
        if any(
            is_byline(o) or (find_dates(o) and len(o.split()) <= 15) or (len(o.split()) <= 6 and TIME_AGO.search(o))
            for o in following
        ):
            score += 1.5  # a byline or dateline just under it
        before = lines[i - 1] if i else ""
        after = lines[i + 1] if i + 1 < len(lines) else ""
        if runs_on_from_kicker(before):
            score += KICKER_RUN_ON  # a kicker that runs on into it ("Umbau des Weissen Hauses –")
        if not before and not after:
            score += 1  # a block of its own
        if words >= 4 and not line.endswith(".") and line.casefold() in trail_ends:
            score += 2  # the first line under a breadcrumb or section menu ("Home", "Politik", "Ausland")
        if SENTENCE_END.search(line) or (words > 25 and not signed):
            score -= 3  # reads like a sentence (a standfirst or caption), not a headline
        score -= 0.05 * distance
        scored.append((i, score))
    return scored


def find_title_in_run(lines: list[str], start: int, end: int) -> int | None:
    """Return the index of a headline among the run's first lines: headline-shaped, with a byline just under it.

    Only asked when no title stands before the body: then the run began above the article (a notice, a teaser
    read as prose), and a headline there is a long one that reads like prose itself ("... «quote»").
    """
    head = [i for i in range(start, end) if lines[i]][:RUN_HEAD_LINES]
    for n, i in enumerate(head):
        line = lines[i]
        words = len(line.split())
        if not 4 <= words <= 30 or not opens_headline(line) or line.endswith(".") or is_byline(line):
            continue
        if is_caption(line) or is_furniture(line) or find_dates(line):
            continue
        if any(is_byline(lines[o]) for o in head[n + 1 : n + 3]):
            return i
    return None
