"""Bad files never stop a run: each becomes a Problem with file, line and reason."""

import gzip

from searchsvc.ingest import Problem, parse_file, parse_paths

BODY = "The council approved the new budget on Monday after a long debate about school funding and roads."


def test_problems_empty_file(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"  \n")
    assert parse_file(path) == ([], [Problem(str(path), "empty file")])


def test_problems_binary_file(tmp_path):
    path = tmp_path / "image.html"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert parse_file(path) == ([], [Problem(str(path), "binary file (contains NUL bytes)")])


def test_problems_binary_file_without_nul_bytes(tmp_path):
    path = tmp_path / "blob.txt"
    path.write_bytes(bytes(range(1, 256)) * 20)
    assert parse_file(path) == ([], [Problem(str(path), "binary file (control characters)")])


def test_problems_undecodable_falls_back_with_warning(tmp_path):
    path = tmp_path / "legacy.txt"
    path.write_bytes(("Caf\xe9 owners protest. " + BODY).encode("cp1252"))
    (article,), problems = parse_file(path)
    assert article.body.startswith("Café owners protest.")
    assert problems == [Problem(str(path), "not valid UTF-8 (byte 3); decoded as cp1252", skipped=False)]


def test_problems_file_over_size_limit(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text(BODY * 10)
    assert parse_file(path, max_bytes=100) == ([], [Problem(str(path), "file too large: 970 bytes (limit 100)")])


def test_problems_malformed_json_line_keeps_the_rest(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_text('{"id": "a", "body": "%s"}\n{"id": "b", "body": \n{"id": "c", "body": "%s"}\n' % (BODY, BODY))
    articles, problems = parse_file(path)
    assert [a.id for a in articles] == ["a", "c"]
    assert problems == [Problem(str(path), "malformed JSON line: Expecting value", line=2)]
    assert str(problems[0]) == f"{path}:2: malformed JSON line: Expecting value"


def test_problems_malformed_json_file_names_line(tmp_path):
    path = tmp_path / "feed.json"
    path.write_text('[\n{"id": "a",\n "body": }\n]')
    assert parse_file(path) == ([], [Problem(str(path), "malformed JSON: Expecting value", line=3)])


def test_problems_unsupported_suffix(tmp_path):
    path = tmp_path / "notes.md"
    path.write_text(BODY)
    assert parse_file(path) == ([], [Problem(str(path), "unsupported file type '.md'")])


def test_problems_unreadable_and_corrupt_files(tmp_path):
    missing = tmp_path / "gone.txt"
    corrupt = tmp_path / "feed.jsonl.gz"
    corrupt.write_bytes(b"not gzip at all")
    assert parse_file(missing) == ([], [Problem(str(missing), "cannot read file: No such file or directory")])
    (problem,) = parse_file(corrupt)[1]
    assert problem.reason.startswith("not a readable gzip file")


def test_problems_do_not_stop_a_run(tmp_path):
    (tmp_path / "a_empty.txt").write_text("")
    (tmp_path / "b_good.jsonl.gz").write_bytes(gzip.compress(('{"id": "good", "body": "%s"}' % BODY).encode()))
    (tmp_path / "c_binary.json").write_bytes(b"\x00\x01")
    result = parse_paths([tmp_path])
    assert (result.files, [a.id for a in result.articles]) == (3, ["good"])
    assert [p.reason for p in result.skipped] == ["empty file", "binary file (contains NUL bytes)"]
