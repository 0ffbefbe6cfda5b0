"""Indexing's bulk writing (BulkFieldWriter, array blocks, word counts) writes what Whoosh's own loops write."""

from pathlib import Path

import pytest
from whoosh import index as whoosh_index
from whoosh.codec.whoosh3 import W3Codec, W3FieldWriter

from searchsvc.articles import Article
from searchsvc.ingest import parse_file, parse_paths
from searchsvc.store.codec import WritingCodec
from searchsvc.store.generations import write_stories
from searchsvc.store.schema import WORDS_FIELD, make_schema, to_document
from tests.helpers import ROOT, SEEDS
from tests.store.reindex_helpers import prose
from tests.store.test_codec import contents, plain_whoosh_schema

LANGUAGES = ROOT / "tests" / "data" / "store" / "languages.jsonl"
# Whoosh's files of a segment that hold terms, postings, stored fields and columns.
SEGMENT_SUFFIXES = (".trm", ".pst", ".col", ".vpst", ".vps")


class PerPostingCodec(WritingCodec):
    """Our codec with Whoosh's field writer: one call per posting, as before bulk writing."""

    def field_writer(self, storage, segment):
        return W3FieldWriter(self, storage, segment)


def many_stories():
    # 300 stories over a small vocabulary: common words fill several blocks of 128 postings.
    return [Article(id=f"m{n:03d}", title=f"Quay {n}", body=prose(f"many {n}"), language="en") for n in range(300)]


def inputs():
    return {
        "seeds": parse_paths([SEEDS]).articles,
        "languages": parse_file(LANGUAGES)[0],
        "many": many_stories(),
    }


def segment_files(folder: Path) -> list[bytes]:
    """Return the contents of one segment's data files, sorted (their names are random per segment)."""
    return sorted(p.read_bytes() for p in folder.iterdir() if p.suffix in SEGMENT_SUFFIXES)


def write_with(folder: Path, codec, stories) -> Path:
    folder.mkdir()
    ix = whoosh_index.create_in(str(folder), make_schema())
    with ix.writer(codec=codec, compound=False) as writer:
        for story in stories:
            writer.add_document(**to_document(story))
    return folder


@pytest.mark.parametrize("name", ["seeds", "languages", "many"])
@pytest.mark.parametrize("array_blocks", [True, False])
def test_codec_writer_bulk_writes_the_bytes_of_whoosh_per_posting_loop(tmp_path, name, array_blocks):
    stories = inputs()[name]
    bulk = write_with(tmp_path / "bulk", WritingCodec(array_blocks=array_blocks), stories)
    loop = write_with(tmp_path / "loop", PerPostingCodec(array_blocks=array_blocks), stories)
    assert segment_files(bulk) == segment_files(loop)
    assert len(segment_files(bulk)) > 10


@pytest.mark.parametrize("name", ["seeds", "languages", "many"])
def test_codec_writer_indexes_what_plain_whoosh_indexes(tmp_path, name):
    stories = inputs()[name]
    (tmp_path / "ours").mkdir(), (tmp_path / "plain").mkdir()
    ours = whoosh_index.create_in(str(tmp_path / "ours"), make_schema())
    write_stories(ours, stories)
    plain = whoosh_index.create_in(str(tmp_path / "plain"), plain_whoosh_schema())
    with plain.writer(codec=W3Codec()) as writer:
        for story in stories:
            writer.add_document(**to_document(story))

    found, expected = contents(ours), contents(plain)
    if name == "languages":
        # Whoosh's TEXT analyses every language as English; ours stems each in its own (the loop test above
        # covers those): compare the other fields' postings and the stored fields.
        found, expected = [
            ({key: rows for key, rows in postings.items() if key[0] not in ("title", "body")}, stored)
            for postings, _, stored in (found, expected)
        ]
    assert found == expected
    assert any(field == WORDS_FIELD for field, _ in found[0])


def test_codec_writer_counts_words_in_every_language(tmp_path):
    ix = whoosh_index.create_in(str(tmp_path), make_schema())
    write_stories(ix, parse_file(LANGUAGES)[0])
    with ix.searcher() as searcher:
        reader = searcher.reader()
        words = {text.decode(): reader.doc_frequency(WORDS_FIELD, text) for text in reader.lexicon(WORDS_FIELD)}
        # The words as written keep stop words and are not stemmed; accents are folded, in every language.
        assert [words.get(word) for word in ("harbour", "the", "running", "greve", "одессы", "hafenarbeiter")] == [
            2,
            2,
            1,
            1,
            1,
            1,
        ]
        # Titles and bodies hold the stems, each story in its language.
        assert reader.frequency("body", b"harbour") == 4
        assert reader.doc_frequency("body", b"hafenarbeit") == 1
