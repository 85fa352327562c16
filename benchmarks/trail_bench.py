"""What the trail costs: saving, editing and deleting tags, and importing, with each change's
event against the same work with the trail switched off, measured alternately in one run.

    python benchmarks/trail_bench.py [--rounds 5] [--tags 1000] [--annotations 100000]

CPU time of this process (``time.process_time``: the machine is shared, so wall-clock time
would measure the other work on it too), on real files on disk, WAL mode, synchronous=NORMAL,
as the reader and the commands use the store. "Off" replaces the trail's writers with
functions that do nothing; everything else is the same code.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from store_bench import LABELS, documents, write_import_file

from newsreader.core.model import Document
from newsreader.store import Store, trail
from newsreader.store.exchange import import_file


@contextlib.contextmanager
def trail_off() -> Iterator[None]:
    """The store's changes without their events (for the baseline only)."""
    saved = {n: getattr(trail, n) for n in ("record_rows", "record_deleted", "record_label")}
    saved_json = {n: getattr(trail, n) for n in ("row_json", "rows_json")}

    def nothing(*_args: object, **_kwargs: object) -> None:
        return None

    try:
        for name in saved:
            setattr(trail, name, nothing)
        trail.row_json = lambda *_a: None  # type: ignore[assignment]
        trail.rows_json = lambda *_a: {}  # type: ignore[assignment]
        yield
    finally:
        for name, fn in {**saved, **saved_json}.items():
            setattr(trail, name, fn)


def changes(store: Store, docs: list[Document], n: int) -> dict[str, float]:
    """CPU milliseconds per tag to save ``n`` tags, edit each, then delete each."""
    out: dict[str, float] = {}
    added = []
    start = time.process_time()
    for i in range(n):
        d = docs[i % len(docs)]
        s = (i * 31) % (len(d.text) - 40)
        added.append(store.add(d, s, s + 20, LABELS[i % 5], "note"))
    out["add"] = (time.process_time() - start) / n * 1000
    start = time.process_time()
    for ann in added:
        store.update(ann.id, note="edited")
    out["edit"] = (time.process_time() - start) / n * 1000
    start = time.process_time()
    for ann in added:
        store.delete(ann.id)
    out["delete"] = (time.process_time() - start) / n * 1000
    return out


def importing(db: Path, source: Path, docs: list[Document]) -> float:
    """CPU seconds to import ``source`` into a new database ``db``."""
    with Store.open(db, user="bench") as store:
        start = time.process_time()
        import_file(store, source, documents=docs, keep_authors=True)
        return time.process_time() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--tags", type=int, default=1000, help="tags saved per round")
    parser.add_argument("--annotations", type=int, default=100_000, help="in the import")
    args = parser.parse_args()
    docs = documents(100)
    print(
        f"machine: {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"SQLite {sqlite3.sqlite_version}; CPU time (process_time), medians of {args.rounds} "
        "alternating rounds"
    )
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        per: dict[tuple[str, bool], list[float]] = {}
        for r in range(args.rounds):
            for on in (True, False) if r % 2 == 0 else (False, True):
                db = work / f"r{r}-{on}.db"
                with contextlib.ExitStack() as stack:
                    if not on:
                        stack.enter_context(trail_off())
                    store = stack.enter_context(Store.open(db, user="bench"))
                    for name, ms in changes(store, docs, args.tags).items():
                        per.setdefault((name, on), []).append(ms)
        for name in ("add", "edit", "delete"):
            with_trail = statistics.median(per[(name, True)])
            without = statistics.median(per[(name, False)])
            print(
                f"{name:6} one tag: {with_trail:.3f} ms with its event, {without:.3f} ms "
                f"without: {with_trail / without:.2f} times"
            )

        source = work / "in.json"
        write_import_file(source, docs, args.annotations)
        seconds: dict[bool, list[float]] = {True: [], False: []}
        grown: dict[bool, int] = {}
        for r in range(max(1, args.rounds // 2)):
            for on in (True, False) if r % 2 == 0 else (False, True):
                db = work / f"import{r}-{on}.db"
                with contextlib.ExitStack() as stack:
                    if not on:
                        stack.enter_context(trail_off())
                    seconds[on].append(importing(db, source, docs))
                with sqlite3.connect(db) as conn:
                    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                grown[on] = db.stat().st_size
        on_s, off_s = statistics.median(seconds[True]), statistics.median(seconds[False])
        print(
            f"import {args.annotations:,} annotations: {on_s:.2f} s with their events, "
            f"{off_s:.2f} s without: {on_s / off_s:.2f} times; database "
            f"{grown[True] / 1e6:.0f} MB against {grown[False] / 1e6:.0f} MB"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
