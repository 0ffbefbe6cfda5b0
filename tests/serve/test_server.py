"""Real servers on loopback: `searchsvc serve`, and the Docker image's entrypoint and command run directly."""

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from tests.helpers import ROOT, free_port, start_server, stop_server, wait_for
from tests.test_docs import dockerfile_instruction, dockerfile_server_command

pytestmark = pytest.mark.slow

# Where `pip install` puts python, gunicorn and searchsvc; the image has them on PATH too.
LOCAL_BIN = str(Path(sys.executable).parent)
IMAGE_LIKE_ENV = {"PATH": LOCAL_BIN + os.pathsep + os.environ["PATH"], "PYTHONPATH": str(ROOT)}
ACCESS_LINE = re.compile(
    r'(?P<time>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ) (?P<client>\S+) "(?P<request>[^"]*)" (?P<status>\d{3}) '
    r"(?P<bytes>\d+|-) (?P<ms>\d+\.\d)ms rid=(?P<rid>\S+)"
)


def test_server_serve_answers_search_and_page(live_server):
    body = requests.get(live_server + "/api/search", params={"q": "Dmitriev"}, timeout=10).json()
    assert body["total"] >= 4
    assert "<mark>Dmitriev</mark>" in body["hits"][0]["snippet"]
    page = requests.get(live_server + "/", params={"q": "Dmitriev"}, timeout=10)
    assert page.status_code == 200 and "<mark>Dmitriev</mark>" in page.text


def test_server_errors_gunicorn_answers_itself_use_the_json_envelope(live_server):
    """A request line over the limit never reaches the app; it still gets the API's error body."""
    too_long = requests.get(live_server + "/api/search", params={"q": "x" * 9000}, timeout=10)
    assert too_long.status_code == 414
    assert too_long.headers["Content-Type"] == "application/json"
    body = too_long.json()
    assert (body["status"], body["error"], body["fields"]) == (414, "URI Too Long", None)
    assert "8190" in body["message"]
    bad_header = requests.get(live_server + "/api/health", headers={"X-Big": "y" * 9000}, timeout=10)
    assert bad_header.status_code in (400, 431) and bad_header.json()["status"] == bad_header.status_code
    # The server keeps serving after both.
    assert requests.get(live_server + "/api/health", timeout=10).json()["status"] == "ok"


def test_server_serve_on_host_and_port_logs_one_line_per_request(seed_index, tmp_path):
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "searchsvc",
        "serve",
        "--index",
        str(seed_index),
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        "1",
        "--threads",
        "2",
    ]
    stderr_path = tmp_path / "stderr.log"
    with open(stderr_path, "w") as stderr:
        process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=stderr)
        try:
            base = f"http://127.0.0.1:{port}"
            wait_for(base + "/api/health", process)
            given = requests.get(base + "/api/search?q=Dmitriev", headers={"X-Request-ID": "client-42"}, timeout=10)
            generated = requests.get(base + "/api/articles/nope", timeout=10)
        finally:
            process.terminate()
            process.wait(timeout=15)
    assert given.headers["X-Request-ID"] == "client-42"
    assert re.fullmatch(r"[0-9a-f]{32}", generated.headers["X-Request-ID"])
    lines = [m.groupdict() for m in map(ACCESS_LINE.fullmatch, stderr_path.read_text().splitlines()) if m]
    mine = [line for line in lines if "/api/health" not in line["request"]]
    assert [(line["request"], line["status"], line["client"], line["rid"]) for line in mine] == [
        ("GET /api/search?q=Dmitriev HTTP/1.1", "200", "127.0.0.1", "client-42"),
        ("GET /api/articles/nope HTTP/1.1", "404", "127.0.0.1", generated.headers["X-Request-ID"]),
    ]
    assert mine[0]["bytes"] == given.headers["Content-Length"]
    assert all(float(line["ms"]) >= 0 for line in mine)


def test_server_dockerfile_entrypoint_and_command_build_seeds_and_serve(tmp_path):
    index_dir = tmp_path / "srv-index"
    command = dockerfile_server_command()
    port = free_port()
    command[command.index("--bind") + 1] = f"127.0.0.1:{port}"
    entrypoint = [str(ROOT / dockerfile_instruction("ENTRYPOINT")[0])]
    process, base = start_server(entrypoint + command, port, env={**IMAGE_LIKE_ENV, "SEARCHSVC_INDEX": str(index_dir)})
    try:
        health = requests.get(base + "/api/health", timeout=10)
        assert health.status_code == 200 and health.json()["articles"] == 5
        assert health.headers["Cache-Control"] == "no-store"
    finally:
        stop_server(process)
    assert (index_dir / "CURRENT").read_text() == "gen-000001"


def test_server_entrypoint_keeps_an_existing_index(seed_index):
    before = sorted(p.name for p in seed_index.iterdir())
    result = subprocess.run(
        [str(ROOT / "docker-entrypoint.sh"), "python", "-c", "print('command ran')"],
        cwd=ROOT,
        env={**os.environ, **IMAGE_LIKE_ENV, "SEARCHSVC_INDEX": str(seed_index)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (result.returncode, result.stdout, result.stderr) == (0, "command ran\n", "")
    assert sorted(p.name for p in seed_index.iterdir()) == before


def worker_pids(master: int) -> set[int]:
    return set(map(int, Path(f"/proc/{master}/task/{master}/children").read_text().split()))


def wait_for_workers(master: int, count: int, other_than: set[int] = frozenset()) -> set[int]:
    """Wait until the master runs `count` workers, none of them in `other_than`; return their pids."""
    deadline = time.monotonic() + 60  # generous: a loaded machine, workers warming
    while time.monotonic() < deadline:
        pids = worker_pids(master)
        if len(pids) == count and not pids & other_than:
            return pids
        time.sleep(0.2)
    raise AssertionError(f"workers now {worker_pids(master)}, wanted {count} other than {other_than}")


def test_server_hup_replaces_the_workers_and_keeps_serving(seed_index):
    command = dockerfile_server_command()
    port = free_port()
    command[command.index("--bind") + 1] = f"127.0.0.1:{port}"
    env = {**IMAGE_LIKE_ENV, "SEARCHSVC_INDEX": str(seed_index), "SEARCHSVC_WORKERS": "2"}
    process, base = start_server(command, port, env=env)
    try:
        before = wait_for_workers(process.pid, 2)
        process.send_signal(signal.SIGHUP)
        wait_for_workers(process.pid, 2, other_than=before)
        assert requests.get(base + "/api/health", timeout=10).status_code == 200
    finally:
        stop_server(process)
