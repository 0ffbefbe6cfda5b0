"""Analyzers: what prose becomes in the index."""

import pickle

from searchsvc.analysis import name_analyzer, text_analyzer


def terms(analyzer, text):
    return [t.text for t in analyzer(text)]


def test_text_analyzer_lowercases_folds_accents_drops_stop_words_and_stems():
    assert terms(text_analyzer({}), "The Négociations were running, and prices ROSE") == [
        "negoci", "run", "price", "rose"
    ]


def test_text_analyzer_stems_with_porter2():
    # Porter2 (Snowball) fixes Porter's "generously" -> "gener" and "dying" -> "dy".
    assert terms(text_analyzer({}), "generously dying") == ["generous", "die"]


def test_text_analyzer_keeps_negation_words():
    assert terms(text_analyzer({}), "no deal, not now") == ["no", "deal", "not", "now"]


def test_text_analyzer_maps_variants_before_stemming():
    analyzer = text_analyzer({"kiev": "kyiv", "odessa": "odesa"})
    assert terms(analyzer, "Kiev, Odessa and Kyiv") == ["kyiv", "odesa", "kyiv"]


def test_text_analyzer_keeps_the_characters_of_the_word_as_written():
    analyzer = text_analyzer({"kiev": "kyiv"})
    text = "Talks in Kiev."
    assert [(t.text, text[t.startchar : t.endchar]) for t in analyzer(text, chars=True)] == [
        ("talk", "Talks"), ("kyiv", "Kiev")
    ]


def test_text_analyzer_splits_at_wildcard_characters():
    assert terms(text_analyzer({}), "nego*tiation") == ["nego", "tiation"]


def test_text_analyzer_survives_pickling_as_whoosh_stores_it():
    analyzer = pickle.loads(pickle.dumps(text_analyzer({"kiev": "kyiv"})))
    assert terms(analyzer, "Kiev running") == ["kyiv", "run"]
    assert analyzer == text_analyzer({"kiev": "kyiv"})


def test_name_analyzer_does_not_stem():
    assert terms(name_analyzer(), "Anna Négotiations") == ["anna", "negotiations"]
