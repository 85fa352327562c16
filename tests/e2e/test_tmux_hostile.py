"""Article text never reaches a real terminal as control sequences: every byte the reader writes
to the pty is recorded (tmux pipe-pane) while it shows and tags hostile articles."""

from __future__ import annotations

import os
import shlex
import shutil
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

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
    name = f"nr-hostile-{uuid.uuid4().hex[:8]}"
    tmux = ["tmux", "-L", name, "-f", os.devnull]
    exe = shutil.which("newsreader")
    command = shlex.join([exe] if exe else [sys.executable, "-m", "newsreader"])
    script = (
        f"env -u COLUMNS -u LINES TERM=xterm-256color TEXTUAL_ANIMATIONS=none {command} "
        f"{shlex.quote(str(corpus))} --db {shlex.quote(str(db))}; echo EXIT=$?; sleep 30"
    )
    path = os.environ.get("PATH", "")
    subprocess.run(
        [
            *tmux,
            "new-session",
            "-d",
            "-s",
            name,
            "-x",
            "100",
            "-y",
            "30",
            "-e",
            f"PATH={path}",
            script,
        ],
        check=True,
        timeout=10,
    )
    try:
        subprocess.run([*tmux, "pipe-pane", "-o", "-t", name, f"cat >> {log}"], check=True)

        def screen() -> str:
            return subprocess.run(
                [*tmux, "capture-pane", "-p", "-t", name], capture_output=True, text=True
            ).stdout

        deadline = time.monotonic() + 20
        while "conflicts" not in screen() and time.monotonic() < deadline:
            time.sleep(0.1)
        # Walk over the hostile lines and tag the word under the cursor, then quit.
        for key in ["Down", "Down", "Down", "End", "Home", "t"]:
            subprocess.run([*tmux, "send-keys", "-t", name, key], check=True)
            time.sleep(0.15)
        subprocess.run([*tmux, "send-keys", "-t", name, "claim", "Enter"], check=True)
        time.sleep(0.8)
        subprocess.run([*tmux, "send-keys", "-t", name, "q"], check=True)
        while "EXIT=" not in screen() and time.monotonic() < deadline + 10:
            time.sleep(0.1)
        assert "EXIT=0" in screen()
    finally:
        subprocess.run([*tmux, "kill-server"], capture_output=True, timeout=10)
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
