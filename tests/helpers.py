"""Helpers the tests share: paths, dates, and real servers started and stopped."""

from __future__ import annotations

import os
import socket
import subprocess
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
DOCS = ROOT / "docs"


def read_doc(name: str) -> str:
    """Return a documentation page: README.md, ARCHITECTURE.md or a page of docs/."""
    path = ROOT / name if name in ("README.md", "ARCHITECTURE.md") else DOCS / name
    return path.read_text(encoding="utf-8")


def doc_section(name: str, heading: str) -> str:
    """Return one `## heading` section of a documentation page, up to the next `## `."""
    return read_doc(name).split(f"## {heading}\n", 1)[1].split("\n## ", 1)[0]


def documentation(readme: bool = True) -> str:
    """Return README.md (unless readme=False) and every page under docs/."""
    pages = [ROOT / "README.md"] * readme + sorted((ROOT / "docs").glob("*.md"))
    return "\n\n".join(page.read_text(encoding="utf-8") for page in pages)


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


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


def wait_for_generation(base: str, name: str, seconds: float = 10.0) -> None:
    """Return once ten health checks in a row report `name` (every worker switched)."""
    deadline, streak = time.monotonic() + seconds, 0
    while time.monotonic() < deadline and streak < 10:
        streak = streak + 1 if requests.get(base + "/api/health", timeout=10).json()["generation"] == name else 0
    assert streak == 10, f"still not serving {name} after {seconds} s"


def search_continuously(base: str, words: tuple[str, ...], stop, failures: list, answered: list) -> None:
    """Search `base` for each word in turn until `stop` is set; note failures and the generations answering."""
    while not stop.is_set():
        for q in words:
            try:
                response = requests.get(base + "/api/search", params={"q": q}, timeout=10)
                answered.append(response.json()["generation"])
                if response.status_code != 200:
                    failures.append((q, response.status_code, response.text))
            except (requests.RequestException, ValueError) as error:
                failures.append((q, repr(error)))


# A made-up corpus on which a long query costs a few hundred ms (1,000 stories of 50 words
# from 300): a stand-in for a runaway search that the tests can afford.
SYNTHETIC_WORDS = [f"w{i:04d}" for i in range(2000)]


def synthetic_articles(count: int = 1000):
    """Return `count` Articles of words drawn from SYNTHETIC_WORDS (the same every run)."""
    import random

    from searchsvc.articles import Article

    rng = random.Random(7)
    return [
        Article(
            id=f"s{i}",
            title=" ".join(rng.choices(SYNTHETIC_WORDS, k=6)),
            body=" ".join(rng.choices(SYNTHETIC_WORDS[:300], k=50)),
        )
        for i in range(count)
    ]


def long_query(variant: int = 0) -> str:
    """Return an 80-word query over the synthetic corpus, under the 500-character limit (one per variant)."""
    return " ".join(SYNTHETIC_WORDS[(i * 3 + variant) % 300] for i in range(80))
