import hashlib
import pickle

import numpy as np

from searchsvc.ingest import parse_paths
from searchsvc.ingest.duplicates import merge_duplicates, sketch_articles
from searchsvc.store.generations import CURRENT_FILE, current_generation
from searchsvc.store.manifest import MANIFEST_FILE, load_manifest
from searchsvc.store.reindexing import reindex
from tests.store.reindex_helpers import FILLER, article_ids, resolve, search_ids, stored_documents, write_story


def corpus(folder):
    write_story(folder, "a.txt", "Alpha harbour story", "alpha")
    write_story(folder, "b.txt", "Bravo harbour story", "bravo")
    write_story(folder, "c.txt", "Charlie harbour story", "charlie")
    return folder


def file_hashes(folder):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}


def test_reindex_incremental_adds_changes_and_removes_files(tmp_path):
    docs = corpus(tmp_path / "docs")
    reindex([docs], tmp_path / "ix")
    write_story(docs, "b.txt", "Bravo harbour story revised", "bravo")
    (docs / "c.txt").unlink()
    write_story(docs, "d.txt", "Delta harbour story", "delta")

    summary = reindex([docs], tmp_path / "ix", incremental=True)

    reindex([docs], tmp_path / "fresh")
    assert stored_documents(tmp_path / "ix") == stored_documents(tmp_path / "fresh")
    assert (summary.mode, summary.files, summary.added, summary.updated, summary.removed) == (
        "incremental",
        {"total": 3, "parsed": 2, "removed": 1},
        1,
        1,
        1,
    )
    assert search_ids(tmp_path / "ix", "charlie") == []
    assert search_ids(tmp_path / "ix", "delta") == article_ids(docs / "d.txt")
    assert current_generation(tmp_path / "ix").meta["mode"] == "incremental"


def test_reindex_incremental_leaves_the_live_generation_byte_for_byte(tmp_path):
    docs = corpus(tmp_path / "docs")
    reindex([docs], tmp_path / "ix")
    live = current_generation(tmp_path / "ix")
    before = file_hashes(live.path)
    write_story(docs, "a.txt", "Alpha harbour story revised", "alpha")
    reindex([docs], tmp_path / "ix", incremental=True)
    assert current_generation(tmp_path / "ix").name != live.name
    assert file_hashes(live.path) == before


def test_reindex_incremental_without_changes_keeps_the_generation(tmp_path):
    docs = corpus(tmp_path / "docs")
    first = reindex([docs], tmp_path / "ix")
    # Touched but unchanged: the size+mtime check fails, the hash says "same".
    (docs / "a.txt").touch()
    summary = reindex([docs], tmp_path / "ix", incremental=True)
    assert (summary.generation, summary.files["parsed"], summary.added + summary.updated + summary.removed) == (
        first.generation,
        0,
        0,
    )
    assert summary.notes == ["nothing changed: the live generation stays"]


def test_reindex_incremental_remerges_copies_when_one_changes_or_disappears(tmp_path):
    docs = tmp_path / "docs"
    long_body = " ".join([FILLER] * 4)
    write_story(docs, "wire.txt", "Port reopens after storm", body=long_body)
    write_story(docs, "copy.txt", "Storm: port reopens (syndicated)", body=long_body)
    reindex([docs], tmp_path / "ix")
    [wire_id], [copy_id] = article_ids(docs / "wire.txt"), article_ids(docs / "copy.txt")

    write_story(docs, "wire.txt", "Port reopens after the storm", body=long_body)
    reindex([docs], tmp_path / "ix", incremental=True)
    expected = merge_duplicates(parse_paths([docs]).articles)
    meta = current_generation(tmp_path / "ix").meta
    assert (meta["stories"], meta["articles"]) == (len(expected), 2)
    assert {d["title"] for d in stored_documents(tmp_path / "ix")} == {s.title for s in expected}

    (docs / "copy.txt").unlink()
    reindex([docs], tmp_path / "ix", incremental=True)
    meta = current_generation(tmp_path / "ix").meta
    assert (meta["stories"], meta["articles"]) == (1, 1)
    documents = stored_documents(tmp_path / "ix")
    assert [(d["id"], d["title"]) for d in documents] == [(wire_id, "Port reopens after the storm")]
    assert (resolve(tmp_path / "ix", wire_id), resolve(tmp_path / "ix", copy_id)) == (wire_id, None)
    assert search_ids(tmp_path / "ix", "syndicated") == []


def test_reindex_incremental_merges_a_new_copy_and_splits_a_rewritten_one(tmp_path):
    docs = tmp_path / "docs"
    long_body = " ".join([FILLER] * 4)
    write_story(docs, "wire.txt", "Port reopens after storm", body=long_body)
    write_story(docs, "other.txt", "Grain prices", "grain")
    reindex([docs], tmp_path / "ix")

    write_story(docs, "copy.txt", "Storm: port reopens (syndicated)", body=long_body)
    summary = reindex([docs], tmp_path / "ix", incremental=True)
    reindex([docs], tmp_path / "fresh")
    assert (summary.merged, summary.stories) == (1, 2)
    assert stored_documents(tmp_path / "ix") == stored_documents(tmp_path / "fresh")

    write_story(docs, "copy.txt", "Storm: port reopens (syndicated)", "rewritten")
    summary = reindex([docs], tmp_path / "ix", incremental=True)
    reindex([docs], tmp_path / "fresh")
    assert (summary.merged, summary.stories) == (0, 3)
    assert stored_documents(tmp_path / "ix") == stored_documents(tmp_path / "fresh")


def test_reindex_manifest_sketches_follow_changed_files(tmp_path):
    docs = corpus(tmp_path / "docs")
    reindex([docs], tmp_path / "ix")
    before = load_manifest(current_generation(tmp_path / "ix").path).by_path()
    write_story(docs, "b.txt", "Bravo harbour story revised", "bravo")
    reindex([docs], tmp_path / "ix", incremental=True)
    after = load_manifest(current_generation(tmp_path / "ix").path).by_path()

    for path, entry in after.items():
        fresh = sketch_articles(entry.articles)
        assert np.array_equal(entry.sketches.signatures, fresh.signatures), path
        assert np.array_equal(entry.sketches.shingle_counts, fresh.shingle_counts), path
    changed = [p for p in after if not np.array_equal(after[p].sketches.signatures, before[p].sketches.signatures)]
    assert [p.rsplit("/", 1)[-1] for p in changed] == ["b.txt"]


def test_reindex_incremental_with_sketches_made_otherwise_falls_back_to_full(tmp_path):
    docs = corpus(tmp_path / "docs")
    first = reindex([docs], tmp_path / "ix")
    path = tmp_path / "ix" / first.generation / MANIFEST_FILE
    data = pickle.loads(path.read_bytes())
    path.write_bytes(pickle.dumps({**data, "sketches": (4, 128, 7)}))
    summary = reindex([docs], tmp_path / "ix", incremental=True)
    assert (summary.mode, summary.stories) == ("full", 3)


def test_reindex_incremental_with_unreadable_manifest_falls_back_to_full(tmp_path):
    docs = corpus(tmp_path / "docs")
    first = reindex([docs], tmp_path / "ix")
    (tmp_path / "ix" / first.generation / MANIFEST_FILE).write_bytes(b"not a manifest")
    summary = reindex([docs], tmp_path / "ix", incremental=True)
    assert (summary.mode, summary.stories) == ("full", 3)
    assert summary.notes == ["the live generation has no usable manifest: doing a full rebuild"]


def test_reindex_dry_run_writes_nothing(tmp_path):
    docs = corpus(tmp_path / "docs")
    summary = reindex([docs], tmp_path / "ix", dry_run=True)
    assert (summary.dry_run, summary.added, summary.generation) == (True, 3, None)
    assert not (tmp_path / "ix").exists()

    reindex([docs], tmp_path / "ix")
    before = sorted(p.relative_to(tmp_path) for p in (tmp_path / "ix").rglob("*"))
    (docs / "a.txt").unlink()
    summary = reindex([docs], tmp_path / "ix", incremental=True, dry_run=True)
    assert (summary.removed, summary.files["removed"]) == (1, 1)
    assert sorted(p.relative_to(tmp_path) for p in (tmp_path / "ix").rglob("*")) == before


def test_reindex_full_rebuild_keeps_the_previous_generation_only(tmp_path):
    docs = corpus(tmp_path / "docs")
    names = [reindex([docs], tmp_path / "ix").generation for _ in range(3)]
    assert sorted(p.name for p in (tmp_path / "ix").glob("gen-*")) == names[1:]
    assert (tmp_path / "ix" / CURRENT_FILE).read_text() == names[2]
    assert current_generation(tmp_path / "ix").meta["previous"] == names[1]
