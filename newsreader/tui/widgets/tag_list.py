"""The tag list: every tag of the documents on screen; jump to, edit or delete one."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from newsreader.tui.keys import bindings_for
from newsreader.tui.literal import literal

if TYPE_CHECKING:
    from newsreader.core.model import Document
    from newsreader.store.model import Placed


@dataclass(frozen=True, slots=True)
class TagRow:
    """One tag as listed: which document (column number), where, and what it says."""

    ann_id: str
    doc_id: str
    start: int
    end: int
    label: str
    note: str
    excerpt: str
    column: int
    status: str = "exact"
    author: str = ""


def row_text(row: TagRow) -> Text:
    text = Text(no_wrap=True, overflow="ellipsis", end="")
    text.append(f"{row.column} ", style="dim")
    text.append(literal(row.label), style="bold")
    if row.author:
        text.append(f" {literal(row.author)}", style="dim")
    if row.status not in ("exact", ""):
        text.append(f" ({row.status})", style="italic")
    text.append(" " + literal(" ".join(row.excerpt.split()))[:60])
    if row.note:
        text.append(" — " + literal(" ".join(row.note.split())), style="italic dim")
    return text


class TagList(OptionList):
    """Tags of the documents in the columns, in column then text order."""

    BINDINGS = bindings_for("tags")

    @dataclass
    class Requested(Message):
        """The user asked to ``what`` ("jump", "edit" or "delete") the tag ``row``."""

        what: str
        row: TagRow

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: list[TagRow] = []

    def show(
        self, columns: Sequence[tuple[int, Document]], placed: Mapping[str, Sequence[Placed]]
    ) -> None:
        """List the tags ``placed`` on the documents in ``columns`` (column number, document),
        each document once, in column then text order."""
        rows: list[TagRow] = []
        seen: set[str] = set()
        for n, doc in columns:
            if doc.id in seen:
                continue
            seen.add(doc.id)
            for p in sorted(placed.get(doc.id, ()), key=lambda p: (p.start, p.end)):
                ann = p.annotation
                excerpt = doc.text[p.start : p.end] if p.status != "orphaned" else ann.quote
                rows.append(
                    TagRow(
                        ann.id, doc.id, p.start, p.end, ann.label, ann.note, excerpt, n,
                        p.status, ann.author,
                    )
                )  # fmt: skip
        self.set_rows(rows)

    def set_rows(self, rows: list[TagRow]) -> None:
        highlighted = self.current_row
        self.rows = rows
        self.clear_options()
        if not rows:
            self.add_option(
                Option(Text("No tags yet: select text and press t", "dim"), disabled=True)
            )
            return
        self.add_options(Option(row_text(r), id=r.ann_id) for r in rows)
        self.highlighted = 0
        if highlighted is not None:
            for i, r in enumerate(rows):
                if r.ann_id == highlighted.ann_id:
                    self.highlighted = i
                    break

    @property
    def current_row(self) -> TagRow | None:
        index = self.highlighted
        if index is None or not self.rows or index >= len(self.rows):
            return None
        return self.rows[index]

    def _request(self, what: str) -> None:
        row = self.current_row
        if row is not None:
            self.post_message(self.Requested(what, row))

    def action_jump(self) -> None:
        self._request("jump")

    def action_edit(self) -> None:
        self._request("edit")

    def action_delete(self) -> None:
        self._request("delete")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._request("jump")
