"""The theme a user picks is the theme the reader opens with next time."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsreader import settings
from newsreader.tui.app import NewsreaderApp


@pytest.fixture
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "settings.json"
    monkeypatch.setenv("NEWSREADER_CONFIG", str(path))
    return path


async def test_the_chosen_theme_is_remembered(corpus, analysis, store, config: Path) -> None:  # type: ignore[no-untyped-def]
    first = NewsreaderApp(corpus, store, analysis=analysis, analyzer=None, poll_interval=0)
    async with first.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        default = first.theme
        assert not config.exists()  # opening saves nothing
        chosen = next(t for t in sorted(first.available_themes) if t != default)
        first.theme = chosen
        await pilot.pause()
    assert settings.load() == {"theme": chosen}
    second = NewsreaderApp(corpus, store, analysis=analysis, analyzer=None, poll_interval=0)
    async with second.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert second.theme == chosen


@pytest.mark.parametrize("saved", ["{not json", '["a list"]', '{"theme": "no-such-theme"}'])
async def test_damaged_or_unknown_settings_are_ignored(  # type: ignore[no-untyped-def]
    corpus, analysis, store, config: Path, saved: str
) -> None:
    config.write_text(saved)
    app = NewsreaderApp(corpus, store, analysis=analysis, analyzer=None, poll_interval=0)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.is_running and app.theme in app.available_themes
    assert config.read_text() == saved  # nothing chosen, nothing written
