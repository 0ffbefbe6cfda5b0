"""Finding article files and reading their text: folders, gzip, encodings, and what goes wrong.

Nothing here raises for a bad file: each one becomes a Problem naming the file, the line
where it applies and the reason.
"""

from __future__ import annotations

import codecs
import os
import re
import stat
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

SUPPORTED_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".json", ".jsonl", ".jsonl.gz")
MAX_FILE_BYTES = 50 * 1024 * 1024
# Tried in order when a file is not UTF-8; latin-1 decodes any byte, so it is last.
FALLBACK_ENCODINGS = ("cp1252", "latin-1")
# Text has few control characters; a binary file without NUL bytes has many.
CONTROL = re.compile(r"[\x01-\x08\x0e-\x1f\x7f-\x9f]")
MAX_CONTROL_SHARE = 0.05
UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
# Control characters would break the one-line reports of a file whose name holds them.
CONTROL_IN_NAME = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True)
class Problem:
    """Something wrong with an input file (or one line of it)."""

    path: str
    reason: str
    line: int | None = None
    skipped: bool = True  # False: a warning only, the file was still read

    def __str__(self) -> str:
        path = CONTROL_IN_NAME.sub(lambda m: repr(m.group())[1:-1], self.path)
        where = f"{path}:{self.line}" if self.line is not None else path
        return f"{where}: {self.reason}"


def suffix_of(path: Path) -> str:
    """Return the supported suffix a file name ends with ('.jsonl.gz' counts as one), else its last suffix."""
    name = path.name.lower()
    return next((s for s in SUPPORTED_SUFFIXES if name.endswith(s)), path.suffix.lower())


def stem_of(path: Path) -> str:
    """Return the file name without its (possibly double) suffix."""
    suffix = suffix_of(path)
    return path.name[: -len(suffix)] if suffix and path.name.lower().endswith(suffix) else path.stem


def find_files(paths: Iterable[str | Path]) -> list[Path]:
    """Expand directories recursively to supported files, sorted; keep explicit files whatever their suffix.

    Paths keep the order given; a file reached twice is listed once.
    """
    found: list[Path] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found.extend(sorted(p for p in walk_files(path) if suffix_of(p) in SUPPORTED_SUFFIXES))
        else:
            found.append(path)
    return list(dict.fromkeys(found))  # a file named twice is read once


def walk_files(top: Path) -> Iterator[Path]:
    """Yield the regular files under top, following links to folders (an archive often links in
    another disk's folder) but entering each real folder once, so a link loop ends."""
    seen: set[str] = set()
    for folder, subfolders, names in os.walk(top, followlinks=True):
        real = os.path.realpath(folder)
        if real in seen:
            subfolders[:] = []
            continue
        seen.add(real)
        subfolders.sort()
        for name in names:
            path = Path(folder, name)
            if path.is_file():
                yield path


def display_name(path: Path) -> str:
    """Return a path as text that can be printed and stored: undecodable bytes of a name as \\xNN."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def gunzip(data: bytes) -> tuple[bytes, bool]:
    """Return the decompressed bytes of every gzip member, and whether the stream ended early."""
    out = []
    while data:
        inflater = zlib.decompressobj(wbits=31)
        out.append(inflater.decompress(data))
        if not inflater.eof:
            return b"".join(out), True
        data = inflater.unused_data.lstrip(b"\x00")  # gzip allows zero padding after a member
    return b"".join(out), False


def truncated_gzip(name: str, data: bytes) -> tuple[bytes, Problem]:
    """Keep the whole lines of a cut-off .jsonl.gz; the Problem names the first line lost."""
    whole = data[: data.rfind(b"\n") + 1]
    line = whole.count(b"\n") + 1
    return whole, Problem(name, "truncated gzip file: this line and all after it are lost", line=line)


def decode(data: bytes, path: str) -> tuple[str, list[Problem]]:
    """Decode UTF-8 (BOM allowed), else a fallback encoding with a warning."""
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as error:
        where = f"byte {error.start}"
    for encoding in FALLBACK_ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return text, [Problem(path, f"not valid UTF-8 ({where}); decoded as {encoding}", skipped=False)]
    raise AssertionError("latin-1 decodes any bytes")


def read_text(path: Path, suffix: str, max_bytes: int) -> tuple[str | None, list[Problem]]:
    """Read a file's text, or return why it cannot be read."""
    name = display_name(path)
    problems: list[Problem] = []
    try:
        status = path.stat()
        # A FIFO would block the run forever and /dev/zero would fill the memory.
        if not stat.S_ISREG(status.st_mode):
            return None, [Problem(name, "not a regular file")]
        if status.st_size > max_bytes:
            return None, [Problem(name, f"file too large: {status.st_size} bytes (limit {max_bytes})")]
        data = path.read_bytes()
        if suffix == ".jsonl.gz":
            data, cut = gunzip(data)
            if cut:
                data, problem = truncated_gzip(name, data)
                problems.append(problem)
    except zlib.error as error:
        return None, [Problem(name, f"not a readable gzip file: {error}")]
    except OSError as error:
        return None, [Problem(name, f"cannot read file: {error.strerror or error}")]
    if not data.strip():
        return None, problems or [Problem(name, "empty file")]
    if data.startswith(UTF16_BOMS):
        try:
            return data.decode("utf-16"), problems
        except UnicodeDecodeError:
            pass  # a BOM by chance: the checks below decide
    if b"\x00" in data[:1_000_000]:
        return None, [Problem(name, "binary file (contains NUL bytes)")]
    text, warnings = decode(data, name)
    sample = text[:10_000]
    if len(CONTROL.findall(sample)) > MAX_CONTROL_SHARE * len(sample):
        return None, [Problem(name, "binary file (control characters)")]
    return text, problems + warnings
