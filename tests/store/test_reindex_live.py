"""Reindexing against real processes: killed indexers and a live server."""

import json
import os
import select
import signal
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
import requests

from searchsvc.store import current_generation
from searchsvc.store.generations import CURRENT_FILE
from searchsvc.store.lock import LOCK_FILE
from searchsvc.store.reindexing import PAUSE_ENV, reindex
from tests.helpers import ROOT, free_port, search_continuously, start_server, stop_server, wait_for_generation
from tests.store.reindex_helpers import article_ids, prose, run_indexer, search_ids, two_corpora, write_story
from tests.store.test_incremental_merge import assert_same_as_full, corpus

pytestmark = pytest.mark.slow


def start_indexer(*args, env=None):
    return subprocess.Popen(
        [sys.executable, "-m", "searchsvc", "index", *map(str, args)],
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_for_line(process, expected, seconds=30.0):
    """Read the process's stderr until a line equals `expected`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        ready, _, _ = select.select([process.stderr], [], [], deadline - time.monotonic())
        if ready:
            line = process.stderr.readline()
            if line.strip() == expected:
                return
            if not line:
                break
    raise AssertionError(f"never saw {expected!r}; exit code {process.poll()}")


def kill(process):
    process.send_signal(signal.SIGKILL)
    process.wait()
    for stream in (process.stdout, process.stderr):
        if stream:
            stream.close()


def serve(ix, refresh: str):
    """Start a real server on `ix` that looks for a new generation every `refresh` seconds."""
    port = free_port()
    command = [sys.executable, "-m", "searchsvc", "serve", "--index", str(ix), "--port", str(port)]
    return start_server(command, port, env={"SEARCHSVC_REFRESH_INTERVAL": refresh})


@contextmanager
def searching(server, target, args, stop):
    """Run `target(*args)` in a thread until the block ends, then stop it and the server."""
    worker = threading.Thread(target=target, args=args)
    worker.start()
    try:
        yield
    finally:
        stop.set()
        worker.join()
        stop_server(server)


@pytest.mark.parametrize("point", ["0.1s", "parse", "write", "commit", "swap"])
def test_reindex_killed_indexer_leaves_the_live_index_and_the_next_run_succeeds(tmp_path, point):
    old, new = two_corpora(tmp_path)
    ix = tmp_path / "ix"
    live = reindex([old], ix).generation
    alpha_ids = sorted(i for p in sorted(old.iterdir()) for i in article_ids(p))

    process = start_indexer(new, "--index", ix, env={PAUSE_ENV: point})
    if point == "0.1s":
        time.sleep(0.1)
    else:
        wait_for_line(process, f"paused at {point}")
    kill(process)

    assert (ix / CURRENT_FILE).read_text() == live
    assert (search_ids(ix, "alpha"), search_ids(ix, "zulu")) == (alpha_ids, [])
    if point != "0.1s":
        assert json.loads((ix / LOCK_FILE).read_text())["pid"] == process.pid

    rerun = subprocess.run(
        [sys.executable, "-m", "searchsvc", "index", str(new), "--index", str(ix)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert rerun.returncode == 0, rerun.stderr
    if point != "0.1s":
        assert f"took over the lock left by a run that died: pid {process.pid} " in rerun.stderr
        assert f"command: searchsvc index {new} --index {ix}\n" in rerun.stderr
    current = (ix / CURRENT_FILE).read_text()
    assert sorted(p.name for p in ix.iterdir()) == sorted([CURRENT_FILE, LOCK_FILE, live, current])
    assert (search_ids(ix, "alpha"), len(search_ids(ix, "zulu"))) == ([], 3)


def test_reindex_live_server_swaps_generations_without_a_failed_request(tmp_path):
    old, new = two_corpora(tmp_path)
    ix = tmp_path / "ix"
    first = reindex([old], ix).generation
    server, base = serve(ix, refresh="0.5")
    failures, answered, stop = [], [], threading.Event()

    with searching(server, search_continuously, (base, ("alpha", "zulu"), stop, failures, answered), stop):
        second = run_indexer(old, new, "--index", ix)
        wait_for_generation(base, second, 5.0)
        zulu = requests.get(base + "/api/search", params={"q": "zulu"}, timeout=10).json()
        assert zulu["total"] == 3
        # A third generation deletes the first, which a worker may still hold open.
        third = run_indexer(new, "--index", ix)
        wait_for_generation(base, third, 5.0)
        time.sleep(0.5)
    assert failures == []
    assert {first, second, third} <= set(answered)


def search_word_continuously(base: str, stop, failures: list, answers: list) -> None:
    """Search for "hovercraft" until `stop` is set; note failures and each answer's (generation, total)."""
    while not stop.is_set():
        try:
            response = requests.get(base + "/api/search", params={"q": "hovercraft"}, timeout=10)
            answer = response.json()
            answers.append((answer["generation"], answer["total"]))
            if response.status_code != 200:
                failures.append((response.status_code, response.text))
        except (requests.RequestException, ValueError, KeyError) as error:
            failures.append(repr(error))


def test_reindex_live_server_across_an_incremental_run_and_the_merge_after_it(tmp_path):
    # The run swaps twice: its own generation goes live, then one with a full level merged.
    folder, ix = tmp_path / "articles", tmp_path / "ix"
    corpus(folder, stories=12)
    before = reindex([folder], ix).generation
    for n in range(9):
        write_story(folder, f"s{n:02d}.txt", f"Harbour story {n}", body=f"{prose(f'ferry {n}', 80)}.")
        before = reindex([folder], ix, incremental=True).generation
    server, base = serve(ix, refresh="0.2")
    failures, answers, stop = [], [], threading.Event()
    with searching(server, search_word_continuously, (base, stop, failures, answers), stop):
        time.sleep(0.5)
        write_story(folder, "s09.txt", "Harbour story 9", body=f"{prose('ferry 9', 80)} hovercraft.")
        summary = reindex([folder], ix, incremental=True)
        wait_for_generation(base, summary.generation, 10.0)
        time.sleep(0.5)
    assert failures == []
    assert summary.notes and summary.notes[0].startswith("merged 10 segments (10 stories) into one after the swap")
    written = current_generation(ix).meta["previous"]
    assert before < written < summary.generation
    # Every answer comes from one of the three generations, with that generation's count: never a half state.
    assert len(search_ids(ix, "hovercraft")) == 1
    expected = {before: 0, written: 1, summary.generation: 1}
    assert set(answers) <= set(expected.items())
    assert {before, summary.generation} <= {generation for generation, _ in answers}
    assert_same_as_full(folder, ix, tmp_path, words=("harbour", "ferry"))


def process_gone(pid: int) -> bool:
    """Tell whether a process has exited (a zombie waiting for its reaper counts as gone)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except OSError:
        return True


def test_reindex_children_die_with_a_killed_indexer():
    # Whoosh's sub-writers and the parsing pool are forked; SIGKILL gives the indexer no chance to stop them.
    script = (
        "import multiprocessing, time\n"
        "from searchsvc.store.reindexing import make_children_die_with_this_process\n"
        "make_children_die_with_this_process()\n"
        "child = multiprocessing.Process(target=time.sleep, args=(60,))\n"
        "child.start()\n"
        "print(child.pid, flush=True)\n"
        "time.sleep(60)\n"
    )
    indexer = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        child = int(indexer.stdout.readline())
    finally:
        kill(indexer)
    deadline = time.monotonic() + 5
    while not process_gone(child) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert process_gone(child)
