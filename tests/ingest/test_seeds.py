"""The five seed pages come out as the seed table of issue 2 says."""

from datetime import UTC, datetime
from pathlib import Path

import pytest

from searchsvc.ingest import parse_file, parse_paths
from searchsvc.ingest.duplicates import merge_duplicates

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def seed(prefix: str):
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    articles, problems = parse_file(path)
    assert problems == []
    (article,) = articles
    return article


def utc(*parts):
    return datetime(*parts, tzinfo=UTC)


@pytest.mark.parametrize(
    "prefix, title, published, source, author",
    [
        (
            "000",
            "Putin's negotiator calls for 'constructive dialogue' as Trump shifts stance on Ukraine",
            None,
            "The Kyiv Independent",
            "Tim Zadorozhnyy",
        ),
        ("001", None, utc(2025, 7, 14), None, None),
        (
            "002",
            "Moscow announces beginning of 'respectful dialogue' and new talks with the US",
            utc(2025, 4, 6, 20, 37),
            "The Kyiv Independent",
            "Sonya Bandouil",
        ),
        (
            "003",
            "Ukraine ceasefire negotiations: Putin's key adviser expected to visit Washington this week",
            utc(2025, 4, 2, 19, 49, 31),
            "BOTA ALFA PRESS",
            None,
        ),
        # The page writes a typographic apostrophe; the title keeps it as written.
        (
            "004",
            "Putin and Trump\u2019s Dialogue Sparks Optimism for Ukrainian Peace, Says Russian Official",
            None,
            None,
            None,
        ),
    ],
)
def test_seed_metadata_matches_table(prefix, title, published, source, author):
    article = seed(prefix)
    assert (article.title, article.published, article.source, article.author) == (title, published, source, author)
    assert article.id == Path(article.path).stem
    assert article.language == "en"


@pytest.mark.parametrize(
    "prefix, first, last",
    [
        (
            "000",
            "Kirill Dmitriev, head of Russia's sovereign wealth fund, called for",
            "which produced only limited prisoner exchanges.",
        ),
        (
            "001",
            "Kirill Dmitriev, head of Russia's sovereign wealth fund, called for",
            "which produced only limited prisoner exchanges.",
        ),
        ("002", "Kremlin negotiator Kirill Dmitriev announced on April 6", "rare earth metals and Arctic development."),
        ("003", "Kirill Dmitriev, a senior Kremlin adviser", "between the two countries."),
        ("004", "A senior Russian government advisor", "as prerequisites for peace."),
    ],
)
def test_seed_body_boundaries(prefix, first, last):
    body = seed(prefix).body
    assert body.startswith(first)
    assert body.endswith(last)
    assert "\n\n" in body and "\n\n\n" not in body


def test_seed_body_drops_furniture_inside_the_run():
    bodies = {prefix: seed(prefix).body for prefix in ("000", "002", "003", "004")}
    assert "Getty Images" not in bodies["000"] and "Analysis:" not in bodies["000"]
    assert "audio is created" not in bodies["002"] and "AFP" not in bodies["002"]
    assert "/REL" not in bodies["003"]
    assert "Sputnik" not in bodies["004"]


def test_seed_date_marker_is_removed_from_first_line():
    assert seed("001").body.split("\n\n")[0].startswith("Kirill Dmitriev")
    assert seed("001").published_raw == "2025-07-14"


def test_seed_tag_line_becomes_tags_without_section_name():
    assert seed("002").tags == ("Kirill Dmitriev", "Russia", "United States", "Donald Trump", "Vladimir Putin")


def test_seed_merge_gives_four_stories():
    stories = merge_duplicates(parse_paths([SEEDS]).articles)
    assert [s.id for s in stories] == [
        "000_3a4df1a854abcdff",
        "002_758d9df9924e7f06",
        "003_50e888d2ed398487",
        "004_c25ab8bbe231c605",
    ]
    merged = stories[0]
    assert merged.title == "Putin's negotiator calls for 'constructive dialogue' as Trump shifts stance on Ukraine"
    assert (merged.published, merged.author) == (utc(2025, 7, 14), "Tim Zadorozhnyy")
    assert [v.id for v in merged.versions] == ["000_3a4df1a854abcdff", "001_efba6dc7ecc8e1c6"]
    assert [s.versions for s in stories[1:]] == [(), (), ()]
