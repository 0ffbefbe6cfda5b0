"""Words and sentences of the world's scripts (searchsvc/letters.py)."""

import re
import time

from searchsvc.ingest.dates import find_dates
from searchsvc.letters import WORD_RUN
from searchsvc.store.variants import fold


def test_a_word_keeps_its_marks_between_and_after_its_letters():
    assert re.findall(WORD_RUN, "पुलिस समस्तीपुर cafe\u0301 x\u0301\u0301 tamil: தமிழ்") == [
        "पुलिस",
        "समस्तीपुर",
        "cafe\u0301",
        "x\u0301\u0301",
        "tamil",
        "தமிழ்",
    ]


def test_a_long_run_of_marks_cannot_make_a_failing_match_take_forever():
    # "Zalgo" text: with "(marks letters*)*" each split of 40 marks was tried, 2^39 of them, before giving up.
    zalgo = "Z" + "\u0336" * 40
    started = time.process_time()
    assert re.search(rf"({WORD_RUN})$", zalgo + " ") is None
    assert find_dates(f"Top 10 {zalgo}algo memes", foreign=True) == []
    assert time.process_time() - started < 2  # a few microseconds; 24 marks took 4 s before


def test_completion_folds_a_typed_word_as_the_index_does():
    # A combining accent, a ligature and half-width katakana fold as the words field folds them (NFKC first).
    assert fold("Zele\u0301n") == fold("Zelén") == "zelen"
    assert fold("ﬁn") == "fin"
    assert fold("ﾃﾞｰ") == "デー"
