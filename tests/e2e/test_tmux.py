"""Drive the installed ``newsreader`` command in a real terminal (tmux): tag a span, quit, and
check the database with plain sqlite3."""

from __future__ import annotations

import shutil
import sqlite3
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from tmux_reader import ROOT, Terminal, reader_in_tmux

CORPUS = ROOT / "corpus"

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[tuple[Terminal, Path]]:
    db = tmp_path / "annotations.db"
    with reader_in_tmux([str(CORPUS), "--db", str(db), "--user", "e2e"]) as term:
        yield term, db


def test_tag_with_keys_then_quit(terminal: tuple[Terminal, Path]) -> None:
    term, db = terminal
    from newsreader.core.corpus import load_corpus

    first = load_corpus(CORPUS).documents[0]
    term.wait_for(first.title[:40])
    term.wait_for("help")  # the footer is drawn
    # Select the first word with shift+arrows, then extend it in selection mode.
    word = next(i for i, ch in enumerate(first.text) if not ch.isalnum())
    term.keys(*["S-Right"] * word)
    term.wait_for(f"{word} chars selected")
    term.keys("t")
    term.wait_for("label (type to filter or add)")
    term.keys("e2e-label")
    term.wait_for("new label: e2e-label")
    term.keys("Tab")
    time.sleep(0.2)
    term.keys("typed in tmux")
    term.wait_for("typed in tmux")
    term.keys("Enter")
    term.wait_for("Tagged")
    # Saved the moment it was confirmed: visible to another connection before quitting.
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            'SELECT start, "end", label, note, quote, author FROM annotations'
        ).fetchall()
    assert rows == [(0, word, "e2e-label", "typed in tmux", first.text[:word], "e2e")]
    term.keys("q")
    term.wait_for("NEWSREADER-EXIT=0")


def test_v_mode_selection_without_shift(terminal: tuple[Terminal, Path]) -> None:
    term, db = terminal
    from newsreader.core.corpus import load_corpus

    first = load_corpus(CORPUS).documents[0]
    term.wait_for(first.title[:40])
    term.keys("v", "Right", "Right", "Right")
    term.wait_for("SELECT")
    term.keys("t")
    term.wait_for("label (type to filter or add)")
    term.keys("claim")
    term.wait_for("claim")
    term.keys("Enter")
    term.wait_for("Tagged")
    term.keys("q")
    term.wait_for("NEWSREADER-EXIT=0")
    with sqlite3.connect(db) as conn:
        rows = conn.execute('SELECT start, "end", label, quote FROM annotations').fetchall()
    assert rows == [(0, 3, "claim", first.text[:3])]


def _wait_until(term: Terminal, ok: Callable[[str], bool], timeout: float = 15.0) -> str:
    deadline = time.monotonic() + timeout
    shown = term.screen()
    while not ok(shown):
        if time.monotonic() > deadline:
            raise AssertionError(f"screen never became as expected:\n{shown}")
        time.sleep(0.05)
        shown = term.screen()
    return shown


def test_keys_in_one_burst_reach_the_dialog(terminal: tuple[Terminal, Path]) -> None:
    """Fast typing over a slow link: the key that opens the dialog and everything typed after
    it arrive in one write, before the dialog exists. Nothing may be lost or run as a command
    ("q" in "quote" must not quit)."""
    term, db = terminal
    from newsreader.core.corpus import load_corpus

    first = load_corpus(CORPUS).documents[0]
    term.wait_for(first.title[:40])
    term.wait_for("help")
    term.keys("tquote", "Tab", "fast note", "Enter")  # one send-keys call: one burst
    term.wait_for("Tagged")
    word = next(i for i, ch in enumerate(first.text) if not ch.isalnum())
    with sqlite3.connect(db) as conn:
        rows = conn.execute('SELECT start, "end", label, note FROM annotations').fetchall()
    assert rows == [(0, word, "quote", "fast note")]
    term.keys("/quote")  # the search box gets "quote"; the reader does not quit
    # The footer drops "q quit" while the search box has focus, and shows it again once
    # Escape closed the box. (Waiting for that, not for a time: a lone ESC followed too soon
    # by "q" is read by any terminal program as Alt+Q.)
    _wait_until(term, lambda shown: "q quit" not in shown)
    assert "NEWSREADER-EXIT" not in term.screen()
    term.keys("Escape")
    _wait_until(term, lambda shown: "q quit" in shown)
    term.keys("q")
    term.wait_for("NEWSREADER-EXIT=0")
