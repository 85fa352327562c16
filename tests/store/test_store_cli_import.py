"""`newsreader import` of a file it cannot use (issue 11): one line naming the formats it reads,
exit status 2, nothing written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from store_helpers import assert_one_line_error, file_state, run_cli

pytestmark = pytest.mark.e2e  # every test runs the installed command, each in its own process

# --- 3. an import file in a format we do not read: one line ------------------------------------

CSV_EXPORT = (
    "id,doc,path,title,start,end,label,quote,prefix,suffix,note,author,created,updated\n"
    "6f1c2b1e-7a43-4a8e-9d7e-0b1f3c2d4e5f,d,a.txt,A,0,3,claim,abc,,,,eve,"
    "2026-11-21T10:00:00.000Z,2026-11-21T10:00:00.000Z\n"
) * 3


@pytest.mark.parametrize(
    "content",
    [CSV_EXPORT, "just some\nplain text\nover lines\n", "<html>\n<body>\n</body>\n</html>\n"],
)
def test_unrecognised_import_format_is_one_line(tagged: Path, tmp_path: Path, content: str) -> None:
    path = tmp_path / "in.csv"
    path.write_text(content)
    before = file_state(tagged)
    proc = run_cli(["import", str(path), "--db", str(tagged)])
    line = assert_one_line_error(proc, 2)
    assert proc.stderr.count("\n") == 1, proc.stderr  # one line in all
    assert "json" in line and "jsonl" in line and "W3C" in line
    assert file_state(tagged) == before


def test_csv_import_says_csv_is_export_only(tagged: Path, tmp_path: Path) -> None:
    path = tmp_path / "tags.csv"
    path.write_text(CSV_EXPORT)
    line = assert_one_line_error(run_cli(["import", str(path), "--db", str(tagged)]), 2)
    assert "CSV" in line


def test_failed_import_does_not_create_a_database(tmp_path: Path) -> None:
    path = tmp_path / "tags.csv"
    path.write_text(CSV_EXPORT)
    db = tmp_path / "new.db"
    assert_one_line_error(run_cli(["import", str(path), "--db", str(db)]), 2)
    assert not db.exists()
    assert_one_line_error(run_cli(["import", str(tmp_path / "missing"), "--db", str(db)]), 2)
    assert not db.exists()


def test_jsonl_with_one_bad_line_still_reports_lines(tagged: Path, tmp_path: Path) -> None:
    good = {"id": "6f1c2b1e-7a43-4a8e-9d7e-0b1f3c2d4e5f", "doc": "d", "start": 0, "end": 3}
    good |= {"quote": "abc", "label": "claim", "author": "eve"}
    path = tmp_path / "in.jsonl"
    path.write_text("{oops\n" + json.dumps(good) + "\n")
    proc = run_cli(["import", str(path), "--db", str(tagged)])
    assert "1 bad record(s)" in assert_one_line_error(proc, 2)
    assert "line 1: not JSON" in proc.stderr


@pytest.mark.parametrize("target", ["missing.json", "."])
def test_import_of_a_missing_file_or_a_folder_is_bad_input(
    tagged: Path, tmp_path: Path, target: str
) -> None:
    proc = run_cli(["import", str(tmp_path / target), "--db", str(tagged)])
    assert "cannot read" in assert_one_line_error(proc, 2)
