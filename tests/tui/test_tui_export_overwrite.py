"""The export dialog never replaces an existing file without asking (issue 12): it asks, the
default answer keeps the file, and only ``y`` replaces it. The same dialog runs in the browser
through ``newsreader serve``."""

from __future__ import annotations

import json
from pathlib import Path

from tui_helpers import screen_text

from newsreader.tui.screens.export import ConfirmOverwrite, ExportDialog


async def _export_to(app, pilot, path: Path) -> None:
    await pilot.press("e")
    await pilot.pause()
    assert isinstance(app.screen, ExportDialog)
    app.screen.query_one("#export-path").value = str(path)
    await pilot.press("enter")
    await pilot.pause()


async def test_an_existing_file_is_kept_unless_replacing_is_confirmed(make_app, tmp_path):
    target = tmp_path / "out.json"
    target.write_text("someone's work\n")
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await _export_to(app, pilot, target)
        assert isinstance(app.screen, ConfirmOverwrite)
        assert "already exists" in screen_text(app)
        await pilot.press("enter")  # the default answer: keep it
        await pilot.pause()
        assert isinstance(app.screen, ExportDialog)
        assert app.screen.query_one("#export-error").display
        assert "not replaced" in screen_text(app)
        assert target.read_text() == "someone's work\n"

        await pilot.press("enter")  # asked again, and Escape keeps it too
        await pilot.pause()
        assert isinstance(app.screen, ConfirmOverwrite)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ExportDialog)
        assert target.read_text() == "someone's work\n"

        await pilot.press("enter", "y")
        await pilot.pause()
        assert not isinstance(app.screen, (ExportDialog, ConfirmOverwrite))
    assert json.loads(target.read_text())["format"] == "newsreader-annotations"


async def test_typed_ahead_enters_never_replace(make_app, tmp_path):
    target = tmp_path / "out.json"
    target.write_text("someone's work\n")
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one("#export-path").value = str(target)
        await pilot.press("enter", "enter", "enter", "enter")
        await pilot.pause()
        assert target.read_text() == "someone's work\n"


async def test_a_new_file_is_written_without_a_question(make_app, tmp_path):
    target = tmp_path / "new.json"
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await _export_to(app, pilot, target)
        assert not isinstance(app.screen, (ExportDialog, ConfirmOverwrite))
    assert json.loads(target.read_text())["format"] == "newsreader-annotations"
