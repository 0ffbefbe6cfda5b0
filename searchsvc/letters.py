"""What the world's scripts write besides Latin letters: combining marks, sentence stops, words without spaces.

Python's \\w leaves combining marks out, so a word of Hindi, Bengali, Tamil or Thai ("पुलिस", "கமிஷன்"), or a
Latin word written with a combining accent, would fall apart at every vowel sign. Hindi ends a sentence with
"।", Urdu with "۔", Amharic with "።": a test of sentence ends that knows only "." reads none of their prose.
"""

from __future__ import annotations

import re
import unicodedata


def mark_ranges(top: int = 0x20000) -> str:
    """Return the combining marks (Unicode categories Mn, Mc, Me) below `top` as a character-class body."""
    spans: list[tuple[int, int]] = []
    for code in range(top):
        if unicodedata.category(chr(code))[0] == "M":
            if spans and spans[-1][1] == code - 1:
                spans[-1] = (spans[-1][0], code)
            else:
                spans.append((code, code))
    return "".join(chr(a) if a == b else f"{chr(a)}-{chr(b)}" for a, b in spans)


MARKS = mark_ranges()
# A word as a regular expression: letters and digits with the marks they carry. Marks join a word only
# after a letter, tried once at each word's end: a class of letters and marks in one measured 4x slower.
# Each run of marks stands between two runs of letters or at the end, so there is one way to match a word:
# with "(marks letters*)*" a run of 24 marks could be split 2^23 ways before a failing match gave up (4 s).
WORD_RUN = rf"\w+(?:[{MARKS}]+\w+)*[{MARKS}]*"
# Full stops of scripts other than Latin and CJK (Devanagari and Bengali danda, Arabic-script full stop,
# Armenian, Ethiopic, Myanmar, Khmer), and their question marks (Arabic, Ethiopic).
FULL_STOPS = "।॥۔։።။។"
QUESTION_MARKS = "؟፧"
# Hiragana, Katakana, the CJK ideographs and Hangul syllables: the letters page text counts as half a word each.
CJK_LETTERS = "\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af"
# Scripts written without spaces between words (Thai, Lao, Myanmar, Khmer): like Chinese and Japanese, their
# words are counted and searched by characters.
UNSPACED = "\u0e00-\u0e7f\u0e80-\u0eff\u1000-\u109f\u1780-\u17ff"
# Thai and Lao write no sentence stop either: a paragraph ends where its text does.
UNSTOPPED = re.compile("[\u0e00-\u0eff]$")
