"""Key bursts in a real terminal (one tmux ``send-keys`` call, so the reader reads them at
once): the tag dialog opened, filled and closed twice in one burst, and a key right after q.
No traceback, a clean exit, every confirmed tag in the database."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from tmux_reader import EXIT_MARK, ROOT, reader_in_tmux

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")

CORPUS = ROOT / "corpus"


def labels(db: Path) -> list[str]:
    with sqlite3.connect(db) as conn:
        return [row[0] for row in conn.execute("SELECT label FROM annotations ORDER BY start")]


def test_tag_bursts_never_crash_nor_merge(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    with reader_in_tmux([str(CORPUS), "--db", str(db)]) as term:
        # The corpus shown, not only the first screen: while it is read, a quit key typed is
        # quitting (the keys before it dropped), and the q of "qb2" would quit.
        term.wait_for("1/4 ")
        term.keys("t", "qb2", "Enter", "Enter", "C-Right", "C-Right", "t", "qb3", "Enter")
        term.wait_for("Tagged “qb3”")
        assert labels(db) == ["qb2", "qb3"]
        term.keys("q")
        shown = term.wait_for(EXIT_MARK)
    assert "Traceback" not in shown and f"{EXIT_MARK}0" in shown


@pytest.mark.parametrize("after", ["o", "t", "e", "+"])
def test_a_key_right_after_q_quits_cleanly(tmp_path: Path, after: str) -> None:
    with reader_in_tmux([str(CORPUS), "--db", str(tmp_path / "a.db")]) as term:
        term.wait_for("help")
        term.keys("q", after, after)
        shown = term.wait_for(EXIT_MARK)
    assert "Traceback" not in shown
    assert f"{EXIT_MARK}0" in shown


def test_ctrl_right_and_shift_f3_as_tmux_sends_them(tmp_path: Path) -> None:
    word = "the"
    with reader_in_tmux([str(CORPUS), "--db", str(tmp_path / "a.db")]) as term:
        term.wait_for("help")
        term.keys("C-Right", "S-Right", "S-Right")  # ESC[1;5C, then select 2 characters
        term.wait_for("2 chars selected")
        term.keys("Escape", "Home", "/", word, "Enter")
        shown = term.wait_for(f"“{word}” 1/")
        total = shown.split(f"“{word}” 1/")[1].split()[0]
        assert int(total) >= 3, shown
        term.keys("F3", "F3")
        term.wait_for(f"“{word}” 3/{total}")
        term.keys("S-F3")  # tmux sends ESC[1;2R
        term.wait_for(f"“{word}” 2/{total}")
        term.keys("q")
        shown = term.wait_for(EXIT_MARK)
    assert "Traceback" not in shown and f"{EXIT_MARK}0" in shown
