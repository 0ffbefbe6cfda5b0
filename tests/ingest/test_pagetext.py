"""Page text rules that the seeds do not show: wrapped dumps, leaked script, teasers."""

import pytest

from searchsvc.ingest.bodyrun import find_body_span
from searchsvc.ingest.pagetext import parse_page_text, split_lines
from tests.helpers import ROOT

DATA = ROOT / "tests" / "data" / "ingest"

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
    paragraphs = [
        PARAGRAPH.replace("Tuesday", day)
        for day in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "a holiday")
    ]
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
    cut = (
        "House prices in the northern suburbs have risen faster than anywhere else in the region, and the new"
        " line is expected to push them further, say agents who"
    )
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
    text = (
        f"Menu\n\nTram line reaches the north\n\n{PARAGRAPH}\n\n{second}\n\n{PARAGRAPH}\n\n{chart}\n\n"
        f"{PARAGRAPH}\n\n{second}\n\n{PARAGRAPH}\n\n{second}\n"
    )
    assert parse_page_text(text).title == "Tram line reaches the north"


def test_pagetext_a_list_of_other_stories_is_no_body():
    # Each teaser pairs a headline with a one-paragraph lede, line after line: together they outscore a short story.
    teasers = "\n".join(
        f"Other story number {n} makes the news today\nThe {n} lede of another story tells in one sentence what"
        f" happened there on Monday, and why readers of the site might click on it."
        for n in range(1, 8)
    )
    story = f"Menu\nTram line reaches the north\n03.05.2024, 14:12 Uhr\n\n{PARAGRAPH}\n\nMore\n{teasers}\n"
    page = parse_page_text(story)
    assert (page.title, page.body) == ("Tram line reaches the north", PARAGRAPH)
    # Sub-headings over several paragraphs are an article's, not a list.
    sections = "\n".join(f"Part {n} of the plan\n{PARAGRAPH}\n{PARAGRAPH}" for n in range(1, 8))
    assert parse_page_text(f"Menu\nTram line reaches the north\n\n{sections}\n").body.count(PARAGRAPH) == 14


STORY = [PARAGRAPH.replace("Tuesday", day) for day in ("Monday", "Tuesday", "Wednesday", "Thursday")]
ANSWERS = [
    "Because the suburbs have grown faster than anyone expected, and the buses are full every morning.",
    "About 400 million euros, of which the state pays half, and the rest comes from the city's budget.",
    "The opposition parties, who wanted more buses instead, and some residents who fear the noise.",
    "Next spring, if the courts do not stop it, and the first trams should run two years later.",
    "No, the council has promised to keep fares where they are for at least the first five years.",
    "Some bus routes will be cut once the tram runs, but the night buses and school buses will stay.",
    "It will be turned into flats and a park, which the neighbours have asked for since it closed.",
]


def test_pagetext_a_spaced_list_of_other_sites_is_not_the_body():
    # A footer of the publisher's other sites under the story: name (under a kicker, for some), blank line, one-line
    # description; together they outweigh the story.
    sites = "\n\n".join(
        f"{kicker}{name}\n\n{name} is the paper's site for {topic}, with news, reviews and columns from our reporters"
        f" across the region, updated every morning and every evening of the week."
        for kicker, (name, topic) in zip(
            ["", "Partner\n", "", "Partner\n", "", "", "Partner\n", ""],
            [
                ("Dr. Health", "health"),
                ("Travel Times", "travel"),
                ("Kids Paper", "young readers"),
                ("Art Guide", "museums"),
                ("Job Market", "careers"),
                ("Flat Finder", "housing"),
                ("Game Day", "sport"),
                ("Food Notes", "cooking"),
            ],
        )
    )
    story = "\n\n".join(STORY)
    page = parse_page_text(f"Tram line reaches the north\n\n{story}\n\n{sites}\n")
    assert page.body == story
    assert page.title == "Tram line reaches the north"


@pytest.mark.parametrize(
    "heads",
    [
        [
            "Why now?",
            "What will it cost?",
            "Who opposed it?",
            "When does work start?",
            "Will fares go up?",
            "What about the buses?",
            "And the old depot?",
        ],  # an interview
        [
            f"{n}. {city}"
            for n, city in enumerate(["Lisbon", "Porto", "Seville", "Valencia", "Bilbao", "Granada", "Malaga"], 1)
        ],
        [
            f"{hour}:{minute} BST"
            for hour, minute in [
                ("11", "58"),
                ("11", "40"),
                ("11", "12"),
                ("10", "55"),
                ("10", "31"),
                ("10", "15"),
                ("10", "02"),
            ]
        ],  # a live blog, newest first
    ],
)
def test_pagetext_questions_numbered_items_and_time_stamps_over_paragraphs_are_the_article(heads):
    # Set apart by blank lines like a list of teasers, under an opening long enough for a footer to follow.
    story = "\n\n".join(STORY)
    sections = "\n\n".join(f"{head}\n\n{answer}" for head, answer in zip(heads, ANSWERS))
    page = parse_page_text(f"Menu\nNews\n\nTram line reaches the north\nBy John Smith\n\n{story}\n\n{sections}\n")
    assert page.body.split("\n\n") == STORY + [part for pair in zip(heads, ANSWERS) for part in pair]
    assert (page.title, page.author) == ("Tram line reaches the north", "John Smith")


def test_pagetext_an_article_with_a_few_spaced_sub_headings_keeps_them():
    sections = "\n\n".join(f"{head}\n\n{PARAGRAPH}" for head in ("The route", "The cost", "The timetable"))
    page = parse_page_text(f"Tram line reaches the north\n\n{PARAGRAPH}\n\n{sections}\n")
    assert page.body.split("\n\n") == [
        PARAGRAPH,
        "The route",
        PARAGRAPH,
        "The cost",
        PARAGRAPH,
        "The timetable",
        PARAGRAPH,
    ]


def test_pagetext_wire_copy_wrapped_at_a_fixed_width_with_indented_paragraphs():
    # Wire copy: lines of at most 64 characters, no blank lines; a paragraph opens with an indent, even under a
    # line that reaches the margin. The first line is short where the dateline was cut off.
    lines = [
        "The city council voted on Tuesday to",
        "extend the tram line to the northern suburbs, ending a debate",
        "that had lasted for almost ten years and divided the chamber at",
        "every turn, with the mayor's party voting for it to the last.",
        "    The work is to start next spring, and the first trams should",
        "reach the terminus by the end of the following year, the council",
        "said in a statement on its plans for the northern suburbs.",
        " Reuter",
    ]
    page = parse_page_text("CITY COUNCIL VOTES IN U.S. TRAM LINE NORTH\n\n" + "\n".join(lines) + "\n")
    assert page.title == "CITY COUNCIL VOTES IN U.S. TRAM LINE NORTH"  # capitals and a full stop: no caption
    assert page.body.split("\n\n")[:2] == [" ".join(lines[:4]), " ".join(line.strip() for line in lines[4:7])]


def test_pagetext_short_lines_of_labels_are_not_wrapped_text():
    from searchsvc.ingest.wrapping import fixed_width

    labels = ["News", "Politics", "Sport", "Weather", "Culture", "Contact"]
    assert fixed_width(labels * 3) is None
    # Page text copied from a browser: each paragraph a line of its own, far longer than any wrap width, or short
    # and ending its sentence, as where a site sets one sentence per paragraph.
    assert fixed_width(["Tram line reaches the north", "", PARAGRAPH, "", PARAGRAPH]) is None
    sentences = [f"The council voted on {day} to extend the tram line to the north." for day in ("Monday", "Tuesday")]
    sentences += [
        "Work on the new line is to start next spring, the mayor said.",
        "The state will pay half of the cost of 400 million euros.",
        "Fares will stay where they are for at least five years, she added.",
    ]
    assert fixed_width(["Menu", "News", "Tram line reaches the north", "By John Smith", *sentences, "Share"]) is None
    assert fixed_width(wrap(PARAGRAPH * 3, 70)) == max(len(line) for line in wrap(PARAGRAPH * 3, 70))


def test_pagetext_an_explainer_of_one_paragraph_sections_under_a_short_opening_is_the_article():
    # Headings and one short paragraph each, blank lines between: shaped like a list of teasers, but no article
    # stands above them for a footer to follow.
    heads = ["The route", "The cost", "The opposition", "The timetable", "The fares", "The buses", "The depot"]
    sections = "\n\n".join(f"{head}\n\n{answer}" for head, answer in zip(heads, ANSWERS))
    page = parse_page_text(f"Menu\nNews\n\nTram line reaches the north\nBy John Smith\n\n{PARAGRAPH}\n\n{sections}\n")
    assert page.body.split("\n\n") == [PARAGRAPH] + [part for pair in zip(heads, ANSWERS) for part in pair]


def test_pagetext_a_question_in_a_dense_list_of_teasers_leaves_it_a_list():
    # Headline and lede with no blank line between: a question or a number among the headlines changes nothing.
    heads = [
        "Will the team win the cup?",
        "1. FC Example signs a striker",
        "Storm hits the coast",
        "Prices rise again",
        "Mayor resigns",
        "Strike ends",
    ]
    teasers = "\n".join(
        f"{head}\nA short lede about another story, number {n}, which has nothing to do with this one."
        for n, head in enumerate(heads)
    )
    story = "\n\n".join(STORY)
    page = parse_page_text(f"Tram line reaches the north\n\n{story}\n\n{teasers}\n")
    assert page.body == story


def test_pagetext_a_spaced_rail_of_teasers_above_the_story_is_not_the_body():
    heads = [
        "Storm hits the coast",
        "Prices rise again",
        "Team wins the cup",
        "Mayor resigns",
        "Strike ends",
        "Rail fares up",
        "School opens",
        "Museum reopens",
    ]
    rail = "\n\n".join(
        f"{head}\n\nA short lede about the story on {head.lower()}, told in one sentence of twenty words or so."
        for head in heads
    )
    story = "\n\n".join(STORY[:3])
    page = parse_page_text(
        f"Menu\nNews\n\nTop stories\n\n{rail}\n\nTram line reaches the north\nBy John Smith\n\n{story}\n"
    )
    assert (page.title, page.author, page.body) == ("Tram line reaches the north", "John Smith", story)


def test_pagetext_headlines_near_the_margin_do_not_make_a_page_wrapped_text():
    from searchsvc.ingest.wrapping import fixed_width

    sentences = [
        "The council voted on Monday to extend the tram line to the north.",
        "Work on the new line is to start next spring, the mayor said.",
        "The state will pay half of the cost of 400 million euros.",
        "Fares will stay where they are for at least five years, she added.",
    ]
    teasers = [
        "Storm warning for the coast tonight as winds pick up",
        "Police search for missing hiker in the mountains near town",
        "New school opens its doors to the first pupils in autumn",
        "Local football club signs striker from the second division",
    ]
    lines = [
        "Menu",
        "Council votes to extend the tram line to the northern suburbs",
        "By John Smith",
        *sentences,
        "More from the region",
        *teasers,
    ]
    assert fixed_width(lines) is None


@pytest.mark.parametrize(
    "line",
    [
        "गंगा नदी का जलस्तर लगातार बढ़ने से पटना जिले के सैकड़ों गांवों में पानी भर गया है।",  # Hindi danda
        "حکومت نے اعلان کیا ہے کہ اگلے ماہ سے بجلی کی قیمتوں میں کمی کی جائے گی۔",  # Urdu full stop
        "የኢትዮጵያ መንግሥት አዲስ የመንገድ ግንባታ ፕሮጀክት በዛሬው ዕለት በይፋ መጀመሩን አስታውቋል።",  # Amharic full stop
        "هل ستتمكن الحكومة من خفض الأسعار قبل نهاية العام الحالي كما وعدت المواطنين؟",  # Arabic question mark
    ],
)
def test_pagetext_a_sentence_ended_by_another_script_s_stop_reads_as_prose(line):
    from searchsvc.ingest.bodyrun import is_prose

    assert is_prose(line)


def test_pagetext_a_hindi_page_keeps_its_story_and_leaves_the_menus():
    page = parse_page_text((DATA / "hindi-page.txt").read_text(encoding="utf-8"))
    assert page.title == "पटना में बाढ़ से सैकड़ों गांव डूबे, राहत शिविरों में पहुंचे हजारों लोग"
    assert page.body.startswith("गंगा नदी का जलस्तर")
    assert page.body.endswith("बिजली की आपूर्ति भी बाधित है।")
    assert page.language == "hi"
    assert page.date is not None and page.date.value.date().isoformat() == "2024-09-04"  # "4 सितंबर 2024"


def test_pagetext_a_dateline_in_french_dates_the_story():
    page = parse_page_text(
        "Accueil\nPolitique\nÉconomie\n\nLe tramway du nord ouvrira en mars\nPar Claire Martin\n"
        "Publié le 4 septembre 2024 à 14h30\n\n"
        "Le conseil municipal a voté mardi le prolongement du tramway vers les quartiers nord de la ville.\n\n"
        "Les travaux commenceront au printemps et dureront deux ans, selon la mairie, qui promet un arrêt toutes"
        " les cinq minutes aux heures de pointe.\n\nLes commerçants du centre craignent une baisse de leur"
        " chiffre d'affaires pendant le chantier, mais la chambre de commerce salue le projet.\n"
    )
    assert page.date is not None and page.date.value.date().isoformat() == "2024-09-04"


@pytest.mark.parametrize("invisible", ["\u200b", "\u2060", "\ufeff", "\u200e", "\u200f"])
def test_pagetext_characters_printed_as_nothing_change_nothing(invisible):
    # Copied text keeps zero-width spaces and direction marks; a line ending in one is still the same line.
    text = (DATA / "hindi-page.txt").read_text(encoding="utf-8")
    plain = parse_page_text(text)
    marked = parse_page_text(text.replace("\n", invisible + "\n").replace(" ", " " + invisible, 20))
    assert (marked.title, marked.body, marked.date, marked.author) == (
        plain.title,
        plain.body,
        plain.date,
        plain.author,
    )


def test_pagetext_a_thai_page_without_sentence_stops_keeps_its_story_and_leaves_the_menus():
    # Thai writes no spaces between words and no sentence stops: its words are counted by characters.
    page = parse_page_text((DATA / "thai-page.txt").read_text(encoding="utf-8"))
    assert page.title == "น้ำท่วมกรุงเทพฯ ชาวบ้านหลายพันคนต้องอพยพ"
    assert page.body.startswith("ระดับน้ำในแม่น้ำเจ้าพระยา")
    assert page.body.endswith("ประชาชนในพื้นที่เสี่ยงควรเตรียมพร้อมรับมือ")  # not the "related news" line under it
    assert page.language == "th"
    # "4 กันยายน 2567" counts years from the Buddha's death: 2567 is 2024.
    assert page.date is not None and page.date.value.date().isoformat() == "2024-09-04"
