"""The query language: user text -> Whoosh query, with errors that say what and where.

Whoosh's parser quietly drops what it cannot read (an unclosed quote, a dangling OR, a bad
date), so `check_query` reads the text first and rewrites it into the form Whoosh reads
reliably: `-word` becomes `NOT word`, `tag:` becomes `tags:`, dates become digits.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from itertools import islice
from math import log

from whoosh import qparser, scoring
from whoosh import query as wq

from .bm25f import FieldsTerm, fold_fields
from .expansion import MAX_EXPANSIONS, MAX_TOTAL_EXPANSIONS, expand_multiterms, typed_words
from .languages import add_languages, language_chains
from .likeness import is_like_text, like_text_query, text_terms
from .syntax import FIELDS, MAX_WORDS, TYPOGRAPHIC_QUOTES, QueryError, check_query, lex

__all__ = [
    "FIELDS",
    "FIELD_BOOSTS",
    "MAX_EXPANSIONS",
    "MAX_TOTAL_EXPANSIONS",
    "QueryError",
    "check_query",
    "parse_query",
    "weighting",
]

SEARCH_FIELDS = ("title", "body")
# A title word says more about what a story is about than a body word: in BM25F a title
# occurrence counts as two body occurrences (best on CACM among 1, 1.5, 2 and 3; see
# bench/RESULTS.md, "Ranking quality").
FIELD_BOOSTS = {"title": 2.0, "body": 1.0}
# Partial matching (Elasticsearch's minimum_should_match, simplified): a query of at least
# FALLBACK_MIN_WORDS plain words whose words together find fewer than FALLBACK_BELOW stories also
# finds stories with only some of the words, ranked below those with all of them.
FALLBACK_MIN_WORDS = 3
FALLBACK_BELOW = 10
# Multiplies the score of stories having every word, so they rank above partial matches.
ALL_WORDS_BOOST = 1000.0
# The partial tier reads such a query as a question: it leaves out the filler words of a longer
# stop list (SMART's, searchsvc/query/data/query-stopwords.txt) and adds, for each two query words next
# to each other, a phrase worth this share of their scores, so stories holding the words together
# rank higher. Each alone won on one test collection and lost a little on the other; together
# they won nDCG@10 and MAP on both (bench/RESULTS.md, "Tuning: variants tried").
PAIR_BOOST = 0.1
# Score a word searched in title and body with BM25F proper (bm25f.py), not Whoosh's sum.
TRUE_BM25F = True
# BM25 parameters, chosen on two test collections (bench/RESULTS.md, "Ranking quality"):
# Lucene's defaults, which scored best on both.
K1 = 0.9
B = 0.4


def make_parser(schema, group=qparser.AndGroup) -> qparser.QueryParser:
    """Return the Whoosh parser for the checked query text, made once per schema and group."""
    kept = PARSERS.get((id(schema), group))
    if kept is not None and kept[0] is schema:
        return kept[1]
    if len(PARSERS) >= PARSERS_KEPT:
        PARSERS.clear()
    parser = new_parser(schema, group)
    PARSERS[(id(schema), group)] = (schema, parser)
    return parser


def new_parser(schema, group) -> qparser.QueryParser:
    """Return a new Whoosh parser over the search fields."""
    parser = qparser.MultifieldParser(list(SEARCH_FIELDS), schema, fieldboosts=FIELD_BOOSTS, group=group)
    parser.add_plugin(qparser.FuzzyTermPlugin())
    # Single quotes are apostrophes in news text ("Kyiv's"), not term quotes.
    parser.remove_plugin_class(qparser.SingleQuotePlugin)
    return parser


# Parsers by (schema, group): building one (plugins, their expressions) was a sixth of a parse,
# and a parse keeps no state in the parser. Each entry holds its schema, so an id is not reused.
PARSERS: dict[tuple[int, type], tuple[object, qparser.QueryParser]] = {}
PARSERS_KEPT = 16


def parse_query(q: str, schema, searcher=None):
    """Parse the user's query into a Whoosh query; with a searcher, check costs and relax long queries."""
    if not q.strip():
        return wq.Every()
    if is_like_text(q, MAX_WORDS):
        # A pasted paragraph: stories like it (likeness.py), its syntax characters taken as text.
        boosts = {field: FIELD_BOOSTS[field] for field in SEARCH_FIELDS}
        if searcher is not None:
            return like_text_query(q, schema, searcher.reader(), boosts)
        terms = sorted(text_terms(q, schema["body"].analyzer))
        return wq.Or([FieldsTerm(term, boosts) for term in terms]) if terms else wq.NullQuery
    checked = check_query(q)
    parsed = read(checked.text, schema, qparser.AndGroup)
    if parsed is wq.NullQuery:
        # Stop words are not indexed; say so rather than answer "nothing found".
        raise QueryError(
            "the query has only common words, which the index leaves out (such as the, of, and): "
            "add a word that says what to look for"
        )
    if searcher is None:
        return parsed
    surfaces = {}
    if any(c in checked.text for c in "*?~"):
        parser = make_parser(schema, qparser.AndGroup)
        surfaces = typed_words(checked.text, lambda word: parser.parse(word, normalize=False))
    reader, analyzer = searcher.reader(), schema["body"].analyzer
    parsed = expand_multiterms(parsed, reader, surfaces, list(language_chains(analyzer, reader).values()))
    parsed = add_languages(parsed, checked.text, analyzer, reader, SEARCH_FIELDS)
    if checked.plain and checked.words >= FALLBACK_MIN_WORDS:
        found = sum(1 for _ in islice(parsed.docs(searcher), FALLBACK_BELOW))
        if found < FALLBACK_BELOW:
            relaxed = add_languages(relax(q, schema), q, analyzer, reader, SEARCH_FIELDS)
            return wq.Or([parsed.with_boost(ALL_WORDS_BOOST), relaxed]) if found else relaxed
    return parsed


def relax(q: str, schema):
    """Return the partial-matching query of a plain query: any of its words, pairs of them worth more."""
    terms = [t.text for t in lex(q.translate(TYPOGRAPHIC_QUOTES))]
    stop = query_stop_words()
    kept = [t for t in terms if t.startswith('"') or t.strip(".,;!").lower() not in stop] or terms
    text = " ".join(kept)
    relaxed = read(text, schema, qparser.OrGroup)
    words = [token.text for token in schema["body"].analyzer(text, mode="query")]
    pairs = list(dict.fromkeys((a, b) for a, b in zip(words, words[1:]) if a != b))
    if not pairs or not PAIR_BOOST:
        return relaxed
    # Whoosh scores a phrase as the sum of its words' scores; the pairs only reorder (every story
    # holding a pair holds its words), and they need no story to hold all of them.
    phrases = [wq.Phrase(field, list(pair), boost=PAIR_BOOST) for pair in pairs for field in SEARCH_FIELDS]
    words_part = list(relaxed.subqueries) if type(relaxed) is wq.Or else [relaxed]
    return wq.Or(words_part + phrases)


@cache
def query_stop_words() -> frozenset[str]:
    """Return the words the partial tier of a long query leaves out (the shipped list)."""
    text = resources.files("searchsvc.query").joinpath("data/query-stopwords.txt").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def read(text: str, schema, group):
    """Parse checked query text with Whoosh, weighing repeated words."""
    try:
        return finish(plain_words(text, schema, group) or make_parser(schema, group).parse(text, normalize=False))
    except QueryError:
        raise
    except Exception as error:  # Whoosh raises many kinds for syntax it cannot read
        raise QueryError(f"cannot read the query: {error}") from None


def finish(parsed):
    """Fold each word's fields into one BM25F term, weigh repeated words, and normalise."""
    # Fold first: weigh_repeats flattens nested ORs, which would scatter a word's fields.
    if TRUE_BM25F:
        parsed = fold_fields(parsed, SEARCH_FIELDS)
    return weigh_repeats(parsed).normalize()


# Words of letters and digits only, apart by spaces: Whoosh's parser reads nothing else into them.
PLAIN_WORDS = re.compile(r"[^\W_]+(?: [^\W_]+)*")
OPERATORS = frozenset(("AND", "OR", "NOT", "ANDNOT", "ANDMAYBE"))


def plain_words(text: str, schema, group):
    """Build the query Whoosh's parser makes of plain words, without its parser (a tenth of a search).

    Each word becomes an OR of its term in each search field (boosted), all under the group;
    a word the analyser turns into several tokens, or a query with anything else, returns
    None and goes to Whoosh's parser. tests/query/test_parser.py checks both give one query.
    """
    if not PLAIN_WORDS.fullmatch(text):
        return None
    words = []
    for word in text.split(" "):
        if word in OPERATORS:
            return None
        fields = []
        for name in SEARCH_FIELDS:
            texts = list(schema[name].process_text(word, mode="query"))
            if len(texts) > 1:
                return None
            if texts:
                fields.append(wq.Term(name, texts[0], boost=FIELD_BOOSTS[name]))
        words.append(wq.Or(fields))
    return group.qclass(words)


def weigh_repeats(q):
    """Merge repeated subqueries into one whose boost counts the repeats.

    Whoosh drops repeated words; BM25 counts them (query term frequency), and long
    natural-language queries repeat their key words: "system ... operating system".
    """
    if type(q) not in (wq.And, wq.Or):
        return q
    subqueries = []
    for sub in map(weigh_repeats, q.subqueries):
        if type(sub) is type(q):  # flatten as Whoosh's normalize() does, keeping boosts
            subqueries.extend(boosted(s, s.boost * sub.boost) for s in sub.subqueries)
        else:
            subqueries.append(sub)
    merged: dict[str, list] = {}
    for sub in subqueries:
        key = repr(boosted(sub, 1.0))
        if key in merged:
            merged[key][1] += sub.boost
        else:
            merged[key] = [sub, sub.boost]
    return type(q)([boosted(sub, boost) for sub, boost in merged.values()], boost=q.boost)


def boosted(q, boost: float):
    """Return q.with_boost(boost), or q itself where that would be an identical copy.

    Whoosh's with_boost deep-copies the query, a quarter of a parse; the tree being built
    shares subqueries with the parsed one, which is dropped.
    """
    if q.boost == boost and type(q).with_boost is wq.Query.with_boost:
        return q
    return q.with_boost(boost)


class BM25(scoring.BM25F):
    """Whoosh's per-field BM25 with Lucene's idf, for words searched in one field (title:x)."""

    def idf(self, searcher, fieldname, text):
        # Whoosh's own idf, log(N / (df + 1)) + 1, ranked worse on both test collections.
        parent = searcher.get_parent()
        found = parent.doc_frequency(fieldname, text)
        return log(1 + (parent.doc_count_all() - found + 0.5) / (found + 0.5))


def weighting():
    """Return the scoring model: BM25 with Lucene's idf (words in title and body use bm25f.py)."""
    return BM25(B=B, K1=K1)
