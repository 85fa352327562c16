"""Shared fixtures: the path to the bundled corpus."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    return CORPUS


@pytest.fixture(scope="session", autouse=True)
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Tests never read or fill the user's own extraction cache or settings (subprocesses
    inherit both)."""
    import os

    os.environ["NEWSREADER_CACHE"] = str(tmp_path_factory.mktemp("cache"))
    os.environ["NEWSREADER_CONFIG"] = str(tmp_path_factory.mktemp("config") / "settings.json")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Everything under tests/e2e is marked ``e2e`` (real terminals, sshd, Chromium, servers),
    so the everyday suite is ``pytest -m "not e2e"``. Tests elsewhere that run the installed
    command, several OS processes at once or a whole benchmark data set carry the mark
    themselves; plain ``pytest`` runs everything."""
    e2e = ROOT / "tests" / "e2e"
    for item in items:
        if Path(str(item.path)).is_relative_to(e2e):
            item.add_marker(pytest.mark.e2e)


def pytest_collection_finish(session: pytest.Session) -> None:
    """Freeze what exists once the tests are collected (modules, Textual, the parsed tests): it
    lives for the whole run, and the pilot tests make so much garbage that full collections
    scanning it again and again took about a third of their CPU time. What the tests create is
    still collected as usual."""
    gc.collect()
    gc.freeze()
