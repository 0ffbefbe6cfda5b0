"""Plain words are read without Whoosh's parser into the very query its parser makes."""

import random
import re

from whoosh import qparser

from searchsvc.query.parser import finish, make_parser, plain_words
from searchsvc.store.schema import make_schema
from tests.helpers import ROOT

SCHEMA = make_schema()
# Words of several scripts and shapes: stop words, accents, digits, CJK, German compounds, operators.
MORE = (
    "the of and or AND OR NOT Zürich São Paulo Ελλάδα Москва 東京 株価 서울 经济 Straßenbahn Bundesregierung "
    "1987 2025 covid19 UK US co2 naïve café déjà vu ﬁnance Ⅻ x²"
).split()


def vocabulary() -> list[str]:
    words = set(MORE)
    for path in (ROOT / "seeds").iterdir():
        words |= set(re.findall(r"[^\W_]+", path.read_text(encoding="utf-8")))
    return sorted(words)


def whoosh_reads(text: str, group):
    return finish(make_parser(SCHEMA, group).parse(text, normalize=False))


def test_plain_words_give_the_query_whoosh_parser_gives():
    rng = random.Random(7)
    words = vocabulary()
    fast = 0
    for _ in range(1500):
        text = " ".join(rng.choice(words) for _word in range(rng.randint(1, 6)))
        for group in (qparser.AndGroup, qparser.OrGroup):
            built = plain_words(text, SCHEMA, group)
            if built is not None:
                fast += 1
                assert finish(built) == whoosh_reads(text, group), text
    # Most such queries take the quick way: the comparison is not vacuous.
    assert fast > 0.8 * 3000


def test_anything_but_plain_words_goes_to_whoosh_parser():
    for text in [
        '"oil prices"',
        "oil -gas",
        "title:oil",
        "oil*",
        "oil~",
        "oil OR gas",
        "(oil)",
        "oil  gas",
        "oil's",
        "U.S.",
    ]:
        assert plain_words(text, SCHEMA, qparser.AndGroup) is None, text
