import json
import os
import re
import subprocess
import sys

from searchsvc.store.generations import CURRENT_FILE
from searchsvc.store.lock import LOCK_FILE, IndexLock
from tests.helpers import ROOT, SEEDS
from tests.store.reindex_helpers import write_story


def index(*args):
    # The timeout only turns a hang into a failure; nothing here is a speed test.
    return subprocess.run(
        [sys.executable, "-m", "searchsvc", "index", *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def corpus(folder):
    write_story(folder, "a.txt", "Alpha harbour story", "alpha")
    write_story(folder, "b.txt", "Bravo harbour story", "bravo")
    return folder


def test_cli_index_prints_one_summary_line_and_exits_0(tmp_path):
    result = index(corpus(tmp_path / "docs"), "--index", tmp_path / "ix")
    assert (result.returncode, result.stderr) == (0, "")
    assert re.fullmatch(
        r"indexed 2 articles as 2 stories from 2 files; skipped 0 files; "
        r"\d+\.\d\d s; generation gen-000001\n",
        result.stdout,
    )


def test_cli_index_json_summary_has_every_field(tmp_path):
    docs = corpus(tmp_path / "docs")
    index(docs, "--index", tmp_path / "ix")
    write_story(docs, "c.txt", "Charlie harbour story", "charlie")
    result = index(docs, "--index", tmp_path / "ix", "--incremental", "--json")
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    seconds, to_live = summary.pop("seconds"), summary.pop("seconds_to_live")
    assert isinstance(seconds, float) and isinstance(to_live, float) and to_live <= seconds
    assert summary == {
        "mode": "incremental",
        "dry_run": False,
        "generation": "gen-000002",
        "added": 1,
        "updated": 0,
        "removed": 0,
        "merged": 0,
        "stories": 3,
        "articles": 3,
        "files": {"total": 3, "parsed": 1, "removed": 0},
        "skipped": [],
        "warnings": [],
        "notes": [],
    }


def test_cli_index_skipped_files_are_listed_and_exit_3(tmp_path):
    docs = corpus(tmp_path / "docs")
    (docs / "empty.txt").write_text("", encoding="utf-8")
    result = index(docs, "--index", tmp_path / "ix", "--json")
    assert result.returncode == 3
    [skipped] = json.loads(result.stdout)["skipped"]
    assert (skipped["path"].endswith("empty.txt"), set(skipped)) == (True, {"path", "line", "reason"})
    assert "empty.txt" in result.stderr


def test_cli_index_summary_counts_skipped_files_and_records_apart(tmp_path):
    docs = corpus(tmp_path / "docs")
    os.mkfifo(tmp_path / "pipe.txt")  # hashing or reading it would wait for a writer forever
    (docs / "wire.jsonl").write_text(
        '{"id": "w1", "title": "Wire", "body": "Harbour wire."}\n{oops\n{bad\n', encoding="utf-8"
    )
    result = index(docs, tmp_path / "pipe.txt", "--index", tmp_path / "ix")
    assert result.returncode == 3
    assert re.match(r"indexed 3 articles as 3 stories from 4 files; skipped 1 files and 2 records; ", result.stdout)
    assert "pipe.txt: not a regular file" in result.stderr


def test_cli_index_missing_path_is_usage_error_2(tmp_path):
    result = index(tmp_path / "nowhere", "--index", tmp_path / "ix")
    assert result.returncode == 2
    assert "does not exist" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "ix").exists()


def test_cli_index_rollback_with_paths_is_usage_error_2(tmp_path):
    assert index(corpus(tmp_path / "docs"), "--index", tmp_path / "ix", "--rollback").returncode == 2


def test_cli_index_unwritable_index_fails_with_1_and_no_traceback(tmp_path):
    (tmp_path / "ix").write_text("a file, not a folder")
    result = index(corpus(tmp_path / "docs"), "--index", tmp_path / "ix")
    assert result.returncode == 1
    assert result.stderr.startswith("error: ") and "Traceback" not in result.stderr


def test_cli_index_second_writer_exits_4_naming_the_holder(tmp_path):
    with IndexLock(tmp_path / "ix", command="searchsvc index news/ --index ix"):
        result = index(corpus(tmp_path / "docs"), "--index", tmp_path / "ix")
    assert result.returncode == 4
    assert f"pid {os.getpid()} on " in result.stderr
    assert "command: searchsvc index news/ --index ix" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "ix" / CURRENT_FILE).exists()


def test_cli_index_takes_over_a_stale_lock(tmp_path):
    (tmp_path / "ix").mkdir()
    (tmp_path / "ix" / LOCK_FILE).write_text(json.dumps({"pid": 999999, "host": "h", "started": "s", "command": "c"}))
    result = index(corpus(tmp_path / "docs"), "--index", tmp_path / "ix")
    assert result.returncode == 0
    assert "note: took over the lock left by a run that died: pid 999999 on h" in result.stderr


def test_cli_index_rollback_switches_back_and_fails_1_without_previous(tmp_path):
    docs = corpus(tmp_path / "docs")
    index(docs, "--index", tmp_path / "ix")
    assert index("--index", tmp_path / "ix", "--rollback").returncode == 1
    index(docs, "--index", tmp_path / "ix")
    result = index("--index", tmp_path / "ix", "--rollback")
    assert (result.returncode, result.stdout) == (0, "rolled back; generation gen-000001 is live\n")
    assert (tmp_path / "ix" / CURRENT_FILE).read_text() == "gen-000001"


def test_cli_index_dry_run_reports_and_writes_nothing(tmp_path):
    result = index(corpus(tmp_path / "docs"), "--index", tmp_path / "ix", "--dry-run")
    assert result.returncode == 0
    assert result.stdout == (
        "dry run (full): would index 2 articles as 2 stories from 2 files; "
        "2 stories added, 0 updated, 0 removed; nothing written\n"
    )
    assert not (tmp_path / "ix").exists()


def test_cli_index_shows_progress_only_on_a_terminal(tmp_path):
    import fcntl
    import pty
    import struct
    import termios

    leader, follower = pty.openpty()
    # A terminal 100 columns wide: a pty starts at 0x0, which leaves tqdm no room for a bar.
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    try:
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "searchsvc",
                "index",
                str(corpus(tmp_path / "docs")),
                "--index",
                str(tmp_path / "ix"),
            ],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=follower,
            text=True,
        )
        os.close(follower)
        shown = b""
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:  # the terminal closed
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(leader)
    assert result.returncode == 0
    assert b"parsing: 100%" in shown and b"writing: 100%" in shown


def test_cli_index_bad_variants_file_fails_with_a_message_and_exit_1(tmp_path):
    variants = tmp_path / "variants.txt"
    variants.write_text("Kyiv\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "searchsvc", "index", str(SEEDS), "--index", str(tmp_path / "ix")],
        capture_output=True,
        text=True,
        env={**os.environ, "SEARCHSVC_VARIANTS": str(variants)},
    )
    assert result.returncode == 1
    assert "line 1: a group needs at least two spellings" in result.stderr
    assert "Traceback" not in result.stderr


def test_cli_index_of_a_folder_without_articles_keeps_the_live_index(tmp_path):
    index_dir = tmp_path / "ix"
    run = lambda *paths: subprocess.run(  # noqa: E731
        [sys.executable, "-m", "searchsvc", "index", *map(str, paths), "--index", str(index_dir)],
        capture_output=True,
        text=True,
    )
    assert run(SEEDS).returncode == 0
    live = (index_dir / CURRENT_FILE).read_text()
    (tmp_path / "empty").mkdir()
    result = run(tmp_path / "empty")
    assert result.returncode == 1
    assert "no articles found" in result.stderr and "Traceback" not in result.stderr
    assert (index_dir / CURRENT_FILE).read_text() == live


def prometheus_values(path) -> dict[str, float]:
    """Read a Prometheus text file into {series: value} (no labels here)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return {name: float(value) for name, value in (line.split() for line in lines if not line.startswith("#"))}


def test_cli_index_metrics_file_records_the_run_and_keeps_the_last_success_after_a_failure(tmp_path):
    docs = corpus(tmp_path / "docs")
    (docs / "empty.txt").write_text("", encoding="utf-8")
    prom = tmp_path / "textfile" / "searchsvc_index.prom"
    assert index(docs, "--index", tmp_path / "ix", "--metrics-file", prom).returncode == 3
    first = prometheus_values(prom)
    assert {k: first[k] for k in first if "timestamp" not in k and "duration" not in k} == {
        "searchsvc_index_last_run_exit_code": 3.0,
        "searchsvc_index_last_run_stories": 2.0,
        "searchsvc_index_last_run_articles": 2.0,
        "searchsvc_index_last_run_skipped_files": 1.0,
    }
    assert 0 < first["searchsvc_index_last_run_duration_seconds"] < 120
    assert (
        first["searchsvc_index_last_success_timestamp_seconds"] == first["searchsvc_index_last_run_timestamp_seconds"]
    )
    (tmp_path / "nothing").mkdir()
    assert index(tmp_path / "nothing", "--index", tmp_path / "ix", "--metrics-file", prom).returncode == 1
    failed = prometheus_values(prom)
    assert failed["searchsvc_index_last_run_exit_code"] == 1.0
    assert "searchsvc_index_last_run_stories" not in failed
    assert (
        failed["searchsvc_index_last_success_timestamp_seconds"] == first["searchsvc_index_last_run_timestamp_seconds"]
    )
    assert failed["searchsvc_index_last_run_timestamp_seconds"] > first["searchsvc_index_last_run_timestamp_seconds"]
    # Written by rename: no temporary file is left beside it.
    assert [p.name for p in prom.parent.iterdir()] == ["searchsvc_index.prom"]
