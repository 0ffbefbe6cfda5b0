"""Indexing's fast path (ProseText fields, WritingCodec, array blocks) writes what plain Whoosh writes."""

from whoosh import fields
from whoosh import index as whoosh_index
from whoosh.codec.whoosh3 import W3Codec

from searchsvc.articles import Article
from searchsvc.store.arrayblocks import ArrayCodec
from searchsvc.store.generations import write_stories
from searchsvc.store.schema import WORDS_FIELD, make_schema, to_document
from tests.store.reindex_helpers import prose


def stories():
    # 40 stories share "harbour" (a full, compressed block), 5 share "Kiev" (a small block),
    # and each has words of its own (one posting per term).
    return [
        Article(
            id=f"s{n:02d}",
            title=f"Harbour report {n}" + (" from Kiev" if n % 8 == 0 else ""),
            body=f"The harbour at Odessa, item {n}.5: " + prose(f"story {n}") + (" Kiev, Kyiv!" if n % 8 == 0 else ""),
            source="Reuters",
            author="Anna Müller",
            tags=("shipping",),
        )
        for n in range(40)
    ]


def plain_whoosh_schema():
    """Return the schema with Whoosh's own TEXT type for title, body and the words as written."""
    schema = make_schema()
    for name, chars, phrase in (("title", False, True), ("body", True, True), (WORDS_FIELD, False, False)):
        ours = schema[name]
        schema.remove(name)
        schema.add(name, fields.TEXT(analyzer=ours.analyzer, stored=ours.stored, chars=chars, phrase=phrase))
    return schema


def contents(ix):
    """Return every term's statistics and postings (with their block's), field lengths and stored fields."""
    with ix.searcher() as searcher:
        reader = searcher.reader()
        postings = {}
        for name, text in reader.all_terms():
            info = reader.term_info(name, text)
            matcher = reader.postings(name, text)
            rows = [(info.weight(), info.doc_frequency(), info.min_length(), info.max_length(), info.max_weight())]
            while matcher.is_active():
                rows.append(
                    (
                        matcher.id(),
                        matcher.weight(),
                        matcher.value(),
                        matcher.block_min_length(),
                        matcher.block_max_length(),
                        matcher.block_max_weight(),
                    )
                )
                matcher.next()
            postings[name, text] = rows
        lengths = {
            (doc, name): reader.doc_field_length(doc, name)
            for doc in range(reader.doc_count_all())
            for name in ("title", "body", "source", "author")
        }
        return postings, lengths, list(reader.all_stored_fields())


def test_codec_fast_path_writes_the_postings_plain_whoosh_writes(tmp_path):
    (tmp_path / "ours").mkdir(), (tmp_path / "plain").mkdir()
    ours = whoosh_index.create_in(str(tmp_path / "ours"), make_schema())
    write_stories(ours, stories())
    plain = whoosh_index.create_in(str(tmp_path / "plain"), plain_whoosh_schema())
    with plain.writer(codec=W3Codec()) as writer:
        for story in stories():
            writer.add_document(**to_document(story))

    assert contents(ours) == contents(plain)
    assert len(contents(ours)[0][("body", b"harbour")]) == 1 + 40


def test_codec_segments_name_the_codec_of_their_blocks(tmp_path):
    (tmp_path / "arrays").mkdir(), (tmp_path / "whoosh").mkdir()
    arrays = whoosh_index.create_in(str(tmp_path / "arrays"), make_schema())
    write_stories(arrays, stories())
    assert [type(segment.codec()) for segment in arrays._segments()] == [ArrayCodec]
    plain = whoosh_index.create_in(str(tmp_path / "whoosh"), make_schema())
    write_stories(plain, stories(), array_blocks=False)
    assert [type(segment.codec()) for segment in plain._segments()] == [W3Codec]
