"""Shared passages against PAN 2013 text alignment gold (no obfuscation part).

    python benchmarks/pan13_bench.py [PAN13_DIR] [--ngram N --min-words N --min-similarity F]

PAN13_DIR holds ``docs/`` and ``gold.jsonl`` (default: ../shared/bench/pan13). The whole
``docs/`` folder is analysed as one corpus, all pairs, with no hint which pairs are related.
Prints PAN's character-level measures (macro precision and recall over detections and gold
cases, as in the PAN 2013 evaluation), micro character precision/recall, F1, the pairs reported
without gold, wall time and peak memory.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from collections import defaultdict
from pathlib import Path

from newsreader.core.analysis import AnalysisOptions, analyze
from newsreader.core.corpus import Corpus, load_corpus
from newsreader.core.model import Analysis
from newsreader.core.passages import PassageOptions, find_passages, prepare
from newsreader.core.reuse import trace

HERE = Path(__file__).resolve().parent
DEFAULT = HERE.parent.parent / "shared" / "bench" / "pan13"

Case = tuple[range, range]
# text-matcher 0.1.6 told the 500 gold pairs, pair by pair: 211 ms a pair (../shared/bench/README).
TEXT_MATCHER_SECONDS = 0.211 * 500  # (source chars, suspicious chars)


def _overlap(x: range, y: range) -> set[int]:
    return set(range(max(x.start, y.start), min(x.stop, y.stop)))


def pan_measures(
    gold: dict[tuple[str, str], list[Case]], found: dict[tuple[str, str], list[Case]]
) -> dict[str, float]:
    """PAN's macro character precision and recall, plus micro figures.

    A detection r and a gold case s overlap only where they overlap in both documents; recall
    averages, over gold cases, the share of the case's characters covered by detections;
    precision averages, over detections, the share of the detection's characters in gold.
    """
    rec_sum, n_gold, prec_sum, n_found = 0.0, 0, 0.0, 0
    gold_chars = covered_gold = found_chars = covered_found = 0
    for key, cases in gold.items():
        dets = found.get(key, [])
        for s_src, s_sus in cases:
            cov_src: set[int] = set()
            cov_sus: set[int] = set()
            for r_src, r_sus in dets:
                o_src, o_sus = _overlap(s_src, r_src), _overlap(s_sus, r_sus)
                if o_src and o_sus:
                    cov_src |= o_src
                    cov_sus |= o_sus
            size = len(s_src) + len(s_sus)
            rec_sum += (len(cov_src) + len(cov_sus)) / size
            n_gold += 1
            gold_chars += size
            covered_gold += len(cov_src) + len(cov_sus)
    for key, dets in found.items():
        cases = gold.get(key, [])
        for r_src, r_sus in dets:
            cov_src = set()
            cov_sus = set()
            for s_src, s_sus in cases:
                o_src, o_sus = _overlap(s_src, r_src), _overlap(s_sus, r_sus)
                if o_src and o_sus:
                    cov_src |= o_src
                    cov_sus |= o_sus
            size = len(r_src) + len(r_sus)
            prec_sum += (len(cov_src) + len(cov_sus)) / size
            n_found += 1
            found_chars += size
            covered_found += len(cov_src) + len(cov_sus)
    precision = prec_sum / n_found if n_found else 0.0
    recall = rec_sum / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    micro_p = covered_found / found_chars if found_chars else 0.0
    micro_r = covered_gold / gold_chars if gold_chars else 0.0
    return {
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "micro_precision": micro_p,
        "micro_recall": micro_r,
        "micro_f1": 2 * micro_p * micro_r / (micro_p + micro_r) if micro_p + micro_r else 0.0,
    }


def cpu_seconds(
    corpus: Corpus, result: Analysis, options: AnalysisOptions, repeat: int
) -> tuple[float, float, float]:
    """Process CPU time of tokens, passages and reuse (sources and edits), the least of
    ``repeat`` runs: on a shared machine wall time measures the other users too."""
    best = (float("inf"), float("inf"), float("inf"))
    for _ in range(max(1, repeat)):
        t0 = time.process_time()
        prepared = prepare(corpus.documents)
        t1 = time.process_time()
        alignments = find_passages(prepared, options.passages)
        t2 = time.process_time()
        trace(prepared, alignments, result.mentions, result.quantities)
        t3 = time.process_time()
        best = (min(best[0], t1 - t0), min(best[1], t2 - t1), min(best[2], t3 - t2))
    return best


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("path", nargs="?", default=str(DEFAULT))
    ap.add_argument("--ngram", type=int, default=PassageOptions().ngram)
    ap.add_argument("--min-words", type=int, default=PassageOptions().min_words)
    ap.add_argument("--min-similarity", type=float, default=PassageOptions().min_similarity)
    ap.add_argument("--max-gap", type=int, default=PassageOptions().max_gap)
    ap.add_argument("--repeat", type=int, default=3, help="CPU timing runs of the passage stages")
    ap.add_argument("--show-extra", type=int, default=0, help="print N pairs reported without gold")
    args = ap.parse_args()
    root = Path(args.path)
    t0 = time.perf_counter()
    corpus = load_corpus(root / "docs")
    options = AnalysisOptions(
        passages=PassageOptions(
            ngram=args.ngram,
            min_words=args.min_words,
            min_similarity=args.min_similarity,
            max_gap=args.max_gap,
        )
    )
    result = analyze(corpus, options)
    elapsed = time.perf_counter() - t0
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024

    name_of = {d.id: os.path.basename(d.path) for d in corpus.documents}
    gold: dict[tuple[str, str], list[Case]] = defaultdict(list)
    for line in (root / "gold.jsonl").read_text().splitlines():
        row = json.loads(line)
        for p in row["passages"]:
            gold[(row["source"], row["suspicious"])].append(
                (
                    range(p["source_start"], p["source_end"]),
                    range(p["suspicious_start"], p["suspicious_end"]),
                )
            )
    found: dict[tuple[str, str], list[Case]] = defaultdict(list)
    extra_longest: dict[tuple[str, str], int] = defaultdict(int)
    texts = {d.id: d.text for d in corpus.documents}
    for passage in result.passages:
        x, y = passage.spans[0], passage.spans[1]
        nx, ny = name_of[x.doc], name_of[y.doc]
        if nx.startswith("suspicious") and ny.startswith("source"):
            x, y, nx, ny = y, x, ny, nx
        key = (nx, ny)
        if key in gold:
            found[key].append((range(x.start, x.end), range(y.start, y.end)))
        else:
            words = len(texts[x.doc][x.start : x.end].split())
            extra_longest[key] = max(extra_longest[key], words)
    m = pan_measures(gold, found)
    long_extra = sum(1 for w in extra_longest.values() if w >= 50)
    short_extra = sum(1 for w in extra_longest.values() if w < 20)
    chars = sum(d.length for d in corpus.documents)
    print(f"machine: {os.cpu_count()} cores; python {sys.version.split()[0]}")
    print(f"corpus: {len(corpus.documents)} documents, {chars:,} characters, all pairs")
    print(f"gold pairs: {len(gold)}; reported among them: {len(found)}")
    print("PAN character-level, on the gold pairs (macro, as PAN 2013 scores it):")
    print(f"  precision {m['precision']:.3f}  recall {m['recall']:.3f}  F1 {m['f1']:.3f}")
    print(
        f"  micro: precision {m['micro_precision']:.3f}  recall {m['micro_recall']:.3f}  "
        f"F1 {m['micro_f1']:.3f}"
    )
    print(
        f"pairs reported without gold: {len(extra_longest)} "
        f"({long_extra} share a passage of 50+ words: reuse this gold subset does not list; "
        f"{short_extra} only passages under 20 words)"
    )
    print(
        f"time {elapsed:.2f} s for the whole analysis (load included); peak memory "
        f"{peak_mb:.0f} MB (+ {child_mb:.0f} MB in the number-extraction process)"
    )
    print("stage seconds: " + ", ".join(f"{k} {v:.2f}" for k, v in result.timings.items()))
    t = result.timings
    shared = t["tokens"] + t["passages"] + t.get("reuse", 0.0)
    edits = sum(len(p.edits) for p in result.passages)
    sourced = sum(p.source is not None for p in result.passages)
    print(
        f"passages with sources and edits (tokens + passages + reuse): {shared:.2f} s, "
        f"{100 * shared / TEXT_MATCHER_SECONDS:.2f}% of text-matcher's "
        f"{TEXT_MATCHER_SECONDS:.1f} s "
        f"for the 500 pairs; {len(result.passages)} passages, {edits} edits, "
        f"{sourced} with a source, {len(result.reprints)} reprint families"
    )
    cpu = cpu_seconds(corpus, result, options, args.repeat)
    print(
        f"CPU seconds (least of {args.repeat}, steady on a busy machine): tokens {cpu[0]:.2f}, "
        f"passages {cpu[1]:.2f}, reuse {cpu[2]:.2f}; together {sum(cpu):.2f} s = "
        f"{100 * sum(cpu) / TEXT_MATCHER_SECONDS:.2f}% of text-matcher's time; reuse "
        f"{100 * cpu[2] / (cpu[0] + cpu[1]):.1f}% of the passage detection"
    )
    for key in sorted(k for k, w in extra_longest.items() if w < 20)[: args.show_extra]:
        print("short pair without gold:", key)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
