"""Article language: the page's own hint first, else detected, None for very short text."""

import pytest

from searchsvc.ingest.language import detect_language, normalise_language


@pytest.mark.parametrize("hint, code", [("de-AT", "de"), ("en_US", "en"), ("FR", "fr"), ("deu", None), ("", None),
                                        (None, None), (3, None)])
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
