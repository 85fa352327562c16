"""The tag detail (``i``): a tag's fields and its history from the store's trail, read on the
tag session's thread; article text drawn literally; esc and q close it."""

from __future__ import annotations

import threading

from test_tui_key_bursts import burst, until
from tui_helpers import screen_text, settle, tag_with_dialog

from newsreader.store.annotations import os_account
from newsreader.tui.screens.tag_detail import TagDetail


async def test_the_tag_at_the_cursor_shows_its_fields_and_history(make_app, store):
    calls: list[str] = []
    for name in ("history", "account_of"):
        real = getattr(store, name)

        def spy(*args, _real=real, _name=name, **kwargs):
            calls.append(f"{_name} {threading.current_thread().name}")
            return _real(*args, **kwargs)

        setattr(store, name, spy)
    app = make_app(store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await tag_with_dialog(
            pilot, "t", label="claim", note="headline"
        )  # "Storm", the word under the cursor
        await pilot.press("r")  # edit it: label and note
        await settle(pilot)
        await pilot.press(*["backspace"] * 5, *"disputed", "tab", *["backspace"] * 8, *"checked")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, TagDetail)
        assert screen.record is not None  # read and shown
        assert [e.action for e in screen.record.history.events] == ["add", "edit"]
        shown = screen_text(app)
        for expected in (
            "Storm",
            "disputed",
            "checked",
            "tester",
            os_account(),
            "History (oldest first)",
            "added",
            "edited",
            "label claim -> disputed, note changed",
            "corpus/a_storm.txt",
        ):
            assert expected in shown, expected
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, TagDetail)
    # Every store call of the detail ran on the store thread, never on the UI thread.
    assert calls and all(c.split()[1].startswith("tag-store") for c in calls), calls


async def test_from_the_tag_list_and_q_closes_it_without_quitting(make_app, store, corpus):
    a = corpus.documents[0]
    start = a.text.index("Rescue")
    store.add(a, start, start + 6, "source", "who searched")
    app = make_app(store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("l")
        await settle(pilot)
        # Typed in one burst: q closes the detail (it does not quit), i opens it again.
        burst(app, ["i", "q", "i"])
        await until(pilot, lambda: isinstance(app.screen, TagDetail) or not app.is_running)
        await settle(pilot)
        assert isinstance(app.screen, TagDetail) and app.is_running
        assert app.screen.placed.annotation.quote == "Rescue"
        assert "who searched" in screen_text(app)
        await pilot.press("q")
        await pilot.pause()
        assert not isinstance(app.screen, TagDetail) and app.is_running


async def test_no_tag_under_the_cursor_opens_nothing(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("end", "i")
        await settle(pilot)
        assert not isinstance(app.screen, TagDetail)
        assert any("No tag under the cursor" in n.message for n in app._notifications)


async def test_the_quote_is_drawn_literally(make_app, store, corpus):
    """Markup and an escape sequence in the tagged text reach the screen as typed, never as
    styles or terminal commands."""
    a = corpus.documents[0]
    start = a.text.index("[bold]not bold")
    end = a.text.index("not red") + len("not red")
    store.add(a, start, end, "claim", "[red]note[/red]")
    app = make_app(store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("l")
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        assert isinstance(app.screen, TagDetail)
        shown = screen_text(app)
        assert "[bold]not bold[/bold]" in shown and "[red]note[/red]" in shown
        assert "[link=http://example.com]" in shown
        assert "␛[31mnot red" in shown and "\x1b" not in shown


def test_tag_detail_snapshot(snap_compare, corpus, analysis, tmp_path, monkeypatch):
    """At 80x24: a tag made, edited and deleted, restored (undo), as alice's account at fixed
    times, so the screen is the same on every machine."""
    import newsreader.store.annotations as annotations
    import newsreader.store.model as model
    import newsreader.store.trail as trail
    from newsreader.store import Store
    from newsreader.tui.app import NewsreaderApp

    for module in (annotations, model, trail):
        monkeypatch.setattr(module, "now_iso", lambda: "2026-01-05T09:30:00.000Z")
    monkeypatch.setattr(annotations, "os_account", lambda: "alice")
    store = Store.open(tmp_path / "snap.db", user="tester")
    a = corpus.documents[0]
    start = a.text.index("Rescue teams")
    ann = store.add(
        a, start, start + 12, "claim", "who?", id="5e3c1a9e-0000-4000-8000-000000000001"
    )
    store.update(ann.id, label="source", note="the provinces' teams")
    store.restore(store.delete(ann.id))
    app = NewsreaderApp(
        corpus, store, analysis=analysis, analyzer=None, poll_interval=0, cursor_blink=False
    )

    async def open_detail(pilot) -> None:
        await pilot.press("l", "i")
        await settle(pilot)  # the history is read on the store thread: shown before the shot

    try:
        assert snap_compare(app, run_before=open_detail, terminal_size=(80, 24))
    finally:
        store.close()


async def test_an_answer_before_the_screen_is_up_or_after_it_closed_is_handled(
    make_app, store, corpus
):
    """The store thread may answer before the detail screen is mounted, or after it closed."""
    from newsreader.store.model import Placed
    from newsreader.tui.session import TagRecord

    a = corpus.documents[0]
    ann = store.add(a, 0, 5, "claim", "early")
    record = TagRecord(store.account_of(ann.id), store.history(tag=ann.id))
    app = make_app(store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        early = TagDetail(Placed(ann, 0, 5, "exact"), a.title)
        early.show_record(record)  # answered first
        await app.push_screen(early)
        await pilot.pause()
        assert "added" in screen_text(app) and "Reading the history" not in screen_text(app)
        late = TagDetail(Placed(ann, 0, 5, "exact"), a.title)
        await app.push_screen(late)
        await pilot.pause()
        late.dismiss()
        await pilot.pause()
        late.show_record(record)  # answered after it closed: nothing to draw, no error
        late.show_error("gone")
        await pilot.pause()
        assert app.screen is early
