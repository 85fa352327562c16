"""The lean engine's bar: a feed analysed against the floor of reading and tokenising it.

    python benchmarks/lean_bench.py [PAN13_DOCS_DIR] [--sizes 1000,5000] [--piece 4000]
        [--profile N] [--keep DIR]

Builds feeds of ``--sizes`` article-sized documents from real text and, for each, runs in fresh
processes (one after the other, so they do not compete):

* the *floor*: read every file, tokenise it (``newsreader.core.text.tokenize``) and intern its
  words, in Python: the least any analysis in this language must do;
* the *analysis*: ``load_corpus`` + ``analyze``, as ``newsreader analyze`` runs it.

Prints seconds, the ratio of the two (wall clock, and CPU seconds of the process, steadier on a
busy machine; the numbers worker runs beside the analysis and is not in its CPU), peak memory
(``ru_maxrss`` of the analysing process, and of the numbers worker it starts, both fresh) in MB
and MB per million characters, and the time of each stage (``Analysis.timings``; "load" is
``load_corpus``). ``--profile N`` profiles the analysis of the feed of N documents (cProfile,
top functions by own time, and tracemalloc's peak by line), separately from the timed runs.

The feed: the PAN 2013 pages cut into pieces of about ``--piece`` characters at paragraph or
sentence ends (real English with real reuse between the pieces, as in ``scale_bench.py``).
Feeds larger than the pieces repeat them as *copies*: copy k > 0 spells every word of four
letters or more through its own permutation of the alphabet, so its documents share the
reuse, the lengths, the figures and the short function words of the originals but no content
words or n-grams with other copies. Its vocabulary therefore grows with the feed (a harder case
than real news, whose vocabulary grows more slowly).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
DEFAULT = HERE.parent.parent / "shared" / "bench" / "pan13" / "docs"
sys.path.insert(0, str(HERE))

from scale_bench import cut  # noqa: E402

# Written out here rather than calling the engine's tokenizer, so the floor stays the same
# while the engine changes: lower-cased words with their offsets, as lists, interned in a dict.
FLOOR = """
import json, re, resource, sys, time
from pathlib import Path
word = re.compile(r"\\w+")
t0 = time.perf_counter()
vocab = {}
kept = []
chars = 0
for path in sorted(Path(sys.argv[1]).glob("*.txt")):
    text = path.read_text(encoding="utf-8")
    chars += len(text)
    words, starts, ends = [], [], []
    for m in word.finditer(text.lower()):
        words.append(m.group())
        starts.append(m.start())
        ends.append(m.end())
    kept.append(([vocab.setdefault(w, len(vocab)) for w in words], words, starts, ends))
elapsed = time.perf_counter() - t0
usage = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"seconds": elapsed, "cpu": usage.ru_utime + usage.ru_stime,
                  "peak": usage.ru_maxrss / 1024, "chars": chars}))
"""

FULL = """
import json, resource, sys, time
from newsreader.core.analysis import analyze
from newsreader.core.corpus import load_corpus
t0 = time.perf_counter()
corpus = load_corpus(sys.argv[1])
loaded = time.perf_counter() - t0
result = analyze(corpus)
elapsed = time.perf_counter() - t0
usage = resource.getrusage(resource.RUSAGE_SELF)
worker = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(json.dumps({
    "seconds": elapsed, "cpu": usage.ru_utime + usage.ru_stime, "peak": usage.ru_maxrss / 1024,
    "worker": worker,
    "chars": sum(d.length for d in corpus.documents), "docs": len(corpus.documents),
    "timings": {"load": loaded, **result.timings},
    "passages": len(result.passages), "mentions": len(result.mentions),
    "stories": len(result.stories),
    "engine": sys.modules[analyze.__module__].__file__,
}))
"""

PROFILE = """
import cProfile, pstats, sys, tracemalloc
from newsreader.core import analysis
from newsreader.core.corpus import load_corpus
prof = cProfile.Profile()
prof.enable()
analysis.analyze(load_corpus(sys.argv[1]))
prof.disable()
pstats.Stats(prof).sort_stats("tottime").print_stats(25)
# Memory held when stories start: the corpus, its tokens and the passages are all alive.
snaps = []
group_stories = analysis.group_stories
def held(*args, **kwargs):
    snaps.append(tracemalloc.take_snapshot())
    return group_stories(*args, **kwargs)
analysis.group_stories = held
tracemalloc.start(1)
analysis.analyze(load_corpus(sys.argv[1]))
_, peak = tracemalloc.get_traced_memory()
print(f"tracemalloc peak {peak / 2**20:.0f} MB; held when stories start, by line:")
for stat in snaps[0].statistics("lineno")[:15]:
    print(f"  {stat.size / 2**20:8.1f} MB  {stat.traceback}")
"""

_LONG_WORD = re.compile(r"[A-Za-z]{4,}")


def _cipher(text: str, copy: int) -> str:
    """The text with every word of four letters or more spelled through copy's alphabet."""
    if copy == 0:
        return text
    letters = list("abcdefghijklmnopqrstuvwxyz")
    random.Random(copy).shuffle(letters)
    table = str.maketrans("abcdefghijklmnopqrstuvwxyz" + "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
                          "".join(letters) + "".join(letters).upper())  # fmt: skip
    return _LONG_WORD.sub(lambda m: m.group().translate(table), text)


def feed(pieces: list[str], count: int) -> list[str]:
    """``count`` documents: the pieces, then ciphered copies of them."""
    return [_cipher(pieces[i % len(pieces)], i // len(pieces)) for i in range(count)]


def _child(
    code: str, folder: str, capture: bool = True, source: str | None = None
) -> dict[str, Any]:
    env = dict(os.environ)
    if source is not None:  # another checkout of the engine, ahead of the installed one
        env["PYTHONPATH"] = source
    out = subprocess.run(
        [sys.executable, "-c", code, folder],
        capture_output=capture,
        text=True,
        check=True,
        env=env,
        cwd=folder,
    )
    return json.loads(out.stdout) if capture else {}


def _row(name: str, floor: dict[str, Any], full: dict[str, Any]) -> str:
    mchars = full["chars"] / 1e6
    peak = full["peak"] + full["worker"]
    stages = " ".join(f"{k} {v:.2f}" for k, v in full["timings"].items())
    return (
        f"  {name:>6}: {full['seconds']:7.2f} s = {full['seconds'] / floor['seconds']:5.2f} x floor"
        f" (CPU {full['cpu']:6.2f} s = {full['cpu'] / floor['cpu']:5.2f} x)"
        f" | peak {full['peak']:6.0f} MB + worker {full['worker']:5.0f} MB ="
        f" {peak / mchars:5.1f} MB/M chars | passages {full['passages']} mentions"
        f" {full['mentions']} stories {full['stories']}\n          stages: {stages}"
        f"\n          engine: {full['engine']}"
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("path", nargs="?", default=str(DEFAULT))
    ap.add_argument("--sizes", default="1000,5000", help="documents per feed, comma-separated")
    ap.add_argument("--piece", type=int, default=4000, help="characters per article (about)")
    ap.add_argument("--profile", type=int, default=0, help="profile the feed of N documents")
    ap.add_argument(
        "--before",
        metavar="DIR",
        help="also analyse each feed with the engine in DIR (e.g. `git archive main` unpacked)",
    )
    args = ap.parse_args()
    try:
        sizes = [int(s) for s in args.sizes.split(",")]
    except ValueError:
        print(f"lean_bench: --sizes: not a list of whole numbers: {args.sizes}", file=sys.stderr)
        return 2
    pieces: list[str] = []
    for f in sorted(Path(args.path).glob("*.txt")):
        pieces.extend(cut(f.read_text(encoding="utf-8", errors="replace"), args.piece))
    if not pieces:
        print(f"lean_bench: no .txt files in {args.path}", file=sys.stderr)
        return 2
    print(f"machine: {os.cpu_count()} cores; python {sys.version.split()[0]}; "
          f"{len(pieces)} pieces of real text, copies beyond that")  # fmt: skip
    for count in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            for i, text in enumerate(feed(pieces, count)):
                Path(tmp, f"{i:06d}.txt").write_text(text + "\n", encoding="utf-8")
            floor = _child(FLOOR, tmp)
            runs = [("now", _child(FULL, tmp))]
            if args.before:
                runs.append(("before", _child(FULL, tmp, source=args.before)))
            if count == args.profile:
                _child(PROFILE, tmp, capture=False)
        mchars = floor["chars"] / 1e6
        print(
            f"{count:>7,} docs {mchars:6.1f} M chars | floor {floor['seconds']:6.2f} s"
            f" (CPU {floor['cpu']:.2f} s)"
            f" {floor['peak']:5.0f} MB"
        )
        for name, full in runs:
            print(_row(name, floor, full), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
