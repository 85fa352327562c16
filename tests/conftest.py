"""Shared fixtures: the path to the bundled corpus."""

from __future__ import annotations

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
