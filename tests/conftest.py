"""Shared fixtures: paths to the bundled corpus and the outside benchmark data."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
SHARED_BENCH = ROOT.parent / "shared" / "bench"


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    return CORPUS
