"""First screen of the reader against a bare Textual app's, alternating, in one run.

    python benchmarks/startup_bench.py [--corpus corpus] [--rounds 7]

Each round starts, in a fresh tmux session of 160x48, first a bare Textual app (one Static and a
Footer: Python, Textual's import and its first paint, nothing of ours) and then ``newsreader
CORPUS``, and polls ``capture-pane`` until each shows its first screen (the bare app's text; the
reader's frame and footer, then its first article's title: the corpus is read after the
first paint). Wall time from launch. The two alternate so a busy moment
of the machine falls on both; medians and their ratio are printed (issue 11's target: the
reader within 1.3 times the bare app).

Our package's bytecode is compiled first, as ``pip install`` compiles an installed package's
(and Textual's was when it was installed): with ``PYTHONDONTWRITEBYTECODE`` set, an editable
checkout would otherwise compile its modules on every start, a cost no installed reader pays.
"""

from __future__ import annotations

import argparse
import compileall
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

BARE_APP = """
from textual.app import App
from textual.widgets import Footer, Static

class Bare(App):
    def compose(self):
        yield Static("bare app ready")
        yield Footer()

Bare().run()
"""


def _first_screen(command: str, marks: tuple[str, ...], name: str) -> float:
    return _stages(command, [lambda out: all(mark in out for mark in marks)], name)[0]


def _stages(command: str, stages: list[Callable[[str], bool]], name: str) -> list[float]:
    """Seconds from launch until each of ``stages`` (tests of the screen) first holds."""
    tmux = ["tmux", "-L", name, "-f", os.devnull]
    script = f"cd {ROOT} && env -u COLUMNS -u LINES TERM=xterm-256color {command}; sleep 5"
    start = time.perf_counter()
    subprocess.run([*tmux, "new-session", "-d", "-s", name, "-x", "160", "-y", "48", script],
                   check=True)  # fmt: skip
    times: list[float] = []
    try:
        while time.perf_counter() - start < 15:
            out = subprocess.run([*tmux, "capture-pane", "-p", "-t", name],
                                 capture_output=True, text=True).stdout  # fmt: skip
            now = time.perf_counter() - start
            while len(times) < len(stages) and stages[len(times)](out):
                times.append(now)
            if len(times) == len(stages):
                return times
            time.sleep(0.01)
        raise RuntimeError(f"no first screen after 15 s: {command}")
    finally:
        subprocess.run([*tmux, "kill-server"], capture_output=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default=str(ROOT / "corpus"))
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    if shutil.which("tmux") is None:
        print("tmux is not installed")
        return 1
    sys.path.insert(0, str(ROOT))
    compileall.compile_dir(ROOT / "newsreader", quiet=1)
    from newsreader.core.corpus import load_corpus

    title = load_corpus(args.corpus).documents[0].title[:30]
    bare: list[float] = []
    reader: list[float] = []
    shown: list[float] = []

    def painted(out: str) -> bool:  # the reader's frame and footer, articles or not
        return "help" in out and (title in out or "Reading articles" in out)

    with tempfile.TemporaryDirectory() as tmp:
        app = Path(tmp) / "bare.py"
        app.write_text(BARE_APP)
        for i in range(args.rounds):
            tag = f"{os.getpid()}-{i}"
            bare.append(_first_screen(f"{sys.executable} {app}", ("bare app ready",), f"b{tag}"))
            db = Path(tmp) / f"r{i}.db"
            command = f"{sys.executable} -m newsreader {args.corpus} --db {db}"
            first, articles = _stages(command, [painted, lambda out: title in out], f"r{tag}")
            reader.append(first)
            shown.append(articles)
    b, r, a = statistics.median(bare), statistics.median(reader), statistics.median(shown)
    # Each round's own ratio: a busy moment of the machine falls on both of its runs.
    ratios = sorted(x / y for x, y in zip(reader, bare, strict=True))
    quartiles = statistics.quantiles(ratios, n=4) if len(ratios) > 1 else ratios * 3
    print(
        f"first screen in tmux at 160x48, medians of {args.rounds} alternated rounds, "
        f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}:\n"
        f"  bare Textual app  {b:.3f} s\n"
        f"  newsreader        {r:.3f} s  ({r / b:.2f} x the bare app; target 1.3 x)\n"
        f"  per round         median {statistics.median(ratios):.2f} x, quartiles "
        f"{quartiles[0]:.2f}-{quartiles[2]:.2f}\n"
        f"  articles shown    {a:.3f} s  ({a / b:.2f} x; the corpus is read after the first "
        "paint)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
