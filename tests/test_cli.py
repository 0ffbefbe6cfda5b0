import json
import subprocess
import sys

from tests.helpers import ROOT, SEEDS


def run(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "searchsvc", *args], cwd=cwd, capture_output=True, text=True)


def test_cli_index_builds_and_prints_a_summary(tmp_path):
    result = run("index", str(SEEDS), "--index", str(tmp_path / "ix"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("indexed 5 articles as ")
    assert "skipped 0 files" in result.stdout
    assert (tmp_path / "ix" / "CURRENT").exists()


def test_cli_index_reports_skipped_files_and_exits_3(tmp_path):
    (tmp_path / "good.txt").write_text("A title\n\nSome story text about grain.\n", encoding="utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    result = run("index", str(tmp_path), "--index", str(tmp_path / "ix"))
    assert result.returncode == 3
    assert "skipped 1 files" in result.stdout
    assert "empty.txt" in result.stderr


def test_cli_parse_prints_one_json_object_per_story():
    result = run("parse", str(SEEDS / "003_50e888d2ed398487.txt"), "--json")
    assert result.returncode == 0, result.stderr
    [record] = [json.loads(line) for line in result.stdout.splitlines()]
    assert record["id"] == "003_50e888d2ed398487"
    assert {"id", "title", "published", "source", "author", "tags", "url", "language", "body", "path"} <= set(record)


def test_cli_search_without_index_fails_with_a_hint(tmp_path):
    result = run("search", "Dmitriev", "--index", str(tmp_path / "none"))
    assert result.returncode == 1
    assert "searchsvc index" in result.stderr
    assert "Traceback" not in result.stderr


def test_cli_search_prints_hits(seed_index):
    result = run("search", "Dmitriev", "--index", str(seed_index))
    assert result.returncode == 0
    assert result.stdout.splitlines()[0].split()[1] == "hits"


def test_cli_search_filters_and_sorts_like_the_api(seed_index):
    result = run(
        "search",
        "Dmitriev",
        "--index",
        str(seed_index),
        "--from",
        "2025-04-01",
        "--to",
        "2025-04-30",
        "--undated",
        "exclude",
        "--sort",
        "oldest",
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("2 hits")
    assert [line.split()[1] for line in lines[1:]] == ["2025-04-02", "2025-04-06"]


def test_cli_search_json_is_the_api_response(seed_index, app_for):
    args = ["--source", "BOTA ALFA PRESS", "--per-page", "2", "--interval", "year"]
    result = run("search", "Dmitriev", "--index", str(seed_index), "--json", *args)
    assert result.returncode == 0, result.stderr
    printed = json.loads(result.stdout)
    answered = (
        app_for(seed_index)
        .test_client()
        .get(
            "/api/search",
            query_string={"q": "Dmitriev", "source": "BOTA ALFA PRESS", "per_page": 2, "interval": "year"},
        )
        .json
    )
    for answer in (printed, answered):
        answer.pop("took_ms")
    assert printed == answered
    assert [(hit["id"], hit["source"]) for hit in printed["hits"]] == [("003_50e888d2ed398487", "BOTA ALFA PRESS")]


def test_cli_search_names_the_bad_option(seed_index):
    result = run("search", "Dmitriev", "--index", str(seed_index), "--from", "2025-05-01", "--to", "2025-04-01")
    assert result.returncode == 2
    assert "--from: must not be after 'to'" in result.stderr
    assert run("search", "a (b", "--index", str(seed_index)).returncode == 2


def test_cli_bad_option_is_usage_error_2():
    assert run("search", "x", "--page", "0").returncode == 2


def test_cli_every_command_help_ends_with_an_example():
    for command in ("index", "parse", "search", "serve"):
        result = run(command, "--help")
        assert result.returncode == 0
        assert "Example: searchsvc " + command in result.stdout
