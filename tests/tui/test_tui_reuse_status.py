"""The status line says where a shared passage came from and how far it travelled (issue 10),
on the bundled corpus as the engine analyses it."""

from __future__ import annotations

from tui_helpers import settle

from newsreader.core.analysis import analyze
from newsreader.core.corpus import load_corpus
from newsreader.store import Store
from newsreader.tui.app import NewsreaderApp


async def test_a_credited_passage_names_its_source(corpus_dir, tmp_path):
    corpus = load_corpus(corpus_dir)
    analysis = analyze(corpus)
    docs = {d.id: d for d in corpus.documents}
    passage = next(p for p in analysis.passages if p.source_reason == "credit")
    copy = next(s for s in passage.spans if s.doc != passage.source)
    source = docs[passage.source]
    store = Store.open(tmp_path / "t.db", user="tester")
    app = NewsreaderApp(
        corpus, store, analysis=analysis, analyzer=None, poll_interval=0, cursor_blink=False
    )
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        app.jump_to(copy.doc, copy.start + 1)
        await pilot.pause()
        status = str(app.query_one("#status").render())
        assert f"from {source.outlet}, credited" in status
        assert "carried by 2 outlets" in status
