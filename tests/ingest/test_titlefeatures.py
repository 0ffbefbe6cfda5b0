"""Title candidates and what the title features say of them, on small hand-written pages."""

from pathlib import Path

from searchsvc.ingest import titlefeatures as tf
from searchsvc.ingest.pagetext import read_by_rules

DATA = Path(__file__).parents[1] / "data" / "ingest"


def lines_of(name: str):
    page = read_by_rules((DATA / name).read_text()).page
    assert page is not None
    return page


def at(page, text: str) -> int:
    return page.lines.index(text)


def features_of(page, text: str) -> dict[str, float]:
    candidates = tf.title_candidates(page)
    row = tf.title_rows(page, candidates)[candidates.index(at(page, text))]
    return dict(zip(tf.TITLE_FEATURES, row, strict=True))


def test_title_candidates_are_the_short_lines_above_the_body():
    page = lines_of("teaser-rail.txt")
    texts = [page.lines[i] for i in tf.title_candidates(page)]
    assert texts[0] == "The Harbour Gazette"
    assert "Storm damage leaves the pier closed until the autumn" in texts
    assert not any(text.startswith("The storm that swept") for text in texts)


def test_the_headline_is_signed_under_its_share_buttons_and_the_teasers_are_not():
    page = lines_of("teaser-rail.txt")
    # "Share" and "Print" are buttons, passed over: the byline is the first line under the headline that counts.
    assert features_of(page, "Storm damage leaves the pier closed until the autumn")["signed_under"] == 1
    # The first teaser has four lines under it before the headline's byline: too far to be signed by it.
    assert features_of(page, "Fishermen protest the new quota rules at the harbour gates")["signed_under"] == 0


def test_teasers_stand_among_headline_shaped_lines():
    page = lines_of("teaser-rail.txt")
    assert features_of(page, "Schools reopen after the long storm closed the coast road")["headlines_around"] == 3
    # Over the headline only the last teaser (and the "Local" label); under it its buttons.
    assert features_of(page, "Storm damage leaves the pier closed until the autumn")["headlines_around"] == 1


def test_mentions_count_the_headline_inside_the_browser_title_line():
    page = lines_of("browser-title.txt")
    headline = features_of(page, "Night trains return to the Alpine line after twenty years")
    assert headline["mentions"] == 2  # its own line and the "Headline | Site" line
    assert (
        features_of(page, "Night trains return to the Alpine line after twenty years | The Valley Post")["mentions"]
        == 1
    )
    assert features_of(page, "News")["mentions"] == 0  # too short to count


def test_a_sentence_end_is_read_in_latin_and_japanese_text():
    assert [
        tf.reads_as_sentence(line)
        for line in (
            "Storm damage leaves the pier closed until the autumn",
            "The council said the pier would stay closed.",
            "IIJmio meetingの発表資料を公開します。",
            "Palm Phoneの実機チェック",
        )
    ] == [False, True, True, False]


def test_a_signed_headline_atop_the_body_run_is_a_candidate():
    # The run opens with a notice in prose, so the headline, its dek and byline stand inside the run.
    page = lines_of("notice-run.txt")
    headline = at(page, "Council approves the new bridge over the river after ten years of debate")
    assert page.start < headline < page.end
    texts = [page.lines[i] for i in tf.title_candidates(page)]
    assert "Council approves the new bridge over the river after ten years of debate" in texts
    # A paragraph of the story has no byline or date under it: no candidate.
    assert not any(text.startswith("The bridge will cross the river") for text in texts)


def test_teasers_have_text_between_them_and_the_body():
    page = lines_of("teaser-rail.txt")
    # Three more teasers and the headline stand between the first teaser and the story; buttons and the byline
    # are no text.
    assert features_of(page, "Fishermen protest the new quota rules at the harbour gates")["text_between"] == 4
    assert features_of(page, "Storm damage leaves the pier closed until the autumn")["text_between"] == 0
