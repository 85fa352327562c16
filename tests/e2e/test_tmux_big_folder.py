"""A folder of over a million characters in a real terminal: the analysis runs its second
process from the reader's worker thread, where Textual has replaced ``sys.stderr``. It failed
there ("Analysis failed: bad value(s) in fds_to_keep") and the reader showed no highlight."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from tmux_reader import EXIT_MARK, ROOT, reader_in_tmux

from newsreader.core.analysis import PARALLEL_MIN_CHARS

PAN = ROOT.parent / "shared" / "bench" / "pan13" / "docs"

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")


def test_a_big_folder_is_analysed_in_the_reader(tmp_path: Path) -> None:
    if not PAN.is_dir():
        pytest.skip(f"PAN 2013 documents not found at {PAN}")
    folder = tmp_path / "big"
    folder.mkdir()
    size = 0
    for f in sorted(PAN.glob("*.txt")):
        shutil.copy(f, folder / f.name)
        size += len(f.read_text(encoding="utf-8"))
        if size > PARALLEL_MIN_CHARS * 1.2:
            break
    db = tmp_path / "a.db"
    with reader_in_tmux([str(folder), "--db", str(db), "--user", "e2e"]) as term:
        shown = term.wait_for(" passages, ", timeout=90)
        assert "analysis failed" not in shown
        term.keys("q")
        term.wait_for(f"{EXIT_MARK}0", timeout=20)
