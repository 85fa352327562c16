"""Start-up (issue 11, item 7): what the first screen costs, and that it costs nothing later.

The figures are measured by ``benchmarks/startup_bench.py``; these tests hold the behaviour the
savings rest on: the garbage collector is off only until the articles are painted (and on again
however the reader ends).
"""

from __future__ import annotations

import gc
import threading

from tui_helpers import screen_text

from newsreader.cli import main
from newsreader.tui.app import NewsreaderApp


async def test_shown_is_called_once_when_the_loaded_articles_are_on_screen(corpus):
    go = threading.Event()

    def load(progress):
        go.wait(30)
        return corpus

    seen: list[str] = []
    app = NewsreaderApp(
        load, None, analyzer=None, poll_interval=0, cursor_blink=False,
        shown=lambda: seen.append(screen_text(app)),
    )  # fmt: skip
    async with app.run_test(size=(100, 30)) as pilot:
        try:
            await pilot.pause()
            assert seen == []  # the frame is up, the articles are not
        finally:
            go.set()
        for _ in range(200):  # the loader posts its result; wait for the call
            await pilot.pause()
            if seen:
                break
        await pilot.press("j", "j")  # later repaints do not call it again
        await pilot.pause()
    assert len(seen) == 1
    assert corpus.documents[0].title in seen[0]


def test_the_collector_is_on_again_when_the_reader_is_refused(tmp_path, capsys):
    assert gc.isenabled()
    assert main(["read", str(tmp_path / "nosuch")]) == 2
    assert gc.isenabled()
    (tmp_path / "a.txt").write_text("An article.\n")
    assert main(["read", str(tmp_path)]) == 2  # pytest's stdin is not a terminal
    assert "needs a terminal" in capsys.readouterr().err
    assert gc.isenabled()
