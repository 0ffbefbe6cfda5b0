"""Command line: index, parse, search, serve."""

from __future__ import annotations

import json
import sys
import time

import click

from .config import load_config

# Exit codes operators' scripts rely on (documented in README).
EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_SKIPPED = 3
EXIT_LOCKED = 4


def default_index_dir() -> str:
    return load_config()["INDEX_DIR"]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main():
    """searchsvc: full-text search for news articles."""


@main.command("index")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--index", "index_dir", default=default_index_dir, show_default="index", help="Index directory.")
def index_command(paths, index_dir):
    """Build the index from article files and folders (default: seeds/).

    Example: searchsvc index seeds/ --index index/
    """
    from .ingest import parse_paths
    from .ingest.duplicates import merge_duplicates
    from .generations import build_index

    started = time.perf_counter()
    result = parse_paths(paths or ["seeds"])
    stories = merge_duplicates(result.articles)
    generation = build_index(stories, index_dir)
    for problem in result.problems:
        click.echo(f"{'skipped' if problem.skipped else 'warning'}: {problem}", err=True)
    skipped = result.skipped
    click.echo(
        f"indexed {len(result.articles)} articles as {len(stories)} stories from {result.files} files; "
        f"skipped {len(skipped)} files; {time.perf_counter() - started:.2f} s; generation {generation.name}"
    )
    sys.exit(EXIT_SKIPPED if skipped else EXIT_OK)


@main.command("parse")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
def parse_command(paths, as_json):
    """Show what indexing would store for each file, after merging copies.

    Example: searchsvc parse seeds/000_3a4df1a854abcdff.txt --json
    """
    from .ingest import parse_paths
    from .ingest.duplicates import merge_duplicates

    result = parse_paths(paths)
    for story in merge_duplicates(result.articles):
        if as_json:
            click.echo(json.dumps(story.to_dict(), ensure_ascii=False))
        else:
            click.echo(f"{story.id}\t{story.published or '-'}\t{story.display_title}")
    for problem in result.problems:
        click.echo(f"{'skipped' if problem.skipped else 'warning'}: {problem}", err=True)
    sys.exit(EXIT_SKIPPED if result.skipped else EXIT_OK)


@main.command("search")
@click.argument("query")
@click.option("--index", "index_dir", default=default_index_dir, show_default="index", help="Index directory.")
@click.option("--page", default=1, show_default=True, type=click.IntRange(min=1))
@click.option("--per-page", default=10, show_default=True, type=click.IntRange(1, 100))
def search_command(query, index_dir, page, per_page):
    """Search the index and print the hits.

    Example: searchsvc search 'Dmitriev' --index index/
    """
    from .generations import IndexMissing
    from .query import QueryError
    from .results import SearchRequest
    from .search import PageNotFound, SearchIndex

    try:
        found = SearchIndex(index_dir).search(SearchRequest(q=query, page=page, per_page=per_page))
    except IndexMissing as error:
        raise click.ClickException(str(error)) from None
    except (QueryError, PageNotFound) as error:
        raise click.UsageError(str(error)) from None
    click.echo(f"{found.total} hits ({found.took_ms} ms)")
    for hit in found.hits:
        date = hit.published.date().isoformat() if hit.published else "undated"
        click.echo(f"{hit.score:8.3f}  {date}  {hit.id}  {hit.title}")


@main.command("serve")
@click.option("--index", "index_dir", default=default_index_dir, show_default="index", help="Index directory.")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--workers", type=click.IntRange(min=1), help="Worker processes  [default: one per CPU, at least 2]")
@click.option("--threads", type=click.IntRange(min=1), help="Threads per worker  [default: 4]")
def serve_command(index_dir, host, port, workers, threads):
    """Serve the search page and the JSON API with gunicorn (settings: searchsvc.gunicorn_conf).

    One access line per request goes to standard error. Stop with Ctrl-C;
    `kill -HUP` on the printed master pid restarts the workers gracefully.

    Example: searchsvc serve --index index/ --host 127.0.0.1 --port 8000
    """
    from .server import run_gunicorn

    run_gunicorn(index_dir=index_dir, bind=f"{host}:{port}", workers=workers, threads=threads)
