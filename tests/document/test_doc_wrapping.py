"""Rows, cells and offsets of the wrap index (the view draws exactly these rows)."""

from __future__ import annotations

import pytest
from doc_helpers import model, rows
from rich.cells import cell_len

from newsreader.tui.document.model import ArticleModel
from newsreader.tui.document.wrapping import WrapIndex


def test_words_wrap_at_spaces_and_long_words_are_cut() -> None:
    assert rows(model("aaa bbb ccc", 4)) == ["aaa", "bbb", "ccc"]
    assert rows(model("abcdefghij", 4)) == ["abcd", "efgh", "ij"]
    assert rows(model("ab\n\ncd", 80)) == ["ab", "", "cd"]
    assert rows(model("", 5)) == [""]
    assert rows(model("     ", 3)) == ["   "]


def test_wide_characters_wrap_by_cells_not_characters() -> None:
    m = model("中文字符中文", 5)
    assert rows(m) == ["中文", "字符", "中文"]
    assert all(cell_len(r) <= 5 for r in rows(m))
    m = model("ab 中文字 cd", 6)
    assert rows(m) == ["ab", "中文字", "cd"]


def test_a_character_wider_than_the_width_gets_a_row_of_its_own() -> None:
    assert rows(model("中文", 1)) == ["中", "文"]


def test_combining_characters_stay_in_their_letters_row() -> None:
    m = model("abce\u0301 xyz", 4)
    assert rows(m) == ["abce\u0301", "xyz"]  # the break is at the space after the accent
    m = model("中\u0301\u0301\u0301\u0301 ab", 2)
    assert rows(m) == ["中\u0301\u0301\u0301\u0301", "ab"]


def test_columns_are_cells() -> None:
    w = WrapIndex.build("a中b\u0301c", 80)
    assert [w.x_of(o) for o in range(6)] == [0, 1, 3, 4, 4, 5]
    assert [w.offset_at(0, x) for x in range(7)] == [0, 1, 1, 2, 4, 5, 5]


def test_columns_past_the_text_are_the_gap_then_the_row_end() -> None:
    w = WrapIndex.build("ab    cd", 4)  # rows "ab" [0,2) and "cd" [6,8); 2..5 is the gap
    assert (w.starts, w.ends) == ([0, 6], [2, 8])
    assert [w.offset_at(0, x) for x in range(2, 9)] == [2, 3, 4, 5, 5, 5, 5]
    assert [w.row_of(o) for o in range(9)] == [0, 0, 0, 0, 0, 0, 1, 1, 1]
    assert w.offset_at(1, 99) == 8


def test_past_a_cut_row_is_its_last_character() -> None:
    w = WrapIndex.build("abcdefghij", 4)
    assert w.offset_at(0, 4) == 3 and w.offset_at(0, 99) == 3
    assert w.row_end(0) == 3 and w.row_end(2) == 10


@pytest.mark.parametrize(
    ("text", "stops"),
    [
        ("ab", [0, 1, 2]),
        ("e\u0301x", [0, 2, 3]),
        ("a\u200bb", [0, 2, 3]),
        ("a\nb", [0, 1, 2, 3]),
        ("\u0301", [0]),
        ("\u0301\u0301a", [0, 3]),  # "a" is drawn in the first cell, as the start
    ],
)
def test_cursor_stops(text: str, stops: list[int]) -> None:
    w = WrapIndex.build(text, 80)
    assert [o for o in range(len(text) + 1) if w.is_stop(o)] == stops


def test_a_zero_width_character_that_starts_a_row_is_a_stop() -> None:
    w = WrapIndex.build("中\u0301", 1)
    assert (w.starts, w.ends) == ([0, 1], [1, 2])
    assert w.is_stop(1)


def test_rewrapping_no_text_moves_no_row():
    m = ArticleModel(width=80)
    assert m.rewrap(40) is False  # one empty row at any width
    assert m.wrap.width == 40 and len(m.wrap) == 1
    m.load("Some words to wrap at a narrow width.")
    assert m.rewrap(10) is True
