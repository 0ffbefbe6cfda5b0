from pathlib import Path

import pytest

from searchsvc.articles import Article, Version
from searchsvc.search.results import SearchRequest
from searchsvc.search.searcher import SearchIndex
from searchsvc.store.generations import (
    CURRENT_FILE,
    IndexMissing,
    NoPreviousGeneration,
    build_index,
    clean_leftovers,
    current_generation,
    rollback,
)
from tests.helpers import utc

STORY = Article(
    id="story-1",
    title="Grain prices rise",
    body="Wheat and maize prices rose on Monday.\n\nTraders expect more.",
    published=utc(2025, 4, 2, 19, 49, 31),
    published_raw="2025-04-02 19:49:31",
    source="Wire",
    author="Ann Example",
    tags=("grain", "markets"),
    url="https://example.org/grain",
    language="en",
    path="news/grain.txt",
    versions=(Version(id="story-1", source="Wire"), Version(id="story-1-copy", source="Other")),
)


def test_generations_build_writes_a_generation_and_points_current_at_it(tmp_path):
    generation = build_index([STORY], tmp_path)
    assert (tmp_path / CURRENT_FILE).read_text() == generation.name
    assert generation.meta["stories"] == 1
    assert generation.meta["articles"] == 2
    assert current_generation(tmp_path).name == generation.name


def test_generations_rebuild_keeps_one_previous_generation(tmp_path):
    names = [build_index([STORY], tmp_path).name for _ in range(3)]
    on_disk = sorted(p.name for p in tmp_path.glob("gen-*"))
    assert on_disk == names[1:]


def test_generations_missing_raises_with_a_hint(tmp_path):
    with pytest.raises(IndexMissing, match="searchsvc index"):
        current_generation(tmp_path / "nowhere")


def test_generations_failed_build_leaves_the_live_generation(tmp_path):
    live = build_index([STORY], tmp_path)

    def broken():
        yield STORY
        raise RuntimeError("disk on fire")

    with pytest.raises(RuntimeError):
        build_index(broken(), tmp_path)
    assert current_generation(tmp_path).name == live.name
    assert [p.name for p in Path(tmp_path).glob("gen-*")] == [live.name]


def test_generations_rollback_makes_the_previous_generation_live(tmp_path):
    first = build_index([STORY], tmp_path)
    build_index([STORY], tmp_path)
    assert rollback(tmp_path).name == first.name
    assert (tmp_path / CURRENT_FILE).read_text() == first.name


def test_generations_rollback_without_a_previous_generation_fails(tmp_path):
    build_index([STORY], tmp_path)
    with pytest.raises(NoPreviousGeneration):
        rollback(tmp_path)


def test_generations_cleanup_removes_unfinished_generations_and_temp_files(tmp_path):
    live = build_index([STORY], tmp_path)
    (tmp_path / "gen-000007").mkdir()
    (tmp_path / "gen-000007" / "_MAIN_1.toc").write_text("half")
    (tmp_path / (CURRENT_FILE + ".tmp")).write_text("gen-000007")
    assert clean_leftovers(tmp_path) == ["CURRENT.tmp", "gen-000007"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [CURRENT_FILE, live.name]


def test_generations_number_never_reuses_a_name_after_rollback(tmp_path):
    build_index([STORY], tmp_path)
    abandoned = build_index([STORY], tmp_path)
    rollback(tmp_path)
    clean_leftovers(tmp_path)
    # A server may still hold the abandoned generation open under its name.
    assert build_index([STORY], tmp_path).name > abandoned.name


def test_generations_build_in_two_processes_indexes_every_story(tmp_path):
    # More stories than one job batch (100), so both worker processes write a segment.
    stories = [Article(id=f"s{n}", title=f"Story {n}", body=f"wheat report number w{n}") for n in range(250)]
    generation = build_index(stories, tmp_path, procs=2)
    index = SearchIndex(tmp_path)
    try:
        assert generation.meta["stories"] == 250
        assert index.search(SearchRequest(q="wheat")).total == 250
        assert [hit.id for hit in index.search(SearchRequest(q="w249")).hits] == ["s249"]
    finally:
        index.close()
