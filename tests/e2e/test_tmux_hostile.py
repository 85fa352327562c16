"""Article text never reaches a real terminal as control sequences: every byte the reader writes
to the pty is recorded (tmux pipe-pane) while it shows and tags hostile articles."""

from __future__ import annotations

import shutil
import sqlite3
import time
from pathlib import Path

import pytest
from tmux_reader import EXIT_MARK, reader_in_tmux

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")

OSC52 = "\x1b]52;c;Zm9v\x07"  # would set the clipboard to "foo"
TITLE = "\x1b]0;pwned\x07"  # would set the window title
HOSTILE = (
    f"Evil {TITLE}headline [bold]x[/bold]\n\n"
    f"The storm killed 12 people {OSC52} on Monday.\x1b[2J Clear? \x9b31m C1 \u202eevil\u202c\n\n"
    "A link \x1b]8;;http://evil.example\x07click\x1b]8;;\x07 and a bell \x07.\n"
)


def test_hostile_text_sends_no_control_sequences(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(HOSTILE, encoding="utf-8")
    (corpus / "b.txt").write_text("Calm headline\n\nThe storm killed 15 people on Monday.\n")
    db, log = tmp_path / "a.db", tmp_path / "pty.log"
    with reader_in_tmux([str(corpus), "--db", str(db)], size=(100, 30)) as term:
        term.record(log)
        term.wait_for(" conflict", timeout=20)  # "1 conflict", "2 conflicts"
        # Walk over the hostile lines and tag the word under the cursor, then quit.
        for key in ["Down", "Down", "Down", "End", "Home", "t"]:
            term.keys(key)
            time.sleep(0.15)
        term.keys("claim", "Enter")
        term.wait_for("Tagged")
        term.keys("q")
        term.wait_for(f"{EXIT_MARK}0")
    sent = log.read_bytes()
    assert b"Calm headline" in sent  # the recording holds the articles
    # Shown, as visible stand-ins ("␛" for ESC)...
    assert "␛]52;c;Zm9v".encode() in sent
    # ...never sent as the sequences themselves.
    for bad in (
        b"\x1b]52;c;Zm9v",
        b"\x1b]0;pwned",
        b"\x1b]8;;http://evil",
        b"\xc2\x9b",
        b"\x1b[2J",
        b"\x07.",
        "\u202e".encode(),
    ):
        assert bad not in sent, bad
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM annotations").fetchone() == (1,)
