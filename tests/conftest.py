"""Shared fixtures: real temporary indexes, real servers."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from searchsvc.articles import Article
from searchsvc.ingest import parse_paths
from searchsvc.ingest.duplicates import merge_duplicates
from searchsvc.search.searcher import SearchIndex
from searchsvc.store.generations import build_index
from searchsvc.web import create_app
from tests.helpers import SEEDS, free_port, start_server, stop_server


@pytest.fixture(scope="session")
def seed_index(tmp_path_factory) -> Path:
    """An index built from seeds/ the way `searchsvc index` builds it."""
    index_dir = tmp_path_factory.mktemp("seed-index")
    build_index(merge_duplicates(parse_paths([SEEDS]).articles), index_dir)
    return index_dir


@pytest.fixture
def make_index(tmp_path):
    """Build an index from Articles given by the test; return its directory."""

    def make(articles: list[Article]) -> Path:
        index_dir = tmp_path / "index"
        build_index(articles, index_dir)
        return index_dir

    return make


@pytest.fixture
def seed_client(seed_index):
    app = create_app({"INDEX_DIR": str(seed_index), "TESTING": True})
    yield app.test_client()
    app.extensions["searchsvc"].close()


@pytest.fixture
def open_index():
    """Open SearchIndex objects on directories; close them after the test."""
    opened = []

    def open_(index_dir, **options):
        opened.append(SearchIndex(index_dir, **options))
        return opened[-1]

    yield open_
    for index in opened:
        index.close()


@pytest.fixture
def app_for(open_index):
    """Create apps on index directories; close their searchers after the test."""
    apps = []

    def create(index_dir):
        apps.append(create_app({"INDEX_DIR": str(index_dir), "TESTING": True}))
        return apps[-1]

    yield create
    for app in apps:
        app.extensions["searchsvc"].close()


@pytest.fixture(scope="session")
def live_server(seed_index):
    """`searchsvc serve` on the seed index, on a free loopback port."""
    port = free_port()
    command = [sys.executable, "-m", "searchsvc", "serve", "--index", str(seed_index), "--port", str(port)]
    process, base = start_server(command, port)
    yield base
    stop_server(process)


@pytest.fixture(scope="session")
def synthetic_index(tmp_path_factory) -> Path:
    """An index of tests.helpers.synthetic_articles, where long_query() is slow."""
    from tests.helpers import synthetic_articles

    index_dir = tmp_path_factory.mktemp("synthetic-index")
    build_index(synthetic_articles(), index_dir)
    return index_dir
