"""Highlighted ranges indexed by the rows that show them.

A mark that spans several rows is listed on each of them, clipped to the row when drawn. Marks
keep their drawing order (:func:`~newsreader.tui.highlights.sort_marks`): later ones are drawn
over earlier ones.
"""

from __future__ import annotations

from collections import defaultdict

from newsreader.tui.document.wrapping import WrapIndex
from newsreader.tui.highlights import Mark, sort_marks


class RowMarks:
    """Marks by row, for one wrap of the text."""

    def __init__(self, marks: list[Mark], wrap: WrapIndex) -> None:
        self.marks = sort_marks(marks)
        self.wrap = wrap
        rows: dict[int, list[Mark]] = defaultdict(list)
        row_of = wrap.row_of
        for mark in self.marks:
            if mark.end <= mark.start:
                continue
            for row in range(row_of(mark.start), row_of(mark.end - 1) + 1):
                rows[row].append(mark)
        self._rows = dict(rows)

    def rewrapped(self, wrap: WrapIndex) -> RowMarks:
        return RowMarks(self.marks, wrap)

    def on_row(self, row: int) -> list[Mark]:
        """The marks shown on ``row``, in drawing order."""
        return self._rows.get(row, [])

    def clipped(self, row: int) -> list[tuple[int, int, Mark]]:
        """``(start, end, mark)`` of each mark on ``row``, in row columns (characters from the
        row's start), empty pieces left out."""
        start, end = self.wrap.starts[row], self.wrap.ends[row]
        out = []
        for mark in self.on_row(row):
            s, e = max(mark.start, start) - start, min(mark.end, end) - start
            if e > s:
                out.append((s, e, mark))
        return out
