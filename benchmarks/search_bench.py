"""Searching every article: building the index once, then queries, on PAN 2013's 631 pages.

    python benchmarks/search_bench.py [DOCS_DIR]

Prints the time to build the search index and, for a few queries (common, rare, a phrase,
none), the median of 20 searches and the number of hits.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

from newsreader.core.corpus import load_corpus
from newsreader.core.search import SearchIndex

DEFAULT = Path(__file__).resolve().parent.parent.parent / "shared" / "bench" / "pan13" / "docs"
QUERIES = ("the", "earthquake", "said that", "national park", "zzqx no such thing")


def main() -> int:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    docs = load_corpus(folder).documents
    t0 = time.perf_counter()
    index = SearchIndex(docs)
    built = time.perf_counter() - t0
    chars = sum(d.length for d in docs)
    print(f"{len(docs)} documents, {chars:,} characters, {os.cpu_count()} cores")
    print(f"index built in {built * 1000:.1f} ms")
    for query in QUERIES:
        times = []
        for _ in range(20):
            t0 = time.perf_counter()
            result = index.search(query)
            times.append(time.perf_counter() - t0)
        more = " (capped)" if result.capped else ""
        ms = statistics.median(times) * 1000
        print(f"  {query!r:24} {ms:6.2f} ms  {len(result.hits)} hits{more}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
