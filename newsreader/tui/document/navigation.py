"""Every cursor motion of the article, by name: one table instead of a chain of ``if``.

A motion is either *horizontal* (a target offset from where the cursor is; it forgets the goal
column) or *vertical* (a number of rows, given the page height; it keeps the goal column, so a
walk through short lines and wide characters comes back to the column it started from).

A one-character step moves one code point, so a selection can take part of a joined emoji, as
its offsets say. Every other motion ends on a cursor stop (:meth:`WrapIndex.is_stop`), never
between a character and a zero-width one drawn in its cell. The names are the ones ``keys.py``
binds: ``cursor('wordright')`` runs ``MOTIONS["wordright"]``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from newsreader.tui.document.document import ArticleDocument
from newsreader.tui.document.wrapping import WrapIndex


@dataclass(frozen=True, slots=True)
class Place:
    """What a horizontal motion looks at: the document, its rows and the cursor."""

    document: ArticleDocument
    wrap: WrapIndex
    cursor: int

    @property
    def row(self) -> int:
        return self.wrap.row_of(self.cursor)


@dataclass(frozen=True, slots=True)
class Motion:
    """One named motion: ``target`` for a horizontal one, ``rows`` for a vertical one."""

    description: str
    target: Callable[[Place], int] | None = None
    rows: Callable[[int], int] | None = None
    """Rows to move, given the page height."""
    scroll: bool = False
    """A page motion: the view scrolls by the same rows first, so the page turns with it."""


def _char_left(p: Place) -> int:
    return max(0, p.cursor - 1)


def _char_right(p: Place) -> int:
    return min(len(p.document), p.cursor + 1)


def _word_left(p: Place) -> int:
    return p.wrap.stop_before(p.document.previous_word_start(p.cursor))


def _word_right(p: Place) -> int:
    return p.wrap.stop_after(p.document.next_word_start(p.cursor))


MOTIONS: dict[str, Motion] = {
    "left": Motion("one character left", target=_char_left),
    "right": Motion("one character right", target=_char_right),
    "wordleft": Motion("start of this word or the one before", target=_word_left),
    "wordright": Motion("start of the next word", target=_word_right),
    "home": Motion("start of the row", target=lambda p: p.wrap.starts[p.row]),
    "end": Motion("end of the row's text", target=lambda p: p.wrap.row_end(p.row)),
    "top": Motion("start of the article", target=lambda p: 0),
    "bottom": Motion("end of the article", target=lambda p: p.wrap.stop_before(len(p.document))),
    "up": Motion("one row up", rows=lambda page: -1),
    "down": Motion("one row down", rows=lambda page: 1),
    "pageup": Motion("one page up", rows=lambda page: -page, scroll=True),
    "pagedown": Motion("one page down", rows=lambda page: page, scroll=True),
}


def vertical(wrap: WrapIndex, cursor: int, rows: int, goal_x: int | None) -> tuple[int, int]:
    """``(offset, goal column)`` ``rows`` rows from ``cursor``: at the goal column (the cursor's
    own if there is none yet), or the start (end) of the text past the first (last) row."""
    goal = wrap.x_of(cursor) if goal_x is None else goal_x
    target = wrap.row_of(cursor) + rows
    if target < 0:
        return 0, goal
    if target >= len(wrap):
        return wrap.stop_before(len(wrap.text)), goal
    return wrap.offset_at(target, goal), goal
