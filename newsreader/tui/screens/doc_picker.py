"""The document picker: choose which document a column shows (filtered by words)."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from newsreader.core.model import Document
from newsreader.core.text import fold
from newsreader.tui.literal import literal
from newsreader.tui.widgets.inputs import ReaderInput


def doc_line(number: int, doc: Document, current: bool, story: int | None = None) -> Text:
    text = Text(no_wrap=True, overflow="ellipsis", end="")
    text.append("▶ " if current else "  ")
    text.append(f"{number:>3} ", style="dim")
    if story is not None:
        text.append(f"s{story:<3} ", style="italic")
    for value in (doc.outlet, doc.date):
        if value:
            text.append(literal(" ".join(value.split())) + " · ", style="italic")
    text.append(literal(" ".join(doc.title.split()) or "(untitled)"), style="bold")
    text.append("  " + literal(doc.path), style="dim italic")
    return text


def story_heading(story: int, label: str, size: int) -> Text:
    """The line above a story's articles: its number, what it is about, how many articles."""
    text = Text(no_wrap=True, overflow="ellipsis", end="")
    text.append(f"s{story} ", style="bold italic")
    text.append(literal(label) or "(no label)", style="italic")
    text.append(f"  {size} article{'s' if size != 1 else ''}", style="dim")
    return text


def by_story(
    order: list[int], docs: list[Document], story_of: dict[str, int], current: int | None
) -> list[int]:
    """``order`` regrouped by story: the current document's story first, then the others in
    story order; within a story by date, undated last, else in the order of ``order``."""
    first = story_of.get(docs[current].id, 0) if current is not None else 0

    def key(i: int) -> tuple[bool, int, bool, str]:
        # Within a story, by date (undated articles last, in the given order).
        story = story_of.get(docs[i].id, 0)
        return (story != first, story, docs[i].date is None, docs[i].date or "")

    return sorted(order, key=key)


_WORD = re.compile(r"[^\W_]+")
"""A word of a title, outlet or path: letters and digits ("a_storm.txt" is "a", "storm", "txt")."""


def _words(text: str) -> list[str]:
    return [fold(w) for w in _WORD.findall(text)]


@lru_cache(maxsize=8192)
def _doc_words(title: str, outlet: str, path: str) -> tuple[frozenset[str], frozenset[str]]:
    """The folded words of a document's title, and those of its outlet and path."""
    return frozenset(_words(title)), frozenset(_words(f"{outlet} {path}"))


def filter_documents(query: str, docs: list[Document]) -> list[int]:
    """Indexes of ``docs`` whose title, outlet or path has, for every word of ``query``, a word
    that starts with it (case and accents aside): "earth" finds "Earthquake", never "death".

    Best first: documents whose title has more of the query's words in full, then corpus order.
    """
    wanted = _words(query)
    if not wanted:
        return list(range(len(docs)))
    found: list[tuple[int, int]] = []
    for i, doc in enumerate(docs):
        title, other = _doc_words(doc.title, doc.outlet or "", doc.path)
        if all(any(w.startswith(q) for w in title) or any(w.startswith(q) for w in other)
               for q in wanted):  # fmt: skip
            found.append((-sum(q in title for q in wanted), i))
    return [i for _rank, i in sorted(found)]


class DocumentPicker(ModalScreen[int | None]):
    """Returns the index of the chosen document (into the corpus order)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss", "Cancel", show=True),
        Binding("down", "move(1)", show=False),
        Binding("up", "move(-1)", show=False),
    ]

    def __init__(
        self,
        docs: list[Document],
        current: int | None = None,
        story_of: dict[str, int] | None = None,
        story_labels: dict[int, str] | None = None,
    ) -> None:
        super().__init__()
        self.docs = docs
        self.current = current
        self.story_of = story_of or {}
        self.story_labels = story_labels or {}
        self._shown: list[int] = []
        self._rows: list[int | None] = []  # option index -> document index, None for a heading

    def compose(self) -> ComposeResult:
        with Vertical(id="doc-picker", classes="dialog"):
            title = Text("Open a document in this column", style="bold")
            stories = len(set(self.story_of.values()))
            if stories > 1:
                title.append(f"  {stories} stories, this one first (s1 is the largest)", "dim")
            yield Static(title, classes="dialog--title")
            yield ReaderInput(placeholder="words of the title, outlet or path", id="doc-filter")
            yield OptionList(id="doc-list")
            yield Static(Text("enter open · esc cancel", style="dim"), classes="dialog--keys")

    def on_mount(self) -> None:
        self._refilter("")
        self.query_one(Input).focus()

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        self._refilter(event.value)

    def _refilter(self, query: str) -> None:
        options = self.query_one(OptionList)
        self._shown = filter_documents(query, self.docs)
        if self.story_of and not query.strip():
            self._shown = by_story(self._shown, self.docs, self.story_of, self.current)
        options.clear_options()
        headed = len(set(self.story_of.values())) > 1 and not query.strip()
        self._rows = []
        rows: list[Option] = []
        story: int | None = None
        for i in self._shown:
            doc_story = self.story_of.get(self.docs[i].id)
            if headed and doc_story != story and doc_story is not None:
                story = doc_story
                size = sum(1 for n in self.story_of.values() if n == story)
                rows.append(Option(story_heading(story, self.story_labels.get(story, ""), size),
                                   disabled=True))  # fmt: skip
                self._rows.append(None)
            rows.append(Option(doc_line(i + 1, self.docs[i], i == self.current, doc_story)))
            self._rows.append(i)
        options.add_options(rows)
        if self._shown:
            options.highlighted = self._rows.index(self._shown[0])

    def action_move(self, step: int) -> None:
        options = self.query_one(OptionList)
        if self._shown:
            cur = options.highlighted or 0
            for _ in range(len(self._rows)):
                cur = (cur + step) % len(self._rows)
                if self._rows[cur] is not None:
                    break
            options.highlighted = cur

    def _choose(self, index: int | None) -> None:
        if index is not None and 0 <= index < len(self._rows):
            doc = self._rows[index]
            if doc is not None:
                self.dismiss(doc)

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self._choose(self.query_one(OptionList).highlighted)

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self._choose(event.option_index)
