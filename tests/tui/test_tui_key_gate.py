"""The key gate on its own (no app): which holds end by themselves, and which wait for the app."""

from __future__ import annotations

from collections.abc import Callable

from textual import events
from textual.message import Message

from newsreader.tui.typeahead import KeyGate, KeysReleased


class Gate:
    """A KeyGate with its posts recorded and its timers kept, to be fired by hand."""

    def __init__(self) -> None:
        self.posted: list[Message] = []
        self.timers: list[Callable[[], None]] = []
        self.gate = KeyGate(self.posted.append, lambda _s, fire: self.timers.append(fire))

    def type(self, *names: str) -> None:
        for name in names:
            self.gate.offer(events.Key(name, name if len(name) == 1 else None))

    def fire_timers(self) -> None:
        fired, self.timers = self.timers, []
        for fire in fired:
            fire()

    def drain(self) -> list[str]:
        taken = []
        while (key := self.gate.take(None, None)) is not None:
            taken.append(key.key)
        return taken


def test_keys_after_q_wait_for_the_quit_decision_not_for_a_timer() -> None:
    # On a busy machine the quit action may start after the hold's time limit; the keys typed
    # after q were then run on a closing app ("+" mounting a column: MountError).
    g = Gate()
    g.type("q", "plus", "plus")
    assert g.drain() == ["q"]
    assert g.gate.holding == "quit"
    g.fire_timers()
    assert g.gate.holding == "quit" and g.drain() == []
    g.gate.close()
    assert g.drain() == [] and not any(isinstance(m, KeysReleased) for m in g.posted)


def test_keys_after_q_go_on_when_the_app_stays() -> None:
    g = Gate()
    g.type("q", "plus")
    assert g.drain() == ["q"]
    g.gate.release()  # the app warned about an unsaved tag instead of quitting
    assert isinstance(g.posted[-1], KeysReleased)
    assert g.drain() == ["plus"]


def test_a_hold_for_a_screen_that_never_opens_ends_by_itself() -> None:
    g = Gate()
    g.type("slash", "a")
    assert g.drain() == ["slash"]  # "/" opens an input: the next keys wait for it
    assert g.gate.holding == "input" and g.drain() == []
    g.fire_timers()
    assert g.gate.holding is None and g.drain() == ["a"]
