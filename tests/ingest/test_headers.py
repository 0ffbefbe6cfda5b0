"""Header rules (title, author, date) that the seeds do not show; each page is a few hand-written lines."""

from searchsvc.ingest import bylines
from searchsvc.ingest.pagetext import parse_page_text

PARAGRAPH = (
    "The city council voted on Tuesday to extend the tram line to the northern suburbs, ending a debate that had"
    " lasted for almost ten years and divided the parties in the chamber."
)
SECOND = (
    "Work on the extension is to start next spring, and the first trams should reach the terminus in the north"
    " of the city by the end of the following year, the council said."
)


def page(*header: str) -> str:
    return "Menu\nNews\n\n" + "\n".join(header) + f"\n\n{PARAGRAPH}\n\n{SECOND}\n"


def test_title_in_a_caseless_script_may_open_with_any_letter():
    # Japanese has no capitals: the headline is still headline-shaped.
    text = "メニュー\n\n東京の路面電車が北へ延伸、市議会が可決\n\n" + (
        "東京の市議会は火曜日、路面電車の路線を北部の郊外まで延伸することを可決した。十年近く続いた議論に決着がついた。\n\n"
        "延伸工事は来年の春に始まり、最初の電車は翌年末までに北の終点に着く見込みだと市議会は述べた。\n"
    )
    assert parse_page_text(text).title == "東京の路面電車が北へ延伸、市議会が可決"


def test_title_keeps_the_kicker_colon_the_page_shows_elsewhere():
    text = "Tram line: Council votes to extend the tram line north\n" + page(
        "Tram line Council votes to extend the tram line north"
    )
    assert parse_page_text(text).title == "Tram line: Council votes to extend the tram line north"


def test_title_glued_to_its_kicker_takes_the_copy_with_the_colon():
    # Kicker and headline copied from two elements with nothing between them: '"Soon"Council votes ...'.
    text = '"It will start soon": Council votes to extend the tram line north\nPolitics\n' + page(
        '"It will start soon"Council votes to extend the tram line north', "12.12.2025, 05:07"
    )
    assert parse_page_text(text).title == '"It will start soon": Council votes to extend the tram line north'


def test_title_is_not_a_sponsors_label_over_the_byline():
    # The label sits between a headline the story's opening does not echo and the byline.
    text = page(
        "How Europe saved the hake from extinction", "In partnership with The Example Commission", "By Dana Smith"
    )
    assert parse_page_text(text).title == "How Europe saved the hake from extinction"


def test_title_is_not_a_shouted_caption_repeated_under_a_video():
    caption = "TRAM: The city council voted to extend the tram line to the northern suburbs."
    text = page(
        "Tears and then a turnaround for the city",
        caption,
        "Video player",
        "",
        caption,
        "",
        "Mathias Hagen – Journalist",
        "Anders Berg – Journalist",
        "",
        "Published 05.08.2024, 13.05",
        "Updated 05.08.2024, 13.52",
    )
    assert parse_page_text(text).title == "Tears and then a turnaround for the city"


def test_author_beside_a_relative_time_line():
    # "5 HOURS AGO" is no full date, but it marks the dateline the name stands on.
    assert (
        parse_page_text(page("Council votes to extend the tram line north", "DYLAN JONES", "5 HOURS AGO")).author
        == "DYLAN JONES"
    )


def test_author_a_section_label_is_no_name():
    # Right under the title, where a name often stands; but "Politics" is a section word.
    text = page(
        "Council votes to extend the tram line north",
        "Federal Politics",
        "Dan Jervis-Bardy",
        "Tue, 26 November 2024 9:27PM",
    )
    assert parse_page_text(text).author == "Dan Jervis-Bardy"


def test_author_name_and_dateline_above_the_title_across_a_separator():
    text = page("Anna Berg", "•", "9:51", "", "Council votes to extend the tram line north")
    assert parse_page_text(text).author == "Anna Berg"


def test_byline_names_without_roles_agencies_or_a_glued_label():
    from searchsvc.ingest.bylines import names_in_byline

    assert [
        names_in_byline(line)
        for line in (
            "byRahimu Fadhili",
            "Von Diana Resnik mit AP",
            "By Lance Ulanoff published 19 May 2026",
            "Von Sina Zehrfeld Landespolitische Korrespondentin",
            "By Mathatisi Sebusi/Mohalenyane Phakela",
        )
    ] == [
        ["Rahimu Fadhili"],
        ["Diana Resnik"],
        ["Lance Ulanoff"],
        ["Sina Zehrfeld"],
        ["Mathatisi Sebusi", "Mohalenyane Phakela"],
    ]


def test_byline_a_lower_case_word_starting_with_by_is_no_byline():
    from searchsvc.ingest.bylines import is_byline

    assert not is_byline("bylines are fun")


def test_author_byline_as_one_part_of_a_dateline():
    text = page("Council votes to extend the tram line north", "Le Courrier | 04.05.2015 à 13h36 | Par Martin Dupont")
    assert parse_page_text(text).author == "Martin Dupont"


def test_author_name_after_the_date_on_a_dateline():
    text = page("Council votes to extend the tram line north", "Artikel veröffentlicht am 28. April 2024, Anna Berg")
    assert parse_page_text(text).author == "Anna Berg"


def test_author_written_by_in_other_languages():
    title = "Council votes to extend the tram line north"
    bylines = ["geschrieben von Meike Neitz", "écrit par Claire Dubois", "skrevet av Ola Nordmann"]
    assert [parse_page_text(page(title, line)).author for line in bylines] == [
        "Meike Neitz",
        "Claire Dubois",
        "Ola Nordmann",
    ]


def test_author_name_after_the_date_on_a_dateline_before_a_comment_count():
    title = "Council votes to extend the tram line north"
    lines = [
        "19.6.2007 9:40 Uhr Christoph Becker 71 Kommentare",
        "23.06.2016 um 16:14 Uhr - Markus Reuter - 91 Ergänzungen",
    ]
    assert [parse_page_text(page(title, line)).author for line in lines] == ["Christoph Becker", "Markus Reuter"]
    # Capitals after the date name the source, not a person.
    assert parse_page_text(page(title, "2025-04-02 19:49:31 / BOTA ALFA PRESS")).author is None


def test_author_a_sentence_that_ends_in_a_quotation_or_a_prompt_is_no_name_line():
    from searchsvc.ingest.authors import name_line

    sentence = (
        "The Five-hundred-meter Aperture Spherical Radio Telescope (FAST) in southern China has passed its tests,"
        " says its chief scientist. \u201cI feel both excited and relieved.\u201d"
    )
    assert [name_line(sentence), name_line("READ THE REST"), name_line("Elizabeth Gibney")] == [
        None,
        None,
        "Elizabeth Gibney",
    ]


def test_author_a_name_line_ending_in_a_separator_over_the_date():
    text = page("Council votes to extend the tram line north", "Alex Shephard/", "November 28, 2016")
    assert parse_page_text(text).author == "Alex Shephard"


def test_author_a_post_signed_at_the_end_of_its_text():
    # A blog's sign-off and byline run on into the text (the first comment follows): the run ends past them.
    title = "Council votes to extend the tram line north"
    signed = "Cheers,\nfijal\n\nPosted by Maciej Fijalkowski at 5:06 AM"
    story = "\n\n".join([PARAGRAPH, SECOND] * 5)
    text = f"Menu\n\n{title}\n\n{story}\n\n{signed}\n\n{PARAGRAPH}\n\n7 comments:\n"
    assert parse_page_text(text).author == "Maciej Fijalkowski"
    # There, a reader's comment is no byline of the post.
    assert parse_page_text(text.replace("Posted by Maciej Fijalkowski", "Comment by Jan Dark")).author is None


def test_date_the_sites_today_above_the_menu_is_refused():
    # The site prints today's date in its header; the article's own dateline is not readable.
    text = "November 24, 2025\nFacebook Twitter\nPrimary Menu\nHome\nNews\nLocal News\n" + page(
        "Council votes to extend the tram line north"
    )
    assert parse_page_text(text).date is None


def test_date_a_dateline_above_a_repeated_title_is_kept():
    text = page(
        "22.04.2024, 17:26 Uhr",
        "Audio",
        ">",
        "Council votes to extend the tram line north",
        "Council votes to extend the tram line north",
    )
    assert parse_page_text(text).date.raw == "22.04.2024, 17:26 Uhr"


def test_title_the_end_of_a_breadcrumb_beats_a_standfirst():
    standfirst = "The council ends ten years of debate over the tram line to the northern suburbs"
    text = "NewsLocalCouncil votes to extend the tram line north\n" + page(
        "Council votes to extend the tram line north", "", standfirst
    )
    assert parse_page_text(text).title == "Council votes to extend the tram line north"


def test_title_breadcrumb_and_share_lines_end_with_the_headline_a_kicker_line_does_not():
    from searchsvc.ingest.titles import is_trail_end

    headline = "Council votes to extend the line north"
    assert [
        is_trail_end(other, headline)
        for other in (
            f"NewsLocal{headline}",
            f"Share this Story : {headline}",
            f"Home > Local > {headline}",
            f"A hundred years of trams: {headline}",
            headline,
        )
    ] == [True, True, True, False, False]


def test_date_a_published_dateline_far_above_the_body_when_it_is_the_only_one():
    menu = "\n".join(f"Section {n}" for n in range(20))
    text = f"Published May 07, 2025\n{menu}\n" + page("Article content")
    assert parse_page_text(text).date.raw == "May 07, 2025"


def test_date_published_datelines_of_two_days_far_above_the_body_give_none():
    menu = "\n".join(f"Section {n}" for n in range(20))
    text = f"Published May 07, 2025\nPublished May 09, 2025\n{menu}\n" + page("Article content")
    assert parse_page_text(text).date is None


def test_author_under_a_label_far_above_the_body():
    menu = "\n".join(f"Section {n}" for n in range(20))
    text = f"Author of the article:\nThe Associated Press\n{menu}\n" + page("Article content")
    assert parse_page_text(text).author == "The Associated Press"


def test_furniture_subscription_and_share_prompts_in_several_languages():
    from searchsvc.ingest.bylines import is_furniture

    assert [
        is_furniture(line)
        for line in (
            "Esta funcionalidad es sólo para suscriptores",
            "Chcete-li článek poslouchat, přihlaste se",
            "Share this Story : Example.Com",
            "Article content",
            "メールでシェアする",
            "記事の転載をご希望の方は、リンク先をご覧ください。",
            "詳しくはこちら",
            "Council votes to extend the tram line north",
        )
    ] == [True, True, True, True, True, True, True, False]


def test_caption_with_an_indonesian_documentation_credit():
    from searchsvc.ingest.bylines import is_caption

    assert is_caption("IGI School of Economics Jakarta menyelenggarakan Wisuda Magister Manajemen(Dok.IGI )")


def test_caption_a_sentence_then_the_photographers_name():
    from searchsvc.ingest.bylines import is_caption

    assert [
        is_caption(line)
        for line in (
            "Emma Roma Jayne after she had bariatric surgery and lost 130lb. Emma Roma Jayne",
            "Iran pulls out of the talks. Tehran blames Washington",
            "Council votes to extend the tram line north",
        )
    ] == [True, False, False]


def test_caption_a_dot_after_a_title_or_an_initial_ends_no_sentence():
    from searchsvc.ingest.bylines import is_caption

    assert [
        is_caption(line)
        for line in (
            "Dienstag, 13. Mai 2014, von Dr. Sebastian Brüggemann",
            "A speech of the late president, read by John F. Kennedy",
            "Emma Roma Jayne after she had bariatric surgery and lost 130lb. Emma Roma Jayne",
        )
    ] == [False, False, True]


def test_date_a_dateline_signed_by_a_doctor_above_the_title():
    text = page("Dienstag, 13. Mai 2014, von Dr. Sebastian Brüggemann", "Council votes to extend the tram line north")
    assert parse_page_text(text).date.value.date().isoformat() == "2014-05-13"


def test_date_separators_are_no_words_of_a_dateline():
    # Thirteen parts, two of them bars: eleven words, short enough for a dateline under the title.
    line = "January 13, 2020 at 08:45 AM | categories: Python, Mercurial | View Comments"
    text = page("Council votes to extend the tram line north", line)
    assert parse_page_text(text).date.value.date().isoformat() == "2020-01-13"


def test_date_under_a_date_label_after_the_body():
    text = page("Council votes to extend the tram line north") + "\nDate 19.01.2020\nPermalink\n"
    assert parse_page_text(text).date.value.date().isoformat() == "2020-01-19"


def test_title_over_a_time_ago_dateline():
    # The headline shares no word with the opening; the "... ago" dateline under it marks the article header.
    text = page("Business Brief: chips, states and a cool reception?", "CHRIS WILSON-SMITH", "PUBLISHED 3 SECONDS AGO")
    assert parse_page_text(text).title == "Business Brief: chips, states and a cool reception?"


def test_author_a_label_with_a_year_is_no_name_on_a_dateline():
    text = page(
        "TVET College 2023",
        "Search for",
        "Council votes to extend the tram line north",
        "November 6, 2025",
        "Anna Berg 2 minutes read",
    )
    assert parse_page_text(text).author == "Anna Berg"


def test_title_the_line_under_a_breadcrumb_beats_a_sub_heading_nearer_the_body():
    # The page's section trail ("Home", "Local", "Transport") stands right over the headline.
    text = page(
        "Home",
        "Local",
        "Transport",
        "Northern suburbs get their tram at last",
        "Share",
        "Council votes to extend the tram line north",
    )
    assert parse_page_text(text).title == "Northern suburbs get their tram at last"


def test_title_a_label_line_with_a_digit_or_a_prompt_is_no_breadcrumb():
    from searchsvc.ingest.titles import follows_trail

    lines = ["World", "Politics", "Headline of the story", "Share", "2 min", "Second heading of the story"]
    assert [follows_trail(lines, i) for i in (2, 5)] == [True, False]


def test_author_an_agency_credit_signs_wire_copy():
    from searchsvc.ingest.authors import agency_credit

    assert [
        agency_credit(line)
        for line in (
            "Von dpa 30.04.2024, 18:58",
            "(AFP)",
            "Quelle: dpa/AFP",
            "AFP, MANILA",
            "Reuters, Thorsten Kramer",
            "News - Anadolu Ajansı",
            "Tap water",
            "Photo: Reuters",
            "Appalachian Power",
            "Reuters, said the ministry",
        )
    ] == ["dpa", "AFP", "dpa, AFP", "AFP", "Reuters", "Anadolu Ajansı", None, None, None, None]


def test_author_an_agency_credit_under_the_title_and_its_reporter():
    text = page("Council votes to extend the tram line north", "Von dpa 14.07.2025, 18:58")
    assert parse_page_text(text).author == "dpa"
    text = page("Council votes to extend the tram line north", "Reuters, Thomas Lee", "14.07.2025")
    assert parse_page_text(text).author == "Reuters, Thomas Lee"


def test_author_a_person_byline_beats_an_agency_credit_and_a_credit_after_the_body_is_a_last_resort():
    text = page("Council votes to extend the tram line north", "(AFP)", "By Thomas Lee")
    assert parse_page_text(text).author == "Thomas Lee"
    wire = page("Council votes to extend the tram line north") + "\ndpa\n"
    teaser = page("Council votes to extend the tram line north") + "\nRead next\nRail strike ends\nReuters\n"
    assert [parse_page_text(t).author for t in (wire, teaser)] == ["dpa", None]


def test_author_box_after_the_body_with_label_name_and_role():
    box = page("Council votes to extend the tram line north") + "\nTopics\nKommentar von\nAnna Berger\nRedakteurin\n"
    teaser = page("Council votes to extend the tram line north") + "\nMore\nVon\nAnna Berger\nRail strike ends\n"
    assert [parse_page_text(text).author for text in (box, teaser)] == ["Anna Berger", None]


def test_title_drops_a_section_label_when_the_page_prints_the_headline_alone():
    headline = "Council votes to extend the tram line north"
    labelled = page(f"Transport : {headline}", "By Thomas Lee") + f"\nHome\nTransport\n{headline}\n"
    kept = page(f"Transport : {headline}", "By Thomas Lee")
    assert [parse_page_text(text).title for text in (labelled, kept)] == [headline, f"Transport : {headline}"]


def test_title_a_caption_over_its_photo_credit_is_no_headline():
    from searchsvc.ingest.bylines import credit_follows

    # The caption names what the story is about, so the lede echoes it better than the headline.
    text = page(
        "Northern suburbs get their tram at last", "Council votes to extend the tram line north", "Foto: Anna Berger"
    )
    assert parse_page_text(text).title == "Northern suburbs get their tram at last"
    lines = ["Council members vote", "", "Foto: Anna Berger", "Council members vote", "Photographer Anna Berger"]
    assert [credit_follows(lines, i) for i in (0, 3)] == [True, False]


def test_byline_the_kind_of_piece_before_the_label():
    from searchsvc.ingest.bylines import is_byline, names_in_byline

    lines = [
        "Kolumne von Lars Berger",
        "Ein Kommentar von Anna Berger",
        "Analysis by Thomas Lee",
        "Attacked by Grizzly Bear",
        "Stand by Me Forever",
    ]
    assert [is_byline(line) for line in lines] == [True, True, True, False, False]
    assert names_in_byline("Eine Analyse von Anna Berger und Lars Berger") == ["Anna Berger", "Lars Berger"]
    text = page("Council votes to extend the tram line north", "Kolumne von Lars Berger")
    assert parse_page_text(text).author == "Lars Berger"


def test_author_a_name_line_over_the_first_paragraph():
    title = "Council votes to extend the tram line north"
    credited = page(title, "The tram depot", "Foto: REUTERS/Anna Berger", "Thomas Lee")
    photographer = page(title, "The tram depot", "Foto:", "Anna Berger / AP")
    caption = page(
        title,
        "Share",
        "Tram Policy",
        "",
        "Members of the city council vote on the extension of the tram line to the northern suburbs on Tuesday.",
        "(Anna Berger / AP)",
    )
    assert [parse_page_text(text).author for text in (credited, photographer, caption)] == ["Thomas Lee", None, None]


def test_author_the_link_to_the_authors_other_stories_under_the_body():
    title = "Council votes to extend the tram line north"
    texts = [
        page(title) + "\nMehr von Anna Berger (ab)\n",
        page(title) + "\nMore from Politics\n",
        page(title) + "\nRead next\nRail strike ends\nMore by Anna Berger\n",
    ]
    assert [parse_page_text(text).author for text in texts] == ["Anna Berger", None, None]


def test_title_a_headline_over_its_byline_inside_the_run_when_none_stands_before_it():
    notice = "This page contains affiliate links: when you buy a product after clicking one we may earn a fee."
    headline = "Council votes to extend the tram line north"
    text = f"Menu\n\n{notice}\n{headline}\nBy Thomas Lee\n\n{PARAGRAPH}\n\n{SECOND}\n"
    parsed = parse_page_text(text)
    assert (parsed.title, parsed.author, parsed.body) == (headline, "Thomas Lee", f"{PARAGRAPH}\n\n{SECOND}")
    unsigned = f"Menu\n\n{notice}\n{headline}\n\n{PARAGRAPH}\n\n{SECOND}\n"
    assert parse_page_text(unsigned).title is None


def test_author_a_name_over_a_photo_credit_beside_the_dateline_is_who_is_pictured():
    title = "Council votes to extend the tram line north"
    pictured = page(
        title,
        "Standfirst of the story",
        "Published: 19.04.2026 19:05",
        "Anna Berger",
        "Foto: REUTERS/Ben Cole",
        "Thomas Lee",
    )
    # Right under the title the name is the byline, whatever credit follows it.
    signed = page(title, "Thomas Lee", "Foto: City News", "Published: 19.04.2026 19:05")
    assert [parse_page_text(text).author for text in (pictured, signed)] == ["Thomas Lee", "Thomas Lee"]


def test_title_a_headline_under_a_read_more_prompt_is_another_storys():
    # The teaser between the first paragraph and the rest splits the run: its headline stands nearest the body.
    title = "Council votes to extend the tram line north"
    teaser = "Council approves the budget for the tram line to the northern suburbs"
    cut = "The city council approved on Monday the budget for the extension of the tram line to the northern ..."
    text = (
        f"Menu\nNews\n{title}\nPublished: 19.04.2026 19:05\n\n{PARAGRAPH}\n\n{{prompt}}\n\nTRANSPORT\n{teaser}\n"
        f"{cut}\n\n{PARAGRAPH} {SECOND}\n\n{SECOND}\n\n{SECOND}\n"
    )
    assert [parse_page_text(text.format(prompt=p)).title for p in ("Czytaj więcej", "Photos")] == [title, teaser]


def test_date_a_bare_dateline_over_the_author_box_after_the_body():
    story = page("Council votes to extend the tram line north") + "\nPolitik\n28. 4. 2023, 18:41 Uhr\n"
    signed, teaser = story + "Kommentar von\nAnna Berger\n", story + "Rail strike ends\n"
    dates = [parse_page_text(text).date for text in (signed, teaser)]
    assert [date and date.value.isoformat() for date in dates] == ["2023-04-28T18:41:00+00:00", None]


def test_title_and_body_a_teaser_in_the_block_under_a_related_prompt():
    from searchsvc.ingest.titles import in_teaser_block

    title = "Council votes to extend the tram line north"
    teaser = "Tram line: «The north of the city has waited long enough»"
    text = (
        f"Menu\nNews\n{title}\nPublished: 19.04.2026 19:05\nShare\nSur le même sujet\nReportage\n"
        f"Trams return to the old depot\nBy Thomas Lee\nInterview\n{teaser}\nBy Anna Berger\n\n"
        f"{PARAGRAPH}\n\n{SECOND}\n"
    )
    parsed = parse_page_text(text)
    assert (parsed.title, parsed.body) == (title, f"{PARAGRAPH}\n\n{SECOND}")
    # A prompt opens a block only on a line of its own; "READ MORE: headline" is the teaser itself.
    lines = ["Related", "Rail strike ends", "", "Trams run again", "READ MORE: Rail strike ends", "Trams run again"]
    assert [in_teaser_block(lines, i) for i in (1, 3, 5)] == [True, False, False]


def test_author_a_role_glued_to_the_name_is_cut_off():
    from searchsvc.ingest.authors import name_line

    lines = ("André KleinRedakteur", "Anna BergerKorrespondentin", "Lucy ThorntonNews Reporter", "Anna Berger")
    assert [name_line(line) for line in lines] == ["André Klein", "Anna Berger", "Lucy Thornton", "Anna Berger"]
    text = page("Council votes to extend the tram line north", "Anna BergerRedakteurin", "11:46")
    assert parse_page_text(text).author == "Anna Berger"


def test_title_a_headline_over_its_longer_standfirst():
    # The standfirst retells the opening, so it echoes the body more than the headline over it does.
    headline = "Tram line to reach the northern suburbs after years of debate"
    standfirst = "The city council voted on Tuesday to extend the tram line, ending a debate that divided the parties"
    assert parse_page_text(page(headline, standfirst, "By Thomas Lee")).title == headline
    # A kicker over the headline is short: the headline stays the title.
    kicker = "City council tram line vote"
    assert parse_page_text(page(kicker, standfirst, "By Thomas Lee")).title == standfirst


def test_title_a_long_headline_over_its_byline():
    # A quote and its gloss make a headline of 30+ words; with no sentence end and a byline under it, it is one.
    headline = (
        "'The north of the city has waited long enough for its trams': the city council votes to extend the"
        " tram line to the northern suburbs, ending a debate that divided the parties in the chamber"
    )
    standfirst = "A big step, with some questions left"
    assert parse_page_text(page(headline, "News", "By Thomas Lee", "", standfirst)).title == headline
    # With no byline under it, the rules read the line as a standfirst. (The shipped model is unsure on this page,
    # 0.08 against 0.05, and its pick moves between retrainings: the rules' reading is what is pinned here.)
    assert parse_page_text(page(headline, "", standfirst), model=None).title == standfirst
    from searchsvc.ingest.headlines import signed_long_headline

    signed = [
        [headline, "By Thomas Lee"],
        [headline + ".", "By Thomas Lee"],
        [headline, "News", "Share", "By Thomas Lee"],
    ]
    assert [signed_long_headline(lines, 0) for lines in signed] == [True, False, False]


def test_title_the_byline_under_a_headline_past_its_share_buttons():
    from searchsvc.ingest.headlines import lines_under

    # A headline that echoes nothing of the body is one by its byline, set under a row of buttons.
    headline = "Weekend notes from the old harbour"
    text = page(headline, "Post", "Tweet", "Email", "Print", "The Daily Courier", "By Thomas Lee")
    assert parse_page_text(text).title == headline
    # Only buttons straight under the line are passed over: a menu item's next lines do not reach the byline.
    lines = ["Weekend notes", "World news", "Council votes", "Post", "By Thomas Lee"]
    assert [lines_under(lines, i) for i in (0, 2)] == [lines[1:4], lines[4:]]
    # A byline with a prompt on its line ("2 min read") is no button.
    signed = ["Weekend notes", "by Thomas Lee April 6, 2025 8:37 PM 2 min read", "Share"]
    assert lines_under(signed, 0) == signed[1:]


def test_title_the_headline_a_kicker_with_a_dash_runs_on_into():
    from searchsvc.ingest.headlines import runs_on_from_kicker

    # The breadcrumb's last item is a shorter wording; the page's heading is the kicker and the line it runs on into.
    headline = "Trams for the north get the go-ahead"
    text = page(
        "Home",
        "Politics",
        "City",
        "Council votes to extend the tram line north",
        "Tram line vote –",
        headline,
        "",
        "Anna Berger",
    )
    # The rules' verdict; the labeller's title ranker scores the two lines nearly alike on this page (0.82 against
    # 0.83 for the breadcrumb's item, which echoes the body more), and some page sets' truths are that item.
    assert parse_page_text(text, model=None).title == headline
    # A label ends in a colon, not a dash; a sentence is no kicker.
    kickers = ["Tram line vote –", "Tram line vote", "Read more:", "The council voted on Tuesday after a long debate –"]
    assert [runs_on_from_kicker(line) for line in kickers] == [True, False, False, False]


def test_author_over_a_place_line_over_the_dateline():
    # Under the title stands the place the story is about (the body names it): not the author, who signs below.
    text = (
        "Menu\nNews\n\n"
        + "\n".join(
            [
                "Council votes to extend the tram line north",
                "North Harbour",
                "Maria del Campo, Ana Ruiz (special correspondents)",
                "",
                "Sevilla, North Harbour",
                "",
                "10/07/2026 00:50",
            ]
        )
        + f"\n\n{PARAGRAPH.replace('northern suburbs', 'North Harbour')}\n\n{SECOND}\n"
    )
    assert parse_page_text(text).author == "Maria del Campo, Ana Ruiz"


def test_author_two_names_stacked_over_the_dateline():
    header = (
        "Council votes to extend the tram line north",
        "Photo: City of Example",
        "Ingrid Treborg",
        "Marlene Lundberg Holm",
        "Published Thursday 9 May 2024 - 13:26",
    )
    assert parse_page_text(page(*header)).author == "Ingrid Treborg, Marlene Lundberg Holm"


def test_author_under_a_summary_box_at_the_top_of_the_article():
    points = [f"The council took point {n} of the plan on board after a long debate in the chamber." for n in range(6)]
    text = (
        "Menu\nNews\n\nCouncil votes to extend the tram line north\n"
        + "\n".join([PARAGRAPH, "In brief", *points, "Photo © Anna Berger", "Anna Berger", "30 June 2025,", "15:59"])
        + f"\n\n{SECOND}\n\n{PARAGRAPH}\n"
    )
    assert parse_page_text(text).author == "Anna Berger"


def test_author_co_authors_in_a_parenthesis_join_the_byline():
    header = (
        "Council votes to extend the tram line north",
        "Le Monde | 04.05.2015 à 13h36 | Par Martin Durand (avec Claire Petit et Paul Morel)",
    )
    assert parse_page_text(page(*header)).author == "Martin Durand, Claire Petit, Paul Morel"


def test_author_names_with_their_roles_beside_them():
    header = (
        "Council votes to extend the tram line north",
        "Video player",
        "",
        "Mathias Hagen – Journalist",
        "Anders Berg – Journalist in Paris",
        "",
        "We report from Oslo and Paris",
    )
    assert parse_page_text(page(*header)).author == "Mathias Hagen, Anders Berg"


def test_author_under_the_title_whose_bio_closes_the_story():
    # The name under the title comes back in the contact line at the end: the story's opening does not speak of it.
    text = (
        "Menu\nNews\n\nCouncil votes to extend the tram line north\nJohn Smith\nSubscribe to our newsletter\n\n"
        f"{PARAGRAPH}\n\n{SECOND}\n\nJohn Smith can be reached by email, and he welcomes tips about transport.\n"
    )
    assert parse_page_text(text).author == "John Smith"


def test_author_over_the_dateline_place_that_opens_the_story():
    # "Buenos Aires" stands between name and date, and the story opens with it: a place, not a co-author.
    text = (
        "Menu\nNews\n\n"
        + "\n".join(
            [
                "City council votes to extend the tram line to the northern suburbs",
                "Watch the video",
                "Maria del Campo",
                "Buenos Aires",
                "10/07/2026 00:50",
            ]
        )
        + f"\n\nBUENOS AIRES - {PARAGRAPH}\n\n{SECOND}\n"
    )
    assert parse_page_text(text).author == "Maria del Campo"


def test_furniture_prompts_are_labels_not_sentences_that_start_alike():
    from searchsvc.ingest.bylines import is_furniture

    assert all(
        map(
            is_furniture,
            [
                "Presented by The Example Foundation",
                "In partnership with",
                "Präsentiert von:",
                "Sponsored by J.P. Example.",
                "▶詳しくはこちら",
            ],
        )
    )
    assert not is_furniture("Presented by the mayor on Tuesday, the plan foresees a new tram line by 2028.")
    assert not is_furniture("政府は新たな対策を発表した。詳しくはこちらの記事で解説している。")


JAPANESE_BODY = (
    "東京の市議会は火曜日、路面電車の路線を北部の郊外まで延伸することを可決した。十年近く続いた議論に決着がついた。\n\n"
    "延伸工事は来年の春に始まり、最初の電車は翌年末までに北の終点に着く見込みだと市議会は述べた。\n"
)


def test_author_after_a_chinese_or_japanese_label_or_before_a_korean_title():
    for byline, name in (
        ("著者：山田太郎", "山田太郎"),
        ("作者：王小明", "王小明"),
        ("投稿者 Kenji Sato", "Kenji Sato"),
    ):
        text = f"メニュー\n\n東京の路面電車が北へ延伸、市議会が可決\n\n{byline}\n\n{JAPANESE_BODY}"
        assert parse_page_text(text).author == name, byline
    assert bylines.names_in_byline("文／山田太郎、佐藤花子") == ["山田太郎", "佐藤花子"]
    assert bylines.names_in_byline("박준석 기자 외 1명") == ["박준석"]


def test_author_label_words_inside_running_text_are_no_byline():
    # 記者会見 is "press conference"; 文化 "culture": the label words must stand as labels.
    for line in ("記者会見で市長は延伸を発表した", "文化の日に合わせて開業する", "作者：このサイトについてのお知らせ"):
        assert not bylines.is_byline(line), line
