"""Type-ahead: every key is delivered in the order typed, to the widget that is in focus once
the keys before it have done their work, or dropped once quitting has begun.

Textual hands each key to the focused widget the moment the app reads it, but the key's action
runs only when that widget gets to it. Over a slow SSH link, or with fast typing, keys arrive in
bursts: in "t qb2 enter enter" every key would be queued on the main screen or on the dialog's
input before the dialog has opened or closed, so "q" would quit, a second Enter would dismiss
the dialog twice, and the next tag's label would be typed into the old dialog.

:class:`KeyGate` holds the keys that follow a key which may move the focus or change the
screen, and releases them, in order, once the move has happened:

- a key that opens a text input (``INPUT_KEYS``, or F3 before any search: ``opens_input``) on
  the main screen: until an input has focus;
- Enter or Escape in a text input or a dialog (they submit, close or cancel): until the screen
  changes or the focus moves;
- a key that opens a screen without a text input (Enter on a number opens its panel, ``?`` the
  help): until the screen changes, or the app says nothing opened (:meth:`KeyGate.release`);
- ``q`` (the quit keys) on the main screen: until the app decides (however long saving the
  tags already confirmed takes: this hold has no time limit); quitting closes the gate and
  drops the rest, staying (a tag not saved yet) releases them;
- every key while the corpus is being read (:meth:`KeyGate.hold_until_ready`), except a quit
  key typed first, or Ctrl+Q / Ctrl+C, which go through at once.

A key that ends up opening nothing (``t`` with nothing to tag) says so: the app releases the
gate (``NewsreaderApp.decline``), and a dialog that stays open after Enter posts
:class:`DialogStayed`. Every hold but quitting also ends after ``HOLD_SECONDS``, a backstop for
an outcome no one foresaw: the held keys are then delivered.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable

from textual import events
from textual.message import Message
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Input

from newsreader.tui.keys import INPUT_KEYS, QUIT_KEYS

HOLD_SECONDS = 2.0
"""A backstop only: every key that opens nothing says so (the app releases the gate), so this
is how long keys wait after a key whose outcome no one foresaw; long enough for a loaded
machine to open a dialog."""
CLOSING_KEYS = frozenset({"enter", "escape"})
ALWAYS_QUIT = frozenset({"ctrl+q", "ctrl+c"})
"""Textual's own quit keys: while the corpus is read they go through too."""


class KeysReleased(Message):
    """Held keys may be delivered now (posted to the app, so they run after the current
    handler, in the app's queue)."""


class DialogStayed(Message):
    """A dialog handled Enter and stays open (an error, an empty label): the keys held after
    that Enter are its own, deliver them now."""


class KeyGate:
    """The app's key queue: ``offer`` each fresh key, then ``take`` the keys to deliver now."""

    def __init__(
        self,
        post: Callable[[Message], object],
        timer: Callable[[float, Callable[[], None]], object],
        opens_screen: Callable[[events.Key, Widget | None], bool] | None = None,
        opens_input: Callable[[events.Key], bool] | None = None,
    ) -> None:
        self._post = post
        self._timer = timer
        self._opens_screen = opens_screen or (lambda _key, _focused: False)
        self._opens_input = opens_input or (lambda _key: False)
        self._loading = False
        self._queue: deque[events.Key] = deque()
        self._hold: str | None = None
        """Why keys wait: "input", "screen", "move" or "quit"; ``None`` when they flow."""
        self._generation = 0
        self._focused_before: Widget | None = None
        self.closed = False
        """Quitting: every key from now on is dropped."""
        self.input_keys = INPUT_KEYS
        self.quit_keys = QUIT_KEYS
        """The keys (Textual names) that open an input, and that quit: a keymap moves them."""

    @property
    def holding(self) -> str | None:
        return self._hold

    def offer(self, key: events.Key) -> None:
        if not self.closed:
            self._queue.append(key)

    def take(self, screen: object, focused: Widget | None) -> events.Key | None:
        """The next key to deliver, or ``None`` while held; starts a hold if the key may move
        the focus (``screen`` and ``focused`` are the app's, now)."""
        if self.closed or not self._queue:
            return None
        if self._loading:
            return self._quit_key()
        if self._hold is not None:
            return None
        key = self._queue.popleft()
        in_input = isinstance(focused, Input)
        modal = isinstance(screen, ModalScreen)
        if not modal and not in_input and (key.key in self.input_keys or self._opens_input(key)):
            self._start("input", focused)
        elif not modal and not in_input and self._opens_screen(key, focused):
            self._start("screen", focused)
        elif not modal and not in_input and key.key in self.quit_keys:
            self._start("quit", focused)
        elif key.key in CLOSING_KEYS and (modal or in_input):
            self._start("move", focused)
        return key

    def _quit_key(self) -> events.Key | None:
        """While loading: a quit key typed before anything else, or Ctrl+Q / Ctrl+C anywhere
        (the keys before it dropped). A "q" after other keys waits with them: it may be text
        for a dialog they open ("t", "qb2")."""
        if self._queue and self._queue[0].key in self.quit_keys | ALWAYS_QUIT:
            return self._queue.popleft()
        if any(k.key in ALWAYS_QUIT for k in self._queue):
            while self._queue[0].key not in ALWAYS_QUIT:
                self._queue.popleft()
            return self._queue.popleft()
        return None

    def hold_until_ready(self) -> None:
        """Hold every key (but quitting) until :meth:`ready`: the corpus is being read."""
        self._loading = True

    def ready(self) -> None:
        """The corpus is shown: deliver the keys typed meanwhile, in order."""
        self._loading = False
        if self._queue and not self.closed and self._hold is None:
            self._post(KeysReleased())

    def _start(self, why: str, focused: Widget | None) -> None:
        self._hold = why
        self._focused_before = focused
        self._generation += 1
        generation = self._generation
        if why != "quit":
            # A quit hold ends only when the app decides: on a busy machine the quit action
            # may start after HOLD_SECONDS, and keys let through then ran on a closing app.
            self._timer(HOLD_SECONDS, lambda: self._expire(generation))

    def _expire(self, generation: int) -> None:
        if generation == self._generation:
            self.release()

    def release(self) -> None:
        """Deliver the held keys (in order, from the app's queue)."""
        if self._hold is None:
            return
        self._hold = None
        self._generation += 1
        if self._queue and not self.closed:
            self._post(KeysReleased())

    def close(self) -> None:
        """Quitting: drop the held keys and every key after them."""
        self.closed = True
        self._hold = None
        self._queue.clear()

    def focus_moved(self, widget: Widget) -> None:
        opened = self._hold == "input" and isinstance(widget, Input)
        moved = self._hold == "move" and widget is not self._focused_before
        if opened or moved:
            self.release()

    def screen_changed(self, focused: Widget | None) -> None:
        # A dialog closed (the screen below has its focus back) or opened (its focus follows).
        if self._hold == "screen" or (
            self._hold == "move" and focused is not None and focused is not self._focused_before
        ):
            self.release()
