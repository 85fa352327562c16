"""An article's text as the reader shows it: the display string and its words.

Offsets are code point offsets into the document text, and :func:`literal` keeps them: the
display string has the same length, character for character.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsreader.core.text import WORD_RE as _WORD
from newsreader.tui.document.wrapping import cell_width
from newsreader.tui.literal import literal

_WORD_CHAR = re.compile(r"\w")  # one character of the engine's WORD_RE


@dataclass(frozen=True, slots=True)
class ArticleDocument:
    """The text of one article and its display form (same length, same offsets)."""

    text: str
    display: str

    @classmethod
    def from_text(cls, text: str) -> ArticleDocument:
        return cls(text, literal(text))

    def __len__(self) -> int:
        return len(self.text)

    def _zero_width(self, offset: int) -> bool:
        ch = self.display[offset]
        return ch != "\n" and cell_width(ch) == 0

    # -- words ----------------------------------------------------------------------------

    def _is_word(self, offset: int) -> bool:
        return _WORD_CHAR.match(self.text, offset) is not None

    def word_at(self, offset: int) -> tuple[int, int] | None:
        """The word under ``offset``, else the one ending there (with the zero-width characters
        drawn in its last cell)."""
        offset = min(max(offset, 0), len(self.text))
        start = end = offset
        while start > 0 and self._is_word(start - 1):
            start -= 1
        m = _WORD.match(self.text, offset)
        if m is not None:
            end = m.end()
        if start == end:
            return None
        # A combining accent after the word (not a word character itself) belongs to it.
        while end < len(self.text) and self._zero_width(end):
            end += 1
        return start, end

    def next_word_start(self, offset: int) -> int:
        """The start of the next word after the one ``offset`` is in (Ctrl+→), else the end."""
        m = _WORD.search(self.text, offset)
        if m is not None and m.start() <= offset:
            m = _WORD.search(self.text, m.end())
        return m.start() if m else len(self.text)

    def previous_word_start(self, offset: int) -> int:
        """The start of the word before ``offset`` (or the one it is inside), else 0 (Ctrl+←)."""
        pos = min(max(offset, 0), len(self.text))
        while pos > 0 and not self._is_word(pos - 1):
            pos -= 1
        while pos > 0 and self._is_word(pos - 1):
            pos -= 1
        return pos
