"""The search bar: ``/`` searches the article in focus; F3 and Shift+F3 step through the hits.

The bar owns the search: the query, the document it was run on, its hits and which one is
current, and where the cursor was when the result was shown (moving on hides it). The app asks
it where to go and draws what it says; Escape in the bar closes it and clears the search.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import events
from textual.message import Message

from newsreader.tui.highlights import Mark
from newsreader.tui.widgets.inputs import ReaderInput

if TYPE_CHECKING:
    from newsreader.core.model import Document


class SearchBar(ReaderInput):
    """A one-line input, shown while searching; the search state lives here."""

    @dataclass
    class Cancelled(Message):
        """Escape in the bar: close it and clear the search."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(placeholder="search (enter: find, esc: close)", id=id)
        self.term = ""
        self.doc: str | None = None
        """The document the hits are in."""
        self.hits: list[tuple[int, int]] = []
        self.current = -1
        self._shown_at: tuple[str, int] | None = None

    # -- the bar ----------------------------------------------------------------------------

    def open(self) -> None:
        self.add_class("-open")
        self.value = self.term
        self.focus()

    def close(self) -> None:
        self.remove_class("-open")

    def on_blur(self, event: events.Blur) -> None:
        # Tab (or a click) took the focus to the article: nothing would close the bar then,
        # Escape being the article's. It closes; the last search stays. A dialog opened over it
        # (the palette) gives the focus back, so the bar stays open under it.
        self.call_after_refresh(self._close_if_left)

    def _close_if_left(self) -> None:
        if self.has_class("-open") and not self.has_focus and self.app.screen is self.screen:
            self.close()

    def on_key(self, event: events.Key) -> None:
        if event.key == "escape":
            event.stop()
            self.post_message(self.Cancelled())

    # -- the search -------------------------------------------------------------------------

    def find(self, query: str, doc: Document, cursor: int) -> int | None:
        """Search ``doc`` for ``query`` (case-insensitive, literal); the offset of the first hit
        at or after ``cursor`` (wrapping round), or ``None`` if there is none."""
        self.term = query
        pattern = re.compile(re.escape(query), re.IGNORECASE)
        self.hits = [m.span() for m in pattern.finditer(doc.text)]
        self.doc = doc.id
        self.current = -1
        if not self.hits:
            self._shown_at = (doc.id, cursor)
            return None
        after = [i for i, (s, _e) in enumerate(self.hits) if s >= cursor]
        return self.go(after[0] if after else 0)

    def step(self, step: int) -> int | None:
        """The offset of the next (``step`` 1) or previous (-1) hit, wrapping round."""
        if not self.hits:
            return None
        return self.go((self.current + step) % len(self.hits))

    def go(self, i: int) -> int:
        self.current = i
        start = self.hits[i][0]
        if self.doc is not None:
            self._shown_at = (self.doc, start)
        return start

    def forget(self) -> str | None:
        """Forget the hits (the query stays, for the next ``/``); the document they were in."""
        doc = self.doc
        self.hits, self.doc, self.current = [], None, -1
        return doc

    def marks(self, doc_id: str) -> list[Mark]:
        if doc_id != self.doc:
            return []
        return [
            Mark(s, e, "match-current" if i == self.current else "match")
            for i, (s, e) in enumerate(self.hits)
        ]

    def info(self, doc_id: str, cursor: int) -> list[tuple[str, str]]:
        """The status line's part: "“storm” 2/5" while the cursor is on the hit shown."""
        if not self.term or self.doc != doc_id or self._shown_at != (doc_id, cursor):
            return []
        if not self.hits:
            return [(f"“{self.term}” not found", "italic")]
        return [(f"“{self.term}” {self.current + 1}/{len(self.hits)}", "italic")]
