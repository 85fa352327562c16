"""An article's text as the reader shows it: the display string and its words.

Offsets are code point offsets into the document text, and :func:`literal` keeps them: the
display string has the same length, character for character.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from newsreader.core.text import WORD_RE as _WORD
from newsreader.tui.literal import literal

_WORD_CHAR = re.compile(r"\w")  # one character of the engine's WORD_RE
_APOSTROPHES = frozenset("'\u2019")


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

    # -- words ----------------------------------------------------------------------------

    def _is_word(self, offset: int) -> bool:
        return _WORD_CHAR.match(self.text, offset) is not None

    def _in_word(self, offset: int) -> bool:
        """A word character, a combining mark (an accent typed as its own code point is not a
        word character, but is part of the word), or an apostrophe between two word characters
        ("Russia's", "don’t" are one word to the cursor, as in text editors)."""
        if self._is_word(offset):
            return True
        ch = self.text[offset]
        if ch in _APOSTROPHES:
            return 0 < offset < len(self.text) - 1 and (
                self._is_word(offset - 1) and self._is_word(offset + 1)
            )
        return unicodedata.category(ch).startswith("M")

    def word_at(self, offset: int) -> tuple[int, int] | None:
        """The word under ``offset``, else the one ending there, with its combining marks."""
        offset = min(max(offset, 0), len(self.text))
        start = end = offset
        while start > 0 and self._in_word(start - 1):
            start -= 1
        while end < len(self.text) and self._in_word(end):
            end += 1
        if _WORD.search(self.text, start, end) is None:
            return None
        return start, end

    def next_word_start(self, offset: int) -> int:
        """The start of the next word after the one ``offset`` is in (Ctrl+→), else the end."""
        pos, n = min(max(offset, 0), len(self.text)), len(self.text)
        while pos < n and self._in_word(pos):
            pos += 1
        while pos < n and not self._is_word(pos):
            pos += 1
        return pos

    def previous_word_start(self, offset: int) -> int:
        """The start of the word before ``offset`` (or the one it is inside), else 0 (Ctrl+←)."""
        pos = min(max(offset, 0), len(self.text))
        while pos > 0 and not self._is_word(pos - 1):
            pos -= 1
        while pos > 0 and self._in_word(pos - 1):
            pos -= 1
        return pos
