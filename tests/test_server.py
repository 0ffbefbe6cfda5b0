"""Real servers on loopback: `searchsvc serve` and the Dockerfile's gunicorn command."""

import sys
from pathlib import Path

import pytest
import requests

from conftest import free_port, start_server, stop_server
from test_docs import dockerfile_server_command

pytestmark = pytest.mark.slow


def test_server_serve_answers_search_and_page(live_server):
    body = requests.get(live_server + "/api/search", params={"q": "Dmitriev"}, timeout=10).json()
    assert body["total"] >= 4
    assert "<mark>Dmitriev</mark>" in body["hits"][0]["snippet"]
    page = requests.get(live_server + "/", params={"q": "Dmitriev"}, timeout=10)
    assert page.status_code == 200 and "<mark>Dmitriev</mark>" in page.text


def test_server_dockerfile_command_serves_when_run_locally(seed_index):
    command = dockerfile_server_command()
    port = free_port()
    command[command.index("--bind") + 1] = f"127.0.0.1:{port}"
    command[0] = str(Path(sys.executable).with_name("gunicorn"))
    process, base = start_server(command, port, env={"SEARCHSVC_INDEX": str(seed_index)})
    try:
        health = requests.get(base + "/api/health", timeout=10)
        assert health.status_code == 200 and health.json()["articles"] == 5
    finally:
        stop_server(process)
