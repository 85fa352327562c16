"""The tag detail (``i``): one tag's quote, label, note, author, account and times, and its
history from the store's trail (who did what, oldest first)."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from newsreader.tui.literal import literal

if TYPE_CHECKING:
    from newsreader.store.model import Placed
    from newsreader.store.trail import Event
    from newsreader.tui.session import TagRecord

QUOTE_SHOWN = 400
"""Characters of the quote drawn (a quote may be 100,000): the rest is counted, not drawn."""


def quote_text(quote: str) -> Text:
    """The quote exactly as tagged, drawn literally (markup as typed, control characters as
    visible symbols), cut after ``QUOTE_SHOWN`` characters with the length said."""
    text = Text(literal(quote[:QUOTE_SHOWN]), style="bold")
    if len(quote) > QUOTE_SHOWN:
        text.append(f" … ({len(quote):,} characters in all)", style="dim")
    return text


def fields_table(placed: Placed, title: str, account: str | None) -> Table:
    """Label, note, author and the account that made it (``None``: not read yet), times, and
    where it is placed in which article."""
    ann = placed.annotation
    table = Table.grid(padding=(0, 1))
    table.add_column("what", style="dim", no_wrap=True)
    table.add_column("value", overflow="fold")

    def row(name: str, value: Text) -> None:
        table.add_row(Text(name), value)

    row("label", Text(literal(ann.label), style="bold"))
    note = " ".join(ann.note.split())
    row("note", Text(literal(note)) if note else Text("none", style="dim italic"))
    author = Text(literal(ann.author))
    if account is None:
        author.append(", from the account …", style="dim")
    elif account:
        author.append(", from the account ")
        author.append(literal(account), style="bold")
    else:
        author.append(" (no account kept: imported under another name, or older)", style="dim")
    row("author", author)
    row("created", Text(ann.created))
    row("updated", Text(ann.updated))
    place = Text(f"{placed.start}-{placed.end}")
    if placed.status != "exact":
        place.append(f" ({placed.status}; tagged at {ann.start}-{ann.end})", style="italic")
    place.append(" in " + literal(" ".join((title or ann.doc_path or ann.doc).split())))
    row("place", place)
    return table


def event_text(e: Event) -> Text:
    """One event in two lines: when, who and what; then what it did."""
    from newsreader.store.trail import VERBS, describe, when, who

    text = Text(end="")
    text.append(when(e), style="dim")
    text.append("  " + literal(who(e)))
    text.append("  " + VERBS[e.action], style="bold")
    text.append("\n  " + literal(describe(e)))
    return text


class TagDetail(ModalScreen[None]):
    """One tag and its history. The history is read on the tag session's store thread and
    shown when it comes (:meth:`show_record`); esc or q closes."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q", "dismiss", "Close", show=True)]

    def __init__(self, placed: Placed, title: str = "") -> None:
        super().__init__()
        self.placed = placed
        self.doc_title = title
        self.record: TagRecord | None = None
        self._error: str | None = None
        self._ready = False  # composed and mounted: the history can be shown

    def compose(self) -> ComposeResult:
        ann = self.placed.annotation
        with Vertical(id="tag-detail", classes="dialog"):
            head = Text(no_wrap=True, overflow="ellipsis", end="")
            head.append("Tag ", style="bold")
            head.append(ann.id[:8], style="dim")
            head.append("   esc closes", style="dim")
            yield Static(head, classes="dialog--title")
            yield Static(quote_text(ann.quote), id="tag-detail-quote")
            yield Static(fields_table(self.placed, self.doc_title, None), id="tag-detail-fields")
            yield Static(Text("History (oldest first)", style="bold underline"))
            yield OptionList(
                Option(Text("Reading the history…", style="dim"), disabled=True),
                id="tag-detail-history",
            )
            notes = Static(Text(""), id="tag-detail-notes")
            notes.display = False
            yield notes

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()
        self._ready = True
        # The store thread may have answered before the screen was mounted.
        if self.record is not None:
            self.show_record(self.record)
        elif self._error is not None:
            self.show_error(self._error)

    def show_record(self, record: TagRecord) -> None:
        """The account and the history, read from the store (kept until the screen is
        mounted, if it comes first)."""
        self.record = record
        if not self._ready or not self.is_attached:
            return  # not mounted yet (on_mount shows it), or closed already
        fields = fields_table(self.placed, self.doc_title, record.account)
        self.query_one("#tag-detail-fields", Static).update(fields)
        history = self.query_one(OptionList)
        history.clear_options()
        events = record.history.events
        if events:
            history.add_options(Option(event_text(e)) for e in events)
            history.highlighted = len(events) - 1  # the newest, in view
        else:
            history.add_option(Option(Text("No events recorded", style="dim"), disabled=True))
        notes = self.query_one("#tag-detail-notes", Static)
        notes.update(Text("\n".join(literal(n) for n in record.history.notes), style="italic"))
        notes.display = bool(record.history.notes)

    def show_error(self, message: str) -> None:
        self._error = message
        if not self._ready or not self.is_attached:
            return
        history = self.query_one(OptionList)
        history.clear_options()
        said = Text(f"Cannot read the history: {literal(message)}", style="bold")
        history.add_option(Option(said, disabled=True))
