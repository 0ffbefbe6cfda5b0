"""Errors gunicorn answers itself, before the app sees the request, in the API's JSON envelope.

A request line over `limit_request_line`, oversized headers or a malformed request never
reach Flask; gunicorn writes a small HTML page for them. Clients of /api parse every error
as {"status", "error", "message", "fields"}, so these get that body too.
"""

from __future__ import annotations

import json

from gunicorn import util

from searchsvc.web import SECURITY_HEADERS


def json_error_body(status: int, reason: str, message: str) -> bytes:
    """Return the API's error envelope as bytes."""
    return json.dumps({"status": status, "error": reason, "message": message, "fields": None}).encode()


def write_json_error(sock, status_int: int, reason: str, mesg: str) -> None:
    """Stand-in for gunicorn.util.write_error with the same signature: the envelope, then close."""
    body = json_error_body(status_int, reason, mesg or reason)
    head = [
        f"HTTP/1.1 {status_int} {reason}",
        "Connection: close",
        "Content-Type: application/json",
        f"Content-Length: {len(body)}",
        *(f"{name}: {value}" for name, value in SECURITY_HEADERS.items()),
    ]
    util.write_nonblock(sock, ("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + body)


def use_json_errors(server) -> None:
    """gunicorn's on_starting hook: runs in the master, so every forked worker writes JSON errors."""
    util.write_error = write_json_error
