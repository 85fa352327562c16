"""Snapshots (pytest-textual-snapshot) of the main screen and the dialogs at two sizes.

Update after an intended change with ``pytest tests/tui --snapshot-update`` and review the SVGs.
"""

from __future__ import annotations

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
