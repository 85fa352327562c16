"""The reader in a real terminal at 16 colours, 256 colours and with NO_COLOR: the colours it
sends fit the terminal, and every highlight keeps a text style of its own (underline for shared
passages, bold reverse for conflicts, italic for differing numbers), so nothing depends on
colour alone."""

from __future__ import annotations

import re
import shutil
import time
from pathlib import Path

import pytest
from tmux_reader import reader_in_tmux

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")

SGR = re.compile("\x1b\\[([0-9;]*)m")


def _capture(tmp_path: Path, env: dict[str, str]) -> str:
    """The screen with its SGR codes, once the analysis has finished."""
    with reader_in_tmux(["corpus", "--db", str(tmp_path / "a.db")], env) as term:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if " conflict" in term.screen():  # "1 conflict", "2 conflicts"
                time.sleep(0.3)
                return term.screen(escapes=True)
            time.sleep(0.1)
        raise AssertionError(f"the analysis did not finish on screen:\n{term.screen()}")


def _params(screen: str) -> list[list[int]]:
    return [[int(p or 0) for p in m.group(1).split(";")] for m in SGR.finditer(screen)]


def _styles(params: list[list[int]]) -> set[int]:
    out: set[int] = set()
    for ps in params:
        i = 0
        while i < len(ps):
            if ps[i] in (38, 48):
                i += 3 if ps[i + 1] == 5 else 5
                continue
            out.add(ps[i])
            i += 1
    return out


def _extended_colors(params: list[list[int]]) -> list[tuple[int, ...]]:
    out = []
    for ps in params:
        i = 0
        while i < len(ps):
            if ps[i] in (38, 48):
                width = 3 if ps[i + 1] == 5 else 5
                out.append(tuple(ps[i : i + width]))
                i += width
            else:
                i += 1
    return out


def _is_grey(index: int) -> bool:
    if index in (0, 7, 8, 15, 16, 231) or 232 <= index <= 255:
        return True
    if 16 <= index <= 231:
        r, g, b = (index - 16) // 36, (index - 16) // 6 % 6, (index - 16) % 6
        return r == g == b
    return False


def _assert_highlight_styles(screen: str) -> None:
    styles = _styles(_params(screen))
    assert 4 in styles, "shared passages are underlined"
    assert {1, 7} <= styles, "conflicting numbers are bold reverse"
    assert 3 in styles, "differing numbers are italic"


def test_16_colours(tmp_path: Path) -> None:
    screen = _capture(tmp_path, {"TERM": "xterm"})
    params = _params(screen)
    assert _extended_colors(params) == []  # only the 16 standard colours
    colors = {p for ps in params for p in ps if 30 <= p <= 37 or 90 <= p <= 97}
    assert len(colors) >= 3
    _assert_highlight_styles(screen)


def test_256_colours(tmp_path: Path) -> None:
    screen = _capture(tmp_path, {"TERM": "xterm-256color"})
    extended = _extended_colors(_params(screen))
    assert extended and all(c[1] == 5 for c in extended)  # 256 colours, never truecolor
    _assert_highlight_styles(screen)


def test_no_color(tmp_path: Path) -> None:
    screen = _capture(tmp_path, {"TERM": "xterm-256color", "NO_COLOR": "1"})
    params = _params(screen)
    for color in _extended_colors(params):
        assert color[1] == 5 and _is_grey(color[2]), color
    assert not {p for ps in params for p in ps if 31 <= p <= 36 or 91 <= p <= 96}
    _assert_highlight_styles(screen)
