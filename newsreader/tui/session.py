"""The tag session: the reader's side of the tag store.

It owns what the reader knows of the store (labels, the tags placed on the documents on screen,
the undo stack, a tag that could not be saved yet) and makes every store call on one thread of
its own, in the order asked, so the screen never waits on SQLite: while another writer holds the
database the reader keeps responding and says "waiting for another writer".

A confirmed tag is handed to that thread at once, with its id fixed before the first try, so a
retry saves it exactly once. Quitting waits for the calls already asked (see :meth:`settled`).
Results come back as messages: :class:`TagSession.Changed` when the tags or labels changed,
:class:`TagSession.Said` for a notice, :class:`TagSession.Busy` when the waiting state changed.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rich.style import Style
from textual.message import Message
from textual.notifications import SeverityLevel
from textual.widget import Widget

if TYPE_CHECKING:
    from newsreader.config import LabelChoice, LabelSpec
    from newsreader.core.model import Document
    from newsreader.store import Store
    from newsreader.store.errors import StoreError
    from newsreader.store.model import Annotation, Label, Placed
    from newsreader.store.trail import History

# The store's code is imported on the store thread, when the session opens it, so the reader's
# first screen does not wait for it (see :meth:`TagSession.open`).

WAIT_SECONDS = 0.3
"""A store call still running after this long is waiting for another writer (or a slow disk)."""


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

    label: str
    note: str
    spans: list[tuple[Document, int, int]]
    ids: list[str]


@dataclass(frozen=True, slots=True)
class TagRecord:
    """What the store knows of one tag beyond what is on screen: the OS account that made it
    (``""`` when imported under another name or older than accounts) and its history."""

    account: str
    history: History


@dataclass
class _Job:
    done: Callable[[Any], None]
    failed: Callable[[StoreError], None]
    asked: float
    """When it was asked (``time.monotonic``)."""
    writes: bool


class TagSession(Widget):
    """The store, seen from the reader. A widget only to receive its own messages: it draws
    nothing."""

    DEFAULT_CSS = "TagSession { display: none; }"

    @dataclass
    class Changed(Message):
        """Labels or the placed tags changed: redraw marks, the tag list and the status."""

    @dataclass
    class Said(Message):
        """A notice for the user."""

        text: str
        severity: SeverityLevel = "information"
        timeout: float = 3

    @dataclass
    class CallDone(Message, bubble=False):
        """A store call finished on the store thread (``error`` set if it raised)."""

        job: int
        result: Any = None
        error: BaseException | None = None

    @dataclass
    class OpenFailed(Message):
        """The store could not be opened: the reader stops with ``error`` and ``status``."""

        error: str
        status: int

    @dataclass
    class Busy(Message):
        """Whether a store call is waiting (``TagSession.waiting``) changed."""

        def can_replace(self, message: Message) -> bool:
            return isinstance(message, TagSession.Busy)

    def __init__(
        self,
        store: Store | Callable[[], Store] | None,
        *,
        configured: Sequence[LabelSpec] = (),
        wait_seconds: float = WAIT_SECONDS,
    ) -> None:
        """``store``: an open store, a function that opens one (called on the store thread by
        :meth:`open`), or ``None`` (no tags). ``configured``: the label set of the config
        files, offered first, with their keys and colours."""
        super().__init__()
        self.configured = list(configured)
        self.store: Store | None = None
        self._opener: Callable[[], Store] | None = None
        self._open_asked = False
        if callable(store):
            self._opener = store
        else:
            self.store = store
        self.labels: list[Label] = []
        self.placed: dict[str, list[Placed]] = {}
        self.undo_stack: list[Annotation] = []
        self.unsaved: PendingTags | None = None
        self.waiting = ""
        """"write" while a change has been waiting for the database longer than
        ``wait_seconds``, "read" for a read, "" otherwise."""
        self.wait_seconds = wait_seconds
        self._docs: list[Document] = []
        self._jobs: dict[int, _Job] = {}
        self._next_job = 0
        self._idle = asyncio.Event()
        self._idle.set()
        self._polling = False
        self._pool: ThreadPoolExecutor | None = (
            ThreadPoolExecutor(max_workers=1, thread_name_prefix="tag-store")
            if store is not None
            else None
        )

    def open(self) -> None:
        """Open the store, if given a function that opens one, on the store thread: before any
        other call, which queues behind. The app calls this once its first screen is painted
        (issue 11: opening the database competed with the first frame)."""
        opener = self._opener
        if opener is None or self._open_asked:
            return
        self._open_asked = True

        def run() -> Store:
            # Set here, on the store thread, so the calls queued behind find it.
            self.store = opener()
            return self.store

        def done(store: Store) -> None:
            for warning in store.warnings:
                self.post_message(self.Said(warning, "warning", 8))

        def failed(exc: StoreError) -> None:
            self.post_message(self.OpenFailed(str(exc), getattr(exc, "status", 1)))

        self.call(run, done, failed, writes=False)

    # -- what the reader asks ---------------------------------------------------------------

    @property
    def read_only(self) -> bool:
        return bool(getattr(self.store, "read_only", False))

    @property
    def busy(self) -> bool:
        return bool(self._jobs)

    def choices(self) -> list[LabelChoice]:
        """The labels to offer: the configured set first (its colours win), then the store's."""
        from newsreader.config import merge_labels

        return merge_labels(self.configured, self.labels)

    def label_names(self) -> list[str]:
        return [lb.name for lb in self.choices()]

    def label_styles(self) -> dict[str, Style]:
        return {lb.name: label_style(lb.color, lb.style) for lb in self.choices()}

    def writable(self) -> str | None:
        """Why tags cannot be changed now, or ``None`` if they can."""
        if self.store is None and self._opener is None:
            return "No tag store is open"
        if self.read_only:
            return "The tag store is read-only"
        return None

    def placed_in(self, doc_id: str) -> list[Placed]:
        return self.placed.get(doc_id, [])

    def find(self, doc_id: str, ann_id: str) -> Placed | None:
        return next((p for p in self.placed_in(doc_id) if p.annotation.id == ann_id), None)

    def tag_at(self, doc_id: str, offset: int) -> Placed | None:
        """The tag at ``offset`` (the shortest, if they nest)."""
        here = [
            p
            for p in self.placed_in(doc_id)
            if p.status != "orphaned" and p.start <= offset < p.end
        ]
        return min(here, key=lambda p: p.end - p.start) if here else None

    # -- reading ------------------------------------------------------------------------------

    def load(self, docs: Sequence[Document]) -> None:
        """Re-read the labels and the tags of ``docs`` (the documents on screen)."""
        unique = list({d.id: d for d in docs}.values())
        self._docs = unique
        if self._pool is None:
            self.placed = {}
            self.post_message(self.Changed())
            return

        def run() -> tuple[list[Label], dict[str, list[Placed]]]:
            store = self._opened()
            store.changed()  # the version read now: polling reloads when another session commits
            return list(store.labels()), {d.id: list(store.placed(d)) for d in unique}

        def done(result: tuple[list[Label], dict[str, list[Placed]]]) -> None:
            self.labels, self.placed = result
            self.post_message(self.Changed())

        self.call(run, done, self._say_error, writes=False)

    def _opened(self) -> Store:
        """The store, on the store thread (opened before any other call ran)."""
        store = self.store
        if store is None:
            from newsreader.store.errors import StoreError

            raise StoreError("the tag store is not open")
        return store

    def start_polling(self, interval: float) -> None:
        """Reload when another session commits (checked every ``interval`` seconds)."""
        if self._pool is None or interval <= 0:
            return
        self.set_interval(interval, self._poll, name="store-poll")

    def _poll(self) -> None:
        store = self.store
        if store is None or self._polling:
            return  # the last check has not come back (the thread is busy): no pile-up
        self._polling = True

        def done(changed: bool) -> None:
            self._polling = False
            if changed:
                self.load(self._docs)

        def failed(_exc: StoreError) -> None:
            self._polling = False  # a passing fault (locked, I/O): the next poll asks again

        self.call(store.changed, done, failed, writes=False)

    # -- writing ------------------------------------------------------------------------------

    def add(
        self,
        label: str,
        note: str,
        spans: list[tuple[Document, int, int]],
        ids: list[str] | None = None,
    ) -> None:
        """Save one tag per span. Each gets its id before the first try, so a retry after a
        failure (database locked past the timeout, disk full) saves each exactly once."""
        ids = ids or [str(uuid.uuid4()) for _ in spans]
        pending = PendingTags(label, note, spans, ids)
        new_label = self._new_label(label)

        def run() -> None:
            store = self._opened()
            if new_label is not None:
                store.add_label(*new_label)
            for (doc, start, end), tag_id in zip(spans, ids, strict=True):
                store.add(doc, start, end, label, note, id=tag_id)

        def done(_result: None) -> None:
            self.unsaved = None
            where = f" in {len(spans)} articles" if len(spans) > 1 else ""
            self.post_message(self.Said(f"Tagged “{label}”{where}", timeout=2))
            self.load(self._docs)

        def failed(exc: StoreError) -> None:
            from newsreader.store.errors import InvalidInput, NotAuthor, ReadOnlyStore

            if isinstance(exc, InvalidInput | NotAuthor | ReadOnlyStore):
                self.post_message(self.Said(str(exc), "error", 10))
            else:
                # Not saved, but not lost: kept until a retry succeeds (R) or the user quits.
                self.unsaved = pending
                self.post_message(
                    self.Said(f"{exc}. The tag is kept: press R to retry.", "error", 15)
                )
            self.load(self._docs)

        self.call(run, done, failed)

    def _new_label(self, name: str) -> tuple[str, str | None, str | None] | None:
        """``add_label`` arguments if ``name`` is not in the store yet (a configured label keeps
        its colour and style there), else ``None``."""
        if name in {lb.name for lb in self.labels}:
            return None
        spec = next((c for c in self.configured if c.name == name), None)
        if spec is None:
            return (name, None, None)
        return (name, spec.color or None, spec.style or None)

    def retry(self) -> bool:
        """Try the unsaved tag again; false if there is none."""
        pending = self.unsaved
        if pending is None:
            return False
        self.add(pending.label, pending.note, pending.spans, pending.ids)
        return True

    def update(self, ann_id: str, label: str, note: str) -> None:
        new_label = self._new_label(label)

        def run() -> None:
            store = self._opened()
            if new_label is not None:
                store.add_label(*new_label)
            store.update(ann_id, label=label, note=note)

        self.call(run, lambda _r: self.load(self._docs), self._error_then_reload)

    def delete(self, placed: Placed) -> None:

        def done(deleted: Annotation) -> None:
            self.undo_stack.append(deleted)
            self.post_message(
                self.Said(f"Deleted tag “{deleted.label}”: press u to undo", timeout=5)
            )
            self.load(self._docs)

        ann_id = placed.annotation.id
        self.call(lambda: self._opened().delete(ann_id), done, self._error_then_reload)

    def undo(self) -> bool:
        """Restore the last deleted tag; false if there is nothing to undo."""
        if not self.undo_stack or self._pool is None:
            return False
        ann = self.undo_stack.pop()

        def done(_result: None) -> None:
            self.post_message(self.Said(f"Restored tag “{ann.label}”", timeout=2))
            self.load(self._docs)

        def failed(exc: StoreError) -> None:
            self.undo_stack.append(ann)  # still deleted: it can be undone again
            self._say_error(exc)

        self.call(lambda: self._opened().restore(ann), done, failed)
        return True

    def detail(
        self,
        ann_id: str,
        done: Callable[[TagRecord], None],
        failed: Callable[[StoreError], None],
    ) -> None:
        """Read what the store knows of tag ``ann_id`` (the account that made it, its history)
        on the store thread, after the calls asked before; ``done`` gets it on the UI thread."""

        def run() -> TagRecord:
            store = self._opened()
            return TagRecord(store.account_of(ann_id), store.history(tag=ann_id))

        self.call(run, done, failed, writes=False)

    async def settled(self) -> None:
        """Wait until every store call asked so far has finished and its result is applied."""
        while self._jobs:
            self._idle.clear()
            await self._idle.wait()

    # -- the store thread -------------------------------------------------------------------

    def _say_error(self, exc: StoreError) -> None:
        self.post_message(self.Said(str(exc), "error", 10))

    def _error_then_reload(self, exc: StoreError) -> None:
        self._say_error(exc)
        self.load(self._docs)

    def call(
        self,
        run: Callable[[], Any],
        done: Callable[[Any], None],
        failed: Callable[[StoreError], None],
        *,
        writes: bool = True,
    ) -> None:
        """Run ``run`` on the store thread, after every call asked before it; ``done`` or
        ``failed`` then runs on the UI thread with its result or the store's error. ``writes``:
        whether waiting on it means waiting for another writer (see :attr:`waiting`)."""
        if self._pool is None:
            return
        self._next_job += 1
        number = self._next_job
        self._jobs[number] = _Job(done, failed, time.monotonic(), writes)
        self._idle.clear()

        def finished(future: Future[Any]) -> None:
            error = future.exception()
            result = None if error is not None else future.result()
            self.post_message(self.CallDone(number, result, error))

        try:
            future = self._pool.submit(run)
        except RuntimeError:  # shutting down
            del self._jobs[number]
            self._settle()
            return
        future.add_done_callback(finished)
        self._check_waiting()

    def _check_waiting(self) -> None:
        """Waiting if a call asked ``wait_seconds`` ago or more has not come back: the store
        thread waits for the database (another writer holds it) or a slow disk."""
        now = time.monotonic()
        late = [j for j in self._jobs.values() if now - j.asked >= self.wait_seconds]
        waiting = "write" if any(j.writes for j in late) else "read" if late else ""
        if waiting != self.waiting:
            self.waiting = waiting
            self.post_message(self.Busy())
        if self._jobs and len(late) < len(self._jobs) and self.is_mounted:
            self.set_timer(self.wait_seconds, self._check_waiting)

    def on_tag_session_call_done(self, message: TagSession.CallDone) -> None:
        job = self._jobs.pop(message.job, None)
        if job is not None:
            from newsreader.store.errors import StoreError

            error = message.error
            if error is None:
                job.done(message.result)
            elif isinstance(error, StoreError):
                job.failed(error)
            else:
                job.failed(StoreError(f"{type(error).__name__}: {error}"))
        self._check_waiting()
        self._settle()

    def _settle(self) -> None:
        if not self._jobs:
            self._idle.set()

    def on_unmount(self) -> None:
        self.shutdown()

    def shutdown(self) -> None:
        """Finish the calls asked, then close the store (on its own thread)."""
        pool, self._pool = self._pool, None
        if pool is None:
            return
        store = self.store
        if store is not None:
            pool.submit(store.close)
        pool.shutdown(wait=True)
