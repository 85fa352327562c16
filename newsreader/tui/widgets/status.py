"""The status line: where the user is, what is under the cursor, what is going on."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from newsreader.tui.literal import literal


class StatusBar(Static):
    """One line above the footer. The app composes the parts; this only draws them."""

    DEFAULT_CSS = """
    StatusBar { height: 1; padding: 0 1; }
    """

    _last: Text | None = None

    def show(self, parts: list[tuple[str, str]]) -> None:
        """Show ``(text, style)`` parts separated by a dim bar. The parts quote labels, notes,
        authors and search queries: drawn literally, on one line, never as markup."""
        text = Text(no_wrap=True, overflow="ellipsis", end="")
        for i, (part, style) in enumerate(p for p in parts if p[0]):
            if i:
                text.append(" │ ", style="dim")
            text.append(literal(part).replace("\n", " "), style=style)
        if text != self._last:
            self._last = text
            # Fixed height: no layout pass, so a cursor move repaints this line only.
            self.update(text, layout=False)
