"""The reader on dated reports: outlet and date in the headers, the quantity panel in date
order with a timeline, a revised running count marked as updated (not as a conflict)."""

from __future__ import annotations

import sys
from pathlib import Path

from tui_helpers import screen_text

from newsreader.core.analysis import AnalysisOptions, analyze
from newsreader.core.corpus import load_corpus
from newsreader.tui.app import NewsreaderApp

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "unit"))
from test_quantities_time import REPORTS, _folder


async def test_rising_toll_reads_as_a_timeline(tmp_path: Path, store) -> None:  # type: ignore[no-untyped-def]
    # Path order is not date order: the panel must sort by date.
    shuffled = {f"r{len(REPORTS) - i}.txt": v for i, v in enumerate(REPORTS.values())}
    corpus = load_corpus(_folder(tmp_path / "quake", shuffled))
    analysis = analyze(corpus, AnalysisOptions(parallel=False))
    (toll,) = [q for q in analysis.quantities if q.status == "updated"]
    app = NewsreaderApp(corpus, store, analysis=analysis, analyzer=None, poll_interval=0)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "Wire · 1999-08-25 · Turkey ends search for quake surv" in text
        # The figure is marked as a revised count, not as a conflict.
        doc = app.view.document
        assert doc is not None
        marks = {m.kind for m in app.index.marks(doc.id)}
        assert "updated" in marks and "conflict" not in marks
        mention = next(
            app.index.mentions[m] for m in toll.mentions if app.index.mentions[m].doc == doc.id
        )
        app.view.move_to(mention.start)
        await pilot.press("enter")
        await pilot.pause()
        panel = screen_text(app)
        assert "updated" in panel
        assert "1999-08-17 600 → 1999-08-25 17,997  (4 dates over 8 days)" in panel
        rows = [line for line in panel.splitlines() if " · Wire · " in line]
        assert [r.split("1999-08-")[1][:2] for r in rows] == ["17", "19", "21", "25"]
