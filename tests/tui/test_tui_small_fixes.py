"""Small reader fixes: plural counts, a search result that goes once the cursor moves on, ]
skipping the document in the other column, the export dialog staying open on an error, the help
screen saying how to close it, the footer showing the tag list's keys."""

from __future__ import annotations

from tui_helpers import screen_text

from newsreader.tui.screens.export import ExportDialog
from newsreader.tui.screens.help import HelpScreen
from newsreader.tui.widgets.tag_list import TagList


def status(app) -> str:
    return str(app.query_one("#status").render())


async def test_one_conflict_is_singular(make_app):
    app = make_app()
    async with app.run_test(size=(120, 24)):
        assert "1 passage, 1 conflict" in status(app)
        assert "conflicts" not in status(app)


async def test_search_result_leaves_the_status_once_the_cursor_moves_on(make_app):
    app = make_app()
    async with app.run_test(size=(100, 24)) as pilot:
        await pilot.press("slash", *"storm", "enter")
        await pilot.pause()
        assert "“storm” 1/" in status(app)
        await pilot.press("down")
        assert "“storm”" not in status(app)
        await pilot.press("f3")  # the search goes on from there
        assert "“storm” 2/" in status(app)


async def test_next_document_skips_the_one_in_the_other_column(make_app, corpus):
    app = make_app()
    async with app.run_test(size=(100, 24)) as pilot:
        a, b, c = corpus.documents
        assert [v.document.id for v in app.views] == [a.id, b.id]
        await pilot.press("]")
        assert [v.document.id for v in app.views] == [c.id, b.id]
        await pilot.press("]")
        assert [v.document.id for v in app.views] == [a.id, b.id]
        await pilot.press("[")
        assert [v.document.id for v in app.views] == [c.id, b.id]


async def test_export_error_keeps_the_dialog_and_the_path(make_app, tmp_path):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, ExportDialog)
        bad = str(tmp_path / "no such folder" / "out.json")
        app.screen.query_one("#export-path").value = bad
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ExportDialog)  # still open, path kept, error shown
        assert app.screen.query_one("#export-path").value == bad
        assert app.screen.query_one("#export-error").display
        good = tmp_path / "out.json"
        app.screen.query_one("#export-path").value = str(good)
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, ExportDialog)
        assert good.exists()


async def test_help_says_how_to_close_it(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert "esc or ? closes" in screen_text(app)


async def test_footer_shows_the_tag_list_keys_when_it_has_focus(make_app):
    app = make_app()
    async with app.run_test(size=(160, 30)) as pilot:
        await pilot.press("l")
        await pilot.pause()
        assert isinstance(app.focused, TagList)
        footer = screen_text(app).splitlines()[-1]
        assert "jump" in footer and "edit" in footer and "delete" in footer
