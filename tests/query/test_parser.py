"""The query language: each form finds what docs/query-language.md says, each mistake is named with its place."""

import re

import pytest

from searchsvc.articles import Article
from searchsvc.query.parser import MAX_EXPANSIONS, QueryError, parse_query
from searchsvc.query.syntax import MAX_WORDS, check_query
from searchsvc.search.results import SearchRequest
from searchsvc.store.schema import make_schema
from tests.helpers import utc


@pytest.fixture
def news(make_index, open_index):
    return open_index(
        make_index(
            [
                Article(
                    id="a",
                    title="Ceasefire talks in Istanbul",
                    body="Negotiators met for peace talks.",
                    published=utc(2025, 1, 15),
                    source="Reuters",
                    author="Anna Smith",
                    tags=("war",),
                    language="en",
                ),
                Article(
                    id="b",
                    title="Grain exports",
                    body="Talks on grain exports resumed after the ceasefire.",
                    published=utc(2025, 3, 2),
                    source="AP",
                    author="Bob Jones",
                    tags=("trade",),
                    language="en",
                ),
                Article(
                    id="c",
                    title="Energy prices",
                    body="Gas prices rose; no talks are planned.",
                    published=utc(2025, 5, 20),
                    source="Reuters",
                    tags=("energy",),
                    language="en",
                ),
                Article(
                    id="d",
                    title="Ukraine a Bruxelles",
                    body="Colloqui di pace a Bruxelles.",
                    published=utc(2024, 12, 31),
                    source="ANSA",
                    language="it",
                ),
            ]
        )
    )


def ids(index, q):
    return sorted(h.id for h in index.search(SearchRequest(q=q, per_page=100)).hits)


@pytest.mark.parametrize(
    "q, expected",
    [
        ("talks", ["a", "b", "c"]),
        ("ceasefire talks", ["a", "b"]),  # all words required
        ('"peace talks"', ["a"]),
        ('"talks peace"', []),
        ("ceasefire OR gas", ["a", "b", "c"]),
        ("talks NOT ceasefire", ["c"]),
        ("talks -ceasefire", ["c"]),
        ("talks -(grain OR gas)", ["a"]),
        ("(grain OR gas) talks", ["b", "c"]),
        ("title:ceasefire", ["a"]),
        ("body:ceasefire", ["b"]),
        ('title:"grain exports"', ["b"]),
        ("source:reuters", ["a", "c"]),
        ("author:smith", ["a"]),
        ("tag:trade", ["b"]),
        ("language:it", ["d"]),
        ("language:IT", ["d"]),
        ('tag:"war"', ["a"]),
        ('source:"reuters" talks', ["a", "c"]),
        ("negot*", ["a"]),
        ("exp?rts", ["b"]),
        ("pricez~", ["c"]),
        ("talk~2", ["a", "b", "c"]),
        ("published:2025-03", ["b"]),
        ("published:2025", ["a", "b", "c"]),
        ("published:2025-01-15", ["a"]),
        ("published:[2025-01 TO 2025-03]", ["a", "b"]),
        ("published:[2025-03 TO]", ["b", "c"]),
        ("published:{2025-01 TO 2025-05}", ["b"]),  # braces leave their month out
        ("published:[2025-01 TO 2025-05}", ["a", "b"]),
        ("published:{2025-01 TO 2025-05]", ["b", "c"]),
        ("published:{2025-01-15 TO *}", ["b", "c"]),
        ("published:{* TO 2025-01-15}", ["d"]),
        ("published:{2024 TO 2026}", ["a", "b", "c"]),
        ("published:>2025-03", ["c"]),
        ("published:>=2025-03", ["b", "c"]),
        ("published:<2025-01-15", ["d"]),
        ("date:<=2025-01", ["a", "d"]),
        ("talks published:2025-03", ["b"]),
        # Lucene's symbol operators and match-all.
        ("ceasefire || gas", ["a", "b", "c"]),
        ("ceasefire && grain", ["b"]),
        ("talks !ceasefire", ["c"]),
        ("*", ["a", "b", "c", "d"]),
        (" *:* ", ["a", "b", "c", "d"]),
    ],
)
def test_query_form_finds_the_documented_stories(news, q, expected):
    assert ids(news, q) == expected


@pytest.mark.parametrize(
    "q, message",
    [
        ('"peace talks', "unclosed quote: the '\"' at character 1 has no partner"),
        ('talks "', "unclosed quote: the '\"' at character 7 has no partner"),
        ("(talks OR gas", "unclosed '(' at character 1"),
        ("talks)", "unmatched ')' at character 6"),
        ("talks ()", "empty parentheses at character 7"),
        ("talks OR", "'OR' at character 7 has nothing after it"),
        ("OR talks", "'OR' at character 1 has nothing before it"),
        ("talks AND OR gas", "'OR' at character 11 has nothing before it"),
        ("talks NOT", "'NOT' at character 7 has nothing after it"),
        ("(talks NOT) gas", "'NOT' at character 8 has nothing after it"),
        ("NOT", "'NOT' at character 1 has nothing after it"),
        ("|| talks", "'||' at character 1 has nothing before it"),
        ("talks &&", "'&&' at character 7 has nothing after it"),
        (
            "place:rome",
            "unknown field 'place' at character 1 (fields: title, body, source, author, tag, "
            "language, published); put the text in quotes to search for it as words",
        ),
        ("talks title:", "field 'title:' at character 7 has no value"),
        ("published:2025-13", "bad date '2025-13' at character 11: write YYYY, YYYY-MM or YYYY-MM-DD"),
        ("published:2025-00", "bad date '2025-00' at character 11: write YYYY, YYYY-MM or YYYY-MM-DD"),
        ("published:2025-04-00", "bad date '2025-04-00' at character 11: write YYYY, YYYY-MM or YYYY-MM-DD"),
        ("published:2025-02-30", "bad date '2025-02-30' at character 11: write YYYY, YYYY-MM or YYYY-MM-DD"),
        ("published:>april", "bad date 'april' at character 12: write YYYY, YYYY-MM or YYYY-MM-DD"),
        ("published:[2025-05 TO 2025-01]", "date range at character 11 ends before it starts"),
        (
            "published:[2025-01 2025-05]",
            "date range at character 11 must read [FROM TO UNTIL]; write YYYY, YYYY-MM or YYYY-MM-DD",
        ),
        ("published:[2025 TO 2026", "unclosed range: the '[' at character 11 has no ']' or '}'"),
        (
            "published:{2025-01 TO 2025-02}",
            "date range at character 11 holds no day once its excluded ends are left out",
        ),
        ("published:{9999 TO *}", "date '9999' at character 12 leaves nothing to compare with"),
        ("published:[2025 TO 2025-00]", "bad date '2025-00' at character 20: write YYYY, YYYY-MM or YYYY-MM-DD"),
        ("published:>", "'>' at character 11 has no date after it; write YYYY, YYYY-MM or YYYY-MM-DD"),
        (
            "published:(2025)",
            "field 'published:' at character 1 takes a date, not '('; write YYYY, YYYY-MM or YYYY-MM-DD",
        ),
        ("t*", "wildcard 't*' at character 1 needs at least two letters besides * and ?"),
        ("talk~3", "fuzzy distance ~3 in 'talk~3' at character 1 is too large (at most ~2)"),
    ],
)
def test_query_error_names_the_problem_and_where(q, message):
    with pytest.raises(QueryError) as error:
        check_query(q)
    assert str(error.value) == message


@pytest.mark.parametrize("q", ["the", "The Of", '"of the"', "title:the", "the OR of", "NOT the"])
def test_query_of_only_common_words_is_an_error_saying_so(news, q):
    with pytest.raises(QueryError, match="only common words"):
        news.search(SearchRequest(q=q))
    assert ids(news, q + " talks") == ids(news, "talks")


def test_query_too_many_words_is_an_error():
    with pytest.raises(QueryError, match=f"too many words: {MAX_WORDS + 1} \\(at most {MAX_WORDS}\\)"):
        check_query(" ".join(["talks"] * (MAX_WORDS + 1)))


def test_query_wildcard_with_too_many_expansions_is_an_error(make_index, open_index):
    words = " ".join(f"ab{n:04d}" for n in range(MAX_EXPANSIONS + 1))
    index = open_index(make_index([Article(id="x", title="many", body=words)]))
    assert ids(index, "ab000*") == ["x"]
    with pytest.raises(QueryError) as error:
        index.search(SearchRequest(q="ab*"))
    assert (
        str(error.value) == f"'ab*' matches more than {MAX_EXPANSIONS} words in body: make it longer or more specific"
    )


def test_query_long_query_that_finds_few_also_ranks_partial_matches_after_full_ones(news):
    page = news.search(SearchRequest(q="ceasefire talks istanbul exports"))
    # No story has all four words: a has three, b two, c one.
    assert [h.id for h in page.hits] == ["a", "b", "c"]


def test_query_long_query_keeps_all_words_matches_first(news):
    page = news.search(SearchRequest(q="ceasefire talks exports"))
    assert [h.id for h in page.hits] == ["b", "a", "c"]  # b has all three words


def test_query_long_query_partial_tier_leaves_out_filler_words(make_index, open_index):
    index = open_index(
        make_index(
            [
                Article(id="w", title="Reporters", body="Several reporters waited."),
                Article(id="x", title="Ships", body="Several grain ships left."),
                Article(id="y", title="Talks", body="Ceasefire talks began."),
            ]
        )
    )
    # No story has all three words; "several" is a filler word, so w (only "several") is not found.
    assert ids(index, "ceasefire grain several") == ["x", "y"]
    assert ids(index, "several reporters") == ["w"]  # a short query keeps every word


def test_query_long_query_partial_tier_ranks_words_side_by_side_higher(make_index, open_index):
    index = open_index(
        make_index(
            [
                Article(id="apart", title="Trade", body="Exports rose sharply; grain too."),
                Article(id="together", title="Trade", body="Grain exports rose sharply too."),
            ]
        )
    )
    # Both hold "grain" and "exports" once in bodies of one length; neither has "ukraine".
    page = index.search(SearchRequest(q="grain exports ukraine"))
    assert [h.id for h in page.hits] == ["together", "apart"]


def test_query_short_query_stays_strict(news):
    assert ids(news, "ceasefire exports") == ["b"]
    assert ids(news, "ceasefire gas") == []


def test_query_repeated_word_weighs_more():
    from searchsvc.store.schema import make_schema

    once, twice = parse_query("gas talks", make_schema()), parse_query("gas talks gas", make_schema())
    assert [q.boost for q in once.subqueries] == [1.0, 1.0]
    assert [q.boost for q in twice.subqueries] == [2.0, 1.0]


def test_query_apostrophe_is_not_a_quote(news):
    assert ids(news, "Istanbul's talks") == ["a"]


@pytest.mark.parametrize(
    "q, message",
    [
        ('"peace talks', "unclosed quote: the '\"' at character 1 has no partner"),
        ("ab*", "'ab*' matches more than 200 words in body: make it longer or more specific"),
    ],
)
def test_query_error_is_a_400_naming_the_problem(make_index, app_for, q, message):
    words = " ".join(f"ab{n:04d}" for n in range(MAX_EXPANSIONS + 1))
    client = app_for(make_index([Article(id="x", title="many", body=words)])).test_client()
    response = client.get("/api/search", query_string={"q": q})
    assert (response.status_code, response.get_json()["fields"]) == (400, {"q": [message]})


def test_query_many_fuzzy_words_together_are_too_expensive(make_index, open_index, monkeypatch):
    from searchsvc.query import expansion

    monkeypatch.setattr(expansion, "MAX_TOTAL_EXPANSIONS", 12)
    index = open_index(make_index([Article(id="a", title="Cars", body="cat cart card care cars carp")]))
    assert index.search(SearchRequest(q="card~")).total == 1
    with pytest.raises(QueryError, match="stand for more than 12 words in all"):
        index.search(SearchRequest(q="card~ cat~ care~ carp~"))


@pytest.mark.parametrize("q", ["published:>9999-12-31", "published:<0001-01-01"])
def test_query_date_comparison_at_the_calendar_edge_is_a_query_error(q):
    with pytest.raises(QueryError, match="leaves nothing to compare with"):
        check_query(q)


@pytest.mark.parametrize("q, position", [("NOT NOT Trump", 5), ("Trump NOT -Putin", 11)])
def test_query_double_negation_is_an_error_naming_where(q, position):
    with pytest.raises(QueryError, match=f"at character {position} follows another NOT"):
        check_query(q)


def test_query_angle_brackets_are_plain_text_not_an_internal_error():
    assert check_query("<3 trade").words >= 1
    assert str(parse_query("<script>alert</script>", make_schema()))


def test_query_typographic_quotes_make_a_phrase():
    assert check_query("“constructive dialogue”").text == check_query('"constructive dialogue"').text


def test_query_date_range_star_is_an_open_end():
    assert check_query("published:[2025-04 TO *]").text == check_query("published:[2025-04 TO ]").text


def test_query_exclusive_date_range_reads_as_the_matching_comparisons():
    assert check_query("published:{2025-01 TO 2025-04}").text == check_query("published:[2025-02 TO 2025-03]").text
    assert check_query("published:{2025-01 TO *]").text == check_query("published:>2025-01").text
    assert check_query("published:[* TO 2025-04}").text == check_query("published:<2025-04").text


MALFORMED = {
    "(talks": "unclosed '(' at character 1",
    "talks))": "unmatched ')' at character 6",
    'talks "peace': "unclosed quote: the '\"' at character 7 has no partner",
    "title:": "field 'title:' at character 1 has no value",
    "talks body: gas": "field 'body:' at character 7 has no value",
    "published:": "field 'published:' at character 1 has no date; write YYYY, YYYY-MM or YYYY-MM-DD",
    "published:[x TO y]": "bad date 'x' at character 12: write YYYY, YYYY-MM or YYYY-MM-DD",
    "published:[2025 TO y]": "bad date 'y' at character 20: write YYYY, YYYY-MM or YYYY-MM-DD",
    "published:[2025-01 TO 2025-04}": None,
    "published:<=": "'<=' at character 11 has no date after it; write YYYY, YYYY-MM or YYYY-MM-DD",
    "AND": "'AND' at character 1 has nothing before it",
    "talks AND": "'AND' at character 7 has nothing after it",
    "-": "the query has no words to search for, only punctuation or symbols",
    "NOT NOT talks": "'NOT' at character 5 follows another NOT: write it once",
    "ta0* ta1* ta2* ta3* ta4* ta5* ta6* ta7*": None,
}


def test_query_malformed_queries_are_400s_naming_what_and_where(make_index, app_for):
    words = " ".join(f"ta{n:03d}" for n in range(800))
    client = app_for(make_index([Article(id="x", title="many", body=words)])).test_client()
    answers = {}
    for q in MALFORMED:
        response = client.get("/api/search", query_string={"q": q})
        answers[q] = response.get_json()["fields"]["q"][0] if response.status_code == 400 else response.status_code
    expected = dict(MALFORMED)
    expected["published:[2025-01 TO 2025-04}"] = 200  # mixed brackets are a valid range
    # Each "taN*" stands for 100 index words: the seventh passes the limit for all of them together.
    expected["ta0* ta1* ta2* ta3* ta4* ta5* ta6* ta7*"] = (
        "the wildcard and fuzzy words up to 'ta6*' stand for more than 600 words in all: "
        "use fewer of them or make them more specific"
    )
    assert answers == expected


def documented_query_examples() -> list[str]:
    """The examples column of the query language table in docs/query-language.md."""
    from tests.helpers import read_doc

    section = read_doc("query-language.md").split("## Query language", 1)[1]
    table = section.split("| form | example | finds |", 1)[1].split("\n\n", 1)[0]
    examples = []
    for row in table.strip().splitlines()[1:]:
        cells = [c.strip() for c in re.split(r"(?<!\\)\|", row)]
        examples += [e.replace("\\|", "|") for e in re.findall(r"`([^`]+)`", cells[2])]
    return examples


def test_query_every_documented_example_runs(news):
    examples = documented_query_examples()
    assert len(examples) >= 25 and "Kyiv || Kharkiv" in examples
    for q in examples:
        news.search(SearchRequest(q=q))  # raises QueryError if the docs show a form we do not read


def test_query_parser_made_once_per_schema_parses_as_a_new_one():
    from whoosh import qparser

    from searchsvc.query.parser import make_parser, new_parser, weigh_repeats

    schema, other = make_schema(), make_schema()
    assert make_parser(schema) is make_parser(schema)
    assert make_parser(other) is not make_parser(schema)
    for text in [
        "gas talks",
        "gas talks gas",
        '"oil price" OR crude NOT opec',
        "title:grain prices~1",
        "kyiv kiev kyiv",
    ]:
        for group in (qparser.AndGroup, qparser.OrGroup):
            fresh = new_parser(schema, group).parse(text, normalize=False)
            assert make_parser(schema, group).parse(text, normalize=False) == fresh, text
            assert repr(weigh_repeats(fresh)) == repr(
                weigh_repeats(new_parser(schema, group).parse(text, normalize=False))
            )
