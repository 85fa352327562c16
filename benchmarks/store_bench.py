"""Annotation store benchmarks: saving one tag, exporting and importing 100,000 annotations.

    python benchmarks/store_bench.py [--annotations 100000] [--adds 2000] [--dir DIR]

Everything runs on real files on disk (a temporary folder unless --dir is given), WAL mode,
synchronous=NORMAL, exactly as the reader and the commands use the store.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from newsreader.core.corpus import document_from_text
from newsreader.core.model import Document
from newsreader.store import Store
from newsreader.store.anchor import context
from newsreader.store.exchange import export_to_file, import_file

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
LABELS = ("claim", "disputed", "source", "quote", "figure")


def documents(count: int) -> list[Document]:
    texts = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))]
    return [
        document_from_text(f"Edition {i}\n{texts[i % len(texts)]}", f"corpus/{i:03d}.txt")
        for i in range(count)
    ]


def write_import_file(path: Path, docs: list[Document], n: int) -> None:
    """A newsreader json file of ``n`` annotations spread over ``docs``."""
    with path.open("w", encoding="utf-8") as fh:
        fh.write('{"format": "newsreader-annotations", "version": 1, ')
        fh.write('"exported": "2024-01-01T00:00:00Z", "documents": ')
        fh.write(json.dumps([{"id": d.id, "path": d.path, "title": d.title} for d in docs]))
        fh.write(', "annotations": [\n')
        for i in range(n):
            d = docs[i % len(docs)]
            start = (i * 7919) % (len(d.text) - 60)
            end = start + 5 + i % 50
            prefix, quote, suffix = context(d.text, start, end)
            record = {
                "id": str(uuid.UUID(int=i + 1)),
                "doc": d.id,
                "start": start,
                "end": end,
                "quote": quote,
                "prefix": prefix,
                "suffix": suffix,
                "label": LABELS[i % len(LABELS)],
                "note": "" if i % 3 else f"note {i}",
                "author": f"user{i % 4}",
                "created": "2024-01-01T00:00:00.000Z",
                "updated": "2024-01-01T00:00:00.000Z",
            }
            fh.write(("," if i else "") + json.dumps(record, ensure_ascii=False) + "\n")
        fh.write("]}\n")


def timed(fn, *args, **kwargs):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    result = fn(*args, **kwargs)
    return time.perf_counter() - start, result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--annotations", type=int, default=100_000)
    parser.add_argument("--adds", type=int, default=2000)
    parser.add_argument("--dir", help="work folder (default: a temporary one)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        work = Path(tmp)
        print(
            f"machine: {os.cpu_count()} cores, Python {platform.python_version()}, "
            f"SQLite {sqlite3.sqlite_version}, {platform.system()} {platform.release()}"
        )
        print(f"folder: {work} (real files on disk)")
        docs = documents(100)

        # Saving one tag: Store.add, each a committed BEGIN IMMEDIATE transaction.
        with Store.open(work / "adds.db", user="bench") as store:
            latencies = []
            for i in range(args.adds):
                d = docs[i % len(docs)]
                start = (i * 31) % (len(d.text) - 40)
                t0 = time.perf_counter()
                store.add(d, start, start + 20, LABELS[i % len(LABELS)], "note")
                latencies.append((time.perf_counter() - t0) * 1000)
        latencies.sort()
        print(
            f"save one tag (Store.add, {args.adds} tags): median {statistics.median(latencies):.3f}"
            f" ms, p95 {latencies[int(len(latencies) * 0.95)]:.3f} ms, max {latencies[-1]:.2f} ms"
        )

        n = args.annotations
        source = work / "in.json"
        write_import_file(source, docs, n)
        db = work / "big.db"
        with Store.open(db, user="bench") as store:
            seconds, report = timed(import_file, store, source, documents=docs, keep_authors=True)
            assert report.added == n, report.summary()
        print(
            f"import {n:,} annotations (json, {source.stat().st_size / 1e6:.1f} MB, "
            f"re-anchor check against 100 documents, one transaction): {seconds:.2f} s"
        )
        seconds, store = timed(Store.open, db, user="bench")
        size = db.stat().st_size / 1e6
        print(f"open a {size:.0f} MB database (with quick_check): {seconds:.2f} s")
        with store:
            for fmt in ("json", "jsonl", "w3c", "csv"):
                out = work / f"out.{fmt}"
                seconds, count = timed(export_to_file, store, fmt, out)
                assert count == n
                print(
                    f"export {n:,} annotations ({fmt}, atomic file, "
                    f"{out.stat().st_size / 1e6:.1f} MB): {seconds:.2f} s"
                )
            seconds, placed = timed(store.placed, docs[0])
            ms = seconds * 1000
            print(f"place {len(placed):,} tags on one document (Store.placed): {ms:.1f} ms")
            seconds, _ = timed(store.data_version)
            print(f"poll for changes (data_version): {seconds * 1e6:.0f} µs")
        with Store.open(work / "again.db", user="bench") as fresh:
            seconds, report = timed(
                import_file, fresh, work / "out.json", documents=docs, keep_authors=True
            )
            assert report.added == n
        print(f"import the exported json into a fresh database: {seconds:.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
