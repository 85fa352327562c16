"""Test data and helpers for the reader tests: a small hand-made corpus and analysis.

The analysis is built by hand (not by the engine) so these tests pin the reader's behaviour,
not the engine's tuning.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from newsreader.core.corpus import Corpus, document_from_text
from newsreader.core.model import Analysis, Document, Mention, Passage, Quantity, Span
from newsreader.tui.app import NewsreaderApp

QUOTE = (
    '"We are doing everything we can to help the victims of this storm," the governor said '
    "at a press conference in the capital on Tuesday evening."
)

TEXT_A = f"""Storm kills 12 on the coast

The storm killed 12 people on Monday, officials said, and left thousands without power.

{QUOTE}

Rescue teams from three provinces were still searching the flooded villages.

Markup stays literal: [bold]not bold[/bold]\nand [link=http://example.com]a link[/link].
Escapes show: \x1b[31mnot red\x1b[0m, a bell \x07 too.
"""

TEXT_B = f"""Coastal storm leaves at least 15 dead

At least 15 people died when the storm struck the coast on Monday, according to the red cross.

Roads were closed and schools shut for the week.

Fishermen said the waves were the highest they had seen in decades of work on the coast.

Power lines were down across the region, and mobile networks failed in many villages.

Shelters in town halls and schools took in families who had fled the rising water.

{QUOTE}

About 40,000 homes lost power overnight.

Forecasters warned that a second storm could reach the coast by the weekend.

Insurers said it was too early to estimate the cost of the damage.

The national weather service said the storm was the strongest of the season so far.
"""

TEXT_C = f"""Governor visits storm victims

The governor toured the worst-hit villages on Wednesday.

{QUOTE}

She promised 20 million in aid and said 14 people had been confirmed dead.
"""


def _span(doc: Document, needle: str) -> Span:
    start = doc.text.index(needle)
    return Span(doc.id, start, start + len(needle))


def _mention(mid: str, doc: Document, needle: str, value: float, what: str) -> Mention:
    start = doc.text.index(needle)
    return Mention(mid, doc.id, start, start + len(needle), value, value, "count", what)


def build_corpus() -> Corpus:
    docs = (
        document_from_text(TEXT_A, "corpus/a_storm.txt"),
        document_from_text(TEXT_B, "corpus/b_coastal.txt"),
        document_from_text(TEXT_C, "corpus/c_governor.txt"),
    )
    return Corpus("corpus", docs, ())


def build_analysis(corpus: Corpus) -> Analysis:
    a, b, c = corpus.documents
    passage = Passage("p1", 1.0, (_span(a, QUOTE), _span(b, QUOTE), _span(c, QUOTE)))
    mentions = (
        _mention("m-a", a, "12 people", 12, "people killed"),
        _mention("m-b", b, "15 people", 15, "people killed"),
        _mention("m-c", c, "14 people", 14, "people killed"),
        _mention("m-b2", b, "40,000 homes", 40000, "homes without power"),
        _mention("m-a2", a, "thousands", 2000, "homes without power"),
    )
    quantities = (
        Quantity("q-dead", "people killed", "conflict", ("m-a", "m-b", "m-c")),
        Quantity("q-power", "homes without power", "differ", ("m-a2", "m-b2")),
    )
    return Analysis(corpus.documents, (passage,), mentions, quantities)


def db_rows(path: Path) -> list[tuple[object, ...]]:
    """``(doc, start, end, label, note, quote)`` of every stored tag, read with plain sqlite3."""
    with sqlite3.connect(path) as conn:
        return conn.execute(
            'SELECT doc, start, "end", label, note, quote FROM annotations ORDER BY doc, start'
        ).fetchall()


def screen_text(app: NewsreaderApp) -> str:
    """What the terminal shows now, as plain text lines."""
    strips = app.screen._compositor.render_strips()
    return "\n".join("".join(seg.text for seg in strip) for strip in strips)


async def settle(pilot: object) -> None:
    """Wait until the tag session's store calls asked so far are done and their results shown
    (the store works on its own thread), then for the screen to catch up."""
    app = pilot.app  # type: ignore[attr-defined]
    await app.session.settled()
    await pilot.pause()  # type: ignore[attr-defined]


async def tag_with_dialog(pilot: Any, *keys: str, label: str, note: str = "") -> None:
    """Open the tag dialog with ``keys``, type ``label`` (and ``note`` after Tab), confirm."""
    from newsreader.tui.screens.tag_dialog import TagDialog

    await pilot.press(*keys)
    await settle(pilot)
    assert isinstance(pilot.app.screen, TagDialog)
    await pilot.press(*label)
    if note:
        await pilot.press("tab", *note)
    await pilot.press("enter")
    await settle(pilot)
