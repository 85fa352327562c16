"""F3 (or shift+F3) before any search opens the search bar, as ``/`` does: the keys typed right
after it are the query, not article keys. They went to the article ("F3 ]" showed the next
document under an open search bar; found by tests/e2e/test_tmux_random_bursts.py, seed 3)."""

from __future__ import annotations

from test_tui_key_bursts import burst, until
from textual import events

from newsreader.tui.widgets.search_bar import SearchBar


async def test_keys_after_f3_with_no_search_are_the_query(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        first = app.view.document
        app.post_message(events.Key("f3", None))
        app.post_message(events.Key("right_square_bracket", "]"))
        burst(app, [*"storm", "enter"])
        await until(pilot, lambda: app.search_bar.term == "]storm" or app.view.document != first)
        assert app.view.document == first  # "]" was text, not "next document"
        assert app.search_bar.term == "]storm"


async def test_f3_with_a_search_steps_and_the_next_key_is_the_articles(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("slash", *"storm", "enter")
        first = app.view.document
        app.post_message(events.Key("f3", None))
        app.post_message(events.Key("right_square_bracket", "]"))
        await until(pilot, lambda: app.view.document != first)
        assert not isinstance(app.focused, SearchBar)
