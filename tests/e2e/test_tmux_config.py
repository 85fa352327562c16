"""A project's newsreader.toml in a real terminal: a rebound key opens the tag dialog (and the
keys typed after it go there), the old key does nothing; a bad file stops the reader with one
line and status 2 before it starts."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from tmux_reader import EXIT_MARK, ROOT, reader_in_tmux

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")


def project(tmp_path: Path, config: str) -> Path:
    corpus = tmp_path / "corpus"
    shutil.copytree(ROOT / "corpus", corpus)
    (corpus / "newsreader.toml").write_text(config, encoding="utf-8")
    return corpus


def test_a_rebound_key_in_a_real_terminal(tmp_path: Path) -> None:
    corpus = project(tmp_path, '[keymap]\n"tag.add" = "a"\n')
    db = tmp_path / "a.db"
    with reader_in_tmux([str(corpus), "--db", str(db)]) as term:
        term.wait_for("help")
        # Were t still the key, "aqb2" would be the label; "qb2" right after a goes to the
        # dialog a opens, not to the article (where q quits).
        term.keys("t", "a", "qb2", "Enter")
        term.wait_for("Tagged “qb2”")
        with sqlite3.connect(db) as conn:
            assert [r[0] for r in conn.execute("SELECT label FROM annotations")] == ["qb2"]
        term.keys("q")
        shown = term.wait_for(EXIT_MARK)
    assert "Traceback" not in shown and f"{EXIT_MARK}0" in shown


def test_a_bad_file_stops_the_reader_before_it_starts(tmp_path: Path) -> None:
    corpus = project(tmp_path, '# keys\n[keymap]\n"tag.add" = "ctlr+t"\n')
    db = tmp_path / "a.db"
    with reader_in_tmux([str(corpus), "--db", str(db)], size=(200, 20)) as term:
        shown = term.wait_for(EXIT_MARK)
    assert f"{EXIT_MARK}2" in shown
    assert f"newsreader: {corpus / 'newsreader.toml'}:3: keymap.tag.add:" in shown
    assert "Traceback" not in shown
    assert not db.exists()  # nothing was opened
