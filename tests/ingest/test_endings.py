"""Where an article ends: its comments and lists of other stories stay out of the body."""

import pytest

from searchsvc.ingest.endings import heading_kind
from searchsvc.ingest.pagetext import parse_page_text

PARAGRAPHS = [
    f"The city council voted on {day} to extend the tram line to the northern suburbs, ending a debate that had"
    f" lasted for almost ten years and divided the parties in the chamber."
    for day in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday")
]
ARTICLE = "Tram line reaches the north\n\n" + "\n\n".join(PARAGRAPHS)
# Readers' comments run longer than a teaser's lede, so they do not read as a list of teasers.
COMMENTS = "\n".join(
    f"{name} says:\nI have taken this tram every morning for {years} years, in rain and in snow, and I still think"
    f" the extension is a waste of money that the city does not have, whatever the council says about the growth"
    f" of the northern suburbs and the jobs it promises there. Buses would do the same for a fraction of the cost."
    for name, years in (("Anna", "twenty"), ("Ben", "ten"), ("Carla", "five"), ("Dan", "thirty"), ("Eve", "two"))
)
TEASERS = "\n\n".join(
    f"{kicker}\n{headline}\n\n{lede}"
    for kicker, headline, lede in [
        (
            "Weather",
            "Storm warning for the coast tonight",
            "Gusts of up to 120 km/h are expected along the coast from"
            " the late afternoon, the weather service said, and ferries to the islands will stay in port until morning.",
        ),
        (
            "Football",
            "Local club wins the derby in extra time",
            "A late goal from the youngest player on the pitch"
            " settled the derby in front of a full stadium, the club's first win at home in this season.",
        ),
        (
            "Schools",
            "New timetable for the autumn term",
            "Pupils will start half an hour later from September, the"
            " district decided after a year of trials in four schools, where parents and teachers backed the change.",
        ),
        (
            "Culture",
            "Museum reopens after two years",
            "The museum reopens on Saturday with a show of paintings from"
            " the harbour, after two years of building work that cost twice as much as the city had planned.",
        ),
    ]
)


@pytest.mark.parametrize(
    "heading", ["Comments", "3 COMMENTS", "View comments (27)", "Join the conversation", "2 Kommentare", "Comment (1)"]
)
def test_endings_comments_stay_out_of_the_body(heading):
    page = parse_page_text(f"{ARTICLE}\n\n{heading}\n{COMMENTS}\n")
    assert page.body.split("\n\n") == PARAGRAPHS


@pytest.mark.parametrize(
    "heading", ["35 Comments »", "5 thoughts on “Tram line reaches the north”", "3 Responses to “Tram”", "12 Antworten"]
)
def test_endings_a_short_post_under_a_counted_comments_heading_ends_there(heading):
    # Four paragraphs, then comments longer than the post: a counted heading ends the post once a paragraph's
    # worth of text is above it, even where the comments outweigh it.
    post = "Tram line reaches the north\n\n" + "\n\n".join(PARAGRAPHS[:4])
    page = parse_page_text(f"{post}\n\n{heading}\n{COMMENTS}\n{COMMENTS}\n")
    assert page.body.split("\n\n") == PARAGRAPHS[:4]


def test_endings_a_counted_comments_link_under_the_lede_does_not_end_the_article():
    rest = "\n\n".join(PARAGRAPHS[1:])
    page = parse_page_text(f"Tram line reaches the north\n\n{PARAGRAPHS[0]}\n\n35 Comments\n\n{rest}\n")
    assert page.body.split("\n\n")[-5:] == PARAGRAPHS[1:]


@pytest.mark.parametrize("heading", ["More from the City desk", "Das könnte Sie auch interessieren", "Most read"])
def test_endings_a_list_of_other_stories_stays_out_of_the_body(heading):
    page = parse_page_text(f"{ARTICLE}\n\n{heading}\n{TEASERS}\n")
    assert page.body.split("\n\n") == PARAGRAPHS


def test_endings_a_related_box_inside_the_article_does_not_end_it():
    # The box stands between paragraphs: the article goes on under it, so the heading is not its end
    # (its headlines stay, as any short line inside the body does).
    box = "Related\nStorm warning for the coast tonight\nLocal club wins the derby in extra time"
    first, rest = "\n\n".join(PARAGRAPHS[:4]), "\n\n".join(PARAGRAPHS[4:] + PARAGRAPHS[:3])
    page = parse_page_text(f"Tram line reaches the north\n\n{first}\n\n{box}\n\n{rest}\n")
    assert page.body.split("\n\n")[-5:] == PARAGRAPHS[4:] + PARAGRAPHS[:3]


def test_endings_a_comments_link_under_the_lede_does_not_end_the_article():
    rest = "\n\n".join(PARAGRAPHS[1:])
    page = parse_page_text(f"Tram line reaches the north\n\n{PARAGRAPHS[0]}\n\nComments\n\n{rest}\n")
    assert page.body.split("\n\n")[-5:] == PARAGRAPHS[1:]


def test_endings_a_sentence_that_mentions_comments_is_not_a_heading():
    assert heading_kind("Comments") == "comments"
    assert heading_kind("More from Shawn Pogatchnik") == "more"
    assert heading_kind("The council took comments from residents.") is None
    assert heading_kind("Related to this, the mayor spoke about the budget for the next year.") is None
    assert heading_kind("3 comments on the bill were made by the council on Tuesday") is None


def test_endings_a_bare_comment_label_over_a_box_does_not_end_the_article():
    # "Kommentar" alone labels an opinion piece's teaser; the article goes on under the box.
    box = "Kommentar\nWhy the tram is the wrong answer\nBy Anna Berger"
    first, rest = "\n\n".join(PARAGRAPHS[:4]), "\n\n".join(PARAGRAPHS[4:] + PARAGRAPHS[:3])
    page = parse_page_text(f"Tram line reaches the north\n\n{first}\n\n{box}\n\n{rest}\n")
    assert page.body.split("\n\n")[-5:] == PARAGRAPHS[4:] + PARAGRAPHS[:3]


def test_endings_the_last_short_paragraphs_under_a_box_stay():
    # A box (heading, headline, byline) over the article's last two short paragraphs: no teasers follow it.
    box = "Related\nStorm warning for the coast tonight\nBy Anna Berger"
    last = ["Work starts next spring.", "The first trams should run two years later, the council said."]
    last = [f"{line} The mayor called it the biggest project of her term in office." for line in last]
    page = parse_page_text(
        "Tram line reaches the north\n\n" + "\n\n".join(PARAGRAPHS[:4]) + f"\n\n{box}\n\n" + "\n\n".join(last) + "\n"
    )
    assert page.body.split("\n\n")[-2:] == last
