"""Ctrl+arrows move a word; shift+F3 works as the terminal sends it (ESC[1;2R, which Textual
reads as a cursor position report) as well as ESC[13;2~."""

from __future__ import annotations

from textual import events
from textual._xterm_parser import XTermParser

from newsreader.tui.keys import key_from_cursor_report
from newsreader.tui.widgets.article import ArticleView


def parsed(sequence: str) -> list[object]:
    parser = XTermParser()
    return [*parser.feed(sequence), *parser.feed("")]


async def test_ctrl_right_and_left_move_a_word(make_app, corpus):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        view = app.query(ArticleView).first()
        text = corpus.documents[0].text  # "Storm kills 12 on the coast"
        await pilot.press("ctrl+right")
        assert view.cursor == text.index("kills")
        await pilot.press("right", "ctrl+right")  # from inside a word: the next one
        assert view.cursor == text.index("12")
        await pilot.press("ctrl+left")
        assert view.cursor == text.index("kills")
        await pilot.press("right", "right", "ctrl+left")  # inside: this word's start
        assert view.cursor == text.index("kills")


def test_what_textual_reads_for_shift_f3() -> None:
    (report,) = parsed("\x1b[1;2R")  # xterm, tmux
    assert isinstance(report, events.CursorPosition)
    assert key_from_cursor_report(report.x, report.y) == "shift+f3"
    (key,) = parsed("\x1b[13;2~")  # other terminals
    assert isinstance(key, events.Key) and key.key == "shift+f3"
    assert key_from_cursor_report(0, 5) is None  # a real report (row 6, column 1)


async def test_shift_f3_from_a_cursor_report_goes_to_the_previous_match(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("slash", *"storm", "enter")
        await pilot.press("f3", "f3")
        assert app.search_current == 2
        report = parsed("\x1b[1;2R")[0]
        assert isinstance(report, events.CursorPosition)
        app.post_message(report)
        await pilot.pause()
        assert app.search_current == 1
        await pilot.press("shift+f3")  # ESC[13;2~
        assert app.search_current == 0
