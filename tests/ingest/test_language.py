"""Article language: the page's own hint first, else detected, None for very short text."""

import pytest

from searchsvc.ingest.language import detect_language, normalise_language


@pytest.mark.parametrize(
    "hint, code", [("de-AT", "de"), ("en_US", "en"), ("FR", "fr"), ("deu", None), ("", None), (None, None), (3, None)]
)
def test_language_normalise_hint(hint, code):
    assert normalise_language(hint) == code


def test_language_hint_wins_over_detection():
    assert detect_language("The council approved the new budget on Monday after a long debate.", "de-AT") == "de"


@pytest.mark.parametrize(
    "text, code",
    [
        ("The council approved the new budget on Monday after a long debate about school funding.", "en"),
        ("Der Stadtrat hat am Donnerstagabend mit großer Mehrheit ein neues Radwegenetz beschlossen.", "de"),
        ("Le conseil municipal a adopté lundi le nouveau budget après un long débat sur les écoles.", "fr"),
        ("Short text.", None),
    ],
)
def test_language_detected_from_body(text, code):
    assert detect_language(text) == code


def test_language_is_a_two_letter_code_even_where_a_regional_variety_scores_first():
    # The full model calls this English sentence Nigerian Pidgin ("pcm"); the field holds ISO 639-1 codes only.
    assert detect_language("Democrat Anna Lee will face Republican John Smith in November.") == "en"


def test_language_an_unsure_guess_is_no_language():
    # A table of figures has letters enough, but no language: py3langid's best guess has a low probability.
    table = "Shr 12 cts vs 10 cts Net 1,200,000 vs 980,000 Revs 15.6 mln vs 14.1 mln Avg shrs 4.1 mln vs 3.9 mln"
    assert detect_language(table + " Year Shr 48 cts vs 41 cts") is None


def test_language_of_a_short_record_is_told_from_its_title_and_body():
    from searchsvc.ingest.records import record_to_article

    teaser = {"body": "Meet little Oscar James!"}
    titled = dict(teaser, title="Singer and actor announce the name of their baby boy")
    assert [record_to_article(r, "r1", "r.jsonl").language for r in (teaser, titled)] == [None, "en"]


def test_language_scores_equal_py3langid_s_own_on_its_own_table():
    # identifier() re-lays the weight table for speed; every probability must stay py3langid's own.
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    from searchsvc.ingest.language import identifier

    plain = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    plain.set_languages(identifier().nb_classes)
    texts = [
        "The council approved the new budget on Monday after a long debate about school funding.",
        "Der Stadtrat hat am Donnerstagabend mit großer Mehrheit ein neues Radwegenetz beschlossen.",
        "Le conseil municipal a adopté lundi le nouveau budget après un long débat sur les écoles.",
        "Совет директоров утвердил бюджет компании на следующий год.",
        "Shr 12 cts vs 10 cts",
    ]
    assert [identifier().rank(text) for text in texts] == [plain.rank(text) for text in texts]
