"""The article document model alone (no app, no terminal): load, motions, rows, marks.

    python benchmarks/document_bench.py [--repeat 5]

On the 1 MB generated article of ``tui_bench.py`` (curly quotes, so the wide-character path of
the wrap runs), at 160 cells: the time to load it (literal text and wrap), the median cost of
each motion (1,000 times, each from the middle of the text, the jump there included), of
building one page (47 rows) with the cursor and a selection on it, and of indexing 5,000 marks
by row. The pilot's per-key figures in ``tui_bench.py`` add Textual's own cost to these.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from tui_bench import big_text

from newsreader.tui.document.model import ArticleModel
from newsreader.tui.document.navigation import MOTIONS
from newsreader.tui.highlights import Mark


def _median_ms(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    text = big_text()
    model = ArticleModel(width=160)
    load_ms = _median_ms(lambda: model.load(text, len(text) // 2), args.repeat)
    print(f"load {len(text):,} chars at 160 cells ({len(model.wrap):,} rows): {load_ms:.0f} ms")
    middle = len(text) // 2
    per_motion: dict[str, float] = {}
    for how in sorted(MOTIONS):

        def run(how: str = how) -> None:
            for _ in range(1000):
                model.move_to(middle)  # each from the middle, the goal column not yet known
                model.apply(how, page=46)

        per_motion[how] = _median_ms(run, args.repeat)  # ms per 1,000 = µs each
    print("per motion (µs): " + ", ".join(f"{k} {v:.1f}" for k, v in per_motion.items()))
    model.move_to(middle)
    model.apply("pagedown", extend=True, page=20)
    top = model.wrap.row_of(middle) - 10

    def page() -> None:
        for row in range(top, top + 47):
            model.row(row)

    page_ms = _median_ms(page, args.repeat)
    print(f"one page of 47 rows, cursor and selection on it: {page_ms:.2f} ms")
    marks = [Mark(i * 190, i * 190 + 120, "passage", slot=i % 6) for i in range(5000)]
    marks_ms = _median_ms(lambda: model.set_marks(marks), args.repeat)
    print(f"index 5,000 marks by row: {marks_ms:.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
