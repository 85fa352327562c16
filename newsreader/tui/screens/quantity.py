"""The quantity panel: every mention of one number across the corpus, figures side by side."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Sparkline, Static
from textual.widgets.option_list import Option

from newsreader.core.model import Document, Mention, Quantity
from newsreader.core.quantities import format_number
from newsreader.core.report import format_figure
from newsreader.tui.literal import literal


def _flat(text: str) -> str:
    """The article's text on one line: each line break or tab a space, nothing else changed."""
    return text.replace("\r", " ").replace("\n", " ").replace("\t", " ")


def timeline(mentions: list[tuple[int, Document, Mention]]) -> list[tuple[str, float]] | None:
    """One point per dated day: the day and its highest figure's lower bound (the figure a
    reader would quote), when three days or more are dated; else ``None``."""
    by_day: dict[str, float] = {}
    for _, doc, m in mentions:
        value = m.low if m.low is not None else m.high
        if doc.date is None or len(doc.date) < 10 or value is None:
            continue
        day = doc.date[:10]
        by_day[day] = max(by_day.get(day, value), value)
    if len(by_day) < 3:
        return None
    return sorted(by_day.items())


def timeline_caption(points: list[tuple[str, float]]) -> Text:
    text = Text(no_wrap=True, overflow="ellipsis", end="")
    first, last = points[0], points[-1]
    text.append(f"{first[0]} {format_number(first[1])}", style="dim")
    text.append(" → ")
    text.append(f"{last[0]} {format_number(last[1])}", style="bold")
    first_day, last_day = date.fromisoformat(first[0]), date.fromisoformat(last[0])
    text.append(f"  ({len(points)} dates over {(last_day - first_day).days} days)", style="dim")
    return text


def context(doc: Document, m: Mention, width: int = 48) -> Text:
    """The mention in its sentence, on one line, the figure in bold: the article's own text,
    sliced (never words re-joined by spaces: "(19,000 sq. kms)" and "150, 000" stay so), cut
    at word boundaries at either end."""
    text_ = doc.text
    lo = max(0, m.start - width)
    if lo > 0:
        cut = text_.find(" ", lo, m.start)
        lo = cut + 1 if cut >= 0 else m.start
    hi = min(len(text_), m.end + width)
    if hi < len(text_):
        cut = text_.rfind(" ", m.end, hi)
        hi = cut if cut >= 0 else m.end
    text = Text(no_wrap=True, overflow="ellipsis", end="")
    text.append(literal(_flat(text_[lo : m.start])), style="dim")
    text.append(literal(_flat(text_[m.start : m.end])), style="bold")
    text.append(literal(_flat(text_[m.end : hi])), style="dim")
    return text


def mention_row(number: int, doc: Document, m: Mention, here: bool) -> Text:
    """Two lines: the figure, the outlet and date, and the article, then the figure in its
    sentence. Each line is cut to the panel's width, so a long title (the lead paragraph of an
    article without a headline) does not push the figures apart."""
    text = Text(end="", no_wrap=True, overflow="ellipsis")
    text.append("▶ " if here else "  ")
    text.append(f"{format_figure(m):>9}", style="bold")
    text.append(f"  {number:>2} ", style="dim")
    for value in (doc.date, doc.outlet):
        if value:
            text.append(literal(_flat(value)) + " · ", style="italic")
    text.append(literal(_flat(doc.title or doc.path)))
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
            loud = {"conflict": "red", "updated": "green"}.get(q.status, "")
            title.append(f"  {q.status}", style=f"bold {loud}")
            title.append(f"  {len(self.mentions)} mentions", style="dim")
            yield Static(title, classes="dialog--title")
            for reason in q.reasons[:3]:
                yield Static(Text(literal(reason), style="italic dim"))
            points = timeline(self.mentions)
            if points is not None:
                with Horizontal(id="quantity-timeline"):
                    yield Sparkline([v for _, v in points], summary_function=max)
                    yield Static(timeline_caption(points), id="quantity-timeline-caption")
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
