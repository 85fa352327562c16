"""Type-ahead: keys typed right after a key that opens a text input wait for that input.

Textual hands each key to the focused widget the moment it arrives, but a key's action runs only
when that widget gets to it. Over a slow SSH link keys arrive in bursts, so "t", "q", "u"... in
one burst would send "q" to the article (quit!) before the tag dialog has opened. The app holds
every key that follows an input-opening key until a text input has focus (or a short time has
passed, for actions that open nothing), then replays them in order.
"""

from __future__ import annotations

from textual import events
from textual.widgets import Input

from newsreader.tui.base import ReaderBase
from newsreader.tui.keys import INPUT_KEYS

HOLD_SECONDS = 0.6


class TypeAheadMixin(ReaderBase):
    """Mixed into the App, before ``App`` in the bases."""

    _held: list[events.Key] | None = None
    _hold_generation = 0

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded:
            if self._held is not None:
                self._held.append(event)
                return
            if event.key in INPUT_KEYS and not isinstance(self.focused, Input):
                self._held = []
                self._hold_generation += 1
                generation = self._hold_generation
                self.set_timer(HOLD_SECONDS, lambda: self._release_keys(generation))
        await super().on_event(event)

    def _release_keys(self, generation: int | None = None) -> None:
        """Replay the held keys (a timer passes its own generation, so it frees only its own)."""
        if self._held is None or (generation is not None and generation != self._hold_generation):
            return
        held, self._held = self._held, None
        for key in held:
            self.post_message(events.Key(key.key, key.character))

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        # Textual calls this for each class of the app that defines it; no super() call.
        if isinstance(event.widget, Input):
            self._release_keys()
