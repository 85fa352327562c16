"""One article column: a header (title, source) over an article view."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from newsreader.tui.literal import literal
from newsreader.tui.widgets.article import ArticleView

if TYPE_CHECKING:
    from newsreader.core.model import Document


def header_text(document: Document, number: int, total: int) -> Text:
    """The column header, built from plain text (article titles are never markup)."""
    title = literal(document.title or "(untitled)").replace("\n", " ")
    text = Text(no_wrap=True, overflow="ellipsis", end="")
    # Who published it and when come first: they tell an update from a contradiction.
    for value in (document.outlet, document.date):
        if value:
            text.append(literal(value).replace("\n", " "), style="bold italic")
            text.append(" · ", style="dim")
    text.append(title, style="bold")
    text.append("\n")
    text.append(f"{number}/{total} ", style="dim")
    text.append(literal(document.path or document.id).replace("\n", " "), style="italic")
    return text


class ArticleColumn(Vertical):
    """A column showing one document."""

    DEFAULT_CSS = """
    ArticleColumn { width: 1fr; height: 1fr; }
    ArticleColumn > .column--header { height: 2; padding: 0 1; }
    """

    def __init__(self, document: Document | None, number: int, total: int) -> None:
        """``document`` ``None``: a column waiting for the corpus to be read."""
        super().__init__(classes="column")
        self._document = document
        self._number = number
        self._total = total

    def compose(self) -> ComposeResult:
        header = (
            header_text(self._document, self._number, self._total)
            if self._document is not None
            else Text("Reading articles…", style="dim italic")
        )
        yield Static(header, classes="column--header")
        yield ArticleView(self._document)

    @property
    def view(self) -> ArticleView:
        return self.query_one(ArticleView)

    def show(self, document: Document, number: int, total: int, cursor: int = 0) -> None:
        self._document, self._number, self._total = document, number, total
        self.query_one(".column--header", Static).update(header_text(document, number, total))
        self.view.load(document, cursor)
