"""Indexing speed: full rebuilds, an incremental run, and SQLite FTS5 on the same records.

Times the real `searchsvc index` command (a subprocess, as operators run it) on the
Reuters-21578 corpus written as 200 JSON Lines files of 100 stories, on N times
that corpus (`--scale`, 10 by default: the same text again with new ids and dates
shifted by whole years, as files of 1,000 records), and incremental runs after
changing 1 % of the files at each size. SQLite FTS5 indexing the same (id, title,
body) records is the baseline. Also breaks one 20k build into its phases, and
compares Whoosh writing with one and two processes on the same stories. At the
large size it also reports the index's bytes per story, the peak RSS of the
command and the time to open the generation it wrote.

If the ingestion on this checkout cannot read JSON Lines yet, the corpus is
written as one page-text file per story instead (said in the output).

    python bench/index_speed.py [--repeat 3] [--skip-200k] [--limit N]
    python bench/index_speed.py --big-only --scale 53 --big-repeat 3 --keep bench/out/index-1m   # a million
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATA = ROOT.parent / "shared" / "data" / "news" / "reuters21578.jsonl.gz"

from searchsvc.ingest import find_files  # noqa: E402
from searchsvc.ingest.duplicates import merge_duplicates  # noqa: E402
from searchsvc.store.generations import write_stories  # noqa: E402
from searchsvc.store.manifest import Manifest, fingerprint, joined_sketches, save_manifest  # noqa: E402
from searchsvc.store.plan import parse_files, story_members  # noqa: E402
from searchsvc.store.schema import make_schema  # noqa: E402


def load_records() -> list[dict]:
    with gzip.open(DATA, "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def multiply(records: list[dict], times: int) -> list[list[dict]]:
    """Return `times` copies of the corpus: new ids, dates shifted by whole years."""
    copies = []
    for k in range(times):
        copy = []
        for record in records:
            date = record.get("date")
            copy.append(
                {
                    **record,
                    "id": f"{record['id']}-y{k}" if k else record["id"],
                    "date": f"{int(date[:4]) + k}{date[4:]}" if date else None,
                }
            )
        copies.append(copy)
    return copies


def jsonl_supported(folder: Path) -> bool:
    """Tell whether this checkout's ingestion reads JSON Lines files."""
    from searchsvc.ingest import parse_file

    sample = folder / "sample.jsonl"
    sample.write_text(
        "\n".join(json.dumps({"id": f"s{i}", "title": "T", "body": "Some body text here."}) for i in range(2)) + "\n",
        encoding="utf-8",
    )
    try:
        return sample in find_files([folder]) and len(parse_file(sample)[0]) == 2
    finally:
        sample.unlink()


def write_part(records: list[dict], folder: Path, number: int, jsonl: bool) -> Path:
    """Write one part of the corpus: a JSON Lines file, or a folder of page-text files."""
    if jsonl:
        path = folder / f"part-{number:04d}.jsonl"
        with open(path, "w", encoding="utf-8") as handle:
            for record in records:
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        return path
    path = folder / f"part-{number:04d}"
    path.mkdir(exist_ok=True)
    for record in records:
        date = (record.get("date") or "")[:10]
        title = (record.get("title") or "untitled").replace("\n", " ")
        head = f"date {date} {title}" if date else title
        (path / f"{record['id']}.txt").write_text(f"{head}\n\n{record['body']}\n", encoding="utf-8")
    return path


def write_corpus(parts: list[list[dict]], folder: Path, jsonl: bool) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    return [write_part(part, folder, n, jsonl) for n, part in enumerate(parts)]


def split(records: list[dict], size: int) -> list[list[dict]]:
    return [records[i : i + size] for i in range(0, len(records), size)]


def write_scaled_corpus(folder: Path, scale: int) -> None:
    """Write Reuters `scale` times over as JSON Lines files of 100 stories (of 1,000 when scaled), for two checkouts."""
    if not DATA.exists():
        raise SystemExit(f"missing {DATA}: the shared news data is needed")
    records = [r for copy in multiply(load_records(), scale) for r in copy]
    write_corpus(split(records, 100 if scale == 1 else 1000), folder, jsonl=True)


def children_cpu() -> float:
    """Return the CPU seconds of finished child processes (and theirs): immune to a busy machine."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_index(corpus: Path, index_dir: Path, *flags: str, code: Path = ROOT) -> tuple[float, dict]:
    """Run `searchsvc index` as operators do; return wall seconds and its JSON summary (plus "cpu").

    `code` is the folder whose searchsvc runs (python -m puts the working folder first on the path).
    """
    cpu = children_cpu()
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "searchsvc", "index", str(corpus), "--index", str(index_dir), "--json", *flags],
        cwd=code,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(code)},
    )
    wall = time.perf_counter() - started
    if result.returncode not in (0, 3):
        raise SystemExit(f"searchsvc index failed ({result.returncode}): {result.stderr[-2000:]}")
    return wall, {**json.loads(result.stdout), "cpu": children_cpu() - cpu}


def fts5_seconds(records: list[dict], path: Path) -> float:
    """Index (id, title, body) into an SQLite FTS5 table in a file; return seconds."""
    path.unlink(missing_ok=True)
    started = time.perf_counter()
    db = sqlite3.connect(path)
    db.execute("CREATE VIRTUAL TABLE stories USING fts5(id UNINDEXED, title, body)")
    db.executemany(
        "INSERT INTO stories VALUES (?, ?, ?)", ((r["id"], r.get("title") or "", r["body"]) for r in records)
    )
    db.commit()
    db.close()
    return time.perf_counter() - started


class Clock:
    """Wall and CPU seconds (this process and finished children) since the last lap."""

    def __init__(self):
        self.laps = {}
        self._mark = self._now()

    @staticmethod
    def _now():
        return time.perf_counter(), time.process_time() + children_cpu()

    def lap(self, name: str) -> None:
        now = self._now()
        self.laps[name] = {"wall": round(now[0] - self._mark[0], 2), "cpu": round(now[1] - self._mark[1], 2)}
        self._mark = self._now()


def phases(corpus: Path, scratch: Path) -> dict:
    """Time each phase of one full build in this process (2 workers)."""
    from whoosh import index as whoosh_index

    clock = Clock()
    files = [str(p) for p in find_files([corpus])]
    entries = parse_files(files, workers=2, progress=False)
    clock.lap("find and parse (pool of 2)")
    stories = merge_duplicates([a for e in entries for a in e.articles], joined_sketches(entries))
    clock.lap("merge_duplicates")
    prints = {s.id: (fingerprint(s), story_members(s)) for s in stories}
    clock.lap("fingerprints")
    for procs in (1, 2):
        folder = scratch / f"procs{procs}"
        folder.mkdir(parents=True)
        write_stories(whoosh_index.create_in(str(folder), make_schema()), stories, procs=procs)
        clock.lap(f"whoosh write, procs={procs}")
    save_manifest(scratch / "procs2", Manifest(entries, prints))
    clock.lap("manifest")
    return clock.laps


def change_files(files: list[Path], round_: int, jsonl: bool) -> None:
    """Change every story in the given parts (title and body), as an edit upstream would."""
    for path in files:
        targets = [path] if jsonl else sorted(path.iterdir())
        for target in targets:
            text = target.read_text(encoding="utf-8")
            if jsonl:
                records = [json.loads(line) for line in text.splitlines()]
                text = "".join(
                    json.dumps(
                        {
                            **r,
                            "title": f"{r.get('title') or ''} (rev {round_})",
                            "body": r["body"] + f" Revised {round_}.",
                        }
                    )
                    + "\n"
                    for r in records
                )
            else:
                text = text.replace("\n\n", f" (rev {round_})\n\n", 1) + f" Revised {round_}.\n"
            target.write_text(text, encoding="utf-8")


def peak_rss_mib() -> float:
    """Return the largest peak RSS of any finished child process, in MiB."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def open_seconds(index_dir: Path) -> dict:
    """Open the live generation in a fresh interpreter and ask its stats: wall and CPU seconds."""
    code = (
        "import json, sys, time; t, c = time.perf_counter(), time.process_time(); "
        "from searchsvc.search.searcher import SearchIndex; i = SearchIndex(sys.argv[1]); "
        "n = i.stats()['stories']; print(json.dumps({'stories': n, 'wall': time.perf_counter() - t, "
        "'cpu': time.process_time() - c}))"
    )
    runs = []
    for _ in range(3):
        result = subprocess.run(
            [sys.executable, "-c", code, str(index_dir)], cwd=ROOT, capture_output=True, text=True, check=True
        )
        runs.append(json.loads(result.stdout))
    return {k: round(statistics.median(r[k] for r in runs), 3) for k in ("wall", "cpu")}


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def big_corpus(records: list[dict], scratch: Path, jsonl: bool, args) -> None:
    """Full rebuilds, 1 % incremental runs and FTS5 on `args.scale` copies of the corpus."""
    copies = multiply(records, args.scale)
    big = scratch / f"reuters-x{args.scale}"
    parts = write_corpus([part for copy in copies for part in split(copy, 1000)], big, jsonl)
    count = sum(len(copy) for copy in copies)
    print(f"{args.scale} copies: {count} records in {len(parts)} files")
    keep = Path(args.keep).resolve() if args.keep else None
    fulls = []
    for run in range(args.big_repeat):
        target = keep if keep and run == args.big_repeat - 1 else scratch / "ix-big"
        shutil.rmtree(target, ignore_errors=True)
        wall, summary = run_index(big, target)
        fulls.append((wall, summary))
        print(
            f"full rebuild x{args.scale}, run {run + 1}: {summary['stories']} stories, wall {wall:.0f} s "
            f"({summary['stories'] / wall:.0f} stories/s), CPU {summary['cpu']:.0f} s, "
            f"load average {os.getloadavg()[0]:.1f}",
            flush=True,
        )
        if target != keep and run < args.big_repeat - 1:
            shutil.rmtree(target)
    live = target
    stories = fulls[-1][1]["stories"]
    wall = statistics.median(w for w, _ in fulls)
    print(
        f"full rebuild x{args.scale}: median wall {wall:.0f} s ({stories / wall:.0f} stories/s) of "
        f"{len(fulls)}, CPU {statistics.median(s['cpu'] for _, s in fulls):.0f} s; "
        f"peak RSS of one process {peak_rss_mib():.0f} MiB"
    )
    generation = live / (live / "CURRENT").read_text().strip()
    size = folder_bytes(generation)
    print(
        f"generation {size / 1e6:.0f} MB = {size / stories:.0f} bytes per story; manifest and all: "
        f"{folder_bytes(live) / 1e6:.0f} MB; open: {json.dumps(open_seconds(live))}",
        flush=True,
    )
    changed = max(1, len(parts) // 100)
    increments = []
    for round_ in range(3):
        change_files(parts[changed * round_ : changed * (round_ + 1)], round_, jsonl)
        increments.append(run_index(big, live, "--incremental"))
        wall_inc, last = increments[-1]
        print(
            f"incremental x{args.scale}, {changed} of {len(parts)} files changed: wall {wall_inc:.1f} s, "
            f"inside {last['seconds']:.1f} s, CPU {last['cpu']:.1f} s (added {last['added']}, "
            f"updated {last['updated']}, removed {last['removed']})",
            flush=True,
        )
    print(f"incremental x{args.scale}: median wall {statistics.median(w for w, _ in increments):.1f} s")
    all_records = [r for copy in copies for r in copy]
    big_fts = fts5_seconds(all_records, scratch / "fts-big.db")
    print(f"SQLite FTS5 x{args.scale}: {big_fts:.1f} s ({len(all_records) / big_fts:.0f} stories/s)")


def small_corpus(records: list[dict], scratch: Path, jsonl: bool, args) -> None:
    """Full rebuilds, 1 % incremental runs, FTS5 and the phases of one build on the corpus as it is."""
    corpus = scratch / "reuters"
    parts = write_corpus(split(records, 100), corpus, jsonl)

    full = [run_index(corpus, scratch / f"ix-full-{i}") for i in range(args.repeat)]
    wall = statistics.median(w for w, _ in full)
    inner = statistics.median(s["seconds"] for _, s in full)
    stories = full[0][1]["stories"]
    cpu = statistics.median(s["cpu"] for _, s in full)
    print(
        f"full rebuild {len(records)} ({len(parts)} files): {stories} stories, median wall {wall:.1f} s "
        f"({stories / wall:.0f} stories/s), inside the command {inner:.1f} s, "
        f"CPU {cpu:.1f} s ({stories / cpu:.0f} stories per CPU-second)"
    )
    one = [run_index(corpus, scratch / f"ix-one-{i}", "--workers", "1") for i in range(min(2, args.repeat))]
    wall_one = statistics.median(w for w, _ in one)
    cpu_one = statistics.median(s["cpu"] for _, s in one)
    print(
        f"full rebuild {len(records)}, --workers 1: median wall {wall_one:.1f} s ({stories / wall_one:.0f} stories/s), "
        f"CPU {cpu_one:.1f} s"
    )

    live = scratch / "ix-full-0"
    increments = []
    for round_ in range(args.repeat):
        change_files(parts[2 * round_ : 2 * round_ + 2], round_, jsonl)
        increments.append(run_index(corpus, live, "--incremental"))
    wall_inc = statistics.median(w for w, _ in increments)
    last = increments[-1][1]
    print(
        f"incremental, 2 of {len(parts)} files changed: median wall {wall_inc:.2f} s, inside "
        f"{statistics.median(s['seconds'] for _, s in increments):.2f} s, "
        f"CPU {statistics.median(s['cpu'] for _, s in increments):.2f} s "
        f"(added {last['added']}, updated {last['updated']}, removed {last['removed']})"
    )

    fts = [fts5_seconds(records, scratch / "fts.db") for _ in range(args.repeat)]
    fts_s = statistics.median(fts)
    print(
        f"SQLite FTS5 {len(records)}: median {fts_s:.2f} s ({len(records) / fts_s:.0f} stories/s); "
        f"searchsvc full rebuild takes {wall / fts_s:.0f}x as long"
    )

    print(f"phases of one {len(records)}-story build:", json.dumps(phases(corpus, scratch / "phases")))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs of each 20k measurement (median)")
    parser.add_argument("--skip-200k", action="store_true", help="leave out the ten-times corpus")
    parser.add_argument("--limit", type=int, help="use only the first N stories (a quick check)")
    parser.add_argument("--scale", type=int, default=10, help="copies of the corpus in the large run")
    parser.add_argument("--big-repeat", type=int, default=1, help="full rebuilds of the large corpus (median)")
    parser.add_argument("--big-only", action="store_true", help="measure the large corpus only")
    parser.add_argument("--keep", metavar="DIR", help="keep the large index here (for the search benches)")
    args = parser.parse_args()
    if not DATA.exists():
        print(f"dataset missing: {DATA} (expected beside the checkout); nothing to measure")
        return
    records = load_records()[: args.limit]
    print(f"load average before: {os.getloadavg()[0]:.1f}")
    with tempfile.TemporaryDirectory(prefix="index-speed-") as scratch:
        scratch = Path(scratch)
        jsonl = jsonl_supported(scratch)
        print(
            f"{len(records)} Reuters stories; corpus written as "
            f"{'JSON Lines files' if jsonl else 'page-text files (this ingestion reads no JSON Lines yet)'}; "
            f"{os.cpu_count()} cores"
        )
        if not args.big_only:
            small_corpus(records, scratch, jsonl, args)
        if not args.skip_200k:
            big_corpus(records, scratch, jsonl, args)
    print(f"load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
