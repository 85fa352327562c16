"""The wrapped-line index of an article: rows of text offsets for a given width.

Headless (no Textual): the article view only draws what this computes. A row is a half-open
``[start, end)`` range of offsets into the text; the white space at a soft break and the line
feed at a paragraph end lie between one row's ``end`` and the next row's ``start`` (the row's
*gap*). Every offset ``0..len(text)`` belongs to exactly one row (:meth:`WrapIndex.row_of`);
offsets in a gap sit past the row's last cell, one column each, as the view draws the cursor.

Widths come from Rich's cell table (``rich.cells`` only, not its console): Rich draws the rows,
and it picks its Unicode version at run time, so a second table here could disagree with it.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from rich.cells import cell_len, get_character_cell_size


def cell_width(ch: str) -> int:
    """Cells of one character (0, 1 or 2), as the view draws it."""
    return get_character_cell_size(ch)


def _cells(text: str) -> int:
    """Cells of ``text``, character by character as terminals count them (Rich's ``cell_len``
    joins characters around U+200D and widens before U+FE0F; the view never shows either)."""
    if text.isascii():
        return cell_len(text)
    return sum(map(get_character_cell_size, text))


@dataclass(frozen=True, slots=True)
class WrapIndex:
    """Rows of ``text`` wrapped at ``width`` cells."""

    text: str
    width: int
    starts: list[int]
    ends: list[int]

    @classmethod
    def build(cls, text: str, width: int) -> WrapIndex:
        width = max(1, width)
        starts: list[int] = []
        ends: list[int] = []
        pos = 0
        n = len(text)
        while True:
            para_end = text.find("\n", pos)
            if para_end < 0:
                para_end = n
            _wrap_paragraph(text, pos, para_end, width, starts, ends)
            if para_end >= n:
                break
            pos = para_end + 1
        return cls(text, width, starts, ends)

    def __len__(self) -> int:
        return len(self.starts)

    def row_of(self, offset: int) -> int:
        """The row that shows ``offset`` (an offset in a break belongs to the row before it)."""
        return max(0, bisect_right(self.starts, offset) - 1)

    def x_of(self, offset: int) -> int:
        """The cell column of ``offset`` on its row (in a gap: past the text, so it may reach or
        pass the width)."""
        row = self.row_of(offset)
        start = self.starts[row]
        return _cells(self.text[start : min(offset, self.ends[row])]) + max(
            0, offset - self.ends[row]
        )

    def offset_at(self, row: int, x: int) -> int:
        """The offset shown at cell column ``x`` of ``row`` (clamped to the row's offsets).

        Past the row's text, each column is one offset of the gap, up to the last offset of the
        row: the result is always on ``row`` and a cursor stop (:meth:`is_stop`), and
        ``offset_at(row_of(o), x_of(o)) == o`` for every stop ``o``.
        """
        row = min(max(row, 0), len(self.starts) - 1)
        start, end = self.starts[row], self.ends[row]
        line = self.text[start:end]
        if x <= 0:
            return start
        if line.isascii():
            if x < len(line):
                return start + x
            return self._past_end(row, x - len(line))
        used = 0
        for i, ch in enumerate(line):
            used += get_character_cell_size(ch)
            if used > x:
                # A stop unless only zero-width characters stand before it on the row.
                return self.stop_before(start + i)
        return self._past_end(row, x - used)

    def last_offset(self, row: int) -> int:
        """The last offset that belongs to ``row``: the end of its gap, or just before the next
        row's start when a long word is cut there."""
        if row + 1 < len(self.starts):
            return self.starts[row + 1] - 1
        return len(self.text)

    def row_end(self, row: int) -> int:
        """Where End puts the cursor on ``row``: after its text, or, when the next row carries on
        the same word (a hard cut), on its last character."""
        return self._past_end(row, 0)

    def _past_end(self, row: int, extra: int) -> int:
        # Back to a stop: the cut row's last character may be an accent, and a row whose text
        # takes no cell at all has one place for the cursor, its start.
        return self.stop_before(min(self.ends[row] + extra, self.last_offset(row)))

    # -- cursor stops ---------------------------------------------------------------------

    def is_stop(self, offset: int) -> bool:
        """Whether ``offset`` has a cell of its own: it starts its row, or something before it
        on the row takes a cell and it is not a zero-width character drawn in the cell of the
        one before it (a combining accent, a joiner shown as a zero-width space). Exactly at
        the stops, ``offset_at(row_of(o), x_of(o)) == o``."""
        if offset <= 0:
            return True
        row = self.row_of(offset)
        start, end = self.starts[row], self.ends[row]
        if offset == start or offset > end:
            return True
        if offset < end and get_character_cell_size(self.text[offset]) == 0:
            return False
        return (
            get_character_cell_size(self.text[offset - 1]) > 0
            or _cells(self.text[start:offset]) > 0
        )

    def stop_before(self, offset: int) -> int:
        """The nearest cursor stop at or before ``offset`` (clamped to the text)."""
        offset = min(max(offset, 0), len(self.text))
        while not self.is_stop(offset):
            offset -= 1
        return offset

    def stop_after(self, offset: int) -> int:
        """The nearest cursor stop at or after ``offset`` (clamped to the text), else before."""
        n = len(self.text)
        offset = min(max(offset, 0), n)
        found = offset
        while not self.is_stop(found):
            if found >= n:
                return self.stop_before(offset)
            found += 1
        return found


def _wrap_paragraph(
    text: str, pos: int, end: int, width: int, starts: list[int], ends: list[int]
) -> None:
    """Greedy word wrap of ``text[pos:end]`` (no line feed inside) into rows."""
    if pos >= end:
        starts.append(pos)
        ends.append(pos)
        return
    while pos < end:
        chunk = text[pos : min(end, pos + width + 1)]
        # Every character one cell wide (not just as many cells as characters: a wide
        # character and a zero-width one would balance out, and the row would overflow).
        single = chunk.isascii() or _all_narrow(chunk)
        if single:
            if end - pos <= width:
                starts.append(pos)
                ends.append(end)
                return
            # chunk has width + 1 characters: break at the last space that fits.
            brk = chunk.rfind(" ")
            if brk <= 0:
                cut = pos + width
                starts.append(pos)
                ends.append(cut)
                pos = cut
                continue
        else:
            # Zero-width characters fit anywhere: look further until a character overflows.
            size = len(chunk)
            brk, cut = _wide_break(chunk, width)
            while cut >= size and pos + size < end:
                size *= 2
                chunk = text[pos : min(end, pos + size)]
                brk, cut = _wide_break(chunk, width)
            if cut >= len(chunk) and pos + cut >= end:
                starts.append(pos)
                ends.append(end)
                return
            if brk <= 0:
                cut = max(cut, 1)
                starts.append(pos)
                ends.append(pos + cut)
                pos += cut
                continue
        row_end = pos + brk
        while row_end > pos and text[row_end - 1] == " ":
            row_end -= 1
        starts.append(pos)
        ends.append(row_end if row_end > pos else pos + brk)
        pos += brk
        while pos < end and text[pos] == " ":
            pos += 1


_NARROW: set[str] = set()
"""Characters seen to be exactly one cell wide (a set test is much faster than measuring)."""


def _all_narrow(chunk: str) -> bool:
    if _NARROW.issuperset(chunk):
        return True
    for ch in chunk:
        if ch not in _NARROW:
            if get_character_cell_size(ch) != 1:
                return False
            _NARROW.add(ch)
    return True


def _wide_break(chunk: str, width: int) -> tuple[int, int]:
    """For text with wide characters: ``(last space that fits, characters that fit)``."""
    used = 0
    fit = 0
    brk = -1
    for i, ch in enumerate(chunk):
        if ch == " " and used <= width:
            brk = i
        w = get_character_cell_size(ch)
        if used + w > width:
            break
        used += w
        fit = i + 1
    return brk, fit
