"""The reader app: columns of articles over one corpus, an analysis worker, a tag store."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from textual import events, on, work
from textual.app import App, ComposeResult, SystemCommand
from textual.containers import Horizontal
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.widgets import Footer, Input
from textual.worker import Worker, WorkerState, get_current_worker

from newsreader.config import Config
from newsreader.core.corpus import Corpus
from newsreader.core.model import Analysis, Document
from newsreader.store.errors import StoreError
from newsreader.tui.highlights import AnalysisIndex, Mark
from newsreader.tui.keys import (
    INPUT_ACTIONS,
    bindings_for,
    key_display,
    key_from_cursor_report,
    palette_keys,
    textual_keys_of,
)
from newsreader.tui.literal import literal
from newsreader.tui.messages import AnalysisFailed, AnalysisFinished, AnalysisProgressed
from newsreader.tui.navigation import NavigationMixin
from newsreader.tui.tagging import TaggingMixin
from newsreader.tui.typeahead import DialogStayed, KeyGate, KeysReleased
from newsreader.tui.widgets.article import ArticleView
from newsreader.tui.widgets.column import ArticleColumn
from newsreader.tui.widgets.inputs import ReaderInput
from newsreader.tui.widgets.status import StatusBar
from newsreader.tui.widgets.tag_list import TagList

if TYPE_CHECKING:
    from newsreader.store import Store

Analyzer = Callable[[Corpus, Callable[[str, float], None]], Analysis]


def plural(n: int, word: str) -> str:
    """``1 conflict``, ``2 conflicts``."""
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


MIN_COLUMN_WIDTH = 34
"""Below this many cells per column, columns are stacked instead of side by side."""


def default_analyzer(corpus: Corpus, progress: Callable[[str, float], None]) -> Analysis:
    from newsreader.core.analysis import analyze

    return analyze(corpus, progress=progress)


class NewsreaderApp(TaggingMixin, NavigationMixin, App[None]):
    """Articles about one story side by side, with shared passages, numbers and tags."""

    CSS_PATH = "newsreader.tcss"
    TITLE = "newsreader"
    BINDINGS = bindings_for("app")
    ENABLE_COMMAND_PALETTE = True

    def __init__(
        self,
        corpus: Corpus,
        store: Store | None = None,
        *,
        analysis: Analysis | None = None,
        analyzer: Analyzer | None = default_analyzer,
        columns: int = 2,
        poll_interval: float = 0.5,
        export_path: str = "annotations.json",
        cursor_blink: bool = True,
        config: Config | None = None,
    ) -> None:
        super().__init__()
        self.config = config if config is not None else Config()
        """Keymap, theme and the configured label set (``config.labels``, for tagging)."""
        self.keymap: dict[str, str] = {}
        """Action id -> the keys a config file gave it, as the help screen shows them."""
        self.corpus = corpus
        self.docs: list[Document] = list(corpus.documents)
        self._doc_number = {d.id: i for i, d in enumerate(self.docs)}
        self.store = store
        self.index: AnalysisIndex | None = None
        self._initial_analysis = analysis
        self._analyzer = analyzer
        self._initial_columns = max(1, min(columns, len(self.docs)))
        self._poll_interval = poll_interval
        self.export_path = export_path
        self.cursor_blink = cursor_blink
        self.analysis_state = "waiting"
        self._current: ArticleView | None = None
        self._init_tagging()
        self._quit_warned = False
        self._init_navigation()
        self.key_gate = KeyGate(self.post_message, self.set_timer)
        self._theme_restored = False

    # -- configuration (newsreader.toml, config.toml): see newsreader/config.py --------------

    def _apply_config(self) -> None:
        """Rebind the keys a config file moves (bindings, type-ahead, help and palette)."""
        keymap = self.config.textual_keymap()
        if not keymap:
            return
        self.set_keymap(keymap)
        if "palette" in keymap:
            # Where the footer looks for the palette's key; this app's, not every app's.
            self.COMMAND_PALETTE_BINDING = keymap["palette"].split(",")[0]  # type: ignore[misc]
        self.key_gate.input_keys = textual_keys_of(INPUT_ACTIONS, keymap)
        self.key_gate.quit_keys = textual_keys_of(frozenset({"quit"}), keymap)
        self.keymap = {
            action_id: ",".join("comma" if k == "," else k for k in self.config.keys_of(action_id))
            for action_id in keymap
        }

    # -- the chosen theme, remembered ---------------------------------------------------------

    def _restore_theme(self) -> None:
        from newsreader import settings

        # A theme in a config file (or --theme) wins over the one last chosen.
        theme = self.config.theme.value or settings.load().get("theme")
        if isinstance(theme, str) and theme in self.available_themes:
            self.theme = theme
        self._theme_restored = True

    def watch_theme(self, theme: str) -> None:
        # Saved once the saved one is applied, so starting up never overwrites it.
        if self._theme_restored:
            from newsreader import settings

            settings.save(theme=theme)

    # -- layout ---------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Horizontal(id="body"):
            with Horizontal(id="columns"):
                for i in range(self._initial_columns):
                    yield ArticleColumn(self.docs[i], i + 1, len(self.docs))
            yield TagList(id="tags")
        yield ReaderInput(placeholder="search (enter: find, esc: close)", id="search")
        yield StatusBar(id="status")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self._apply_config()
        self._restore_theme()
        self.screen_change_signal.subscribe(self, self._screen_changed)
        self.views[0].focus()
        self._current = self.views[0]
        self._update_layout()
        self.reload_tags()
        if self._initial_analysis is not None:
            self._apply_analysis(self._initial_analysis)
        elif self._analyzer is not None:
            self.analysis_state = "analysing…"
            # Start after the first paint: the worker thread competes for the GIL.
            self.call_after_refresh(self.run_analysis)
        else:
            self.analysis_state = ""
        if self.store is not None and self._poll_interval > 0:
            self._store_changed()  # records the version this session starts from
            self.set_interval(self._poll_interval, self._poll_store, name="store-poll")
        self.update_status()

    def on_resize(self, event: events.Resize) -> None:
        self._update_layout()

    def _update_layout(self) -> None:
        columns = self.main_screen.query_one("#columns")
        tags = self.main_screen.query_one(TagList)
        width = self.size.width
        beside = max(28, min(60, width * 2 // 5))
        # Too narrow for the tag list beside a readable column: it goes under the articles, so
        # neither takes the other's width (at 60 columns it took half, at 30 all of it).
        narrow = tags.display and width - beside < MIN_COLUMN_WIDTH
        self.main_screen.query_one("#body").set_class(narrow, "-narrow")
        if tags.display and not narrow:
            width -= beside
        stacked = width < MIN_COLUMN_WIDTH * len(self.columns)
        columns.set_class(stacked, "-stacked")

    @property
    def main_screen(self) -> Screen[Any]:
        """The screen of the columns, under any dialog: keys and messages still reach it while
        a dialog opens or closes, and ``self.query`` would search the dialog."""
        return self.screen_stack[0]

    @property
    def columns(self) -> list[ArticleColumn]:
        if not self.screen_stack:  # shutting down
            return []
        return list(self.main_screen.query(ArticleColumn))

    @property
    def views(self) -> list[ArticleView]:
        return [c.view for c in self.columns]

    @property
    def view(self) -> ArticleView:
        """The article view the user works in (the focused one, or the last focused)."""
        views = self.views
        if self._current is not None and self._current in views:
            return self._current
        return views[0]

    def column_of(self, view: ArticleView) -> ArticleColumn:
        for column in self.columns:
            if column.view is view:
                return column
        raise LookupError("view not in a column")

    def doc_number(self, doc_id: str) -> int:
        """1-based position of a document in the corpus."""
        return self._doc_number.get(doc_id, -1) + 1

    # -- keys (see typeahead.py) ------------------------------------------------------------

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.CursorPosition) and not self.is_inline:
            # Not a reply (the reader asks for none): shift+F3 as xterm and tmux send it.
            name = key_from_cursor_report(event.x, event.y)
            if name is not None:
                self.post_message(events.Key(name, None))
            return
        if isinstance(event, events.Key) and not event.is_forwarded:
            self.key_gate.offer(event)
            await self._deliver_keys()
            return
        await super().on_event(event)

    async def _deliver_keys(self) -> None:
        while self.is_running and self._screen_stack:
            key = self.key_gate.take(self.screen, self.focused)
            if key is None:
                return
            await super().on_event(key)

    async def on_keys_released(self, message: KeysReleased) -> None:
        await self._deliver_keys()

    def on_dialog_stayed(self, message: DialogStayed) -> None:
        self.key_gate.release()

    def _screen_changed(self, screen: Screen[Any]) -> None:
        self.key_gate.screen_changed(screen.focused)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        self.key_gate.focus_moved(event.widget)
        if isinstance(event.widget, ArticleView) and event.widget is not self._current:
            self._current = event.widget
            self.update_status()

    # -- analysis -------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="analysis", exit_on_error=False)
    def run_analysis(self) -> None:
        worker = get_current_worker()
        analyzer = self._analyzer
        assert analyzer is not None

        def progress(stage: str, fraction: float) -> None:
            if not worker.is_cancelled:
                self.post_message(AnalysisProgressed(stage, fraction))

        try:
            result = analyzer(self.corpus, progress)
        except Exception as exc:
            first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            self.post_message(AnalysisFailed(first))
            return
        if not worker.is_cancelled:
            self.post_message(AnalysisFinished(result))

    def on_analysis_progressed(self, message: AnalysisProgressed) -> None:
        self.analysis_state = f"analysing: {message.stage} {message.fraction:.0%}"
        self.update_status()

    def on_analysis_finished(self, message: AnalysisFinished) -> None:
        self._apply_analysis(message.analysis)

    def on_analysis_failed(self, message: AnalysisFailed) -> None:
        self.analysis_state = "analysis failed"
        self.notify(f"Analysis failed: {message.error}", severity="error", timeout=10)
        self.update_status()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR and event.worker.group == "analysis":
            self.post_message(AnalysisFailed(str(event.worker.error)))

    def _apply_analysis(self, analysis: Analysis) -> None:
        self.index = AnalysisIndex(analysis)
        q = [x for x in analysis.quantities if x.status == "conflict"]
        self.analysis_state = (
            f"{plural(len(analysis.passages), 'passage')}, {plural(len(q), 'conflict')}"
        )
        self.refresh_marks()
        self.update_status()
        stories = [story for story in analysis.stories if len(story.documents) > 1]
        if len(analysis.stories) > 1 and stories:
            self.notify(
                f"{len(analysis.stories)} stories in this folder: o lists the articles by story",
                timeout=6,
            )

    # -- marks ----------------------------------------------------------------------------

    def marks_for(self, doc: Document) -> list[Mark]:
        marks = [Mark(r.start, r.end, "furniture") for r in doc.furniture if r.kind != "metadata"]
        if self.index is not None:
            marks.extend(self.index.marks(doc.id))
        marks.extend(self.tag_marks(doc))
        marks.extend(self.search_marks(doc))
        return marks

    def refresh_marks(self, doc_id: str | None = None) -> None:
        styles = self.label_styles()
        for view in self.views:
            if view.document is not None and (doc_id is None or view.document.id == doc_id):
                view.set_marks(self.marks_for(view.document), styles)

    # -- status ---------------------------------------------------------------------------

    def on_article_view_cursor_moved(self, message: ArticleView.CursorMoved) -> None:
        if not self.columns:  # a move queued while the app shuts down
            return
        if message.view is self.view:
            self.sync_counterparts(message.view)
            self.update_status()

    def update_status(self) -> None:
        if not self.is_running:
            return
        try:
            bar = self.main_screen.query_one(StatusBar)
        except Exception:
            return
        bar.show(self.status_parts())

    def status_parts(self) -> list[tuple[str, str]]:
        view = self.view
        doc = view.document
        parts: list[tuple[str, str]] = []
        if doc is None:
            return parts
        wrap = view.wrap
        row = wrap.row_of(view.cursor)
        pct = 100 * view.cursor // max(1, len(doc.text))
        parts.append((f"{self.doc_number(doc.id)}/{len(self.docs)} {row + 1}:{pct}%", "bold"))
        if view.select_mode:
            parts.append(("SELECT", "reverse"))
        sel = view.selection
        if sel:
            parts.append((f"{sel[1] - sel[0]} chars selected", ""))
        parts.extend(self.cursor_info(view))
        parts.extend(self.search_info())
        if self.analysis_state:
            parts.append((self.analysis_state, "dim"))
        if self.unsaved is not None:
            parts.append(("UNSAVED TAG: R retries", "bold reverse"))
        if self.store is None:
            parts.append(("no tag store", "dim"))
        elif getattr(self.store, "read_only", False):
            parts.append(("read-only", "italic"))
        return parts

    def cursor_info(self, view: ArticleView) -> list[tuple[str, str]]:
        out: list[tuple[str, str]] = []
        doc = view.document
        if doc is None:
            return out
        placed = self.tag_at(view)
        if placed is not None:
            ann = placed.annotation
            note = f" — {ann.note}" if ann.note else ""
            out.append((f"tag {ann.label} by {ann.author}{note}", "bold"))
        if self.index is None:
            return out
        mention = self.index.mention_at(doc.id, view.cursor)
        if mention is not None:
            q = self.index.quantity_of[mention.id]
            out.append((f"{q.label or 'number'}: {q.status} (enter)", "bold"))
        hits = self.index.passages_at(doc.id, view.cursor)
        if hits:
            others = {s.doc for _span, p in hits for s in p.spans if s.doc != doc.id}
            numbers = sorted(self.doc_number(d) for d in others)
            shown = ", ".join(str(n) for n in numbers[:6]) + ("…" if len(numbers) > 6 else "")
            out.append((f"shared with {shown}", "underline"))
        return out

    # -- store ----------------------------------------------------------------------------

    def _store_changed(self) -> bool:
        try:
            return self.store is not None and self.store.changed()
        except StoreError:
            return False  # a passing fault (locked, I/O): the next poll asks again

    def _poll_store(self) -> None:
        if self._store_changed():
            self.reload_tags()

    # -- command palette ------------------------------------------------------------------

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        for key in palette_keys():
            if key.id == "quit":
                continue
            # Article actions (selection mode) run on the article in focus, the rest on the app.
            yield SystemCommand(
                key.description,
                f"key: {key_display(key, self.keymap.get(key.id))}",
                lambda action=key.action: self.run_action(
                    action.removeprefix("app."), self if action.startswith("app.") else self.view
                ),
            )

    # -- search bar -----------------------------------------------------------------------

    @on(Input.Submitted, "#search")
    def _search_submitted(self, event: Input.Submitted) -> None:
        self.close_search_bar()
        self.start_search(event.value)

    def on_key(self, event: events.Key) -> None:
        if event.key == "escape" and self.focused is self.main_screen.query_one("#search", Input):
            event.stop()
            self.close_search_bar()
            self.clear_search()

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every notice as plain text: they quote labels, notes, paths and article text, which
        must never be read as markup ("[bold]") nor reach the terminal as control characters."""
        super().notify(
            literal(message),
            title=literal(title),
            severity=severity,
            timeout=timeout,
            markup=False,
        )

    async def action_quit(self) -> None:
        if self.unsaved is not None and not self._quit_warned:
            self._quit_warned = True
            self.notify(
                "A tag is not saved yet: R retries; q again quits and loses it.",
                severity="warning",
                timeout=10,
            )
            self.key_gate.release()
            return
        # Quitting is quitting: keys typed after q are dropped, not run on a closing app.
        self.key_gate.close()
        self.exit()

    def on_unmount(self) -> None:
        if self.store is not None:
            with contextlib.suppress(Exception):
                self.store.close()
