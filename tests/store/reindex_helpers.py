"""Small corpora and index readers shared by the reindexing tests."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

from searchsvc.ingest import parse_file
from searchsvc.store.generations import current_generation
from tests.helpers import ROOT

FILLER = (
    "The harbour authority said on Tuesday that shipping volumes had recovered after the storm, "
    "and that the northern quay would reopen to container traffic before the end of the month."
)


VOCABULARY = (
    "port quay crane vessel cargo tide berth pilot dock freight grain steel timber fuel wind rain surge "
    "crew union mayor council budget tariff permit inspector engineer channel dredging lighthouse ferry "
    "container warehouse rail truck schedule delay repair insurance claim market price export import"
).split()


def prose(seed: str, words: int = 60) -> str:
    """Return sentences of words drawn by the seed: different seeds never read as copies."""
    rng = random.Random(seed)
    return " ".join(rng.choice(VOCABULARY) for _ in range(words))


def write_story(folder: Path, name: str, title: str, words: str = "", body: str | None = None) -> Path:
    """Write a page-text article file: a title line, then body paragraphs (distinct per title unless given)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    body = body or f"{words} {prose(title)}.\n\nOfficials expect {words or 'no'} further delays."
    path.write_text(f"{title}\n\n{body}\n", encoding="utf-8")
    return path


def article_ids(path: Path) -> list[str]:
    """Return the ids ingestion gives the articles of a file."""
    return [a.id for a in parse_file(path)[0]]


def stored_documents(index_dir: Path) -> list[dict]:
    """Return every stored document of the live generation, sorted by id."""
    with current_generation(index_dir).open().searcher() as searcher:
        return sorted((dict(d) for d in searcher.all_stored_fields()), key=lambda d: d["id"])


def search_ids(index_dir: Path, words: str) -> list[str]:
    """Return the ids of the stories matching a query in the live generation."""
    from searchsvc.search.results import SearchRequest
    from searchsvc.search.searcher import SearchIndex

    index = SearchIndex(index_dir)
    try:
        return sorted(h.id for h in index.search(SearchRequest(q=words, per_page=100)).hits)
    finally:
        index.close()


def resolve(index_dir: Path, article_id: str) -> str | None:
    """Return the id of the story an article id finds (as /api/articles does), or None."""
    from searchsvc.search.searcher import SearchIndex

    index = SearchIndex(index_dir)
    try:
        found = index.get_article(article_id)
        return found.id if found else None
    finally:
        index.close()


def run_indexer(*args) -> str:
    """Run a full rebuild to the end; return the generation it made live."""
    result = subprocess.run(
        [sys.executable, "-m", "searchsvc", "index", *map(str, args), "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)["generation"]


def two_corpora(tmp_path: Path, stories: int = 3) -> tuple[Path, Path]:
    """Write two folders of stories: "alpha" ones in old/, "zulu" ones in new/."""
    old, new = tmp_path / "old", tmp_path / "new"
    for n in range(stories):
        write_story(old, f"alpha{n}.txt", f"Alpha harbour story {n}", "alpha")
        write_story(new, f"zulu{n}.txt", f"Zulu harbour story {n}", "zulu")
    return old, new
