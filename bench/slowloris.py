"""Slow clients for the load bench: connections that send half a request and then nothing.

Each connection sends half a request line and one header (`GET /api/search?q=oil HTTP/1.1`,
`Host: ...`) and then waits; when the server closes one (its read timeout), another is
opened at once, so `count` are held open all the time, as a slowloris client does.
"""

from __future__ import annotations

import selectors
import socket
import threading
import time

HALF_REQUEST = b"GET /api/search?q=oil HTTP/1.1\r\nHost: localhost\r\n"


class SlowClients(threading.Thread):
    """Hold `count` half-sent requests open against host:port until stopped."""

    def __init__(self, host: str, port: int, count: int):
        super().__init__(daemon=True)
        self.host, self.port, self.count = host, port, count
        self.opened = self.closed_by_server = self.failed_to_open = 0
        self.answered = 0  # connections the server wrote something to (it should write nothing)
        self._stop_event = threading.Event()
        self._selector = selectors.DefaultSelector()

    def _open(self) -> None:
        try:
            sock = socket.create_connection((self.host, self.port), timeout=5)
            sock.sendall(HALF_REQUEST)
        except OSError:
            self.failed_to_open += 1
            return
        sock.setblocking(False)
        self._selector.register(sock, selectors.EVENT_READ)
        self.opened += 1

    def run(self) -> None:
        for _ in range(self.count):
            self._open()
        while not self._stop_event.is_set():
            for key, _ in self._selector.select(timeout=0.2):
                sock = key.fileobj
                try:
                    data = sock.recv(4096)
                except OSError:
                    data = b""
                if data:
                    self.answered += 1
                self._selector.unregister(sock)
                sock.close()
                self.closed_by_server += 1
                self._open()
            missing = self.count - len(self._selector.get_map())
            for _ in range(missing):  # connections that could not be opened: try again
                self._open()
            if missing:
                time.sleep(0.05)

    def held(self) -> int:
        return len(self._selector.get_map())

    def stop(self) -> dict:
        """Stop, close every connection, and return what happened."""
        self._stop_event.set()
        self.join(timeout=5)
        for key in list(self._selector.get_map().values()):
            key.fileobj.close()
        return {
            "slow_connections": self.count,
            "opened": self.opened,
            "closed_by_server": self.closed_by_server,
            "answered": self.answered,
            "failed_to_open": self.failed_to_open,
        }
