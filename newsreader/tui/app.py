"""The reader app: columns of articles over one corpus, an analysis worker, a tag store."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from textual import events, on, work
from textual.app import App, ComposeResult, SystemCommand
from textual.containers import Horizontal
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.widgets import Input
from textual.worker import Worker, WorkerState, get_current_worker

from newsreader.config import Config
from newsreader.tui.highlights import AnalysisIndex, Mark, counterpart_offset, counterpart_range
from newsreader.tui.keys import (
    INPUT_ACTIONS,
    bindings_for,
    key_display,
    key_from_cursor_report,
    palette_keys,
    textual_keys_of,
)
from newsreader.tui.literal import literal
from newsreader.tui.session import TagSession
from newsreader.tui.typeahead import DialogStayed, KeyGate, KeysReleased
from newsreader.tui.widgets.article import ArticleView
from newsreader.tui.widgets.column import ArticleColumn
from newsreader.tui.widgets.footer import KeyFooter
from newsreader.tui.widgets.status import StatusBar

if TYPE_CHECKING:
    from rich.console import RenderableType

    from newsreader.core.corpus import Corpus
    from newsreader.core.model import Analysis, Document, Passage, Span
    from newsreader.store import Placed, Store, StoreError
    from newsreader.tui.messages import (
        AnalysisFailed,
        AnalysisFinished,
        AnalysisProgressed,
        CorpusFailed,
        CorpusLoaded,
        CorpusProgressed,
    )
    from newsreader.tui.screens.tag_dialog import TagChoice
    from newsreader.tui.widgets.search_bar import SearchBar
    from newsreader.tui.widgets.tag_list import TagList

    Analyzer = Callable[[Corpus, Callable[[str, float], None]], Analysis]
    CorpusLoader = Callable[[Callable[[int, int], None]], Corpus]
    """Reads the corpus, calling ``progress(files_done, files)``."""
    StoreOpener = Callable[[], Store]

# The first screen imports only what it draws: dialogs, the search bar, the tag list, the
# engine and the store's code are imported when first used (issue 11: start-up within 1.3
# times a bare Textual app's).


def plural(n: int, word: str) -> str:
    """``1 conflict``, ``2 conflicts``."""
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


MIN_COLUMN_WIDTH = 34
"""Below this many cells per column, columns are stacked instead of side by side."""


def default_analyzer(corpus: Corpus, progress: Callable[[str, float], None]) -> Analysis:
    from newsreader.core.analysis import analyze

    return analyze(corpus, progress=progress)


_PASSAGE_KEYS = ("passage.diff", "passage.counterpart")


def _screen_keys(keymap: Mapping[str, Sequence[str]]) -> dict[str, frozenset[str]]:
    """The keys (once ``keymap`` is applied) that open a screen or the search bar, for the key
    gate: the help and tag detail keys, the number and passage keys, and F3 / Shift+F3 before
    any search."""
    return {
        "help": textual_keys_of(frozenset({"help", "tag.detail"}), keymap),
        "article": textual_keys_of(frozenset({"number.show", *_PASSAGE_KEYS}), keymap),
        "search.step": textual_keys_of(frozenset({"search.next", "search.previous"}), keymap),
    }


class MainScreen(Screen[None]):
    """The screen of the columns. Textual's default focus (the first focusable widget, breadth
    first) gave it to the hidden search bar as the screen was composed, and the app then moved
    it to the first article: both restyled, the footer's keys computed twice, for nothing."""

    AUTO_FOCUS = "ArticleView"
    _resumed = False

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        # Runs before Screen's own handler (Textual dispatches along the class's MRO). The
        # first resume comes straight after the mount, which styled every widget: restyling
        # them all again was a sixth of the first frame's work (issue 11).
        if not self._resumed:
            self._resumed = True
            event.refresh_styles = False

    def on_resize(self, event: events.Resize) -> None:
        # Runs before Screen's own handler, as above. Textual passes the screen every size the
        # terminal reports, changed or not: at start-up three of the one size, each a layout
        # and a partial frame of the whole screen for nothing (issue 11). ``outer_size`` is
        # the size the screen was last laid out at (``size`` is already the terminal's).
        if event.size == self.outer_size:
            event.prevent_default()


class NewsreaderApp(App[None]):
    """Articles about one story side by side, with shared passages, numbers and tags.

    The app lays out its parts and runs the actions of the key table; each part owns its
    state: the tag session (the store, on its own thread), the search bar, the tag list, the
    key gate (type-ahead) and each article view (cursor, selection, marks)."""

    CSS_PATH = "newsreader.tcss"
    TITLE = "newsreader"
    BINDINGS = bindings_for("app")
    ENABLE_COMMAND_PALETTE = True

    def __init__(
        self,
        corpus: Corpus | CorpusLoader,
        store: Store | StoreOpener | None = None,
        *,
        analysis: Analysis | None = None,
        analyzer: Analyzer | None = default_analyzer,
        columns: int = 2,
        poll_interval: float = 0.5,
        export_path: str = "annotations.json",
        cursor_blink: bool = True,
        config: Config | None = None,
        shown: Callable[[], None] | None = None,
    ) -> None:
        """``corpus`` and ``store`` may be given, or functions that load and open them: then the
        first screen is drawn first, and they are read on threads of their own (a big folder
        shows its progress, and keys typed meanwhile wait for it). ``shown`` is called when
        long-lived data is in place: once the loaded articles have been painted (the end of
        start-up: ``newsreader`` turns the garbage collector back on there) and each time an
        analysis is applied (``newsreader`` freezes it, so full collections skip it)."""
        super().__init__()
        self.config = config if config is not None else Config()
        """Keymap, theme and the configured label set (``config.labels``, for tagging)."""
        self.keymap: dict[str, str] = {}
        """Action id -> the keys a config file gave it, as the help screen shows them."""
        self._loader: CorpusLoader | None = None
        self.corpus: Corpus | None = None
        self.docs: list[Document] = []
        self._doc_number: dict[str, int] = {}
        if callable(corpus):
            self._loader = corpus
        else:
            self._set_corpus(corpus)
        self.failure: tuple[str, int] | None = None
        """Why the reader stopped before it could show the corpus (message, exit status)."""
        self.index: AnalysisIndex | None = None
        self._initial_analysis = analysis
        self._analyzer = analyzer
        self._initial_columns = max(1, columns if self._loader else min(columns, len(self.docs)))
        self._poll_interval = poll_interval
        self.export_path = export_path
        self.cursor_blink = cursor_blink
        self.analysis_state = "waiting"
        self._current: ArticleView | None = None
        self.session = TagSession(store, configured=self.config.labels.value)
        self._quit_warned = False
        self._last_passages: tuple[str, ...] = ()
        self._corpus_index: Any = None
        """The corpus search index (core.search.SearchIndex), built on first use."""
        self.corpus_query = ""
        self._screen_keys = _screen_keys({})
        self.key_gate = KeyGate(
            self.post_message, self.set_timer, self._opens_screen, self._opens_input
        )
        if self._loader is not None:
            self.key_gate.hold_until_ready()
        self._theme_restored = False
        self._shown = shown
        self._search_bar: SearchBar | None = None
        self._tag_list: TagList | None = None

    def _set_corpus(self, corpus: Corpus) -> None:
        self.corpus = corpus
        self.docs = list(corpus.documents)
        self._doc_number = {d.id: i for i, d in enumerate(self.docs)}

    @property
    def store(self) -> Store | None:
        return self.session.store

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
        self._screen_keys = _screen_keys(keymap)
        self.keymap = {
            action_id: ",".join("comma" if k == "," else k for k in self.config.keys_of(action_id))
            for action_id in keymap
        }

    def _opens_screen(self, key: events.Key, focused: object) -> bool:
        """Keys that may open a screen with no text input (see typeahead.py): the number key
        in an article opens its panel, the passage keys its diff or its other article (held
        until the focus has moved there); the help key the help, the tag detail key the tag's
        detail (or it says there is no tag, which releases the keys)."""
        if key.key in self._screen_keys["help"]:
            return True
        return key.key in self._screen_keys["article"] and isinstance(focused, ArticleView)

    def _opens_input(self, key: events.Key) -> bool:
        """F3 / shift+F3 before any search open the search bar (``action_search_step``): the
        keys typed after them are its query, as after ``/``."""
        return key.key in self._screen_keys["search.step"] and not self.search_bar.term

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

    def get_default_screen(self) -> Screen[Any]:
        return MainScreen(id="_default")

    def compose(self) -> ComposeResult:
        # Nothing is painted until the first screen is whole (on_mount ends the batch): the
        # frames before it, a frame each for the layout, the focus and the footer's keys, cost
        # a full repaint each (issue 11: the first screen within 1.3 times a bare app's).
        self._begin_batch()
        # The tag list joins #body beside the columns when first shown (``tag_list``).
        with Horizontal(id="body"), Horizontal(id="columns"):
            for i in range(self._initial_columns):
                doc = self.docs[i] if self.docs else None
                yield ArticleColumn(doc, i + 1, len(self.docs))
        yield StatusBar(id="status")
        yield KeyFooter(compact=True)
        yield self.session

    def on_mount(self) -> None:
        self._apply_config()
        self._restore_theme()
        self.screen_change_signal.subscribe(self, self._screen_changed)
        self.screen.set_focus(self.views[0])
        self._current = self.views[0]
        self._update_layout()
        self.main_screen.query_one(KeyFooter).show_keys(self._first_screen_whole)
        if self._loader is not None:
            self.analysis_state = "reading articles…"
            self.update_status()
            return
        self.session.open()
        self._start()

    def _first_screen_whole(self) -> None:
        """The footer shows the focused article's keys: the batch begun in compose ends and
        the first screen is painted. Only then are the corpus read and the store opened, on
        threads of their own: started before, they took the GIL from the first frame."""
        self._end_batch()
        if self._loader is not None:
            self.call_after_refresh(self._after_first_paint)

    def _after_first_paint(self) -> None:
        self.session.open()
        self._load_corpus()

    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def _load_corpus(self) -> None:
        from newsreader.tui.messages import CorpusFailed, CorpusLoaded, CorpusProgressed

        loader = self._loader
        assert loader is not None

        def progress(done: int, total: int) -> None:
            self.post_message(CorpusProgressed(done, total))

        try:
            corpus = loader(progress)
        except Exception as exc:
            self.post_message(CorpusFailed(str(exc).splitlines()[0] if str(exc) else repr(exc)))
            return
        self.post_message(CorpusLoaded(corpus))

    def on_corpus_progressed(self, message: CorpusProgressed) -> None:
        self.analysis_state = f"reading articles {message.done:,}/{message.total:,}"
        self.update_status()

    def on_corpus_failed(self, message: CorpusFailed) -> None:
        self.stop(message.error, 2)

    def on_tag_session_open_failed(self, message: TagSession.OpenFailed) -> None:
        self.stop(message.error, message.status)

    def stop(self, error: str, status: int) -> None:
        """Leave before showing the corpus: ``newsreader`` prints ``error`` and exits
        ``status`` (nothing was changed)."""
        self.failure = (error, status)
        self.exit(return_code=status)

    async def on_corpus_loaded(self, message: CorpusLoaded) -> None:
        self._set_corpus(message.corpus)
        columns = self.columns
        for column in columns[len(self.docs) :]:
            await column.remove()
        for i, column in enumerate(self.columns):
            column.show(self.docs[i], i + 1, len(self.docs))
        self._current = self.views[0]
        self._update_layout()
        self._start()
        self.key_gate.ready()
        if self._shown is not None:
            self.call_after_refresh(self._shown)
        await self._deliver_keys()

    def _start(self) -> None:
        """The corpus is here: tags, analysis and polling start."""
        self.reload_tags()
        if self._initial_analysis is not None:
            self._apply_analysis(self._initial_analysis)
        elif self._analyzer is not None:
            self.analysis_state = "analysing…"
            # Start after the first paint: the worker thread competes for the GIL.
            self.call_after_refresh(self.run_analysis)
        else:
            self.analysis_state = ""
        self.session.start_polling(self._poll_interval)
        self.update_status()

    def on_resize(self, event: events.Resize) -> None:
        self._update_layout()

    def _update_layout(self) -> None:
        columns = self.main_screen.query_one("#columns")
        tags = self.tag_list
        shown = tags.is_attached and tags.display
        width = self.size.width
        beside = max(28, min(60, width * 2 // 5))
        # Too narrow for the tag list beside a readable column: it goes under the articles, so
        # neither takes the other's width (at 60 columns it took half, at 30 all of it).
        narrow = shown and width - beside < MIN_COLUMN_WIDTH
        self.main_screen.query_one("#body").set_class(narrow, "-narrow")
        if shown and not narrow:
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
        from newsreader.tui.messages import AnalysisFailed, AnalysisFinished, AnalysisProgressed

        worker = get_current_worker()
        analyzer, corpus = self._analyzer, self.corpus
        assert analyzer is not None and corpus is not None

        def progress(stage: str, fraction: float) -> None:
            if not worker.is_cancelled:
                self.post_message(AnalysisProgressed(stage, fraction))

        try:
            result = analyzer(corpus, progress)
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
            from newsreader.tui.messages import AnalysisFailed

            self.post_message(AnalysisFailed(str(event.worker.error)))

    def _apply_analysis(self, analysis: Analysis) -> None:
        self.index = AnalysisIndex(analysis)
        q = [x for x in analysis.quantities if x.status == "conflict"]
        self.analysis_state = (
            f"{plural(len(analysis.passages), 'passage')}, {plural(len(q), 'conflict')}"
        )
        self.refresh_marks()
        self.update_status()
        if self._shown is not None:
            # A big folder's analysis is a heap that every full collection would rescan: one
            # ran in a third of the tag dialog's openings on 1,000 articles, for 70-80 ms.
            self.call_after_refresh(self._shown)
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
        marks.extend(
            Mark(p.start, p.end, "tag", p.annotation.id, label=p.annotation.label)
            for p in self.session.placed_in(doc.id)
            if p.status != "orphaned" and p.end > p.start
        )
        marks.extend(self.search_bar.marks(doc.id))
        return marks

    def refresh_marks(self, doc_id: str | None = None) -> None:
        styles = self.session.label_styles()
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
        parts.extend(self.search_bar.info(doc.id, view.cursor))
        if self.analysis_state:
            parts.append((self.analysis_state, "dim"))
        session = self.session
        if session.waiting == "write":
            parts.append(("waiting for another writer…", "bold reverse"))
        elif session.waiting == "read":
            parts.append(("reading tags…", "dim"))
        if session.unsaved is not None:
            parts.append(("UNSAVED TAG: R retries", "bold reverse"))
        if self.store is None:
            parts.append(("no tag store", "dim"))
        elif session.read_only:
            parts.append(("read-only", "italic"))
        return parts

    def cursor_info(self, view: ArticleView) -> list[tuple[str, str]]:
        out: list[tuple[str, str]] = []
        doc = view.document
        if doc is None:
            return out
        placed = self.session.tag_at(doc.id, view.cursor)
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
            out.extend(self._reuse_info(hits[0][1]))
        return out

    def _reuse_info(self, passage: Passage) -> list[tuple[str, str]]:
        """Where the passage under the cursor came from, and how far it travelled."""
        from newsreader.core.reuse import outlets_carrying, source_line

        assert self.index is not None
        out: list[tuple[str, str]] = []
        documents = self.index.documents
        if not all(d in documents for d in (passage.source, *passage.carried_by) if d):
            return out
        where = source_line(passage, documents)
        if where:
            out.append((where, "italic"))
        carriers = outlets_carrying(passage, documents)
        if carriers >= 2:
            out.append((f"carried by {carriers} outlets", "italic"))
        return out

    # -- the tag session's news -----------------------------------------------------------

    def reload_tags(self) -> None:
        """Re-read labels and the tags of the documents on screen (on the store thread)."""
        self.session.load([v.document for v in self.views if v.document is not None])

    def on_tag_session_changed(self, message: TagSession.Changed) -> None:
        if not self.columns:
            return
        self.refresh_marks()
        shown = [(n, v.document) for n, v in enumerate(self.views, 1) if v.document is not None]
        self.tag_list.show(shown, self.session.placed)
        self.update_status()

    def on_tag_session_said(self, message: TagSession.Said) -> None:
        self.notify(message.text, severity=message.severity, timeout=message.timeout)

    def on_tag_session_busy(self, message: TagSession.Busy) -> None:
        self.update_status()

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
        from newsreader.tui.screens.doc_picker import DocumentPicker

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
        if self._step_to(step, "shared passage"):
            self.sync_counterparts(self.view, align=True)

    def action_conflict(self, step: int) -> None:
        self._step_to(step, "conflicting number")

    def _step_to(self, step: int, what: str) -> bool:
        """Move the cursor to the next (``step`` 1) or previous shared passage or conflicting
        number of its article; false, with a notice, if there is none or no analysis yet."""
        view = self.view
        if self.index is None or view.document is None:
            self.notify(self._not_ready(), severity="warning")
            return False
        find = self.index.next_passage if what == "shared passage" else self.index.next_conflict
        target = find(view.document.id, view.cursor, step > 0)
        if target is None:
            word = "next" if step > 0 else "previous"
            self.notify(f"No {word} {what} in this article", timeout=3)
            return False
        view.move_to(target, center=True)
        return True

    def decline(self, why: str, severity: SeverityLevel = "information") -> None:
        """A key that would open a dialog, a panel or an input opens nothing: say why, and let
        the keys typed after it go on now rather than when the key gate's hold expires."""
        self.notify(why, severity=severity, timeout=3 if severity == "information" else 5)
        self.key_gate.release()

    def _not_ready(self) -> str:
        return f"The analysis is not ready yet ({self.analysis_state or 'not running'})"

    def _passage_here(self) -> tuple[ArticleView, Span, Passage] | None:
        """The shared passage under the cursor of the article in focus (its span there); else
        ``None`` with a notice, and the keys typed after the key go on (nothing opened)."""
        view = self.view
        hits = []
        if self.index is not None and view.document is not None:
            hits = self.index.passages_at(view.document.id, view.cursor)
        if not hits:
            none = "No shared passage at the cursor (n/N moves to one)"
            self.decline(none if self.index is not None else self._not_ready())
            return None
        span, passage = hits[0]
        return view, span, passage

    def action_passage_diff(self) -> None:
        """The passage's two versions aligned, with what the copy changed."""
        found = self._passage_here()
        if found is None or self.index is None:
            return
        view, _span, passage = found
        from newsreader.tui.screens.diff import DiffScreen

        def closed(_: None) -> None:
            view.focus()

        self.push_screen(DiffScreen(passage, self.index.documents), closed)

    def action_passage_counterpart(self) -> None:
        """The passage's other article, cursor at its span's start: in the column showing it,
        else in the next column (this one when it is the only one)."""
        found = self._passage_here()
        if found is None:
            return
        view, span, passage = found
        to = next(s for s in passage.spans if s.doc != span.doc)
        if not any(v.document is not None and v.document.id == to.doc for v in self.views):
            views = self.views
            column = self.column_of(views[(views.index(view) + 1) % len(views)])
            self.show_document(column, self.doc_number(to.doc) - 1, to.start)
        self.jump_to(to.doc, to.start)
        self.key_gate.release()  # the focus is there: the keys typed after go to that article

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
            self.decline(self._not_ready(), "warning")
            return
        mention = self.index.mention_at(view.document.id, view.cursor)
        if mention is None:
            self.decline("No grouped number under the cursor (c/C jumps to conflicts)")
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

        from newsreader.tui.screens.quantity import QuantityPanel

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

    # -- search -------------------------------------------------------------------------

    @property
    def search_bar(self) -> SearchBar:
        """The search bar and its search. It is mounted when first opened: an ``Input``
        hidden at start-up cost its stylesheet and restyles before the first frame (issue
        11), and its state (the query, the hits) needs no mounting."""
        if self._search_bar is None:
            from newsreader.tui.widgets.search_bar import SearchBar

            self._search_bar = SearchBar(id="search")
        return self._search_bar

    @property
    def search_current(self) -> int:
        return self.search_bar.current

    async def action_search(self) -> None:
        bar = self.search_bar
        if not bar.is_attached:
            await self.main_screen.mount(bar, before=self.main_screen.query_one(StatusBar))
        bar.open()

    @on(Input.Submitted, "#search")
    def _search_submitted(self, event: Input.Submitted) -> None:
        self.search_bar.close()
        self.view.focus()
        self.start_search(event.value)

    def on_search_bar_cancelled(self, message: SearchBar.Cancelled) -> None:
        self.search_bar.close()
        self.view.focus()
        self.clear_search()

    def start_search(self, query: str) -> None:
        view = self.view
        doc = view.document
        bar = self.search_bar
        if not query or doc is None:
            bar.term = query
            self.clear_search()
            return
        old = bar.doc
        target = bar.find(query, doc, view.cursor)
        if old is not None and old != doc.id:
            self.refresh_marks(old)
        if target is None:
            self.notify(f"Not found: {query}", severity="warning", timeout=3)
        self._show_hit(target)

    def _show_hit(self, target: int | None) -> None:
        self.refresh_marks(self.search_bar.doc)
        if target is not None:
            self.view.move_to(target, center=True)
        self.update_status()

    async def action_search_step(self, step: int) -> None:
        view = self.view
        bar = self.search_bar
        if view.document is None:
            return
        if not bar.term:
            await self.action_search()
            return
        if bar.doc != view.document.id:
            self.start_search(bar.term)
            return
        target = bar.step(step)
        if target is None:
            self.notify(f"Not found: {bar.term}", severity="warning", timeout=3)
            return
        self._show_hit(target)

    def clear_search(self) -> None:
        doc = self.search_bar.forget()
        if doc is not None:
            self.refresh_marks(doc)
        self.update_status()

    def action_search_corpus(self) -> None:
        """Search every article; the chosen hit opens in this column (or where it is shown)."""
        from newsreader.core.search import SearchIndex
        from newsreader.tui.screens.corpus_search import CorpusSearch

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
        from newsreader.tui.screens.help import HelpScreen

        self.push_screen(HelpScreen(self.keymap))

    @property
    def tag_list(self) -> TagList:
        """The list of tags. It is mounted when first shown, as the search bar is: hidden at
        start-up it cost the first frame an ``OptionList``'s stylesheet and restyles; its rows
        are kept up to date unmounted."""
        if self._tag_list is None:
            from newsreader.tui.widgets.tag_list import TagList

            self._tag_list = TagList(id="tags")
        return self._tag_list

    async def action_toggle_tags(self) -> None:
        tags = self.tag_list
        if not tags.is_attached:
            await self.main_screen.query_one("#body").mount(tags)
        if tags.display and tags.has_focus:
            tags.display = False
            self.view.focus()
        else:
            tags.display = True
            tags.focus()
        self._update_layout()

    # -- tags -----------------------------------------------------------------------------

    def _writable(self) -> bool:
        reason = self.session.writable()
        if reason is not None:
            self.decline(reason, "error")
        return reason is None

    def tag_at(self, view: ArticleView) -> Placed | None:
        """The tag under the cursor of ``view`` (the shortest, if they nest)."""
        doc = view.document
        return self.session.tag_at(doc.id, view.cursor) if doc is not None else None

    def label_names(self) -> list[str]:
        return self.session.label_names()

    @property
    def unsaved(self) -> object | None:
        return self.session.unsaved

    def action_tag(self, everywhere: bool = False) -> None:
        from newsreader.tui.screens.tag_dialog import TagDialog

        view = self.view
        doc = view.document
        span = view.target_range()
        if doc is None or span is None:
            self.decline("Nothing to tag: select text or put the cursor on a word")
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
            # Handed to the store thread now; the screen does not wait for the database.
            self.session.add(choice.label, choice.note, [(doc, start, end), *targets])
            view.clear_selection()

        title = "Tag everywhere" if everywhere else "Tag"
        dialog = TagDialog.for_labels(
            doc.text[start:end], self.session.choices(), title=title, extra=extra
        )
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

    def action_retry_save(self) -> None:
        if not self.session.retry():
            self.notify("No unsaved tag", timeout=2)

    def _current_tag(self) -> Placed | None:
        tags = self.tag_list
        row = tags.current_row
        if tags.has_focus and row is not None:
            return self.session.find(row.doc_id, row.ann_id)
        return self.tag_at(self.view)

    def action_edit_tag(self) -> None:
        placed = self._current_tag()
        if placed is None:
            self.decline("No tag under the cursor")
            return
        self.edit_tag(placed)

    def edit_tag(self, placed: Placed) -> None:
        from newsreader.tui.screens.tag_dialog import TagDialog

        if not self._writable():
            return
        ann = placed.annotation
        focused = self.focused

        def save(choice: TagChoice | None) -> None:
            if focused is not None:
                focused.focus()
            if choice is not None:
                self.session.update(ann.id, choice.label, choice.note)

        dialog = TagDialog.for_labels(
            ann.quote, self.session.choices(), label=ann.label, note=ann.note, title="Edit tag"
        )
        self.push_screen(dialog, save)

    def action_delete_tag(self) -> None:
        placed = self._current_tag()
        if placed is None:
            self.notify("No tag under the cursor", timeout=3)
            return
        if self._writable():
            self.session.delete(placed)

    def action_tag_detail(self) -> None:
        """The tag at the cursor (or highlighted in the focused tag list): its details, and its
        history read on the store thread."""
        from newsreader.tui.screens.tag_detail import TagDetail

        placed = self._current_tag()
        if placed is None:
            self.decline("No tag under the cursor")
            return
        screen = TagDetail(placed, placed.annotation.doc_title)
        self.push_screen(screen)
        self.session.detail(
            placed.annotation.id,
            screen.show_record,
            lambda exc: screen.show_error(str(exc)),
        )

    def action_undo(self) -> None:
        if not self.session.undo_stack:
            self.notify("Nothing to undo", timeout=2)
            return
        if self._writable():
            self.session.undo()

    def on_tag_list_requested(self, message: TagList.Requested) -> None:
        row = message.row
        placed = self.session.find(row.doc_id, row.ann_id)
        if message.what == "jump":
            self.jump_to(row.doc_id, row.start)
        elif placed is not None and message.what == "edit":
            self.edit_tag(placed)
        elif placed is not None and message.what == "delete" and self._writable():
            self.session.delete(placed)

    # -- export ---------------------------------------------------------------------------

    def action_export(self) -> None:
        store = self.store
        if store is None:
            self.decline("No tag store is open", "error")
            return
        from newsreader.store.exchange import export_annotations

        def preview() -> tuple[int, str]:
            out = io.StringIO()
            count = export_annotations(store, "json", out)
            return count, out.getvalue()

        def failed(exc: StoreError) -> None:
            self.notify(str(exc), severity="error")

        # The preview is read on the store thread, after any change already asked.
        self.session.call(preview, self._open_export, failed, writes=False)

    def _open_export(self, result: tuple[int, str]) -> None:
        from newsreader.store.errors import StoreError
        from newsreader.store.exchange import export_to_file
        from newsreader.tui.screens.export import ExportDialog

        store = self.store
        assert store is not None
        count, preview = result
        focused = self.focused
        written: list[int] = []

        def write(path: str, overwrite: bool) -> str | None:
            """Called by the dialog, which stays open to show an error. A read of a WAL
            database, which another writer does not block; refused while the store thread is
            still busy, so the screen never waits behind it."""
            if self.session.busy:
                return "The tag store is busy (waiting for another writer): try again"
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

        dialog = ExportDialog(preview, self.export_path, f"{count} annotations", write)
        self.push_screen(dialog, closed)

    # -- quitting -------------------------------------------------------------------------

    async def action_quit(self) -> None:
        if self.session.busy:
            # Quitting waits for the tags already confirmed: they reach the database first.
            self.notify("Saving tags…", timeout=2)
            await self.session.settled()
        if self.session.unsaved is not None and not self._quit_warned:
            self._quit_warned = True
            self.notify(
                "A tag is not saved yet: R retries; q again quits and loses it.",
                severity="warning",
                timeout=10,
            )
            self.key_gate.release()
            return
        self.exit()

    def exit(
        self, result: Any = None, return_code: int = 0, message: RenderableType | None = None
    ) -> None:
        # Quitting is quitting, whatever asked for it: keys typed after it are dropped, not
        # run on a closing app.
        self.key_gate.close()
        super().exit(result, return_code, message)
