"""Search every article of the corpus: type a query, see each hit in its context, jump to it.

The search itself is the engine's (:mod:`newsreader.core.search`); this screen only draws the
hits: the article (outlet · date · title) and the hit on one line of the article's own text.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from newsreader.core.model import Document, Span
from newsreader.core.search import SearchIndex, SearchResult, context
from newsreader.tui.literal import literal
from newsreader.tui.widgets.inputs import ReaderInput


def hit_heading(number: int, doc: Document) -> Text:
    """The article a hit is in: its number, outlet · date · title."""
    text = Text(no_wrap=True, overflow="ellipsis", end="")
    text.append(f"{number:>3} ", style="dim")
    for value in (doc.outlet, doc.date):
        if value:
            text.append(literal(" ".join(value.split())) + " · ", style="italic")
    text.append(literal(" ".join(doc.title.split()) or "(untitled)"), style="italic dim")
    return text


def hit_line(doc: Document, hit: Span, width: int) -> Text:
    """The hit in its context on one line, the match in bold: the article's own characters."""
    ctx = context(doc.text, hit.start, hit.end, width)
    text = Text(no_wrap=True, overflow="ellipsis", end="")
    text.append("    " + ("…" if hit.start - len(ctx.before) > 0 else ""))
    text.append(literal(ctx.before))
    text.append(literal(ctx.match), style="bold reverse")
    text.append(literal(ctx.after))
    if hit.end + len(ctx.after) < len(doc.text):
        text.append("…")
    return text


def summary(result: SearchResult) -> str:
    if not result.query.strip():
        return "Type to search every article (case and accents do not matter)"
    n = len(result.hits)
    if not n:
        return "Not found in any article"
    articles = len({h.doc for h in result.hits})
    where = f"in {articles} article{'s' if articles != 1 else ''}"
    if result.capped:
        return f"The first {n} hits {where}: there are more, type more of the query"
    return f"{n} hit{'s' if n != 1 else ''} {where}"


class CorpusSearch(ModalScreen[Span | None]):
    """Returns the chosen hit, or ``None`` (Escape)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss", "Cancel", show=True),
        Binding("down", "move(1)", show=False),
        Binding("up", "move(-1)", show=False),
        Binding("pagedown", "move(10)", show=False),
        Binding("pageup", "move(-10)", show=False),
    ]

    def __init__(self, index: SearchIndex, numbers: dict[str, int], query: str = "") -> None:
        super().__init__()
        self.index = index
        self.numbers = numbers
        """Each document's number in the corpus (1-based), by id."""
        self._docs = {d.id: d for d in index.docs}
        self._initial = query
        self.result = SearchResult("", (), False)

    def compose(self) -> ComposeResult:
        with Vertical(id="corpus-search", classes="dialog"):
            yield Static(Text("Search every article", style="bold"), classes="dialog--title")
            yield ReaderInput(self._initial, placeholder="text to find", id="corpus-query")
            yield Static(id="corpus-summary")
            yield OptionList(id="corpus-hits")
            yield Static(Text("enter open at the hit · esc close", style="dim"),
                         classes="dialog--keys")  # fmt: skip

    def on_mount(self) -> None:
        self._search(self._initial)
        self.query_one(Input).focus()

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        self._search(event.value)

    def _search(self, query: str) -> None:
        self.result = self.index.search(query)
        self.query_one("#corpus-summary", Static).update(Text(summary(self.result), "dim"))
        options = self.query_one(OptionList)
        options.clear_options()
        width = max(20, self.app.size.width - 16)
        rows = []
        for hit in self.result.hits:
            doc = self._docs[hit.doc]
            row = hit_heading(self.numbers.get(hit.doc, 0), doc)
            row.append("\n")
            row.append_text(hit_line(doc, hit, width))
            rows.append(Option(row))
        options.add_options(rows)
        if rows:
            options.highlighted = 0

    def action_move(self, step: int) -> None:
        options = self.query_one(OptionList)
        if self.result.hits:
            cur = (options.highlighted or 0) + step
            options.highlighted = max(0, min(len(self.result.hits) - 1, cur))

    def _choose(self, index: int | None) -> None:
        if index is not None and 0 <= index < len(self.result.hits):
            self.dismiss(self.result.hits[index])

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self._choose(self.query_one(OptionList).highlighted)

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self._choose(event.option_index)
