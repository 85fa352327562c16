"""The export, import, tags and agreement commands."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from store_helpers import assert_one_line_error, run_cli

from newsreader.cli import main
from newsreader.core.model import Document
from newsreader.store import Store

COMMANDS = ("export", "import", "tags", "agreement")


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command: str, capsys: pytest.CaptureFixture[str]):
    with pytest.raises(SystemExit) as caught:
        main([command, "--help"])
    assert caught.value.code == 0
    out = capsys.readouterr().out
    assert "--db" in out and "--user" in out


@pytest.fixture
def tagged(db_path: Path, doc_a: Document, doc_b: Document) -> Path:
    with Store.open(db_path, user="alice") as s:
        s.add(doc_a, 0, 9, "claim", "first")
        s.add(doc_b, 0, 5, "quote")
    with Store.open(db_path, user="bob") as s:
        s.add(doc_a, 2, 9, "claim")
    return db_path


def test_tags_table_and_json(tagged: Path, capsys: pytest.CaptureFixture[str], doc_a: Document):
    assert main(["tags", "--db", str(tagged)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split() == ["ID", "DOCUMENT", "SPAN", "LABEL", "AUTHOR", "QUOTE", "NOTE"]
    assert len(out) == 4 and any("alice" in ln and "first" in ln for ln in out)
    assert main(["tags", "--db", str(tagged), "--json", "--author", "bob"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [(a["author"], a["doc"], a["start"]) for a in data] == [("bob", doc_a.id, 2)]


def test_db_from_environment(tagged: Path, monkeypatch: pytest.MonkeyPatch, capsys):
    monkeypatch.setenv("NEWSREADER_DB", str(tagged))
    assert main(["tags", "--json", "--label", "quote"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 1


@pytest.mark.parametrize("fmt", ["json", "jsonl", "w3c", "csv"])
def test_export_to_stdout_and_file(tagged: Path, tmp_path: Path, fmt: str, capsys):
    assert main(["export", "--db", str(tagged), "--format", fmt]) == 0
    printed = capsys.readouterr().out
    out = tmp_path / f"x.{fmt}"
    assert main(["export", "--db", str(tagged), "--format", fmt, "--out", str(out)]) == 0
    assert "exported 3 annotation(s)" in capsys.readouterr().err
    written = out.read_bytes().decode("utf-8")  # as written: csv lines end in \r\n
    if fmt == "json":  # only the export time differs
        printed, written = json.loads(printed), json.loads(written)
        printed.pop("exported"), written.pop("exported")
    assert printed == written


@pytest.mark.e2e  # runs the installed command
def test_import_reports_each_bad_record(tagged: Path, tmp_path: Path):
    bad = tmp_path / "bad.jsonl"
    good = {"id": "6f1c2b1e-7a43-4a8e-9d7e-0b1f3c2d4e5f", "doc": "d", "start": 0, "end": 3}
    good |= {"quote": "abc", "label": "claim", "author": "eve"}
    bad.write_text("\n".join([json.dumps(good), json.dumps({**good, "end": "3"}), "[1, 2"]) + "\n")
    proc = run_cli(["import", str(bad), "--db", str(tagged)])
    line = assert_one_line_error(proc, 2)
    assert "2 bad record(s); nothing was imported" in line
    assert f"{bad}: line 2: 'end' must be an integer" in proc.stderr
    assert f"{bad}: line 3: not JSON" in proc.stderr
    with Store.open(tagged) as s:
        assert s.count() == 3


@pytest.mark.e2e  # runs the installed command
@pytest.mark.parametrize(
    ("content", "message"),
    [(b"\xff\xfe garbage", "not UTF-8"), (b"<html></html>", "not JSON"), (None, "cannot read")],
)
def test_import_unusable_files(tagged: Path, tmp_path: Path, content: bytes | None, message: str):
    path = tmp_path / "in.json"
    if content is not None:
        path.write_bytes(content)
    assert message in assert_one_line_error(run_cli(["import", str(path), "--db", str(tagged)]))


@pytest.mark.e2e  # runs the installed command
def test_bad_arguments_are_usage_errors(tagged: Path):
    proc = run_cli(["export", "--db", str(tagged), "--format", "xml"])
    assert (
        proc.returncode == 2 and "invalid choice" in proc.stderr and "Traceback" not in proc.stderr
    )
