"""The installed ``newsreader`` command running in a real terminal: a tmux session on a private
server (its own socket, no user config), killed by the caller."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXIT_MARK = "NEWSREADER-EXIT="


def reader_command() -> list[str]:
    exe = shutil.which("newsreader")
    return [exe] if exe else [sys.executable, "-m", "newsreader"]


class Terminal:
    def __init__(self, name: str) -> None:
        self.name = name

    def tmux(self, *args: str) -> str:
        command = ["tmux", "-L", self.name, "-f", os.devnull, *args]
        return subprocess.run(command, capture_output=True, text=True, timeout=10).stdout

    def screen(self, escapes: bool = False) -> str:
        return self.tmux("capture-pane", *(["-e"] if escapes else []), "-p", "-t", self.name)

    def keys(self, *keys: str) -> None:
        """One ``send-keys`` call: the keys reach the program in one burst."""
        self.tmux("send-keys", "-t", self.name, *keys)

    def record(self, log: Path) -> None:
        """Append every byte the program writes to the terminal to ``log``."""
        self.tmux("pipe-pane", "-o", "-t", self.name, f"cat >> {shlex.quote(str(log))}")

    def wait_for(self, text: str, timeout: float = 15.0) -> str:
        deadline = time.monotonic() + timeout
        shown = ""
        while time.monotonic() < deadline:
            shown = self.screen()
            if text in shown:
                return shown
            time.sleep(0.05)
        raise AssertionError(f"{text!r} not on screen after {timeout}s:\n{shown}")


@contextmanager
def reader_in_tmux(
    args: list[str],
    env: Mapping[str, str] | None = None,
    size: tuple[int, int] = (160, 48),
) -> Iterator[Terminal]:
    """Run ``newsreader ARGS`` in a fresh tmux session of ``size``.

    The pane stays open after the program exits, so a crash can be read; a clean exit prints
    ``NEWSREADER-EXIT=0``. COLUMNS/LINES from pytest's environment would override the pane size
    in Textual, and COLORTERM the colour depth of TERM, so neither is passed on.
    """
    settings = {"TEXTUAL_ANIMATIONS": "none", "TERM": "xterm-256color", **(env or {})}
    exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in settings.items())
    command = shlex.join([*reader_command(), *args])
    script = (
        f"cd {shlex.quote(str(ROOT))} && env -u COLUMNS -u LINES -u COLORTERM {exports} "
        f"{command}; echo {EXIT_MARK}$?; sleep 30"
    )
    term = Terminal(f"nr-e2e-{uuid.uuid4().hex[:8]}")
    width, height = (str(n) for n in size)
    path = os.environ.get("PATH", "")
    term.tmux("new-session", "-d", "-s", term.name, "-x", width, "-y", height,
              "-e", f"PATH={path}", script)  # fmt: skip
    term.tmux("resize-window", "-t", term.name, "-x", width, "-y", height)
    try:
        yield term
    finally:
        term.tmux("kill-server")
