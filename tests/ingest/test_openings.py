"""Where the body opens: candidate lines, their features, and the opening words as the bench counts them."""

from pathlib import Path

from searchsvc.ingest.openings import OPENING_FEATURES, is_credit, opening_candidates, opening_rows
from searchsvc.ingest.pagesets import opening_matches, opening_texts
from searchsvc.ingest.pagetext import open_body_at, parse_page_text, read_by_rules

DATA = Path(__file__).parents[1] / "data" / "ingest"


def reading(name: str):
    page = read_by_rules((DATA / name).read_text()).page
    assert page is not None
    return page


def test_is_credit_tells_photo_credits_from_story_lines():
    credits = ["Getty Images", "Spencer Platt/Getty", "(Robert F. Bukaty / AP)", "Foto: Graeme Sloan (Getty)"]
    others = ["Donald Trump", "The island ferry company has ordered two new boats.", "Share this article"]
    assert [is_credit(line) for line in credits + others] == [True] * 4 + [False] * 3


def test_opening_candidates_leave_out_bylines_dates_and_credits():
    page = reading("share-caption.txt")
    # A share row is no furniture line the rules know: it stays a candidate, for the labeller to score low.
    assert [page.lines[i][:30] for i in opening_candidates(page)] == [
        "Share on Facebook Share on Twi",
        "The first of the two boats on ",
        "The island ferry company has o",
        "Each boat will carry up to 300",
        "The order is worth about 60 mi",
        "Crews will train on the first ",
    ]


def test_opening_features_see_the_credit_under_a_caption_and_over_the_story():
    page = reading("share-caption.txt")
    candidates = opening_candidates(page)
    rows = [dict(zip(OPENING_FEATURES, row, strict=True)) for row in opening_rows(page, candidates)]
    caption, story = rows[1], rows[2]
    assert (caption["next_credit"], caption["prev_credit"]) == (True, False)
    assert (story["next_credit"], story["prev_credit"]) == (False, True)
    assert caption["byline_above"] == 2  # the date line, over the share row
    assert story["prose_above"] == 1


def test_a_dateline_opening_stays_in_the_body():
    body = parse_page_text((DATA / "dateline-opening.txt").read_text()).body
    assert body.startswith("LIMA (Reuters) - Copper prices rose to their highest in two years on Tuesday")


def test_a_body_opened_over_the_run_keeps_the_short_first_paragraph_and_drops_the_rows_between():
    page = reading("short-first-paragraph.txt")
    short = page.lines.index("Global warming, in one number.")
    assert page.start > short  # the rules' run starts at the long paragraph
    paragraphs = open_body_at(page, short).split("\n\n")
    assert paragraphs[0] == "Global warming, in one number."
    assert paragraphs[1].startswith("The Rhone glacier lost a tenth")
    assert "Advertisement" not in paragraphs and "Share this article" not in paragraphs


def test_opening_texts_accept_a_summary_or_the_first_paragraph_where_the_truth_has_both():
    truth = {
        "body": "A dek over the text.\n\nThe story opens here with its first words and goes on.",
        "body_structured": {
            "summary": ["A dek over the text."],
            "sections": [{"headline": [], "paragraphs": ["The story opens here with its first words and goes on."]}],
        },
    }
    texts = opening_texts(truth)
    assert opening_matches("The story opens here with its first words and goes on. More.", texts) == (True, True)
    assert opening_matches("A dek over the text. The story opens here with its words.", texts) == (True, True)
    assert opening_matches("Something else entirely opens this body today, nothing more.", texts) == (False, False)


def test_opening_past_a_credit_lead_counts_only_in_the_looser_figure():
    truth = {"body_prefix": "(Photo: Brett Davis, USA TODAY Sports) Houston has promoted offensive coordinator Major"}
    body = "Houston has promoted offensive coordinator Major Applewhite to become the school's next head coach."
    assert opening_matches(body, opening_texts(truth)) == (False, True)
