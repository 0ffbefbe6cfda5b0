"""Near-duplicate stories merge into one; different stories on one subject stay apart."""

from datetime import UTC, datetime

import numpy as np
import pytest

from searchsvc.articles import Article, Version
from searchsvc.ingest.duplicates import ArticleSketches, merge_duplicates, sketch_articles
from searchsvc.ingest.sketches import LSH_BANDS, LSH_ROWS, LSH_THRESHOLD, NUM_PERM, containment, shingle_texts

WIRE = (
    "The Bank of Japan will keep its discount rate unchanged at 2.5 pct for the time being, governor Satoshi "
    "Sumita told a parliamentary committee on Tuesday. He said the bank saw no need to ease credit further "
    "because the economy was expected to pick up in the second half of the year and the yen had steadied "
    "against the dollar after the Paris accord. Sumita added that money supply growth remained high and "
    "warned that excess liquidity could fuel speculation in land and stock prices. Reuter"
)


def utc(*parts):
    return datetime(*parts, tzinfo=UTC)


def test_duplicates_wire_copy_merges_with_best_values():
    first = Article(
        id="wire-10",
        body=WIRE,
        title="BANK OF JAPAN TO KEEP DISCOUNT RATE",
        tags=("interest",),
        published=utc(1987, 3, 3, 9, 1),
        published_raw="1987-03-03T09:01:00",
        source="Reuters",
    )
    resent = Article(
        id="wire-11",
        body=WIRE.replace("Tuesday", "Tuesday morning").replace(" Reuter", ""),
        tags=("interest", "money-fx"),
        published=utc(1987, 3, 3),
        published_raw="1987-03-03",
        author="By Rich Miller",
    )
    other = Article(id="wire-12", body=WIRE.replace("Bank of Japan", "Bundesbank").split(". ")[2] + ".")
    stories = merge_duplicates([first, other, resent])
    assert stories == [
        Article(
            id="wire-10",
            body=WIRE,
            title="BANK OF JAPAN TO KEEP DISCOUNT RATE",
            published=utc(1987, 3, 3, 9, 1),
            published_raw="1987-03-03T09:01:00",
            source="Reuters",
            author="By Rich Miller",
            tags=("interest", "money-fx"),
            versions=(
                Version(
                    id="wire-10",
                    source="Reuters",
                    published=utc(1987, 3, 3, 9, 1),
                    title="BANK OF JAPAN TO KEEP DISCOUNT RATE",
                ),
                Version(id="wire-11", published=utc(1987, 3, 3)),
            ),
        ),
        other,
    ]


def test_duplicates_copy_inside_page_furniture_merges():
    page = Article(
        id="page",
        title="Rates on hold",
        body="Menu\n\nSubscribe now for full access to all stories\n\n" + WIRE + "\n\nMost read\n\nSport",
    )
    plain = Article(id="plain", body=WIRE, published=utc(1987, 3, 3), published_raw="1987-03-03")
    (story,) = merge_duplicates([plain, page])
    assert (story.id, story.title, story.published, [v.id for v in story.versions]) == (
        "page",
        "Rates on hold",
        utc(1987, 3, 3),
        ["page", "plain"],
    )


def test_duplicates_same_subject_different_story_stays_apart():
    other = (
        "Bank of Japan governor Satoshi Sumita said on Friday the central bank would intervene in currency "
        "markets if the yen rose too fast against the dollar, and that he discussed the discount rate with "
        "finance ministry officials but no decision on a cut was taken at the meeting in Tokyo. Reuter"
    )
    articles = [Article(id="a", body=WIRE), Article(id="b", body=other)]
    assert merge_duplicates(articles) == articles


def test_duplicates_short_texts_never_merge():
    articles = [Article(id="a", body="Shr 10 cts vs 5 cts"), Article(id="b", body="Shr 10 cts vs 5 cts")]
    assert merge_duplicates(articles) == articles


def test_duplicates_empty_input():
    assert merge_duplicates([]) == []


def test_duplicates_shingles_cover_each_text_separately():
    shingles = shingle_texts([["a", "b", "c", "d", "e", "f"], ["x", "y"], [], ["b", "c", "d", "e", "f"]])
    assert shingles.counts().tolist() == [2, 1, 0, 1]
    # The same five words hash the same wherever they stand; windows never cross texts.
    assert shingles.of(0)[np.isin(shingles.of(0), shingles.of(3))].size == 1
    assert containment(shingles.of(3), shingles.of(0)) == 1.0


def test_duplicates_template_items_with_other_figures_stay_apart():
    template = (
        "Qtly div {} cts vs {} cts prior. Pay {} 15. Record {} 1. The company said the dividend "
        "reflects its continued confidence in earnings growth over the coming year and beyond."
    )
    first = Article(id="div-1", body=template.format(12, 10, "April", "March"))
    second = Article(id="div-2", body=template.format(20, 18, "May", "April"))
    assert merge_duplicates([first, second]) == [first, second]


def test_duplicates_same_text_weeks_apart_stays_apart():
    first = Article(id="fed-1", body=WIRE, published=utc(1987, 3, 2, 11, 44))
    second = Article(id="fed-2", body=WIRE, published=utc(1987, 3, 17, 11, 45))
    assert merge_duplicates([first, second]) == [first, second]


def test_duplicates_merge_from_cached_sketches_as_from_scratch():
    first = Article(id="wire-10", body=WIRE, published=utc(1987, 3, 3, 9, 1), published_raw="1987-03-03T09:01:00")
    resent = Article(
        id="wire-11",
        body=WIRE.replace(" Reuter", ""),
        published=utc(1987, 3, 3),
        published_raw="1987-03-03",
        title="BOJ HOLDS RATE",
    )
    other = Article(id="other", body="A different story about grain exports from the port of Rouen this week.")
    # Sketched file by file, as the indexer caches them, then joined.
    cached = ArticleSketches.join([sketch_articles([first]), sketch_articles([other, resent])])
    stories = merge_duplicates([first, other, resent], cached)
    assert stories == merge_duplicates([first, other, resent])
    assert [[v.id for v in s.versions] for s in stories] == [["wire-10", "wire-11"], []]


def test_duplicates_refuse_sketches_of_other_articles():
    with pytest.raises(ValueError, match="1 sketches for 2 articles"):
        merge_duplicates(
            [Article(id="a", body=WIRE), Article(id="b", body=WIRE)], sketch_articles([Article(id="a", body=WIRE)])
        )


def test_duplicates_lsh_bands_are_the_ones_datasketch_picks():
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
    assert (LSH_BANDS, LSH_ROWS) == (lsh.b, lsh.r)


def test_duplicates_text_repeated_over_many_years_merges_each_years_copies():
    # 60 yearly reruns of one text make an LSH bucket too big to pair whole; the two
    # copies of each year are still paired (by date) and merged, the years stay apart.
    articles = [
        Article(id=f"y{year}-{copy}", body=WIRE, published=utc(1950 + year, 3, 3, 9 + copy))
        for year in range(60)
        for copy in range(2)
    ]
    stories = merge_duplicates(articles)
    assert len(stories) == 60
    assert sorted(len(s.versions) for s in stories) == [2] * 60
