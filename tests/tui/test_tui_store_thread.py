"""Store calls run on the tag session's own thread: a locked database never freezes the screen.

Issue 11, bug 5: while another writer held the database, the whole screen froze for up to the
busy timeout (5 s), because every store call ran on the UI thread. These tests hold the write
lock with a second connection, as another reader would, and check that the reader keeps
responding, says so, and saves the tag once the lock is gone (and before it quits).
"""

from __future__ import annotations

import sqlite3

from tui_helpers import db_rows, settle

from newsreader.store import Store
from newsreader.tui.screens.tag_dialog import TagDialog
from newsreader.tui.widgets.article import ArticleView


async def _confirm_tag(pilot, label: str) -> None:
    await pilot.press("t")
    await pilot.pause()
    assert isinstance(pilot.app.screen, TagDialog)
    await pilot.press(*label, "enter")
    await pilot.pause()


async def test_screen_responds_while_another_writer_holds_the_database(make_app, db_path):
    slow = Store.open(db_path, user="tester", timeout=60)  # would freeze a minute on the UI thread
    app = make_app(store=slow)
    blocker = sqlite3.connect(db_path, isolation_level=None)
    try:
        async with app.run_test(size=(160, 48)) as pilot:
            await settle(pilot)
            app.session.wait_seconds = 0  # say "waiting" at once: no timer in the test
            blocker.execute("BEGIN IMMEDIATE")  # another writer that does not let go
            await _confirm_tag(pilot, "claim")
            assert not isinstance(app.screen, TagDialog)  # the dialog closed at once
            assert app.session.busy
            assert "waiting for another writer" in str(app.query_one("#status").render())
            view = app.query(ArticleView).first()
            before = view.cursor
            await pilot.press("right", "right", "right")  # keys still work
            await pilot.pause()
            assert view.cursor == before + 3
            assert db_rows(db_path) == []
            blocker.execute("ROLLBACK")
            await settle(pilot)
            assert [r[3] for r in db_rows(db_path)] == ["claim"]
            assert "waiting for another writer" not in str(app.query_one("#status").render())
            assert any(m.kind == "tag" and m.label == "claim" for m in view.marks)
    finally:
        blocker.close()


async def test_quitting_waits_for_a_confirmed_tag(make_app, db_path):
    """A tag confirmed just before q reaches the database before the reader exits."""
    slow = Store.open(db_path, user="tester", timeout=60)
    app = make_app(store=slow)
    blocker = sqlite3.connect(db_path, isolation_level=None)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            blocker.execute("BEGIN IMMEDIATE")
            await _confirm_tag(pilot, "claim")
            assert app.session.busy
            quitting = app.run_action("quit")
            blocker.execute("ROLLBACK")
            await quitting
            await pilot.pause()
        assert [r[3] for r in db_rows(db_path)] == ["claim"]
        assert app.return_code in (0, None)
    finally:
        blocker.close()


async def test_a_read_waiting_for_the_store_says_so_without_blocking(make_app, db_path):
    """Reads queue behind a waiting write on the store thread; the reader still draws and moves,
    and the document shown next gets its tags once the thread is free."""
    slow = Store.open(db_path, user="tester", timeout=60)
    app = make_app(store=slow)
    blocker = sqlite3.connect(db_path, isolation_level=None)
    try:
        async with app.run_test(size=(160, 48)) as pilot:
            await settle(pilot)
            app.session.wait_seconds = 0
            blocker.execute("BEGIN IMMEDIATE")
            await _confirm_tag(pilot, "claim")
            await pilot.press("]")  # another document: its tags are read after the write
            await pilot.pause()
            assert app.session.busy
            blocker.execute("ROLLBACK")
            await settle(pilot)
            assert not app.session.busy
            assert app.session.waiting == ""
    finally:
        blocker.close()
