import json
import os
import socket

import pytest

from searchsvc.store.lock import LOCK_FILE, IndexLock, LockHeld


def test_lock_second_writer_is_refused_with_the_holder_named(tmp_path):
    with IndexLock(tmp_path, command="searchsvc index news/"):
        with pytest.raises(LockHeld) as refused:
            IndexLock(tmp_path, command="searchsvc index other/").acquire()
    holder = refused.value.holder
    assert (holder["pid"], holder["host"], holder["command"]) == (
        os.getpid(),
        socket.gethostname(),
        "searchsvc index news/",
    )
    assert (
        f"pid {os.getpid()} on {socket.gethostname()}, started {holder['started']}, "
        f"command: searchsvc index news/" in str(refused.value)
    )


def test_lock_released_cleanly_leaves_no_stale_record(tmp_path):
    with IndexLock(tmp_path):
        pass
    with IndexLock(tmp_path) as lock:
        assert lock.stale is None
    assert (tmp_path / LOCK_FILE).read_bytes() == b""


def test_lock_left_by_a_killed_writer_is_taken_over(tmp_path):
    # A killed writer's record stays in the file, but the kernel dropped its flock.
    dead = {"pid": 999999, "host": socket.gethostname(), "started": "2026-01-01T00:00:00+00:00", "command": "x"}
    (tmp_path / LOCK_FILE).write_text(json.dumps(dead))
    with IndexLock(tmp_path) as lock:
        assert lock.stale == dead
        assert json.loads((tmp_path / LOCK_FILE).read_text())["pid"] == os.getpid()
