from searchsvc.articles import Article
from searchsvc.store.schema import (
    FACET_COLUMNS,
    UNDATED_DAY,
    day_number,
    facet_values,
    from_document,
    is_current_schema,
    make_schema,
    split_authors,
    to_document,
)
from tests.helpers import utc
from tests.store.test_generations import STORY

DERIVED = {"version_ids", "day", "stamp", *FACET_COLUMNS.values()}


def test_index_document_round_trip_keeps_every_field():
    stored = {k: v for k, v in to_document(STORY).items() if k not in DERIVED}
    assert from_document(stored) == STORY


def test_index_day_number_counts_utc_days_since_1970():
    assert day_number(utc(1970, 1, 2, 23, 59)) == 1
    assert day_number(utc(2025, 4, 2)) == 20180
    assert day_number(None) == UNDATED_DAY


def test_index_split_authors_on_semicolons_and_commas():
    assert split_authors("Ann Lee; Bo Chan, Cy Dunn") == ["Ann Lee", "Bo Chan", "Cy Dunn"]
    assert split_authors("Ann Lee") == ["Ann Lee"]
    assert split_authors(None) == []


def test_index_facet_values_are_the_keys_as_written():
    article = Article(
        id="a", body="x", source="Reuters", author="Ann Lee, Bo Chan", tags=("Oil", "oil", "Oil"), language="en"
    )
    assert facet_values(article) == {
        "source": ["Reuters"],
        "author": ["Ann Lee", "Bo Chan"],
        "tag": ["Oil", "oil"],
        "language": ["en"],
    }


def test_an_index_whose_words_were_cut_otherwise_is_not_current():
    # Earlier versions cut words at combining marks (Hindi "पुलिस" into letters): their index is rebuilt.
    from whoosh.analysis import RegexTokenizer

    schema = make_schema()
    assert is_current_schema(schema)
    schema["body"].analyzer.items[0] = RegexTokenizer(expression=r"[^\W]+(?:\.[^\W]+)*")
    assert not is_current_schema(schema)
