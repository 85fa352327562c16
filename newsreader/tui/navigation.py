"""Moving around: columns, documents, passages, numbers, search, copy, help.

A mixin of :class:`newsreader.tui.app.NewsreaderApp`; it uses the app's views and index.
"""

from __future__ import annotations

import re

from textual.widgets import Input

from newsreader.core.model import Document, Span
from newsreader.core.search import SearchIndex
from newsreader.tui.base import ReaderBase
from newsreader.tui.highlights import Mark, counterpart_offset
from newsreader.tui.screens.corpus_search import CorpusSearch
from newsreader.tui.screens.doc_picker import DocumentPicker
from newsreader.tui.screens.help import HelpScreen
from newsreader.tui.screens.quantity import QuantityPanel
from newsreader.tui.widgets.article import ArticleView
from newsreader.tui.widgets.column import ArticleColumn


class NavigationMixin(ReaderBase):
    def _init_navigation(self) -> None:
        self.search_query = ""
        self.search_doc: str | None = None
        self.search_hits: list[tuple[int, int]] = []
        self.search_current = -1
        self._search_shown_at: tuple[str, int] | None = None
        """Where the cursor was when the search result was shown: moving on hides it."""
        self._last_passages: tuple[str, ...] = ()
        self._corpus_index: SearchIndex | None = None
        self.corpus_query = ""

    # -- columns and documents ------------------------------------------------------------

    def action_focus_column(self, step: int) -> None:
        views = self.views
        i = views.index(self.view) if self.view in views else 0
        views[(i + step) % len(views)].focus()

    def show_document(self, column: ArticleColumn, index: int, cursor: int = 0) -> None:
        doc = self.docs[index]
        column.show(doc, index + 1, len(self.docs), cursor)
        self.reload_tags()
        self.update_status()

    def _column_index(self, view: ArticleView) -> int:
        doc = view.document
        return self.doc_number(doc.id) - 1 if doc is not None else 0

    def action_pick_document(self) -> None:
        view = self.view
        column = self.column_of(view)

        def chosen(index: int | None) -> None:
            if index is not None:
                self.show_document(column, index)
            view.focus()

        story_of = self.index.story_of if self.index is not None else None
        labels = self.index.story_labels if self.index is not None else None
        picker = DocumentPicker(self.docs, self._column_index(view), story_of, labels)
        self.push_screen(picker, chosen)

    def action_cycle_document(self, step: int) -> None:
        """The next (previous) document not already shown in another column."""
        view = self.view
        elsewhere = {v.document.id for v in self.views if v is not view and v.document}
        index = self._column_index(view)
        for _ in range(len(self.docs)):
            index = (index + step) % len(self.docs)
            if self.docs[index].id not in elsewhere:
                break
        if index == self._column_index(view):
            self.notify("Every other document is already on screen", timeout=3)
            return
        self.show_document(self.column_of(view), index)

    async def action_add_column(self) -> None:
        shown = {v.document.id for v in self.views if v.document is not None}
        if len(self.columns) >= len(self.docs):
            self.notify("Every document is already on screen", severity="warning")
            return
        width = self.size.width
        if width // (len(self.columns) + 1) < 30 and width >= 60:
            self.notify("Too narrow for another column: widen the terminal", severity="warning")
            return
        index = next(i for i, d in enumerate(self.docs) if d.id not in shown)
        column = ArticleColumn(self.docs[index], index + 1, len(self.docs))
        await self.main_screen.query_one("#columns").mount(column)
        self._update_layout()
        self.refresh_marks()
        self.reload_tags()
        column.view.focus()

    async def action_remove_column(self) -> None:
        if len(self.columns) <= 1:
            self.notify("The last column stays", severity="warning")
            return
        column = self.column_of(self.view)
        views = self.views
        i = views.index(self.view)
        await column.remove()
        self._current = None
        self.views[min(i, len(self.views) - 1)].focus()
        self._update_layout()
        self.reload_tags()

    # -- passages and numbers -------------------------------------------------------------

    def action_passage(self, step: int) -> None:
        view = self.view
        if self.index is None or view.document is None:
            self.notify(self._not_ready(), severity="warning")
            return
        target = self.index.next_passage(view.document.id, view.cursor, step > 0)
        if target is None:
            word = "next" if step > 0 else "previous"
            self.notify(f"No {word} shared passage in this article", timeout=3)
            return
        view.move_to(target, center=True)
        self.sync_counterparts(view, align=True)

    def action_conflict(self, step: int) -> None:
        view = self.view
        if self.index is None or view.document is None:
            self.notify(self._not_ready(), severity="warning")
            return
        target = self.index.next_conflict(view.document.id, view.cursor, step > 0)
        if target is None:
            word = "next" if step > 0 else "previous"
            self.notify(f"No {word} conflicting number in this article", timeout=3)
            return
        view.move_to(target, center=True)

    def _not_ready(self) -> str:
        return f"The analysis is not ready yet ({self.analysis_state or 'not running'})"

    def sync_counterparts(self, view: ArticleView, align: bool = False) -> None:
        """Scroll the other columns to the counterpart of the passage under the cursor."""
        if self.index is None or view.document is None:
            return
        hits = self.index.passages_at(view.document.id, view.cursor)
        key = tuple(p.id for _span, p in hits)
        entering = key != self._last_passages
        self._last_passages = key
        if not hits:
            return
        screen_y = view.cursor_screen_y()
        for other in self.views:
            if other is view or other.document is None:
                continue
            for span, passage in hits:
                to = next((s for s in passage.spans if s.doc == other.document.id), None)
                if to is None:
                    continue
                offset = counterpart_offset(span, view.cursor, to)
                if align or entering or not other.offset_visible(offset):
                    other.align_offset(offset, screen_y)
                break

    def action_show_quantity(self) -> None:
        view = self.view
        if self.index is None or view.document is None:
            self.notify(self._not_ready(), severity="warning")
            return
        mention = self.index.mention_at(view.document.id, view.cursor)
        if mention is None:
            self.notify("No grouped number under the cursor (c/C jumps to conflicts)", timeout=3)
            return
        quantity = self.index.quantity_of[mention.id]
        rows = []
        for mid in quantity.mentions:
            m = self.index.mentions.get(mid)
            if m is None or m.doc not in self.index.documents:
                continue
            rows.append((self.doc_number(m.doc), self.index.documents[m.doc], m))
        # In date order where the articles are dated (undated ones after, in corpus order):
        # a running count reads as its timeline.
        rows.sort(key=lambda r: (r[1].date is None, r[1].date or "", r[0], r[2].start))

        def chosen(mention_id: str | None) -> None:
            if mention_id and self.index is not None:
                m = self.index.mentions[mention_id]
                self.jump_to(m.doc, m.start, keep=view)
            else:
                view.focus()

        self.push_screen(QuantityPanel(quantity, rows, mention.id), chosen)

    def jump_to(
        self, doc_id: str, offset: int, *, keep: ArticleView | None = None, end: int | None = None
    ) -> None:
        """Show ``doc_id`` at ``offset``: in its column if shown, else in another column."""
        target = next((v for v in self.views if v.document and v.document.id == doc_id), None)
        if target is None:
            others = [v for v in self.views if v is not keep]
            target = others[0] if others else self.view
            index = self.doc_number(doc_id) - 1
            self.show_document(self.column_of(target), index, offset)
        target.focus()
        self._current = target
        target.move_to(offset, center=True)
        if end is not None:
            target.select_range(offset, end)
        self.update_status()

    # -- search ---------------------------------------------------------------------------

    def action_search(self) -> None:
        bar = self.main_screen.query_one("#search", Input)
        bar.add_class("-open")
        bar.value = self.search_query
        bar.focus()

    def close_search_bar(self) -> None:
        self.main_screen.query_one("#search").remove_class("-open")
        self.view.focus()

    def start_search(self, query: str) -> None:
        view = self.view
        doc = view.document
        self.search_query = query
        if not query or doc is None:
            self.clear_search()
            return
        pattern = re.compile(re.escape(query), re.IGNORECASE)
        self.search_hits = [m.span() for m in pattern.finditer(doc.text)]
        self.search_doc = doc.id
        self.search_current = -1
        if not self.search_hits:
            self.notify(f"Not found: {query}", severity="warning", timeout=3)
            self._search_shown_at = (doc.id, view.cursor)
            self.refresh_marks(doc.id)
            self.update_status()
            return
        after = [i for i, (s, _e) in enumerate(self.search_hits) if s >= view.cursor]
        self._go_to_hit(after[0] if after else 0)

    def action_search_corpus(self) -> None:
        """Search every article; the chosen hit opens in this column (or where it is shown)."""
        view = self.view
        if self._corpus_index is None:
            self._corpus_index = SearchIndex(self.docs)
        numbers = {d.id: i + 1 for i, d in enumerate(self.docs)}
        screen = CorpusSearch(self._corpus_index, numbers, self.corpus_query)

        def chosen(hit: Span | None) -> None:
            self.corpus_query = screen.result.query
            if hit is None:
                view.focus()
                return
            shown = any(v.document and v.document.id == hit.doc for v in self.views)
            if not shown:
                self.show_document(self.column_of(view), self.doc_number(hit.doc) - 1, hit.start)
            self.jump_to(hit.doc, hit.start, end=hit.end)

        self.push_screen(screen, chosen)

    def action_search_step(self, step: int) -> None:
        view = self.view
        if view.document is None:
            return
        if not self.search_query:
            self.action_search()
            return
        if self.search_doc != view.document.id:
            self.start_search(self.search_query)
            return
        if not self.search_hits:
            self.notify(f"Not found: {self.search_query}", severity="warning", timeout=3)
            return
        self._go_to_hit((self.search_current + step) % len(self.search_hits))

    def _go_to_hit(self, i: int) -> None:
        self.search_current = i
        start, _end = self.search_hits[i]
        self.refresh_marks(self.search_doc)
        self.view.move_to(start, center=True)
        if self.search_doc is not None:
            self._search_shown_at = (self.search_doc, start)
        self.update_status()

    def clear_search(self) -> None:
        doc = self.search_doc
        self.search_hits, self.search_doc, self.search_current = [], None, -1
        if doc is not None:
            self.refresh_marks(doc)
        self.update_status()

    def search_marks(self, doc: Document) -> list[Mark]:
        if doc.id != self.search_doc:
            return []
        return [
            Mark(s, e, "match-current" if i == self.search_current else "match")
            for i, (s, e) in enumerate(self.search_hits)
        ]

    def search_info(self) -> list[tuple[str, str]]:
        if not self.search_query or self.view.document is None:
            return []
        if self.search_doc != self.view.document.id:
            return []
        if self._search_shown_at != (self.search_doc, self.view.cursor):
            return []  # moved on: the result is about where the cursor was
        n = len(self.search_hits)
        if not n:
            return [(f"“{self.search_query}” not found", "italic")]
        return [(f"“{self.search_query}” {self.search_current + 1}/{n}", "italic")]

    # -- misc -----------------------------------------------------------------------------

    def action_copy(self) -> None:
        view = self.view
        span = view.target_range()
        if span is None:
            self.notify("Nothing to copy: select text first", severity="warning", timeout=3)
            return
        text = view.text[span[0] : span[1]]
        self.copy_to_clipboard(text)
        self.notify(f"Copied {len(text)} characters", timeout=2)

    def action_help(self) -> None:
        self.push_screen(HelpScreen(self.keymap))

    def action_toggle_tags(self) -> None:
        tags = self.main_screen.query_one("#tags")
        if tags.display and tags.has_focus:
            tags.display = False
            self.view.focus()
        else:
            tags.display = True
            tags.focus()
        self._update_layout()
