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
