"""Key latency of the installed reader in a real terminal: a 1,000-article folder against the
bundled 4-article corpus, in one run.

    python benchmarks/key_latency_bench.py [--presses 20] [--articles 1000]

The folder is built from outside data (``../shared/bench``): the 982 ECB+ news articles, then
PAN 2013 source documents until there are ``--articles``. For each folder, ``newsreader`` starts
in a fresh tmux session of 160x48 (``TEXTUAL_ANIMATIONS=none``, a fresh database); the script
times the first screen (the reader's footer, before the corpus is read), the corpus shown (the
status line's ``1/N``) and the analysis done (``N passages`` in the status line), from launch.
Then, for each key, ``--presses`` times: capture the pane (with its styles, ``capture-pane
-e``), ``send-keys``, and poll ``capture-pane`` until it differs: the time from the key sent to
the screen changed (the poll costs a few milliseconds, which every figure includes). Between
presses the screen is left to settle (no change across three polls); each motion starts from
the top of the article (ctrl+home, untimed). ``/`` and ``t`` are timed opening, then Escape
closing. Medians and p90 per key, and the ratio of the big folder's
median to the small one's.
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT.parent / "shared" / "bench"
ANALYSED = re.compile(r"\d[\d,]* passages?, \d[\d,]* conflicts?")

# (what, the key, what Escape does next: timed too, before the next press)
KEYS: list[tuple[str, str, str | None]] = [
    ("right", "Right", None),
    ("down", "Down", None),
    ("page down", "NPage", None),
    ("n (next passage)", "n", None),
    ("] (next document)", "]", None),
    ("/ (search opens)", "/", "Escape (search closes)"),
    ("t (tag dialog opens)", "t", "Escape (dialog closes)"),
]
LABELS = [x for what, _key, then in KEYS for x in (what, then) if x is not None]


def reader() -> list[str]:
    exe = shutil.which("newsreader")
    return [exe] if exe else [sys.executable, "-m", "newsreader"]


def build_folder(folder: Path, articles: int) -> int:
    """Copy ECB+ articles, then PAN source documents, into ``folder``; its characters."""
    sources = sorted((BENCH / "ecbplus" / "docs").glob("*.txt"))
    sources += sorted((BENCH / "pan13" / "docs").glob("source-document*.txt"))
    if len(sources) < articles:
        raise SystemExit(f"only {len(sources)} texts under {BENCH}")
    chars = 0
    for i, src in enumerate(sources[:articles]):
        text = src.read_text(encoding="utf-8")
        (folder / f"{i:04d}_{src.name}").write_text(text, encoding="utf-8")
        chars += len(text)
    return chars


class Pane:
    def __init__(self, name: str) -> None:
        self.name = name

    def tmux(self, *args: str) -> str:
        command = ["tmux", "-L", self.name, "-f", os.devnull, *args]
        return subprocess.run(command, capture_output=True, text=True, timeout=10).stdout

    def screen(self, escapes: bool = True) -> str:
        return self.tmux("capture-pane", *(["-e"] if escapes else []), "-p", "-t", self.name)

    def until(self, ok: Callable[[str], bool], timeout: float, escapes: bool = True) -> float:
        """Seconds until ``ok(screen)``; polls as fast as tmux answers."""
        start = time.perf_counter()
        while time.perf_counter() - start < timeout:
            if ok(self.screen(escapes)):
                return time.perf_counter() - start
        raise SystemExit(f"timed out after {timeout}s:\n{self.tmux('capture-pane', '-p')}")

    def press(self, key: str) -> float:
        """Seconds from ``send-keys KEY`` to the screen changed (once it has settled)."""
        before = self.settle()
        start = time.perf_counter()
        self.tmux("send-keys", "-t", self.name, key)
        self.until(lambda s: s != before, 10)
        return time.perf_counter() - start

    def settle(self) -> str:
        """The screen once three polls in a row see it unchanged."""
        last, same = self.screen(), 0
        while same < 3:
            time.sleep(0.02)
            now = self.screen()
            same = same + 1 if now == last else 0
            last = now
        return last


def run(corpus: Path, db: Path, presses: int) -> dict[str, object]:
    name = f"nr-keys-{os.getpid()}-{corpus.name}"
    pane = Pane(name)
    settings = "TEXTUAL_ANIMATIONS=none TERM=xterm-256color"
    command = shlex.join([*reader(), str(corpus), "--db", str(db), "--user", "bench"])
    script = f"env -u COLUMNS -u LINES -u COLORTERM {settings} {command}; sleep 60"
    start = time.perf_counter()
    subprocess.run(["tmux", "-L", name, "-f", os.devnull, "new-session", "-d", "-s", name,
                    "-x", "160", "-y", "48", script], check=True)  # fmt: skip
    out: dict[str, object] = {}
    try:
        pane.until(lambda s: "help" in s and "quit" in s, 30, escapes=False)
        out["first screen"] = time.perf_counter() - start
        pane.until(lambda s: re.search(r" 1/[\d,]+ \d+:", s) is not None, 120, escapes=False)
        out["corpus shown"] = time.perf_counter() - start
        pane.until(lambda s: ANALYSED.search(s) is not None, 300, escapes=False)
        out["analysis done"] = time.perf_counter() - start
        for what, key, then in KEYS:
            if then is None:
                times = []
                for _ in range(presses):
                    if key != "]":
                        pane.tmux("send-keys", "-t", name, "C-Home")  # untimed: from the top
                    times.append(pane.press(key))
                out[what] = times
                continue
            opened: list[float] = []
            closed: list[float] = []
            for _ in range(presses):
                opened.append(pane.press(key))
                closed.append(pane.press("Escape"))
            out[what], out[then] = opened, closed
        pane.settle()
        pane.tmux("send-keys", "-t", name, "q")
    finally:
        pane.tmux("kill-server")
    return out


def p90(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.9 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--presses", type=int, default=20)
    parser.add_argument("--articles", type=int, default=1000)
    args = parser.parse_args()
    if shutil.which("tmux") is None:
        raise SystemExit("tmux is not installed")
    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp) / "big"
        big.mkdir()
        chars = build_folder(big, args.articles)
        print(f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the start")
        print(f"big folder: {args.articles:,} articles, {chars:,} characters")
        small = run(ROOT / "corpus", Path(tmp) / "small.db", args.presses)
        large = run(big, Path(tmp) / "big.db", args.presses)
    for what in ("first screen", "corpus shown", "analysis done"):
        print(f"{what:>24}: 4 articles {small[what]:.2f} s, big folder {large[what]:.2f} s")
    print(f"{'key':>24}  {'4 articles: median / p90':>26}  {'big folder: median / p90':>26}  ratio")
    for label in LABELS:
        a, b = small[label], large[label]
        assert isinstance(a, list) and isinstance(b, list)
        ma, mb = statistics.median(a), statistics.median(b)
        print(
            f"{label:>24}  {1000 * ma:>11.0f} / {1000 * p90(a):>4.0f} ms"
            f"  {1000 * mb:>18.0f} / {1000 * p90(b):>4.0f} ms  {mb / ma:5.2f}"
        )
    print(f"load average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()
