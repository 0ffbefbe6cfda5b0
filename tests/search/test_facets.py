from datetime import date

import numpy as np
import pytest

from searchsvc.articles import Article
from searchsvc.search.facets import count_dates
from searchsvc.search.results import Bucket, SearchRequest
from searchsvc.store.schema import UNDATED_DAY, day_number
from tests.helpers import utc


def days(*dates) -> np.ndarray:
    return np.array([day_number(utc(d.year, d.month, d.day)) if d else UNDATED_DAY for d in dates])


def test_facets_month_buckets_fill_empty_months_between_first_and_last():
    facet = count_dates(days(date(2025, 1, 5), date(2025, 3, 20), date(2025, 3, 2), None), "month")
    assert facet.buckets == [
        Bucket("2025-01", 1, date(2025, 1, 1), date(2025, 1, 31)),
        Bucket("2025-02", 0, date(2025, 2, 1), date(2025, 2, 28)),
        Bucket("2025-03", 2, date(2025, 3, 1), date(2025, 3, 31)),
    ]
    assert (facet.interval, facet.undated) == ("month", 1)


def test_facets_week_buckets_use_iso_weeks_across_the_new_year():
    facet = count_dates(days(date(2024, 12, 31), date(2025, 1, 14)), "week")
    assert facet.buckets == [
        Bucket("2025-W01", 1, date(2024, 12, 30), date(2025, 1, 5)),
        Bucket("2025-W02", 0, date(2025, 1, 6), date(2025, 1, 12)),
        Bucket("2025-W03", 1, date(2025, 1, 13), date(2025, 1, 19)),
    ]


def test_facets_year_and_day_buckets():
    assert count_dates(days(date(2023, 6, 1), date(2025, 1, 1)), "year").buckets == [
        Bucket("2023", 1, date(2023, 1, 1), date(2023, 12, 31)),
        Bucket("2024", 0, date(2024, 1, 1), date(2024, 12, 31)),
        Bucket("2025", 1, date(2025, 1, 1), date(2025, 12, 31)),
    ]
    assert count_dates(days(date(2025, 4, 6), date(2025, 4, 8), date(2025, 4, 8)), "day").buckets == [
        Bucket("2025-04-06", 1, date(2025, 4, 6), date(2025, 4, 6)),
        Bucket("2025-04-07", 0, date(2025, 4, 7), date(2025, 4, 7)),
        Bucket("2025-04-08", 2, date(2025, 4, 8), date(2025, 4, 8)),
    ]


def test_facets_only_undated_matches_give_no_buckets():
    facet = count_dates(days(None, None), "month")
    assert (facet.buckets, facet.undated) == ([], 2)


STORIES = [
    Article(
        id="a1",
        title="Oil one",
        body="oil output rose",
        published=utc(2025, 1, 5),
        source="Reuters",
        author="Ann Lee; Bo Chan",
        tags=("energy", "markets"),
        language="en",
    ),
    Article(
        id="a2",
        title="Oil two",
        body="oil prices fell",
        published=utc(2025, 3, 20),
        source="AP",
        author="Bo Chan",
        tags=("energy",),
        language="en",
    ),
    Article(
        id="a3",
        title="Oil three",
        body="oil in Paris",
        published=utc(2025, 3, 2),
        source="Reuters",
        tags=("markets",),
        language="fr",
    ),
    Article(id="a4", title="Oil four", body="oil with no date", source="AFP", tags=("energy",), language="en"),
    Article(id="a5", title="Gas", body="gas only", published=utc(2025, 2, 1), source="Reuters", language="en"),
]


@pytest.fixture
def index(make_index, open_index):
    return open_index(make_index(STORIES))


def counts(buckets) -> list[tuple[str, int]]:
    return [(b.key, b.count) for b in buckets]


def search(index, **args):
    return index.search(SearchRequest(q="oil", **args))


def test_facets_count_every_value_of_all_matches(index):
    page = search(index, per_page=1)
    assert page.total == 4
    assert {name: counts(buckets) for name, buckets in page.facets.items()} == {
        "source": [("Reuters", 2), ("AFP", 1), ("AP", 1)],
        "author": [("Bo Chan", 2), ("Ann Lee", 1)],
        "tag": [("energy", 3), ("markets", 2)],
        "language": [("en", 3), ("fr", 1)],
    }
    assert counts(page.dates.buckets) == [("2025-01", 1), ("2025-02", 0), ("2025-03", 2)]
    assert page.dates.undated == 1


def test_facets_several_values_of_one_filter_are_or(index):
    assert sorted(h.id for h in search(index, source=("Reuters", "AP")).hits) == ["a1", "a2", "a3"]


def test_facets_different_filters_are_and(index):
    assert [h.id for h in search(index, source=("Reuters",), tag=("energy",)).hits] == ["a1"]


def test_facets_source_facet_ignores_the_source_filter_and_respects_the_others(index):
    page = search(index, source=("Reuters",))
    assert sorted(h.id for h in page.hits) == ["a1", "a3"]
    assert counts(page.facets["source"]) == [("Reuters", 2), ("AFP", 1), ("AP", 1)]
    assert counts(page.facets["tag"]) == [("markets", 2), ("energy", 1)]
    assert counts(page.facets["language"]) == [("en", 1), ("fr", 1)]
    assert counts(search(index, tag=("energy",)).facets["source"]) == [("AFP", 1), ("AP", 1), ("Reuters", 1)]


def test_facets_author_filter_matches_one_of_several_authors(index):
    page = search(index, author=("Ann Lee",))
    assert [h.id for h in page.hits] == ["a1"]
    assert counts(page.facets["author"]) == [("Bo Chan", 2), ("Ann Lee", 1)]


def test_facets_date_facet_ignores_the_date_filter_and_others_respect_it(index):
    page = search(index, date_from=date(2025, 3, 1), date_to=date(2025, 3, 31), undated="include")
    assert sorted(h.id for h in page.hits) == ["a2", "a3", "a4"]
    assert counts(page.dates.buckets) == [("2025-01", 1), ("2025-02", 0), ("2025-03", 2)]
    assert page.dates.undated == 1
    assert counts(page.facets["source"]) == [("AFP", 1), ("AP", 1), ("Reuters", 1)]


def test_facets_date_range_leaves_undated_stories_out_unless_asked_for(index):
    march = {"date_from": date(2025, 3, 1), "date_to": date(2025, 3, 31)}
    assert sorted(h.id for h in search(index, **march).hits) == ["a2", "a3"]
    assert sorted(h.id for h in search(index, date_from=date(2025, 3, 1)).hits) == ["a2", "a3"]
    assert sorted(h.id for h in search(index, date_to=date(2025, 1, 31)).hits) == ["a1"]
    assert sorted(h.id for h in search(index, **march, undated="include").hits) == ["a2", "a3", "a4"]
    # Without a range every story stays, undated ones too, unless they are left out outright.
    assert sorted(h.id for h in search(index).hits) == ["a1", "a2", "a3", "a4"]
    assert sorted(h.id for h in search(index, undated="exclude").hits) == ["a1", "a2", "a3"]


def test_facets_date_filter_bounds_are_inclusive_and_undated_can_be_excluded(index):
    page = search(index, date_from=date(2025, 1, 5), date_to=date(2025, 3, 2), undated="exclude")
    assert sorted(h.id for h in page.hits) == ["a1", "a3"]
    assert page.dates.undated == 1


def test_facets_date_facet_respects_the_value_filters(index):
    page = search(index, source=("AP", "AFP"), interval="year")
    assert counts(page.dates.buckets) == [("2025", 1)]
    assert page.dates.undated == 1


def test_facets_unknown_filter_value_matches_nothing(index):
    page = search(index, tag=("nope",))
    assert page.total == 0 and page.hits == []
    assert counts(page.facets["tag"]) == [("energy", 3), ("markets", 2)]


def test_facets_keep_the_top_twenty_values(make_index, open_index):
    stories = [Article(id=f"s{i}", body="wheat", source=f"S{i:02d}") for i in range(25)]
    stories += [Article(id="extra", body="wheat", source="S24")]
    page = open_index(make_index(stories)).search(SearchRequest(q="wheat"))
    assert counts(page.facets["source"]) == [("S24", 2)] + [(f"S{i:02d}", 1) for i in range(19)]
