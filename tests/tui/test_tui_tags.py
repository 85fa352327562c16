"""Pilot tests of tagging: t, T, edit, delete and undo, the tag list, export; checked in SQLite."""

from __future__ import annotations

import json

from tui_helpers import QUOTE, db_rows, screen_text, settle, tag_with_dialog

from newsreader.tui.screens.tag_dialog import TagDialog, label_choices
from newsreader.tui.widgets.article import ArticleView
from newsreader.tui.widgets.tag_list import TagList


async def test_tag_selection_is_saved_at_once(make_app, corpus, db_path):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await tag_with_dialog(pilot, *["shift+right"] * 5, "t", label="claim", note="headline")
        # Saved before anything else happens: read the file with plain sqlite3.
        a = corpus.documents[0]
        assert db_rows(db_path) == [(a.id, 0, 5, "claim", "headline", "Storm")]
        view = app.query(ArticleView).first()
        assert view.selection is None
        assert any(m.kind == "tag" and m.label == "claim" for m in view.marks)
        await pilot.press("left")  # back inside the tagged word
        await settle(pilot)
        assert "tag claim by tester — headline" in str(app.query_one("#status").render())


async def test_tag_word_under_cursor_with_new_label(make_app, corpus, db_path):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("right", "right", "right", "right", "right", "right", "right")
        await tag_with_dialog(pilot, "t", label="weather-word")
        a = corpus.documents[0]
        assert db_rows(db_path) == [(a.id, 6, 11, "weather-word", "", "kills")]
        assert "weather-word" in [lb.name for lb in app.store.labels()]


async def test_escape_cancels_the_dialog(make_app, db_path):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("t")
        await settle(pilot)
        await pilot.press(*"claim", "escape")
        await settle(pilot)
        assert not isinstance(app.screen, TagDialog)
        assert db_rows(db_path) == []


async def test_label_fuzzy_filtering():
    labels = ["claim", "disputed", "source", "quote", "figure"]
    assert label_choices("dis", labels)[0] == "disputed"
    assert label_choices("CLAIM", labels)[0] == "claim"
    assert label_choices("casualties", labels)[0] == "casualties"
    assert "disputed" in label_choices("dsputed", labels)
    assert label_choices("", labels) == labels


async def test_pick_label_with_arrows(make_app, db_path):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)  # the labels are read on the store thread
        await pilot.press("t")
        await settle(pilot)
        labels = app.label_names()
        await pilot.press("down", "enter")
        await settle(pilot)
        assert db_rows(db_path)[0][3] == labels[1]


async def test_tag_everywhere_tags_counterparts(make_app, corpus, db_path):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")  # to the shared quote
        await pilot.press(*["shift+right"] * 10)  # '"We are do'
        await tag_with_dialog(pilot, "T", label="quote")
        rows = db_rows(db_path)
        assert len(rows) == 3
        expected = {(d.id, d.text.index(QUOTE), d.text.index(QUOTE) + 10) for d in corpus.documents}
        assert {(r[0], r[1], r[2]) for r in rows} == expected
        assert {r[5] for r in rows} == {QUOTE[:10]}
        second = list(app.query(ArticleView))[1]
        assert any(m.kind == "tag" for m in second.marks)


async def test_edit_and_delete_with_undo_from_the_article(make_app, db_path):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await tag_with_dialog(pilot, *["shift+right"] * 5, "t", label="claim")
        await pilot.press("left")  # cursor back inside the tag
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, TagDialog)
        await pilot.press(*["backspace"] * 5, *"disputed", "tab", *"checked", "enter")
        await settle(pilot)
        assert [(r[3], r[4]) for r in db_rows(db_path)] == [("disputed", "checked")]
        await pilot.press("x")
        await settle(pilot)
        assert db_rows(db_path) == []
        view = app.query(ArticleView).first()
        assert not any(m.kind == "tag" for m in view.marks)
        await pilot.press("u")
        await settle(pilot)
        assert [(r[3], r[4]) for r in db_rows(db_path)] == [("disputed", "checked")]
        assert any(m.kind == "tag" for m in view.marks)


async def test_tag_list_jump_edit_delete(make_app, corpus, db_path):
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.press("n")
        await tag_with_dialog(pilot, *["shift+right"] * 10, "T", label="quote")
        await pilot.press("ctrl+home")
        await tag_with_dialog(pilot, *["shift+right"] * 5, "t", label="claim")
        await pilot.press("l")
        await settle(pilot)
        tags = app.query_one(TagList)
        assert app.focused is tags
        assert len(tags.rows) == 3  # two in column 1, one in column 2
        shown = screen_text(app)
        assert "claim" in shown and "quote" in shown
        # Jump to the second row: the quote tag in the first article.
        await pilot.press("home", "down", "enter")
        await settle(pilot)
        first = app.query(ArticleView).first()
        assert app.focused is first
        assert first.cursor == corpus.documents[0].text.index(QUOTE)
        # Edit the note from the list.
        await pilot.press("l")
        await settle(pilot)
        assert app.focused is tags
        await pilot.press("home", "r")
        await settle(pilot)
        await pilot.press("tab", *"from the list", "enter")
        await settle(pilot)
        notes = {r[4] for r in db_rows(db_path)}
        assert "from the list" in notes
        # Delete from the list, then undo.
        assert len(db_rows(db_path)) == 4  # the third article (not shown) has one too
        await pilot.press("delete")
        await settle(pilot)
        assert len(db_rows(db_path)) == 3
        assert len(tags.rows) == 2
        await pilot.press("u")
        await settle(pilot)
        assert len(db_rows(db_path)) == 4


async def test_other_users_tags_appear_by_polling(make_app, corpus, db_path):
    from newsreader.store import Store

    app = make_app(poll_interval=0.1)
    async with app.run_test(size=(80, 24)) as pilot:
        other = Store.open(db_path, user="someone-else")
        try:
            other.add(corpus.documents[0], 0, 5, "claim", "from another session")
        finally:
            other.close()
        view = app.query(ArticleView).first()
        for _ in range(100):  # polled every 0.1 s, on the store thread: wait for the redraw
            await pilot.pause(0.05)
            if any(m.kind == "tag" for m in view.marks):
                break
        assert any(m.kind == "tag" for m in view.marks)


async def test_export_writes_json(make_app, tmp_path, corpus):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await tag_with_dialog(pilot, *["shift+right"] * 5, "t", label="claim", note="n1")
        await pilot.press("e")
        await settle(pilot)
        shown = screen_text(app)
        assert "newsreader-annotations" in shown  # the preview
        target = tmp_path / "out.json"
        path_input = app.screen.query_one("#export-path")
        path_input.value = str(target)
        await pilot.press("enter")
        await settle(pilot)
        data = json.loads(target.read_text())
        assert data["format"] == "newsreader-annotations"
        assert [a["label"] for a in data["annotations"]] == ["claim"]
        assert data["annotations"][0]["quote"] == "Storm"


async def test_read_only_store_refuses_tags_without_crashing(make_app, store, db_path):
    store.read_only = True
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("shift+right", "t")
        await settle(pilot)
        assert not isinstance(app.screen, TagDialog)
        assert db_rows(db_path) == []


async def test_locked_database_keeps_the_tag_until_retry(make_app, corpus, db_path):
    """Another process holds the write lock past the timeout: the tag is not lost; R saves it
    once the lock is gone, exactly once, and quitting before that asks first."""
    import sqlite3 as sqlite

    from newsreader.store import Store

    quick = Store.open(db_path, user="tester", timeout=0.2)
    app = make_app(store=quick)
    blocker = sqlite.connect(db_path, isolation_level=None)
    try:
        async with app.run_test(size=(160, 48)) as pilot:
            blocker.execute("BEGIN IMMEDIATE")  # a writer that does not let go
            await pilot.press("t")
            await settle(pilot)
            await pilot.press(*"claim", "enter")
            await settle(pilot)
            assert app.unsaved is not None
            assert "UNSAVED TAG" in str(app.query_one("#status").render())
            await pilot.press("q")  # warned, not quit
            await settle(pilot)
            assert app.is_running
            blocker.execute("ROLLBACK")
            await pilot.press("R")
            await settle(pilot)
            assert app.unsaved is None
            rows = db_rows(db_path)
            assert [(r[3], r[1]) for r in rows] == [("claim", 0)]
            await pilot.press("R")  # nothing left to retry: still one row
            await settle(pilot)
            assert len(db_rows(db_path)) == 1
    finally:
        blocker.close()


async def test_notices_show_labels_literally(make_app, store):
    """A label is data: "[bold]x[/bold]" in a notice appears as typed, never as markup."""
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.press("t")
        await settle(pilot)
        await pilot.press(*"[red]x[/red]", "enter")
        await settle(pilot)
        tagged = [n for n in app._notifications if "Tagged" in n.message]
        assert [n.message for n in tagged] == ["Tagged “[red]x[/red]”"]
        assert not tagged[0].markup  # shown as typed, not parsed as markup
        assert [lb.name for lb in store.labels() if lb.name.startswith("[")] == ["[red]x[/red]"]
