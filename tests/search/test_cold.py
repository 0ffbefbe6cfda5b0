"""A searcher's first answer to a query equals its later ones: what is read cold is what is kept warm."""

import dataclasses
from datetime import date

import pytest

from searchsvc.articles import Article
from searchsvc.search.results import SearchRequest
from searchsvc.store.generations import build_index
from tests.helpers import utc

WORDS = ["grain", "prices", "rose", "exports", "wheat", "stock", "exchange", "harvest", "kharkiv", "talks"]

REQUESTS = [
    SearchRequest(q="grain"),
    SearchRequest(q="grain prices"),
    SearchRequest(q='"stock exchange"'),
    SearchRequest(q='"grain prices rose"'),
    SearchRequest(q="wheat OR harvest -talks"),
    SearchRequest(q="title:exports"),
    SearchRequest(q="harvst"),  # misspelt: a suggestion
    SearchRequest(q="kharkov talks"),
    SearchRequest(q="grain exports wheat harvest stock"),  # long: partial matches too
    SearchRequest(q="prices", date_from=date(2024, 2, 1), date_to=date(2024, 3, 31)),
    SearchRequest(q="exchange", tag=("markets",), sort="newest"),
    SearchRequest(q="rose", page=2, per_page=5),
]


@pytest.fixture(params=[1, 2], ids=["one segment", "two segments"])
def index_dir(request, tmp_path):
    # 400 stories: words in many posting blocks (128 postings each), with varied frequencies.
    stories = []
    for n in range(400):
        words = [WORDS[(n * k) % len(WORDS)] for k in range(1, 2 + n % 7)]
        body = f"{' '.join(words)}. The stock exchange said grain prices rose {n % 5} times. " + " ".join(words[::-1])
        stories.append(
            Article(
                id=str(n),
                title=" ".join(words[:2]).title(),
                body=body,
                published=utc(2024, 1 + n % 6, 1 + n % 27),
                tags=("markets",) if n % 3 else ("farms",),
            )
        )
    build_index(stories, tmp_path / "index", procs=request.param)
    return tmp_path / "index"


def pages(index, requests):
    return [dataclasses.replace(index.search(request), took_ms=0) for request in requests]


def test_search_cold_pages_equal_warm_pages(index_dir, open_index):
    cold = open_index(index_dir)
    first = pages(cold, REQUESTS)
    assert first == pages(cold, REQUESTS)  # warm: the same searcher, everything kept
    assert first == pages(cold, REQUESTS[::-1])[::-1]
    # Another searcher, asked in the other order, reads each query cold after different ones.
    assert pages(open_index(index_dir), REQUESTS[::-1])[::-1] == first
    assert first[6].suggestion is not None and first[2].total > 0 and first[3].total > 0
