"""The quantity panel: every mention of one number across the corpus, figures side by side."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from newsreader.core.model import Document, Mention, Quantity
from newsreader.core.report import format_figure
from newsreader.tui.literal import literal


def context(doc: Document, m: Mention, width: int = 48) -> Text:
    """The mention in its sentence, on one line, the figure in bold."""
    lo = max(0, m.start - width)
    words = doc.text[lo : m.start].split()
    before = " ".join(words[1:] if lo > 0 else words)
    words = doc.text[m.end : m.end + width].split()
    after = " ".join(words[:-1] if m.end + width < len(doc.text) else words)
    text = Text(no_wrap=True, overflow="ellipsis", end="")
    text.append(literal(before) + " ", style="dim")
    text.append(literal(doc.text[m.start : m.end]), style="bold")
    text.append(" " + literal(after), style="dim")
    return text


def mention_row(number: int, doc: Document, m: Mention, here: bool) -> Text:
    """Two lines: the figure and the article, then the figure in its sentence. Each line is cut
    to the panel's width, so a long title (the lead paragraph of an article without a
    headline) does not push the figures apart."""
    text = Text(end="", no_wrap=True, overflow="ellipsis")
    text.append("▶ " if here else "  ")
    text.append(f"{format_figure(m):>9}", style="bold")
    text.append(f"  {number:>2} ", style="dim")
    text.append(literal(" ".join((doc.title or doc.path).split())))
    text.append("\n            ")
    text.append_text(context(doc, m, 30))
    return text


class QuantityPanel(ModalScreen[str | None]):
    """Lists the mentions of ``quantity``; enter jumps to one (returns its mention id)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q", "dismiss", "Close", show=True)]

    def __init__(
        self,
        quantity: Quantity,
        mentions: list[tuple[int, Document, Mention]],
        current: str | None = None,
    ) -> None:
        super().__init__()
        self.quantity = quantity
        self.mentions = mentions
        self.current = current

    def compose(self) -> ComposeResult:
        q = self.quantity
        with Vertical(id="quantity-panel", classes="dialog"):
            title = Text(no_wrap=True, overflow="ellipsis", end="")
            title.append(literal(q.label or "number"), style="bold")
            title.append(f"  {q.status}", style=f"bold {'red' if q.status == 'conflict' else ''}")
            title.append(f"  {len(self.mentions)} mentions", style="dim")
            yield Static(title, classes="dialog--title")
            for reason in q.reasons[:3]:
                yield Static(Text(literal(reason), style="italic dim"))
            options = [
                Option(mention_row(n, doc, m, m.id == self.current), id=m.id)
                for n, doc, m in self.mentions
            ]
            yield OptionList(*options, id="quantity-mentions")
            yield Static(Text("enter jump · esc close", style="dim"), classes="dialog--keys")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        for i, (_n, _doc, m) in enumerate(self.mentions):
            if m.id == self.current:
                options.highlighted = i
        options.focus()

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)
