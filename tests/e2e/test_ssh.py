"""The reader over a real SSH connection: two people tag one article at once.

A throwaway ``sshd`` runs on 127.0.0.1 (keys made here, a free port); tmux plays two SSH clients
at 80x24, one sending TERM=xterm-256color and one TERM=xterm (16 colours), each running
``newsreader --user NAME`` through ``ssh -tt``. Keys only, no mouse. Besides the behaviour it
measures what goes over the link: bytes per cursor move against a full-screen repaint, and the
time to the first screen. Run with ``-s`` to see the figures.
"""

from __future__ import annotations

import base64
import contextlib
import shlex
import shutil
import sqlite3
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sshd_fixture import SSHServer, Tmux, Unavailable, forwarded_env

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"
WIDTH, HEIGHT = 80, 24


def _reader() -> str:
    exe = shutil.which("newsreader")
    return shlex.quote(exe) if exe else f"{shlex.quote(sys.executable)} -m newsreader"


def _first_document() -> tuple[str, str]:
    from newsreader.core.corpus import load_corpus

    doc = load_corpus(CORPUS).documents[0]
    return doc.title, doc.text


@pytest.fixture
def tmux(tmp_path: Path) -> Iterator[Tmux]:
    try:
        tm = Tmux(tmp_path)
    except Unavailable as exc:
        pytest.skip(str(exc))
    try:
        yield tm
    finally:
        tm.kill()


@dataclass
class Client:
    """One person: a tmux pane running ``ssh -tt ... newsreader --user NAME``."""

    name: str
    tmux: Tmux
    output: Path
    started: float = 0.0

    def screen(self) -> str:
        return self.tmux.screen(self.name)

    def keys(self, *keys: str) -> None:
        self.tmux.keys(self.name, *keys)

    def wait_for(self, text: str, timeout: float = 20.0) -> str:
        return self.tmux.wait_for(self.name, text, timeout)[0]

    def sent(self) -> bytes:
        """Everything that came over the SSH link to this terminal so far."""
        return self.output.read_bytes() if self.output.exists() else b""

    def settle(self, quiet: float = 0.4, timeout: float = 5.0, after: int | None = None) -> int:
        """Wait until nothing has arrived for ``quiet`` seconds (and, with ``after``, until
        more than ``after`` bytes have arrived at all); returns the bytes so far."""
        deadline = time.monotonic() + timeout
        size, since = len(self.sent()), time.monotonic()
        while time.monotonic() < deadline:
            time.sleep(0.02)
            now = len(self.sent())
            if now != size:
                size, since = now, time.monotonic()
            elif time.monotonic() - since >= quiet and (after is None or size > after):
                break
        return size

    def tag(self, label: str, note: str) -> None:
        """``t`` on the selection or the word under the cursor, then label, note, enter."""
        self.keys("t")
        self.wait_for("label (type to filter or add)")
        # One send-keys per field: a burst in one write is taken as a paste by Textual.
        self.keys(label)
        self.wait_for(f"new label: {label}")
        self.keys("Tab")
        time.sleep(0.2)
        self.keys(note)
        self.wait_for(note)
        self.keys("Enter")


def connect(
    sshd: SSHServer, tmux: Tmux, tmp: Path, user: str, term: str, db: Path, *, gate: bool = True
) -> Client:
    """Open ``ssh -tt`` in a new 80x24 tmux pane, sending ``term`` as the client's TERM."""
    remote = (
        f"cd {shlex.quote(str(ROOT))} && NEWSREADER_DB={shlex.quote(str(db))} "
        f"TEXTUAL_ANIMATIONS=none {forwarded_env()} exec {_reader()} --user {shlex.quote(user)} "
        "corpus"
    )
    go = tmp / f"go-{user}"
    client = Client(user, tmux, tmp / f"{user}.out")
    tmux.new_session(
        user, sshd.ssh_argv(remote), width=WIDTH, height=HEIGHT, gate=go, env={"TERM": term}
    )
    tmux.pipe_output(user, client.output)
    client.started = time.monotonic()
    go.touch()
    return client


def _saved(db: Path, count: int, timeout: float = 10.0) -> float:
    """Wait until the database holds ``count`` tags; returns when that was seen."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(sqlite3.Error):
            if db.exists() and len(_rows(db)) >= count:
                return time.monotonic()
        time.sleep(0.02)
    raise AssertionError(f"the database does not hold {count} tags after {timeout:.0f}s")


def _rows(db: Path) -> list[tuple[str, str, str, str]]:
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "SELECT label, author, quote, id FROM annotations ORDER BY start"
        ).fetchall()
    conn.close()
    return [tuple(r) for r in rows]


def test_two_users_over_ssh_see_each_others_tags(
    sshd: SSHServer, tmux: Tmux, tmp_path: Path
) -> None:
    title, text = _first_document()
    db = tmp_path / "shared.db"
    alice = connect(sshd, tmux, tmp_path, "alice", "xterm-256color", db)
    bob = connect(sshd, tmux, tmp_path, "bob", "xterm", db)
    first_paint = {}
    for client in (alice, bob):
        client.wait_for(title[:30])
        first_paint[client.name] = time.monotonic() - client.started
        client.wait_for("help")  # the footer is drawn
        client.wait_for("passages")  # the analysis has finished and repainted
    full_at_start = {c.name: c.settle() for c in (alice, bob)}

    # Bob walks to the second word with plain arrows: what does one cursor move cost?
    word2 = text.index(text.split()[1])
    per_move: list[int] = []
    per_line: list[int] = []
    before = bob.settle()
    for key in ["Right"] * word2 + ["Down", "Down", "Down", "Up", "Up", "Up"]:
        bob.keys(key)
        after = bob.settle(quiet=0.3, after=before)
        (per_move if key == "Right" else per_line).append(after - before)
        before = after

    # Alice selects the first word with shift+arrows and copies it to her own clipboard:
    # OSC 52 travels over SSH to her terminal (tmux here, which keeps it as a paste buffer).
    word1 = len(text.split()[0])
    alice.keys(*["S-Right"] * word1)
    alice.wait_for(f"{word1} chars selected")
    alice.keys("y")
    alice.wait_for(f"Copied {word1} characters")
    osc52 = b"\x1b]52;c;" + base64.b64encode(text[:word1].encode())
    assert osc52 in alice.sent(), "no OSC 52 clipboard sequence reached alice's terminal"
    assert tmux.buffer() == text[:word1]

    # Both open the tag list, then each tags a word of the same article.
    for client in (alice, bob):
        client.keys("l")
        client.wait_for("No tags yet")
    # The other session shows a new tag within 2 s of its commit (5 s allowed for slow CI).
    alice.tag("e2e-alpha", "note one")
    saved = _saved(db, 1)
    bob.wait_for("e2e-alpha", timeout=5)
    seen_by_bob = time.monotonic() - saved
    bob.tag("e2e-beta", "note two")
    saved = _saved(db, 2)
    alice.wait_for("e2e-beta", timeout=5)
    seen_by_alice = time.monotonic() - saved

    screens = {}
    for client in (alice, bob):
        # Each tag list redraws once its own store thread has read the tags back.
        for expected in ("e2e-alpha alice", "e2e-beta bob", text[:word1], text.split()[1]):
            screens[client.name] = client.wait_for(expected, timeout=5)

    rows = _rows(db)
    assert [(label, author, quote) for label, author, quote, _id in rows] == [
        ("e2e-alpha", "alice", text[:word1]),
        ("e2e-beta", "bob", text.split()[1]),
    ]

    # Bob cannot delete Alice's tag: not with x on her word in the reader ...
    bob.keys(*["Left"] * word2)
    bob.wait_for("tag e2e-alpha")  # the status line names the tag under the cursor
    bob.keys("x")
    bob.wait_for("belongs")  # "tag … belongs to alice; you (bob) cannot delete it"
    assert len(_rows(db)) == 2, "bob deleted alice's tag"
    # ... nor through the store with his name.
    from newsreader.store import NotAuthor, Store

    with Store.open(db, user="bob") as store:
        with pytest.raises(NotAuthor):
            store.delete(rows[0][3])
        with pytest.raises(NotAuthor):
            store.update(rows[0][3], note="changed by bob")
    assert _rows(db) == rows

    # A full-screen repaint over the same link, for comparison: a resize redraws everything.
    bob.settle()
    tmux("resize-window", "-t", "bob", "-x", str(WIDTH - 1), "-y", str(HEIGHT))
    bob.settle()
    middle = len(bob.sent())
    tmux("resize-window", "-t", "bob", "-x", str(WIDTH), "-y", str(HEIGHT))
    full_repaint = bob.settle() - middle

    # Each terminal got the colours its TERM allows: 256 for alice, 16 for bob, never 24-bit.
    assert b"\x1b[38;5;" in alice.sent() or b";38;5;" in alice.sent()
    assert b"38;5;" not in bob.sent() and b"48;5;" not in bob.sent()
    assert b"38;2;" not in alice.sent() + bob.sent()

    for client in (alice, bob):
        client.keys("q")
        client.wait_for("EXIT=0")

    moves, lines = sorted(per_move), sorted(per_line)
    print(
        f"\nssh e2e figures ({WIDTH}x{HEIGHT}):"
        f"\n  first paint over ssh: alice {first_paint['alice']:.2f}s,"
        f" bob {first_paint['bob']:.2f}s"
        f"\n  bytes up to the analysed first screen: {full_at_start}"
        f"\n  full repaint after a resize (bob, 16 colours): {full_repaint} bytes"
        f"\n  bytes per Right key (bob): min {moves[0]}, median {moves[len(moves) // 2]},"
        f" max {moves[-1]} ({len(moves)} moves)"
        f"\n  bytes per Down/Up key (bob): min {lines[0]}, median {lines[len(lines) // 2]},"
        f" max {lines[-1]} ({len(lines)} moves)"
        f"\n  another session's tag on screen after: bob {seen_by_bob:.2f}s,"
        f" alice {seen_by_alice:.2f}s"
    )
    # A cursor move redraws a few cells, never the whole screen.
    assert max(moves + lines) < full_repaint / 3, (per_move, per_line, full_repaint)

    # Attributed: each screen says who wrote which tag (the user names are nowhere else:
    # not in the corpus, the labels or the notes).
    for name, shown in screens.items():
        for author in ("alice", "bob"):
            assert author in shown, f"{name}'s screen does not name {author}:\n{shown}"


def test_reader_over_ssh_from_screen_and_tmux(sshd: SSHServer, tmux: Tmux, tmp_path: Path) -> None:
    """Clients inside screen or tmux send TERM=screen-256color or tmux-256color."""
    title, _text = _first_document()
    db = tmp_path / "shared.db"
    terms = ("screen-256color", "tmux-256color")
    clients = [connect(sshd, tmux, tmp_path, f"u{i}", term, db) for i, term in enumerate(terms)]
    for client in clients:
        client.wait_for(title[:30])
        client.wait_for("help")
        client.keys("Down", "Down", "Down")
        client.wait_for(" 4:")  # the status line follows the cursor: row 4
        assert b"38;5;" in client.sent() and b"38;2;" not in client.sent()
        client.keys("q")
        client.wait_for("EXIT=0")
