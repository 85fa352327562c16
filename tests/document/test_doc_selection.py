"""Selection, select mode, words and loading: the model's state without an app."""

from __future__ import annotations

from doc_helpers import model

from newsreader.tui.document.model import Caret, changed


def test_load_clamps_the_cursor_and_drops_state() -> None:
    m = model("hello", 80, 3)
    m.apply("right", extend=True)
    m.toggle_select_mode()
    m.load("abc", 99)
    assert (m.cursor, m.anchor, m.select_mode, m.goal_x) == (3, None, False, None)
    m.load("abc", -4)
    assert m.cursor == 0
    m.load("e\u0301x", 1)  # between a letter and its accent: back to the letter
    assert m.cursor == 0


def test_load_shows_the_text_literally_with_the_same_offsets() -> None:
    m = model("a\x1b[2Jb\tc\u202ed")
    assert len(m.document.display) == len(m.document.text)
    assert "\x1b" not in m.document.display and "\t" not in m.document.display
    assert "\u202e" not in m.document.display
    assert m.document.text == "a\x1b[2Jb\tc\u202ed"


def test_move_to_clamps() -> None:
    m = model("abc")
    m.move_to(10)
    assert m.cursor == 3
    m.move_to(-1)
    assert m.cursor == 0


def test_selection_is_ordered_and_collapses_when_empty() -> None:
    m = model("hello world", 80, 5)
    m.move_to(2, extend=True)
    assert (m.anchor, m.cursor, m.selection) == (5, 2, (2, 5))
    m.move_to(5, extend=True)
    assert m.anchor == 5 and m.selection is None  # anchor kept, nothing selected
    m.move_to(8, extend=True)
    assert m.selection == (5, 8)
    m.clear_selection()
    assert m.selection is None and m.cursor == 8


def test_select_mode_makes_plain_motions_extend_and_leaving_it_clears() -> None:
    m = model("hello world", 80, 2)
    m.toggle_select_mode()
    assert m.select_mode and m.anchor == 2 and m.selection is None
    m.apply("wordright")
    assert m.selection == (2, 6)
    m.toggle_select_mode()
    assert not m.select_mode and m.selection is None and m.cursor == 6


def test_clear_selection_leaves_select_mode() -> None:
    m = model("hello", 80, 0)
    m.toggle_select_mode()
    m.apply("right")
    m.clear_selection()
    assert not m.select_mode
    m.apply("right")
    assert m.selection is None


def test_select_range_puts_the_cursor_at_its_end() -> None:
    m = model("hello world")
    m.select_range(6, 11)
    assert (m.cursor, m.selection) == (11, (6, 11))
    m.select_range(4, -3)
    assert m.selection == (0, 4)


def test_words_under_and_just_before_the_cursor() -> None:
    m = model("hello, world")
    assert [model("hello, world", 80, c).word_at_cursor() for c in (0, 3, 5, 6, 7, 12)] == [
        (0, 5), (0, 5), (0, 5), None, (7, 12), (7, 12),
    ]  # fmt: skip
    assert model("", 80).word_at_cursor() is None
    assert model("   ", 80, 1).word_at_cursor() is None
    assert m.target_range() == (0, 5)
    m.select_range(2, 9)
    assert m.target_range() == (2, 9)


def test_a_word_keeps_its_combining_accent() -> None:
    text = "un cafe\u0301 noir"
    assert model(text, 80, 4).word_at_cursor() == (3, 8)
    assert model(text, 80, 8).word_at_cursor() == (3, 8)
    # other zero-width characters are not part of the word: a zero-width space, a joiner
    assert model("word\u200bnext", 80, 1).word_at_cursor() == (0, 4)
    assert model("ok\u200d!", 80, 1).word_at_cursor() == (0, 2)


def test_a_word_longer_than_any_window_is_found_whole() -> None:
    text = "x " + "a" * 5000 + " y"
    assert model(text, 10, 3000).word_at_cursor() == (2, 5002)
    m = model(text, 10, 3000)
    m.apply("wordleft")
    assert m.cursor == 2


def test_select_word() -> None:
    m = model("big storm here", 80, 6)
    assert m.select_word()
    assert (m.selection, m.cursor) == ((4, 9), 9)
    m = model("   ", 80, 1)
    assert not m.select_word() and m.selection is None


def test_changed_rows_cover_the_old_and_new_cursor_and_the_selection_delta() -> None:
    assert changed(Caret(3, None), Caret(7, None)) == [(3, 3), (7, 7)]
    # the selection grows from 3..5 to 3..9: rows between the two cursors change
    assert changed(Caret(5, 3), Caret(9, 3)) == [(5, 5), (9, 9), (5, 9)]
    # the selection goes away: everything it covered changes
    assert changed(Caret(9, 3), Caret(9, None)) == [(9, 9), (9, 9), (3, 9)]
