"""The body of a page text: the densest run of prose among its lines.

Each line scores its words when it reads like prose, and costs at least LINE_COST when it does not (a link, a
label, a caption, leaked script, a teaser): the best-scoring contiguous run wins, as in Finn et al.'s Body Text
Extraction. Other long runs on the same subject join it (an article cut by charts or boxes).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache, wraps
from typing import TypeVar

from searchsvc.ingest import bylines
from searchsvc.ingest.dates import find_dates
from searchsvc.letters import CJK_LETTERS, FULL_STOPS, QUESTION_MARKS, UNSPACED, UNSTOPPED

# What a line that is not prose costs the body run: about one link or label.
LINE_COST = 8
# Another run joins the body when it scores this much and this share of its words are the body's.
PART_MIN_SCORE = 60
PART_OVERLAP = 0.3
# A list of other stories: this many headline + lede pairs in a row (more when blank lines set the parts apart),
# each lede at most this many words.
TEASER_PAIRS = 4
SPACED_TEASER_PAIRS = 6
# ... and a spaced list stands by an article of this many prose words, its ledes sharing under this share of
# their words with it.
SPACED_LIST_ARTICLE = 60
SUBJECT_SHARE = 0.15
TEASER_LEDE_WORDS = 45
# A line over an article's own paragraph: a question, a numbered item ("3.", "#3"), a time stamp ("11:58 BST").
ARTICLE_SECTION_HEAD = re.compile(r"[?:]$|^(?:#?\d{1,3}[.)]\s|\d{1,2}[:.]\d{2}(?![.\d]))")
# A prose line has at least this many words and ends like a sentence.
PROSE_MIN_WORDS = 8
# Leaked script or style: code tokens, and this share of the line in brackets and operators.
CODE = re.compile(r"function\s*\(|=>|\b(?:var|const|let|return|typeof)\s|\w\.\w+\s*=|[;{}]\s*$|\{[\w-]+:")
CODE_SYMBOLS = 0.03
TERMINAL = re.compile(rf"[.!?\"”“’'»«)。！？」{FULL_STOPS}{QUESTION_MARKS}]$")
TRUNCATED = re.compile(r"(\.\.\.|…)$")
CJK = re.compile(f"[{CJK_LETTERS}]")
# Thai, Lao, Myanmar and Khmer letters and marks: a word takes about four of them.
UNSPACED_CHAR = re.compile(f"[{UNSPACED}]")
UNSPACED_WORD_CHARS = 4
# Line tests keep their answers for this many lines of at most this many characters.
CACHED_LINES = 8192
CACHED_LINE_CHARS = 2000
T = TypeVar("T")


def short_lines_cached(test: Callable[[str], T]) -> Callable[[str], T]:
    """Cache a line test for lines up to CACHED_LINE_CHARS long (a leaked script line may run to megabytes).

    The tests are asked many times over for the same lines: in each run search, for each teaser pair tried.
    """
    cached = lru_cache(maxsize=CACHED_LINES)(test)
    return wraps(test)(lambda line: cached(line) if len(line) <= CACHED_LINE_CHARS else test(line))


@short_lines_cached
def count_words(line: str) -> int:
    """Count words; CJK characters count as half a word each, Thai, Lao, Myanmar and Khmer ones as a quarter."""
    if line.isascii():
        return len(line.split())
    unspaced = len(UNSPACED_CHAR.findall(line))
    if not unspaced:
        return len(line.split()) + len(CJK.findall(line)) // 2
    # A Thai run between spaces is a phrase, not a word: counted by its letters alone ("เกี่ยวกับเรา | ติดต่อเรา",
    # a menu, is 6 words, not 8).
    spaced = sum(1 for token in line.split() if not UNSPACED_CHAR.search(token))
    return spaced + len(CJK.findall(line)) // 2 + unspaced // UNSPACED_WORD_CHARS


@short_lines_cached
def is_prose(line: str) -> bool:
    """Tell whether a line reads like a sentence of running text."""
    last = line[-1:]  # both patterns look at the last character only: searched for in it, not along the line
    if TRUNCATED.search(line) or not (TERMINAL.search(last) or UNSTOPPED.search(last)):
        return False
    return count_words(line) >= PROSE_MIN_WORDS


def looks_like_code(line: str) -> bool:
    """Tell whether a line is script or style text that leaked into the page text."""
    symbols = sum(line.count(c) for c in "{}();=<>[]")
    return symbols >= 6 and symbols > CODE_SYMBOLS * len(line) and bool(CODE.search(line))


def score_line(line: str) -> int:
    """Score a line for the body run: its words if prose, a cost otherwise."""
    words = count_words(line)
    if bylines.is_caption(line) or bylines.is_furniture(line) or looks_like_code(line):
        return -max(LINE_COST, words)
    if is_prose(line):
        return words
    return -max(LINE_COST, words)


def score_lines(lines: list[str]) -> list[int]:
    """Score every line; a teaser (headline glued to a cut-off paragraph) costs both lines."""
    scores = [score_line(line) if line else 0 for line in lines]
    for i in range(1, len(lines)):
        cut_off = count_words(lines[i]) >= 20 and not is_prose(lines[i])
        if cut_off and lines[i - 1] and count_words(lines[i - 1]) <= 25:
            scores[i - 1] = -max(LINE_COST, count_words(lines[i - 1]))
    for i in teaser_list_lines(lines):
        scores[i] = -max(LINE_COST, count_words(lines[i]))
    return scores


def teaser_list_lines(lines: list[str]) -> list[int]:
    """Return the lines of teaser lists: headline, one-paragraph lede, headline, lede ...

    An article's sub-headings stand over several paragraphs; a list of other stories (or of a publisher's other
    sites) pairs each headline with a single lede: TEASER_PAIRS times or more in a row with no blank line between,
    or SPACED_TEASER_PAIRS times with blank lines around each part, where a kicker may stand over the headline.
    Blank lines also set apart an article's own one-paragraph sections (an explainer, a Q&A, a listicle, a live
    blog), so a spaced list counts only beside an article whose words its ledes mostly do not share, and a
    question, a numbered item or a time stamp is never its headline.
    """
    found: list[int] = []
    for spaced, needed in ((False, TEASER_PAIRS), (True, SPACED_TEASER_PAIRS)):
        i = 0
        while i < len(lines):
            j, ledes = i, []
            while (after := teaser_pair_end(lines, j, spaced)) is not None:
                ledes.append(next(k for k in range(after - 1, j - 1, -1) if lines[k]))
                j = after
            long_enough = len(ledes) >= needed
            found.extend(range(i, j) if long_enough and (not spaced or off_subject(lines, i, j, ledes)) else [])
            i = j if long_enough else i + 1  # the tails of a list long enough are judged with it
    return found


def off_subject(lines: list[str], start: int, end: int, ledes: list[int]) -> bool:
    """Tell whether a list's ledes speak of other things than an article outside the list [start, end).

    The article is the page's prose outside the list (SPACED_LIST_ARTICLE words at least, above or below it).
    Measured on Reuters stories cut into one-paragraph sections, a story's own sections share a median 20-25 % of
    their words with its opening, other stories' ledes 4-9 %; the two overlap, so this is a guard, not a proof.
    """
    prose = [line for k, line in enumerate(lines) if not start <= k < end and line and is_prose(line)]
    if sum(map(count_words, prose)) < SPACED_LIST_ARTICLE:
        return False
    own = bylines.content_words(" ".join(lines[k] for k in ledes))
    return len(own & bylines.content_words(" ".join(prose))) < SUBJECT_SHARE * len(own)


def teaser_pair_end(lines: list[str], i: int, spaced: bool) -> int | None:
    """Return where a headline + lede pair that starts at line i ends (blank lines after it included), or None."""
    j = i
    while j < len(lines) and j - i < 1 + spaced and is_teaser_headline(lines[j]):
        j += 1
    if j == i or (spaced and any(is_section_head(lines[k]) for k in range(i, j))):
        return None
    if spaced:
        if j >= len(lines) or lines[j]:
            return None
        j += 1
    if j >= len(lines) or not is_prose(lines[j]) or count_words(lines[j]) > TEASER_LEDE_WORDS:
        return None
    j += 1
    while spaced and j < len(lines) and not lines[j]:
        j += 1
    return j


def is_section_head(line: str) -> bool:
    """Tell whether a line over a paragraph heads the article's own section (a question, item or time stamp)."""
    return bool(ARTICLE_SECTION_HEAD.search(line)) and not find_dates(line)  # "12. April 2024" is a teaser's date


@short_lines_cached
def is_teaser_headline(line: str) -> bool:
    return (
        bool(line)
        and not is_prose(line)
        and 1 <= count_words(line) <= 20
        and not bylines.is_furniture(line)
        and not bylines.is_byline(line)
    )


def find_body_span(lines: list[str], scores: list[int] | None = None) -> tuple[int, int]:
    """Return [start, end) of the best-scoring run of lines (blank lines score 0)."""
    best, best_span = 0, (0, 0)
    total, start = 0, 0
    for i, (line, score) in enumerate(zip(lines, score_lines(lines) if scores is None else scores)):
        if not line:
            continue
        if total <= 0:
            total, start = 0, i
        total += score
        if total > best:
            best, best_span = total, (start, i + 1)
    return best_span


def find_prose_runs(lines: list[str], scores: list[int] | None = None) -> list[tuple[int, int, int]]:
    """Return every locally best run of lines as (start, end, score), in page order."""
    runs: list[tuple[int, int, int]] = []
    total, start, best, best_end = 0, 0, 0, None
    for i, (line, score) in enumerate(zip(lines, score_lines(lines) if scores is None else scores)):
        if not line:
            continue
        if total <= 0:
            if best_end is not None:
                runs.append((start, best_end, best))
            total, start, best, best_end = 0, i, 0, None
        total += score
        if total > best:
            best, best_end = total, i + 1
    if best_end is not None:
        runs.append((start, best_end, best))
    return runs


def find_article_spans(lines: list[str], scores: list[int] | None = None) -> list[tuple[int, int]]:
    """Return the body run and the other long runs on the same subject (an article cut by charts or boxes)."""
    runs = find_prose_runs(lines, scores)
    if not runs:
        return []
    main = max(runs, key=lambda run: run[2])
    topic = bylines.content_words(" ".join(lines[main[0] : main[1]]))
    spans = []
    for run in runs:
        words = bylines.content_words(" ".join(lines[run[0] : run[1]]))
        if run is main or (run[2] >= PART_MIN_SCORE and len(words & topic) >= PART_OVERLAP * len(words)):
            spans.append((run[0], run[1]))
    return spans
