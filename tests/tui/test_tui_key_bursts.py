"""Keys typed in one burst (fast typing, a slow SSH link): every key delivered in order to the
widget in focus once the keys before it have done their work; none after quitting."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual import events
from tui_helpers import db_rows, settle

from newsreader.tui.screens.tag_dialog import TagDialog
from newsreader.tui.widgets.article import ArticleView

NAMES = {"enter": "\r", "escape": "\x1b", "tab": "\t", "space": " "}


def burst(app, keys: str | list[str]) -> None:
    """Post every key to the app before it handles the first, as a terminal's read does."""
    for key in keys:
        app.post_message(events.Key(key, NAMES.get(key, key if len(key) == 1 else None)))


async def until(pilot, condition: Callable[[], bool], polls: int = 200) -> None:
    for _ in range(polls):
        if condition():
            return
        await pilot.pause(0.02)
    raise AssertionError("the app did not get there")


async def test_two_tags_in_one_burst_are_both_saved(make_app, corpus, db_path):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        keys = ["t", *"qb2", "enter", "enter", "right", "right", "right", "right", "right",
                "right", "right", "t", *"qb3", "enter"]  # fmt: skip
        burst(app, keys)
        await until(pilot, lambda: len(db_rows(db_path)) == 2 and app.screen is app.screen_stack[0])
        a = corpus.documents[0]
        # Separate labels (not "qb2tqb3"), each on its own word: the second Enter and the
        # arrows went to the article after the first dialog had closed.
        assert db_rows(db_path) == [
            (a.id, 0, 5, "qb2", "", "Storm"),
            (a.id, 6, 11, "qb3", "", "kills"),
        ]


async def test_repeated_enter_dismisses_the_dialog_once(make_app, db_path):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("t")
        await until(pilot, lambda: isinstance(app.screen, TagDialog))
        dialog = app.screen
        burst(app, [*"claim", "enter", "enter", "enter"])
        await until(pilot, lambda: not isinstance(app.screen, TagDialog))
        await settle(pilot)
        assert len(db_rows(db_path)) == 1
        # Called directly, as a second Submitted already queued would: no second pop.
        dialog._save("claim")
        await settle(pilot)
        assert len(db_rows(db_path)) == 1
        assert isinstance(app.focused, ArticleView)


async def test_keys_after_search_enter_go_to_the_article(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        burst(app, ["slash", *"storm", "enter", "v", "right", "right"])
        await until(pilot, lambda: isinstance(app.focused, ArticleView) and app.view.select_mode)
        await until(pilot, lambda: app.view.selection is not None)
        assert app.query_one("#search").value == "storm"


@pytest.mark.parametrize("after", ["o", "t", "e", "plus", "question_mark", "l"])
async def test_a_key_right_after_q_is_dropped(make_app, after):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        burst(app, ["q", after, after])
        await until(pilot, lambda: app.return_code is not None)
    assert app.return_code == 0


@pytest.mark.parametrize("key", ["r", "enter", "d"])
async def test_a_key_that_opens_nothing_lets_the_next_keys_go_at_once(make_app, monkeypatch, key):
    # r with no tag, Enter on no number, d off a passage: each says why and opens nothing.
    # The keys after it must not wait for the gate's backstop (made endless here).
    import newsreader.tui.typeahead as typeahead

    monkeypatch.setattr(typeahead, "HOLD_SECONDS", 10_000.0)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        view = app.view
        before = view.cursor
        burst(app, [key, "right", "right"])
        await until(pilot, lambda: view.cursor == before + 2)
        assert app.key_gate.holding is None and app.screen is app.screen_stack[0]
