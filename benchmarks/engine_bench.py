"""Engines side by side: local against Dask distributed with 1 and 2 workers, and the same results.

    python benchmarks/engine_bench.py [PAN13_DIR] [--piece 1500] [--docs N] [--rounds 3]

1. Speed. The PAN 2013 documents cut into article-sized pieces (as benchmarks/scale_bench.py
   cuts them) make a feed folder; ``newsreader analyze FEED --json`` runs in a fresh process per
   engine, the engines alternated round by round so that the machine's load falls on each alike.
   Prints each engine's median wall time (process start, reading, a LocalCluster's start and the
   analysis) and CPU time (the process and its children: Dask's workers), each with its ratio
   to the local engine's in the same run, and the stage timings of each engine's last run
   (``cluster`` is starting the LocalCluster).
   Then the seconds Dask's workers spent computing, by task, summed (1 and 2 workers).
2. Sameness. Every engine's ``--json`` output (timings left out) on the feed and on PAN 2013
   itself (``docs/``, all pairs, as benchmarks/pan13_bench.py analyses it) is compared with the
   local engine's, and the passage sets (ids and spans) are counted.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from scale_bench import cut  # the same article-sized pieces as the scale run

HERE = Path(__file__).resolve().parent
DEFAULT = HERE.parent.parent / "shared" / "bench" / "pan13"

ENGINES: dict[str, list[str]] = {
    "local": [],
    "dask, 1 worker": ["--engine", "dask", "--workers", "1"],
    "dask, 2 workers": ["--engine", "dask", "--workers", "2"],
}


def analyze(folder: Path, extra: list[str]) -> tuple[float, float, dict[str, Any]]:
    """Wall seconds, CPU seconds of the process and its children (Dask's workers), result."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "newsreader", "analyze", str(folder), "--json", *extra],
        capture_output=True,
        text=True,
    )
    elapsed = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if proc.returncode != 0:
        raise SystemExit(f"analyze {' '.join(extra) or '(local)'} failed: {proc.stderr.strip()}")
    return elapsed, cpu, json.loads(proc.stdout)


def passage_set(result: dict[str, Any]) -> set[tuple[Any, ...]]:
    return {
        (p["id"], *((s["doc"], s["start"], s["end"]) for s in p["spans"]))
        for p in result["passages"]
    }


def same(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return {k: v for k, v in a.items() if k != "timings"} == {
        k: v for k, v in b.items() if k != "timings"
    }


def task_seconds(folder: Path, workers: int) -> dict[str, float]:
    """Seconds the workers spent computing, by task kind, for one Dask run on ``folder``."""
    import distributed

    from newsreader.core.corpus import load_corpus
    from newsreader.core.engines.dask_engine import DaskOptions, analyze_on_dask

    corpus = load_corpus(folder)
    with (
        distributed.LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            host="127.0.0.1",
            dashboard_address=None,
            scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
        ) as cluster,
        distributed.Client(cluster) as client,
        distributed.get_task_stream(client) as stream,
    ):
        analyze_on_dask(corpus, dask=DaskOptions(scheduler=cluster.scheduler_address))
    spent: dict[str, float] = {}
    for task in stream.data:
        kind = str(task["key"][0] if isinstance(task["key"], tuple) else task["key"])
        kind = kind.split("-")[0]
        for part in task["startstops"]:
            if part["action"] == "compute":
                spent[kind] = spent.get(kind, 0.0) + part["stop"] - part["start"]
    spent["all"] = sum(spent.values())
    return {k: round(v, 2) for k, v in sorted(spent.items(), key=lambda kv: -kv[1])}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("path", nargs="?", default=str(DEFAULT))
    ap.add_argument("--piece", type=int, default=1500, help="characters per article (about)")
    ap.add_argument("--docs", type=int, default=0, help="at most this many articles (0: all)")
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    root = Path(args.path)
    pieces: list[str] = []
    for f in sorted((root / "docs").glob("*.txt")):
        pieces.extend(cut(f.read_text(encoding="utf-8", errors="replace"), args.piece))
    if args.docs:
        pieces = pieces[: args.docs]
    print(f"machine: {os.cpu_count()} cores, shared; python {sys.version.split()[0]}")
    print(f"feed: {len(pieces)} articles, {sum(map(len, pieces)):,} characters (PAN 2013 cut)")
    times: dict[str, list[float]] = {name: [] for name in ENGINES}
    cpus: dict[str, list[float]] = {name: [] for name in ENGINES}
    results: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        feed = Path(tmp)
        for i, piece in enumerate(pieces):
            (feed / f"{i:06d}.txt").write_text(piece + "\n", encoding="utf-8")
        for r in range(args.rounds):
            names = list(ENGINES) if r % 2 == 0 else list(reversed(ENGINES))
            for name in names:
                elapsed, cpu, results[name] = analyze(feed, ENGINES[name])
                times[name].append(elapsed)
                cpus[name].append(cpu)
        spent = {workers: task_seconds(feed, workers) for workers in (1, 2)}
    base = statistics.median(times["local"])
    cpu_base = statistics.median(cpus["local"])
    print(f"\n{'engine':<16} {'median s':>9} {'x local':>8} {'CPU s':>7} {'x local':>8}  runs (s)")
    for name, ts in times.items():
        med, cpu = statistics.median(ts), statistics.median(cpus[name])
        runs = " ".join(f"{t:.1f}" for t in ts)
        print(
            f"{name:<16} {med:>9.2f} {med / base:>8.2f} {cpu:>7.1f} {cpu / cpu_base:>8.2f}  {runs}"
        )
    for name in ENGINES:
        if name != "local":
            print(f"  {name} stages (last run, s): {results[name]['timings']}")
    print(f"  local stages (last run, s): {results['local']['timings']}")

    print("\nworker task seconds (compute, summed over tasks), for the projection:")
    for workers in (1, 2):
        print(f"  {workers} worker(s): {spent[workers]}")

    print("\nsame results as the local engine (--json without timings; passage sets):")
    local_feed = results["local"]
    for name in ENGINES:
        if name != "local":
            ok = same(results[name], local_feed)
            agree = passage_set(results[name]) == passage_set(local_feed)
            print(
                f"  feed, {name}: {'identical' if ok else 'DIFFERENT'}; passages "
                f"{'same' if agree else 'DIFFERENT'} ({len(local_feed['passages'])})"
            )
    pan = root / "docs"
    _, _, local_pan = analyze(pan, [])
    for name, extra in ENGINES.items():
        if name == "local":
            continue
        _, _, other = analyze(pan, extra)
        ok = same(other, local_pan)
        agree = passage_set(other) == passage_set(local_pan)
        print(
            f"  PAN 2013 all pairs, {name}: {'identical' if ok else 'DIFFERENT'}; passages "
            f"{'same' if agree else 'DIFFERENT'} ({len(local_pan['passages'])})"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
