"""Shared fixtures: real temporary indexes, real servers."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
import requests

from searchsvc import create_app
from searchsvc.articles import Article
from searchsvc.generations import build_index
from searchsvc.ingest import parse_paths
from searchsvc.ingest.duplicates import merge_duplicates
from searchsvc.search import SearchIndex

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


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


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, process: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}: {server_output(process)}")
        try:
            requests.get(url, timeout=1)
            return
        except requests.RequestException:  # refused, or too busy to answer yet
            time.sleep(0.2)
    raise RuntimeError(f"server did not answer at {url}")


def start_server(command: list[str], port: int, env: dict | None = None):
    """Start a real server process; return (process, base URL) once it answers."""
    # Output goes to a file, not a pipe: a pipe nobody reads fills up with access-log
    # lines and blocks the server.
    log = tempfile.TemporaryFile(mode="w+")
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        stdout=log,
        stderr=subprocess.STDOUT,
        text=True,
    )
    process.log = log
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(base + "/api/health", process)
    except BaseException:
        process.kill()
        process.wait()
        process.log.close()
        raise
    return process, base


def stop_server(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    process.log.close()


def server_output(process: subprocess.Popen) -> str:
    """Return what a server started by start_server has printed so far."""
    process.log.seek(0)
    return process.log.read()


@pytest.fixture(scope="session")
def live_server(seed_index):
    """`searchsvc serve` on the seed index, on a free loopback port."""
    port = free_port()
    command = [sys.executable, "-m", "searchsvc", "serve", "--index", str(seed_index), "--port", str(port)]
    process, base = start_server(command, port)
    yield base
    stop_server(process)
