"""Start-up (issue 11, item 7): what the first screen costs, and that it costs nothing later.

The figures are measured by ``benchmarks/startup_bench.py``; these tests hold the behaviour the
savings rest on: the garbage collector is off only until the articles are painted (and on again
however the reader ends), and the footer draws its keys once per change of bindings.
"""

from __future__ import annotations

import gc
import subprocess
import sys
import threading
from typing import ClassVar

import pytest
from rich.style import Style
from tui_helpers import screen_text

from newsreader.cli import main
from newsreader.store import Store
from newsreader.tui.app import MainScreen, NewsreaderApp
from newsreader.tui.widgets.article import COMPONENTS, ArticleView
from newsreader.tui.widgets.footer import KeyFooter


async def test_shown_is_called_once_when_the_loaded_articles_are_on_screen(corpus):
    go = threading.Event()

    def load(progress):
        go.wait(30)
        return corpus

    seen: list[str] = []
    app = NewsreaderApp(
        load, None, analyzer=None, poll_interval=0, cursor_blink=False,
        shown=lambda: seen.append(screen_text(app)),
    )  # fmt: skip
    async with app.run_test(size=(100, 30)) as pilot:
        try:
            await pilot.pause()
            assert seen == []  # the frame is up, the articles are not
        finally:
            go.set()
        for _ in range(200):  # the loader posts its result; wait for the call
            await pilot.pause()
            if seen:
                break
        await pilot.press("j", "j")  # later repaints do not call it again
        await pilot.pause()
    assert len(seen) == 1
    assert corpus.documents[0].title in seen[0]


def test_the_collector_is_on_again_when_the_reader_is_refused(tmp_path, capsys):
    assert gc.isenabled()
    assert main(["read", str(tmp_path / "nosuch")]) == 2
    assert gc.isenabled()
    (tmp_path / "a.txt").write_text("An article.\n")
    assert main(["read", str(tmp_path)]) == 2  # pytest's stdin is not a terminal
    assert "needs a terminal" in capsys.readouterr().err
    assert gc.isenabled()


async def test_the_first_frame_painted_is_the_whole_first_screen(corpus, db_path, monkeypatch):
    frames: list[str] = []
    started: dict[str, int] = {}  # the frames painted when the corpus and the store were asked
    display = NewsreaderApp._display

    def recorded(self: NewsreaderApp, screen: object, renderable: object) -> None:
        if renderable is not None and not self._batch_count:  # as Textual's _display
            frames.append(screen_text(self))
        display(self, screen, renderable)  # type: ignore[arg-type]

    monkeypatch.setattr(NewsreaderApp, "_display", recorded)
    go = threading.Event()

    def load(progress):
        started["corpus"] = len(frames)
        go.wait(30)
        return corpus

    def open_store() -> Store:
        started["store"] = len(frames)
        return Store.open(db_path, user="tester")

    app = NewsreaderApp(load, open_store, analyzer=None, poll_interval=0, cursor_blink=False)
    async with app.run_test(size=(100, 30)) as pilot:
        try:
            for _ in range(5):
                await pilot.pause()
        finally:
            go.set()
        for _ in range(200):  # the loader posts its result; wait for the articles
            await pilot.pause()
            if app.corpus is not None and corpus.documents[0].title in screen_text(app):
                break
        await app.session.settled()
    assert started["corpus"] >= 1 and started["store"] >= 1  # after the first paint
    app.session.store.close()
    assert len(frames) > 1
    first, later = frames[0].splitlines(), frames[-1].splitlines()
    assert "Reading articles" in frames[0]
    assert "v select" in first[-1] and "help" in first[-1]  # the focused article's keys
    assert first[-1] == later[-1]  # drawn as they stay, not spread out first


async def test_the_footer_is_recomposed_only_when_its_keys_change(make_app, monkeypatch):
    calls: list[str] = []
    recompose = KeyFooter.recompose

    async def counted(self: KeyFooter) -> None:
        calls.append(type(self.screen.focused).__name__)
        await recompose(self)

    monkeypatch.setattr(KeyFooter, "recompose", counted)
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        for _ in range(3):
            await pilot.pause()
        assert calls == ["ArticleView"]  # the first article's keys, once (Textual's: 4 times)
        calls.clear()
        app.query(ArticleView).last().focus()  # the other column: the same keys
        for _ in range(3):
            await pilot.pause()
        assert calls == []
        await app.action_toggle_tags()  # the tag list's keys
        for _ in range(3):
            await pilot.pause()
        assert calls == ["TagList"]
        assert "jump" in screen_text(app).splitlines()[-1]


def test_the_reader_start_imports_no_engine_beyond_the_text_helpers():
    # What `newsreader CORPUS` imports before its first paint: the reader's parser, the
    # configuration and the app. The model's dataclasses (~5 ms), the corpus and the analysis
    # come after that paint.
    code = (
        "import sys\n"
        "from newsreader.cli import DEFAULT_MODULE, build_parser\n"
        "build_parser((DEFAULT_MODULE,)).parse_args(['read', 'corpus'])\n"
        "import newsreader.tui.app\n"
        "print(' '.join(sorted(m for m in sys.modules if m.startswith('newsreader.core.'))))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert set(out.stdout.split()) == {"newsreader.core.text"}


def test_the_reader_start_imports_no_part_it_mounts_later():
    # The search bar, the tag list, the messages of the loading threads, the store and the
    # dialogs are imported when first used, after the first paint.
    later = (
        "newsreader.tui.widgets.search_bar", "newsreader.tui.widgets.tag_list",
        "newsreader.tui.messages", "newsreader.store", "newsreader.tui.screens",
    )  # fmt: skip
    code = (
        "import sys\n"
        "from newsreader.cli import DEFAULT_MODULE, build_parser\n"
        "build_parser((DEFAULT_MODULE,)).parse_args(['read', 'corpus'])\n"
        "import newsreader.tui.app\n"
        f"print(' '.join(m for m in sys.modules if m.startswith({later!r})))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == []


def test_analyze_help_still_shows_the_engines_defaults(capsys):
    from newsreader.core.corpus import DEFAULT_MAX_BYTES
    from newsreader.core.passages import PassageOptions

    with pytest.raises(SystemExit):
        main(["analyze", "--help"])
    shown = capsys.readouterr().out
    assert f"(default {PassageOptions().min_words})" in shown
    assert f"(default {DEFAULT_MAX_BYTES:,})" in shown


async def test_the_parts_are_styled_as_textual_styles_component_classes(
    make_app, monkeypatch, tmp_path
):
    """The article's parts are resolved once per stylesheet, not as ``COMPONENT_CLASSES`` on
    each restyle of each view; they must come out as Textual resolves component classes (with
    translucent backgrounds blended over the view's), in each theme."""
    monkeypatch.setenv("NEWSREADER_CONFIG", str(tmp_path / "settings.json"))

    class Declared(ArticleView):
        COMPONENT_CLASSES: ClassVar[set[str]] = set(COMPONENTS)

    def textuals(view: ArticleView, name: str) -> Style:
        style = view.get_component_rich_style(name, partial=True)
        background = view.get_component_styles(name).background
        if 0 < background.a < 1:
            style += Style(bgcolor=(view.background_colors[1] + background).rich_color)
        return style

    app = make_app()
    passage: dict[str, Style] = {}
    async with app.run_test(size=(120, 30)) as pilot:
        reference = Declared()
        await app.main_screen.mount(reference)
        for theme in ("textual-dark", "textual-light"):
            app.theme = theme
            await pilot.pause()
            for view in app.views:
                for name in sorted(COMPONENTS):
                    assert view.part_style(name) == textuals(reference, name), (theme, name)
            passage[theme] = app.views[0].part_style("article--passage-0")
    assert passage["textual-dark"] != passage["textual-light"]  # the theme reached the parts


async def test_the_first_resume_does_not_restyle_what_the_mount_just_styled(make_app, monkeypatch):
    restyled: list[int] = []
    update = MainScreen.update_node_styles

    def counted(self: MainScreen, animate: bool = True) -> None:
        restyled.append(len(self.query("*")))
        update(self, animate)

    monkeypatch.setattr(MainScreen, "update_node_styles", counted)

    async def start() -> list[int]:
        restyled.clear()
        async with make_app().run_test(size=(100, 30)) as pilot:
            for _ in range(3):
                await pilot.pause()
        return list(restyled)

    assert await start() == []
    # Textual's own first resume restyles every widget of the screen:
    monkeypatch.setattr(MainScreen, "on_screen_resume", lambda self, event: None)
    assert len(await start()) == 1


async def test_shown_is_called_again_once_an_analysis_is_applied(corpus, analysis):
    # newsreader freezes what is alive then: a big folder's analysis, rescanned by every full
    # collection, was one 70-80 ms pause in a third of the tag dialog's openings.
    calls: list[bool] = []
    app = NewsreaderApp(
        lambda progress: corpus, None, analysis=analysis, analyzer=None, poll_interval=0,
        cursor_blink=False, shown=lambda: calls.append(app.index is not None),
    )  # fmt: skip
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(200):
            await pilot.pause()
            if len(calls) == 2:
                break
        await pilot.press("j")
        await pilot.pause()
    assert calls == [True, True]  # the articles painted (their marks applied), the analysis


async def test_each_footer_key_is_styled_once_at_start(make_app, monkeypatch):
    from textual.css.stylesheet import Stylesheet
    from textual.widgets._footer import FooterKey

    styled: list[int] = []
    apply = Stylesheet.apply

    def counted(self: Stylesheet, node: object, *args: object, **kwargs: object) -> None:
        if isinstance(node, FooterKey):
            styled.append(id(node))
        apply(self, node, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Stylesheet, "apply", counted)
    async with make_app().run_test(size=(120, 30)) as pilot:
        for _ in range(3):
            await pilot.pause()
        keys = list(pilot.app.query(FooterKey))
        assert keys and all(key.has_class("-compact") for key in keys)
    assert sorted(styled) == sorted(id(key) for key in keys)  # once each, not twice


async def test_a_resize_to_the_size_the_screen_has_lays_nothing_out(make_app, monkeypatch):
    from textual import events

    layouts: list[object] = []
    refresh_layout = MainScreen._refresh_layout

    def counted(self: MainScreen, *args: object, **kwargs: object) -> None:
        layouts.append(args)
        refresh_layout(self, *args, **kwargs)  # type: ignore[arg-type]

    async with make_app().run_test(size=(100, 30)) as pilot:
        for _ in range(3):
            await pilot.pause()
        monkeypatch.setattr(MainScreen, "_refresh_layout", counted)
        screen = pilot.app.main_screen
        size = screen.size
        for _ in range(3):  # what a terminal's repeated size reports send
            screen.post_message(events.Resize(size, size))
            await pilot.pause()
        assert layouts == []
        await pilot.resize_terminal(70, 30)  # a real change still lays the screen out
        for _ in range(20):
            await pilot.pause()
            if screen.outer_size.width == 70:
                break
        assert layouts and screen.outer_size.width == 70  # laid out at the new size
        assert all(view.size.width < 70 for view in pilot.app.views)


async def test_a_scrollbar_is_drawn_only_when_there_is_something_to_scroll(make_app):
    # A scrollbar always shown cost every empty or short view a ScrollBar widget to draw on
    # each frame (the first screen's costliest widget, issue 11); its gutter is kept, so the
    # text is wrapped at the same width with or without it.
    async with make_app().run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        view = pilot.app.views[0]
        assert len(view.wrap) < view.scrollable_content_region.height
        assert not view.show_vertical_scrollbar
        width = view.scrollable_content_region.width
        await pilot.resize_terminal(160, 10)
        for _ in range(20):
            await pilot.pause()
            if view.show_vertical_scrollbar:
                break
        assert view.show_vertical_scrollbar
        assert view.scrollable_content_region.width == width


@pytest.mark.parametrize("width", [40, 80, 120])
async def test_the_footer_shows_only_the_keys_that_fit_its_row(make_app, width):
    # Textual let the keys that did not fit run on under the palette's key: "^p palettet"
    # at 80 columns with the tag list focused.
    from textual.widgets._footer import FooterKey

    async with make_app().run_test(size=(width, 24)) as pilot:
        await pilot.app.action_toggle_tags()
        for _ in range(4):
            await pilot.pause()
        last = screen_text(pilot.app).splitlines()[-1]
        assert last.rstrip().endswith("palette")
        assert "? help" in last and "q quit" in last  # kept whatever the width
        keys = list(pilot.app.query(FooterKey))
        palette = next(k for k in keys if k.has_class("-command-palette"))
        for key in keys:
            if key is not palette:
                assert key.region.right <= palette.region.x, key.key  # none under it
                assert key.description in last
