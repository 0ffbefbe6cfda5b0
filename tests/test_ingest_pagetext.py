"""Page text rules that the seeds do not show: wrapped dumps, leaked script, teasers."""

from searchsvc.ingest.bodyrun import find_body_span
from searchsvc.ingest.pagetext import parse_page_text, split_lines

PARAGRAPH = (
    "The city council voted on Tuesday to extend the tram line to the northern suburbs, ending a debate that had"
    " lasted for almost ten years and divided the parties in the chamber."
)


def wrap(text: str, width: int = 50) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        if len(line) + len(word) + 1 > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return lines + [line]


def test_pagetext_unwraps_a_hard_wrapped_dump():
    # Eight wrapped paragraphs: enough run-on lines to tell a dump from headings over text.
    paragraphs = [PARAGRAPH.replace("Tuesday", day) for day in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "a holiday")]
    text = "Menu\nNews\n\nTram line reaches the north\n\n" + "\n\n".join("\n".join(wrap(p)) for p in paragraphs)
    page = parse_page_text(text)
    assert page.title == "Tram line reaches the north"
    assert page.body.split("\n\n") == paragraphs


def test_pagetext_leaked_script_is_not_the_body():
    script = 'window.dataLayer = window.dataLayer || []; function gtag(){dataLayer.push(arguments);} gtag("js", 1);'
    lines, _ = split_lines("\n".join([script] * 30 + ["", PARAGRAPH, "", PARAGRAPH]))
    assert find_body_span(lines) == (31, 34)


def test_pagetext_teaser_headline_over_cut_off_text_is_furniture():
    teaser = "Analysis: What the tram extension means for house prices in the north?"
    cut = "House prices in the northern suburbs have risen faster than anywhere else in the region, and the new" \
          " line is expected to push them further, say agents who"
    page = parse_page_text(f"Tram line reaches the north\n\n{PARAGRAPH}\n\n{PARAGRAPH}\n\n{teaser}\n{cut}\n")
    assert page.body == f"{PARAGRAPH}\n\n{PARAGRAPH}"


def test_pagetext_an_article_cut_by_a_chart_keeps_both_parts_but_not_an_unrelated_story():
    chart = "\n".join(["Chart", "100", "80", "60", "’98", "’08", "’18", "MONTHLY", "Source: agency"] * 2)
    other = (
        "A bakery in the old town has won a national prize for its rye bread, which it has baked to the same recipe"
        " since the shop opened its doors more than a century ago in a narrow lane behind the cathedral square."
    )
    second = PARAGRAPH.replace("voted on Tuesday", "is expected to vote again")
    part = f"{PARAGRAPH}\n\n{second}\n\n{PARAGRAPH}"
    text = f"Tram line reaches the north\n\n{part}\n\n{chart}\n\n{part}\n\n{second}\n\n{chart}\n\n{other}\n\n{other}\n"
    page = parse_page_text(text)
    assert page.body.split("\n\n") == [PARAGRAPH, second, PARAGRAPH, PARAGRAPH, second, PARAGRAPH, second]


def test_pagetext_the_title_stands_over_the_first_part_of_a_cut_article():
    chart = "\n".join(str(n) for n in range(80))  # a long chart: the title is out of reach of the second part
    second = PARAGRAPH.replace("voted on Tuesday", "is expected to vote again")
    text = (f"Menu\n\nTram line reaches the north\n\n{PARAGRAPH}\n\n{second}\n\n{PARAGRAPH}\n\n{chart}\n\n"
            f"{PARAGRAPH}\n\n{second}\n\n{PARAGRAPH}\n\n{second}\n")
    assert parse_page_text(text).title == "Tram line reaches the north"


def test_pagetext_a_list_of_other_stories_is_no_body():
    # Each teaser pairs a headline with a one-paragraph lede, line after line: together they outscore a short story.
    teasers = "\n".join(
        f"Other story number {n} makes the news today\nThe {n} lede of another story tells in one sentence what"
        f" happened there on Monday, and why readers of the site might click on it." for n in range(1, 8))
    story = f"Menu\nTram line reaches the north\n03.05.2024, 14:12 Uhr\n\n{PARAGRAPH}\n\nMore\n{teasers}\n"
    page = parse_page_text(story)
    assert (page.title, page.body) == ("Tram line reaches the north", PARAGRAPH)
    # Sub-headings over several paragraphs are an article's, not a list.
    sections = "\n".join(f"Part {n} of the plan\n{PARAGRAPH}\n{PARAGRAPH}" for n in range(1, 8))
    assert parse_page_text(f"Menu\nTram line reaches the north\n\n{sections}\n").body.count(PARAGRAPH) == 14


def test_pagetext_a_spaced_list_of_other_sites_is_not_the_body():
    # A footer of the publisher's other sites: name, blank line, one-line description, outweighing a short story.
    sites = "\n\n".join(
        f"{name}\n\n{name} is the paper's site for {topic}, with news, reviews and columns from our reporters across"
        f" the region, updated every morning and every evening of the week."
        for name, topic in [("Dr. Health", "health"), ("Travel Times", "travel"), ("Kids Paper", "young readers"),
                            ("Art Guide", "museums"), ("Job Market", "careers"), ("Flat Finder", "housing"),
                            ("Game Day", "sport"), ("Food Notes", "cooking")]
    )
    page = parse_page_text(f"Tram line reaches the north\n\n{PARAGRAPH}\n\n{PARAGRAPH}\n\n{sites}\n")
    assert page.body == f"{PARAGRAPH}\n\n{PARAGRAPH}"
    assert page.title == "Tram line reaches the north"


def test_pagetext_an_article_with_a_few_spaced_sub_headings_keeps_them():
    sections = "\n\n".join(f"{head}\n\n{PARAGRAPH}" for head in ("The route", "The cost", "The timetable"))
    page = parse_page_text(f"Tram line reaches the north\n\n{PARAGRAPH}\n\n{sections}\n")
    assert page.body.split("\n\n") == [PARAGRAPH, "The route", PARAGRAPH, "The cost", PARAGRAPH, "The timetable", PARAGRAPH]


def test_pagetext_wire_copy_wrapped_at_a_fixed_width_with_indented_paragraphs():
    # Wire copy: lines of at most 65 characters, a paragraph opened by an indent, no blank lines; the first line is
    # short where the dateline was cut off, and the next goes on in lower case.
    second = "The work is to start next spring, and the first trams should reach the terminus by the end of the" \
             " following year, the council said in a statement."
    lines = ["The city council voted on Tuesday to", *wrap(PARAGRAPH.split(" on Tuesday to ", 1)[1], 65)]
    lines += [f"    {line}" if n == 0 else line for n, line in enumerate(wrap(second, 65))]
    page = parse_page_text("CITY COUNCIL VOTES IN U.S. TRAM LINE NORTH\n\n" + "\n".join(lines) + "\n Reuter\n")
    assert page.title == "CITY COUNCIL VOTES IN U.S. TRAM LINE NORTH"  # capitals and a full stop: no caption
    assert page.body.split("\n\n")[:2] == [PARAGRAPH, second]


def test_pagetext_short_lines_of_labels_are_not_wrapped_text():
    from searchsvc.ingest.wrapping import fixed_width

    labels = ["News", "Politics", "Sport", "Weather", "Culture", "Contact"]
    assert fixed_width(labels * 3) is None
    # Page text copied from a browser: each paragraph a line of its own, far longer than any wrap width.
    assert fixed_width(["Tram line reaches the north", "", PARAGRAPH, "", PARAGRAPH]) is None
    assert fixed_width(wrap(PARAGRAPH * 3, 70)) == max(len(line) for line in wrap(PARAGRAPH * 3, 70))
