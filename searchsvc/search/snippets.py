"""HTML snippets: the body around the matches, matches in <mark>, everything else escaped.

Match offsets come from the body field's stored character offsets (chars=True), so a
word matched through stemming or a name variant is marked as the article writes it,
and the body is never analysed again.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from whoosh import query as wq

from searchsvc.store import PostingCache, read_values

from .phrases import phrase_matches

SNIPPET_FIELD = "body"
FRAGMENT_CHARS = 200
FRAGMENTS = 3
FRAGMENT_JOINER = " … "
# How far before a match a fragment may start; a sentence start in this reach is preferred.
LEAD_IN = 80
SENTENCE_END = re.compile(r"[.!?][\"')\]»”’]*\s+")
SPACE = re.compile(r"\s+")


@dataclass
class Highlights:
    """What to mark in the body: single terms anywhere, phrases only where they occur whole."""

    terms: set[bytes] = field(default_factory=set)
    phrases: list[tuple[tuple[bytes, ...], int]] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.terms or self.phrases)


def find_highlights(query, reader, fieldname: str = SNIPPET_FIELD) -> Highlights:
    """Collect the body terms and phrases a query asks for (not those it excludes)."""
    found = Highlights()
    to_bytes = reader.schema[fieldname].to_bytes

    def walk(node) -> None:
        if isinstance(node, wq.Not):
            return
        if isinstance(node, wq.AndNot):
            walk(node.a)
        elif isinstance(node, wq.Phrase):
            if node.fieldname == fieldname and node.words:
                words = tuple(to_bytes(word) for word in node.words)
                found.phrases.append((words, max(1, node.slop)))
        elif node.is_leaf():
            terms = node.existing_terms(reader, phrases=False, expand=True)
            found.terms.update(text for name, text in terms if name == fieldname)
        else:
            for child in node.children():
                walk(child)

    walk(query)
    return found


def match_spans(
    reader,
    docnums: list[int],
    highlights: Highlights,
    fieldname: str = SNIPPET_FIELD,
    cache: PostingCache | None = None,
):
    """Return {docnum: sorted (start, end) character spans to mark} for the given documents."""
    words = set(highlights.terms) | {word for words, _ in highlights.phrases for word in words}
    # word -> docnum -> [(position, startchar, endchar)], one postings walk per word.
    read = cache.values if cache is not None else lambda *args: read_values(reader, *args)
    chars = {word: read(fieldname, word, docnums, "characters") for word in words}
    spans = {}
    for docnum in docnums:
        found = [(s, e) for word in highlights.terms for _, s, e in chars[word].get(docnum, ())]
        for phrase, slop in highlights.phrases:
            found.extend(phrase_spans([chars[word].get(docnum, ()) for word in phrase], slop))
        spans[docnum] = merge_spans(found)
    return spans


def phrase_spans(occurrences: list, slop: int) -> list[tuple[int, int]]:
    """Return the character spans of whole phrase occurrences, from each word's (position, start, end)."""
    starts = {pos: start for pos, start, _ in occurrences[0]} if occurrences else {}
    ends = {pos: end for pos, _, end in occurrences[-1]} if occurrences else {}
    found = phrase_matches([[pos for pos, _, _ in words] for words in occurrences], slop)
    return [(starts[first], ends[last]) for first, last in found]


def merge_spans(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sort spans and join those that overlap."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def make_snippet(text: str, spans: list[tuple[int, int]], size: int = FRAGMENT_CHARS, count: int = FRAGMENTS) -> str:
    """Return up to `count` fragments around the marked spans, joined by " … "; the lead without spans."""
    if not spans:
        return lead_snippet(text, size)
    fragments = []
    index = end = 0
    while index < len(spans):
        start = max(end, fragment_start(text, spans[index][0]))
        end = max(spans[index][1], fragment_end(text, start, max(start + size, spans[index][1])))
        inside = [span for span in spans[index:] if span[1] <= end]
        fragments.append((start, end, inside))
        index += len(inside)
    # The fragments showing the most different matched words win; shown in text order.
    best = sorted(fragments, key=lambda f: (-len({text[s:e].lower() for s, e in f[2]}), -len(f[2]), f[0]))[:count]
    return FRAGMENT_JOINER.join(render(text, start, end, inside) for start, end, inside in sorted(best))


def fragment_start(text: str, match: int) -> int:
    """Return where a fragment around a match starts: a sentence start close before it, else a word start."""
    reach = match - LEAD_IN
    if reach <= 0:
        return 0  # the text's own start is a sentence start within reach
    sentence = None
    for found in SENTENCE_END.finditer(text, reach, match):
        sentence = found.end()
    if sentence is not None:
        return sentence
    space = SPACE.search(text, reach, match)
    return space.end() if space else match


def fragment_end(text: str, start: int, limit: int) -> int:
    """Return where a fragment ends: at `limit` or before, at a sentence end or else a word end."""
    if limit >= len(text):
        return len(text)
    last_sentence = None
    for found in SENTENCE_END.finditer(text, start, limit + 1):
        last_sentence = found.start() + len(found.group().rstrip())
    if last_sentence is not None and last_sentence > limit - FRAGMENT_CHARS // 4:
        return last_sentence
    space = max(text.rfind(" ", start, limit + 1), text.rfind("\n", start, limit + 1))
    return space if space > start else limit


def render(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> str:
    """Escape text[start:end] with the spans in <mark>, whitespace runs collapsed."""
    parts, at = [], start
    for span_start, span_end in spans:
        parts.append(escape(text[at:span_start]))
        parts.append("<mark>" + escape(text[span_start:span_end]) + "</mark>")
        at = span_end
    parts.append(escape(text[at:end]))
    return "".join(parts).strip()


def escape(text: str) -> str:
    """HTML-escape text and collapse its whitespace."""
    return html.escape(SPACE.sub(" ", text), quote=False)


def lead_snippet(text: str, size: int = FRAGMENT_CHARS) -> str:
    """Return the opening of a text, cut at a sentence or word end, escaped; " …" when cut."""
    text = text.lstrip()
    end = fragment_end(text, 0, size)
    lead = escape(text[:end]).strip()
    return lead + (" …" if end < len(text.rstrip()) else "")
