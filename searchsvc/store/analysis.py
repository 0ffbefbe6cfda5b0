"""Whoosh analyzers: how text becomes index terms.

Whoosh pickles the analyzers into the index's schema, so an index keeps the
variant table and stemmer it was built with, and queries against it are
analysed the same way until the index is rebuilt.
"""

from __future__ import annotations

import re
import threading
from collections import Counter
from collections.abc import Iterable
from itertools import compress, repeat
from itertools import count as counter
from operator import is_not
from typing import cast

import Stemmer
from whoosh.analysis import (
    CharsetFilter,
    CompositeAnalyzer,
    Filter,
    LowercaseFilter,
    RegexTokenizer,
    StopFilter,
    Token,
)
from whoosh.support.charset import accent_map

from searchsvc.letters import MARKS

from .languages import (
    CJK_RUN,
    CJK_TEXT,
    DEFAULT_LANGUAGE,
    NEUTRAL,
    STEMMERS,
    TOKEN_PATTERN,
    CJKBigramFilter,
    WidthFilter,
    analysis_language,
    bigrams,
    stop_words,
    width_folded,
)
from .variants import load_variants

# Marks a word not yet looked up in a chain's cache of terms (None: a word the chain drops).
MISSING = object()
# The classic word pattern (whoosh-reloaded's default keeps "*" inside words), for names and the
# words as written; prose uses languages.TOKEN_PATTERN, which also cuts CJK runs from other words.
WORD_PATTERN = rf"\w+(?:[{MARKS}]+\w+)*[{MARKS}]*(?:\.?\w+(?:[{MARKS}]+\w+)*[{MARKS}]*)*"

# The English stop list of Snowball (Porter2), which the stemmer below is made for. Words are
# removed only when they carry no topic: question words ("which", "what") and pronouns dominate
# long natural-language queries, and dropping them measured better than Whoosh's shorter list
# (bench/RESULTS.md, "Ranking quality"). Negations are kept out of the list on purpose
# ("no", "not", "nor" stay searchable inside phrases).
STOP_WORDS = frozenset(
    """
    a about above after again against all am an and any are as at be because been before being
    below between both but by can could did do does doing down during each few for from further
    had has have having he her here hers herself him himself his how i if in into is it its itself
    just me more most my myself of off on once only or other ought our ours ourselves out over own
    same she should so some such than that the their theirs them themselves then there these they
    this those through to too under until up very was we were what when where which while who whom
    why will with would you your yours yourself yourselves
    """.split()
)


class SnowballFilter(Filter):
    """Stem tokens with the Snowball English (Porter2) stemmer of PyStemmer (C, fast)."""

    def __init__(self, language: str = "english"):
        self.language = language
        self._local = threading.local()

    def __getstate__(self):
        # The C stemmer cannot be pickled (Whoosh pickles the schema); rebuild it on load.
        return {"language": self.language}

    def __setstate__(self, state):
        self.__init__(state["language"])

    def __eq__(self, other):
        return other.__class__ is self.__class__ and other.language == self.language

    def _stemmer(self):
        # PyStemmer objects keep a cache and are not safe to share between threads.
        stemmer = getattr(self._local, "stemmer", None)
        if stemmer is None:
            stemmer = self._local.stemmer = Stemmer.Stemmer(self.language)
        return stemmer

    def __call__(self, tokens):
        stem = self._stemmer().stemWord
        for token in tokens:
            if not token.stopped:
                token.text = stem(token.text)
            yield token


class VariantFilter(Filter):
    """Replace each spelling variant of a name by its canonical spelling (e.g. kiev -> kyiv)."""

    def __init__(self, table: dict[str, str]):
        self.table = dict(table)

    def __eq__(self, other):
        return other.__class__ is self.__class__ and other.table == self.table

    def __call__(self, tokens):
        table = self.table
        for token in tokens:
            # Only the text changes: token.startchar/endchar still point at the word as
            # written, so highlights mark "Kiev" in the article when the query said "Kyiv".
            token.text = table.get(token.text, token.text)
            yield token


class ProseAnalyzer(CompositeAnalyzer):
    """The prose chain, plus a fast way to index a whole text to the very same terms.

    Whoosh runs every token through a generator per filter, which is half of its
    indexing time. Every filter of this chain looks at one token alone, so a word
    as written always ends as the same term (or as none): `positions` runs the
    chain once per distinct word and remembers the result, in this process only.
    Queries, highlighting and suggestions keep using the chain itself.
    """

    # Distinct words remembered; news vocabularies repeat, so this is rarely reached.
    MAX_CACHED_WORDS = 500_000

    def __init__(self, *items):
        super().__init__(*items)
        self._setup()

    def __getstate__(self):
        return {"items": self.items}

    def __setstate__(self, state):
        self.items = state["items"]
        self._setup()

    def _setup(self) -> None:
        expression = self.items[0].expression
        self._finditer = expression.finditer
        # findall gives the words themselves only for a pattern without groups (else the groups).
        self._findall = (
            expression.findall
            if not expression.groups
            else lambda text: [match.group() for match in expression.finditer(text)]
        )
        # CJK runs are split into bigrams by positions() itself; every other filter sees one token.
        self._bigrams = any(isinstance(f, CJKBigramFilter) for f in self.items[1:])
        self._filters = [f for f in self.items[1:] if not isinstance(f, CJKBigramFilter)]
        # StopFilter renumbers the kept tokens (the first keeps its place, the rest follow on).
        self._renumber = any(isinstance(f, StopFilter) and f.renumber for f in self._filters)
        self._terms: dict[str, str | None] = {}

    def term(self, word: str) -> str | None:
        """Return the term the chain makes of one word as written, or None when it drops it."""
        token = Token(positions=False, chars=False, removestops=True, mode="index")
        token.text, token.boost, token.stopped = word, 1.0, False
        stream = iter((token,))
        for item in self._filters:
            stream = item(stream)
        texts = [t.text for t in stream]
        if len(texts) > 1:  # a filter that splits words would need positions here
            raise ValueError(f"the prose chain split {word!r} into {texts!r}")
        return texts[0] if texts else None

    def terms_of(self, words: list[str]) -> list[str | None]:
        """Return the term of each word (None where the chain drops it), running the chain once per new word."""
        terms = self._terms
        if len(terms) > self.MAX_CACHED_WORDS:
            terms.clear()
        found: list = list(map(terms.get, words, repeat(MISSING)))
        if MISSING in found:
            for at, term in enumerate(found):
                if term is MISSING:
                    word = words[at]
                    if word not in terms:  # the same new word may come twice
                        terms[word] = self.term(word)
                    found[at] = terms[word]
        return found

    def frequencies(self, text: str) -> dict[str, int]:
        """Return how often each term occurs in a text, as `positions` counts them, without positions."""
        if self._bigrams and CJK_TEXT.search(text):
            return {term: len(places) for term, places in self.positions(text).items()}
        # Counting the words as written first leaves one chain look-up per distinct word.
        counts = Counter(self._findall(text))
        found: dict[str, int] = {}
        for term, count in zip(self.terms_of(list(counts)), counts.values()):
            if term is not None:
                found[term] = found.get(term, 0) + count
        return found

    def positions(self, text: str) -> dict[str, list[tuple[int, int, int]]]:
        """Return each term of a text with its (position, start char, end char) list, as indexing sees them."""
        matches = list(self._finditer(text))
        words = list(map(re.Match.group, matches))
        spans: Iterable[tuple[int, int]] | None = None
        if self._bigrams and CJK_TEXT.search(text):
            words, spans = split_cjk_runs(words, list(map(re.Match.span, matches)))
        terms = self.terms_of(words)
        # The words the chain keeps, and their spans, taken by compress() rather than a loop in Python.
        kept_mask = list(map(is_not, terms, repeat(None)))
        kept = cast(list[str], list(compress(terms, kept_mask)))
        if not kept:
            return {}
        if self._renumber:
            # StopFilter renumbers the kept words: the first keeps its place, the rest follow on.
            first = kept_mask.index(True)
            places: Iterable[int] = range(first, first + len(kept))
        else:
            places = compress(counter(), kept_mask)
        kept_spans = map(re.Match.span, compress(matches, kept_mask)) if spans is None else compress(spans, kept_mask)
        found: dict[str, list[tuple[int, int, int]]] = {}
        held_of = found.get
        for term, position, (start, end) in zip(kept, places, kept_spans):
            held = held_of(term)
            if held is None:
                found[term] = [(position, start, end)]
            else:
                held.append((position, start, end))
        return found


def split_cjk_runs(words: list[str], spans: list[tuple[int, int]]) -> tuple[list[str], list[tuple[int, int]]]:
    """Return the words with each CJK run replaced by its bigrams, as CJKBigramFilter splits them."""
    split_words, split_spans = [], []
    for word, (start, end) in zip(words, spans):
        # The chain folds the run's width before it tells a run and cuts its bigrams ("ﾃﾞｰﾀ" -> "データ", "㊀" -> "一",
        # "か゛" -> "か ゙", no run), and so must this.
        folded = width_folded(word)
        if CJK_RUN.fullmatch(folded):
            for part, begin, stop in bigrams(folded):
                split_words.append(part)
                split_spans.append((start + begin, start + stop))
        else:
            split_words.append(word)
            split_spans.append((start, end))
    return split_words, split_spans


class LanguageText(str):
    """A field value that says the language of its text, so the field analyses it in that language."""

    language: str | None = None

    def __new__(cls, text: str, language: str | None = None):
        value = super().__new__(cls, text)
        value.language = language
        return value

    def __reduce__(self):
        # Documents pickled (to a process of Whoosh's own parallel writer) keep their language.
        return (LanguageText, (str(self), self.language))


class LanguageAnalyzer(ProseAnalyzer):
    """The prose chain of the default language (English), with one chain per other language at hand.

    Queries, highlighting and suggestions run this chain itself (a query's language is unknown; the
    parser adds the other languages' stems, query/languages.py); indexing asks `for_language`.
    """

    def _setup(self) -> None:
        super()._setup()
        self._chains: dict[str, ProseAnalyzer] = {DEFAULT_LANGUAGE: self}

    def for_language(self, code: str | None) -> ProseAnalyzer:
        """Return the chain a text of a language is analysed with (NEUTRAL without a stemmer)."""
        kind = analysis_language(code)
        chain = self._chains.get(kind)
        if chain is None:
            table = next(f.table for f in self.items if isinstance(f, VariantFilter))
            chain = self._chains[kind] = language_chain(kind, table)
        return chain


def language_chain(kind: str, table: dict[str, str]) -> ProseAnalyzer:
    """Return the prose chain of one language code (or NEUTRAL): words, width, CJK bigrams, folded, variants, stop, stem."""
    # Accents are folded before variants and stemming so "Zelénskyy" and "Zelenskyy" meet.
    items = [
        RegexTokenizer(expression=TOKEN_PATTERN),
        WidthFilter(),
        CJKBigramFilter(),
        LowercaseFilter(),
        CharsetFilter(accent_map),
        VariantFilter(table),
    ]
    if kind == DEFAULT_LANGUAGE:
        items += [StopFilter(stoplist=STOP_WORDS), SnowballFilter()]
    elif kind != NEUTRAL:
        items += [StopFilter(stoplist=stop_words(kind)), SnowballFilter(STEMMERS[kind])]
    return ProseAnalyzer(*items)


def text_analyzer(variants: dict[str, str] | None = None) -> LanguageAnalyzer:
    """Return the analyzer for prose fields: each text in its language, English by default."""
    table = load_variants() if variants is None else variants
    return LanguageAnalyzer(*language_chain(DEFAULT_LANGUAGE, table).items)


def words_analyzer() -> ProseAnalyzer:
    """Return the analyzer for the words as written (prefixes, wildcards, fuzzy words, completion): folded, not stemmed."""
    # WidthFilter composes a letter and its combining accent (NFKC) so that the accent folds.
    return ProseAnalyzer(
        RegexTokenizer(expression=WORD_PATTERN), WidthFilter(), LowercaseFilter(), CharsetFilter(accent_map)
    )


def name_analyzer():
    """Return the analyzer for names (source, author): words, lowercased, accents folded."""
    return RegexTokenizer(expression=WORD_PATTERN) | WidthFilter() | LowercaseFilter() | CharsetFilter(accent_map)


def word_spans(text: str) -> list[tuple[int, int, str]]:
    """Return (start, end, term) for each word of a text as the prose fields index it."""
    return [(token.startchar, token.endchar, token.text) for token in text_analyzer()(text, chars=True)]
