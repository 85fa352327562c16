"""Marks indexed by row: a mark over several rows is listed, clipped, on each."""

from __future__ import annotations

from doc_helpers import model

from newsreader.tui.highlights import Mark


def test_a_mark_spanning_rows_is_on_each_row_clipped_to_it() -> None:
    m = model("aaa bbb ccc ddd", 4)  # rows [0,3) [4,7) [8,11) [12,15)
    passage = Mark(2, 9, "passage", "p1")
    m.set_marks([passage])
    assert [m.marks.on_row(r) for r in range(4)] == [[passage], [passage], [passage], []]
    assert [m.row(r).marks for r in range(3)] == [
        [(2, 3, passage)], [(0, 3, passage)], [(0, 1, passage)],
    ]  # fmt: skip


def test_a_mark_ending_at_a_row_start_is_not_on_that_row() -> None:
    m = model("aaa bbb", 4)
    mark = Mark(0, 4, "tag", label="x")  # ends where row 1 starts
    m.set_marks([mark])
    assert m.marks.on_row(1) == []
    assert m.row(0).marks == [(0, 3, mark)]


def test_a_mark_only_over_a_break_draws_nothing() -> None:
    m = model("aaa    bbb", 4)
    mark = Mark(4, 6, "match")
    m.set_marks([mark])
    assert m.row(0).marks == []


def test_empty_marks_are_left_out_and_drawing_order_is_kept() -> None:
    m = model("storm kills", 80)
    tag, passage, empty = Mark(0, 5, "tag"), Mark(0, 11, "passage"), Mark(3, 3, "conflict")
    m.set_marks([tag, empty, passage])
    assert m.marks.on_row(0) == [passage, tag]  # passages under tags
    assert m.marks.marks == [passage, empty, tag]  # kept, in drawing order


def test_marks_follow_a_rewrap() -> None:
    m = model("aaa bbb ccc", 80)
    mark = Mark(4, 7, "differ")
    m.set_marks([mark])
    assert m.marks.on_row(0) == [mark]
    assert m.rewrap(4)
    assert m.marks.on_row(0) == [] and m.marks.on_row(1) == [mark]
    assert not m.rewrap(4)


def test_row_shows_the_selection_and_the_cursor_in_row_columns() -> None:
    m = model("aaa bbb ccc", 4, 5)
    m.move_to(9, extend=True)
    assert m.row(1).selected == (1, 3) and m.row(2).selected == (0, 1)
    assert m.row(2).cursor == 1 and m.row(1).cursor is None
    assert not m.is_plain(1) and not m.is_plain(2) and m.is_plain(0)
    m.move_to(11)
    assert m.row(2).cursor == 3  # after the text of the row
    assert m.is_plain(1)
