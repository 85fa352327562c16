"""The first screen comes before the corpus and the database (issue 11, bug 7).

``newsreader`` hands the app functions that read the corpus and open the store; the app draws
its frame first and runs them on threads of its own. Keys typed while the corpus is read wait
for it and are then delivered in order; a quit key is not kept waiting; a folder or database
that cannot be used ends the reader with its one-line message and exit status.
"""

from __future__ import annotations

import threading

from tui_helpers import db_rows, screen_text, settle

from newsreader.store import NotADatabase, Store
from newsreader.tui.app import NewsreaderApp
from newsreader.tui.widgets.article import ArticleView


def _gated(corpus):
    """A loader that waits until the test lets it go (no timing in the test)."""
    go = threading.Event()

    def load(progress):
        progress(0, len(corpus.documents))
        go.wait(30)
        return corpus

    return load, go


async def test_frame_first_then_articles_and_keys_typed_meanwhile(corpus, db_path, analysis):
    load, go = _gated(corpus)
    app = NewsreaderApp(
        load,
        lambda: Store.open(db_path, user="tester"),
        analysis=analysis,
        analyzer=None,
        poll_interval=0,
        cursor_blink=False,
    )
    async with app.run_test(size=(100, 30)) as pilot:
        try:
            await _frame_and_tag_typed_meanwhile(pilot, app, go, corpus, db_path)
        finally:
            go.set()


async def _frame_and_tag_typed_meanwhile(pilot, app, go, corpus, db_path) -> None:
    shown = ""
    for _ in range(200):  # the footer is drawn once its bindings are known
        await pilot.pause()
        shown = screen_text(app)
        if "help" in shown:
            break
    assert "Reading articles" in shown
    assert "help" in shown  # the frame is up
    assert app.corpus is None
    # Typed before the corpus is here: a word to the right, then tag it, in one burst.
    await pilot.press("ctrl+right", "t", *"early", "enter")
    assert app.query(ArticleView).first().document is None
    go.set()
    for _ in range(200):  # the load thread posts its result; wait for the event
        await pilot.pause()
        if app.corpus is not None and not app.session.busy and db_rows(db_path):
            break
    await settle(pilot)
    first = corpus.documents[0]
    assert corpus.documents[0].title in screen_text(app)
    second_word = first.text.index(first.text.split()[1])
    assert [(r[1], r[3]) for r in db_rows(db_path)] == [(second_word, "early")]


async def test_quit_while_reading_is_not_kept_waiting(corpus, db_path):
    load, go = _gated(corpus)
    app = NewsreaderApp(load, None, analyzer=None, poll_interval=0, cursor_blink=False)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await pilot.press("q")  # the first key typed: quit now, not after the corpus
            await pilot.pause()
            assert not app.is_running
    finally:
        go.set()


async def test_a_q_typed_after_other_keys_while_reading_is_text_not_quit(corpus, db_path):
    """ "t", "qb2", Enter typed before the corpus is shown: the q is the label's, not a quit."""
    load, go = _gated(corpus)
    app = NewsreaderApp(
        load,
        lambda: Store.open(db_path, user="tester"),
        analyzer=None,
        poll_interval=0,
        cursor_blink=False,
    )
    async with app.run_test(size=(80, 24)) as pilot:
        try:
            await pilot.pause()
            await pilot.press("t", *"qb2", "enter")
            assert app.is_running
            go.set()
            for _ in range(200):
                await pilot.pause()
                if app.corpus is not None and not app.session.busy and db_rows(db_path):
                    break
            await settle(pilot)
            assert app.is_running
            assert [r[3] for r in db_rows(db_path)] == ["qb2"]
        finally:
            go.set()


async def test_a_database_that_cannot_be_opened_stops_the_reader(corpus, tmp_path):
    foreign = tmp_path / "notes.db"
    foreign.write_bytes(b"this is not a database, and it must stay as it is\n" * 20)
    before = foreign.read_bytes()

    def open_store():
        return Store.open(foreign, user="tester")

    app = NewsreaderApp(corpus, open_store, analyzer=None, poll_interval=0, cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(200):
            await pilot.pause()
            if app.failure is not None:
                break
    assert app.failure is not None
    message, status = app.failure
    assert "\n" not in message and status == NotADatabase.status
    assert foreign.read_bytes() == before


async def test_a_corpus_that_cannot_be_read_stops_the_reader(tmp_path):
    from newsreader.core.corpus import load_corpus

    empty = tmp_path / "empty"
    empty.mkdir()
    app = NewsreaderApp(
        lambda progress: load_corpus(empty, progress=progress),
        None,
        analyzer=None,
        poll_interval=0,
        cursor_blink=False,
    )
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(200):
            await pilot.pause()
            if app.failure is not None:
                break
    assert app.failure is not None
    assert "no article" in app.failure[0] and app.failure[1] == 2
