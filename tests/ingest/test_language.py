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
    # A table of figures has letters enough, but no language: CLD2 calls it unreliable.
    table = "Shr 12 cts vs 10 cts Net 1,200,000 vs 980,000 Revs 15.6 mln vs 14.1 mln Avg shrs 4.1 mln vs 3.9 mln"
    assert detect_language(table + " Year Shr 48 cts vs 41 cts") is None


def test_language_of_a_short_record_is_told_from_its_title_and_body():
    from searchsvc.ingest.records import record_to_article

    teaser = {"body": "Meet little Oscar James!"}
    titled = dict(teaser, title="Singer and actor announce the name of their baby boy")
    assert [record_to_article(r, "r1", "r.jsonl").language for r in (teaser, titled)] == [None, "en"]


@pytest.mark.parametrize(
    "text, code",
    [
        # CLD2 says "iw" and "zh-Hant"; the field holds today's two-letter codes.
        ("שלום לכולם, זהו מאמר חדשותי על הבחירות לכנסת שנערכו היום בכל רחבי הארץ.", "he"),
        (
            "中華民國總統今天在台北發表談話，強調經濟發展與兩岸和平的重要性，並呼籲各界團結合作。行政院長隨後表示，政府將繼續推動相關政策。",
            "zh",
        ),
        (
            "東京都は月曜日、新しい予算案を発表しました。学校の給食費の無償化が柱となっています。知事は記者会見で、来年度から実施する考えを示しました。",
            "ja",
        ),
    ],
)
def test_language_codes_are_today_s_two_letter_codes(text, code):
    assert detect_language(text) == code


def test_language_of_text_with_control_characters_or_lone_surrogates_is_still_told():
    # CLD2 refuses control characters as invalid UTF-8, and a lone surrogate cannot be encoded at all.
    text = "The council approved the new budget on Monday after a long debate about school funding."
    assert [detect_language(text.replace(" ", mark, 1)) for mark in ("\x00", "\x1b", "\ud800", "\ufffe")] == ["en"] * 4


def test_language_of_prose_full_of_foreign_product_names_is_its_own():
    # CLD2 finds Japanese in most of this text and no other language, but calls it unreliable.
    text = (
        "個人的にWebAssemblyには強く期待しており、その中でもGoが有力だと感じています。"
        "それはGoのWebAssemblyではDOMやJavaScript APIが使えるからです。"
    )
    assert detect_language(text) == "ja"


def test_language_is_told_from_text_that_looks_like_markup():
    # Read as HTML (CLD2's default), everything between the brackets would be a tag and skipped.
    text = "Note < Der Stadtrat hat am Donnerstagabend mit großer Mehrheit ein neues Radwegenetz beschlossen. >"
    assert detect_language(text) == "de"
