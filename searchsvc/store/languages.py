"""Per-language analysis: Snowball stemmers and stop lists by language code, and CJK bigrams.

Each story is analysed by its language (detected at ingest): the Snowball stemmer PyStemmer has
for it and the stop list Whoosh ships for it. A story in a language without a stemmer (Japanese,
Chinese, Korean, Vietnamese ...) is analysed language-neutrally: folded words, no stop words, no
stemming. Han, Kana and Hangul runs are split into overlapping bigrams (a lone character stays a
unigram) and full-width forms folded, as Elasticsearch's `cjk` analyzer does, in every language,
since Chinese names stand in English stories too. A story without a language is English, as before.
"""

from __future__ import annotations

import re
import unicodedata

import Stemmer
from whoosh.analysis import Filter
from whoosh.lang.stopwords import stoplists
from whoosh.support.charset import accent_map

from searchsvc.letters import MARKS, UNSPACED

# ISO 639-1 codes (as language detection gives them) -> PyStemmer's Snowball algorithms.
SNOWBALL = {
    "ar": "arabic",
    "hy": "armenian",
    "eu": "basque",
    "ca": "catalan",
    "cs": "czech",
    "da": "danish",
    "nl": "dutch",
    "en": "english",
    "eo": "esperanto",
    "et": "estonian",
    "fi": "finnish",
    "fr": "french",
    "de": "german",
    "el": "greek",
    "hi": "hindi",
    "hu": "hungarian",
    "id": "indonesian",
    "ga": "irish",
    "it": "italian",
    "lt": "lithuanian",
    "ne": "nepali",
    "no": "norwegian",
    "nb": "norwegian",
    "nn": "norwegian",
    "fa": "persian",
    "pl": "polish",
    "pt": "portuguese",
    "ro": "romanian",
    "ru": "russian",
    "sr": "serbian",
    "st": "sesotho",
    "es": "spanish",
    "sv": "swedish",
    "ta": "tamil",
    "tr": "turkish",
    "yi": "yiddish",
}
STEMMERS = {code: name for code, name in SNOWBALL.items() if name in Stemmer.algorithms()}
DEFAULT_LANGUAGE = "en"
# The analysis of a language without a stemmer: folded words only.
NEUTRAL = "neutral"

# Han (with extensions and compatibility ideographs), Hiragana, Katakana (with half-width forms), Hangul.
CJK_CHARS = (
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3040-\u309f\u30a0-\u30ff\u31f0-\u31ff\uff66-\uff9f"
    "\uac00-\ud7af\u1100-\u11ff\u3130-\u318f"
) + UNSPACED  # and Thai, Lao, Myanmar and Khmer, written without spaces between words: bigrams too
CJK_RUN = re.compile(f"[{CJK_CHARS}]+")
# A text to cut into CJK runs: one with CJK characters, or with characters width folding (NFKC) turns into CJK
# ones (circled and squared ideographs and Katakana, half-width Hangul: "㊀" -> "一", "ﾡ" -> "ᄀ"), as the chain
# cuts them. One class, so a text without any is read once.
CJK_TEXT = re.compile(f"[{CJK_CHARS}\u3200-\u33ff\uffa0-\uffdc]")
# NFKC writes Thai and Lao "ำ" as two characters: folded so, a run would split into other bigrams whole (a
# query) than in pieces (the index's fast path), so those scripts are left as written.
UNSPACED_CHAR = re.compile(f"[{UNSPACED}]")

# A word: a run of CJK characters, or letters, digits and the marks they carry ("." inside allowed)
# that are not CJK. [^\W...] is a word character that is not CJK in one class: a look-ahead per
# character cost two thirds of the prose analysis. Marks join a word only after a letter, tried once
# at each word's end (a class of letters and marks in one measured 4x slower than this).
WORD_CHARS = rf"[^\W{CJK_CHARS}]+(?:[{MARKS}]+[^\W{CJK_CHARS}]+)*[{MARKS}]*"
TOKEN_PATTERN = rf"{WORD_CHARS}(?:\.{WORD_CHARS})*|[{CJK_CHARS}]+"


def analysis_language(code: str | None) -> str:
    """Return the analysis a story of a language gets: its code when it has a stemmer, else NEUTRAL."""
    code = (code or DEFAULT_LANGUAGE).lower().split("-")[0]
    return code if code in STEMMERS else NEUTRAL


def stop_words(code: str) -> frozenset[str]:
    """Return a language's stop list (Whoosh's), folded as the words it is compared with."""
    return frozenset(word.lower().translate(accent_map) for word in stoplists.get(code, ()))


def bigrams(run: str) -> list[tuple[str, int, int]]:
    """Return the overlapping bigrams of a CJK run with their offsets in it (a lone character: itself)."""
    if len(run) == 1:
        return [(run, 0, 1)]
    return [(run[i : i + 2], i, i + 2) for i in range(len(run) - 1)]


class WidthFilter(Filter):
    """Fold full-width Latin letters and digits and half-width Katakana (NFKC), as Elasticsearch's cjk_width."""

    def __eq__(self, other):
        return other.__class__ is self.__class__

    def __call__(self, tokens):
        for token in tokens:
            token.text = width_folded(token.text)
            yield token


def width_folded(text: str) -> str:
    """Return a word as WidthFilter folds it: NFKC, except ASCII (unchanged) and Thai, Lao, Myanmar, Khmer."""
    if text.isascii() or UNSPACED_CHAR.search(text):
        return text
    return unicodedata.normalize("NFKC", text)


class CJKBigramFilter(Filter):
    """Split each CJK run into overlapping bigrams, as Elasticsearch's cjk_bigram filter does."""

    def __eq__(self, other):
        return other.__class__ is self.__class__

    def __call__(self, tokens):
        shift = 0
        for token in tokens:
            if not CJK_RUN.fullmatch(token.text):
                if token.positions:
                    token.pos += shift
                yield token
                continue
            text, start, pos = token.text, getattr(token, "startchar", 0), getattr(token, "pos", 0)
            parts = bigrams(text)
            for number, (part, begin, end) in enumerate(parts):
                token.text = part
                if token.positions:
                    token.pos = pos + shift + number
                if token.chars:
                    token.startchar, token.endchar = start + begin, start + end
                yield token
            shift += len(parts) - 1
