"""The gunicorn worker: gevent reads and writes the connections, a thread pool runs the app.

gthread gave each connection one of a worker's few threads from its first byte on, so a
client that sent half a request line held that thread, and a handful such clients stalled
the service (slowloris). Here every connection is a greenlet on the worker's gevent hub:
a slow or idle client costs a socket and a few KiB, and gets READ_TIMEOUT seconds to send
its request line and headers (gunicorn's async workers bound each request read by their
timeout context) before it is closed. At most WORKER_CONNECTIONS are open per worker.

The app itself (Flask, the searcher: CPU-bound Python) never runs on the hub, where it
would stop every other connection until it finished: each complete request is handed to a
pool of real threads, with its body already read, and the greenlet waits for the answer.
Threading is left unpatched so those threads, their locks and the searcher's background
warm-up are real threads (gevent's pool uses native threads either way).
"""

from __future__ import annotations

import io
from typing import Any

import gevent
from gevent import monkey, socket
from gevent.threadpool import ThreadPool
from gunicorn.workers.ggevent import GeventWorker

from searchsvc.config import load_config
from searchsvc.web import SECURITY_HEADERS

from .errors import json_error_body

# No endpoint takes a body: anything larger is refused without reading it.
MAX_BODY_BYTES = 64 * 1024


class SearchWorker(GeventWorker):
    """gunicorn's gevent worker with the app run in a thread pool and a read timeout of our own."""

    # Set by gunicorn's Worker (untyped): the listening sockets and the loaded app.
    sockets: list[Any]
    wsgi: Any
    read_timeout: float

    def patch(self) -> None:
        # Everything gunicorn's gevent worker patches except threads (and the queues
        # threads use): the app's threads must be real ones.
        monkey.patch_all(thread=False, queue=False)
        # The inherited listening sockets become gevent sockets, as in GeventWorker.patch.
        self.sockets = [socket.socket(s.FAMILY, socket.SOCK_STREAM, fileno=s.sock.detach()) for s in self.sockets]

    def timeout_ctx(self):
        # Bounds reading each request line and its headers, and the wait for the next
        # request on a kept-alive connection; on expiry the connection is closed.
        return gevent.Timeout(self.read_timeout, False)

    def load_wsgi(self) -> None:
        config = load_config()
        self.read_timeout = config["READ_TIMEOUT"]
        super().load_wsgi()
        # Warm the searcher before the first connection is accepted (run() starts accepting),
        # telling the master meanwhile that this worker is alive. Another Flask app run with
        # these settings (the benchmarks' SQLite peer) has no searcher to warm.
        searcher = getattr(self.wsgi, "extensions", {}).get("searchsvc")
        if searcher is not None:
            searcher.start(on_progress=self.notify)
        self.wsgi = ThreadedApp(self.wsgi, ThreadPool(self.cfg.threads), self.read_timeout)


class ThreadedApp:
    """A WSGI app that reads the body on the hub, then runs the wrapped app in a real thread."""

    def __init__(self, app, pool: ThreadPool, read_timeout: float):
        self.app = app
        self.pool = pool
        self.read_timeout = read_timeout

    def __call__(self, environ: dict, start_response):
        try:
            body = read_body(environ, self.read_timeout)
        except BodyError as error:
            return error.respond(start_response)
        # The app's own view: its body in memory, and no gunicorn file wrapper, which would
        # stream a file from the pool thread through the hub's socket.
        inner = {**environ, "wsgi.input": io.BytesIO(body)}
        inner.pop("wsgi.file_wrapper", None)
        status, headers, chunks = self.pool.apply(call_app, (self.app, inner))
        start_response(status, headers)
        return chunks


def call_app(app, environ: dict) -> tuple[str, list, list[bytes]]:
    """Run a WSGI app to the end in this thread; return its status, headers and body."""
    response: dict[str, Any] = {}
    chunks: list[bytes] = []

    def start_response(status, headers, exc_info=None):
        response["status"], response["headers"] = status, headers
        return chunks.append

    result = app(environ, start_response)
    try:
        chunks.extend(result)
    finally:
        if hasattr(result, "close"):
            result.close()
    return response["status"], response["headers"], chunks


class BodyError(Exception):
    """A request body too large or too slow to arrive: answered in the JSON envelope.

    gunicorn then closes the connection: it cannot skip the unread rest of the body
    within the read timeout either.
    """

    def __init__(self, status: int, reason: str, message: str):
        super().__init__(message)
        self.status, self.reason, self.message = status, reason, message

    def respond(self, start_response) -> list[bytes]:
        body = json_error_body(self.status, self.reason, self.message)
        headers = [
            ("Content-Type", "application/json"),
            ("Content-Length", str(len(body))),
            *SECURITY_HEADERS.items(),
        ]
        start_response(f"{self.status} {self.reason}", headers)
        return [body]


def read_body(environ: dict, timeout: float) -> bytes:
    """Read the whole request body within `timeout` seconds (BodyError if too large or too slow)."""
    length = environ.get("CONTENT_LENGTH")
    chunked = "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower()
    if not chunked and (not length or length == "0"):
        return b""
    if length and length.isdigit() and int(length) > MAX_BODY_BYTES:
        raise BodyError(413, "Content Too Large", f"the request body is over {MAX_BODY_BYTES} bytes")
    with gevent.Timeout(timeout, False):
        body = environ["wsgi.input"].read(MAX_BODY_BYTES + 1)
        if len(body) > MAX_BODY_BYTES:
            raise BodyError(413, "Content Too Large", f"the request body is over {MAX_BODY_BYTES} bytes")
        return body
    raise BodyError(408, "Request Timeout", f"the request body did not arrive within {timeout:g} s")
