"""The export dialog: a path (default ``annotations.json``) and a preview of the JSON.

An existing file is never replaced without asking: the dialog asks first, and the default
answer (Enter, Escape, anything but ``y``) keeps the file.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import ClassVar

from rich.syntax import Syntax
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from newsreader.tui.literal import literal
from newsreader.tui.typeahead import DialogStayed
from newsreader.tui.widgets.inputs import ReaderInput

PREVIEW_LINES = 400


def preview(json_text: str, limit: int = PREVIEW_LINES) -> Syntax:
    """A syntax-highlighted preview (Rich ``Syntax`` through pygments) of the first lines.

    JSON escapes only the C0 controls: C1 controls, DEL and bidi overrides in a quote, a note or
    a title are still raw, so the preview is drawn :func:`literal`. Lines are split at line
    feeds only (``splitlines`` would also split inside a string at U+2028 or U+0085).
    """
    lines = literal(json_text).split("\n")
    shown = "\n".join(lines[:limit])
    if len(lines) > limit:
        shown += f"\n… {len(lines) - limit:,} more lines"
    return Syntax(shown, "json", theme="ansi_dark", word_wrap=True, background_color="default")


Writer = Callable[[str, bool], str | None]
"""Writes the export to a path, replacing an existing file only when the second argument
(``overwrite``) is true; returns why it could not, or ``None``."""


class ConfirmOverwrite(ModalScreen[bool]):
    """Asks whether to replace an existing file. "Keep" has the focus, so Enter keeps the file
    (an Enter typed twice never replaces one), as do ``n`` and Escape; ``y`` or the "Replace"
    button replaces it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Replace", show=True),
        Binding("n,escape", "answer(False)", "Keep", show=True),
    ]

    def __init__(self, path: str) -> None:
        super().__init__()
        self.path = path

    def compose(self) -> ComposeResult:
        with Vertical(id="export-confirm", classes="dialog"):
            yield Static(Text("Replace the file?", style="bold"), classes="dialog--title")
            yield Static(Text(f"{literal(self.path)} already exists."))
            with Horizontal(id="export-confirm-buttons"):
                yield Button("Keep it", id="export-keep", variant="primary")
                yield Button("Replace it", id="export-replace", variant="error")
            yield Static(
                Text("y replace it · n, enter or esc keep it", style="dim"),
                classes="dialog--keys",
            )

    def on_mount(self) -> None:
        self.query_one("#export-keep", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "export-replace")

    def action_answer(self, replace: bool) -> None:
        self.dismiss(replace)


class ExportDialog(ModalScreen[str | None]):
    """Asks where to write the export; returns the path written, or ``None`` when cancelled.

    With a ``write`` function the dialog writes itself and stays open on an error, showing it,
    so the path can be corrected rather than typed again."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss", "Cancel", show=True)]

    def __init__(
        self,
        json_text: str,
        path: str = "annotations.json",
        summary: str = "",
        write: Writer | None = None,
    ) -> None:
        super().__init__()
        self.json_text = json_text
        self.path = path
        self.summary = summary
        self.write = write
        self._done = False

    def compose(self) -> ComposeResult:
        with Vertical(id="export-dialog", classes="dialog"):
            yield Static(Text("Export annotations to JSON", style="bold"), classes="dialog--title")
            if self.summary:
                yield Static(Text(self.summary, style="dim"))
            yield ReaderInput(self.path, placeholder="path", id="export-path")
            yield Static("", id="export-error", classes="error")
            with VerticalScroll(id="export-preview"):
                yield Static(preview(self.json_text), id="export-json")
            yield Static(Text("enter write · esc cancel", style="dim"), classes="dialog--keys")

    def on_mount(self) -> None:
        self.query_one("#export-error").display = False
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        if self._done:
            return
        path = event.value.strip()
        if not path:
            self.notify("Give a path to write to", severity="warning")
            self.app.post_message(DialogStayed())
            return
        if self.write is not None and os.path.lexists(path):
            self.app.push_screen(
                ConfirmOverwrite(path), lambda replace: self._confirmed(path, bool(replace))
            )
            return
        self._write(path, overwrite=False)

    def _confirmed(self, path: str, replace: bool) -> None:
        if replace:
            self._write(path, overwrite=True)
        else:
            self._show_error(f"{path} already exists; not replaced (give another path)")
            self.query_one(Input).focus()

    def _write(self, path: str, *, overwrite: bool) -> None:
        error = self.write(path, overwrite) if self.write is not None else None
        if error:
            self._show_error(error)
            self.app.post_message(DialogStayed())
            return
        self._done = True
        self.dismiss(path)

    def _show_error(self, error: str) -> None:
        shown = self.query_one("#export-error", Static)
        shown.update(Text(literal(error), style="bold"))
        shown.display = True
