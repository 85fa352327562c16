"""The article view: a Line API widget that draws one document, wrapped, with marks.

Only visible rows are rendered (``render_line``); rows without the cursor or the selection are
cached as strips; a cursor move refreshes only the rows that changed.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.reactive import var
from textual.scroll_view import ScrollView
from textual.strip import Strip

from newsreader.core.model import Document
from newsreader.core.text import WORD_RE
from newsreader.tui.highlights import PASSAGE_SLOTS, Mark, sort_marks
from newsreader.tui.keys import bindings_for
from newsreader.tui.literal import literal
from newsreader.tui.document.wrapping import WrapIndex

_COMPONENTS = {
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


class ArticleView(ScrollView, can_focus=True):
    """One article with a cursor, an optional selection and highlighted ranges."""

    COMPONENT_CLASSES = _COMPONENTS
    BINDINGS = bindings_for("article")
    ALLOW_SELECT = False

    DEFAULT_CSS = """
    ArticleView {
        overflow-x: hidden;
        overflow-y: scroll;
        scrollbar-size-vertical: 1;
        height: 1fr;
    }
    """

    select_mode: var[bool] = var(False)

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
        self._display = ""
        self._wrap = WrapIndex.build("", 1)
        self._marks: list[Mark] = []
        self._rows: dict[int, list[Mark]] = {}
        self._label_styles: dict[str, Style] = {}
        self._cache: LRUCache[int, Strip] = LRUCache(1024)
        self._styles: dict[str, Style] = {}
        self.cursor = 0
        self.selection_anchor: int | None = None
        self._goal_x: int | None = None
        if document is not None:
            self.load(document)

    # -- content --------------------------------------------------------------------------

    def load(self, document: Document, cursor: int = 0) -> None:
        """Show ``document`` (its text drawn literally, control characters made visible)."""
        self.document = document
        self._display = literal(document.text)
        self._marks = []
        self.selection_anchor = None
        self.select_mode = False
        self.cursor = min(max(cursor, 0), len(self._display))
        self._rewrap(force=True)
        self.scroll_to(y=0, animate=False)
        self._scroll_cursor_visible(center=cursor > 0)
        self.post_message(self.CursorMoved(self))

    @property
    def text(self) -> str:
        return self.document.text if self.document is not None else ""

    @property
    def wrap(self) -> WrapIndex:
        return self._wrap

    def set_marks(self, marks: list[Mark], label_styles: dict[str, Style] | None = None) -> None:
        """Replace the highlighted ranges (and the per-label tag styles)."""
        self._marks = sort_marks(marks)
        if label_styles is not None:
            self._label_styles = label_styles
        self._index_marks()
        self._cache.clear()
        self.refresh()

    @property
    def marks(self) -> list[Mark]:
        return self._marks

    def _rewrap(self, force: bool = False) -> None:
        width = max(1, self.scrollable_content_region.width) if self.is_mounted else 80
        if not force and width == self._wrap.width and self._wrap.text is self._display:
            return
        self._wrap = WrapIndex.build(self._display, width)
        self._index_marks()
        self._cache.clear()
        self.virtual_size = Size(width, len(self._wrap))
        self.refresh()

    def _index_marks(self) -> None:
        rows: dict[int, list[Mark]] = defaultdict(list)
        row_of = self._wrap.row_of
        for mark in self._marks:
            if mark.end <= mark.start:
                continue
            for row in range(row_of(mark.start), row_of(mark.end - 1) + 1):
                rows[row].append(mark)
        self._rows = dict(rows)

    def on_resize(self, event: events.Resize) -> None:
        self._rewrap()
        self._scroll_cursor_visible()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._cache.clear()
        self._styles.clear()

    def on_focus(self) -> None:
        self._refresh_rows(self.cursor, self.cursor)

    def on_blur(self) -> None:
        self._refresh_rows(self.cursor, self.cursor)

    # -- rendering ------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        row = self.scroll_offset.y + y
        if row >= len(self._wrap):
            return Strip.blank(width, self.rich_style)
        sel = self.selection
        start, end = self._wrap.starts[row], self._wrap.ends[row]
        cursor_here = self._wrap.row_of(self.cursor) == row
        selected = sel is not None and sel[0] <= max(end, start + 1) and sel[1] > start
        if not cursor_here and not selected:
            cached = self._cache.get(row)
            if cached is not None:
                return cached
        base = self.rich_style  # walks the ancestors: only for rows actually drawn
        text = self._row_text(row, start, end, base)
        if selected and sel is not None:
            s, e = max(sel[0], start) - start, min(sel[1], end) - start
            text.stylize(self._style("article--selection"), s, max(s, e))
        if cursor_here:
            col = self.cursor - start
            style = self._style("article--cursor" if self.has_focus else "article--cursor-blurred")
            if self.cursor >= end:
                text.append(" ", style)
            else:
                text.stylize(style, col, col + 1)
        segments = list(text.render(self.app.console)) if text.plain else []
        strip = Strip(segments, cell_len(text.plain))
        strip = strip.crop_extend(0, width, base)
        if not cursor_here and not selected:
            self._cache[row] = strip
        return strip

    def _row_text(self, row: int, start: int, end: int, base: Style) -> Text:
        text = Text(self._display[start:end], no_wrap=True, end="")
        # A span, not Text(style=...): Rich drops the base style of a Text without spans.
        text.stylize(base)
        for mark in self._rows.get(row, ()):
            s, e = max(mark.start, start) - start, min(mark.end, end) - start
            if e > s:
                text.stylize(self._mark_style(mark), s, e)
        return text

    def _style(self, name: str) -> Style:
        """A component's style, its translucent background blended over the view's own.

        Rich colours have no alpha: without the blend a tint such as ``$foreground 15%`` would
        be painted opaque, and text on it would vanish.
        """
        style = self._styles.get(name)
        if style is None:
            style = self.get_component_rich_style(name, partial=True)
            background = self.get_component_styles(name).background
            if 0 < background.a < 1:
                blended = self.background_colors[1] + background
                style = style + Style(bgcolor=blended.rich_color)
            self._styles[name] = style
        return style

    def _mark_style(self, mark: Mark) -> Style:
        if mark.kind == "passage":
            return self._style(f"article--passage-{mark.slot % PASSAGE_SLOTS}")
        style = self._style(f"article--{mark.kind}")
        if mark.kind == "tag":
            style = style + self._label_styles.get(mark.label, Style())
        return style

    # -- cursor and selection -------------------------------------------------------------

    @property
    def selection(self) -> tuple[int, int] | None:
        """The selected ``[start, end)`` range, if any."""
        if self.selection_anchor is None or self.selection_anchor == self.cursor:
            return None
        return (min(self.selection_anchor, self.cursor), max(self.selection_anchor, self.cursor))

    def word_at_cursor(self) -> tuple[int, int] | None:
        """The word under (or just before) the cursor."""
        text = self.text
        lo = max(0, self.cursor - 200)
        for m in WORD_RE.finditer(text, lo, min(len(text), self.cursor + 200)):
            if m.start() <= self.cursor < m.end() or m.end() == self.cursor:
                return m.span()
            if m.start() > self.cursor:
                break
        return None

    def target_range(self) -> tuple[int, int] | None:
        """The selection, else the word under the cursor."""
        return self.selection or self.word_at_cursor()

    def move_to(self, offset: int, *, extend: bool = False, center: bool = False) -> None:
        """Put the cursor at ``offset``; ``extend`` keeps (or starts) the selection."""
        offset = min(max(offset, 0), len(self._display))
        old_cursor, old_anchor = self.cursor, self.selection_anchor
        if extend or self.select_mode:
            if self.selection_anchor is None:
                self.selection_anchor = self.cursor
        else:
            self.selection_anchor = None
        self.cursor = offset
        self._refresh_changes(old_cursor, old_anchor)
        self._scroll_cursor_visible(center=center)
        self.post_message(self.CursorMoved(self))

    def select_range(self, start: int, end: int) -> None:
        """Select ``[start, end)`` with the cursor at ``end``."""
        old_cursor, old_anchor = self.cursor, self.selection_anchor
        self.selection_anchor, self.cursor = start, end
        self._refresh_changes(old_cursor, old_anchor)
        self._scroll_cursor_visible()
        self.post_message(self.CursorMoved(self))

    def clear_selection(self) -> None:
        old_anchor = self.selection_anchor
        self.selection_anchor = None
        self.select_mode = False
        self._refresh_changes(self.cursor, old_anchor)
        self.post_message(self.CursorMoved(self))

    def _refresh_changes(self, old_cursor: int, old_anchor: int | None) -> None:
        self._refresh_rows(old_cursor, old_cursor)
        self._refresh_rows(self.cursor, self.cursor)
        if old_anchor is None and self.selection_anchor is None:
            return
        if (
            old_anchor is None
            or self.selection_anchor is None
            or old_anchor != self.selection_anchor
        ):
            ends = [
                x
                for x in (old_cursor, old_anchor, self.cursor, self.selection_anchor)
                if x is not None
            ]
            self._refresh_rows(min(ends), max(ends))
        else:
            self._refresh_rows(min(old_cursor, self.cursor), max(old_cursor, self.cursor))

    def _refresh_rows(self, lo: int, hi: int) -> None:
        if not self.is_mounted or not len(self._wrap):
            return
        first, last = self._wrap.row_of(lo), self._wrap.row_of(hi)
        top = self.scroll_offset.y
        height = self.scrollable_content_region.height
        first, last = max(first, top), min(last, top + height - 1)
        if last >= first:
            self.refresh_lines(first, last - first + 1)

    def _scroll_cursor_visible(self, center: bool = False) -> None:
        if not self.is_mounted:
            return
        row = self._wrap.row_of(self.cursor)
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
        row = self._wrap.row_of(offset)
        self.scroll_to(y=max(0, row - screen_y), animate=False)

    def offset_visible(self, offset: int) -> bool:
        top = round(self.scroll_offset.y)
        return top <= self._wrap.row_of(offset) < top + self.scrollable_content_region.height

    def cursor_screen_y(self) -> int:
        return self._wrap.row_of(self.cursor) - round(self.scroll_offset.y)

    def _vertical(self, rows: int, extend: bool) -> None:
        wrap = self._wrap
        row = wrap.row_of(self.cursor)
        if self._goal_x is None:
            self._goal_x = wrap.x_of(self.cursor)
        target = row + rows
        if target < 0:
            offset = 0
        elif target >= len(wrap):
            offset = len(self._display)
        else:
            offset = wrap.offset_at(target, self._goal_x)
        goal = self._goal_x
        self.move_to(offset, extend=extend)
        self._goal_x = goal

    def _horizontal(self, offset: int, extend: bool) -> None:
        self._goal_x = None
        self.move_to(offset, extend=extend)

    # -- actions (bound in keys.py) -------------------------------------------------------

    def action_cursor(self, how: str, extend: bool = False) -> None:
        wrap = self._wrap
        page = max(1, self.scrollable_content_region.height - 1)
        row = wrap.row_of(self.cursor)
        if how == "left":
            self._horizontal(self.cursor - 1, extend)
        elif how == "right":
            self._horizontal(self.cursor + 1, extend)
        elif how == "up":
            self._vertical(-1, extend)
        elif how == "down":
            self._vertical(1, extend)
        elif how == "pageup":
            self.scroll_to(y=max(0, self.scroll_offset.y - page), animate=False)
            self._vertical(-page, extend)
        elif how == "pagedown":
            self.scroll_to(y=self.scroll_offset.y + page, animate=False)
            self._vertical(page, extend)
        elif how == "home":
            self._horizontal(wrap.starts[row], extend)
        elif how == "end":
            self._horizontal(wrap.ends[row], extend)
        elif how == "top":
            self._horizontal(0, extend)
        elif how == "bottom":
            self._horizontal(len(self._display), extend)
        elif how == "wordleft":
            self._horizontal(self._word_boundary(-1), extend)
        elif how == "wordright":
            self._horizontal(self._word_boundary(1), extend)

    def _word_boundary(self, direction: int) -> int:
        text, pos = self.text, self.cursor
        if direction > 0:
            # The start of the next word: past the end of the word the cursor is in, if any.
            m = WORD_RE.search(text, pos)
            if m is not None and m.start() <= pos:
                m = WORD_RE.search(text, m.end())
            return m.start() if m else len(text)
        lo = max(0, pos - 400)
        starts = [m.start() for m in WORD_RE.finditer(text, lo, pos)]
        return starts[-1] if starts else lo

    def action_toggle_select_mode(self) -> None:
        self.select_mode = not self.select_mode
        if self.select_mode and self.selection_anchor is None:
            self.selection_anchor = self.cursor
        elif not self.select_mode:
            self.clear_selection()
        self.post_message(self.CursorMoved(self))

    def action_cancel(self) -> None:
        self.clear_selection()

    # -- mouse ----------------------------------------------------------------------------

    def _offset_at(self, x: int, y: int) -> int:
        row = round(self.scroll_offset.y) + y
        if row >= len(self._wrap):
            return len(self._display)
        return self._wrap.offset_at(row, x)

    def on_mouse_down(self, event: events.MouseDown) -> None:
        if event.button != 1:
            return
        x, y = event.get_content_offset_capture(self)
        offset = self._offset_at(x, y)
        self.focus()
        self.select_mode = False
        self._goal_x = None
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

    def on_mouse_up(self, event: events.MouseUp) -> None:
        if self.app.mouse_captured is self:
            self.release_mouse()
            if self.selection_anchor == self.cursor:
                self.selection_anchor = None
