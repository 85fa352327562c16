"""Sources and edits on reprints with planted changes: right answers and the cost of finding them.

    python benchmarks/reprint_bench.py [ECBPLUS_DIR] [--every N] [--files N]

Each real ECB+ article (default: all 982) is copied once by another outlet, a day later, with
planted changes: one word in every N (default 25) replaced, the first figure changed, and
typography changed throughout (curly quotes, dashes, doubled spaces, an upper-cased word), which
must give no edit. Half the copies credit the original in a dateline ("(AP) —") and are dated
the day *before* it, so only the credit can give the right source; the other half have no credit
and are dated after it. Prints how many passages name the right source and reason, the planted
word and figure changes found as edits (recall) and the edits that match no planted change
(precision), and the stage timings: the reuse stage against passage detection.
"""

from __future__ import annotations

import argparse
import csv
import random
import re
import tempfile
import time
from pathlib import Path

from pan13_bench import cpu_seconds

from newsreader.core.analysis import AnalysisOptions, analyze
from newsreader.core.corpus import load_corpus

HERE = Path(__file__).resolve().parent
DEFAULT = HERE.parent.parent / "shared" / "bench" / "ecbplus"
WORD = re.compile(r"[A-Za-z]{4,}")
FIGURE = re.compile(r"\b\d+\b")


def _copy(text: str, every: int, rng: random.Random) -> tuple[str, list[int], int | None]:
    """The edited copy, where its replaced words start, and where its changed figure starts."""
    out: list[str] = []
    planted: list[int] = []
    pos = 0
    figure_at: int | None = None
    size = 0
    fig = FIGURE.search(text)
    for k, m in enumerate(WORD.finditer(text)):
        out.append(text[pos : m.start()])
        size += len(out[-1])
        word = m.group()
        if k % every == every // 2 and not (fig and m.start() <= fig.start() < m.end()):
            planted.append(size)
            word = "zzplanted" + word.lower()
        elif k % 7 == 3:
            word = word.upper()  # typography: case is no edit
        out.append(word)
        size += len(word)
        pos = m.end()
    out.append(text[pos:])
    copy = "".join(out)
    fig = FIGURE.search(copy)
    if fig:
        figure_at = fig.start()
        changed = fig.group()[:-1] + str((int(fig.group()[-1]) + 3) % 10)  # same length
        copy = copy[: fig.start()] + changed + copy[fig.end() :]
    # Typography throughout, same length so the planted offsets stay right.
    copy = copy.replace('"', "\u201d").replace(" - ", " \u2014 ").replace(". ", ".\u00a0")
    return copy, planted, figure_at


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("path", nargs="?", default=str(DEFAULT))
    ap.add_argument("--every", type=int, default=25, help="replace one word in every N")
    ap.add_argument("--files", type=int, default=0, help="only the first N articles")
    ap.add_argument("--show", type=int, default=0, help="print N edits matching no planted change")
    args = ap.parse_args()
    rng = random.Random(10)
    files = sorted((Path(args.path) / "docs").glob("*.txt"))
    if args.files:
        files = files[: args.files]
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        rows = [("file", "outlet", "date")]
        planted: dict[str, tuple[list[int], int | None, bool]] = {}
        for k, f in enumerate(files):
            text = f.read_text(encoding="utf-8")
            copy, words, figure = _copy(text, args.every, rng)
            credited = k % 2 == 0
            if credited:
                copy = "(AP) \u2014 " + copy
                shift = len("(AP) \u2014 ")
                words = [w + shift for w in words]
                figure = None if figure is None else figure + shift
            (root / f"o{k:04d}.txt").write_text(text, encoding="utf-8")
            (root / f"c{k:04d}.txt").write_text(copy, encoding="utf-8")
            rows.append((f"o{k:04d}.txt", "AP", "2020-03-02"))
            rows.append((f"c{k:04d}.txt", f"Paper {k}", "2020-03-01" if credited else "2020-03-03"))
            planted[f"c{k:04d}.txt"] = (words, figure, credited)
        with (root / "metadata.csv").open("w", newline="") as fh:
            csv.writer(fh).writerows(rows)
        t0 = time.perf_counter()
        corpus = load_corpus(root)
        options = AnalysisOptions()
        result = analyze(corpus, options)
        elapsed = time.perf_counter() - t0
        cpu = cpu_seconds(corpus, result, options, 3)
    name = {d.id: Path(d.path).name for d in corpus.documents}
    texts = {d.id: d.text for d in corpus.documents}
    right = wrong = unknown = 0
    found_words = found_figures = stray = figures_flagged = 0
    covered: dict[str, set[int]] = {}
    for p in result.passages:
        a, b = (name[s.doc] for s in p.spans)
        if {a[0], b[0]} != {"o", "c"} or a[1:] != b[1:]:
            continue
        copy = a if a[0] == "c" else b
        original = b if copy == a else a
        words, figure, credited = planted[copy]
        if p.source is None:
            unknown += 1
        elif name[p.source] == original and p.source_reason == ("credit" if credited else "date"):
            right += 1
        else:
            wrong += 1
        hits = covered.setdefault(copy, set())
        for e in p.edits:
            side = next(s for s in e.spans if name[s.doc] == copy)
            got = [w for w in words if side.start <= w < side.end or w == side.start]
            is_figure = figure is not None and side.start <= figure < side.end
            hits.update(got)
            if is_figure:
                found_figures += 1
                figures_flagged += e.figure
                if not e.figure and args.show:
                    print("figure not flagged:", [texts[s.doc][s.start : s.end] for s in e.spans])
            elif not got:
                stray += 1
                if stray <= args.show:
                    print("unplanted:", e.op, [texts[s.doc][s.start : s.end] for s in e.spans])
    found_words = sum(len(v) for v in covered.values())
    spans_in: dict[str, list[tuple[int, int]]] = {}
    for p in result.passages:
        for s in p.spans:
            spans_in.setdefault(name[s.doc], []).append((s.start, s.end))
    missed_inside = sum(
        1
        for c in covered
        for w in planted[c][0]
        if w not in covered[c] and any(a <= w < b for a, b in spans_in.get(c, []))
    )
    planted_words = sum(len(planted[c][0]) for c in covered)
    planted_figures = sum(1 for c in covered if planted[c][1] is not None)
    edits = sum(len(p.edits) for p in result.passages)
    t = result.timings
    print(f"{len(files)} articles and their edited copies: {len(result.passages)} passages")
    print(f"sources: {right} right, {wrong} wrong, {unknown} unknown (half credited, half dated)")
    print(
        f"planted word changes found: {found_words} / {planted_words}; changed figures found: "
        f"{found_figures} / {planted_figures}, flagged as figures: {figures_flagged}; "
        f"edits matching no planted change: {stray} of {edits}; planted changes inside a "
        f"passage but not found: {missed_inside}"
    )
    widest = max((len(p.carried_by) for p in result.passages), default=0)
    print(f"reprint families: {len(result.reprints)}; most documents carrying a passage: {widest}")
    print("stage seconds: " + ", ".join(f"{k} {v:.2f}" for k, v in t.items()))
    print(
        f"reuse stage {t['reuse']:.2f} s = {100 * t['reuse'] / t['passages']:.1f}% of passage "
        f"detection ({t['tokens'] + t['passages']:.2f} s with tokens); whole run {elapsed:.1f} s"
    )
    print(
        f"CPU seconds (least of 3): tokens {cpu[0]:.2f}, passages {cpu[1]:.2f}, reuse "
        f"{cpu[2]:.2f} = {100 * cpu[2] / (cpu[0] + cpu[1]):.1f}% of the passage detection; "
        f"{1000 * cpu[2] / max(1, edits):.3f} ms per edit"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
