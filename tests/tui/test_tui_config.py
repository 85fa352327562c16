"""The configuration in the reader: rebound keys, the configured theme, label keys in the tag
dialog (pilot tests; the files are real files read by ``newsreader.config.load``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.console import Console
from test_tui_key_bursts import burst, until
from textual.command import CommandPalette
from textual.keys import _character_to_key
from textual.widgets import Input, OptionList
from tui_helpers import db_rows

from newsreader import settings
from newsreader.config import Config, LabelSpec, load, merge_labels, parse_key, textual_key
from newsreader.store.model import Label
from newsreader.tui.keys import KEYS
from newsreader.tui.screens.help import HelpScreen, help_table
from newsreader.tui.screens.tag_dialog import TagChoice, TagDialog


def config_from(tmp_path: Path, text: str) -> Config:
    folder = tmp_path / "project"
    folder.mkdir(exist_ok=True)
    (folder / "newsreader.toml").write_text(text, encoding="utf-8")
    return load(KEYS, folder, user_path=tmp_path / "no-user-file.toml")


def test_key_names_are_textuals() -> None:
    """Every printable ASCII key, as Textual names it in key events (and back)."""
    for ch in map(chr, range(33, 127)):
        assert textual_key(parse_key(ch)) == _character_to_key(ch)
        assert parse_key(_character_to_key(ch)) == ch


async def test_a_rebound_key_runs_its_action_and_the_old_key_no_longer_does(
    make_app, tmp_path
) -> None:
    config = config_from(tmp_path, '[keymap]\nhelp = "f1"\n"tag.list" = ["L", "ctrl+t"]\n')
    app = make_app(config=config)
    async with app.run_test(size=(100, 30)) as pilot:
        tags = app.tag_list  # mounted when first shown

        def visible() -> bool:
            return tags.is_attached and tags.display

        shown = visible()
        await pilot.press("l")
        await pilot.pause()
        assert visible() == shown  # the old key does nothing now
        await pilot.press("L")
        await pilot.pause()
        assert visible() != shown
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert visible() == shown
        await pilot.press("question_mark")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)


async def test_two_actions_can_swap_keys(make_app, tmp_path) -> None:
    config = config_from(tmp_path, '[keymap]\n"passage.next" = "c"\n"conflict.next" = "n"\n')
    app = make_app(config=config)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        active = app.screen.active_bindings
        assert active["c"].binding.id == "passage.next"
        assert active["n"].binding.id == "conflict.next"
        assert active["N"].binding.id == "passage.previous"  # the others keep their keys


async def test_the_palette_key_can_move(make_app, tmp_path) -> None:
    app = make_app(config=config_from(tmp_path, '[keymap]\npalette = "ctrl+k"\n'))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert not CommandPalette.is_open(app)
        await pilot.press("ctrl+k")
        await pilot.pause()
        assert CommandPalette.is_open(app)


async def test_a_rebound_dialog_key_holds_the_keys_typed_after_it(make_app, tmp_path, db_path):
    """``a`` opens the tag dialog now: "claim" typed in the same burst goes to its label, not to
    the article (where c and l are keys)."""
    app = make_app(config=config_from(tmp_path, '[keymap]\n"tag.add" = "a"\n'))
    async with app.run_test(size=(80, 24)) as pilot:
        burst(app, ["a", *"claim", "enter"])
        await until(pilot, lambda: len(db_rows(db_path)) == 1)
        assert db_rows(db_path)[0][3:5] == ("claim", "")


def test_help_shows_the_rebound_keys(make_app, tmp_path) -> None:
    app = make_app(config=config_from(tmp_path, '[keymap]\nhelp = "f1"\nquit = "ctrl+q"\n'))
    app._apply_config()
    console = Console(width=120, record=True)
    console.print(help_table(app.keymap))
    lines = console.export_text().splitlines()
    assert any(line.split()[:2] == ["F1", "Help:"] for line in lines)
    assert any(line.split()[:2] == ["Ctrl+q", "Quit"] for line in lines)
    console = Console(width=120, record=True)
    console.print(help_table())
    assert any(line.split()[:2] == ["?", "Help:"] for line in console.export_text().splitlines())


async def test_a_configured_theme_wins_at_start_and_a_choice_is_still_remembered(
    make_app, tmp_path, monkeypatch
) -> None:
    monkeypatch.setenv("NEWSREADER_CONFIG", str(tmp_path / "settings.json"))
    settings.save(theme="dracula")
    app = make_app(config=config_from(tmp_path, 'theme = "nord"\n'))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.theme == "nord"
        assert settings.load() == {"theme": "dracula"}  # starting writes nothing
        app.theme = "monokai"
        await pilot.pause()
    assert settings.load() == {"theme": "monokai"}
    without = make_app()
    async with without.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert without.theme == "monokai"


# -- label keys in the tag dialog ---------------------------------------------------------------

LABELS = merge_labels(
    [LabelSpec("casualty figure", "1", "red"), LabelSpec("source", "alt+s", "#00ff00", "bold")],
    [Label("claim", "blue", ""), Label("source", "yellow", "underline")],
)


async def _open(app, pilot, results: list[TagChoice | None]) -> TagDialog:
    dialog = TagDialog.for_labels("twelve people", LABELS)
    app.call_later(app.push_screen, dialog, results.append)
    await until(pilot, lambda: isinstance(app.screen, TagDialog))
    return dialog


async def test_a_digit_on_an_empty_label_picks_its_label(make_app) -> None:
    app = make_app()
    results: list[TagChoice | None] = []
    async with app.run_test(size=(100, 30)) as pilot:
        dialog = await _open(app, pilot, results)
        options = dialog.query_one("#tag-labels", OptionList)
        first = options.get_option_at_index(0).prompt
        assert first.plain == "1      casualty figure"
        assert any("red" in str(span.style) for span in first.spans)
        await pilot.press("1")
        await until(pilot, lambda: bool(results))
    assert results == [TagChoice("casualty figure", "")]


async def test_digits_typed_into_a_label_or_a_note_stay_text(make_app) -> None:
    app = make_app()
    results: list[TagChoice | None] = []
    async with app.run_test(size=(100, 30)) as pilot:
        dialog = await _open(app, pilot, results)
        await pilot.press("b", "1", "tab", "2")
        await pilot.pause()
        assert dialog.query_one("#tag-label", Input).value == "b1"
        assert dialog.query_one("#tag-note", Input).value == "2"
        assert results == []
        await pilot.press("enter")
        await until(pilot, lambda: bool(results))
    assert results == [TagChoice("b1", "2")]


async def test_an_alt_key_picks_its_label_from_the_note(make_app) -> None:
    app = make_app()
    results: list[TagChoice | None] = []
    async with app.run_test(size=(100, 30)) as pilot:
        await _open(app, pilot, results)
        await pilot.press("tab", *"seen", "alt+s")
        await until(pilot, lambda: bool(results))
    assert results == [TagChoice("source", "seen")]


async def test_without_keys_the_dialog_is_as_before(make_app) -> None:
    app = make_app()
    results: list[TagChoice | None] = []
    async with app.run_test(size=(100, 30)) as pilot:
        dialog = TagDialog("twelve people", ["claim"])
        app.call_later(app.push_screen, dialog, results.append)
        await until(pilot, lambda: isinstance(app.screen, TagDialog))
        assert dialog.query_one("#tag-labels", OptionList).get_option_at_index(0).prompt.plain == (
            "claim"
        )
        await pilot.press("1", "enter")
        await until(pilot, lambda: bool(results))
    assert results == [TagChoice("1", "")]


@pytest.mark.parametrize("hostile", ["\x1b[31mred", "[bold]x[/bold]"])
async def test_label_names_in_the_dialog_are_literal(make_app, hostile: str) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        labels = merge_labels([], [Label(hostile, "red", "")])
        app.call_later(app.push_screen, TagDialog.for_labels("x", labels))
        await until(pilot, lambda: isinstance(app.screen, TagDialog))
        prompt = app.screen.query_one("#tag-labels", OptionList).get_option_at_index(0).prompt
        assert "\x1b" not in prompt.plain
        assert "[bold]" in prompt.plain or "␛" in prompt.plain
