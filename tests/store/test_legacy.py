"""A generation written by searchsvc 0.1.0 (before the wings) still opens, answers and updates."""

import json
import shutil
import subprocess
import sys

from searchsvc.search import SearchIndex, SearchRequest
from searchsvc.store import current_generation
from searchsvc.store.manifest import load_manifest
from tests.helpers import ROOT

# Built by 0.1.0 from tests/data/store/harbour.txt with `searchsvc index articles --index index`:
# its schema and manifest are pickled under the module names of the flat layout.
OLD_INDEX = ROOT / "tests" / "data" / "store" / "index-0.1.0"
STORY = ROOT / "tests" / "data" / "store" / "harbour.txt"


def copy_old_index(tmp_path):
    index_dir = tmp_path / "index"
    shutil.copytree(OLD_INDEX, index_dir)
    return index_dir


def test_legacy_generation_pickles_the_old_module_names():
    toc = next((OLD_INDEX / "gen-000001").glob("*.toc")).read_bytes()
    manifest = (OLD_INDEX / "gen-000001" / "manifest.pickle").read_bytes()
    assert b"searchsvc.index" in toc and b"searchsvc.analysis" in toc and b"searchsvc.store" not in toc
    assert b"searchsvc.manifest" in manifest


def test_legacy_generation_answers_searches(tmp_path):
    index = SearchIndex(copy_old_index(tmp_path))
    try:
        page = index.search(SearchRequest(q="lighthouse repairs"))
        assert [(hit.id, hit.title, hit.author) for hit in page.hits] == [
            ("harbour", "Harbour reopens after the storm", "Ann Lee")
        ]
    finally:
        index.close()


def test_legacy_generation_manifest_is_read_and_updated_incrementally(tmp_path):
    index_dir = copy_old_index(tmp_path)
    assert [entry.articles[0].id for entry in load_manifest(index_dir / "gen-000001").files] == ["harbour"]
    articles = tmp_path / "articles"
    articles.mkdir()
    shutil.copy(STORY, articles / "harbour.txt")
    (articles / "ferry.txt").write_text(
        "Ferry timetable changes\n\nThe island ferry will sail twice a day from Monday, the harbour office said.\n",
        encoding="utf-8",
    )
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "searchsvc",
            "index",
            str(articles),
            "--index",
            str(index_dir),
            "--incremental",
            "--json",
        ],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    # 0.1.0's schema lacks the fields this version writes, so the upgrade's first run rebuilds.
    summary = json.loads(run.stdout)
    assert summary["mode"] == "full"
    assert "the live generation was built with another schema: doing a full rebuild" in summary["notes"]
    assert current_generation(index_dir).name == "gen-000002"
    index = SearchIndex(index_dir)
    try:
        assert sorted(hit.id for hit in index.search(SearchRequest(q="harbour")).hits) == ["ferry", "harbour"]
    finally:
        index.close()
