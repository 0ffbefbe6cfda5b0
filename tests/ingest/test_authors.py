"""Author rules for page text: name lines as pages set them, and bylines over the headline's block."""

from pathlib import Path

from searchsvc.ingest.authors import name_line
from searchsvc.ingest.pagetext import parse_page_text

PAGES = Path(__file__).parents[1] / "data" / "ingest"


def test_name_line_drops_a_social_handle():
    assert name_line("Jon Fingas, @jonfingas") == "Jon Fingas"


def test_name_line_cuts_a_link_or_role_glued_to_the_name():
    assert [name_line("Andrew HusbandTwitterNews & Culture Writer"), name_line("Gina TrapaniCEO")] == [
        "Andrew Husband",
        "Gina Trapani",
    ]


def test_name_line_keeps_names_with_inner_capitals():
    assert [name_line("Ian MacKenzie"), name_line("Ronald McDonald")] == ["Ian MacKenzie", "Ronald McDonald"]


def test_name_line_cuts_the_date_glued_to_the_name():
    assert name_line("Will Leitch/November 18, 2016") == "Will Leitch"


def test_name_line_leaves_a_section_glued_to_a_byline_to_the_byline():
    assert name_line("All IndiaEdited by Swati Bhasin") is None


def test_author_glued_to_the_dateline_over_the_title():
    article = parse_page_text((PAGES / "name-dateline.txt").read_text())
    assert (article.title, article.author) == (
        "Council approves the new library after a decade of plans",
        "Will Leitch",
    )


def test_author_from_a_byline_over_kicker_dek_and_credit():
    article = parse_page_text((PAGES / "byline-above.txt").read_text())
    assert (article.title, article.author) == (
        "Council approves the new library after a decade of plans",
        "Jane Okafor",
    )


def test_name_glued_to_its_date_in_chinese_or_japanese():
    assert name_line("谢若含2017-03-01 14:27:02") == "谢若含"
    assert name_line("松村太郎2019年04月13日 09時00分") == "松村太郎"
    # A date label or a publisher glued to the date is no person.
    for line in (
        "公開日2019年4月13日",
        "发布时间：2019-04-13",
        "更新2019/04/13",
        "毎日新聞2025/1/14",
        "新华社2019-04-13",
    ):
        assert name_line(line) is None, line
