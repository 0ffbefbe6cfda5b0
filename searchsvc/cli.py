"""Command line: index, parse, search, serve."""

from __future__ import annotations

import json
import shlex
import sys
import time
import traceback

import click

from searchsvc.config import load_config
from searchsvc.search import INTERVALS, SORTS, UNDATED_CHOICES

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
@click.argument("paths", nargs=-1, type=click.Path(exists=True))
@click.option("--index", "index_dir", default=default_index_dir, show_default="index", help="Index directory.")
@click.option("--incremental", is_flag=True, help="Re-read only new, changed and removed files.")
@click.option("--dry-run", is_flag=True, help="Report what would change; write nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON summary object.")
@click.option("--rollback", is_flag=True, help="Make the previous generation live again.")
@click.option("--workers", type=click.IntRange(min=1), default=None, help="Processes to use (default: all cores).")
@click.option(
    "--metrics-file",
    type=click.Path(dir_okay=False),
    help="Write the run's figures here for a Prometheus textfile collector (replaced atomically).",
)
def index_command(paths, index_dir, incremental, dry_run, as_json, rollback, workers, metrics_file):
    """Build the index from article files and folders (default: seeds/).

    Writes a new generation beside the live one and swaps it in; a running
    server picks it up within a second or two (warmed first). Exit codes: 0 done,
    1 failed, 2 usage error, 3 done but files were skipped, 4 another indexer is
    writing. --metrics-file records duration, stories, skipped files and exit code.

    Example: searchsvc index seeds/ --index index/ --incremental --metrics-file index.prom
    """
    started = time.monotonic()
    outcome: dict = {}
    try:
        run_index(paths, index_dir, incremental, dry_run, as_json, rollback, workers, outcome)
    except SystemExit as done:
        code = done.code if isinstance(done.code, int) else EXIT_FAILED
        if metrics_file:
            write_index_metrics(metrics_file, code, time.monotonic() - started, outcome.get("summary"))
        raise
    except click.UsageError:
        if metrics_file:
            write_index_metrics(metrics_file, EXIT_USAGE, time.monotonic() - started, None)
        raise


def write_index_metrics(path: str, code: int, seconds: float, summary) -> None:
    from searchsvc.store import write_run_metrics

    counts = {}
    if summary is not None and not summary.dry_run:
        skipped_files = len({problem.path for problem in summary.skipped if problem.line is None})
        counts = {"stories": summary.stories, "articles": summary.articles, "skipped_files": skipped_files}
    write_run_metrics(path, code, seconds, **counts)


def run_index(paths, index_dir, incremental, dry_run, as_json, rollback, workers, outcome: dict):
    """Run `searchsvc index`; always ends in sys.exit with the command's exit code."""
    from searchsvc.store import (
        IndexLock,
        IndexMissing,
        LockHeld,
        NoPreviousGeneration,
        NothingToIndex,
        VariantsError,
        reindex,
    )
    from searchsvc.store import rollback as roll_back

    if rollback and (paths or incremental or dry_run):
        raise click.UsageError("--rollback takes no PATH, --incremental or --dry-run")
    # How the holder of the lock is named to a second writer (argv[0] may be a path to __main__.py).
    command = "searchsvc " + shlex.join(sys.argv[1:])
    try:
        if rollback:
            with IndexLock(index_dir, command):
                generation = roll_back(index_dir)
            click.echo(
                json.dumps({"generation": generation.name})
                if as_json
                else f"rolled back; generation {generation.name} is live"
            )
            sys.exit(EXIT_OK)
        summary = reindex(
            paths or ["seeds"],
            index_dir,
            incremental=incremental,
            dry_run=dry_run,
            workers=workers,
            progress=sys.stderr.isatty(),
            command=command,
        )
    except LockHeld as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(EXIT_LOCKED)
    except (IndexMissing, NoPreviousGeneration, NothingToIndex, OSError) as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(EXIT_FAILED)
    except VariantsError as error:
        click.echo(f"error: {error} (fix the file named by SEARCHSVC_VARIANTS); the live index is unchanged", err=True)
        sys.exit(EXIT_FAILED)
    except Exception as error:  # noqa: BLE001 - scripts read the exit code; say where it broke
        where = traceback.extract_tb(error.__traceback__)[-1]
        click.echo(
            f"error: {type(error).__name__}: {error} (at {where.filename}:{where.lineno}); the live index is unchanged",
            err=True,
        )
        sys.exit(EXIT_FAILED)
    outcome["summary"] = summary
    for note in summary.notes:
        click.echo(f"note: {note}", err=True)
    for problem in summary.skipped + summary.warnings:
        click.echo(f"{'skipped' if problem.skipped else 'warning'}: {problem}", err=True)
    click.echo(json.dumps(summary.to_json(), ensure_ascii=False) if as_json else summary.line())
    sys.exit(EXIT_SKIPPED if summary.skipped else EXIT_OK)


@main.command("parse")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
def parse_command(paths, as_json):
    """Show what indexing would store for each file, after merging copies.

    Example: searchsvc parse seeds/000_3a4df1a854abcdff.txt --json
    """
    from searchsvc.ingest import merge_duplicates, parse_paths

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
@click.option("--sort", type=click.Choice(SORTS), default="relevance", show_default=True)
@click.option("--from", "date_from", metavar="YYYY-MM-DD", help="First day, inclusive.")
@click.option("--to", "date_to", metavar="YYYY-MM-DD", help="Last day, inclusive.")
@click.option(
    "--undated",
    type=click.Choice(UNDATED_CHOICES),
    help="Keep or leave out stories without a date (default: kept, except with --from/--to).",
)
@click.option(
    "--interval",
    type=click.Choice(INTERVALS),
    default="month",
    show_default=True,
    help="Date facet buckets (shown with --json).",
)
@click.option("--source", multiple=True, help="Keep this source (repeatable).")
@click.option("--author", multiple=True, help="Keep this author (repeatable).")
@click.option("--tag", multiple=True, help="Keep this tag (repeatable).")
@click.option("--language", multiple=True, help="Keep this language (repeatable).")
@click.option("--json", "as_json", is_flag=True, help="Print the response of /api/search for the same parameters.")
def search_command(query, index_dir, as_json, **args):
    """Search the index and print the hits, with the filters and sorts of /api/search.

    Example: searchsvc search 'Dmitriev' --index index/ --from 2025-04-01 --sort newest
    """
    from marshmallow import ValidationError

    from searchsvc.query import QueryError
    from searchsvc.search import PageNotFound, ResultWindowTooLarge, SearchIndex
    from searchsvc.store import IndexMissing
    from searchsvc.web import SearchArgsSchema, SearchPageSchema

    # The API's own schema validates, so the terminal and HTTP accept and refuse the same things.
    params = {"q": query, "from": args.pop("date_from"), "to": args.pop("date_to"), **args}
    try:
        request = SearchArgsSchema().load({k: v for k, v in params.items() if v not in (None, ())})
    except ValidationError as error:
        problems = "; ".join(f"--{name}: {' '.join(messages)}" for name, messages in sorted(error.messages.items()))
        raise click.UsageError(problems) from None
    try:
        found = SearchIndex(index_dir).search(request)
    except IndexMissing as error:
        raise click.ClickException(str(error)) from None
    except (QueryError, PageNotFound, ResultWindowTooLarge) as error:
        raise click.UsageError(str(error)) from None
    if as_json:
        click.echo(json.dumps(SearchPageSchema().dump(found), ensure_ascii=False))
        return
    click.echo(f"{found.total} hits ({found.took_ms} ms)")
    for hit in found.hits:
        date = hit.published.date().isoformat() if hit.published else "undated"
        click.echo(f"{hit.score:8.3f}  {date}  {hit.id}  {hit.title}")
    if found.suggestion:
        click.echo(f"did you mean: {found.suggestion.q} ({found.suggestion.total} hits)")


@main.command("serve")
@click.option("--index", "index_dir", default=default_index_dir, show_default="index", help="Index directory.")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--workers", type=click.IntRange(min=1), help="Worker processes  [default: one per CPU, at least 2]")
@click.option(
    "--threads", type=click.IntRange(min=1), help="App threads per worker  [default: SEARCHSVC_MAX_WAITING + 4]"
)
def serve_command(index_dir, host, port, workers, threads):
    """Serve the search page and the JSON API with gunicorn (settings: searchsvc.serve.gunicorn_conf).

    One access line per request goes to standard error. Stop with Ctrl-C;
    `kill -HUP` on the printed master pid restarts the workers gracefully.

    Example: searchsvc serve --index index/ --host 127.0.0.1 --port 8000
    """
    from searchsvc.serve import run_gunicorn

    run_gunicorn(index_dir=index_dir, bind=f"{host}:{port}", workers=workers, threads=threads)
