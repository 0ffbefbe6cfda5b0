"""An incremental run merges again only what changed, and ends exactly where a full rebuild of the same files does."""

import json
import os
import shutil
import signal
import subprocess
import sys

from searchsvc.store import current_generation
from searchsvc.store.manifest import MANIFEST_FILE, load_manifest
from searchsvc.store.reindexing import PAUSE_ENV, reindex
from tests.helpers import ROOT
from tests.store.reindex_helpers import prose, search_ids, stored_documents, write_story


def copy_of(body: str, extra: str) -> str:
    """Return a near-copy of a body: the same text with a short line added (still one story)."""
    return f"{body}\n\n{extra}"


def corpus(folder, stories: int = 12):
    """Write `stories` distinct stories, one file each, and return their bodies by name."""
    bodies = {}
    for n in range(stories):
        bodies[f"s{n:02d}"] = f"{prose(f'story {n}', 80)}.\n\nOfficials expect further delays at quay {n}."
        write_story(folder, f"s{n:02d}.txt", f"Harbour story {n}", body=bodies[f"s{n:02d}"])
    return bodies


def assert_same_as_full(folder, ix, tmp_path, words=("harbour", "quay", "ferry")):
    """Check the live generation of `ix` holds what a full rebuild of `folder` holds."""
    full = tmp_path / f"full-{current_generation(ix).name}"
    shutil.rmtree(full, ignore_errors=True)
    expected = reindex([folder], full)
    assert stored_documents(ix) == stored_documents(full)
    for word in words:
        assert search_ids(ix, word) == search_ids(full, word)
    assert load_manifest(current_generation(ix).path).stories == load_manifest(current_generation(full).path).stories
    return expected


def test_incremental_equals_full_after_changes_removals_and_copies(tmp_path):
    folder, ix = tmp_path / "articles", tmp_path / "ix"
    bodies = corpus(folder)
    # A copy merged with s01 (to be split), and one merged with s02 (to stay).
    write_story(folder, "copy01.txt", "Harbour story 1 again", body=copy_of(bodies["s01"], "Filed again."))
    write_story(folder, "copy02.txt", "Harbour story 2 again", body=copy_of(bodies["s02"], "Filed again."))
    first = reindex([folder], ix)
    assert first.merged == 2

    # A duplicate joining an unchanged story (s05), a change that splits s01's story,
    # a removed file, a new story, and a removed copy (s02's story loses its copy).
    write_story(folder, "copy05.txt", "Harbour story 5 resent", body=copy_of(bodies["s05"], "Resent."))
    write_story(folder, "copy01.txt", "Ferry story", body=f"{prose('ferry news', 80)}.")
    (folder / "s07.txt").unlink()
    (folder / "copy02.txt").unlink()
    write_story(folder, "s99.txt", "Harbour story 99", body=f"{prose('story 99', 80)}.")
    summary = reindex([folder], ix, incremental=True)

    assert summary.mode == "incremental"
    expected = assert_same_as_full(folder, ix, tmp_path)
    assert (summary.stories, summary.merged, summary.articles) == (expected.stories, expected.merged, expected.articles)
    stories = load_manifest(current_generation(ix).path).stories
    # Only s05 and its copy: s01's copy changed into another story and s02's went.
    assert [members for _, members in stories.values() if len(members) > 1] == [("copy05", "s05")]
    assert summary.files == {"total": 14, "parsed": 3, "removed": 2}


def test_incremental_equals_full_when_a_changed_article_joins_a_story(tmp_path):
    folder, ix = tmp_path / "articles", tmp_path / "ix"
    bodies = corpus(folder)
    reindex([folder], ix)
    # s03 becomes a copy of s04: the two stories become one, then split again.
    write_story(folder, "s03.txt", "Harbour story 3", body=copy_of(bodies["s04"], "Corrected."))
    joined = reindex([folder], ix, incremental=True)
    assert joined.merged == 1
    assert_same_as_full(folder, ix, tmp_path)
    write_story(folder, "s03.txt", "Harbour story 3", body=bodies["s03"])
    split = reindex([folder], ix, incremental=True)
    assert (split.merged, split.stories) == (0, 12)
    assert_same_as_full(folder, ix, tmp_path)


def test_unchanged_shards_are_shared_not_rewritten(tmp_path):
    folder, ix = tmp_path / "articles", tmp_path / "ix"
    corpus(folder, stories=40)
    reindex([folder], ix)
    before = current_generation(ix).path
    write_story(folder, "s00.txt", "Harbour story 0", body=f"{prose('changed', 80)}.")
    reindex([folder], ix, incremental=True)
    after = current_generation(ix).path
    shards = sorted(p.name for p in before.glob("manifest-articles-*.pickle"))
    assert len(shards) == 5
    shared = [n for n in shards if (before / n).stat().st_ino == (after / n).stat().st_ino]
    # s00.txt's shard is written again; the others are the live generation's files.
    assert len(shared) == len(shards) - 1
    assert_same_as_full(folder, ix, tmp_path)


def test_killed_run_leaves_the_sharded_manifest_of_the_live_generation_intact(tmp_path):
    folder, ix = tmp_path / "articles", tmp_path / "ix"
    bodies = corpus(folder, stories=20)
    live = reindex([folder], ix).generation
    manifest = current_generation(ix).path
    saved = {p.name: p.read_bytes() for p in manifest.glob("manifest*")}
    write_story(folder, "copy03.txt", "Harbour story 3 resent", body=copy_of(bodies["s03"], "Resent."))
    (folder / "s04.txt").unlink()
    process = subprocess.Popen(
        [sys.executable, "-m", "searchsvc", "index", str(folder), "--index", str(ix), "--incremental"],
        cwd=ROOT,
        env={**os.environ, PAUSE_ENV: "swap"},
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stderr is not None
    assert "paused at swap" in process.stderr.readline()
    process.send_signal(signal.SIGKILL)
    process.wait()
    process.stderr.close()

    assert current_generation(ix).name == live
    assert {p.name: p.read_bytes() for p in manifest.glob("manifest*")} == saved
    assert (manifest / MANIFEST_FILE).exists()
    rerun = reindex([folder], ix, incremental=True)
    assert rerun.mode == "incremental"
    assert_same_as_full(folder, ix, tmp_path)


def write_records(path, records):
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")


def yearly(text: int, year: int, suffix: str = "", hour: int = 9) -> dict:
    """Return text number `text` as run in `year` (the same words every year: one huge LSH bucket)."""
    body = f"{prose(f'yearly notice {text}', 80)}.{suffix}"
    return {
        "id": f"t{text}-{year}{suffix[1:3].lower()}",
        "title": f"Notice {text}",
        "body": body,
        "date": f"{year}-03-0{1 + text % 5}T{hour:02d}:00:00",
    }


def test_incremental_equals_full_in_huge_buckets_of_texts_rerun_yearly(tmp_path):
    folder, ix = tmp_path / "articles", tmp_path / "ix"
    folder.mkdir()
    # Three texts run every year for 60 years: each band's bucket holds 60 copies, over MAX_BUCKET.
    for decade in range(6):
        years = range(1990 + 10 * decade, 2000 + 10 * decade)
        write_records(folder / f"decade{decade}.jsonl", [yearly(t, y) for y in years for t in range(3)])
    write_records(folder / "resent.jsonl", [yearly(1, 2000, " Resent.", hour=15), yearly(0, 1990, " Resent.", 12)])
    first = reindex([folder], ix)
    assert first.merged == 2
    # The first decade changes (the bucket's first members among them), the resent copies go,
    # and a copy of a 2045 notice comes.
    write_records(folder / "decade0.jsonl", [yearly(t, y, " Revised.") for y in range(1990, 2000) for t in range(3)])
    (folder / "resent.jsonl").unlink()
    write_records(folder / "late.jsonl", [yearly(2, 2045, " Late copy.", hour=20)])
    summary = reindex([folder], ix, incremental=True)
    assert summary.mode == "incremental"
    expected = assert_same_as_full(folder, ix, tmp_path, words=("revised", "late", "resent"))
    assert (summary.stories, summary.merged) == (expected.stories, expected.merged)
    assert summary.merged >= 1


def test_a_missing_manifest_shard_means_a_full_rebuild_with_a_note(tmp_path):
    folder, ix = tmp_path / "articles", tmp_path / "ix"
    corpus(folder, stories=20)
    reindex([folder], ix)
    next(current_generation(ix).path.glob("manifest-candidates-*.pickle")).unlink()
    write_story(folder, "s00.txt", "Harbour story 0", body=f"{prose('changed', 80)}.")
    summary = reindex([folder], ix, incremental=True)
    assert summary.mode == "full"
    assert any(note.startswith("the live generation's manifest is damaged") for note in summary.notes)
    assert_same_as_full(folder, ix, tmp_path)


def undated(record: dict) -> dict:
    return {key: value for key, value in record.items() if key != "date"}


def test_incremental_equals_full_in_huge_buckets_with_undated_copies(tmp_path):
    folder, ix = tmp_path / "articles", tmp_path / "ix"
    folder.mkdir()
    # Who pairs with an undated copy in a huge bucket depends on the bucket's first members.
    for decade in range(6):
        write_records(
            folder / f"decade{decade}.jsonl", [yearly(t, 1990 + 10 * decade + y) for y in range(10) for t in (0, 1)]
        )
    write_records(folder / "undated.jsonl", [undated(yearly(0, 1900, " Undated.")), undated(yearly(1, 1900, " Copy."))])
    first = reindex([folder], ix)
    assert first.merged >= 1
    # The bucket's first members change, an undated copy goes and another comes.
    write_records(folder / "decade0.jsonl", [yearly(t, 1990 + y, " Revised.") for y in range(10) for t in (0, 1)])
    write_records(folder / "undated.jsonl", [undated(yearly(1, 1900, " Copy."))])
    write_records(folder / "more.jsonl", [undated(yearly(0, 1901, " Found later."))])
    summary = reindex([folder], ix, incremental=True)
    assert summary.mode == "incremental"
    expected = assert_same_as_full(folder, ix, tmp_path, words=("revised", "undated", "copy", "found"))
    assert (summary.stories, summary.merged) == (expected.stories, expected.merged)
