"""Bad files never stop a run: each becomes a Problem with file, line and reason."""

import gzip
import json
import os

from searchsvc.ingest import MAX_BODY_CHARS, Problem, parse_file, parse_paths

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
    path = tmp_path / "notes.docx"
    path.write_text(BODY)
    assert parse_file(path) == ([], [Problem(str(path), "unsupported file type '.docx'")])


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


def test_problems_special_files_are_not_read(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)  # reading it would wait for a writer forever
    assert parse_file(fifo) == ([], [Problem(str(fifo), "not a regular file")])
    endless = tmp_path / "zero.txt"
    endless.symlink_to("/dev/zero")  # reading it would fill the memory
    assert parse_file(endless) == ([], [Problem(str(endless), "not a regular file")])


def test_problems_truncated_gzip_keeps_the_whole_lines(tmp_path):
    path = tmp_path / "feed.jsonl.gz"
    lines = "".join('{"id": "r%d", "body": "Story %d. %s"}\n' % (n, n, BODY) for n in range(1, 4))
    whole = gzip.compress(lines.encode())
    path.write_bytes(whole[:-12])  # the trailer and the end of the last line are cut off
    articles, problems = parse_file(path)
    assert [a.id for a in articles] == ["r1", "r2"]
    assert problems == [Problem(str(path), "truncated gzip file: this line and all after it are lost", line=3)]


def test_problems_json_nested_too_deeply(tmp_path):
    lines, whole = tmp_path / "feed.jsonl", tmp_path / "feed.json"
    lines.write_text('{"id": "a", "body": "%s"}\n%s\n' % (BODY, "[" * 100_000 + "]" * 100_000))
    whole.write_text("[" * 100_000 + "]" * 100_000)
    articles, problems = parse_file(lines)
    assert ([a.id for a in articles], problems) == (
        ["a"],
        [Problem(str(lines), "malformed JSON line: nested too deeply", line=2)],
    )
    assert parse_file(whole) == ([], [Problem(str(whole), "malformed JSON: nested too deeply")])


def test_problems_lone_surrogates_become_replacement_characters(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_text('{"id": "a\\ud800", "title": "Cut \\udc80 emoji", "body": "%s \\ud83c"}\n' % BODY)
    ([article], []) = parse_file(path)
    assert (article.id, article.title, article.body) == ("a\ufffd", "Cut \ufffd emoji", BODY + " \ufffd")


def test_problems_undecodable_file_name_is_shown_with_escapes(tmp_path):
    path = tmp_path / os.fsdecode(b"caf\xe9.txt")  # Latin-1 bytes in a name, as old archives have
    path.write_text(BODY)
    ([article], []) = parse_file(path)
    assert (article.id, article.path) == ("caf\\xe9", f"{tmp_path}/caf\\xe9.txt")
    article.path.encode("utf-8")  # the index and JSON output can hold it


def test_problems_report_of_a_file_name_with_newlines_stays_on_one_line(tmp_path):
    path = tmp_path / "two\nlines.txt"
    path.write_text("")
    (problem,) = parse_file(path)[1]
    assert str(problem) == f"{tmp_path}/two\\nlines.txt: empty file"


def test_problems_utf16_with_a_byte_order_mark_is_read(tmp_path):
    path = tmp_path / "windows.txt"
    path.write_bytes(BODY.encode("utf-16"))
    ([article], problems) = parse_file(path)
    assert (article.body, problems) == (BODY, [])


def test_problems_record_with_an_over_long_body_is_skipped_alone(tmp_path):
    path = tmp_path / "dump.jsonl"
    lines = [{"id": "ok", "body": BODY}, {"id": "dump", "body": "word " * (MAX_BODY_CHARS // 5 + 1)}]
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    articles, problems = parse_file(path)
    assert [a.id for a in articles] == ["ok"]
    assert problems == [Problem(str(path), "article text too long: 1,000,004 characters (limit 1,000,000)", line=2)]


def test_problems_page_with_an_over_long_body_is_skipped(tmp_path):
    path = tmp_path / "dump.txt"
    path.write_text("A title\n\n" + (BODY + " ") * (MAX_BODY_CHARS // len(BODY) + 1), encoding="utf-8")
    articles, problems = parse_file(path)
    assert articles == []
    assert [(p.path, p.reason.split(":")[0]) for p in problems] == [(str(path), "article text too long")]
