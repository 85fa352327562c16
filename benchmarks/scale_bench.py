"""Scale run: thousands of article-sized documents cut from real text, analysed as one corpus.

    python benchmarks/scale_bench.py [PAN13_DOCS_DIR] [--piece 1500] [--steps 4]

Cuts the PAN 2013 documents (real English web pages, with real reuse between them) into pieces
of about ``--piece`` characters at paragraph or sentence ends, writes growing prefixes of that
set to temporary corpus folders, and analyses each in a fresh process. Prints documents,
characters, seconds and peak memory per run, and the time per million characters, which should
stay about flat if cost grows linearly.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT = HERE.parent.parent / "shared" / "bench" / "pan13" / "docs"

CHILD = """
import resource, sys, time
from newsreader.core.analysis import analyze
from newsreader.core.corpus import load_corpus
t0 = time.perf_counter()
corpus = load_corpus(sys.argv[1])
result = analyze(corpus)
elapsed = time.perf_counter() - t0
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
chars = sum(d.length for d in corpus.documents)
print(len(corpus.documents), chars, f"{elapsed:.3f}", f"{peak:.0f}", len(result.passages),
      len(result.mentions), len(result.stories))
"""


def cut(text: str, size: int) -> list[str]:
    pieces: list[str] = []
    start = 0
    while start < len(text):
        end = min(len(text), start + size)
        if end < len(text):
            for mark in ("\n\n", "\n", ". "):
                k = text.rfind(mark, start + size // 2, end)
                if k > 0:
                    end = k + len(mark)
                    break
        piece = text[start:end].strip()
        if len(piece) > size // 4:
            pieces.append(piece)
        start = end
    return pieces


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("path", nargs="?", default=str(DEFAULT))
    ap.add_argument("--piece", type=int, default=1500, help="characters per article (about)")
    ap.add_argument("--steps", type=int, default=4)
    args = ap.parse_args()
    pieces: list[str] = []
    for f in sorted(Path(args.path).glob("*.txt")):
        pieces.extend(cut(f.read_text(encoding="utf-8", errors="replace"), args.piece))
    print(f"machine: {os.cpu_count()} cores; python {sys.version.split()[0]}")
    print(
        f"{'docs':>6} {'chars':>10} {'seconds':>8} {'peak MB':>8} {'s/Mchar':>8} "
        f"{'passages':>8} {'mentions':>8} {'stories':>7}"
    )
    for step in range(1, args.steps + 1):
        count = len(pieces) * step // args.steps
        with tempfile.TemporaryDirectory() as tmp:
            for i, piece in enumerate(pieces[:count]):
                Path(tmp, f"{i:05d}.txt").write_text(piece + "\n", encoding="utf-8")
            out = subprocess.run(
                [sys.executable, "-c", CHILD, tmp], capture_output=True, text=True, check=True
            ).stdout.split()
        docs, chars, secs, peak, passages, mentions, stories = out
        per = float(secs) / (int(chars) / 1e6)
        print(
            f"{docs:>6} {int(chars):>10,} {secs:>8} {peak:>8} {per:>8.2f} "
            f"{passages:>8} {mentions:>8} {stories:>7}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
