"""Where an article ends: the comments and "more stories" headings under it.

A reader's copy of a page runs on past the article into its comments and lists
of other stories, whose prose can score like the body's. A heading that opens
such a section ends the body once a good part of the body is above it; higher up,
the same words are a link in the page header and the body runs on past them.
A "more stories" heading also stands over boxes inside an article, so it ends
the body only when no article prose follows it (paragraphs several in a row, or
one longer than a teaser's lede) and other stories do: no prose at all, or
headline and lede pairs. Under a box, the box's headline and byline and then
the article's last short paragraphs are neither.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable

from searchsvc.ingest.bodyrun import teaser_pair_end

COMMENTS = re.compile(
    r"\d[\d.,]*\s+comments?|comments?\s*\(\d+\)|kommentare?\s*\(\d+\)"
    r"|(?:all\s+|view\s+|show\s+|read\s+|load\s+|see\s+)?(?:the\s+)?comments(?:\s*\(\d+\)|\s+\d+)?"
    r"|(?:view|show|read|load|see)\s+comment"
    r"|join\s+the\s+(?:conversation|discussion)|leave\s+a\s+(?:comment|reply)|(?:add|post)\s+a\s+comment"
    r"|discussion\s+policy|(?:\d+\s+)?kommentare(?:\s*\(\d+\))?|\d+\s+kommentar|kommentar\s+schreiben"
    r"|diskutieren\s+sie\s+mit|\d*\s*commentaires|\d+\s+commentaire|\d*\s*comentarios|\d+\s+comentario"
    r"|envi[aá]\s+tu\s+comentario|deja\s+tu\s+comentario",
    re.I,
)
MORE_STORIES = re.compile(
    r"you\s+(?:may|might)\s+also\s+(?:like|enjoy|be\s+interested\s+in)"
    r"|related(?:\s+(?:stories|articles|posts|news|coverage|reading))?"
    r"|more\s+(?:stories|news|articles|from\s+.{2,40}|on\s+this\s+(?:story|topic)|trending|to\s+read)"
    r"|das\s+könnte\s+(?:sie|dich)\s+auch\s+interessieren|mehr\s+(?:aus|von|zum\s+thema)\b.{0,40}"
    r"|weitere\s+(?:artikel|nachrichten|meldungen|themen)|auch\s+interessant|top\s+reads\b.{0,30}"
    r"|most\s+(?:read|popular|viewed)|up\s+next|(?:what\s+to\s+)?read\s+next|recommended(?:\s+for\s+you)?"
    r"|související|más\s+sobre\s+.{2,40}|sur\s+le\s+même\s+sujet|les\s+plus\s+lus"
    # A bare "Comment" / "Kommentar" also labels an opinion piece's teaser box.
    r"|comment|kommentar|commentaire|comentario",
    re.I,
)
# The comment section's heading of WordPress and its kin, before the post's title: "5 thoughts on “Title”",
# "3 Responses to “Title”", "12 Antworten", "One Reply", "4 Gedanken zu „Title“" (any length: the quoted title
# follows; "3 comments on the bill ..." is a sentence).
COUNTED_COMMENTS = re.compile(
    r"(?:\d+|one|no|ein|eine|un|une|uno|una)\s+(?:thoughts?|responses?|repl(?:y|ies)|comments?|gedanken|antwort(?:en)?|"
    r"kommentare?|réflexions?|réponses?|commentaires?|comentarios?|respuestas?|risposte|commenti)"
    r"(?:\s+(?:on|to|zu|zum|zur|auf|sur|à|en|a|su|para)\s+[“„\"«‘'‹].*)?",
    re.I,
)
# A heading that starts with its count ("35 Comments"), and the most words such a heading may hold with the title.
COUNTED = re.compile(r"\d+\s+\w")
COUNTED_WORDS = 30
# An arrow or chevron after a heading's words links to the section ("35 Comments »").
HEADING_END = " :.»›→↓>"
# A heading is a short line; it ends the body when at least this share of the body's words (and MIN_ABOVE) is above it.
HEADING_WORDS = 8
SHARE_ABOVE = 0.3
MIN_ABOVE = 100
# Article prose after a box: this many prose paragraphs in a row, or one longer than a teaser's lede.
PARAGRAPHS_IN_A_ROW = 3
LEDE_WORDS = 45
# Other stories under a heading: at least this many headline and lede pairs.
TEASER_PAIRS_AFTER = 2


def heading_kind(line: str, count_words: Callable[[str], int] = lambda line: len(line.split())) -> str | None:
    """Return "comments" or "more" for a heading that opens such a section, else None."""
    text = line.strip().rstrip(HEADING_END).strip()
    if len(text.split()) <= COUNTED_WORDS and COUNTED_COMMENTS.fullmatch(text):
        return "comments"
    if count_words(line) > HEADING_WORDS:
        return None
    if COMMENTS.fullmatch(text):
        return "comments"
    return "more" if MORE_STORIES.fullmatch(text) else None


def article_end(
    lines: list[str], start: int, end: int, count_words: Callable[[str], int], is_prose: Callable[[str], bool]
) -> int:
    """Return where the body run [start, end) ends: at the first heading of its comments or of other stories."""
    below = Below(lines, start, end, count_words, is_prose)
    total = sum(count_words(line) for line in lines[start:end])
    above = 0
    for i in range(start, end):
        kind = (
            heading_kind(lines[i], count_words) if lines[i] and above >= max(MIN_ABOVE, SHARE_ABOVE * total) else None
        )
        # A counted comments heading ("35 Comments", "5 thoughts on “Title”") is no link of the page's header: once
        # a paragraph's worth of text stands above it, it ends a short post followed by long comments.
        if kind is None and lines[i] and above >= MIN_ABOVE and COUNTED.match(lines[i]):
            kind = heading_kind(lines[i], count_words)
        if kind == "comments" or (kind == "more" and not below.article(i) and below.teasers(i)):
            return i
        above += count_words(lines[i])
    return end


class Below:
    """What stands below each line of a run, worked out in one pass over it (a page may hold thousands of lines).

    Article prose below a line: prose paragraphs PARAGRAPHS_IN_A_ROW in a row, or one longer than a teaser's lede.
    Two short paragraphs under a box are not told from two teasers' ledes; looking only a few lines ahead, or
    asking for two paragraphs in a row, cut boxes out of more articles on the page sets than they kept.
    Other stories below a line: no prose at all, or TEASER_PAIRS_AFTER headline and lede pairs, counted along the
    run as a chain (a kicker and its headline are one pair); a box's headline and byline over the article's last
    short paragraphs are neither.
    """

    def __init__(
        self, lines: list[str], start: int, end: int, count_words: Callable[[str], int], is_prose: Callable[[str], bool]
    ) -> None:
        self.end = end
        self.last_article = self.last_prose = -1
        in_a_row = 0
        for i in range(start, end):
            if not lines[i]:
                continue
            in_a_row = in_a_row + 1 if is_prose(lines[i]) else 0
            if in_a_row:
                self.last_prose = i
            if in_a_row >= PARAGRAPHS_IN_A_ROW or (in_a_row and count_words(lines[i]) > LEDE_WORDS):
                self.last_article = i
        self.pair_starts: list[int] = []
        j = start
        while j < end:
            after = teaser_pair_end(lines, j, False) or teaser_pair_end(lines, j, True) if lines[j] else None
            if after:
                self.pair_starts.append(j)
            j = after or j + 1

    def article(self, i: int) -> bool:
        """Tell whether article prose follows line i (a run of paragraphs that ends below it)."""
        return self.last_article > i

    def teasers(self, i: int) -> bool:
        """Tell whether other stories follow line i: no prose at all, or enough headline and lede pairs."""
        pairs = len(self.pair_starts) - bisect_right(self.pair_starts, i)
        return self.last_prose <= i or pairs >= TEASER_PAIRS_AFTER
