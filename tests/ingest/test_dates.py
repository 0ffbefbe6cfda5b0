"""Date recognition: forms, zones, and the dates we refuse to guess."""

from datetime import UTC, datetime, timedelta

import pytest

from searchsvc.ingest.dates import FoundDate, find_dates, parse_date


def utc(*parts):
    return datetime(*parts, tzinfo=UTC)


@pytest.mark.parametrize(
    "text, value, has_time",
    [
        ("2025-04-02", utc(2025, 4, 2), False),
        ("2025-04-02T19:49:31Z", utc(2025, 4, 2, 19, 49, 31), True),
        ("2024-05-03T15:47:42+02:00", utc(2024, 5, 3, 13, 47, 42), True),
        ("Sat, 03 May 2024 10:00:00 +0200", utc(2024, 5, 3, 8, 0), True),
        ("Mon, 6 Apr 2025 20:37:00 GMT", utc(2025, 4, 6, 20, 37), True),
        ("April 6, 2025 8:37 PM", utc(2025, 4, 6, 20, 37), True),
        ("3 May 2024", utc(2024, 5, 3), False),
        ("3. Mai 2024", utc(2024, 5, 3), False),
        ("12. März 2023 um 9:05 Uhr", utc(2023, 3, 12, 9, 5), True),
        ("03.05.2024, 14:12 Uhr", utc(2024, 5, 3, 14, 12), True),
        ("May 3, 2024 2:05 p.m. EDT", utc(2024, 5, 3, 18, 5), True),
        ("5 Dezember 2022 23:30 CET", utc(2022, 12, 5, 22, 30), True),
    ],
)
def test_dates_parse_forms_to_utc(text, value, has_time):
    assert parse_date(text) == FoundDate(value, text, has_time)


def test_dates_keep_raw_and_normalise_zone():
    date = parse_date("2024-05-03 10:00 -0500")
    assert date.value == utc(2024, 5, 3, 15, 0) and date.value.utcoffset() == timedelta(0)
    assert date.raw == "2024-05-03 10:00 -0500"


@pytest.mark.parametrize("text", ["3 hours ago", "vor 2 Stunden", "April 6", "6. April", "2024", "yesterday", "", "42"])
def test_dates_refuse_relative_and_yearless(text):
    assert parse_date(text) is None
    assert find_dates(text) == []


@pytest.mark.parametrize("text", ["-2025-01-01", "+2025-01-01", "\u22122025-01-01T10:00:00Z"])
def test_dates_refuse_signed_years(text):
    """ISO 8601's expanded years carry a sign; read without it they would be a guessed date."""
    assert parse_date(text) is None


def test_dates_find_in_lines():
    assert [d.raw for d in find_dates("by Sonya Bandouil April 6, 2025 8:37 PM 2 min read")] == [
        "April 6, 2025 8:37 PM"
    ]
    assert [d.raw for d in find_dates("2025-04-02 19:49:31 / BOTA ALFA PRESS")] == ["2025-04-02 19:49:31"]
    assert [d.raw for d in find_dates("Published 3 May 2024, updated 4 May 2024")] == ["3 May 2024", "4 May 2024"]
    assert [d.raw for d in find_dates("Stand: 03.05.2024, 14:12 Uhr")] == ["03.05.2024, 14:12 Uhr"]


def test_dates_slashed_need_an_order_unless_unambiguous():
    assert parse_date("04/05/2024") is None  # April 4 or May 4? No date beats a guess
    assert parse_date("04/05/2024", slash_dayfirst=True).value == utc(2024, 5, 4)
    assert parse_date("04/05/2024", slash_dayfirst=False).value == utc(2024, 4, 5)
    assert parse_date("25/12/2024").value == utc(2024, 12, 25)
    assert parse_date("12/25/2024 9:30 PM").value == utc(2024, 12, 25, 21, 30)


def test_dates_twelve_and_twenty_four_hour_clocks_agree():
    assert parse_date("May 3, 2024 2:05 PM") == FoundDate(utc(2024, 5, 3, 14, 5), "May 3, 2024 2:05 PM", True)
    assert parse_date("3 May 2024 14:05").value == utc(2024, 5, 3, 14, 5)
    assert parse_date("3 May 2024 12:30 a.m.").value == utc(2024, 5, 3, 0, 30)


def test_dates_a_year_glued_to_the_time_or_a_count():
    assert [d.raw for d in find_dates("March 7, 20247:55 AM UTCUpdated ago")] == ["March 7, 2024 7:55 AM"]
    assert [d.value.date().isoformat() for d in find_dates("May 21, 202501747 views")] == ["2025-05-21"]


def test_dates_a_month_glued_to_the_word_before_it():
    assert [d.raw for d in find_dates("Yahoo FinanceOctober 13, 2016")] == ["October 13, 2016"]
    assert [d.raw for d in find_dates("by City TimesNovember 21, 202501747")] == ["November 21, 2025"]
    # Only a capitalised month after a lower-case letter, with a day after it.
    assert find_dates("Desdemona 5 times in 2024") == []
    assert find_dates("summerjuly 4 2020") == []


def test_dates_a_time_with_a_dot_after_the_year():
    assert [(d.raw, d.value) for d in find_dates("Thu 3 Jan 2019 02.00 EST Last modified on Wed 16 Jan 2019")] == [
        ("3 Jan 2019 02.00 EST", utc(2019, 1, 3, 7, 0)),
        ("16 Jan 2019", utc(2019, 1, 16)),
    ]
    assert parse_date("03.05.2024 14.12") == FoundDate(utc(2024, 5, 3, 14, 12), "03.05.2024 14.12", True)


def test_dates_month_names_in_capitals():
    lines = ["12. MÄR 2025 18:03", "JAN. 13, 2017", "By JANE DOE JULY 29, 2016", "15 OCT 2024 - 08:22"]
    assert [[d.value.date().isoformat() for d in find_dates(line)] for line in lines] == [
        ["2025-03-12"],
        ["2017-01-13"],
        ["2016-07-29"],
        ["2024-10-15"],
    ]


@pytest.mark.parametrize(
    "text, value, has_time",
    [
        ("2025年1月13日", utc(2025, 1, 13), False),
        ("2019年04月13日 09時00分", utc(2019, 4, 13, 9, 0), True),
        ("2025年1月13日（月） 午後3時20分", utc(2025, 1, 13, 15, 20), True),
        ("2024년 5월 1일 오후 3시 20분", utc(2024, 5, 1, 15, 20), True),
        ("2025/1/14 10:30", utc(2025, 1, 14, 10, 30), True),
        ("2026.07.12.", utc(2026, 7, 12), False),
    ],
)
def test_dates_year_first_as_chinese_japanese_and_korean_pages_write_them(text, value, has_time):
    assert parse_date(text) == FoundDate(value, text, has_time)
    assert [d.raw for d in find_dates(f"公開日：{text}")] == [text]


def test_dates_year_first_refuses_impossible_days_and_version_numbers():
    assert find_dates("2025/13/40") == [] and find_dates("2025年2月30日") == []
    # Digits glued to a dotted run are a version or an id, not a year-first date.
    assert find_dates("ID 3.2019.04.13") == []


def test_dates_iso_glued_to_cjk_text():
    # Page text joins a name and its date without a space: "谢若含2017-03-01 14:27:02".
    assert [d.raw for d in find_dates("谢若含2017-03-01 14:27:02")] == ["2017-03-01 14:27:02"]
    assert find_dates("x2017-03-01") == []


@pytest.mark.parametrize(
    "line, day",
    [
        ("Publié le 4 septembre 2024 à 14h30", (2024, 9, 4)),
        ("Mis à jour le 1er mai 2024", (2024, 5, 1)),
        ("Madrid, 5 de mayo de 2024", (2024, 5, 5)),
        ("Roma, 12 marzo 2025", (2025, 3, 12)),
        ("Aktualizacja: 15 października 2024", (2024, 10, 15)),
        ("Praha 4. září 2024", (2024, 9, 4)),
        ("3 Ekim 2023, 10:45", (2023, 10, 3)),
        ("Москва, 12 мая 2024", (2024, 5, 12)),
        ("पटना, 4 सितंबर 2024", (2024, 9, 4)),
        ("Stockholm 7 maj 2024", (2024, 5, 7)),
        ("กรุงเทพฯ 4 กันยายน 2567", (2024, 9, 4)),  # a Thai year counts from the Buddha's death, 543 years ahead
        ("กรุงเทพฯ 4 กันยายน 2024", (2024, 9, 4)),
    ],
)
def test_find_dates_reads_the_month_names_of_other_languages(line, day):
    assert [d.value.date() for d in find_dates(line, foreign=True)] == [datetime(*day).date()]


def test_a_month_name_two_languages_read_as_different_months_is_not_read():
    # "listopad" is November in Polish and Czech, October in Croatian: no date rather than a wrong month.
    from searchsvc.ingest.dates import foreign_month_names

    assert "listopad" not in foreign_month_names()
    assert (
        find_dates("Zagreb, 3 listopad 2024", foreign=True)
        == find_dates("Warszawa, 3 listopada 2024", foreign=True)
        == []
    )


def test_a_word_between_a_day_and_a_year_that_is_no_month_is_no_date():
    assert find_dates("Sold 12 apples 2024 times", foreign=True) == []


def test_parse_date_reads_a_record_s_date_written_in_another_language():
    assert parse_date("4 de septiembre de 2024 10:30").value == utc(2024, 9, 4, 10, 30)
    assert parse_date("1er janvier 2025").value == utc(2025, 1, 1)


@pytest.mark.parametrize(
    "line",
    ["Apple iPhone 15 Pro 2023 review", "Best 10 LED 2024 bulbs", "Inside 2 Out 2024", "Journey 2 Mars 2020"],
)
def test_an_english_word_that_abbreviates_or_names_a_month_elsewhere_is_no_date(line):
    # "pro" abbreviates Czech "prosinec", "led" "leden", "out" Portuguese "outubro"; "mars" is French March.
    assert find_dates(line, foreign=True) == []


def test_an_abbreviated_month_counts_with_its_dot_and_a_long_name_capitalised():
    assert [d.value.date().isoformat() for d in find_dates("Publié le 18 juil. 2024", foreign=True)] == ["2024-07-18"]
    assert [d.value.date().isoformat() for d in find_dates("05 GENNAIO 2025", foreign=True)] == ["2025-01-05"]
