"""The wrapped-line index of an article: rows of text offsets for a given width.

Headless (no Textual): the article view only draws what this computes. A row is a half-open
``[start, end)`` range of offsets into the text; the white space at a soft break and the line
feed at a paragraph end lie between one row's ``end`` and the next row's ``start``.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from rich.cells import cell_len, get_character_cell_size


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
        """The cell column of ``offset`` on its row (may equal the width at a soft break)."""
        row = self.row_of(offset)
        start = self.starts[row]
        return _cells(self.text[start : min(offset, self.ends[row])]) + max(
            0, offset - self.ends[row]
        )

    def offset_at(self, row: int, x: int) -> int:
        """The offset shown at cell column ``x`` of ``row`` (clamped to the row)."""
        row = min(max(row, 0), len(self.starts) - 1)
        start, end = self.starts[row], self.ends[row]
        line = self.text[start:end]
        if x <= 0:
            return start
        if line.isascii():
            return start + min(x, len(line))
        used = 0
        for i, ch in enumerate(line):
            used += get_character_cell_size(ch)
            if used > x:
                return start + i
        return end


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
