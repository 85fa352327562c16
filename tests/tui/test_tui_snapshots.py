"""Snapshots (pytest-textual-snapshot) of the main screen and the dialogs at two sizes.

Update after an intended change with ``pytest tests/tui --snapshot-update`` and review the SVGs.
"""

from __future__ import annotations

import contextlib

import pytest

SIZES = [(80, 24), (160, 48)]


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "160x48"])
def test_main_screen(snap_compare, make_app, size):
    # On the shared quote: passage highlight in both columns, counterpart aligned.
    assert snap_compare(make_app(), press=["n", "down"], terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "160x48"])
def test_tag_dialog(snap_compare, make_app, size):
    press = ["n", *["shift+right"] * 10, "T", *"dis"]
    assert snap_compare(make_app(), press=press, terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "160x48"])
def test_conflict_panel(snap_compare, make_app, size):
    assert snap_compare(make_app(), press=["c", "enter"], terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "160x48"])
def test_help_screen(snap_compare, make_app, size):
    assert snap_compare(make_app(), press=["question_mark"], terminal_size=size)


@pytest.fixture(scope="module")
def bundled_analysis(corpus_dir):
    from newsreader.core.analysis import analyze
    from newsreader.core.corpus import load_corpus

    # Read as "corpus/...", not by absolute path: the path is on screen, and a checkout's
    # folder must not be in the snapshot.
    with contextlib.chdir(corpus_dir.parent):
        corpus = load_corpus(corpus_dir.name)
    return corpus, analyze(corpus)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "160x48"])
def test_diff_view(snap_compare, bundled_analysis, store, size):
    # The bundled corpus, RFE/RL's article: its fourth shared passage is the one AMN reprinted
    # with words dropped and changed (d on it; at 80x24 the versions are stacked).
    from newsreader.tui.app import NewsreaderApp

    corpus, analysis = bundled_analysis
    app = NewsreaderApp(
        corpus, store, analysis=analysis, analyzer=None, poll_interval=0, cursor_blink=False
    )
    assert snap_compare(app, press=["n", "n", "n", "n", "d"], terminal_size=size)
