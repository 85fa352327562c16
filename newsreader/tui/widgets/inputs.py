"""The reader's text input: an ``Input`` whose cursor blink the app can turn off (tests), and
that draws its value literally."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Input

from newsreader.tui.literal import literal


class ReaderInput(Input):
    """An ``Input`` that blinks only if ``app.cursor_blink`` is true (the default).

    Its value may hold control characters (a pasted escape sequence, the note of a tag saved by
    an import): they stay in the value, so saving keeps them, but are drawn as visible symbols.
    """

    def on_mount(self) -> None:
        self.cursor_blink = bool(getattr(self.app, "cursor_blink", True))

    @property
    def _value(self) -> Text:
        # Input draws ``Text(self.value)``, which sends ESC, C1 controls and bidi overrides to
        # the terminal as they are. One character for one, so the cursor stays in place.
        if self.password:
            return super()._value
        shown = literal(self.value).replace("\n", "\u2424")
        text = Text(shown, no_wrap=True, overflow="ignore", end="")
        if self.highlighter is not None:
            text = self.highlighter(text)
        return text
