"""The state of one article view, without the view: text, rows, marks, cursor and selection.

The view asks this model what to draw (:meth:`ArticleModel.row`) and forwards every key to it;
it takes :attr:`ArticleModel.caret` before a change and draws again the rows :func:`changed`
names.
"""

from __future__ import annotations

from dataclasses import dataclass

from newsreader.tui.document.document import ArticleDocument
from newsreader.tui.document.marks import RowMarks
from newsreader.tui.document.navigation import MOTIONS, Place, vertical
from newsreader.tui.document.wrapping import WrapIndex
from newsreader.tui.highlights import Mark


@dataclass(frozen=True, slots=True)
class Caret:
    """The cursor and the selection anchor at one moment."""

    cursor: int
    anchor: int | None


@dataclass(frozen=True, slots=True)
class Row:
    """What one row shows, in row columns (characters from the row's start)."""

    start: int
    end: int
    text: str
    marks: list[tuple[int, int, Mark]]
    selected: tuple[int, int] | None
    """The selected columns; may be empty when the selection only touches the row's end."""
    cursor: int | None
    """The cursor's column; ``len(text)`` or more when it stands past the row's text."""


class ArticleModel:
    """Cursor, selection anchor, select mode and goal column over a wrapped document."""

    def __init__(self, text: str = "", width: int = 80) -> None:
        self.document = ArticleDocument.from_text(text)
        self.wrap = WrapIndex.build(self.document.display, width)
        self.marks = RowMarks([], self.wrap)
        self.cursor = 0
        self.anchor: int | None = None
        self.select_mode = False
        self.goal_x: int | None = None

    # -- content --------------------------------------------------------------------------

    def load(self, text: str, cursor: int = 0, width: int | None = None) -> None:
        """A new text: no marks, no selection, the cursor clamped to the text and to a stop."""
        self.document = ArticleDocument.from_text(text)
        self.wrap = WrapIndex.build(self.document.display, width or self.wrap.width)
        self.marks = RowMarks([], self.wrap)
        self.anchor = None
        self.select_mode = False
        self.goal_x = None
        self.cursor = self.wrap.stop_before(cursor)

    def rewrap(self, width: int, force: bool = False) -> bool:
        """Wrap at ``width`` cells; whether the rows changed."""
        width = max(1, width)
        if not force and width == self.wrap.width:
            return False
        self.wrap = WrapIndex.build(self.document.display, width)
        if not self.document.display:
            return False  # one empty row at any width: nothing moved
        self.marks = self.marks.rewrapped(self.wrap)
        self.cursor = self.wrap.stop_before(self.cursor)  # a row start it stood on may be gone
        return True

    def set_marks(self, marks: list[Mark]) -> None:
        self.marks = RowMarks(marks, self.wrap)

    def is_plain(self, row: int) -> bool:
        """Whether ``row`` shows neither the cursor nor the selection (so a drawing of it can
        be kept until the text, the marks or the width change)."""
        if self.wrap.row_of(self.cursor) == row:
            return False
        sel = self.selection
        start, end = self.wrap.starts[row], self.wrap.ends[row]
        return sel is None or not (sel[0] <= max(end, start + 1) and sel[1] > start)

    def row(self, row: int) -> Row:
        """What ``row`` shows: its text, the marks on it, the selection and the cursor."""
        start, end = self.wrap.starts[row], self.wrap.ends[row]
        sel = self.selection
        selected = None
        if sel is not None and sel[0] <= max(end, start + 1) and sel[1] > start:
            s, e = max(sel[0], start) - start, min(sel[1], end) - start
            selected = (s, max(s, e))
        cursor = self.cursor - start if self.wrap.row_of(self.cursor) == row else None
        text = self.document.display[start:end]
        return Row(start, end, text, self.marks.clipped(row), selected, cursor)

    # -- cursor and selection -------------------------------------------------------------

    @property
    def caret(self) -> Caret:
        return Caret(self.cursor, self.anchor)

    @property
    def selection(self) -> tuple[int, int] | None:
        """The selected ``[start, end)`` range, if any."""
        if self.anchor is None or self.anchor == self.cursor:
            return None
        return (min(self.anchor, self.cursor), max(self.anchor, self.cursor))

    def word_at_cursor(self) -> tuple[int, int] | None:
        """The word under (or just before) the cursor."""
        return self.document.word_at(self.cursor)

    def target_range(self) -> tuple[int, int] | None:
        """The selection, else the word under the cursor."""
        return self.selection or self.word_at_cursor()

    def move_to(self, offset: int, *, extend: bool = False) -> None:
        """Put the cursor at ``offset`` (clamped); ``extend`` (or select mode) keeps or starts
        the selection, otherwise it is dropped. Forgets the goal column."""
        if extend or self.select_mode:
            if self.anchor is None:
                self.anchor = self.cursor
        else:
            self.anchor = None
        self.cursor = min(max(offset, 0), len(self.document))
        self.goal_x = None

    def select_range(self, start: int, end: int) -> None:
        """Select ``[start, end)`` (clamped) with the cursor at ``end``."""
        n = len(self.document)
        self.anchor, self.cursor = min(max(start, 0), n), min(max(end, 0), n)
        self.goal_x = None

    def select_word(self) -> bool:
        """Select the word under (or just before) the cursor; whether there was one."""
        word = self.word_at_cursor()
        if word is not None:
            self.select_range(*word)
        return word is not None

    def clear_selection(self) -> None:
        """Drop the selection and leave select mode (the cursor stays)."""
        self.anchor = None
        self.select_mode = False

    def toggle_select_mode(self) -> None:
        """Enter select mode (plain motions extend, from the cursor) or leave it (and drop the
        selection)."""
        self.select_mode = not self.select_mode
        if self.select_mode and self.anchor is None:
            self.anchor = self.cursor
        elif not self.select_mode:
            self.clear_selection()

    def apply(self, how: str, extend: bool = False, page: int = 1) -> None:
        """Run the motion named ``how`` (see :data:`MOTIONS`); ``page`` is the page height in
        rows for ``pageup`` and ``pagedown``."""
        motion = MOTIONS.get(how)
        if motion is None:
            raise ValueError(f"no cursor motion named {how!r}")
        if motion.rows is not None:
            offset, goal = vertical(self.wrap, self.cursor, motion.rows(max(1, page)), self.goal_x)
            self.move_to(offset, extend=extend)
            self.goal_x = goal
        elif motion.target is not None:
            self.move_to(motion.target(Place(self.document, self.wrap, self.cursor)), extend=extend)


def changed(before: Caret, after: Caret) -> list[tuple[int, int]]:
    """Offset ranges whose rows must be drawn again when the caret goes from ``before`` to
    ``after``: the old and new cursor, and whatever the selection gained or lost."""
    out = [(before.cursor, before.cursor), (after.cursor, after.cursor)]
    if before.anchor is None and after.anchor is None:
        return out
    if before.anchor != after.anchor:
        ends = [
            x for x in (before.cursor, before.anchor, after.cursor, after.anchor) if x is not None
        ]
        out.append((min(ends), max(ends)))
    else:
        out.append((min(before.cursor, after.cursor), max(before.cursor, after.cursor)))
    return out
