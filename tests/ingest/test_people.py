"""Author names from records: bylines cut to people, capitals restored, agencies kept as the credit."""

import json

from searchsvc.ingest import parse_file
from searchsvc.ingest.people import restore_capitals, split_byline


def test_split_byline_keeps_people_and_sets_agencies_apart():
    assert split_byline(["By Jane Okafor, Reuters"]) == (["Jane Okafor"], ["Reuters"])
    assert split_byline(["BY TED D'AFFLISIO"]) == (["Ted D'Afflisio"], [])
    assert split_byline(["BY PATRICK RIZZO AND PATTI DOMM"]) == (["Patrick Rizzo", "Patti Domm"], [])
    assert split_byline(["By Brad Schade Reuters"]) == (["Brad Schade"], ["Reuters"])
    assert split_byline(["Reuter"]) == ([], ["Reuters"])
    assert split_byline(["BY TED D'AFFLISIO, REUTERS"]) == (["Ted D'Afflisio"], ["Reuters"])
    # A mail address (newsgroups) is no byline: kept as given.
    assert split_byline(["jdoe@example.edu (JOHN DOE)"]) == (["jdoe@example.edu (JOHN DOE)"], [])


def test_restore_capitals_leaves_mixed_case_alone():
    assert restore_capitals("URSULA VON DER LEYEN") == "Ursula von der Leyen"
    assert restore_capitals("JEAN-PAUL O'NEILL") == "Jean-Paul O'Neill"
    assert restore_capitals("Ian MacKenzie") == "Ian MacKenzie"


def test_records_store_one_spelling_per_person(tmp_path):
    path = tmp_path / "wire.jsonl"
    records = [
        {"id": "a", "body": "Text one.", "author": "By Jane Okafor, Reuters"},
        {"id": "b", "body": "Text two.", "author": "JANE OKAFOR"},
        {"id": "c", "body": "Text three.", "author": "BY TED D'AFFLISIO", "source": "Example Wire"},
        {"id": "d", "body": "Text four.", "author": "Reuters"},
    ]
    path.write_text("\n".join(json.dumps(r) for r in records))
    articles, problems = parse_file(path)
    assert problems == []
    assert [(a.id, a.author, a.source) for a in articles] == [
        ("a", "Jane Okafor", "Reuters"),
        ("b", "Jane Okafor", None),
        ("c", "Ted D'Afflisio", "Example Wire"),
        ("d", None, "Reuters"),
    ]
