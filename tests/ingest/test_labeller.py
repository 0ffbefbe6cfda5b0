"""The learned line labeller as shipped: small hand-written pages, parsed the way `searchsvc index` reads them."""

from datetime import UTC, datetime
from pathlib import Path

from searchsvc.ingest import bylinefeatures as bf
from searchsvc.ingest import parse_file
from searchsvc.ingest.labeller import relabel
from searchsvc.ingest.linemodel import LineModel, field_from_dict, load_model
from searchsvc.ingest.pagetext import parse_page_text, read_by_rules

DATA = Path(__file__).parents[1] / "data" / "ingest"


def parse(name: str):
    articles, problems = parse_file(DATA / name)
    assert problems == []
    return articles[0]


def test_shipped_model_is_in_the_package():
    model = load_model()
    assert model is not None
    # The fields the model won on unseen sites; the date and the author stay the rules' (bench/RESULTS.md).
    assert set(model.fields) == {"title", "opening"}


def test_labeller_finds_the_headline_under_the_menu():
    article = parse("title.txt")
    assert article.title == "Harbour towns brace for the biggest spring tide in forty years"
    assert article.published == datetime(2024, 3, 14, 9, 30, tzinfo=UTC)


def test_labeller_reads_the_byline_under_the_title():
    article = parse("byline.txt")
    assert (article.title, article.author) == (
        "Council approves the new library after a decade of plans",
        "Jane Okafor, Tom Reyes",
    )


def test_labeller_takes_the_published_line_not_the_updated_one():
    article = parse("dateline.txt")
    assert article.published_raw == "18 March 2024, 07:15"


def test_teaser_list_gives_neither_title_nor_date():
    article = parse("teasers.txt")
    assert (article.title, article.published_raw, article.author) == (
        "Bridge repairs will close the river crossing for six weeks",
        "5 June 2024",
        "Lena Hartmann",
    )
    assert "Stadium plans" not in article.body


def test_dateline_by_the_byline_beats_the_footer_date():
    article = parse("footer-date.txt")
    assert article.published_raw == "9 July 2024"


def test_a_copyright_year_is_no_publication_date():
    article = parse("copyright-only.txt")
    assert (article.published, article.published_raw) == (None, None)
    assert article.title == "Volunteers plant a thousand trees along the old railway path"


def test_rules_alone_give_the_same_fields_on_plain_pages():
    for name in ("title.txt", "byline.txt", "teasers.txt", "footer-date.txt"):
        text = (DATA / name).read_text()
        learned, rules = parse_page_text(text), parse_page_text(text, model=None)
        assert (learned.title, learned.date, learned.author) == (rules.title, rules.date, rules.author), name


def test_a_field_under_its_cutoff_is_left_out():
    # One stump that scores every candidate alike (probability 0.5), under a cutoff of 0.9: no date, no author.
    stump = {"depth": 1, "rate": 1.0, "prior": 0.0, "cutoff": 0.9, "use": True, "trees": [[[-1, 0.0, 0, 0, 0.0]]]}
    reading = read_by_rules((DATA / "byline.txt").read_text())
    fields = {
        "date": field_from_dict({**stump, "features": list(bf.DATE_FEATURES), "mode": "model"}),
        "author": field_from_dict({**stump, "features": list(bf.AUTHOR_FEATURES), "mode": "model"}),
    }
    found = relabel(reading.page, LineModel(fields), reading.text)
    assert (found.date, found.author, found.title) == (None, None, reading.text.title)


def test_labeller_takes_the_headline_not_the_browser_title_line():
    article = parse("browser-title.txt")
    assert (article.title, article.author, article.published_raw) == (
        "Night trains return to the Alpine line after twenty years",
        "Petra Lindner",
        "2 May 2024",
    )


def test_labeller_takes_the_signed_headline_not_a_teaser_over_it():
    article = parse("teaser-rail.txt")
    assert article.title == "Storm damage leaves the pier closed until the autumn"


def test_a_bare_update_day_is_no_publication_date():
    # The page was revised that day; it may have gone online weeks before.
    article = parse("update-day-only.txt")
    assert (article.published, article.published_raw) == (None, None)
    assert article.title == "Volunteers plant a thousand trees along the old railway path"


def test_an_update_stamp_with_its_time_dates_the_story():
    article = parse("update-with-time.txt")
    assert article.published_raw == "26 March 2024, 14:05"
    assert article.published.date() == datetime(2024, 3, 26, tzinfo=UTC).date()
