"""The article view alone in an app: it draws what the document model says, where it says."""

from __future__ import annotations

from textual.app import App, ComposeResult

from newsreader.core.corpus import document_from_text
from newsreader.tui.widgets.article import ArticleView

RED = (255, 0, 0)


class OneArticle(App[None]):
    CSS = "ArticleView > .article--cursor { background: #ff0000; }"

    def __init__(self, text: str) -> None:
        super().__init__()
        self.document = document_from_text(text, "a.txt")

    def compose(self) -> ComposeResult:
        yield ArticleView(self.document)


def _cursor_cells(view: ArticleView, y: int) -> list[int]:
    x, cells = 0, []
    for seg in view.render_line(y):
        for _ in seg.text:
            bg = seg.style.bgcolor if seg.style is not None else None
            if bg is not None and bg.triplet is not None and tuple(bg.triplet) == RED:
                cells.append(x)
            x += 1
    return cells


async def test_the_cursor_in_the_white_space_of_a_break_is_drawn_at_its_column():
    # 10 cells wide: "aaaaaa" [0, 6), the five spaces 6..10 are the break, "bbb" [11, 14).
    app = OneArticle("aaaaaa     bbb")
    async with app.run_test(size=(11, 4)) as pilot:
        view = app.query_one(ArticleView)
        assert (view.wrap.starts, view.wrap.ends) == ([0, 11], [6, 14])
        await pilot.press("end")
        assert view.cursor == 6 and _cursor_cells(view, 0) == [6]
        await pilot.press("right", "right", "right")
        assert view.cursor == 9
        assert view.wrap.x_of(9) == 9 and _cursor_cells(view, 0) == [9]
        # ... and a click there puts it back on the same offset.
        await pilot.press("home")
        await pilot.click(ArticleView, offset=(9, 0))
        assert view.cursor == 9


async def test_keys_reach_the_model_and_the_view_reports_its_state():
    app = OneArticle("one two three\nfour")
    async with app.run_test(size=(40, 4)) as pilot:
        view = app.query_one(ArticleView)
        await pilot.press("ctrl+right")
        assert view.cursor == 4
        await pilot.press("shift+end")
        assert view.selection == (4, 13) and view.selection_anchor == 4
        assert view.target_range() == (4, 13)
        await pilot.press("escape", "down")
        assert view.selection is None and view.cursor == 18
        await pilot.press("v", "ctrl+home")
        assert view.select_mode and view.selection == (0, 18)


async def test_a_double_click_selects_the_word_under_it():
    app = OneArticle("one two three")
    async with app.run_test(size=(40, 4)) as pilot:
        view = app.query_one(ArticleView)
        await pilot.click(ArticleView, offset=(5, 0), times=2)
        assert view.selection == (4, 7) and view.cursor == 7
        await pilot.click(ArticleView, offset=(9, 0))
        assert view.selection is None and view.cursor == 9
        await pilot.click(ArticleView, offset=(3, 0), times=2)  # the space: the word before it
        assert view.selection == (0, 3)
