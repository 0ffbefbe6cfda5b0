"""Check that two checkouts of searchsvc answer the latency query set alike over HTTP.

Serves one index with this checkout and with another (say `git archive` of the commit before
a change), asks every query of bench/search_latency.py's set of each, and compares the parsed
JSON bodies, `took_ms` left out. Prints how many differ and the first few.

    python bench/same_answers.py --index DIR --baseline-code DIR
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from search_latency import DATA, make_queries, read_stories  # noqa: E402
from single_pass import free_port, start, stop  # noqa: E402


def serve(index_dir: Path, code: Path, log) -> tuple:
    port = free_port()
    command = [sys.executable, "-m", "searchsvc", "serve", "--index", str(index_dir.resolve()), "--port", str(port)]
    process = start([*command, "--workers", "1"], f"http://127.0.0.1:{port}/api/health", log, code=code)
    return process, f"http://127.0.0.1:{port}/api/search"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--index", required=True)
    parser.add_argument("--baseline-code", required=True, metavar="DIR")
    options = parser.parse_args()
    if not DATA.exists():
        print(f"Reuters data not found at {DATA}: nothing to compare.")
        return 0
    queries = make_queries(read_stories(DATA))
    differ = []
    with tempfile.TemporaryFile(mode="w+") as log:
        servers = [serve(Path(options.index), code, log) for code in (Path(options.baseline_code), ROOT)]
        try:
            for request in queries:
                answers = []
                for _, url in servers:
                    response = requests.get(url, params=request.params(), timeout=120)
                    body = response.json()
                    body.pop("took_ms", None)
                    answers.append((response.status_code, body))
                if answers[0] != answers[1]:
                    differ.append(request)
        finally:
            for process, _ in servers:
                stop(process)
    print(f"{len(queries)} queries, {len(differ)} answered differently")
    for request in differ[:5]:
        print("  ", request.params())
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
