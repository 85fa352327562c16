"""The tag detail in a real terminal (tmux, 80x24): the installed command shows a tag's account
and history from the trail, and Escape closes it."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest
from tmux_reader import EXIT_MARK, ROOT, Terminal, reader_in_tmux

from newsreader.core.corpus import load_corpus
from newsreader.store import Store
from newsreader.store.annotations import os_account

CORPUS = ROOT / "corpus"

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")


def _until_gone(term: Terminal, text: str, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while text in term.screen():
        assert time.monotonic() < deadline, f"{text!r} still on screen:\n{term.screen()}"
        time.sleep(0.05)


def test_i_shows_the_tags_history_and_escape_closes_it(tmp_path: Path) -> None:
    db = tmp_path / "annotations.db"
    first = load_corpus(CORPUS).documents[0]
    word = next(i for i, ch in enumerate(first.text) if not ch.isalnum())
    with Store.open(db, user="e2e") as store:
        ann = store.add(first, 0, word, "claim", "first")
        store.update(ann.id, label="disputed", note="second")
    with reader_in_tmux([str(CORPUS), "--db", str(db), "--user", "e2e"], size=(80, 24)) as term:
        term.wait_for("tag disputed by e2e")  # the cursor starts on the tag
        term.keys("i")
        term.wait_for("History (oldest first)")
        shown = term.wait_for("label claim -> disputed, note changed")
        assert f"e2e, from the account {os_account()}" in shown
        assert "added" in shown and "edited" in shown and ann.id[:8] in shown
        term.keys("Escape")
        _until_gone(term, "History (oldest first)")
        term.keys("q")
        term.wait_for(f"{EXIT_MARK}0")
