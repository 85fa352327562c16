"""The reader's text input: an ``Input`` whose cursor blink the app can turn off (tests)."""

from __future__ import annotations

from textual.widgets import Input


class ReaderInput(Input):
    """An ``Input`` that blinks only if ``app.cursor_blink`` is true (the default)."""

    def on_mount(self) -> None:
        self.cursor_blink = bool(getattr(self.app, "cursor_blink", True))
