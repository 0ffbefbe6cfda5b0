"""Each input format becomes Articles: page text, HTML, JSON, JSON Lines (plain and gzipped)."""

import gzip
import json
from datetime import UTC, datetime
from pathlib import Path

from searchsvc.articles import Article
from searchsvc.ingest import Problem, find_files, parse_file, parse_paths

DATA = Path(__file__).parents[1] / "data" / "ingest"


def utc(*parts):
    return datetime(*parts, tzinfo=UTC)


def test_pagetext_reads_german_page_with_furniture():
    path = DATA / "page.txt"
    assert parse_file(path) == (
        [
            Article(
                id="page",
                body="Der Stadtrat hat am Donnerstagabend mit großer Mehrheit ein neues Radwegenetz für die Innenstadt"
                " beschlossen.\n\nBis 2027 sollen zwölf Kilometer geschützte Radwege entstehen, die die Bahnhöfe mit der"
                " Altstadt und den Schulen verbinden.\n\nDie Kosten von rund acht Millionen Euro trägt zur Hälfte das Land,"
                " der Rest kommt aus dem städtischen Haushalt.\n\nKritik kam von der Opposition, die vor dem Wegfall von"
                " Parkplätzen in der Altstadt warnt und eine Bürgerbefragung fordert.",
                title="Stadtrat beschließt neues Radwegenetz für die Innenstadt",
                published=utc(2024, 5, 3, 14, 12),
                published_raw="03.05.2024, 14:12 Uhr",
                source="Stadtanzeiger",
                author="Maria Huber",
                language="de",
                path=str(path),
            )
        ],
        [],
    )


def test_pagetext_reads_english_page_with_byline_caption_teaser_and_bio():
    path = DATA / "page_en.txt"
    assert parse_file(path) == (
        [
            Article(
                id="page_en",
                body="The harbour bridge reopened to traffic on Friday after three years of repairs that cost the city more"
                " than it had planned.\n\nEngineers replaced the deck and two of the four main cables, work that was"
                " delayed by a shortage of steel in 2022.\n\nCommuters welcomed the reopening, which cuts the trip between"
                " the two halves of the city by twenty minutes.",
                title="Harbour bridge reopens after three years of repairs",
                published=utc(2024, 5, 3, 18, 5),  # the published time, not the update; EDT is UTC-4
                published_raw="3 May 2024, 2:05 p.m. EDT",
                source="The Harbour Times",  # from the author bio
                author="Jane Miller, Tom Okafor",
                language="en",
                path=str(path),
            )
        ],
        [],
    )


def test_html_reads_metadata_and_main_text():
    path = DATA / "article.html"
    (article,), problems = parse_file(path)
    assert problems == []
    assert article.id == "article"
    assert (article.title, article.source, article.author) == (
        "Hitzewelle in Osttirol: Ruhiger, aber heißer Montag",
        "Beispielzeitung",
        "Anna Berger",
    )
    assert (article.published, article.published_raw) == (utc(2025, 6, 30, 12, 12), "2025-06-30T14:12:00+0200")
    assert article.tags == ("Osttirol", "Hitze")
    assert article.language == "de"  # from <html lang="de-AT">
    assert article.body.startswith("Die Kinder und Senioren in Osttirol")
    assert article.body.endswith("vor allem in den Tälern rund um Lienz.")
    assert article.body.count("\n\n") == 2
    assert "Cookies" not in article.body and "Startseite" not in article.body


def test_records_json_list_maps_field_names():
    path = DATA / "records.json"
    articles, problems = parse_file(path)
    assert articles == [
        Article(
            id="wire-1",
            body="The central bank held its key rate at 5.25 percent on Friday, citing slowing inflation and a"
            " steady labour market.",
            title="Central bank holds rates",
            published=utc(2024, 5, 3, 14, 0),
            published_raw="2024-05-03T10:00:00-04:00",
            source="Example Wire",
            author="Jane Doe, Max Mustermann",
            tags=("economy", "rates"),
            url="https://example.com/rates",
            language="en",
            path=str(path),
        ),
        Article(
            id="records-2",
            body="Dieser Text hat kein Datum und keine Kennung, er bekommt die Position als Kennung.",
            title="Kein Datum",
            tags=("Wirtschaft",),
            language="de",
            path=str(path),
        ),
    ]
    assert problems == [Problem(str(path), "record 3: record has no body text (body/text/content/description)")]


def test_records_jsonl_keeps_good_lines_and_reports_bad_ones():
    path = DATA / "records.jsonl"
    articles, problems = parse_file(path)
    assert [(a.id, a.published, a.published_raw, a.author, a.tags, a.language) for a in articles] == [
        # "Carla K. Johnson, AP": the agency is a credit, not a second author.
        ("hp-1", utc(2022, 9, 23), "2022-09-23", "Carla K. Johnson", ("U.S. NEWS",), "en"),
        ("records-4", utc(2024, 5, 3), "3. Mai 2024", None, ("Politik", "Wien"), "de"),
    ]
    assert [str(p) for p in problems] == [
        f"{path}:2: malformed JSON line: Expecting value",
        f"{path}:5: not a JSON object but list",
    ]
    assert all(p.skipped for p in problems)


def test_records_jsonl_gz_loads_like_jsonl(tmp_path):
    path = tmp_path / "wire.jsonl.gz"
    rows = [
        {
            "id": "reuters-1",
            "title": "COCOA REVIEW",
            "date": "1987-02-26T15:01:01.79",
            "date_raw": "26-FEB-1987 15:01:01.79",
            "body": "Showers continued throughout the week in the Bahia"
            " cocoa zone, alleviating the drought since early January.",
            "topics": ["cocoa"],
            "places": ["brazil"],
        }
    ]
    path.write_bytes(gzip.compress("\n".join(json.dumps(r) for r in rows).encode()))
    (article,), problems = parse_file(path)
    assert problems == []
    assert (article.id, article.published, article.published_raw, article.tags) == (
        "reuters-1",
        datetime(1987, 2, 26, 15, 1, 1, 790000, tzinfo=UTC),
        "26-FEB-1987 15:01:01.79",
        ("cocoa",),
    )


def test_records_accept_paragraph_lists_and_unix_timestamps(tmp_path):
    path = tmp_path / "feed.json"
    path.write_text(
        json.dumps(
            {
                "id": 7,
                "body": ["First paragraph.", "", "Second paragraph."],
                "published": 1714730000,
                "author": [{"name": "Ann Lee"}, "Bo Chen"],
            }
        )
    )
    (article,), problems = parse_file(path)
    assert problems == []
    assert (article.id, article.body, article.published, article.published_raw, article.author) == (
        "7",
        "First paragraph.\n\nSecond paragraph.",
        utc(2024, 5, 3, 9, 53, 20),
        "1714730000",
        "Ann Lee, Bo Chen",
    )


def test_find_files_expands_directories_sorted_and_keeps_explicit_files(tmp_path):
    (tmp_path / "b").mkdir()
    for name in ("b/2.jsonl.gz", "a.txt", "b/1.htm", "notes.md", "c.JSON"):
        (tmp_path / name).write_text("x")
    explicit = tmp_path / "notes.md"
    assert find_files([tmp_path, explicit, tmp_path / "a.txt"]) == [
        tmp_path / "a.txt",
        tmp_path / "b/1.htm",
        tmp_path / "b/2.jsonl.gz",
        tmp_path / "c.JSON",
        explicit,
    ]


def test_find_files_follows_links_to_folders_and_ends_link_loops(tmp_path):
    archive, other_disk = tmp_path / "archive", tmp_path / "other"
    (archive / "2024").mkdir(parents=True)
    (other_disk / "2025").mkdir(parents=True)
    (archive / "2024" / "a.txt").write_text("x")
    (other_disk / "2025" / "b.txt").write_text("x")
    (archive / "linked").symlink_to(other_disk)
    (other_disk / "2025" / "back").symlink_to(archive)  # a loop: archive/linked/2025/back -> archive
    assert find_files([archive]) == [archive / "2024" / "a.txt", archive / "linked" / "2025" / "b.txt"]


def test_parse_paths_counts_files_and_collects_problems():
    result = parse_paths([DATA])
    # The five format files, the ten small pages of the labeller's tests (test_labeller.py), the two of the author
    # rules' tests (test_authors.py), the six of the opening tests (test_openings.py) and the title features' one
    # (test_titlefeatures.py), the Hindi and Thai pages of the sentence-end tests (test_pagetext.py) and the two Markdown pages
    # (test_markdown.py).
    assert result.files == 28
    assert [a.id for a in result.articles] == [
        "article",
        "browser-title",
        "byline-above",
        "byline",
        "clipped",
        "copyright-only",
        "dateline-opening",
        "dateline",
        "first-paragraph-over-byline",
        "footer-date",
        "hindi-page",
        "markdown-page",
        "name-dateline",
        "notice-opening",
        "notice-run",
        "page",
        "page_en",
        "wire-1",
        "records-2",
        "hp-1",
        "records-4",
        "share-caption",
        "short-first-paragraph",
        "standfirst",
        "teaser-rail",
        "teasers",
        "thai-page",
        "title",
        "update-day-only",
        "update-with-time",
    ]
    assert len(result.problems) == len(result.skipped) == 3
