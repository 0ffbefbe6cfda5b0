"""How a headline is set among the lines around it: its standfirst, a kicker over it, buttons and a byline under it.

These tell the title rules (titles.py) which of two close candidates is the headline, and which lines under a
candidate to read for its byline or dateline.
"""

from __future__ import annotations

from searchsvc.ingest.bylines import is_byline, is_furniture
from searchsvc.ingest.dates import find_dates

# A standfirst has at least this many words, its headline above it at least this many (more than a kicker's),
# and the headline may score this much less (the standfirst echoes the body more).
STANDFIRST_WORDS = 12
STANDFIRST_HEADLINE_WORDS = 6
STANDFIRST_MARGIN = 2.5
# A headline without a sentence end over its byline may be this long (a quote, then its gloss).
LONG_HEADLINE_WORDS = 45
# A kicker over the headline has at most this many words (its dash included); a kicker that runs on into the line
# under it is as strong a sign as a breadcrumb's end or a truncated copy (3.5 to 8 give the same figures).
KICKER_WORDS = 7
KICKER_RUN_ON = 4
# At most this many buttons straight under a headline are passed over when its byline is looked for.
BUTTON_LINES = 6


def headline_over_standfirst(lines: list[str], best: int, best_score: float, scores: dict[int, float]) -> int:
    """Return the headline just above the best line when that line is its standfirst.

    A standfirst is set right under the headline and is longer; it retells the story's opening, so it echoes the
    body best. A kicker over a headline is short: the line above must be a headline of its own size.
    """
    above = next((i for i in range(best - 1, max(-1, best - 3), -1) if lines[i]), None)
    if above is None or above not in scores or best_score - scores[above] > STANDFIRST_MARGIN:
        return best
    headline, standfirst = lines[above], lines[best]
    longer = len(headline) < len(standfirst) and len(standfirst.split()) >= STANDFIRST_WORDS
    return above if longer and len(headline.split()) >= STANDFIRST_HEADLINE_WORDS else best


def signed_long_headline(lines: list[str], i: int) -> bool:
    """Tell whether a long line is a headline: no sentence end, and a byline within the next 2 lines.

    A standfirst of that length ends like a sentence; a long headline (a quote, then its gloss) does not.
    """
    line = lines[i]
    following = [o for o in lines[i + 1 : i + 5] if o][:2]
    return line[-1] not in ".!?" and any(is_byline(o) for o in following)


def runs_on_from_kicker(before: str) -> bool:
    """Tell whether the line above is a kicker that runs on into the next line: a few words ending in a dash.

    "Umbau des Weissen Hauses –" over "Trump plant ..." is one heading set on two lines. A label ends in a colon
    ("By:", "Read more:"), so a colon does not count.
    """
    words = before.split()
    return 2 <= len(words) <= KICKER_WORDS and words[-1] in ("–", "—", "-") and not is_furniture(before)


def is_button(line: str) -> bool:
    """Tell whether a line is a button or prompt of the page: furniture, or one bare word ("Post", "Teilen").

    A byline or dateline with a prompt on its line ("by NAME April 6, 2025 2 min read") is no button.
    """
    if is_byline(line) or find_dates(line):
        return False
    return is_furniture(line) or (len(line.split()) == 1 and line.isalpha())


def lines_under(lines: list[str], i: int) -> list[str]:
    """Return the 3 lines under a headline, past the share buttons set right under it.

    Share and print buttons often stand between a headline and its byline; only a run of them straight under the
    headline is passed over, so a menu item's next lines do not reach down to the article's byline.
    """
    following = [o for o in lines[i + 1 : i + 12] if o]
    skip = next((n for n, o in enumerate(following) if not is_button(o)), len(following))
    return following[skip : skip + 3] if skip <= BUTTON_LINES else following[:3]
