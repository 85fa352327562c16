"""Properties of the document model over any text, width and sequence of motions."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from newsreader.tui.document.model import ArticleModel
from newsreader.tui.document.navigation import MOTIONS
from newsreader.tui.document.wrapping import WrapIndex, cell_width

# Characters that make wrapping and cursor placement hard, and any text at all.
TRICKY = st.sampled_from(
    ["a", "b", " ", " ", "\n", "\t", "中", "ｆ", "😀", "\u0301", "\u200b", "\u200d", "\ufe0f",
     "\x1b", "\x07", "\u202e", "\u2028", "_", ".", "1", "\U0001f3fd", "\u1161"]
)  # fmt: skip
TEXTS = st.one_of(st.text(TRICKY, max_size=60), st.text(max_size=40))
WIDTHS = st.integers(min_value=1, max_value=16)
STEPS = st.lists(
    st.tuples(
        st.sampled_from([*sorted(MOTIONS), "select_word", "toggle", "clear"]),
        st.booleans(),
        st.integers(min_value=1, max_value=6),
    ),
    max_size=25,
)


def _check(m: ArticleModel) -> None:
    n = len(m.document)
    assert 0 <= m.cursor <= n
    sel = m.selection
    if sel is not None:
        assert 0 <= sel[0] < sel[1] <= n
    if m.anchor is not None:
        assert 0 <= m.anchor <= n
    wrap = m.wrap
    if wrap.is_stop(m.cursor):
        assert wrap.offset_at(wrap.row_of(m.cursor), wrap.x_of(m.cursor)) == m.cursor


@settings(max_examples=300, deadline=None)
@given(TEXTS, WIDTHS, st.integers(min_value=-5, max_value=80), STEPS)
def test_any_motions_keep_cursor_and_selection_in_bounds(
    text: str, width: int, start: int, steps: list[tuple[str, bool, int]]
) -> None:
    m = ArticleModel(width=width)
    m.load(text, start)
    _check(m)
    for how, extend, page in steps:
        if how == "select_word":
            m.select_word()
        elif how == "toggle":
            m.toggle_select_mode()
        elif how == "clear":
            m.clear_selection()
        else:
            m.apply(how, extend, page)
            if how not in ("left", "right"):  # one code point; every other motion: a stop
                assert m.wrap.is_stop(m.cursor), (how, m.cursor)
        _check(m)


@settings(max_examples=300, deadline=None)
@given(TEXTS, WIDTHS)
def test_rows_cover_the_text_once_in_order(text: str, width: int) -> None:
    shown = ArticleModel(text, width).document.display
    wrap = WrapIndex.build(shown, width)
    assert wrap.starts[0] == 0
    pos = 0
    for row, (start, end) in enumerate(zip(wrap.starts, wrap.ends, strict=True)):
        # in order, not overlapping, and only white space left out between two rows: the
        # spaces of a soft break and at most one line feed (so every other character is on
        # exactly one row)
        assert pos <= start <= end <= len(shown)
        assert row == 0 or start > wrap.starts[row - 1]
        assert shown[pos:start].strip(" ") in ("", "\n"), (shown[pos:start], row)
        line = shown[start:end]
        assert "\n" not in line
        cells = [cell_width(ch) for ch in line]
        assert sum(cells) <= width or sum(c > 0 for c in cells) == 1, (line, width)
        assert wrap.row_of(start) == row
        pos = end
    assert shown[pos:].strip(" ") == ""
    # every offset is on exactly one row, rows in order
    on_rows = [wrap.row_of(o) for o in range(len(shown) + 1)]
    assert on_rows == sorted(on_rows) and set(on_rows) == set(range(len(wrap)))
    # a column of a row is an offset on that row, and a stop comes back from its column
    for row in range(len(wrap)):
        for x in range(width + 3):
            o = wrap.offset_at(row, x)
            assert wrap.row_of(o) == row and wrap.is_stop(o)
    for o in range(len(shown) + 1):
        if wrap.is_stop(o):
            assert wrap.offset_at(wrap.row_of(o), wrap.x_of(o)) == o


def _word_char(ch: str) -> bool:
    return re.match(r"\w", ch) is not None


@settings(max_examples=300, deadline=None)
@given(TEXTS, st.integers(min_value=0, max_value=70))
def test_the_word_at_an_offset_touches_it_and_is_whole(text: str, at: int) -> None:
    doc = ArticleModel(text).document
    at = min(at, len(text))
    word = doc.word_at(at)
    if word is None:
        assert not (at < len(text) and _word_char(text[at]))
        assert not (at and _word_char(text[at - 1]))
        return
    start, end = word
    assert 0 <= start <= at <= end <= len(text)
    assert any(_word_char(ch) for ch in text[start:end])
    # whole: the characters either side are neither word characters nor combining marks
    for ch in (text[start - 1 : start], text[end : end + 1]):
        assert not ch or not (_word_char(ch) or unicodedata.category(ch).startswith("M"))
