from searchsvc.index import from_document, month_key, to_document
from test_generations import STORY
from conftest import utc


def test_index_document_round_trip_keeps_every_field():
    stored = {k: v for k, v in to_document(STORY).items() if k not in ("month", "version_ids")}
    assert from_document(stored) == STORY


def test_index_month_key_of_dated_and_undated():
    assert month_key(utc(2025, 4, 2)) == "2025-04"
    assert month_key(None) == ""
