"""Every motion of the article model, table-driven, without an app."""

from __future__ import annotations

import pytest
from doc_helpers import model

from newsreader.tui.document.navigation import MOTIONS

ALL = sorted(MOTIONS)

# (text, width, cursor before, motion, cursor after)
CASES = [
    # characters
    ("hello world", 80, 0, "right", 1),
    ("hello world", 80, 0, "left", 0),
    ("hello world", 80, 11, "right", 11),
    ("hello world", 80, 11, "left", 10),
    # words: Ctrl+Right goes to the start of the next word, Ctrl+Left to this word's start
    ("hello world", 80, 0, "wordright", 6),
    ("hello world", 80, 3, "wordright", 6),
    ("hello world", 80, 5, "wordright", 6),
    ("hello world", 80, 6, "wordright", 11),
    ("hello world", 80, 11, "wordright", 11),
    ("one, two", 80, 0, "wordright", 5),
    ("hello world", 80, 11, "wordleft", 6),
    ("hello world", 80, 8, "wordleft", 6),
    ("hello world", 80, 6, "wordleft", 0),
    ("hello world", 80, 0, "wordleft", 0),
    ("one, two", 80, 5, "wordleft", 0),
    ("  lead", 80, 1, "wordleft", 0),
    # an apostrophe inside a word is part of it; quotation marks around one are not
    ("Russia's army", 80, 0, "wordright", 9),
    ("don\u2019t go", 80, 0, "wordright", 6),
    ("Russia's army", 80, 9, "wordleft", 0),
    ("Russia's army", 80, 7, "wordleft", 0),
    ("say 'no' now", 80, 0, "wordright", 5),
    ("say 'no' now", 80, 5, "wordright", 9),
    ("dogs' bowls", 80, 0, "wordright", 6),
    # rows: "aaa bbb ccc" at width 4 is three rows [0,3) [4,7) [8,11)
    ("aaa bbb ccc", 4, 5, "home", 4),
    ("aaa bbb ccc", 4, 5, "end", 7),
    ("aaa bbb ccc", 4, 3, "home", 0),  # the break belongs to the row before it
    ("aaa bbb ccc", 4, 9, "end", 11),
    ("aaa bbb ccc", 4, 5, "top", 0),
    ("aaa bbb ccc", 4, 5, "bottom", 11),
    ("aaa bbb ccc", 4, 5, "up", 1),
    ("aaa bbb ccc", 4, 5, "down", 9),
    ("aaa bbb ccc", 4, 1, "up", 0),  # above the first row: the start
    ("aaa bbb ccc", 4, 9, "down", 11),  # below the last row: the end
    # a word longer than the width is cut; End stays on its row, on the last character
    ("abcdefghij", 4, 5, "end", 7),
    ("abcdefghij", 4, 5, "home", 4),
    ("abcdefghij", 4, 5, "down", 9),
    ("abcdefghij", 4, 3, "down", 7),
    ("abcdefghij", 4, 9, "right", 10),
    ("abcdefghij", 4, 10, "end", 10),
    # a character step is one code point (a selection may take part of a joined emoji)...
    ("e\u0301x", 80, 0, "right", 1),
    ("e\u0301x", 80, 2, "left", 1),
    ("👨\u200d👩 go", 80, 0, "right", 1),
    # ...every other motion stands only where a character has a cell of its own
    ("e\u0301x", 80, 2, "wordleft", 0),
    ("cafe\u0301 bar", 80, 0, "wordright", 6),
    ("中中\u0301中", 4, 0, "end", 1),  # the cut row ends in an accent: End stops on 中
    ("\u0301", 80, 0, "bottom", 0),  # nothing takes a cell: the end is the start
    ("e\u0301\ne\u0301", 80, 2, "down", 5),
    # control characters are shown by stand-ins, one cell each: ordinary stops
    ("a\x1bb\x07c", 80, 0, "right", 1),
    ("a\x1bb\x07c", 80, 1, "right", 2),
    ("a\x1b[31mb", 80, 0, "wordright", 3),  # "[31mb": the next word is "31mb"
    ("a\tb", 80, 0, "wordright", 2),
    # only spaces
    ("     ", 3, 0, "wordright", 5),
    ("     ", 3, 5, "wordleft", 0),
    ("     ", 3, 2, "right", 3),
    ("     ", 3, 0, "end", 3),
    ("     ", 3, 5, "end", 3),
    ("     ", 3, 5, "home", 0),
    # paragraphs
    ("ab\n\ncd", 80, 0, "down", 3),
    ("ab\n\ncd", 80, 3, "down", 4),
    ("ab\n\ncd", 80, 1, "end", 2),
    ("ab\n\ncd", 80, 2, "right", 3),
]


@pytest.mark.parametrize(("text", "width", "before", "how", "after"), CASES)
def test_motion(text: str, width: int, before: int, how: str, after: int) -> None:
    m = model(text, width, before)
    assert m.cursor == before
    m.apply(how)
    assert m.cursor == after
    assert m.selection is None


@pytest.mark.parametrize("how", ALL)
def test_every_motion_on_empty_text_stays_at_zero(how: str) -> None:
    m = model("", 10)
    m.apply(how, page=5)
    assert m.cursor == 0
    m.apply(how, extend=True, page=5)
    assert m.cursor == 0 and m.selection is None


def test_up_and_down_keep_the_goal_column_through_short_lines() -> None:
    m = model("abcdef\nab\nabcdef", 80, 5)
    m.apply("down")
    assert m.cursor == 9  # the end of "ab": the short line holds the cursor at its end
    m.apply("down")
    assert m.cursor == 15  # column 5 again
    m.apply("up")
    m.apply("up")
    assert m.cursor == 5


def test_up_and_down_count_columns_in_cells_across_wide_characters() -> None:
    text = "中文字符\nabcdef"
    m = model(text, 80, text.index("字"))  # column 4
    m.apply("down")
    assert m.cursor == text.index("e")  # column 4 of "abcdef"
    m.apply("up")
    assert m.cursor == text.index("字")
    m.move_to(text.index("d"))  # column 3: inside the cells of 文
    m.apply("up")
    assert m.cursor == text.index("文")
    m.apply("down")
    assert m.cursor == text.index("d")  # the goal column, not 文's column 2


def test_a_horizontal_motion_or_a_jump_forgets_the_goal_column() -> None:
    m = model("abcdef\nab\nabcdef", 80, 5)
    m.apply("down")
    m.apply("left")  # now at column 1 of "ab"
    m.apply("down")
    assert m.cursor == 11
    m.move_to(1)
    m.apply("down")
    m.apply("down")
    assert m.cursor == 11


def test_page_down_and_up_move_by_the_page_height() -> None:
    text = "\n".join(f"l{i}" for i in range(10))  # row r starts at 3r
    m = model(text, 10, 1)
    m.apply("pagedown", page=3)
    assert m.cursor == 10  # row 3, column 1
    m.apply("pagedown", page=3)
    assert m.cursor == 19
    m.apply("pageup", page=4)
    assert m.cursor == 7
    m.apply("pagedown", page=100)
    assert m.cursor == len(text)
    m.apply("pageup", page=100)
    assert m.cursor == 0


def test_extend_variants_select_from_where_the_cursor_was() -> None:
    m = model("hello big world", 80, 6)
    m.apply("right", extend=True)
    assert m.selection == (6, 7)
    m.apply("wordright", extend=True)
    assert m.selection == (6, 10)
    m.apply("end", extend=True)
    assert m.selection == (6, 15)
    m.apply("home", extend=True)
    assert m.selection == (0, 6)  # back past the anchor: the range turns round
    m.apply("right")  # a plain motion drops it
    assert m.selection is None and m.cursor == 1


def test_unknown_motion_is_an_error() -> None:
    with pytest.raises(ValueError, match="no cursor motion named 'sideways'"):
        model("abc").apply("sideways")


def test_every_bound_cursor_action_names_a_motion() -> None:
    from newsreader.tui.keys import KEYS

    named = [k.action for k in KEYS if k.action.startswith("cursor(")]
    assert len(named) >= 16
    for action in named:
        how = action.removeprefix("cursor(").split(",")[0].strip("')")
        assert how in MOTIONS, action
    assert {a.removeprefix("cursor(").split(",")[0].strip("')") for a in named} == set(MOTIONS)


@pytest.mark.parametrize(
    ("text", "at", "word"),
    [("Russia's army", 7, "Russia's"), ("Russia's army", 2, "Russia's"), ("'no' now", 1, "no")],
)
def test_the_word_to_tag_keeps_its_apostrophe(text: str, at: int, word: str) -> None:
    found = model(text, 80, at).document.word_at(at)
    assert found is not None and text[found[0] : found[1]] == word
