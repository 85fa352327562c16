"""Hostile article text, labels and notes in every screen of the reader.

The rule: article text is data. It is never read as markup, its control characters never reach
the terminal, bad input never gives a traceback and nothing saved is lost. Each test drives the
real app with the pilot over a corpus written to disk (markup, escapes, bidi overrides,
joiners, wide characters, odd file names) and the real analysis, then checks every segment that
would be written to the terminal.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from rich.cells import cell_len, get_character_cell_size
from textual import events
from textual.widgets import Input
from tui_helpers import db_rows, screen_text, settle

from newsreader.core.analysis import analyze
from newsreader.core.corpus import Corpus, document_from_text, load_corpus
from newsreader.store import Store
from newsreader.tui.app import NewsreaderApp
from newsreader.tui.document.wrapping import WrapIndex
from newsreader.tui.literal import literal
from newsreader.tui.screens.doc_picker import DocumentPicker
from newsreader.tui.screens.export import ExportDialog
from newsreader.tui.screens.help import HelpScreen
from newsreader.tui.screens.quantity import QuantityPanel
from newsreader.tui.screens.tag_dialog import TagDialog
from newsreader.tui.session import label_style
from newsreader.tui.widgets.article import ArticleView

ESC, BEL = "\x1b", "\x07"
MARKUP_TITLE = "[bold]x[/bold] [@click=app.quit]q[/]"
MARKUP = "[/] [link=http://x]l[/link] [$accent]a[/] [ unbalanced \\[escaped] [@click=app.quit]q"
ESCAPES = (
    f"{ESC}[2J{ESC}]52;c;aGVsbG8={BEL}{ESC}]8;;http://evil{ESC}\\link{ESC}]8;;{ESC}\\"
    f" \x9b31m c1 {ESC}]0;TITLE{BEL}"
)
BIDI = "abc\u202edcba\u2066iso\u2069 z\u200dw\u200bj e\u0301\u0301\u0301 ❤️"
WIDE = "中文字符 😀 👍🏽 👨\u200d👩\u200d👧 ｆｕｌｌ"
SHARED = (
    "The storm killed 12 people on Monday according to officials who spoke to reporters in "
    "the capital on Tuesday evening after visiting the flooded villages. "
)
NOTE = f"[bold]note[/] {ESC}]52;c;Zm9v{BEL} \u202e rtl \x9b2J\nsecond line z\u200dw"
LABEL = "[@click=app.quit]lbl"

BAD = {*range(0x20), *range(0x7F, 0xA0), *range(0x202A, 0x202F), *range(0x2066, 0x206A)}


def write_corpus(root: Path) -> None:
    root.mkdir()
    (root / "[bold] markup [x].txt").write_text(
        f"{MARKUP_TITLE}\n\n{SHARED}\n{MARKUP}\nMore than 100 people died.\n", encoding="utf-8"
    )
    # Enough plain text around the escapes that the loader does not call the file binary.
    (root / "esc title.txt").write_text(
        f"{ESCAPES} title\n\n{SHARED}\n{ESCAPES}\nAbout 40 people died.\ttab\there\n" + SHARED * 25,
        encoding="utf-8",
    )
    (root / "wide text.txt").write_text(
        f"{BIDI} {WIDE}\n\n{WIDE} {SHARED}\n{'x' * 20000}\n\nNearly 200 people died. {WIDE}\n",
        encoding="utf-8",
    )
    (root / "empty first line.txt").write_text(
        f"\n\n   \n[@click=app.quit]click title\n{SHARED}", encoding="utf-8"
    )
    (root / "only title.md").write_text("[@click=app.quit]Only a title", encoding="utf-8")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("hostile") / "corpus [1]"
    write_corpus(root)
    loaded = load_corpus(root)
    # The loader turns a lone \r into \n; a document built from text keeps it.
    cr = document_from_text(f"Lone\rCR title\n\nbody\rwith a lone cr {ESC}[1m\n", "cr doc.txt")
    corpus = Corpus(loaded.root, (*loaded.documents, cr), loaded.skipped)
    return corpus, analyze(corpus)


@pytest.fixture
def make_hostile_app(hostile, tmp_path: Path):
    """An app over the hostile corpus whose store already holds a tag with a hostile label and
    note on the first document's first word (as another user or an import could leave it).
    The app's user is an admin, so it may edit that tag."""
    corpus, analysis = hostile
    db = tmp_path / "hostile.db"
    with Store.open(db, user="other [b]") as first:
        first.add_label(LABEL)
        first.add(corpus.documents[0], 1, 5, LABEL, NOTE)

    def make(**kwargs: object) -> NewsreaderApp:
        store = Store.open(db, user="[bold]me", admin=True)
        options: dict[str, object] = {
            "analysis": analysis,
            "analyzer": None,
            "poll_interval": 0,
            "export_path": str(tmp_path / "export [x].json"),
            "cursor_blink": False,
        }
        options.update(kwargs)
        return NewsreaderApp(corpus, store, **options)  # type: ignore[arg-type]

    make.db = db  # type: ignore[attr-defined]
    return make


def doc_with(corpus: Corpus, needle: str):
    return next(d for d in corpus.documents if needle in d.text)


def assert_clean(app: NewsreaderApp, where: str) -> None:
    """Nothing on screen is a control character, a bidi override, a link or a click action,
    and every line is as wide in per-character cells (how terminals count) as Rich says."""
    width = app.size.width
    for y, strip in enumerate(app.screen._compositor.render_strips()):
        cells = 0
        for seg in strip:
            bad = sorted({f"U+{ord(ch):04X}" for ch in seg.text if ord(ch) in BAD})
            assert not bad, f"{where}, line {y}: {bad} in {seg.text!r}"
            if seg.style is not None:
                assert not seg.style.link, f"{where}, line {y}: link {seg.style.link}"
                assert "@click" not in seg.style.meta, f"{where}, line {y}: {seg.style.meta}"
            cells += sum(get_character_cell_size(ch) for ch in seg.text)
        assert cells == width, f"{where}, line {y}: {cells} cells, not {width}"


def status(app: NewsreaderApp) -> str:
    return str(app.query_one("#status").render())


@pytest.mark.parametrize("size", [(80, 24), (160, 48)], ids=["80x24", "160x48"])
async def test_main_screen_shows_every_document_literally(make_hostile_app, hostile, size):
    corpus, _ = hostile
    app = make_hostile_app()
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        assert MARKUP_TITLE in screen_text(app)
        app.view.move_to(corpus.documents[0].text.index(MARKUP), center=True)
        await settle(pilot)
        for piece in ("[link=http://x]l[/link]", "[$accent]a[/]", "[ unbalanced \\[escaped]"):
            assert piece in screen_text(app)
        await pilot.press("ctrl+home")
        # The cursor on the hostile tag: its label, author and note in the status line.
        await pilot.press("right")
        await settle(pilot)
        assert f"tag {LABEL} by other [b] — [bold]note[/] ␛]52;c;Zm9v␇" in status(app)
        assert_clean(app, "main screen, cursor on a hostile tag")
        escapes_seen = False
        for n in range(2, len(corpus.documents) + 1):
            await pilot.press("]")
            await settle(pilot)
            assert_clean(app, f"document {n}")
            if app.view.document.title.startswith(ESCAPES):
                assert "␛[2J␛]52;c;aGVsbG8=␇" in screen_text(app)
                escapes_seen = True
            await pilot.press("ctrl+end")
            await settle(pilot)
            assert_clean(app, f"document {n}, at its end")
        assert escapes_seen
        assert app.is_running and app.return_code is None


async def test_dialogs_and_lists_show_hostile_text_literally(make_hostile_app):
    app = make_hostile_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("o")
        await settle(pilot)
        assert isinstance(app.screen, DocumentPicker)
        await pilot.press(*"[bo")
        await settle(pilot)
        assert MARKUP_TITLE in screen_text(app)
        assert "[bold] markup [x].txt" in screen_text(app)
        assert_clean(app, "document picker, filtered")
        await pilot.press("escape", "c", "enter")
        await settle(pilot)
        assert isinstance(app.screen, QuantityPanel)
        assert_clean(app, "quantity panel")
        await pilot.press("escape", "l")
        await settle(pilot)
        assert LABEL in screen_text(app)
        assert_clean(app, "tag list")
        await pilot.press("l", "e")
        await settle(pilot)
        assert isinstance(app.screen, ExportDialog)
        assert "[bold]note[/]" in screen_text(app)
        assert_clean(app, "export preview")
        await pilot.press("escape", "question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        assert_clean(app, "help")
        await pilot.press("escape", "ctrl+p")
        await settle(pilot)
        await pilot.press(*"[b]")
        await settle(pilot)
        assert_clean(app, "command palette")
        await pilot.press("escape")
        await settle(pilot)
        assert app.is_running and app.return_code is None


async def test_editing_a_hostile_note_shows_it_and_keeps_it(make_hostile_app):
    app = make_hostile_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("right", "r")
        await settle(pilot)
        assert isinstance(app.screen, TagDialog)
        assert app.screen.query_one("#tag-note", Input).value == NOTE
        assert_clean(app, "edit dialog with a hostile note")
        await pilot.press("enter")  # saved unchanged: the note is data, not what is shown
        await settle(pilot)
    assert [(r[3], r[4]) for r in db_rows(make_hostile_app.db)] == [(LABEL, NOTE)]


async def test_search_for_hostile_strings(make_hostile_app):
    app = make_hostile_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("/", *"[@click=app.quit]", "enter")
        await settle(pilot)
        assert "“[@click=app.quit]” 1/2" in status(app)
        assert_clean(app, "search for markup")
        # Pasted text keeps its control characters: shown as symbols, in the box and after.
        await pilot.press("/", "ctrl+u")
        await settle(pilot)
        app.query_one("#search", Input).post_message(events.Paste(f"{ESC}]0;x{BEL}\u202e"))
        await settle(pilot)
        assert_clean(app, "search box with pasted escapes")
        await pilot.press("enter")
        await settle(pilot)
        assert "“␛]0;x␇�” not found" in status(app)
        assert_clean(app, "search for escapes")
        assert app.is_running


async def test_tag_with_hostile_label_and_note_over_wide_text(make_hostile_app, hostile):
    corpus, _ = hostile
    doc = doc_with(corpus, "👨\u200d👩\u200d👧 ｆｕｌｌ The storm")
    number = corpus.documents.index(doc)
    start = doc.text.index("中文字符 😀 👍🏽 👨", doc.text.index("\n"))
    app = make_hostile_app()
    async with app.run_test(size=(100, 30)) as pilot:
        # Straight to it (] skips the document shown in the other column).
        app.show_document(app.columns[0], number)
        await settle(pilot)
        view = app.query(ArticleView).first()
        assert view.document is doc
        view.move_to(start)
        await pilot.press(*["shift+right"] * 13, "t")
        await settle(pilot)
        # Label and note pasted (one event each, faster than a key per character).
        app.screen.query_one("#tag-label").post_message(events.Paste("[@click=app.quit]x"))
        await pilot.press("tab")
        app.screen.query_one("#tag-note").post_message(events.Paste("[bold]n[/] [$accent]"))
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert app.is_running and app.return_code is None
        assert_clean(app, "after tagging wide text")
        await pilot.press("left")
        await settle(pilot)
        assert "tag [@click=app.quit]x by [bold]me — [bold]n[/] [$accent]" in status(app)
    row = next(r for r in db_rows(make_hostile_app.db) if r[3] == "[@click=app.quit]x")
    assert row[1:3] == (start, start + 13)
    assert row[4] == "[bold]n[/] [$accent]"
    assert row[5] == doc.text[start : start + 13] == "中文字符 😀 👍🏽 👨\u200d👩"


async def test_cells_drawn_clicked_and_moved_to_agree_with_offsets(make_hostile_app, hostile):
    corpus, _ = hostile
    doc = doc_with(corpus, "👨\u200d👩\u200d👧 ｆｕｌｌ The storm")
    app = make_hostile_app()
    async with app.run_test(size=(100, 30)) as pilot:
        app.show_document(app.columns[0], corpus.documents.index(doc))
        await settle(pilot)
        view = app.query(ArticleView).first()
        wrap, left = view.wrap, view.region.x + view.gutter.left
        strips = app.screen._compositor.render_strips()
        for row in range(4):
            drawn: dict[int, str] = {}
            x = 0
            for seg in strips[view.region.y + row]:
                for ch in seg.text:
                    if get_character_cell_size(ch):
                        drawn[x] = ch
                    x += get_character_cell_size(ch)
            for offset in range(wrap.starts[row], wrap.ends[row]):
                ch = view.model.document.display[offset]
                if get_character_cell_size(ch) == 0:
                    continue  # drawn in the cell of the character before it
                x = wrap.x_of(offset)
                assert drawn[left + x] == ch, (row, x, doc.text[offset])
                assert wrap.offset_at(row, x) == offset, (row, x, doc.text[offset])
        for needle in ("😀", "👩", "ｆ", "j", "中"):
            offset = doc.text.index(needle)
            row = wrap.row_of(offset)
            await pilot.click(view, offset=(view.gutter.left + wrap.x_of(offset), row))
            assert view.cursor == offset, needle
        # Up and down keep the column, counted in cells.
        view.move_to(doc.text.index("ｆｕｌｌ"))
        x = wrap.x_of(view.cursor)
        await pilot.press("down", "up")
        assert wrap.x_of(view.cursor) == x


async def test_clicking_a_click_markup_title_does_not_quit(make_hostile_app):
    app = make_hostile_app()
    async with app.run_test(size=(100, 30)) as pilot:
        header = app.query(".column--header").first()
        for x in (2, 12, 22, 32):
            await pilot.click(header, offset=(x, 0))
        await settle(pilot)
        assert app.is_running and app.return_code is None


def test_label_styles_from_the_database_never_make_links():
    style = label_style("red", "bold link http://evil.example")
    assert style.bold and not style.link and not style.meta


def test_literal_keeps_offsets_and_agrees_with_rich_on_widths():
    for text in (BIDI, WIDE, ESCAPES, NOTE, "a\u2028b\u2029c ❤️ 👍🏿"):
        shown = literal(text)
        assert len(shown) == len(text)
        assert cell_len(shown) == sum(map(get_character_cell_size, shown)), text
        assert not {ord(ch) for ch in shown} & (BAD - {0x0A})
    assert literal("[bold]x[/bold]") == "[bold]x[/bold]"


def test_wrapped_rows_fit_their_width():
    rng = random.Random(7)
    alphabet = ["a", "b", " ", "中", "😀", "\u0301", "\u200b", "ｆ", "\n"]
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        width = rng.randint(2, 12)
        wrap = WrapIndex.build(text, width)
        shown: set[int] = set()
        for start, end in zip(wrap.starts, wrap.ends, strict=True):
            assert cell_len(text[start:end]) <= width, (text, width, text[start:end])
            shown.update(range(start, end))
        hidden = [i for i, ch in enumerate(text) if ch not in " \n" and i not in shown]
        assert not hidden, (text, width, hidden)
