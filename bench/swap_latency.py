"""Swap latency: the first 100 distinct searches after a generation swap against the steady state.

Serves the Reuters index (20k, built by bench/load.py and reused) with the Docker image's
command and one worker, and for each serving mode:

1. traffic: 160 distinct queries ("history"), twice;
2. steady: 100 distinct searches, each timed once: 50 from the history (seen, as popular
   queries recur) and 50 never asked (unseen);
3. recent traffic: the first 100 history queries once more (what the worker last saw);
4. swap: a new generation, the same files hard-linked (as an incremental run does), made live;
5. after the swap: 100 distinct searches timed the same way: the same 50 seen ones and 50
   other unseen ones (the unseen halves swap roles from one round to the next).

Modes: "before" is the code before warming (the base tree given by --before-tree, e.g.
`git archive b657d44 | tar -x -C /tmp/base`: gthread, the new generation opened by the first
request that notices it); "warm" is this tree; "no-replay" is this tree with
SEARCHSVC_WARM_QUERIES=0 (the generation opened in the background, nothing replayed). Rounds
rotate the modes so the machine's drifts fall on all of them. Latency is the client's wall time.

    python bench/swap_latency.py --before-tree /tmp/base --rounds 5
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.load import DATA, OUT, build, free_port, machine, make_queries, read_records  # noqa: E402
from searchsvc.store.generations import (  # noqa: E402
    current_generation,
    link_generation,
    new_generation_dir,
    publish_generation,
)

MEASURED = 100
HISTORY = 160


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def swap_in_copy(index_dir: Path) -> str:
    """Make a new generation of the live one's files live; return its name."""
    live = current_generation(index_dir)
    path = new_generation_dir(index_dir)
    link_generation(live.path, path)
    meta = {k: v for k, v in live.meta.items() if k not in ("generation", "built_at", "previous")}
    return publish_generation(index_dir, path, meta).name


def swap_index(source: Path) -> Path:
    """Return an index of its own for this bench, sharing the load bench's files by hard links."""
    index_dir = OUT / "swap-index-20k"
    if not (index_dir / "CURRENT").exists():
        index_dir.mkdir(parents=True, exist_ok=True)
        path = new_generation_dir(index_dir)
        link_generation(current_generation(source).path, path)
        meta = {k: v for k, v in current_generation(source).meta.items() if k in ("stories", "articles")}
        publish_generation(index_dir, path, meta)
    return index_dir


def start(tree: Path, index_dir: Path, env: dict, log_path: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    command = [gunicorn, "-c", "python:searchsvc.serve.gunicorn_conf", "--bind", f"127.0.0.1:{port}"]
    settings = {
        **os.environ,
        "PYTHONPATH": str(tree),
        "SEARCHSVC_INDEX": str(index_dir),
        "SEARCHSVC_WORKERS": "1",
        "SEARCHSVC_REFRESH_INTERVAL": "0.2",
        "SEARCHSVC_ACCESS_LOG": "0",
        **env,
    }
    with open(log_path, "w") as log:
        process = subprocess.Popen([*command, "searchsvc.wsgi:app"], cwd=tree, env=settings, stdout=log, stderr=log)
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            requests.get(base + "/api/openapi.json", timeout=5)  # not health: it would open the searcher
            return process, base
        except requests.RequestException:  # refused, or queued while the worker warms
            time.sleep(0.1)
    process.kill()
    raise SystemExit(f"server did not start; see {log_path}")


def timed(session: requests.Session, base: str, queries: list[str]) -> list[float]:
    """Ask each query once; return the wall times in ms (every answer must be a 200)."""
    times = []
    for q in queries:
        started = time.perf_counter()
        response = session.get(base + "/api/search?" + urlencode({"q": q}), timeout=60)
        times.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{q!r}: {response.status_code} {response.text[:200]}")
    return times


def interleave(seen: list[str], unseen: list[str]) -> list[str]:
    return [q for pair in zip(seen, unseen) for q in pair]


def one_round(mode: str, tree: Path, env: dict, index_dir: Path, queries: list[str], flip: bool) -> dict:
    history = queries[:HISTORY]
    seen = history[: MEASURED // 2]
    unseen_a, unseen_b = queries[HISTORY : HISTORY + 80][:50], queries[HISTORY + 80 :][:50]
    if flip:
        unseen_a, unseen_b = unseen_b, unseen_a
    process, base = start(tree, index_dir, env, OUT / f"swap-{mode}-server.log")
    try:
        with requests.Session() as session:
            for _ in range(2):
                timed(session, base, history)
            steady = timed(session, base, interleave(seen, unseen_a))
            timed(session, base, history[:MEASURED])
            before = current_generation(index_dir).name
            swapped_to = swap_in_copy(index_dir)
            swapped_at = time.monotonic()
            if mode == "before":
                time.sleep(1.0)  # the old code notices on the next request, whatever asks
            else:
                while session.get(base + "/api/health", timeout=30).json()["generation"] != swapped_to:
                    time.sleep(0.02)
            switched_s = time.monotonic() - swapped_at
            after = timed(session, base, interleave(seen, unseen_b))
            health = session.get(base + "/api/health", timeout=30).json()
    finally:
        process.terminate()
        process.wait(timeout=30)
    if health["generation"] != swapped_to:
        raise SystemExit(f"{mode}: still serving {health['generation']}, not {swapped_to}")
    steady_p95 = percentile(steady, 0.95)
    return {
        "mode": mode,
        "from": before,
        "to": swapped_to,
        "switched_after_s": round(switched_s, 2),
        "warmup_ms": health.get("warmup_ms"),
        "steady_p50": round(statistics.median(steady), 2),
        "steady_p95": round(steady_p95, 2),
        "steady_max": round(max(steady), 2),
        "after_p50": round(statistics.median(after), 2),
        "after_p95": round(percentile(after, 0.95), 2),
        "first_ms": round(after[0], 2),
        "after_max": round(max(after), 2),
        "after_max_query": interleave(seen, unseen_b)[after.index(max(after))],
        "p95_ratio": round(percentile(after, 0.95) / steady_p95, 2),
        "first_over_steady_p95": round(after[0] / steady_p95, 2),
        "max_over_steady_p95": round(max(after) / steady_p95, 2),
        "seen_after_p95": round(percentile(after[0::2], 0.95), 2),
        "seen_steady_p95": round(percentile(steady[0::2], 0.95), 2),
        "unseen_after_p95": round(percentile(after[1::2], 0.95), 2),
        "unseen_steady_p95": round(percentile(steady[1::2], 0.95), 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before-tree", type=Path, help="a checkout of the code before warming (mode 'before')")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    if not DATA.exists():
        print(f"swap_latency: {DATA} is missing; nothing to measure")
        return
    source = OUT / "load-index-20k"
    if not (source / "CURRENT").exists():
        print(f"built 20k in {build(source, '20k'):.0f} s")
    index_dir = swap_index(source)
    queries = make_queries(list(read_records(DATA)))
    modes = [("warm", ROOT, {}), ("no-replay", ROOT, {"SEARCHSVC_WARM_QUERIES": "0"})]
    if args.before_tree:
        modes.insert(0, ("before", args.before_tree.resolve(), {}))
    print("machine:", machine())
    rounds = []
    for number in range(args.rounds):
        shift = number % len(modes)
        for mode, tree, env in modes[shift:] + modes[:shift]:
            rounds.append(one_round(mode, tree, env, index_dir, queries, flip=number % 2 == 1))
            print(json.dumps(rounds[-1]))
    summary = {}
    for mode, _, _ in modes:
        mine = [r for r in rounds if r["mode"] == mode]
        summary[mode] = {
            key: round(statistics.median(r[key] for r in mine), 2)
            for key in mine[0]
            if isinstance(mine[0][key], float | int) and key != "mode"
        }
    print(json.dumps({"medians": summary}, indent=2))
    (OUT / "swap-latency.json").write_text(json.dumps({"rounds": rounds, "medians": summary}, indent=2))


if __name__ == "__main__":
    main()
