"""The search bar closes when the focus leaves it for the article (Tab, shift+Tab): nothing
else would close it then, since Escape goes to the article (found by the random key bursts of
tests/e2e/test_tmux_random_bursts.py). A dialog opened over it (the palette) leaves it open."""

from __future__ import annotations

from newsreader.tui.widgets.article import ArticleView


async def test_tab_out_of_the_search_bar_closes_it(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("slash", *"sto")
        bar = app.search_bar
        assert bar.has_focus and bar.has_class("-open")
        await pilot.press("tab")
        await pilot.pause()
        assert isinstance(app.focused, ArticleView)
        assert not bar.has_class("-open")
        await pilot.press("slash")
        assert bar.has_focus and bar.has_class("-open")


async def test_a_dialog_over_the_search_bar_leaves_it_open(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("slash", *"sto")
        bar = app.search_bar
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert app.screen is not app.main_screen
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is app.main_screen
        assert bar.has_class("-open") and bar.has_focus
        assert bar.value == "sto"
