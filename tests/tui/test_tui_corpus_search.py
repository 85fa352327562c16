"""Pilot tests of the corpus search: ``s`` lists every hit with outlet, date and context."""

from __future__ import annotations

import dataclasses

import pytest
from tui_helpers import QUOTE, build_corpus, screen_text

from newsreader.core.corpus import Corpus
from newsreader.tui.screens.corpus_search import CorpusSearch
from newsreader.tui.screens.help import HelpScreen
from newsreader.tui.widgets.article import ArticleView

META = {
    "corpus/a_storm.txt": ("Coast Herald", "2024-05-06"),
    "corpus/b_coastal.txt": ("Reuters", "2024-05-07"),
    "corpus/c_governor.txt": ("Le Monde", "2024-05-08"),
}


@pytest.fixture
def corpus() -> Corpus:
    """The reader's test corpus, with outlets and dates (ids stay: they come from the text)."""
    base = build_corpus()
    docs = tuple(
        dataclasses.replace(d, outlet=META[d.path][0], date=META[d.path][1]) for d in base.documents
    )
    return Corpus(base.root, docs, base.skipped)


async def _search(pilot, query: str) -> CorpusSearch:
    await pilot.press("s", *query)
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, CorpusSearch)
    return screen


async def test_lists_every_hit_with_outlet_date_title_and_context(make_app, corpus):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _search(pilot, "GOVERNOR")
        a, b, c = corpus.documents
        # Case does not matter; every article, in corpus order, then text order.
        assert [h.doc for h in screen.result.hits] == [a.id, b.id, c.id, c.id, c.id]
        shown = screen_text(app)
        assert "5 hits in 3 articles" in shown
        assert "Coast Herald · 2024-05-06 · Storm kills 12 on the coast" in shown
        assert "Reuters · 2024-05-07 · Coastal storm leaves at least 15 dead" in shown
        assert "Le Monde · 2024-05-08 · Governor visits storm victims" in shown
        # The hit in its context, on one line: the article's characters, the line break a space.
        assert "Governor visits storm victims  The governor toured" in shown
        assert 'storm," the governor said at a press conference' in shown


async def test_the_match_is_bold_and_text_is_drawn_literally(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await _search(pilot, "not red")
        shown = screen_text(app)
        assert "␛[31mnot red␛[0m" in shown
        assert "1 hit in 1 article" in shown
        bold = [
            seg.text
            for strip in app.screen._compositor.render_strips()
            for seg in strip
            if seg.style is not None and seg.style.bold and "red" in seg.text
        ]
        assert bold == ["not red"]
        for strip in app.screen._compositor.render_strips():
            for seg in strip:
                assert not any(ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0 for ch in seg.text)


async def test_enter_opens_the_article_in_this_column_at_the_hit(make_app, corpus):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        first, second = app.query(ArticleView)
        a, _b, c = corpus.documents
        await pilot.press("tab")  # the second column is the current one
        assert app.focused is second
        screen = await _search(pilot, "toured")
        assert [h.doc for h in screen.result.hits] == [c.id]
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, CorpusSearch)
        # c was not on screen: it opens in the current column, at the hit, the hit selected.
        assert second.document is not None and second.document.id == c.id
        assert first.document is not None and first.document.id == a.id
        start = c.text.index("toured")
        assert second.target_range() == (start, start + len("toured"))
        assert second.offset_visible(start)
        assert app.focused is second


async def test_a_hit_in_an_article_on_screen_is_shown_in_its_column(make_app, corpus):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        first, second = app.query(ArticleView)
        a, b, _c = corpus.documents
        assert app.focused is first
        screen = await _search(pilot, "the governor said")
        assert [h.doc for h in screen.result.hits[:2]] == [a.id, b.id]
        await pilot.press("down", "enter")  # the second hit: in b, shown in the second column
        await pilot.pause()
        start = b.text.index(QUOTE) + QUOTE.index("the governor said")
        assert second.document is not None and second.document.id == b.id
        assert first.document is not None and first.document.id == a.id
        assert second.target_range() == (start, start + len("the governor said"))
        assert app.focused is second


async def test_escape_closes_and_the_query_is_kept_for_next_time(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        view = app.query(ArticleView).first()
        await _search(pilot, "nowhere to be found")
        assert "Not found in any article" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, CorpusSearch)
        assert app.focused is view and view.cursor == 0
        await pilot.press("s")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CorpusSearch)
        assert screen.result.query == "nowhere to be found"


async def test_the_key_is_in_the_help_screen_and_the_palette(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        commands = [c.title for c in app.get_system_commands(app.screen)]
        assert "Search every article" in commands
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        line = next(ln for ln in screen_text(app).splitlines() if "Search every article" in ln)
        assert " s " in line
