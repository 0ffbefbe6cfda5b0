"""The two phases of a full rebuild an incremental-merge change touches: merging copies, saving the manifest.

Reads the articles and sketches of a generation written by this checkout (its manifest
shards), then times `merge_duplicates` over all of them and `save_manifest` of all files
by the checkout on PYTHONPATH (run it with another worktree's path for the "before"),
in CPU seconds of this process, median of `--repeat`.

    PYTHONPATH=../main python bench/full_phases.py /tmp/ix20k/gen-000004 --repeat 3
"""

from __future__ import annotations

import argparse
import pickle
import statistics
import sys
import tempfile
import time
from pathlib import Path

from searchsvc.ingest import merge_duplicates
from searchsvc.store import manifest as manifest_module
from searchsvc.store.manifest import FileEntry, Manifest, fingerprint, save_manifest


def read_entries(generation: Path) -> list[FileEntry]:
    """Return the generation's files with their articles and sketches, from its manifest shards."""
    header = pickle.loads((generation / "manifest.pickle").read_bytes())
    shards: dict[int, dict] = {}
    entries = []
    for path, size, mtime, digest, shard in header["files"]:
        if shard not in shards:
            shards[shard] = pickle.loads((generation / f"manifest-articles-{shard:05d}.pickle").read_bytes())
        articles, problems, sketches = shards[shard][path]
        entries.append(FileEntry(path, size, mtime, digest, articles, problems, sketches))
    return entries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("generation", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    entries = read_entries(args.generation)
    articles = [a for e in entries for a in e.articles]
    sketches = type(entries[0].sketches).join([e.sketches for e in entries])  # type: ignore[union-attr]
    merge, save = [], []
    for _ in range(args.repeat):
        started = time.process_time()
        stories = merge_duplicates(articles, sketches)
        merge.append(time.process_time() - started)
        prints = {s.id: (fingerprint(s), tuple(v.id for v in s.versions) or (s.id,)) for s in stories}
        for entry in entries:  # this checkout caches each file's candidates: none at a full rebuild
            if hasattr(entry, "candidates"):
                entry.candidates = None
        with tempfile.TemporaryDirectory() as folder:
            started = time.process_time()
            save_manifest(Path(folder), Manifest(entries, prints))
            save.append(time.process_time() - started)
    print(
        f"{manifest_module.__file__}: {len(articles)} articles, {len(stories)} stories; CPU s, median of "
        f"{args.repeat}: merge_duplicates {statistics.median(merge):.2f}, save_manifest {statistics.median(save):.2f}",
        file=sys.stdout,
    )


if __name__ == "__main__":
    main()
