"""The diff of one shared passage: its two versions aligned sentence by sentence, the words the
copy changed styled through the stylesheet (``DiffPart > .diff--*``), changed figures loud.

The alignment is computed here from the passage's edits (headless, no Textual in
:func:`diff_rows`); the widgets only draw it. Between two edits both versions have the same
words, so each such stretch is cut at its sentence ends when both sides have as many: the
rows then pair a sentence with its counterpart. Every piece of text is an exact slice of the
article, shown through :func:`~newsreader.tui.literal.literal`.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import pairwise
from typing import ClassVar

from rich import box
from rich.console import Console, ConsoleOptions, RenderResult
from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Static

from newsreader.core.model import Document, Edit, Passage, Span
from newsreader.core.reuse import outlets_carrying, source_line
from newsreader.tui.literal import literal

KINDS = ("delete", "insert", "replace", "figure", "gap")
"""How a piece of a version is drawn: ``diff--<kind>`` in the stylesheet ("" is plain text)."""

GAP = "‸"
"""Drawn on the side without words of an insertion or a deletion, where the words would be."""

SIDE_BY_SIDE = 100
"""At this many cells or more the versions are drawn side by side, else one above the other."""

_SENTENCE_END = re.compile(r"[.!?][\"'”’»)\]]*\s+")


@dataclass(frozen=True, slots=True)
class Piece:
    text: str
    """As drawn: the article's slice through ``literal``, line breaks as spaces."""
    kind: str = ""


Row = tuple[tuple[Piece, ...], tuple[Piece, ...]]


def sides(passage: Passage) -> tuple[Span, Span]:
    """The versions to compare: the source's span then the copy's when the source is known
    (the order of the edits' spans), else the passage's first and second span."""
    first, second = passage.spans[0], passage.spans[1]
    if passage.source == second.doc:
        return second, first
    return first, second


def diff_rows(passage: Passage, documents: Mapping[str, Document]) -> list[Row]:
    """The two versions of ``passage`` as aligned rows of styled pieces."""
    left, right = sides(passage)
    edits = [e for e in passage.edits if (e.spans[0].doc, e.spans[1].doc) == (left.doc, right.doc)]
    ltext, rtext = documents[left.doc].text, documents[right.doc].text
    cuts = [(left.start, right.start)]
    # The stretches of equal words: from the passage's start or an edit's end to the next edit.
    ends = [(e.spans[0].start, e.spans[1].start) for e in edits] + [(left.end, right.end)]
    starts = [(left.start, right.start)] + [(e.spans[0].end, e.spans[1].end) for e in edits]
    for (la, ra), (lb, rb) in zip(starts, ends, strict=True):
        lcuts = [m.end() for m in _SENTENCE_END.finditer(ltext, la, lb) if la < m.end() < lb]
        rcuts = [m.end() for m in _SENTENCE_END.finditer(rtext, ra, rb) if ra < m.end() < rb]
        if len(lcuts) == len(rcuts):
            cuts.extend(zip(lcuts, rcuts, strict=True))
    cuts.append((left.end, right.end))
    lrows = _side(ltext, [c[0] for c in cuts], _marks(edits, 0))
    rrows = _side(rtext, [c[1] for c in cuts], _marks(edits, 1))
    return list(zip(lrows, rrows, strict=True))


def _marks(edits: Iterable[Edit], side: int) -> list[tuple[int, int, str]]:
    """Each edit's range on one side (0 the source's, 1 the copy's) and how it is drawn."""
    words = "delete" if side == 0 else "insert"
    out = []
    for e in edits:
        span = e.spans[side]
        if span.start == span.end:
            kind = "gap"
        elif e.figure:
            kind = "figure"
        else:
            kind = "replace" if e.op == "replace" else words
        out.append((span.start, span.end, kind))
    return out


def _side(text: str, cuts: list[int], marks: list[tuple[int, int, str]]) -> list[tuple[Piece, ...]]:
    """One version cut at ``cuts`` (``len(cuts) - 1`` rows), each row's marks as pieces."""
    by_row: list[list[tuple[int, int, str]]] = [[] for _ in cuts[:-1]]
    for mark in marks:
        by_row[max(0, min(len(by_row) - 1, bisect_right(cuts, mark[0]) - 1))].append(mark)
    rows = []
    for (a, b), row_marks in zip(pairwise(cuts), by_row, strict=True):
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        pieces: list[Piece] = []
        pos = a
        for start, end, kind in row_marks:
            start, end = min(max(start, pos), b), min(max(end, pos), b)
            if start > pos:
                pieces.append(Piece(_shown(text[pos:start])))
            if kind == "gap" or end > start:
                pieces.append(Piece(GAP if kind == "gap" else _shown(text[start:end]), kind))
            pos = end
        if pos < b:
            pieces.append(Piece(_shown(text[pos:b])))
        rows.append(tuple(pieces))
    return rows


def _shown(text: str) -> str:
    return literal(text.replace("\r", " ").replace("\n", " "))


def side_text(pieces: Iterable[Piece], styles: Mapping[str, Style]) -> Text:
    text = Text(end="")
    for piece in pieces:
        text.append(piece.text, styles.get(piece.kind, Style()))
    return text


def _heading(doc: Document, role: str) -> Text:
    """Which version (source or copy), who published it, when, and its title, on one line."""
    text = Text(no_wrap=True, overflow="ellipsis", end="")
    if role:
        text.append(role, style="bold")
        text.append(" · ", style="dim")
    for value in (doc.outlet, doc.date):
        if value:
            text.append(_shown(value), style="bold italic")
            text.append(" · ", style="dim")
    text.append(_shown(doc.title or doc.path))
    return text


class _Cells:
    """One row of the two versions, drawn at the width Textual renders at: side by side when
    wide enough, else one above the other (a row the same in both, typography aside, once)."""

    def __init__(self, left: Text, right: Text, same: bool = False, heading: bool = False):
        self.left, self.right, self.same, self.heading = left, right, same, heading

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        a, b = Text("A", style="bold reverse"), Text("B", style="bold reverse")
        if options.max_width >= SIDE_BY_SIDE:
            left, right = self.left, self.right
            if self.heading:
                left, right = Text.assemble(a, " ", left), Text.assemble(b, " ", right)
                for cell in (left, right):
                    cell.no_wrap, cell.overflow = True, "ellipsis"
            table = Table(
                box=box.MINIMAL, show_header=False, show_edge=False, pad_edge=False, expand=True
            )
            table.add_column(ratio=1)
            table.add_column(ratio=1)
            table.add_row(left, right)
            yield table
            return
        grid = Table.grid(padding=(0, 1), expand=True)
        grid.add_column(width=1, no_wrap=True)
        grid.add_column(ratio=1)
        if self.same:
            grid.add_row(Text("=", style="bold"), self.left)
        else:
            grid.add_row(a, self.left)
            grid.add_row(b, self.right)
        yield grid


class DiffPart(Widget):
    """A part of the diff screen drawn with the stylesheet's ``diff--*`` styles (themes, 16
    colours and NO_COLOR change them there; each has a text style as well as a colour)."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {f"diff--{kind}" for kind in KINDS}

    def diff_styles(self) -> dict[str, Style]:
        return {k: self.get_component_rich_style(f"diff--{k}", partial=True) for k in KINDS}


class DiffLegend(DiffPart):
    def render(self) -> Text:
        styles = self.diff_styles()
        text = Text(no_wrap=True, overflow="ellipsis", end="")
        for kind, word in (("delete", "dropped"), ("insert", "added"), ("replace", "changed")):
            text.append(word, styles[kind])
            text.append("  ")
        text.append("figure changed", styles["figure"])
        text.append("  ")
        text.append(GAP, styles["gap"])
        text.append(" words missing here  ", style="dim")
        text.append("=", style="bold")
        text.append(" the same in both", style="dim")
        return text


class DiffHeading(Widget):
    """Which version is which, above the rows (it does not scroll away)."""

    def __init__(self, left: Text, right: Text) -> None:
        super().__init__()
        self.left, self.right = left, right

    def render(self) -> _Cells:
        return _Cells(self.left, self.right, heading=True)


class DiffRow(DiffPart):
    """One aligned row: a sentence (or a few) of each version."""

    def __init__(self, row: Row) -> None:
        super().__init__(classes="diff-row")
        self.row = row
        self.changed = any(p.kind for side in row for p in side)

    def render(self) -> _Cells:
        styles = self.diff_styles()
        left, right = (side_text(side, styles) for side in self.row)
        return _Cells(left, right, same=not self.changed)


def summary(passage: Passage, documents: Mapping[str, Document]) -> tuple[Text, Text]:
    """Two lines: how many edits of which kind; where the text came from (and the copy's
    credit line), and how many outlets carry it."""
    title = Text("Shared passage", style="bold", end="")
    edits = passage.edits
    if not edits:
        title.append(" · verbatim: no word changed (typography aside)", style="italic")
    else:
        counts = [
            f"{n} {word}"
            for word, n in (
                ("changed", sum(e.op == "replace" for e in edits)),
                ("added", sum(e.op == "insert" for e in edits)),
                ("dropped", sum(e.op == "delete" for e in edits)),
                ("figures" if sum(e.figure for e in edits) > 1 else "figure",
                 sum(e.figure for e in edits)),
            )
            if n
        ]  # fmt: skip
        noun = "edit" if len(edits) == 1 else "edits"
        title.append(f" · {len(edits)} {noun}: {', '.join(counts)}", style="bold")
    known = all(d in documents for d in (passage.source, *passage.carried_by) if d)
    where = Text((source_line(passage, documents) if known else None) or "source unknown", end="")
    where.stylize("italic")
    if known and (carriers := outlets_carrying(passage, documents)) >= 2:
        where.append(f" · carried by {carriers} outlets", "italic")
    credit = passage.credit
    if credit is not None and credit.doc in documents:
        where.append(" · credit: ", style="dim")
        where.append(_shown(documents[credit.doc].text[credit.start : credit.end]))
    return title, where


class DiffScreen(ModalScreen[None]):
    """The two versions of one shared passage; escape or q closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q", "dismiss", "Close", show=True)]

    def __init__(self, passage: Passage, documents: Mapping[str, Document]) -> None:
        super().__init__()
        self.passage = passage
        self.documents = documents

    def compose(self) -> ComposeResult:
        p, docs = self.passage, self.documents
        left, right = sides(p)
        roles = ("source", "copy") if p.source is not None else ("", "")
        headings = (
            _heading(docs[left.doc], roles[0]),
            _heading(docs[right.doc], roles[1]),
        )
        with Vertical(id="diff-dialog", classes="dialog"):
            title, where = summary(p, docs)
            yield Static(title, id="diff-title")
            yield Static(where, id="diff-where")
            yield DiffLegend(id="diff-legend")
            yield DiffHeading(*headings)
            with VerticalScroll(id="diff-body"):
                for row in diff_rows(p, docs):
                    yield DiffRow(row)
            keys = Text("↑ ↓ PgUp PgDn scroll · esc or q closes", style="dim")
            yield Static(keys, classes="dialog--keys")

    def on_mount(self) -> None:
        self.query_one("#diff-body").focus()
        self.call_after_refresh(self._show_first_change)

    def _show_first_change(self) -> None:
        """Where the body is shorter than the passage, scroll the first changed row into view."""
        changed = [row for row in self.query(DiffRow) if row.changed]
        if changed:
            self.query_one("#diff-body").scroll_to_widget(changed[0], animate=False)
