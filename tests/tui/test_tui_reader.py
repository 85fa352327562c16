"""Pilot tests of the reader: open, move, select, jump, switch documents, search, copy, quit."""

from __future__ import annotations

from tui_helpers import QUOTE, screen_text

from newsreader.tui.widgets.article import ArticleView
from newsreader.tui.widgets.status import StatusBar


async def test_opens_with_two_columns_and_literal_text(make_app, corpus):
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        views = app.query(ArticleView)
        assert [v.document.id for v in views] == [d.id for d in corpus.documents[:2]]
        shown = screen_text(app)
        assert "Storm kills 12 on the coast" in shown
        assert "Coastal storm leaves at least 15 dead" in shown
        assert "corpus/a_storm.txt" in shown
        # Rich markup in an article is shown as typed, never interpreted.
        assert "[bold]not bold[/bold]" in shown
        assert "[link=http://example.com]a link[/link]" in shown
        # Control characters are made visible: ESC and BEL never reach the terminal.
        assert "␛[31mnot red␛[0m" in shown
        assert "␇" in shown
        assert app.focused is views.first()


async def test_no_control_characters_in_any_rendered_segment(make_app):
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        for strip in app.screen._compositor.render_strips():
            for seg in strip:
                assert not any(ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0 for ch in seg.text)


async def test_narrow_terminal_still_shows_both_articles(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        shown = screen_text(app)
        assert "Storm kills 12" in shown
        assert "Coastal storm" in shown
        for view in app.query(ArticleView):
            assert view.size.width >= 30


async def test_cursor_keys_move_and_status_follows(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        view = app.query(ArticleView).first()
        await pilot.press("right", "right", "right")
        assert view.cursor == 3
        await pilot.press("down")
        assert view.wrap.row_of(view.cursor) == 1
        await pilot.press("end")
        assert view.cursor == view.wrap.ends[1]
        await pilot.press("home")
        assert view.cursor == view.wrap.starts[1]
        await pilot.press("ctrl+end")
        assert view.cursor == len(view.text)
        await pilot.press("ctrl+home")
        assert view.cursor == 0
        await pilot.press("pagedown")
        assert view.wrap.row_of(view.cursor) > 5
        await pilot.pause()
        status = str(app.query_one(StatusBar).render())
        assert "1/3" in status


async def test_tab_moves_between_columns(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        first, second = app.query(ArticleView)
        assert app.focused is first
        await pilot.press("tab")
        assert app.focused is second
        await pilot.press("tab")
        assert app.focused is first
        await pilot.press("shift+tab")
        assert app.focused is second


async def test_shift_arrows_select_and_escape_cancels(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        view = app.query(ArticleView).first()
        await pilot.press(*["shift+right"] * 5)
        assert view.selection == (0, 5)
        assert view.text[0:5] == "Storm"
        await pilot.press("escape")
        assert view.selection is None
        # A plain arrow also ends the selection.
        await pilot.press("shift+right", "right")
        assert view.selection is None


async def test_v_selection_mode_extends_with_plain_arrows(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        view = app.query(ArticleView).first()
        await pilot.press("v", "right", "right", "right", "right", "right")
        assert view.select_mode
        assert view.selection == (0, 5)
        await pilot.pause()
        assert "SELECT" in str(app.query_one(StatusBar).render())
        await pilot.press("v")
        assert not view.select_mode
        assert view.selection is None


async def test_mouse_click_places_cursor_and_drag_selects(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        view = app.query(ArticleView).first()
        # x offset 1 is padding; the text starts at column 1 of the view.
        await pilot.click(view, offset=(7, 0))
        assert view.cursor == 6
        assert view.selection is None
        await pilot.mouse_down(view, offset=(1, 0))
        await pilot.hover(view, offset=(6, 0))
        await pilot.mouse_up(view, offset=(6, 0))
        assert view.selection == (0, 5)


async def test_passage_jump_scrolls_counterpart(make_app, corpus):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        first, second = app.query(ArticleView)
        await pilot.press("n")
        await pilot.pause()
        a, b = corpus.documents[0], corpus.documents[1]
        assert first.cursor == a.text.index(QUOTE)
        # The other column shows the counterpart on the same screen row.
        target = b.text.index(QUOTE)
        assert second.offset_visible(target)
        assert second.wrap.row_of(target) - round(second.scroll_offset.y) == (
            first.cursor_screen_y()
        )
        await pilot.press("n")  # no further passage: stays, tells the user
        assert first.cursor == a.text.index(QUOTE)
        await pilot.press("N")
        assert first.cursor == a.text.index(QUOTE)  # no previous passage either
        await pilot.pause()
        assert "shared with 2, 3" in str(app.query_one(StatusBar).render())


async def test_conflict_jump_and_quantity_panel(make_app, corpus):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        first, second = app.query(ArticleView)
        a = corpus.documents[0]
        await pilot.press("c")
        assert first.cursor == a.text.index("12 people")
        await pilot.press("enter")
        await pilot.pause()
        shown = screen_text(app)
        assert "people killed" in shown and "conflict" in shown
        for figure in ("12", "15", "14"):
            assert f" {figure}  " in shown
        # Jump to the third article's mention: it opens in the other column.
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        c = corpus.documents[2]
        assert second.document.id == c.id
        assert app.focused is second
        assert second.cursor == c.text.index("14 people")
        assert first.document.id == a.id


async def test_switch_documents_with_keys_and_picker(make_app, corpus):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        first = app.query(ArticleView).first()
        # The second column shows documents[1]: ] and [ pass over it.
        await pilot.press("]")
        assert first.document.id == corpus.documents[2].id
        await pilot.press("[")
        assert first.document.id == corpus.documents[0].id
        await pilot.press("[")
        assert first.document.id == corpus.documents[2].id
        await pilot.press("o")
        await pilot.pause()
        await pilot.press(*"coastal")
        await pilot.press("enter")
        await pilot.pause()
        assert first.document.id == corpus.documents[1].id
        assert "Coastal storm" in screen_text(app)


async def test_add_and_remove_columns(make_app, corpus):
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.press("+")
        await pilot.pause()
        views = list(app.query(ArticleView))
        assert len(views) == 3
        assert views[2].document.id == corpus.documents[2].id
        assert "Governor visits storm victims" in screen_text(app)
        await pilot.press("+")  # every document is on screen
        assert len(app.query(ArticleView)) == 3
        await pilot.press("-")
        await pilot.pause()
        assert len(app.query(ArticleView)) == 2


async def test_wide_terminal_shows_three_columns_side_by_side(make_app, corpus):
    app = make_app()
    async with app.run_test(size=(200, 60)) as pilot:
        await pilot.press("+")
        await pilot.pause()
        views = list(app.query(ArticleView))
        assert len(views) == 3
        # Side by side, not stacked: same top row, increasing x, each wide enough to read.
        assert len({v.region.y for v in views}) == 1
        assert [v.region.x for v in views] == sorted(v.region.x for v in views)
        assert all(v.region.width >= 50 for v in views)
        text = screen_text(app)
        for doc in corpus.documents:
            assert doc.title in text


async def test_search_and_f3(make_app, corpus):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        view = app.query(ArticleView).first()
        a = corpus.documents[0]
        await pilot.press("slash")
        await pilot.press(*"storm", "enter")
        await pilot.pause()
        hits = [i for i in range(len(a.text)) if a.text.lower().startswith("storm", i)]
        assert view.cursor == hits[0]
        assert app.focused is view
        await pilot.press("f3")
        assert view.cursor == hits[1]
        await pilot.press("shift+f3")
        assert view.cursor == hits[0]
        await pilot.press("shift+f3")
        assert view.cursor == hits[-1]
        await pilot.pause()
        status = str(app.query_one(StatusBar).render())
        assert f"“storm” {len(hits)}/{len(hits)}" in status


async def test_copy_uses_clipboard(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*["shift+right"] * 5, "y")
        assert app.clipboard == "Storm"


async def test_help_screen_lists_every_key(make_app):
    from newsreader.tui.keys import KEYS

    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        shown = screen_text(app)
        for description in (
            "Tag the selection or word",
            "Next / previous shared passage",
            "Move the cursor",
        ):
            assert description in shown
        assert len(KEYS) > 30
        await pilot.press("escape")
        await pilot.pause()
        assert "Next / previous shared passage" not in screen_text(app)


async def palette_offers(pilot, command: str) -> None:
    """Wait until the palette's search (run as a worker) lists ``command`` first."""
    from textual.widgets import OptionList

    for _ in range(500):
        options = pilot.app.screen.query(OptionList)
        if options and options.first().option_count:
            first = options.first().get_option_at_index(0)
            if command in str(first.prompt):
                return
        await pilot.pause()
    raise AssertionError(f"the palette does not offer {command!r} first")


async def test_command_palette_has_reader_actions(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"next conflicting")
        await palette_offers(pilot, "Next conflicting number")
        await pilot.press("enter")
        await pilot.pause()
        view = app.query(ArticleView).first()
        assert view.cursor == view.text.index("12 people")
        # An article's own action from the palette reaches the article.
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"selection mode")
        await palette_offers(pilot, "Selection mode")
        await pilot.press("enter")
        await pilot.pause()
        assert view.select_mode


async def test_quit(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


async def test_highlights_differ_by_style_without_colour(make_app, corpus, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        assert app.no_color
        view = app.query(ArticleView).first()
        a = corpus.documents[0]

        def style_at(offset: int):
            row = view.wrap.row_of(offset)
            x = view.wrap.x_of(offset)
            strip = view.render_line(row - round(view.scroll_offset.y))
            cells = [(seg.text[i], seg.style) for seg in strip for i in range(len(seg.text))]
            return cells[x][1]

        passage = style_at(a.text.index(QUOTE) + 5)
        conflict = style_at(a.text.index("12 people") + 1)
        differ = style_at(a.text.index("thousands") + 1)
        plain = style_at(a.text.index("Rescue teams") + 3)
        assert passage.underline and not plain.underline
        assert conflict.bold and conflict.reverse
        assert differ.italic and not differ.bold
        assert not (plain.bold or plain.italic or plain.reverse)


async def test_picker_groups_documents_by_story(tmp_path, store):
    """A folder with several stories: the picker lists the current article's story first, each
    line marked with its story, and the reader says how many stories there are."""
    import shutil
    from pathlib import Path

    from newsreader.core.analysis import analyze
    from newsreader.core.corpus import load_corpus
    from newsreader.tui.app import NewsreaderApp

    root = Path(__file__).resolve().parents[2]
    folder = tmp_path / "day"
    folder.mkdir()
    for f in sorted((root / "tests" / "data" / "unrelated").glob("*.txt"))[:3]:
        shutil.copy(f, folder / f"a_{f.name}")  # sorts before the Karabakh articles
    for f in sorted((root / "corpus").glob("*.txt")):
        shutil.copy(f, folder / f"k_{f.name}")
    corpus = load_corpus(folder)
    analysis = analyze(corpus)
    karabakh = {d.id for d in corpus.documents if Path(d.path).name.startswith("k_")}
    app = NewsreaderApp(corpus, store, analysis=analysis, analyzer=None, poll_interval=0)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        assert any("stories in this folder" in n.message for n in app._notifications)
        app.show_document(app.column_of(app.view), 3)  # the first Karabakh article
        await pilot.pause()
        await pilot.press("o")
        await pilot.pause()
        picker = app.screen
        first_four = [corpus.documents[i].id for i in picker._shown[:4]]
        assert set(first_four) == karabakh
        text = screen_text(app)
        story = app.index.story_of[corpus.documents[3].id]
        assert f"s{story}" in text
        # Each story is headed by its label (what the engine says it is about)...
        label = app.index.story_labels[story]
        assert "Karabakh" in label
        assert label.split(",")[0] in text
        # ...and the heading is not a document: up from the first article skips it, enter opens
        # an article of this story.
        await pilot.press("down", "up", "enter")
        await pilot.pause()
        assert app.view.document is not None and app.view.document.id in karabakh
