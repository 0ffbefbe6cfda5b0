"""Single-word spelling correction against the index's title and body terms.

A word the index lacks is corrected to a commoner term one edit away (spelled out and
stemmed) or to one of Whoosh's corrector's stem suggestions (two edits), shown as a story
writes it. A word the index has is corrected only to a word one edit away and COMMONER times
as common (Lucene's SuggestMode.SUGGEST_MORE_POPULAR, kept to the distance of a typo), so never
to a rarer word: "Kyiv" keeps its stories rather than becoming "Kits", two edits away.
"""

from __future__ import annotations

import re
import string

from searchsvc.store import fold, read_values

from .spelling import TermsCorrector, doc_frequencies, plain_terms

# A word some stories have is still corrected when the correction is this many times commoner.
COMMONER = 20
SPELLING_FIELDS = ("title", "body")
LETTERS = string.ascii_lowercase
# Candidate spellings made of these only are stemmed in one analyzer call: for them the
# tokenizer yields the whole word and lowercasing and accent folding change nothing.
PLAIN = re.compile(r"[a-z0-9_]+")
# Stems kept per searcher (each corrected word stems some 400 candidate spellings).
STEMS_KEPT = 200_000
# Words this short, or holding a digit, are never corrected.
MIN_CORRECTED_LENGTH = 3


class Speller:
    """Corrects single words against the index's title and body terms; keeps what it worked out."""

    def __init__(self, searcher):
        self.searcher = searcher
        self.reader = searcher.reader()
        self.analyzer = searcher.schema["body"].analyzer
        fields = [doc_frequencies(self.reader, field) for field in SPELLING_FIELDS]
        # A stem's stories in title and body, summed as frequency() always summed them.
        self.frequencies: dict[str, int] = {}
        for frequencies in fields:
            for term, count in frequencies.items():
                self.frequencies[term] = self.frequencies.get(term, 0) + count
        self.most = max(self.frequencies.values(), default=0)
        self._stems: dict[str, str | None] = {}
        self._surfaces: dict[tuple[str, str], str | None] = {}

    def stem(self, word: str) -> str | None:
        """Return the one index term a word becomes, or None (a stop word, or several terms)."""
        if word not in self._stems:
            terms = [t.text for t in self.analyzer(word, mode="query")]
            self._remember(word, terms[0] if len(terms) == 1 else None)
        return self._stems[word]

    def stems(self, words: list[str]) -> list[str | None]:
        """Return stem(word) for each word; plain words not seen yet go through the analyzer at once."""
        new = [word for word in words if word not in self._stems and PLAIN.fullmatch(word)]
        terms = plain_terms(self.analyzer, new) if new else None
        if terms is not None:
            for word, term in zip(new, terms):
                self._remember(word, term)
        elif new:
            # Stop words are kept (marked) so that tokens and words stay in step.
            tokens = self.analyzer(" ".join(new), mode="query", removestops=False)
            found = [(token.text, token.stopped) for token in tokens]
            if len(found) == len(new):
                for word, (text, stopped) in zip(new, found):
                    self._remember(word, None if stopped else text)
        return [self.stem(word) for word in words]

    def _remember(self, word: str, stem: str | None) -> None:
        if len(self._stems) >= STEMS_KEPT:
            self._stems.clear()
        self._stems[word] = stem

    def frequency(self, term: str) -> int:
        return self.frequencies.get(term, 0)

    def correct(self, word: str) -> str | None:
        """Return a commoner spelling of a word that few or no stories have, or None."""
        if len(word) <= MIN_CORRECTED_LENGTH or any(c.isdigit() for c in word):
            return None  # years, codes and short words have too many near neighbours
        stem = self.stem(word)
        if stem is None:
            return None  # a stop word or no word at all
        have = self.frequency(stem)
        best, best_frequency = None, max(have * COMMONER, 0)
        if best_frequency >= self.most:
            return None  # no term is commoner enough to replace it
        for candidate, candidate_stem, field in self.candidates(fold(word), stem, far=not have):
            frequency = self.frequency(candidate_stem)
            if frequency > best_frequency:
                if candidate is None:  # spelt as a story writes it: read only for a winner
                    candidate = self.surface(field, candidate_stem)
                    if not candidate:
                        continue
                best, best_frequency = candidate, frequency
        return best

    def candidates(self, word: str, stem: str, far: bool = True):
        """Yield (spelling, stem, field) of one-edit spellings first, then (if far) of Whoosh's stem corrections.

        A stem correction's spelling is None: reading it (a story and its offsets) costs more
        than the rest of a correction, and only a candidate commoner than all before it needs it.
        """
        edits = sorted(one_edit(word))
        for edit, edit_stem in zip(edits, self.stems(edits)):
            if edit_stem and edit_stem != stem:
                yield edit, edit_stem, None
        if not far:
            return
        for field in SPELLING_FIELDS:
            for term in TermsCorrector(self.reader, field).suggest(stem, limit=3, maxdist=2, prefix=1):
                if term != stem:
                    yield None, term, field

    def surface(self, field: str, term: str) -> str | None:
        """Return a word as one story writes it that the analyzer turns into `term`."""
        key = (field, term)
        if key not in self._surfaces:
            self._surfaces[key] = self.read_surface(field, term)
        return self._surfaces[key]

    def read_surface(self, field: str, term: str) -> str | None:
        """Read the first story holding the term and return the word it writes for it."""
        for docnum in self.first_story(field, term):
            text = self.reader.stored_fields(docnum).get(field) or ""
            fieldobj = self.reader.schema[field]
            if fieldobj.format and fieldobj.format.supports("characters"):
                # The index keeps where the analyzer found each occurrence: the first is
                # its first such token, without analysing the story again.
                places = read_values(self.reader, field, fieldobj.to_bytes(term), [docnum], "characters")
                if docnum in places:
                    _, start, end = places[docnum][0]
                    return text[start:end].lower()
            for token in self.analyzer(text, chars=True, mode="index"):
                if token.text == term:
                    return text[token.startchar : token.endchar].lower()
            break
        return None

    def first_story(self, field: str, term: str):
        """Yield the first document number holding the term (none if no live story does)."""
        if self.reader.has_deletions():  # the term's first story may be deleted: walk its postings
            yield from self.reader.postings(field, term).all_ids()
            return
        # The term table records each term's first document: no posting block to read.
        for leaf, offset in self.reader.leaf_readers():
            if (field, term) in leaf:
                yield leaf.term_info(field, term).min_id() + offset
                return


def one_edit(word: str) -> set[str]:
    """Return every spelling one deletion, swap, replacement or insertion away (Norvig)."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = [a + b[1:] for a, b in splits if b]
    swaps = [a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1]
    replaces = [a + c + b[1:] for a, b in splits if b for c in LETTERS]
    inserts = [a + c + b for a, b in splits for c in LETTERS]
    return set(deletes + swaps + replaces + inserts) - {word}
