"""Month names of the other languages news is written in: "4 septembre 2024", "4 de septiembre de 2024",
"4. září 2024", "15 października 2024", "4 सितंबर 2024".

The names come from dateparser's locale data, not from a list of our own. A name that means two months in
two languages (Polish "listopad" is November, Croatian October) is left out, as are names under three
letters and Roman numerals; English and German names are the dates module's own.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from searchsvc.letters import WORD_RUN

LANGUAGES = (
    "fr", "es", "it", "pt", "nl", "sv", "nb", "da", "fi", "pl", "cs", "sk", "tr", "ro", "hu", "id", "hi", "bn",
    "ca", "el", "ru", "uk", "bg", "lt", "lv", "et", "vi", "ar", "hr", "sl", "th",
)  # fmt: skip
ENGLISH = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")  # fmt: skip
MIN_CHARS = 3
# Day, month name, year, as languages that put the day first write them (a Spanish or Portuguese "de" between).
DAY_MONTH_YEAR = rf"(?<![\w.])\d{{1,2}}(?:\.|º|er)?\s+(?:de\s+)?({WORD_RUN})\.?,?\s+(?:de\s+)?\d{{4}}\b"
WORD = re.compile(WORD_RUN)
# Thai dates count years from the Buddha's death ("4 กันยายน 2567" is 2024): 543 years ahead.
THAI = re.compile("[\u0e00-\u0e7f]")
BUDDHIST_ERA = 543
BUDDHIST_YEAR = re.compile(r"\b(2[45]\d\d)\b")


@cache
def foreign_months(known: frozenset[str]) -> dict[str, int]:
    """Return {casefolded name: month number} of LANGUAGES, the names in `known` (casefolded) left out."""
    from dateparser.languages import default_loader

    months: dict[str, set[int]] = {}
    for code in LANGUAGES:
        info = default_loader.get_locale(code).info
        for number, english in enumerate(ENGLISH, start=1):
            for name in info.get(english.lower(), ()):
                months.setdefault(name.casefold().rstrip("."), set()).add(number)
    return {
        name: numbers.pop()
        for name, numbers in months.items()
        if len(numbers) == 1 and is_name(name) and name not in known
    }


def is_name(name: str) -> bool:
    """Tell whether a month name is safe to look for: letters and marks only, long enough, no Roman numeral."""
    if len(name) < MIN_CHARS or set(name) <= set("ivxlc"):
        return False
    return all(c.isalpha() or unicodedata.category(c)[0] == "M" for c in name)


def in_english(text: str, months: dict[str, int]) -> str:
    """Write the month names of other languages in a date as English ones, without the Spanish "de".

    `text` is one date as found (find_dates), never a sentence: every "de" between two words goes.
    """
    english = WORD.sub(lambda m: ENGLISH[months[k] - 1] if (k := m.group().casefold()) in months else m.group(), text)
    if THAI.search(text) and any(THAI.search(w) and w.casefold() in months for w in WORD.findall(text)):
        english = BUDDHIST_YEAR.sub(lambda m: str(int(m.group(1)) - BUDDHIST_ERA), english)
    # French "1er janvier", Spanish "1º de enero": the day's ordinal mark off, as dateutil reads no such thing.
    english = re.sub(r"(?<=\d)(?:er|º)(?=\s)", "", english)
    return re.sub(r"(?<=\w)\s+de\s+(?=\w)", " ", english)
