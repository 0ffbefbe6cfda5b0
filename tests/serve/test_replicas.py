"""Read replicas: a second server on a copy of the index made with rsync, CURRENT copied last (docs/replicas.md)."""

import os
import shutil
import subprocess
import sys
import threading
import time

import pytest
import requests

from searchsvc.store.generations import CURRENT_FILE, current_generation
from tests.helpers import ROOT, free_port, search_continuously, start_server, stop_server, wait_for_generation
from tests.store.reindex_helpers import run_indexer, two_corpora, write_story

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("rsync") is None, reason="rsync missing: `make test` installs it"),
]

SYNC = ROOT / "scripts" / "sync-replica"


def sync(primary, replica, *rsync_options) -> subprocess.CompletedProcess:
    return subprocess.run([SYNC, primary, replica, *rsync_options], capture_output=True, text=True)


def serve(index_dir):
    port = free_port()
    command = [sys.executable, "-m", "searchsvc", "serve", "--index", str(index_dir), "--port", str(port)]
    return start_server(command, port, env={"SEARCHSVC_REFRESH_INTERVAL": "0.5", "SEARCHSVC_WORKERS": "2"})


def shared_files(index_dir, older, newer) -> list[str]:
    """Return the files of generation `newer` that are the same file (inode) as in `older`."""
    return sorted(
        path.name
        for path in (index_dir / newer).iterdir()
        if (index_dir / older / path.name).exists()
        and path.stat().st_ino == (index_dir / older / path.name).stat().st_ino
    )


def ids(base, q):
    body = requests.get(base + "/api/search", params={"q": q, "per_page": 50}, timeout=10).json()
    return body["generation"], sorted(hit["id"] for hit in body["hits"])


def test_replicas_switch_to_a_synced_generation_without_a_failed_request(tmp_path):
    old, new = two_corpora(tmp_path, 4)
    primary, replica = tmp_path / "primary", tmp_path / "replica"
    first = run_indexer(old, "--index", primary)
    assert sync(primary, replica).stdout == first + "\n"
    primary_server, primary_base = serve(primary)
    replica_server, replica_base = serve(replica)
    failures, answered, stop = [], [], threading.Event()

    client = threading.Thread(
        target=search_continuously, args=(replica_base, ("alpha", "zulu"), stop, failures, answered)
    )
    client.start()
    try:
        second = run_indexer(old, new, "--index", primary)
        wait_for_generation(primary_base, second)
        time.sleep(1.0)  # the replica, not synced yet, still serves the first generation
        assert ids(replica_base, "zulu") == (first, [])
        # A slow copy (about 2 s), so that searches run while the generation is half copied.
        size = sum(path.stat().st_size for path in (primary / second).iterdir())
        copied = sync(primary, replica, f"--bwlimit={max(1, size // 2048)}")
        assert copied.returncode == 0, copied.stderr
        wait_for_generation(replica_base, second)
        assert answers_alike(replica_base, primary_base, "zulu")
        assert len(ids(replica_base, "zulu")[1]) == 4
        # An incremental run: the new generation shares unchanged segment files with the last one.
        write_story(new, "zulu9.txt", "Zulu harbour story 9", "zulu")
        third = run_indexer(old, new, "--index", primary, "--incremental")
        assert sync(primary, replica).returncode == 0
        wait_for_generation(replica_base, third)
        assert answers_alike(replica_base, primary_base, "zulu")
        time.sleep(0.5)
    finally:
        stop.set()
        client.join()
        stop_server(replica_server)
        stop_server(primary_server)
    assert failures == []
    assert set(answered) == {first, second, third}
    # The first generation is pruned; the one live before the current stays, as on the primary.
    assert sorted(path.name for path in replica.iterdir()) == sorted([CURRENT_FILE, second, third])
    # Files the incremental run shared with the last generation are hard links on the replica too, not copies.
    assert shared_files(replica, second, third) == shared_files(primary, second, third) != []


def test_replicas_interrupted_copy_leaves_the_replica_on_its_generation_and_the_next_run_finishes(tmp_path):
    old, new = two_corpora(tmp_path, 4)
    primary, replica = tmp_path / "primary", tmp_path / "replica"
    first = run_indexer(old, "--index", primary)
    assert sync(primary, replica).returncode == 0
    second = run_indexer(old, new, "--index", primary)
    size = sum(path.stat().st_size for path in (primary / second).iterdir())
    # About 20 s at this rate: stopped well before the end.
    copying = subprocess.Popen(
        [SYNC, primary, replica, f"--bwlimit={max(1, size // 20480)}"], start_new_session=True, text=True
    )
    deadline = time.monotonic() + 10
    while not any((replica / second).glob("*")) and time.monotonic() < deadline:
        time.sleep(0.05)
    os.killpg(copying.pid, 9)
    copying.wait()
    assert (replica / second).is_dir()
    assert current_generation(replica).name == first
    finished = sync(primary, replica)
    assert (finished.returncode, finished.stdout) == (0, second + "\n")
    assert current_generation(replica).name == second
    assert sorted(p.name for p in (replica / second).iterdir()) == sorted(p.name for p in (primary / second).iterdir())


def test_replicas_generation_gone_from_the_primary_is_never_made_live(tmp_path):
    """The primary pruned the generation its CURRENT named before the copy reached it."""
    old, _ = two_corpora(tmp_path, 4)
    primary, replica = tmp_path / "primary", tmp_path / "replica"
    first = run_indexer(old, "--index", primary)
    assert sync(primary, replica).returncode == 0
    (primary / CURRENT_FILE).write_text("gen-000009")
    failed = sync(primary, replica)
    assert failed.returncode != 0
    assert (replica / CURRENT_FILE).read_text().strip() == first
    assert not (replica / "gen-000009" / "meta.json").exists()


def answers_alike(replica: str, primary: str, q: str, seconds: float = 10.0) -> bool:
    """Whether the replica comes to answer as the primary does within `seconds`.

    Health checks can all land on one worker of a busy machine while another
    still finishes its switch; every search must still succeed meanwhile.
    """
    deadline = time.monotonic() + seconds
    while ids(replica, q) != ids(primary, q):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True
