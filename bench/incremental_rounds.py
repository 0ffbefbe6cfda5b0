"""Incremental runs (1 % of the files changed) on a corpus and index kept between invocations.

Writes the corpus of bench/index_speed.py (`--scale 0`: the 20k Reuters stories in files of
100; `--scale N`: N copies in files of 1,000) into `--corpus` unless it is there already,
builds `--index` in full unless it exists (or hard-links a kept one, `--from-index`), then
times `--rounds` incremental runs, each after changing the next 1 % of the files. `--code`
names the checkout whose searchsvc runs (another worktree: the "before" of a change), with
this interpreter. `--full-repeat N` times N full rebuilds by `--code` and by this checkout instead,
interleaved, in folders under `--index`. `--profile` adds a round under cProfile (not timed) and prints where it went.
`--baseline-code` alternates the rounds between that checkout and `--code` on the same index (both write the
same format) and prints each one's median and their ratio.

    python bench/incremental_rounds.py --scale 10 --corpus /tmp/c200k --index /tmp/ix200k --rounds 3
    python bench/incremental_rounds.py --scale 53 --corpus /tmp/index-speed-hakelrux/reuters-x53 --replay 3 \\
        --from-index bench/out/index-1m --index /tmp/ix1m --code ../main --warmup --rounds 3
"""

from __future__ import annotations

import argparse
import json
import os
import pstats
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from index_speed import change_files, jsonl_supported, load_records, multiply, split, write_corpus  # noqa: E402

# What the profile of a round is broken into: function names, as cProfile reports them.
PHASES = {
    "load manifest": "load_manifest",
    "plan (stat, parse, merge, fingerprints)": "make_plan",
    "  parse changed files": "parse_files",
    "  merge again": "regroup",
    "  merge all": "merge_duplicates",
    "  fingerprints": "fingerprint",
    "write stories (Whoosh)": "write_stories",
    "save manifest": "save_manifest",
    "publish": "publish_generation",
}


def corpus_parts(corpus: Path, scale: int, replay: int) -> list[Path]:
    """Return the corpus's parts, writing them first (and replaying `replay` earlier rounds) if missing."""
    if not corpus.exists():
        records = load_records()
        copies = [records] if scale == 0 else multiply(records, scale)
        size = 100 if scale == 0 else 1000
        corpus.mkdir(parents=True)
        jsonl = jsonl_supported(corpus)
        parts = write_corpus([part for copy in copies for part in split(copy, size)], corpus, jsonl)
        changed = max(1, len(parts) // 100)
        for round_ in range(replay):
            change_files(parts[changed * round_ : changed * (round_ + 1)], round_, jsonl)
        (corpus / ".rounds").write_text(str(replay))
    return sorted(p for p in corpus.iterdir() if p.name.startswith("part-"))


def run_index(
    code: Path, corpus: Path, index_dir: Path, *flags: str, profile: Path | None = None
) -> tuple[float, dict]:
    """Run `searchsvc index` from the checkout `code`; return wall seconds and its JSON summary."""
    command = [sys.executable, "-m", "searchsvc", "index", str(corpus), "--index", str(index_dir), "--json", *flags]
    if profile:
        command[1:3] = ["-m", "cProfile", "-o", str(profile), "-m", "searchsvc"]
    started = time.perf_counter()
    cpu = children_cpu()
    result = subprocess.run(
        command, cwd=code, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(code)}
    )
    wall = time.perf_counter() - started
    if result.returncode not in (0, 3):
        raise SystemExit(f"searchsvc index failed ({result.returncode}): {result.stderr[-2000:]}")
    return wall, {**json.loads(result.stdout), "cpu": children_cpu() - cpu}


def to_live(summary: dict) -> str:
    """Say when the new stories were live, if a merge came after (releases before had no such field)."""
    seconds = summary.get("seconds_to_live")
    return f", live after {seconds:.1f} s" if seconds is not None and seconds < summary["seconds"] - 0.05 else ""


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def full_rebuilds(codes: list[Path], corpus: Path, scratch: Path, repeat: int) -> None:
    """Time full rebuilds by each checkout in turn (interleaved, so load changes hit both alike)."""
    runs: dict[Path, list[tuple[float, float]]] = {code: [] for code in codes}
    for n in range(repeat):
        for code in codes:
            target = scratch / f"full-{n}-{code.name}"
            shutil.rmtree(target, ignore_errors=True)
            wall, summary = run_index(code, corpus, target)
            runs[code].append((wall, summary["cpu"]))
            print(
                f"full rebuild {n} by {code}: {summary['stories']} stories, wall {wall:.1f} s, CPU {summary['cpu']:.1f} s"
            )
            shutil.rmtree(target)
    for code, found in runs.items():
        wall, cpu = (statistics.median(x[k] for x in found) for k in (0, 1))
        print(f"full rebuild by {code}: median wall {wall:.1f} s, CPU {cpu:.1f} s of {len(found)}")


def phases(profile: Path) -> dict[str, float]:
    """Return the cumulative seconds of each phase function in a cProfile dump."""
    stats = pstats.Stats(str(profile)).stats  # type: ignore[attr-defined]
    found: dict[str, float] = {}
    for label, name in PHASES.items():
        total = sum(v[3] for (_, _, function), v in stats.items() if function == name)
        if total:
            found[label] = round(total, 2)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", type=int, default=10, help="copies of Reuters (0: the 20k corpus in files of 100)")
    parser.add_argument("--corpus", required=True, type=Path, help="the corpus folder (written if missing)")
    parser.add_argument("--replay", type=int, default=0, help="earlier rounds to replay when writing the corpus")
    parser.add_argument("--index", required=True, type=Path, help="the index folder (built in full if missing)")
    parser.add_argument("--from-index", type=Path, help="hard-link this kept index as --index first (read only)")
    parser.add_argument("--code", type=Path, default=ROOT, help="the checkout whose searchsvc runs")
    parser.add_argument("--baseline-code", type=Path, help="alternate rounds between this checkout and --code")
    parser.add_argument("--rounds", type=int, default=3, help="timed rounds (per checkout with --baseline-code)")
    parser.add_argument("--warmup", action="store_true", help="one untimed round first (e.g. a manifest upgrade)")
    parser.add_argument("--profile", action="store_true", help="one more round, under cProfile")
    parser.add_argument("--full-repeat", type=int, default=0, help="instead: full rebuilds by --code and this checkout")
    args = parser.parse_args()
    code = args.code.resolve()
    parts = corpus_parts(args.corpus.resolve(), args.scale, args.replay)
    if args.full_repeat:
        full_rebuilds([code, ROOT] if code != ROOT else [ROOT], args.corpus, args.index, args.full_repeat)
        return
    jsonl = parts[0].suffix == ".jsonl"
    print(f"corpus {args.corpus}: {len(parts)} files; code {code}", flush=True)
    if args.from_index and not args.index.exists():
        subprocess.run(["cp", "-al", str(args.from_index), str(args.index)], check=True)
        for item in args.index.iterdir():
            # The lock file is written in place: a copy of its own, so the kept index stays untouched.
            if item.is_file():
                data = item.read_bytes()
                item.unlink()
                item.write_bytes(data)
    if not args.index.exists():
        wall, summary = run_index(code, args.corpus, args.index)
        print(f"full rebuild: {summary['stories']} stories, wall {wall:.1f} s, inside {summary['seconds']:.1f} s")
    done_file = args.corpus / ".rounds"
    done = int(done_file.read_text()) if done_file.exists() else 0
    changed = max(1, len(parts) // 100)
    codes = [args.baseline_code.resolve(), code] if args.baseline_code else [code]
    walls: dict[Path, list[float]] = {c: [] for c in codes}
    total = args.rounds * len(codes) + args.warmup + args.profile
    for n in range(total):
        round_ = done + n
        runner = codes[(n - args.warmup) % len(codes)] if n >= args.warmup else code
        start = (changed * round_) % len(parts)
        change_files(parts[start : start + changed], round_, jsonl)
        done_file.write_text(str(round_ + 1))
        profile = Path(tempfile.mkstemp(suffix=".prof")[1]) if (args.profile and n == total - 1) else None
        runner = code if profile else runner
        wall, summary = run_index(runner, args.corpus, args.index, "--incremental", profile=profile)
        warm = args.warmup and n == 0
        if not warm and not profile:
            walls[runner].append(wall)
        print(
            f"{'warm-up' if warm else 'profiled' if profile else 'round'} {round_} by {runner.name}: "
            f"{changed} of {len(parts)} files changed, mode "
            f"{summary['mode']}: wall {wall:.1f} s, inside {summary['seconds']:.1f} s{to_live(summary)} (added {summary['added']}, "
            f"updated {summary['updated']}, removed {summary['removed']}; {summary['stories']} stories, "
            f"{summary['merged']} merged){' notes: ' + '; '.join(summary['notes']) if summary['notes'] else ''}",
            flush=True,
        )
        if profile:
            print(f"profile of round {round_} (cumulative s): {json.dumps(phases(profile))}")
            profile.unlink()
    medians = {c: statistics.median(found) for c, found in walls.items() if found}
    for c, median in medians.items():
        print(f"incremental 1 % by {c}: median wall {median:.1f} s of {len(walls[c])} rounds")
    if len(medians) == 2:
        base, new = (medians[c] for c in codes)
        print(f"ratio {code.name} / {codes[0].name}: {new / base:.2f}")


if __name__ == "__main__":
    main()
