"""Fixtures for the reader's pilot and snapshot tests (animations off, no cursor blink)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ["TEXTUAL_ANIMATIONS"] = "none"
os.environ.pop("NO_COLOR", None)

import textual._wait
import textual.constants

textual.constants.TEXTUAL_ANIMATIONS = "none"  # type: ignore[misc]

# Pilot waits after every key until the process looks idle: CPU time under 5% of a window of
# SLEEP_GRANULARITY (20 ms, so at least 40 ms a key). The same test of idleness over a 5 ms
# window: a key typed costs 10 ms of waiting instead of 40, and the pilot tests take a third
# of the time. (A private constant of Textual's; read at each call, so setting it is enough.)
textual._wait.SLEEP_GRANULARITY = 1 / 200
textual._wait.SLEEP_IDLE = textual._wait.SLEEP_GRANULARITY / 20

from tui_helpers import build_analysis, build_corpus  # noqa: E402

from newsreader.core.corpus import Corpus  # noqa: E402
from newsreader.core.model import Analysis  # noqa: E402
from newsreader.store import Store  # noqa: E402
from newsreader.tui.app import NewsreaderApp  # noqa: E402


@pytest.fixture(autouse=True)
def _drop_textual_style_caches() -> Iterator[None]:
    """Textual 8 memoises ``StylesCache.get_inner_outer`` per instance (``lru_cache`` on a
    method), which keeps up to 1,024 finished apps' style caches, with every line they drew,
    alive; emptied after each test so the heap, and each garbage collection, stays small."""
    yield
    from textual._styles_cache import StylesCache

    clear = getattr(StylesCache.get_inner_outer, "cache_clear", None)
    if clear is not None:
        clear()


@pytest.fixture
def corpus() -> Corpus:
    return build_corpus()


@pytest.fixture
def analysis(corpus: Corpus) -> Analysis:
    return build_analysis(corpus)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "annotations.db"


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:
    s = Store.open(db_path, user="tester")
    yield s
    s.close()


@pytest.fixture
def make_app(corpus: Corpus, analysis: Analysis, store: Store, tmp_path: Path):
    def make(**kwargs: object) -> NewsreaderApp:
        options: dict[str, object] = {
            "analysis": analysis,
            "analyzer": None,
            "poll_interval": 0,
            "export_path": str(tmp_path / "annotations.json"),
            "cursor_blink": False,
        }
        options.update(kwargs)
        chosen = options.pop("store", store)
        return NewsreaderApp(corpus, chosen, **options)  # type: ignore[arg-type]

    return make
