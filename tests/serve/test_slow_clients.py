"""A real `searchsvc serve` with slow clients: they hold no thread, time out, and others are answered."""

import json
import socket
import sys
import time

import pytest
import requests

from tests.helpers import free_port, start_server, stop_server

pytestmark = pytest.mark.slow

READ_TIMEOUT = 2
# Half a request line and one header, then nothing: what a slowloris client sends.
HALF_REQUEST = b"GET /api/search?q=oil HTTP/1.1\r\nHost: localhost\r\n"


@pytest.fixture
def one_worker(seed_index):
    """One worker (the worst case: nobody else to take over), short read timeout."""
    port = free_port()
    command = [sys.executable, "-m", "searchsvc", "serve", "--index", str(seed_index), "--port", str(port)]
    env = {"SEARCHSVC_WORKERS": "1", "SEARCHSVC_READ_TIMEOUT": str(READ_TIMEOUT), "SEARCHSVC_ACCESS_LOG": "0"}
    process, base = start_server(command, port, env=env)
    yield port, base
    stop_server(process)


def open_slow(port: int, count: int) -> list[socket.socket]:
    sockets = []
    for _ in range(count):
        sock = socket.create_connection(("127.0.0.1", port), timeout=30)
        sock.sendall(HALF_REQUEST)
        sockets.append(sock)
    return sockets


def test_slow_clients_held_open_do_not_stall_searches(one_worker):
    port, base = one_worker
    slow = open_slow(port, 100)
    try:
        for _ in range(5):
            started = time.monotonic()
            response = requests.get(base + "/api/search", params={"q": "Dmitriev"}, timeout=30)
            # gthread with 100 of these answered nothing at all; seconds of slack for a busy machine.
            assert (response.status_code, response.json()["total"] >= 4) == (200, True)
            assert time.monotonic() - started < 5
    finally:
        for sock in slow:
            sock.close()


def test_slow_clients_are_closed_after_the_read_timeout(one_worker):
    port, _ = one_worker
    [sock] = open_slow(port, 1)
    started = time.monotonic()
    assert sock.recv(1024) == b""  # closed by the server, nothing written
    assert READ_TIMEOUT - 0.5 < time.monotonic() - started < READ_TIMEOUT + 10
    sock.close()


def test_slow_clients_a_body_that_stops_gets_408_in_the_envelope(one_worker):
    port, _ = one_worker
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        sock.sendall(b'POST /api/search HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100\r\n\r\n{"q"')
        answer = b""
        # The server closes the connection after the answer (the rest of the body never comes).
        while chunk := sock.recv(4096):
            answer += chunk
    head, body = answer.split(b"\r\n\r\n", 1)
    assert head.startswith(b"HTTP/1.1 408 ")
    assert b"Content-Type: application/json" in head
    assert json.loads(body) == {
        "status": 408,
        "error": "Request Timeout",
        "message": f"the request body did not arrive within {READ_TIMEOUT} s",
        "fields": None,
    }
