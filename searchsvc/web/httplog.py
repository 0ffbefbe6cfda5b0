"""Request ids and the access log: one line per request on stderr.

A line reads
`2026-11-22T05:40:01Z 127.0.0.1 "GET /api/search?q=oil HTTP/1.1" 200 5321 3.4ms rid=6f1c...`
(time in UTC, client, request line, status, body bytes, latency, request id).
The request id comes from a sane incoming X-Request-ID (so a proxy's id follows
the request through) or is generated, and is returned in X-Request-ID.
"""

from __future__ import annotations

import logging
import re
import sys
import time
import uuid

from flask import Flask, g, request

REQUEST_ID_HEADER = "X-Request-ID"
# Ids are echoed into headers and logs: accept only short, plain tokens.
SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._:@+=-]{1,128}")

access_log = logging.getLogger("searchsvc.access")


class StderrHandler(logging.StreamHandler):
    """Write to whatever sys.stderr is at the time of each record."""

    def __init__(self):
        super().__init__(sys.stderr)

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, value):
        pass


def request_id_from(header: str | None) -> str:
    """Return the incoming request id when it is sane, else a new one."""
    if header and SANE_REQUEST_ID.fullmatch(header):
        return header
    return uuid.uuid4().hex


def format_access_line(
    when: float,
    remote: str | None,
    request_line: str,
    status: int,
    size: int | None,
    latency_ms: float,
    request_id: str,
) -> str:
    """Return one access-log line."""
    stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(when))
    return (
        f'{stamp} {remote or "-"} "{request_line}" {status} {"-" if size is None else size} '
        f"{latency_ms:.1f}ms rid={request_id}"
    )


def init_app(app: Flask) -> None:
    """Give every request an id and, unless ACCESS_LOG is off, log one line for it."""
    if app.config["ACCESS_LOG"] and not access_log.handlers:
        handler = StderrHandler()
        handler.setFormatter(logging.Formatter("%(message)s"))
        access_log.addHandler(handler)
        access_log.setLevel(logging.INFO)
        access_log.propagate = False

    @app.before_request
    def start_request():
        g.request_started = time.perf_counter()
        g.request_id = request_id_from(request.headers.get(REQUEST_ID_HEADER))

    @app.after_request
    def finish_request(response):
        request_id = g.get("request_id") or request_id_from(None)
        response.headers[REQUEST_ID_HEADER] = request_id
        if app.config["ACCESS_LOG"]:
            started = g.get("request_started", time.perf_counter())
            environ = request.environ
            # RAW_URI is what the client sent (gunicorn); the rebuilt path is for other servers.
            uri = environ.get("RAW_URI") or environ.get("REQUEST_URI") or request.full_path.rstrip("?")
            access_log.info(
                format_access_line(
                    time.time(),
                    request.remote_addr,
                    f"{request.method} {uri} {environ.get('SERVER_PROTOCOL', '-')}",
                    response.status_code,
                    response.calculate_content_length(),
                    (time.perf_counter() - started) * 1000,
                    request_id,
                )
            )
        return response
