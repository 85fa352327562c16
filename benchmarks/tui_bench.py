"""Reader benchmarks: first paint in a real terminal, opening a 1 MB article, keystroke cost.

    python benchmarks/tui_bench.py [--corpus corpus] [--repeat 3]

1. First paint: start ``newsreader CORPUS`` in tmux (160x48) and poll ``capture-pane`` until the
   first article's title and the footer are on screen (wall time from launch, incl. Python start).
2. A 1 MB article (generated, with curly quotes so the wide-character path is exercised):
   time to load it into an article view (wrap + marks) and to paint the first screen, in a
   headless app at 160x48.
3. Per keystroke: mean time of ``down`` and ``pagedown`` key presses in that article, as the
   pilot measures them (includes Textual's own per-key overhead), and the cost of rendering one
   full page of lines with the Line API.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")


def first_paint(corpus: Path, repeat: int) -> list[float]:
    if shutil.which("tmux") is None:
        print("tmux missing: first paint not measured")
        return []
    sys.path.insert(0, str(ROOT))
    from newsreader.core.corpus import load_corpus

    title = load_corpus(corpus).documents[0].title[:30]
    times = []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(repeat):
            name = f"nr-bench-{os.getpid()}-{i}"
            tmux = ["tmux", "-L", name, "-f", os.devnull]
            db = Path(tmp) / f"bench{i}.db"
            script = (
                f"cd {ROOT} && env -u COLUMNS -u LINES TERM=xterm-256color "
                f"{sys.executable} -m newsreader {corpus} --db {db}; sleep 5"
            )
            start = time.perf_counter()
            subprocess.run([*tmux, "new-session", "-d", "-s", name, "-x", "160", "-y", "48",
                            script], check=True)  # fmt: skip
            try:
                while time.perf_counter() - start < 10:
                    out = subprocess.run([*tmux, "capture-pane", "-p", "-t", name],
                                         capture_output=True, text=True).stdout  # fmt: skip
                    if title in out and "help" in out:
                        times.append(time.perf_counter() - start)
                        break
                    time.sleep(0.01)
            finally:
                subprocess.run([*tmux, "kill-server"], capture_output=True)
    return times


def bytes_per_key(corpus: Path, keys: dict[str, bytes], presses: int = 20) -> dict[str, float]:
    """Bytes the reader writes to a real pseudo-terminal (160x48) per key press."""
    import fcntl
    import pty
    import select
    import struct
    import termios

    out: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        pid, fd = pty.fork()
        if pid == 0:  # child: the reader
            env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
            env.update(TERM="xterm-256color", TEXTUAL_ANIMATIONS="none")
            os.chdir(ROOT)
            os.execve(sys.executable, [sys.executable, "-m", "newsreader", str(corpus), "--db",
                      str(Path(tmp) / "b.db")], env)  # fmt: skip
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 48, 160, 0, 0))

        def drain(quiet: float) -> int:
            total, last = 0, time.perf_counter()
            while time.perf_counter() - last < quiet:
                ready, _, _ = select.select([fd], [], [], quiet)
                if ready:
                    try:
                        total += len(os.read(fd, 65536))
                    except OSError:
                        break
                    last = time.perf_counter()
            return total

        out["start-up (whole screen)"] = drain(1.5)  # first paint, analysis results
        for name, key in keys.items():
            total = 0
            for _ in range(presses):
                os.write(fd, key)
                total += drain(0.15)
            out[name] = total / presses
        os.write(fd, b"q")
        drain(0.5)
        os.waitpid(pid, 0)
    return out


def big_text(size: int = 1_000_000) -> str:
    rng = random.Random(7)
    words = (
        "the storm killed people officials said governor press conference capital Monday "
        "“quoted” — rescue teams villages flooded power homes 1,200 coast"
    ).split()
    paras: list[str] = []
    total = 0
    while total < size:
        para = " ".join(rng.choice(words) for _ in range(rng.randint(20, 140)))
        paras.append(para)
        total += len(para) + 2
    return "Big article\n\n" + "\n\n".join(paras)


async def big_article() -> dict[str, float]:
    sys.path.insert(0, str(ROOT))
    from newsreader.core.corpus import Corpus, document_from_text
    from newsreader.tui.app import NewsreaderApp
    from newsreader.tui.widgets.article import ArticleView

    big = document_from_text(big_text(), "big.txt")
    small = document_from_text("Small article\n\nA few words.\n", "small.txt")
    corpus = Corpus("bench", (small, big), ())
    app = NewsreaderApp(corpus, None, analyzer=None, poll_interval=0, cursor_blink=False)
    out: dict[str, float] = {"chars": float(len(big.text))}
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        view = app.query(ArticleView).first()
        t0 = time.perf_counter()
        app.show_document(app.column_of(view), 1)
        await pilot.pause()
        out["open_ms"] = (time.perf_counter() - t0) * 1000
        t0 = time.perf_counter()
        view._rewrap(force=True)
        out["wrap_ms"] = (time.perf_counter() - t0) * 1000
        out["rows"] = float(len(view.wrap))
        for key, n in (("down", 200), ("pagedown", 60)):
            await pilot.press(key)
            t0 = time.perf_counter()
            for _ in range(n):
                await pilot.press(key)
            out[f"{key}_ms"] = (time.perf_counter() - t0) * 1000 / n
        view._cache.clear()
        height = view.scrollable_content_region.height
        t0 = time.perf_counter()
        for y in range(height):
            view.render_line(y)
        out["page_render_ms"] = (time.perf_counter() - t0) * 1000
        # Baseline: what a key press costs in the pilot when the app does nothing with it.
        t0 = time.perf_counter()
        for _ in range(100):
            await pilot.press("f12")
        out["noop_key_ms"] = (time.perf_counter() - t0) * 1000 / 100
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default=str(ROOT / "corpus"))
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    paints = first_paint(Path(args.corpus), args.repeat)
    if paints:
        print(
            f"first paint (tmux 160x48, bundled corpus): median {statistics.median(paints):.2f} s "
            f"(runs: {', '.join(f'{t:.2f}' for t in paints)})"
        )
    sent = bytes_per_key(
        Path(args.corpus), {"right": b"\x1b[C", "down": b"\x1b[B", "pagedown": b"\x1b[6~"}
    )
    print(
        "bytes written per key (real pty, 160x48): "
        + ", ".join(f"{k} {v:,.0f}" for k, v in sent.items())
        + ""
    )
    result = asyncio.run(big_article())
    print(
        f"1 MB article ({result['chars']:,.0f} chars, {result['rows']:,.0f} rows at 160x48): "
        f"open {result['open_ms']:.0f} ms (wrap alone {result['wrap_ms']:.0f} ms)"
    )
    print(
        f"per key in the pilot: down {result['down_ms']:.1f} ms, pagedown "
        f"{result['pagedown_ms']:.1f} ms (a key the app ignores: {result['noop_key_ms']:.1f} ms); "
        f"rendering one full page of lines: {result['page_render_ms']:.1f} ms"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
