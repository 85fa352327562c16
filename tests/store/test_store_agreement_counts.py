"""`agreement` per-label document counts (issue 11): a label counts the documents in which it
was compared, that is the documents tagged by two or more authors where it was used at all,
not every such document."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from store_helpers import ARTICLE_A, ARTICLE_B, doc, run_cli

from newsreader.store import Store
from newsreader.store.agreement import agreement


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """Both authors tag a.txt and b.txt; 'claim' on both; 'quote' only on a.txt (by both);
    'figure' only on b.txt, by alice alone (bob, who tagged b.txt, found no figure there)."""
    path = tmp_path / "t.db"
    a, b = doc(ARTICLE_A, "a.txt"), doc(ARTICLE_B, "b.txt")
    with Store.open(path, user="alice") as s:
        s.add(a, 10, 30, "claim")
        s.add(a, 40, 50, "quote")
        s.add(b, 0, 5, "claim")
        s.add(b, 20, 30, "figure")
    with Store.open(path, user="bob") as s:
        s.add(a, 10, 30, "claim")
        s.add(a, 40, 50, "quote")
        s.add(b, 0, 5, "claim")
    return path


def _report(db: Path, label: str | None = None):  # type: ignore[no-untyped-def]
    with Store.open(db) as s:
        anns = s.annotations()
        lengths = {d.id: d.length for d in s.documents() if d.length}
    return agreement(anns, lengths, label=label)


def test_label_counts_the_documents_it_was_compared_in(db: Path) -> None:
    report = _report(db)
    assert report.documents == 2
    docs = {g.key: g.documents for g in report.by_label}
    assert docs == {"claim": 2, "quote": 1, "figure": 1}
    assert report.overall.documents == 2
    # The counts agree with the figures: quote was compared on a.txt only, and there the two
    # authors agree; figure on b.txt only, where bob found none.
    by = {g.key: g for g in report.by_label}
    assert by["quote"].alpha == 1.0 and [p.documents for p in by["quote"].pairs] == [1]
    assert by["figure"].mean_f1_exact == 0.0 and [p.documents for p in by["figure"].pairs] == [1]


def test_one_label_only(db: Path) -> None:
    report = _report(db, label="quote")
    assert [(g.key, g.documents) for g in report.by_label] == [("quote", 1)]
    assert report.overall.documents == 1
    # Only the document where quote was compared is listed.
    assert [g.title for g in report.by_document] == ["Ceasefire talks collapse in the north"]


@pytest.mark.e2e  # runs the installed command
def test_cli_table_and_json_agree(db: Path) -> None:
    data = json.loads(run_cli(["agreement", "--db", str(db), "--json"]).stdout)
    assert {g["key"]: g["documents"] for g in data["by_label"]} == {
        "claim": 2,
        "quote": 1,
        "figure": 1,
    }
    proc = run_cli(["agreement", "--db", str(db), "--label", "quote"])
    assert proc.returncode == 0, proc.stderr
    by_label = proc.stdout.split("By label\n")[1].split("\n\n")[0].splitlines()
    assert [row.split()[:2] for row in by_label[1:]] == [["quote", "1"]]  # once, not twice
    assert "Pairs of authors (quote)" in proc.stdout
