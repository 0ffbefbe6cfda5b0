"""Parse speed of the shared page sets: a base revision's parser against the checkout's, side by side.

Reads ../shared/data/pages/*/pages/<id>/page.txt (beside the checkout). The base revision's searchsvc
package is exported with `git archive` into a temporary folder; each run parses every page once in a
fresh interpreter (base, then current, then the current parser with the rules alone), timing CPU
seconds of the parsing only. Prints the medians and the ratio to the base.

    python bench/ingest_speed.py                  # base 4251bdb (before the labeller), 5 runs
    python bench/ingest_speed.py --base HEAD~1 --runs 3
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tarfile
import tempfile
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / ".." / "shared" / "data" / "pages"
# Parse every page; print the CPU seconds. MODEL is "" for the parser's default, "None" for the rules alone.
RUN = """
import sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from searchsvc.ingest.pagetext import parse_page_text
texts = [p.read_text() for p in sorted(Path(sys.argv[2]).glob("*/pages/*/page.txt"))]
kwargs = {"model": None} if sys.argv[3] == "None" else {}
start = time.process_time()
for text in texts:
    parse_page_text(text, **kwargs)
print(len(texts), time.process_time() - start)
"""


def export(revision: str, folder: Path) -> None:
    """Write the revision's searchsvc package into folder."""
    archive = subprocess.run(["git", "archive", revision, "searchsvc"], cwd=ROOT, capture_output=True, check=True)
    with tarfile.open(fileobj=BytesIO(archive.stdout)) as tar:
        tar.extractall(folder, filter="data")


def run_once(code_root: Path, model: str) -> tuple[int, float]:
    """Parse all pages once in a fresh interpreter; return the page count and CPU seconds."""
    out = subprocess.run(
        [sys.executable, "-c", RUN, str(code_root), str(DATA), model], capture_output=True, text=True, check=True
    )
    pages, seconds = out.stdout.split()
    return int(pages), float(seconds)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="4251bdb", help="revision to compare with (default: before the labeller)")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    if not DATA.is_dir():
        print(f"No page data at {DATA.resolve()}: nothing to measure.")
        return 0
    with tempfile.TemporaryDirectory() as folder:
        export(args.base, Path(folder))
        sides = {"base": (Path(folder), ""), "current": (ROOT, ""), "current, rules alone": (ROOT, "None")}
        times: dict[str, list[float]] = {name: [] for name in sides}
        pages = 0
        for _ in range(args.runs):
            for name, (code_root, model) in sides.items():
                pages, seconds = run_once(code_root, model)
                times[name].append(seconds)
    base = statistics.median(times["base"])
    print(f"{pages} pages, {args.runs} runs, median CPU seconds of parsing")
    print("| parser | CPU s (median) | runs | ratio to base |")
    print("|---|---|---|---|")
    for name, values in times.items():
        label = f"{name} ({args.base})" if name == "base" else name
        runs = " ".join(f"{v:.2f}" for v in values)
        print(f"| {label} | {statistics.median(values):.2f} | {runs} | {statistics.median(values) / base:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
