"""The diff view of one shared passage: the versions aligned sentence by sentence from exact
slices, a changed figure drawn loud (reverse bold), other edits with their own text styles,
which NO_COLOR keeps; control characters never reach the terminal."""

from __future__ import annotations

import pytest
from rich.segment import Segment
from test_tui_key_bursts import until

from newsreader.core.corpus import Corpus, document_from_text
from newsreader.core.model import Analysis, Document, Edit, Passage, Span
from newsreader.tui.app import NewsreaderApp
from newsreader.tui.literal import literal
from newsreader.tui.screens.diff import GAP, DiffScreen, diff_rows

SOURCE = (
    "Storm toll rises\n\nThe storm killed 104 people on Monday, officials said, and the "
    "\x1b[31m army was sent to the coast. Rescue teams searched the flooded villages all "
    "night long.\n"
)
COPY = (
    "Storm kills 158\n\nThe storm killed 158 people, officials claimed, and the \x1b[31m army "
    "was sent to the coast. Rescue teams searched the flooded villages all night long.\n"
)


def _at(doc: Document, needle: str, length: int | None = None) -> Span:
    start = doc.text.index(needle)
    return Span(doc.id, start, start + (len(needle) if length is None else length))


@pytest.fixture
def reprint() -> tuple[Corpus, Analysis]:
    src = document_from_text(SOURCE, "a_source.txt")
    copy = document_from_text(COPY, "b_copy.txt")
    spans = (_at(src, "The storm", len(src.text) - 1 - src.text.index("The storm")),
             _at(copy, "The storm", len(copy.text) - 1 - copy.text.index("The storm")))  # fmt: skip
    edits = (
        Edit("p.0", "replace", True, (_at(src, "104", 3), _at(copy, "158 people", 3))),
        Edit("p.1", "delete", False, (_at(src, "on Monday"), _at(copy, "officials", 0))),
        Edit("p.2", "replace", False, (_at(src, "said"), _at(copy, "claimed"))),
    )
    passage = Passage("p", 0.9, spans, source=src.id, source_reason="date", edits=edits)
    corpus = Corpus("reprint", (src, copy), ())
    return corpus, Analysis(corpus.documents, (passage,))


def test_rows_pair_sentences_and_are_exact_slices(reprint):
    corpus, analysis = reprint
    src, copy = corpus.documents
    rows = diff_rows(analysis.passages[0], {d.id: d for d in corpus.documents})
    assert len(rows) == 2  # the edited sentence, then the one both say alike
    (left1, right1), (left2, right2) = rows
    first_src = src.text[src.text.index("The storm") : src.text.index(" Rescue")]
    assert "".join(p.text for p in left1) == literal(first_src)
    assert [(p.text, p.kind) for p in left1 if p.kind] == [
        ("104", "figure"), ("on Monday", "delete"), ("said", "replace"),
    ]  # fmt: skip
    assert [(p.text, p.kind) for p in right1 if p.kind] == [
        ("158", "figure"), (GAP, "gap"), ("claimed", "replace"),
    ]  # fmt: skip
    assert not any(p.kind for p in (*left2, *right2))
    assert "".join(p.text for p in right2) == copy.text[copy.text.index("Rescue") : -1]
    assert not any("\x1b" in p.text for row in rows for side in row for p in side)


def test_the_engines_edits_of_a_reprint_become_the_styled_words():
    from newsreader.core.analysis import analyze

    text = (
        "Rescue workers said on Tuesday that the earthquake in the mountain province had killed "
        "{n} people and destroyed more than two thousand homes, officials {v}. The regional "
        "governor asked the national government for tents, blankets and medicine for the "
        "families left without shelter.\n"
    )
    src = document_from_text("Quake toll\n\n" + text.format(n="104", v="said"), "a.txt")
    copy = document_from_text("Quake kills\n\n" + text.format(n="158", v="claimed"), "b.txt")
    analysis = analyze(Corpus("reprint", (src, copy), ()))
    (passage,) = analysis.passages
    rows = diff_rows(passage, {d.id: d for d in analysis.documents})
    marked = [[(p.text, p.kind) for side in row for p in side if p.kind] for row in rows]
    assert marked == [
        [("104", "figure"), ("said", "replace"), ("158", "figure"), ("claimed", "replace")], [],
    ]  # fmt: skip


def _segments(app: NewsreaderApp) -> list[Segment]:
    return [seg for strip in app.screen._compositor.render_strips() for seg in strip]


def _style_of(segments: list[Segment], text: str):
    found = [seg.style for seg in segments if seg.text == text]
    assert found, f"{text!r} is not one segment on screen"
    return found[0]


def _reader(corpus: Corpus, analysis: Analysis) -> NewsreaderApp:
    return NewsreaderApp(
        corpus, None, analysis=analysis, analyzer=None, poll_interval=0, cursor_blink=False
    )


@pytest.mark.parametrize("size", [(80, 24), (160, 48)], ids=["stacked", "side-by-side"])
async def test_a_changed_figure_is_loud_and_each_edit_styled(reprint, size):
    corpus, analysis = reprint
    src = corpus.documents[0]
    app = _reader(corpus, analysis)
    async with app.run_test(size=size) as pilot:
        app.views[0].move_to(src.text.index("The storm") + 4)
        await pilot.press("d")
        await until(pilot, lambda: isinstance(app.screen, DiffScreen))
        await pilot.pause()
        segments = _segments(app)
        for figure in ("104", "158"):
            style = _style_of(segments, figure)
            assert style.reverse and style.bold
        dropped = _style_of(segments, "on Monday")
        assert dropped.strike and not dropped.reverse
        for word in ("said", "claimed"):
            style = _style_of(segments, word)
            assert style.italic and style.underline and not style.reverse
        assert _style_of(segments, GAP).bold
        shown = "".join(seg.text for seg in segments)
        assert "\x1b" not in shown and "␛[31m army" in shown


async def test_no_color_keeps_every_edit_apart(reprint, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    corpus, analysis = reprint
    src = corpus.documents[0]
    app = _reader(corpus, analysis)
    async with app.run_test(size=(160, 48)) as pilot:
        app.views[0].move_to(src.text.index("The storm") + 4)
        await pilot.press("d")
        await until(pilot, lambda: isinstance(app.screen, DiffScreen))
        await pilot.pause()
        segments = _segments(app)
        # No colour reaches the screen: what tells the edits apart is their text style.
        colours = [c for seg in segments if seg.style for c in (seg.style.color, seg.style.bgcolor)]
        assert all(c.triplet is None or len(set(c.triplet)) == 1 for c in colours if c)
        figure = _style_of(segments, "158")
        assert figure.reverse and figure.bold
        assert _style_of(segments, "on Monday").strike
        assert _style_of(segments, "claimed").italic
