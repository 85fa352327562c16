"""The help screen: every key, generated from :mod:`newsreader.tui.keys`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from newsreader.tui.keys import GROUPS, KEYS, key_display


def help_table(keymap: Mapping[str, str] | None = None) -> Table:
    """Every key, by group; ``keymap`` (action id -> keys) holds the keys a config moved."""
    keymap = keymap or {}
    table = Table.grid(padding=(0, 2))
    table.add_column("key", style="bold", no_wrap=True)
    table.add_column("what")
    for group in GROUPS:
        table.add_row(Text(group, style="bold underline"), "")
        rows: list[tuple[list[str], str]] = []
        for key in KEYS:
            if key.group != group:
                continue
            where = " (in the tag list)" if key.scope == "tags" else ""
            text = (key.merge or key.description) + where
            if key.merge and rows and rows[-1][1] == text:
                rows[-1][0].append(key_display(key, keymap.get(key.id)))
            else:
                rows.append(([key_display(key, keymap.get(key.id))], text))
        for keys, text in rows:
            # Text, not str: Rich reads a str cell as markup, and "[" "]" are keys here.
            table.add_row(Text(" ".join(keys)), Text(text))
        table.add_row("", "")
    return table


class HelpScreen(ModalScreen[None]):
    """Every binding, grouped; escape, q or ? closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "dismiss", "Close", show=True),
    ]

    def __init__(self, keymap: Mapping[str, str] | None = None) -> None:
        super().__init__()
        self.keymap = dict(keymap or {})

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body", classes="dialog", can_focus=True):
            title = Text("newsreader keys", style="bold")
            title.append("   esc or ? closes", style="dim")
            yield Static(title, classes="dialog--title")
            yield Static(
                Text(
                    "Shared passages are underlined, conflicting numbers in reverse bold, "
                    "differing numbers in italics, counts revised by later reports in bold "
                    "italics, tags in bold. Every action is also in the command palette "
                    "(ctrl+p).",
                    style="dim",
                )
            )
            yield Static(help_table(self.keymap), id="help-table")
