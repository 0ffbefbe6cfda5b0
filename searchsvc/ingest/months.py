"""Month names of the other languages news is written in: "4 septembre 2024", "4 de septiembre de 2024",
"4. září 2024", "15 października 2024", "18 juil. 2024", "4 सितंबर 2024".

The names come from dateparser's locale data, not from a list of our own. A name that means two months in
two languages (Polish "listopad" is November, Croatian October) is left out, as are names under three
letters and Roman numerals. Between a day and a year (written_as_month), an abbreviation (a name that begins
a longer one of the same month: "pro" of Czech "prosinec", "out" of "outubro") counts only with its dot, and
a short Latin-script name only in lower case, as these languages write their months: "iPhone 15 Pro 2023",
"Journey 2 Mars 2020" and "Best 10 LED 2024" are no dates. English and German names are the dates module's
own."""

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
CAPITALISING = ("tr", "id")
# A capitalised name of this many letters is a month ("Novembre"); shorter ones are often English words
# ("Mars", "Mayo").
CAPITALISED_CHARS = 5
# Day, month name, year, as languages that put the day first write them (a Spanish or Portuguese "de" between).
DAY_MONTH_YEAR = rf"(?<![\w.])\d{{1,2}}(?:\.|º|er)?\s+(?:de\s+)?({WORD_RUN})(\.?),?\s+(?:de\s+)?\d{{4}}\b"
WORD = re.compile(WORD_RUN)
# Thai dates count years from the Buddha's death ("4 กันยายน 2567" is 2024): 543 years ahead.
THAI = re.compile("[\u0e00-\u0e7f]")
BUDDHIST_ERA = 543
BUDDHIST_YEAR = re.compile(r"\b(2[45]\d\d)\b")


@cache
def foreign_months(known: frozenset[str]) -> dict[str, int]:
    """Return {casefolded name: month number} of LANGUAGES (abbreviations too), the names in `known` left out."""
    months: dict[str, set[int]] = {}
    for _code, number, name, _short in locale_names():
        months.setdefault(name, set()).add(number)
    return {
        name: numbers.pop()
        for name, numbers in months.items()
        if len(numbers) == 1 and is_name(name) and name not in known
    }


@cache
def name_kinds() -> tuple[frozenset[str], frozenset[str]]:
    """Return the abbreviations, and the names of the languages that capitalise their months (casefolded)."""
    names = locale_names()
    full = {name for _, _, name, short in names if not short}
    short = frozenset(name for _, _, name, is_short in names if is_short and name not in full)
    return short, frozenset(name for code, _, name, _ in names if code in CAPITALISING)


@cache
def locale_names() -> tuple[tuple[str, int, str, bool], ...]:
    """Return (language, month number, casefolded name, whether it abbreviates another) for LANGUAGES' names."""
    from dateparser.languages import default_loader

    found = []
    for code in LANGUAGES:
        info = default_loader.get_locale(code).info
        for number, english in enumerate(ENGLISH, start=1):
            names = {name.casefold().rstrip(".") for name in info.get(english.lower(), ())}
            found += [(code, number, n, any(o != n and o.startswith(n) for o in names)) for n in names]
    return tuple(found)


def written_as_month(word: str, dotted: bool, months: dict[str, int]) -> bool:
    """Tell whether a word between a day and a year is another language's month, written as months are.

    An abbreviation counts with its dot ("juil."); a Latin-script name in lower case, or capitalised when it
    is long (CAPITALISED_CHARS: "Novembre", "GENNAIO") or its language capitalises months.
    """
    key = word.casefold()
    if key not in months:
        return False
    short, capitalised = name_kinds()
    if key in short:
        return dotted
    latin = all(ord(c) < 0x250 for c in word)
    return not latin or word.islower() or len(key) >= CAPITALISED_CHARS or key in capitalised


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
