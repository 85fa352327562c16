"""Random bursts of the reader's keys in a real terminal, interleaved with tag bursts.

Each burst is one tmux ``send-keys`` call (the reader reads it at once, as over a slow link),
drawn from the key table (``newsreader/tui/keys.py``) plus text, Enter, Escape and Tab, with a
fixed seed so a failure replays: ``pytest tests/e2e/test_tmux_random_bursts.py -k seed7``.
Between random bursts the reader is brought back to its main screen (Escape until no dialog is
open) and a tag is made in one burst, under a label no other tag has. At the end it quits; then:
exit status 0, no traceback in the pane (with its scrollback) nor in anything the program wrote
to the terminal (stdout and stderr, recorded by tmux), and every tag whose save the reader
confirmed is in the database exactly once (and no other of those labels is).

Left out of the random keys: quitting (the end of the run), the command palette (it offers
Textual's own Quit and a screenshot written to the working folder), export (a typed path, the
Home key and ``/`` can name any file to write), and editing, deleting or undoing tags, which
change the tags this test counts on purpose.
"""

from __future__ import annotations

import random
import re
import shutil
import sqlite3
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from tmux_reader import EXIT_MARK, ROOT, Terminal, reader_in_tmux

from newsreader.tui.keys import KEYS

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")

CORPUS = ROOT / "corpus"
LEFT_OUT = {"quit", "palette", "export", "tag.edit", "tags.edit", "tag.delete", "tags.delete"}
LEFT_OUT |= {"tag.undo"}
# Letters that are also keys of the left-out actions (q quits, e exports, r edits, x deletes,
# u undoes): random text never holds them, since it may land on the main screen.
TEXT = "abcdfghijklmnopstvwyz0123456789 ".replace("q", "")
TMUX_NAMES = {
    "left": "Left", "right": "Right", "up": "Up", "down": "Down", "pageup": "PPage",
    "pagedown": "NPage", "home": "Home", "end": "End", "tab": "Tab", "escape": "Escape",
    "enter": "Enter", "delete": "DC", "f3": "F3",
}  # fmt: skip
MODIFIERS = {"ctrl": "C-", "shift": "S-", "alt": "M-"}
SEEDS = [1, 2, 3, 5, 7, 11]
HOSTILE_SEEDS = [13]
ROUNDS = 3
BURST = 28
ANALYSED = re.compile(r"\d+ passages?, \d+ conflicts?")


def tmux_key(textual: str) -> str:
    """tmux's name for a key of the table (``ctrl+left`` -> ``C-Left``, ``shift+tab`` -> BTab)."""
    if textual == "shift+tab":
        return "BTab"
    if len(textual) == 1:  # "+", "-", "[", "?"...
        return textual
    *mods, base = textual.split("+")
    return "".join(MODIFIERS[m] for m in mods) + TMUX_NAMES.get(base, base)


def reader_keys() -> list[str]:
    keys = {
        tmux_key(k)
        for key in KEYS
        if key.id not in LEFT_OUT
        for k in key.keys.split(",")
        if k != "delete"  # the tag list's delete key (tags.delete), kept out with x
    }
    return sorted(keys | {"Enter", "Escape", "Tab"})


def random_burst(rng: random.Random, vocabulary: list[str]) -> list[str]:
    burst = []
    for _ in range(BURST):
        if rng.random() < 0.2:
            burst.append("".join(rng.choice(TEXT) for _ in range(rng.randint(1, 6))))
        else:
            burst.append(rng.choice(vocabulary))
    return burst


def on_main_screen(shown: str) -> bool:
    """No dialog, no help, no search bar: the article has the keys (its footer shows v).

    Tab out of the search bar once left it open, with no key to close it (Escape went to the
    article): seed 7 came to that (tests/tui/test_tui_search_bar_focus.py)."""
    lines = shown.rstrip("\n").splitlines()
    return (
        bool(lines)
        and lines[-1].startswith("v select")
        and "▀▀▀▀▀▀▀▀" not in shown  # the top edge of a dialog
        and "search (enter" not in shown
    )


def _tag_list_has_keys(shown: str) -> bool:
    lines = shown.rstrip("\n").splitlines()
    return bool(lines) and lines[-1].startswith("⏎ jump")


class Watch:
    """The screen, read over and over; every “Tagged” notice of a label sent is noted whenever
    it shows (a tag that lands late, after its burst was given up on, still counts)."""

    def __init__(self, term: Terminal) -> None:
        self.term = term
        self.sent: list[str] = []
        self.said: set[str] = set()

    def screen(self) -> str:
        shown = self.term.screen()
        self.said.update(lb for lb in self.sent if f"Tagged “{lb}”" in shown)
        return shown

    def until(self, ok: Callable[[str], bool], timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if ok(self.screen()):
                return True
            time.sleep(0.03)  # the poll's interval, not a wait for an event
        return False

    def back_to_main(self) -> None:
        """Escape, one at a time, until no dialog is open (a dialog's Escape cancels it).

        The key sent next starts with ESC too (ctrl+home is ``ESC[1;5H``): a letter sent within
        Textual's escape delay of a lone ESC would be read as alt+letter, as from any
        terminal."""
        for _ in range(24):  # a notice over the screen may take 10-15 s to go
            self.term.keys("Escape")
            if self.until(on_main_screen, 1.5):
                return
            if _tag_list_has_keys(self.screen()):
                # The tag list has the keys: l hides it and gives them to the article. Wait for
                # that before the next key: sent again on a slow screen, l showed the list again.
                self.term.keys("l")
                self.until(lambda shown: not _tag_list_has_keys(shown), 5)
        raise AssertionError(f"the reader did not come back to its main screen:\n{self.screen()}")

    def tag(self, rng: random.Random, label: str) -> bool:
        """t, the label and Enter in one burst, on a word near the top of the article; whether
        the reader said it saved it. Keys of the random burst may still be on their way (the
        screen cannot say they are all read), so the tag may land in a dialog they open: then
        it is not saved under this label, and the caller tries again with a new one."""
        self.sent.append(label)
        words = ["C-Right"] * rng.randint(0, 12)
        self.term.keys("C-Home", *words, "t", label, "Enter")
        return self.until(lambda _shown: label in self.said, 3.0)


def run_session(folder: Path, db: Path, log: Path, seed: int) -> tuple[dict[str, bool], str]:
    """Random and tag bursts; returns label -> whether the reader said it saved it, and the
    pane's text after the exit (with scrollback)."""
    rng = random.Random(seed)
    vocabulary = reader_keys()
    with reader_in_tmux([str(folder), "--db", str(db), "--user", "e2e"]) as term:
        term.record(log)
        watch = Watch(term)
        assert watch.until(ANALYSED.search, 30.0), term.screen()
        for round_ in range(ROUNDS):
            term.keys(*random_burst(rng, vocabulary))
            for attempt in range(4):
                watch.back_to_main()
                if watch.tag(rng, f"Zk{seed}_{round_}_{attempt}"):
                    break
            else:
                raise AssertionError(f"seed {seed}: no tag saved after round {round_}")
        watch.back_to_main()
        term.keys("C-Home", "q")
        watch.until(lambda shown: EXIT_MARK in shown, 20.0)
        pane = term.tmux("capture-pane", "-p", "-S", "-", "-t", term.name)
    confirmed = {label: label in watch.said for label in watch.sent}
    return confirmed, pane


def check(db: Path, log: Path, confirmed: dict[str, bool], pane: str, seed: int) -> None:
    assert f"{EXIT_MARK}0" in pane, f"seed {seed}: exit status not 0:\n{pane[-3000:]}"
    written = log.read_bytes().decode("utf-8", "replace")
    for text, where in ((pane, "pane"), (written, "terminal output")):
        for bad in ("Traceback", "Exception ignored"):
            assert bad not in text, f"seed {seed}: {bad!r} in the {where}:\n{text[-3000:]}"
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT label FROM annotations WHERE label LIKE 'Zk%'").fetchall()
    counts = Counter(row[0] for row in rows)
    expected = {label: 1 for label, said in confirmed.items() if said}
    assert dict(counts) == expected, f"seed {seed}: said {confirmed}, in the database {counts}"


@pytest.mark.parametrize("seed", SEEDS, ids=[f"seed{s}" for s in SEEDS])
def test_random_bursts_on_the_bundled_corpus(tmp_path: Path, seed: int) -> None:
    db, log = tmp_path / "a.db", tmp_path / "pty.log"
    confirmed, pane = run_session(CORPUS, db, log, seed)
    check(db, log, confirmed, pane, seed)


HOSTILE = {
    "a.txt": "Evil \x1b]0;pwned\x07headline [bold]x[/bold]\n\n"
    "The storm killed 12 people \x1b]52;c;Zm9v\x07 on Monday.\x1b[2J \x9b31m \u202eevil\u202c\n",
    "b.txt": "Calm headline\r\n\r\nThe storm killed 15 people on Monday. [link=x]y[/link]\r\n",
    "c.txt": "Wide 漢字 and e\u0301 combining, a tab\there, zero\u200bwidth.\n\n" + "word " * 3000,
    "d.txt": "Numbers headline\n\nAbout 12 people, more than 14, between 10 and 20 died.\n",
}


@pytest.mark.parametrize("seed", HOSTILE_SEEDS, ids=[f"seed{s}" for s in HOSTILE_SEEDS])
def test_random_bursts_on_a_hostile_folder(tmp_path: Path, seed: int) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name, text in HOSTILE.items():
        (folder / name).write_text(text, encoding="utf-8")
    db, log = tmp_path / "a.db", tmp_path / "pty.log"
    confirmed, pane = run_session(folder, db, log, seed)
    check(db, log, confirmed, pane, seed)
    assert re.search(rb"\x1b\]52;c;Zm9v", log.read_bytes()) is None
