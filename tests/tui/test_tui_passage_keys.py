"""The passage keys (issue 10): ``d`` opens the diff of the shared passage at the cursor, ``g``
its other article at the counterpart; off a passage, a notice and nothing held."""

from __future__ import annotations

import pytest
from test_tui_key_bursts import burst, until
from tui_helpers import QUOTE, screen_text, settle

from newsreader.core.analysis import analyze
from newsreader.core.corpus import load_corpus
from newsreader.store import Store
from newsreader.tui.app import NewsreaderApp
from newsreader.tui.screens.diff import DiffScreen
from newsreader.tui.widgets.article import ArticleView


@pytest.fixture(scope="module")
def bundled(corpus_dir):
    corpus = load_corpus(corpus_dir)
    return corpus, analyze(corpus)


def notices(app: NewsreaderApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def test_d_on_a_copied_passage_shows_both_versions_and_closes(bundled, tmp_path):
    corpus, analysis = bundled
    rfe, amn = corpus.documents[0], corpus.documents[1]
    passage = next(p for p in analysis.passages if p.edits and p.source == rfe.id)
    source = next(s for s in passage.spans if s.doc == rfe.id)
    store = Store.open(tmp_path / "t.db", user="tester")
    app = NewsreaderApp(
        corpus, store, analysis=analysis, analyzer=None, poll_interval=0, cursor_blink=False
    )
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        first = app.views[0]
        first.move_to(source.start + 1)
        await pilot.press("d")
        await until(pilot, lambda: isinstance(app.screen, DiffScreen))
        await pilot.pause()
        shown = screen_text(app)
        # The words only one version has, each from its own article.
        dropped = next(e for e in passage.edits if e.op == "delete").spans[0]
        added = next(e for e in passage.edits if e.op == "replace").spans[1]
        assert rfe.text[dropped.start : dropped.end] in shown
        assert amn.text[added.start : added.end] in shown
        assert "source · RFE/RL" in shown and "copy · AMN" in shown
        assert "from RFE/RL, credited" in shown
        assert "esc or q closes" in shown
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, DiffScreen))
        assert app.focused is first
        assert first.cursor == source.start + 1
        # q closes the diff too, and does not quit.
        await pilot.press("d")
        await until(pilot, lambda: isinstance(app.screen, DiffScreen))
        await pilot.press("q")
        await until(pilot, lambda: not isinstance(app.screen, DiffScreen))
        assert app.is_running and app.focused is first
    store.close()


async def test_d_off_a_passage_says_so_and_holds_no_key(make_app, corpus):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        first = app.views[0]
        assert app.index is not None and not app.index.passages_at(first.document.id, 0)
        await pilot.press("d")
        assert not isinstance(app.screen, DiffScreen)
        assert any("No shared passage at the cursor" in n for n in notices(app))
        # Nothing opened: the keys typed after it are not held for the gate's time-out.
        assert app.key_gate.holding is None
        burst(app, ["d", "right"])
        await until(pilot, lambda: first.cursor == 1)
        assert app.key_gate.holding is None and not isinstance(app.screen, DiffScreen)


async def test_g_moves_to_the_column_already_showing_the_counterpart(make_app, corpus):
    a, b, _c = corpus.documents
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        first, second = app.query(ArticleView)
        first.move_to(a.text.index(QUOTE) + 10)
        await pilot.press("g")
        assert app.key_gate.holding is None  # released at once: the focus is there
        await pilot.pause()
        assert app.focused is second
        assert second.document.id == b.id
        assert second.cursor == b.text.index(QUOTE)
        assert first.document.id == a.id


async def test_g_opens_the_counterpart_in_the_next_column(make_app, corpus):
    a, b, c = corpus.documents
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        first, second = app.query(ArticleView)
        app.show_document(app.column_of(second), 2)  # c: b is on no column
        await pilot.pause()
        first.move_to(a.text.index(QUOTE) + 10)
        # The key after g goes to the article g moved to, not to the one it left.
        burst(app, ["g", "right"])
        await until(pilot, lambda: second.document.id == b.id and app.key_gate.holding is None)
        await until(pilot, lambda: second.cursor == b.text.index(QUOTE) + 1)
        assert app.focused is second
        assert first.document.id == a.id
        assert first.cursor == a.text.index(QUOTE) + 10
        assert c.id not in {v.document.id for v in app.views}


async def test_g_off_a_passage_says_so_and_moves_nothing(make_app, corpus):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        first, second = app.query(ArticleView)
        before = second.document.id
        await pilot.press("g")
        assert any("No shared passage at the cursor" in n for n in notices(app))
        assert app.focused is first and second.document.id == before
        assert app.key_gate.holding is None


async def test_both_keys_are_in_the_help_and_the_palette(make_app):
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        commands = [c.title for c in app.get_system_commands(app.screen)]
        assert "Diff of the shared passage: what the copy changed" in commands
        assert "Go to the shared passage in its other article" in commands
        await pilot.press("question_mark")
        await pilot.pause()
        shown = screen_text(app)
        assert "Diff of the shared passage" in shown and "other article" in shown


async def test_a_rebound_counterpart_key_still_holds_the_keys_after_it(make_app, corpus, tmp_path):
    from test_tui_config import config_from

    a, b, _c = corpus.documents
    app = make_app(config=config_from(tmp_path, '[keymap]\n"passage.counterpart" = "G"\n'))
    async with app.run_test(size=(100, 30)) as pilot:
        first, second = app.query(ArticleView)
        first.move_to(a.text.index(QUOTE) + 10)
        burst(app, ["G", "right"])
        await until(pilot, lambda: second.cursor == b.text.index(QUOTE) + 1)
        assert app.focused is second and first.cursor == a.text.index(QUOTE) + 10
