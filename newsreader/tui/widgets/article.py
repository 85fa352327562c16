"""The article view: a Line API widget that draws one document, wrapped, with marks.

A thin view over :class:`~newsreader.tui.document.model.ArticleModel`, which holds the text,
the rows, the marks, the cursor and the selection and runs every motion. The view renders only
visible rows (``render_line``), caches rows without the cursor or the selection as strips,
refreshes only the rows a change touched, scrolls, and turns mouse events into model calls.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.cache import LRUCache
from textual.color import Color
from textual.dom import DOMNode
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from newsreader.tui.document.model import ArticleModel, Caret, changed
from newsreader.tui.document.navigation import MOTIONS
from newsreader.tui.document.wrapping import WrapIndex
from newsreader.tui.highlights import PASSAGE_SLOTS, Mark
from newsreader.tui.keys import bindings_for

if TYPE_CHECKING:
    from newsreader.core.model import Document

COMPONENTS = frozenset(
    {
        "article--cursor",
        "article--cursor-blurred",
        "article--selection",
        "article--furniture",
        "article--differ",
        "article--conflict",
        "article--updated",
        "article--tag",
        "article--match",
        "article--match-current",
        *(f"article--passage-{i}" for i in range(PASSAGE_SLOTS)),
    }
)
"""The parts of an article the stylesheet styles (``ArticleView > .article--cursor`` ...)."""


class ComponentStyles:
    """The styles of the article's parts, for one stylesheet, each resolved the first time a
    view draws it and then shared by every view.

    Declared as ``COMPONENT_CLASSES``, Textual resolved all 16 for each view each time the
    view was restyled (mounted, focused, its column focused): at start-up that was about 100
    resolutions before the first frame, which draws none (issue 11). The rules match the
    parts under an ``ArticleView``, not a view's state, so one stylesheet gives every view the
    same part styles; a new stylesheet (another theme) starts afresh.
    """

    def __init__(self) -> None:
        self._rules: object = None
        self._styles: dict[tuple[str, Color], Style] = {}

    def stale(self, view: ArticleView) -> bool:
        """Whether the stylesheet changed since these styles were resolved."""
        return self._rules is not view.app.stylesheet.rules_map

    def get(self, view: ArticleView, name: str) -> Style:
        """Part ``name``'s style in ``view``, its translucent background blended over the
        view's own. Rich colours have no alpha: without the blend a tint such as
        ``$foreground 15%`` would be painted opaque, and text on it would vanish."""
        if name not in COMPONENTS:
            raise KeyError(name)
        stylesheet = view.app.stylesheet
        if self.stale(view):
            self._rules, self._styles = stylesheet.rules_map, {}
        under = view.background_colors[1]
        style = self._styles.get((name, under))
        if style is None:
            # How Textual resolves a component class: a node of that class under the view.
            node = DOMNode(classes=name)
            node._attach(view)
            stylesheet.apply(node, animate=False)
            style = node.styles.partial_rich_style
            background = node.styles.background
            if 0 < background.a < 1:
                style = style + Style(bgcolor=(under + background).rich_color)
            self._styles[(name, under)] = style
        return style


_PART_STYLES = ComponentStyles()


class ArticleView(ScrollView, can_focus=True):
    """One article with a cursor, an optional selection and highlighted ranges."""

    BINDINGS = bindings_for("article")
    ALLOW_SELECT = False

    DEFAULT_CSS = """
    ArticleView {
        overflow-x: hidden;
        overflow-y: auto;
        scrollbar-gutter: stable;
        scrollbar-size-vertical: 1;
        height: 1fr;
    }
    """

    @dataclass
    class CursorMoved(Message):
        """The cursor or the selection of an article view changed."""

        view: ArticleView

        def can_replace(self, message: Message) -> bool:
            return isinstance(message, ArticleView.CursorMoved) and message.view is self.view

    def __init__(
        self, document: Document | None = None, *, id: str | None = None, classes: str = ""
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.document: Document | None = None
        self.model = ArticleModel()
        self._label_styles: dict[str, Style] = {}
        self._cache: LRUCache[int, Strip] = LRUCache(1024)
        self._blank: Strip | None = None
        """The row below the text, for the width it was made at (``rich_style`` walks the
        ancestors: once per style change, not once per empty row of every frame)."""
        self._styles: dict[str, Style] = {}
        """The parts' styles this view drew with, until it is restyled."""
        if document is not None:
            self.load(document)

    # -- the model's state, as the app reads it -------------------------------------------

    @property
    def text(self) -> str:
        return self.model.document.text

    @property
    def wrap(self) -> WrapIndex:
        return self.model.wrap

    @property
    def marks(self) -> list[Mark]:
        return self.model.marks.marks

    @property
    def cursor(self) -> int:
        return self.model.cursor

    @cursor.setter
    def cursor(self, offset: int) -> None:
        before = self.model.caret
        self.model.cursor = min(max(offset, 0), len(self.model.document))
        self._refresh_changes(before)

    @property
    def selection_anchor(self) -> int | None:
        return self.model.anchor

    @selection_anchor.setter
    def selection_anchor(self, offset: int | None) -> None:
        before = self.model.caret
        self.model.anchor = offset
        self._refresh_changes(before)

    @property
    def select_mode(self) -> bool:
        return self.model.select_mode

    @select_mode.setter
    def select_mode(self, on: bool) -> None:
        self.model.select_mode = on

    @property
    def selection(self) -> tuple[int, int] | None:
        """The selected ``[start, end)`` range, if any."""
        return self.model.selection

    def word_at_cursor(self) -> tuple[int, int] | None:
        """The word under (or just before) the cursor."""
        return self.model.word_at_cursor()

    def target_range(self) -> tuple[int, int] | None:
        """The selection, else the word under the cursor."""
        return self.model.target_range()

    # -- content --------------------------------------------------------------------------

    def load(self, document: Document, cursor: int = 0) -> None:
        """Show ``document`` (its text drawn literally, control characters made visible)."""
        self.document = document
        self.model.load(document.text, cursor, self._content_width())
        self._rows_changed()
        self.scroll_to(y=0, animate=False)
        self._scroll_cursor_visible(center=cursor > 0)
        self.post_message(self.CursorMoved(self))

    def set_marks(self, marks: list[Mark], label_styles: dict[str, Style] | None = None) -> None:
        """Replace the highlighted ranges (and the per-label tag styles)."""
        self.model.set_marks(marks)
        if label_styles is not None:
            self._label_styles = label_styles
        self._cache.clear()
        self.refresh()

    def _content_width(self) -> int:
        return max(1, self.scrollable_content_region.width) if self.is_mounted else 80

    def _rewrap(self, force: bool = False) -> None:
        if self.model.rewrap(self._content_width(), force):
            self._rows_changed()

    def _rows_changed(self) -> None:
        self._cache.clear()
        # Rows are wrapped to the width: never wider than the view, so no width to scroll. A
        # new width with as many rows is then no new layout (the first size, a document-less
        # view, a resize that moves no row end), only a repaint (issue 11).
        self.virtual_size = Size(0, len(self.model.wrap))
        self.refresh()

    def on_resize(self, event: events.Resize) -> None:
        self._rewrap()
        self._scroll_cursor_visible()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._cache.clear()
        self._blank = None
        self._styles.clear()
        if self.is_attached and _PART_STYLES.stale(self):
            self.refresh()  # a new stylesheet may restyle the parts and not the view

    def on_focus(self) -> None:
        self._refresh_rows(self.cursor, self.cursor)

    def on_blur(self) -> None:
        self._refresh_rows(self.cursor, self.cursor)

    # -- rendering ------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        row = self.scroll_offset.y + y
        if row >= len(self.model.wrap):
            blank = self._blank
            if blank is None or blank.cell_length != width:
                blank = self._blank = Strip.blank(width, self.rich_style)
            return blank
        plain = self.model.is_plain(row)
        if plain:
            cached = self._cache.get(row)
            if cached is not None:
                return cached
        base = self.rich_style  # walks the ancestors: only for rows actually drawn
        line = self.model.row(row)
        text = Text(line.text, no_wrap=True, end="")
        # A span, not Text(style=...): Rich drops the base style of a Text without spans.
        text.stylize(base)
        for start, end, mark in line.marks:
            text.stylize(self._mark_style(mark), start, end)
        if line.selected is not None:
            text.stylize(self.part_style("article--selection"), *line.selected)
        if line.cursor is not None:
            style = self.part_style(
                "article--cursor" if self.has_focus else "article--cursor-blurred"
            )
            if line.cursor >= len(line.text):
                # Past the row's text (its end, or white space of a soft break).
                text.append(" " * (line.cursor - len(line.text)), base)
                text.append(" ", style)
            else:
                text.stylize(style, line.cursor, line.cursor + 1)
        segments = list(text.render(self.app.console)) if text.plain else []
        strip = Strip(segments, cell_len(text.plain))
        strip = strip.crop_extend(0, width, base)
        if plain:
            self._cache[row] = strip
        return strip

    def part_style(self, name: str) -> Style:
        """The style this view draws part ``name`` with (one of :data:`COMPONENTS`)."""
        style = self._styles.get(name)
        if style is None:
            style = self._styles[name] = _PART_STYLES.get(self, name)
        return style

    def _mark_style(self, mark: Mark) -> Style:
        if mark.kind == "passage":
            return self.part_style(f"article--passage-{mark.slot % PASSAGE_SLOTS}")
        style = self.part_style(f"article--{mark.kind}")
        if mark.kind == "tag":
            style = style + self._label_styles.get(mark.label, Style())
        return style

    # -- cursor and selection -------------------------------------------------------------

    def move_to(self, offset: int, *, extend: bool = False, center: bool = False) -> None:
        """Put the cursor at ``offset``; ``extend`` keeps (or starts) the selection."""
        before = self.model.caret
        self.model.move_to(offset, extend=extend)
        self._moved(before, center=center)

    def select_range(self, start: int, end: int) -> None:
        """Select ``[start, end)`` with the cursor at ``end``."""
        before = self.model.caret
        self.model.select_range(start, end)
        self._moved(before)

    def select_word(self) -> None:
        """Select the word under (or just before) the cursor, if there is one."""
        before = self.model.caret
        if self.model.select_word():
            self._moved(before)

    def clear_selection(self) -> None:
        before = self.model.caret
        self.model.clear_selection()
        self._refresh_changes(before)
        self.post_message(self.CursorMoved(self))

    def _moved(self, before: Caret, center: bool = False) -> None:
        self._refresh_changes(before)
        self._scroll_cursor_visible(center=center)
        self.post_message(self.CursorMoved(self))

    def _refresh_changes(self, before: Caret) -> None:
        for lo, hi in changed(before, self.model.caret):
            self._refresh_rows(lo, hi)

    def _refresh_rows(self, lo: int, hi: int) -> None:
        wrap = self.model.wrap
        if not self.is_mounted or not len(wrap):
            return
        first, last = wrap.row_of(lo), wrap.row_of(hi)
        top = self.scroll_offset.y
        height = self.scrollable_content_region.height
        first, last = max(first, top), min(last, top + height - 1)
        if last >= first:
            self.refresh_lines(first, last - first + 1)

    def _scroll_cursor_visible(self, center: bool = False) -> None:
        if not self.is_mounted:
            return
        row = self.model.wrap.row_of(self.cursor)
        top = round(self.scroll_offset.y)
        height = max(1, self.scrollable_content_region.height)
        if center and not top <= row < top + height:
            self.scroll_to(y=max(0, row - height // 3), animate=False)
        elif row < top:
            self.scroll_to(y=row, animate=False)
        elif row >= top + height:
            self.scroll_to(y=row - height + 1, animate=False)

    def align_offset(self, offset: int, screen_y: int) -> None:
        """Scroll so that the row showing ``offset`` is at ``screen_y`` of the view."""
        row = self.model.wrap.row_of(offset)
        self.scroll_to(y=max(0, row - screen_y), animate=False)

    def offset_visible(self, offset: int) -> bool:
        top = round(self.scroll_offset.y)
        return top <= self.model.wrap.row_of(offset) < top + self.scrollable_content_region.height

    def cursor_screen_y(self) -> int:
        return self.model.wrap.row_of(self.cursor) - round(self.scroll_offset.y)

    # -- actions (bound in keys.py) -------------------------------------------------------

    def action_cursor(self, how: str, extend: bool = False) -> None:
        """Run the motion named ``how`` (``document.navigation.MOTIONS``)."""
        page = max(1, self.scrollable_content_region.height - 1)
        motion = MOTIONS[how]
        if motion.scroll and motion.rows is not None:
            self.scroll_to(y=max(0, self.scroll_offset.y + motion.rows(page)), animate=False)
        before = self.model.caret
        self.model.apply(how, extend, page)
        self._moved(before)

    def action_toggle_select_mode(self) -> None:
        before = self.model.caret
        self.model.toggle_select_mode()
        self._refresh_changes(before)
        self.post_message(self.CursorMoved(self))

    def action_cancel(self) -> None:
        self.clear_selection()

    # -- mouse ----------------------------------------------------------------------------

    def _offset_at(self, x: int, y: int) -> int:
        wrap = self.model.wrap
        row = round(self.scroll_offset.y) + y
        if row >= len(wrap):
            return len(self.model.document)
        return wrap.offset_at(row, x)

    def on_mouse_down(self, event: events.MouseDown) -> None:
        if event.button != 1:
            return
        x, y = event.get_content_offset_capture(self)
        offset = self._offset_at(x, y)
        self.focus()
        self.select_mode = False
        self.move_to(offset)
        self.selection_anchor = offset
        self.capture_mouse()
        event.stop()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        if self.app.mouse_captured is self and event.button == 1:
            x, y = event.get_content_offset_capture(self)
            offset = self._offset_at(x, y)
            if offset != self.cursor:
                anchor = self.selection_anchor if self.selection_anchor is not None else self.cursor
                self.select_range(anchor, offset)

    def on_click(self, event: events.Click) -> None:
        if event.button == 1 and event.chain == 2:  # a double click: the word under it
            self.select_word()

    def on_mouse_up(self, event: events.MouseUp) -> None:
        if self.app.mouse_captured is self:
            self.release_mouse()
            if self.selection_anchor == self.cursor:
                self.selection_anchor = None
