"""Full rebuilds of this checkout against a baseline checkout, side by side on the same corpus.

Runs `searchsvc index CORPUS --index DIR --json` (a subprocess, as operators run it) from each
checkout in turn, `--runs` times, on the Reuters-21578 corpus (../shared/data) written as JSON
Lines files of 100 stories, `--scale` times over (copies with new ids and dates shifted by whole
years, as bench/index_speed.py makes them). Reports wall seconds, CPU seconds of the command and
its children, stories/s and bytes per story, medians, and the ratio to the baseline.

    git archive <commit> searchsvc | tar -x -C /tmp/baseline     # the code before a change
    python bench/rebuild_compare.py --baseline /tmp/baseline [--candidate DIR] [--runs 3] [--scale 1]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from index_speed import folder_bytes, run_index, write_scaled_corpus  # noqa: E402


def rebuild(code: Path, corpus: Path, index_dir: Path) -> dict:
    """Return one full rebuild's wall, CPU, stories and bytes, running the searchsvc found in `code`."""
    wall, summary = run_index(corpus, index_dir, code=code)
    found = {"wall": wall, "cpu": summary["cpu"], "stories": summary["stories"], "bytes": folder_bytes(index_dir)}
    shutil.rmtree(index_dir)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", type=Path, required=True, help="a folder holding the baseline's searchsvc/")
    parser.add_argument("--candidate", type=Path, default=ROOT, help="the code measured against it (this checkout)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--scale", type=int, default=1, help="copies of the corpus (10: 200k stories)")
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="rebuild-compare-"))
    try:
        corpus = scratch / "corpus"
        write_scaled_corpus(corpus, args.scale)
        sides = {"baseline": args.baseline.resolve(), "this": args.candidate.resolve()}
        runs: dict[str, list[dict]] = {name: [] for name in sides}
        for number in range(args.runs):
            for name, code in sides.items():  # interleaved, so both meet the same load
                run = rebuild(code, corpus, scratch / f"ix-{name}-{number}")
                runs[name].append(run)
                load = os.getloadavg()[0]
                print(
                    f"{name:8} run {number + 1}: {run['stories']} stories, wall {run['wall']:.1f} s "
                    f"({run['stories'] / run['wall']:.0f}/s), CPU {run['cpu']:.1f} s, load {load:.1f}",
                    flush=True,
                )
        medians = {
            name: {key: statistics.median(r[key] for r in found) for key in ("wall", "cpu", "stories", "bytes")}
            for name, found in runs.items()
        }
        for name, m in medians.items():
            print(
                f"{name:8} median: wall {m['wall']:.1f} s = {m['stories'] / m['wall']:.0f} stories/s, "
                f"CPU {m['cpu']:.1f} s = {1000 * m['cpu'] / m['stories']:.2f} CPU-ms a story, "
                f"{m['bytes'] / m['stories']:.0f} bytes a story"
            )
        base, this = medians["baseline"], medians["this"]
        print(f"this / baseline: wall {this['wall'] / base['wall']:.2f}, CPU {this['cpu'] / base['cpu']:.2f}")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
