"""The passage keys of the installed reader in a real terminal, against keys that do the same
kind of work, in one run: ``d`` (the diff opens) against ``?`` (the help opens), Escape closing
each; ``g`` (the counterpart article) against Tab (the next column).

    python benchmarks/diff_bench.py [--presses 20] [--size 160x48]

On the bundled corpus in tmux (``TEXTUAL_ANIMATIONS=none``, a fresh database), once the
analysis is done. Before each ``d`` and ``g`` the cursor is put, untimed, on the fourth shared
passage of the first article (Ctrl+Home, ``n`` four times: the one AMN reprinted with edits).
Each figure is the time from ``send-keys`` to the screen showing the result (the diff's or the
help's closing hint on screen or gone, the status line naming the other article), polled with
``capture-pane`` as fast as tmux answers (every figure includes that poll).
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from key_latency_bench import ANALYSED, ROOT, Pane, p90, reader

DIFF, HELP = "esc or q closes", "esc or ? closes"


def timed(pane: Pane, key: str, ok: re.Pattern[str] | str, gone: bool = False) -> float:
    """Seconds from ``send-keys KEY`` (on a settled screen) to ``ok`` on screen (or gone)."""
    pane.settle()
    pattern = re.compile(re.escape(ok)) if isinstance(ok, str) else ok
    start = time.perf_counter()
    pane.tmux("send-keys", "-t", pane.name, key)
    pane.until(lambda s: (pattern.search(s) is None) == gone, 10, escapes=False)
    return time.perf_counter() - start


def on_the_passage(pane: Pane) -> None:
    pane.tmux("send-keys", "-t", pane.name, "C-Home", "n", "n", "n", "n")
    pane.settle()


def run(db: Path, presses: int, size: tuple[int, int]) -> dict[str, list[float]]:
    name = f"nr-diff-{os.getpid()}"
    pane = Pane(name)
    settings = "TEXTUAL_ANIMATIONS=none TERM=xterm-256color"
    command = shlex.join([*reader(), str(ROOT / "corpus"), "--db", str(db), "--user", "bench"])
    script = f"cd {shlex.quote(str(ROOT))} && env -u COLUMNS -u LINES -u COLORTERM {settings} "
    script += f"{command}; sleep 60"
    width, height = (str(n) for n in size)
    subprocess.run(["tmux", "-L", name, "-f", os.devnull, "new-session", "-d", "-s", name,
                    "-x", width, "-y", height, script], check=True)  # fmt: skip
    out: dict[str, list[float]] = {k: [] for k in LABELS}
    # The status line names the article in focus: "2/4 ROW:PCT%".
    second, first = re.compile(r"\b2/4 \d+:"), re.compile(r"\b1/4 \d+:")
    try:
        pane.until(lambda s: ANALYSED.search(s) is not None, 60, escapes=False)
        for _ in range(presses):
            on_the_passage(pane)
            out["d (diff opens)"].append(timed(pane, "d", DIFF))
            out["Escape (diff closes)"].append(timed(pane, "Escape", DIFF, gone=True))
            out["? (help opens)"].append(timed(pane, "?", HELP))
            out["Escape (help closes)"].append(timed(pane, "Escape", HELP, gone=True))
            out["g (counterpart)"].append(timed(pane, "g", second))
            out["Tab (next column)"].append(timed(pane, "Tab", first))
        pane.tmux("send-keys", "-t", name, "q")
    finally:
        pane.tmux("kill-server")
    return out


LABELS = ["d (diff opens)", "? (help opens)", "Escape (diff closes)", "Escape (help closes)",
          "g (counterpart)", "Tab (next column)"]  # fmt: skip
BASELINE = {"d (diff opens)": "? (help opens)", "Escape (diff closes)": "Escape (help closes)",
            "g (counterpart)": "Tab (next column)"}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--presses", type=int, default=20)
    parser.add_argument("--size", default="160x48")
    args = parser.parse_args()
    size = tuple(int(n) for n in args.size.split("x"))
    print(f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the start")
    with tempfile.TemporaryDirectory() as tmp:
        out = run(Path(tmp) / "bench.db", args.presses, (size[0], size[1]))
    medians = {k: statistics.median(v) for k, v in out.items()}
    for label in LABELS:
        ratio = ""
        if label in BASELINE:
            ratio = f"  {medians[label] / medians[BASELINE[label]]:.2f} times {BASELINE[label]}"
        print(f"{label:>22}: median {1000 * medians[label]:4.0f} ms, "
              f"p90 {1000 * p90(out[label]):4.0f} ms{ratio}")  # fmt: skip
    print(f"load average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()
