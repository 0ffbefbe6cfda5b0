"""The single-writer lock of an index directory.

`fcntl.flock` on `index_dir/LOCK` is the lock itself: the kernel releases it
when the holder exits or is killed, so a lock can never outlive its process.
The file also holds a JSON record of the holder (pid, host, start time,
command) so that a second writer can say who is in the way, and so that the
next writer can tell a killed run left it behind.
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
import socket
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

LOCK_FILE = "LOCK"


class LockHeld(Exception):
    """Another process is writing this index directory."""

    def __init__(self, index_dir: str | Path, holder: dict):
        self.holder = holder
        who = describe_holder(holder)
        super().__init__(f"another indexer is writing {str(index_dir)!r}: {who}")


def describe_holder(holder: dict) -> str:
    """Return a one-line account of a holder record."""
    if not holder:
        return "holder unknown (it is still starting)"
    return (
        f"pid {holder.get('pid')} on {holder.get('host')}, started {holder.get('started')}, "
        f"command: {holder.get('command')}"
    )


class IndexLock:
    """Hold the write lock of an index directory for the duration of a `with` block.

    `stale` is the record a killed writer left behind (None after a clean exit),
    so callers can report that they took its place.
    """

    def __init__(self, index_dir: str | Path, command: str | None = None):
        self.path = Path(index_dir) / LOCK_FILE
        self.command = command or " ".join(sys.argv)
        self.stale: dict | None = None
        self._fd: int | None = None

    def acquire(self) -> IndexLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as error:
            os.close(fd)
            if error.errno not in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                raise
            raise LockHeld(self.path.parent, read_holder(self.path)) from None
        # We hold the lock, so whatever record is there belongs to a writer that died.
        self.stale = parse_record(os.pread(fd, 65536, 0))
        record = {
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "started": datetime.now(UTC).isoformat(timespec="seconds"),
            "command": self.command,
        }
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps(record).encode(), 0)
        os.fsync(fd)
        self._fd = fd
        return self

    def release(self) -> None:
        if self._fd is None:
            return
        # An empty record means "released cleanly"; a killed writer leaves its record.
        os.ftruncate(self._fd, 0)
        os.close(self._fd)  # closing drops the flock
        self._fd = None

    def __enter__(self) -> IndexLock:
        return self.acquire()

    def __exit__(self, *exc) -> None:
        self.release()


def parse_record(data: bytes) -> dict | None:
    try:
        record = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    return record if isinstance(record, dict) else None


def read_holder(path: Path, attempts: int = 20) -> dict:
    """Return the holder record, waiting briefly if the holder is still writing it."""
    for _ in range(attempts):
        try:
            record = parse_record(path.read_bytes())
        except OSError:
            record = None
        if record:
            return record
        time.sleep(0.025)
    return {}
