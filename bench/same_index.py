"""Check that two checkouts write the same index files for the same corpus (full rebuilds).

Builds the Reuters-21578 corpus (../shared/data), as bench/rebuild_compare.py writes it, with
`searchsvc index` from each checkout, and compares the generations' segment files (terms,
postings, stored fields, columns) byte for byte. Segment names are random, so each side's files
are compared as a sorted list of contents. Equal files answer every search alike.

    git archive <commit> searchsvc | tar -x -C /tmp/baseline
    python bench/same_index.py --baseline /tmp/baseline [--candidate DIR] [--scale 1]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from index_speed import run_index, write_scaled_corpus  # noqa: E402

# Whoosh's files of a segment that hold terms, postings, stored fields and columns.
SEGMENT_SUFFIXES = (".trm", ".pst", ".col", ".vpst", ".vps", ".seg")


def segment_files(index_dir: Path) -> list[tuple[str, int, bytes]]:
    """Return (suffix, size, contents) of every segment file of the live generation, sorted."""
    (generation,) = [p for p in index_dir.iterdir() if p.is_dir() and p.name.startswith("gen-")]
    files = [p for p in generation.iterdir() if p.suffix in SEGMENT_SUFFIXES]
    return sorted((p.suffix, p.stat().st_size, p.read_bytes()) for p in files)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", type=Path, required=True, help="a folder holding the baseline's searchsvc/")
    parser.add_argument("--candidate", type=Path, default=ROOT, help="the code compared with it (this checkout)")
    parser.add_argument("--scale", type=int, default=1, help="copies of the corpus (10: 200k stories)")
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="same-index-"))
    try:
        corpus = scratch / "corpus"
        write_scaled_corpus(corpus, args.scale)
        found = {}
        for name, code in (("baseline", args.baseline), ("candidate", args.candidate)):
            _, summary = run_index(corpus, scratch / name, code=code.resolve())
            found[name] = segment_files(scratch / name)
            print(f"{name}: {summary['stories']} stories, {len(found[name])} segment files", flush=True)
        base, this = found["baseline"], found["candidate"]
        same = sum(1 for a, b in zip(base, this) if a == b)
        print(f"segment files equal byte for byte: {same} of {max(len(base), len(this))}")
        if base != this:
            raise SystemExit("the index files differ")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
