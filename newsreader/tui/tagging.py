"""Tags: add (here or on every counterpart), edit, delete and undo, list, export.

A mixin of :class:`newsreader.tui.app.NewsreaderApp`. Every change goes to the store at once
(the store commits before it returns), so nothing is lost if the process dies afterwards.
"""

from __future__ import annotations

import io
import uuid
from dataclasses import dataclass
from typing import Any

from rich.style import Style

from newsreader.core.model import Document
from newsreader.store.errors import InvalidInput, NotAuthor, ReadOnlyStore, StoreError
from newsreader.store.exchange import export_annotations, export_to_file
from newsreader.tui.base import ReaderBase
from newsreader.tui.highlights import Mark, counterpart_range
from newsreader.tui.screens.export import ExportDialog
from newsreader.tui.screens.tag_dialog import TagChoice, TagDialog
from newsreader.tui.widgets.article import ArticleView
from newsreader.tui.widgets.tag_list import TagList, TagRow


def label_style(color: str, style: str) -> Style:
    """The Rich style of a label: its colour (as the text colour) and its attributes.

    Both come from the database, so a link ("link https://...") is dropped: it would reach the
    terminal as an OSC 8 hyperlink over the tagged text."""
    out = Style()
    for part in (style or "", color or ""):
        if not part:
            continue
        try:
            out += Style.parse(part)
        except Exception:
            continue
    return out.clear_meta_and_links()


@dataclass(frozen=True, slots=True)
class PendingTags:
    """A confirmed tag the store could not save yet, with the ids it will be saved under."""

    choice: TagChoice
    spans: list[tuple[Document, int, int]]
    ids: list[str]


class TaggingMixin(ReaderBase):
    def _init_tagging(self) -> None:
        self.placed: dict[str, list[Any]] = {}
        self.undo_stack: list[Any] = []
        self._labels: list[Any] = []
        self.unsaved: PendingTags | None = None

    # -- reading the store ----------------------------------------------------------------

    def label_names(self) -> list[str]:
        return [lb.name for lb in self._labels]

    def label_styles(self) -> dict[str, Style]:
        return {lb.name: label_style(lb.color, lb.style) for lb in self._labels}

    def reload_tags(self) -> None:
        """Re-read labels and the tags of the documents on screen, and redraw them."""
        if self.store is None:
            self._fill_tag_list()
            return
        try:
            self._labels = list(self.store.labels())
            self.placed = {}
            for view in self.views:
                doc = view.document
                if doc is not None and doc.id not in self.placed:
                    self.placed[doc.id] = list(self.store.placed(doc))
        except StoreError as exc:
            self.notify(str(exc), severity="error")
            return
        self.refresh_marks()
        self._fill_tag_list()
        self.update_status()

    def tag_marks(self, doc: Document) -> list[Mark]:
        return [
            Mark(p.start, p.end, "tag", p.annotation.id, label=p.annotation.label)
            for p in self.placed.get(doc.id, ())
            if p.status != "orphaned" and p.end > p.start
        ]

    def tag_at(self, view: ArticleView) -> Any | None:
        """The tag under the cursor of ``view`` (the shortest, if they nest)."""
        doc = view.document
        if doc is None:
            return None
        here = [
            p
            for p in self.placed.get(doc.id, ())
            if p.status != "orphaned" and p.start <= view.cursor < p.end
        ]
        return min(here, key=lambda p: p.end - p.start) if here else None

    def _fill_tag_list(self) -> None:
        rows: list[TagRow] = []
        seen: set[str] = set()
        for n, view in enumerate(self.views, 1):
            doc = view.document
            if doc is None or doc.id in seen:
                continue
            seen.add(doc.id)
            for p in sorted(self.placed.get(doc.id, ()), key=lambda p: (p.start, p.end)):
                ann = p.annotation
                rows.append(
                    TagRow(
                        ann.id,
                        doc.id,
                        p.start,
                        p.end,
                        ann.label,
                        ann.note,
                        doc.text[p.start : p.end] if p.status != "orphaned" else ann.quote,
                        n,
                        p.status,
                        ann.author,
                    )
                )
        self.main_screen.query_one(TagList).set_rows(rows)

    # -- adding ---------------------------------------------------------------------------

    def _writable(self) -> bool:
        if self.store is None:
            self.notify("No tag store is open", severity="error")
            return False
        if getattr(self.store, "read_only", False):
            self.notify("The tag store is read-only", severity="error")
            return False
        return True

    def action_tag(self, everywhere: bool = False) -> None:
        view = self.view
        doc = view.document
        span = view.target_range()
        if doc is None or span is None:
            self.notify("Nothing to tag: select text or put the cursor on a word", timeout=3)
            return
        if not self._writable():
            return
        start, end = span
        targets = self.counterparts(doc, start, end) if everywhere else []
        if everywhere and not targets:
            self.notify("No shared passage here: the tag goes on this article only", timeout=3)
        extra = f"Also on {len(targets)} other article(s) sharing this passage" if targets else ""

        def save(choice: TagChoice | None) -> None:
            view.focus()
            if choice is None:
                return
            self.add_tags(choice, [(doc, start, end), *targets])
            view.clear_selection()

        title = "Tag everywhere" if everywhere else "Tag"
        dialog = TagDialog(doc.text[start:end], self.label_names(), title=title, extra=extra)
        self.push_screen(dialog, save)

    def counterparts(self, doc: Document, start: int, end: int) -> list[tuple[Document, int, int]]:
        """Where ``doc.text[start:end]`` is in every other article sharing its passage."""
        if self.index is None:
            return []
        found: dict[str, tuple[Document, int, int]] = {}
        for span, passage in self.index.passages_at(doc.id, start):
            s, e = max(start, span.start), min(end, span.end)
            if e <= s:
                continue
            for to in passage.spans:
                if to.doc == doc.id or to.doc in found:
                    continue
                target = self.index.documents.get(to.doc)
                if target is None:
                    continue
                where = counterpart_range(doc, span, s, e, target, to)
                if where is not None:
                    found[to.doc] = (target, *where)
        return list(found.values())

    def add_tags(
        self,
        choice: TagChoice,
        spans: list[tuple[Document, int, int]],
        ids: list[str] | None = None,
    ) -> None:
        """Save one tag per span. Each gets its id before the first try, so a retry after a
        failure (database locked past the timeout, disk full) saves each exactly once."""
        assert self.store is not None
        ids = ids or [str(uuid.uuid4()) for _ in spans]
        try:
            if choice.label not in self.label_names():
                self.store.add_label(choice.label)
            for (doc, start, end), tag_id in zip(spans, ids, strict=True):
                self.store.add(doc, start, end, choice.label, choice.note, id=tag_id)
        except (InvalidInput, NotAuthor, ReadOnlyStore) as exc:
            self.notify(str(exc), severity="error", timeout=10)
        except StoreError as exc:
            # Not saved, but not lost: kept until a retry succeeds (R) or the user quits.
            self.unsaved = PendingTags(choice, spans, ids)
            self.notify(f"{exc}. The tag is kept: press R to retry.", severity="error", timeout=15)
        else:
            self.unsaved = None
            where = f" in {len(spans)} articles" if len(spans) > 1 else ""
            self.notify(f"Tagged “{choice.label}”{where}", timeout=2)
        self.reload_tags()

    def action_retry_save(self) -> None:
        if self.unsaved is None:
            self.notify("No unsaved tag", timeout=2)
            return
        pending = self.unsaved
        self.add_tags(pending.choice, pending.spans, pending.ids)

    # -- editing and deleting -------------------------------------------------------------

    def _current_tag(self) -> Any | None:
        tags = self.main_screen.query_one(TagList)
        if tags.has_focus and tags.current_row is not None:
            row = tags.current_row
            for p in self.placed.get(row.doc_id, ()):
                if p.annotation.id == row.ann_id:
                    return p
        return self.tag_at(self.view)

    def action_edit_tag(self) -> None:
        placed = self._current_tag()
        if placed is None:
            self.notify("No tag under the cursor", timeout=3)
            return
        self.edit_tag(placed)

    def edit_tag(self, placed: Any) -> None:
        if not self._writable():
            return
        store = self.store
        assert store is not None
        ann = placed.annotation
        focused = self.focused

        def save(choice: TagChoice | None) -> None:
            if focused is not None:
                focused.focus()
            if choice is None:
                return
            try:
                if choice.label not in self.label_names():
                    store.add_label(choice.label)
                store.update(ann.id, label=choice.label, note=choice.note)
            except StoreError as exc:
                self.notify(str(exc), severity="error", timeout=10)
            self.reload_tags()

        dialog = TagDialog(
            ann.quote, self.label_names(), label=ann.label, note=ann.note, title="Edit tag"
        )
        self.push_screen(dialog, save)

    def action_delete_tag(self) -> None:
        placed = self._current_tag()
        if placed is None:
            self.notify("No tag under the cursor", timeout=3)
            return
        self.delete_tag(placed)

    def delete_tag(self, placed: Any) -> None:
        if not self._writable():
            return
        assert self.store is not None
        try:
            deleted = self.store.delete(placed.annotation.id)
        except StoreError as exc:
            self.notify(str(exc), severity="error", timeout=10)
            return
        self.undo_stack.append(deleted)
        self.notify(f"Deleted tag “{deleted.label}”: press u to undo", timeout=5)
        self.reload_tags()

    def action_undo(self) -> None:
        if not self.undo_stack:
            self.notify("Nothing to undo", timeout=2)
            return
        if not self._writable():
            return
        assert self.store is not None
        ann = self.undo_stack.pop()
        try:
            self.store.restore(ann)
        except StoreError as exc:
            self.notify(str(exc), severity="error", timeout=10)
            return
        self.notify(f"Restored tag “{ann.label}”", timeout=2)
        self.reload_tags()

    def on_tag_list_requested(self, message: TagList.Requested) -> None:
        row = message.row
        placed = next(
            (p for p in self.placed.get(row.doc_id, ()) if p.annotation.id == row.ann_id), None
        )
        if message.what == "jump":
            self.jump_to(row.doc_id, row.start)
        elif placed is not None and message.what == "edit":
            self.edit_tag(placed)
        elif placed is not None and message.what == "delete":
            self.delete_tag(placed)

    # -- export ---------------------------------------------------------------------------

    def action_export(self) -> None:
        store = self.store
        if store is None:
            self.notify("No tag store is open", severity="error")
            return
        preview = io.StringIO()
        try:
            count = export_annotations(store, "json", preview)
        except StoreError as exc:
            self.notify(str(exc), severity="error")
            return
        focused = self.focused

        written: list[int] = []

        def write(path: str, overwrite: bool) -> str | None:
            """Called by the dialog, which stays open to show an error."""
            try:
                written.append(export_to_file(store, "json", path, overwrite=overwrite))
            except StoreError as exc:
                return str(exc)
            return None

        def closed(path: str | None) -> None:
            if focused is not None:
                focused.focus()
            if path is None or not written:
                return
            self.export_path = path
            self.notify(f"Exported {written[-1]} annotations to {path}", timeout=4)

        summary = f"{count} annotations"
        dialog = ExportDialog(preview.getvalue(), self.export_path, summary, write)
        self.push_screen(dialog, closed)
