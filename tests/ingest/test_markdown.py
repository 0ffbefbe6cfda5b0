"""Markdown pages: front matter as a record's fields, the Markdown read as page text without its markup."""

import datetime
import time

from searchsvc.ingest import parse_file, parse_paths
from searchsvc.ingest.markdown import page_text, split_front_matter
from tests.helpers import ROOT

DATA = ROOT / "tests" / "data" / "ingest"


def test_a_clipped_page_takes_its_fields_from_the_front_matter():
    [article], problems = parse_file(DATA / "clipped.md")
    assert problems == []
    assert article.title == "Harbour reopens after the storm"
    assert article.published is not None and article.published.date().isoformat() == "2025-04-06"
    assert article.author == "Ann Lee"  # "[[Ann Lee]]", a note app's link
    assert article.url == "https://news.example.com/2025/04/06/harbour"  # a source that is a web address
    assert article.tags == ("clippings",)
    assert article.body.startswith("The harbour reopened on Monday after three weeks")
    assert "**" not in article.body and "](" not in article.body and "Home" not in article.body


def test_a_markdown_page_without_front_matter_is_read_as_page_text():
    [article], problems = parse_file(DATA / "markdown-page.md")
    assert problems == []
    assert article.title == "Tram line to the northern suburbs approved"
    assert article.author == "Claire Martin"
    assert article.published is not None and article.published.date().isoformat() == "2025-03-03"
    assert article.body.startswith("The city council voted on Tuesday")
    assert "the transport office said" in article.body  # a link keeps its words
    assert "depot" not in article.body  # the picture's alt text is a caption, left out
    assert article.body.endswith("welcomed the plan.")


def test_markdown_renders_one_line_per_block_with_no_markup():
    text = page_text(
        "# Head\n\nBy [Ann](http://x) *now*\nand `code`\n\n- one\n- two\n\n> said\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"
    )
    assert [line for line in text.splitlines() if line] == [
        "Head",
        "By Ann now and code",
        "one",
        "two",
        "said",
        "a | b",
        "1 | 2",
    ]


def test_front_matter_that_is_not_yaml_is_reported_and_the_page_still_read(tmp_path):
    page = tmp_path / "broken.md"
    page.write_text(
        "---\ntitle: [unclosed\n---\n" + (DATA / "markdown-page.md").read_text(encoding="utf-8"), encoding="utf-8"
    )
    [article], [problem] = parse_file(page)
    assert "front matter is not YAML" in problem.reason and not problem.skipped
    assert article.title == "Tram line to the northern suburbs approved"


def test_a_page_that_starts_with_a_rule_but_has_no_front_matter_keeps_its_text():
    fields, rest, problem = split_front_matter("---\n\nJust a rule over the text.\n")
    assert (fields, problem) == ({}, None) and "Just a rule" in rest


def test_a_folder_s_markdown_files_are_indexed_with_the_rest(tmp_path):
    (tmp_path / "a.md").write_text((DATA / "markdown-page.md").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "b.markdown").write_text((DATA / "clipped.md").read_text(encoding="utf-8"), encoding="utf-8")
    result = parse_paths([tmp_path])
    assert result.files == 2 and sorted(a.id for a in result.articles) == ["a", "b"]


def test_a_paragraph_of_unclosed_brackets_is_read_in_linear_time_with_its_text_kept(tmp_path):
    # markdown-it-py scans for a link's end at every "[": 200,000 of them took minutes. Read without it.
    page = tmp_path / "brackets.md"
    page.write_text("[" * 200_000 + "\n\n" + (DATA / "markdown-page.md").read_text(encoding="utf-8"), encoding="utf-8")
    started = time.process_time()
    [article], _ = parse_file(page)
    assert time.process_time() - started < 10  # about 0.1 s; markdown-it-py needed some 170 s
    assert "the transport office said" in article.body and "](" not in article.body


def test_front_matter_nested_too_deeply_is_reported_and_the_page_still_read(tmp_path):
    page = tmp_path / "deep.md"
    text = (
        "---\ntitle: " + "[" * 5000 + "]" * 5000 + "\n---\n" + (DATA / "markdown-page.md").read_text(encoding="utf-8")
    )
    page.write_text(text, encoding="utf-8")
    [article], [problem] = parse_file(page)
    assert "nested too deeply" in problem.reason
    assert article.title == "Tram line to the northern suburbs approved"


def test_front_matter_cannot_run_code():
    fields, _, problem = split_front_matter("---\ntitle: !!python/object/apply:os.system ['true']\n---\ntext\n")
    assert fields == {} and problem is not None and "not YAML" in problem


def test_front_matter_with_a_date_yaml_cannot_make_is_a_warning_not_a_lost_page(tmp_path):
    page = tmp_path / "bad-date.md"
    page.write_text(
        "---\ntitle: Tram\ndate: 2024-02-30\n---\n" + (DATA / "markdown-page.md").read_text(encoding="utf-8")
    )
    [article], [problem] = parse_file(page)
    assert "cannot read" in problem.reason and not problem.skipped
    assert article.body.startswith("The city council voted on Tuesday")


def test_text_between_two_rules_that_names_no_field_is_kept_as_text():
    note = "A short note before the story: read it first."
    fields, rest, problem = split_front_matter(f"---\n\n{note}\n\n---\n\nThe story.\n")
    assert (fields, problem) == ({}, None) and note in rest


def test_a_front_matter_year_far_off_is_no_date():
    from searchsvc.ingest.markdown import front_matter_date

    assert front_matter_date(datetime.date(1066, 10, 14)) is None
    assert front_matter_date(datetime.date(2025, 4, 6)).value.year == 2025
