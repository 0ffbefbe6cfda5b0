"""A query in any language: each word also searched as the other languages of the index stem it.

Stories are analysed by their language (store/languages.py), a query's language is unknown. The
parser reads the query with the default (English) chain; here each of its words also becomes the
term each other language the index holds makes of it (German "Regierungen" -> "regier"; a
language without a stemmer keeps the folded word), OR-ed with the English term, each searched in
title and body with BM25F. A word that is a stop word in one of those languages (German "die")
matches that language's stories without scoring there, so "Die Regierung" finds German stories
that index no "die". An index holding English stories only (or stories without a language) is
searched exactly as before.
"""

from __future__ import annotations

import re
import weakref
from typing import Protocol

from whoosh import query as wq

from searchsvc.letters import WORD_RUN
from searchsvc.store import LanguageAnalyzer, analysis_language

from .bm25f import FieldsTerm

WORD = re.compile(WORD_RUN)
LANGUAGE_FIELD = "language"
# reader -> {analysis (language code or "neutral"): the codes of the stories analysed so}, besides English.
HELD: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def held_languages(reader) -> dict[str, list[str]]:
    """Return the analyses other than English the index's stories have, with their language codes."""
    held = HELD.get(reader)
    if held is None:
        held = {}
        if LANGUAGE_FIELD in reader.schema:
            for code in reader.lexicon(LANGUAGE_FIELD):
                code = code.decode("utf-8") if isinstance(code, bytes) else code
                kind = analysis_language(code)
                if kind != "en":
                    held.setdefault(kind, []).append(code)
        HELD[reader] = held
    return held


class TermChain(Protocol):
    """An analysis chain that makes the term of one word (a store ProseAnalyzer)."""

    def term(self, word: str) -> str | None: ...


def language_chains(analyzer, reader) -> dict[str, TermChain]:
    """Return {analysis: chain} of the languages other than English the index holds."""
    if not isinstance(analyzer, LanguageAnalyzer):
        return {}
    return {kind: analyzer.for_language(codes[0]) for kind, codes in held_languages(reader).items()}


def add_languages(parsed, text: str, analyzer, reader, fields: tuple[str, ...]):
    """Return the query with each word's terms in the index's other languages OR-ed in."""
    chains = language_chains(analyzer, reader)
    if not chains or parsed is wq.NullQuery:
        return parsed
    held = held_languages(reader)
    # English term -> {analysis: that language's term, None when it is a stop word there}.
    others: dict[str, dict[str, str | None]] = {}
    for word in dict.fromkeys(WORD.findall(text)):
        english = analyzer.term(word) if len(WORD.findall(word)) == 1 else None
        if english is None:
            continue
        for kind, chain in chains.items():
            try:
                others.setdefault(english, {})[kind] = chain.term(word)
            except ValueError:  # a CJK run: every language splits it alike
                continue
    if not others:
        return parsed

    def alternatives(term: str) -> tuple[set[str], list[str]]:
        found = others.get(term, {})
        stems = {stem for stem in found.values() if stem and stem != term}
        stopped = [code for kind, stem in found.items() if stem is None for code in held[kind]]
        return stems, stopped

    def rewrite(node):
        if type(node) is FieldsTerm:
            stems, stopped = alternatives(node.text)
            if not stems and not stopped:
                return node
            subs = [node] + [
                FieldsTerm(s, node.fieldboosts, boost=node.boost, docfreq=node.docfreq) for s in sorted(stems)
            ]
            return wq.Or(subs + [wq.Term(LANGUAGE_FIELD, code, boost=0.0) for code in stopped])
        if type(node) is wq.Term and node.fieldname in fields:
            stems, stopped = alternatives(node.text)
            if not stems and not stopped:
                return node
            subs = [node] + [wq.Term(node.fieldname, s, boost=node.boost) for s in sorted(stems)]
            return wq.Or(subs + [wq.Term(LANGUAGE_FIELD, code, boost=0.0) for code in stopped])
        if type(node) is wq.Phrase and node.fieldname in fields:
            phrases = [node]
            for kind in chains:
                words = [others.get(word, {}).get(kind, word) for word in node.words]
                if all(words) and words != node.words and words not in [p.words for p in phrases]:
                    phrases.append(wq.Phrase(node.fieldname, words, slop=node.slop, boost=node.boost))
            return phrases[0] if len(phrases) == 1 else wq.Or(phrases)
        if node.is_leaf():
            return node
        return node.apply(rewrite)

    return rewrite(parsed)
