"""The installed ``newsreader`` in a real terminal (tmux) on the bundled corpus: ``d`` on the
passage AMN reprinted from RFE/RL shows both versions and how to close; Escape closes it;
``g`` then goes to AMN's article."""

from __future__ import annotations

import re
import shutil
import time
from pathlib import Path

import pytest
from tmux_reader import ROOT, reader_in_tmux

CORPUS = ROOT / "corpus"

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")


def test_diff_opens_shows_both_versions_and_closes(tmp_path: Path) -> None:
    from newsreader.core.analysis import analyze
    from newsreader.core.corpus import load_corpus

    corpus = load_corpus(CORPUS)
    rfe, amn = corpus.documents[0], corpus.documents[1]
    passages = [p for p in analyze(corpus).passages if {s.doc for s in p.spans} == {rfe.id, amn.id}]
    # The fourth passage of RFE/RL's article (n four times) is the one AMN edited.
    fourth = sorted(passages, key=lambda p: next(s.start for s in p.spans if s.doc == rfe.id))[3]
    dropped = next(e for e in fourth.edits if e.op == "delete").spans[0]
    added = next(e for e in fourth.edits if e.op == "replace").spans[1]
    db = tmp_path / "annotations.db"
    with reader_in_tmux([str(CORPUS), "--db", str(db), "--user", "e2e"]) as term:
        term.wait_for("7 passages")  # the analysis is in
        term.keys("n", "n", "n", "n", "d")
        shown = term.wait_for("esc or q closes")
        assert "Shared passage" in shown and "from RFE/RL, credited" in shown
        assert rfe.text[dropped.start : dropped.end] in shown  # the source's words...
        assert amn.text[added.start : added.end] in shown  # ...and the copy's
        assert "source · RFE/RL" in shown and "copy · AMN" in shown
        term.keys("Escape")
        deadline = time.monotonic() + 15
        while "Shared passage" in term.screen():
            assert time.monotonic() < deadline, term.screen()
            time.sleep(0.05)
        term.keys("g")
        # The status line names the article in focus: "2/4 ROW:PCT%" (the headers say "2/4 PATH").
        status = re.compile(rf"\b{corpus.documents.index(amn) + 1}/{len(corpus.documents)} \d+:")
        while not status.search(term.screen()):
            assert time.monotonic() < deadline, term.screen()
            time.sleep(0.05)
        term.keys("q")
        term.wait_for("NEWSREADER-EXIT=0")
