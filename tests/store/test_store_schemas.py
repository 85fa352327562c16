"""The published schemas (issue 12, item 8): ``schemas/annotations.schema.json`` is the one the
record shapes make, and real exports validate against it; ``schemas/analyze.schema.json``
validates real ``analyze --json`` output."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from store_helpers import REPO

from newsreader.store import Store
from newsreader.store.exchange import export_annotations
from newsreader.store.formats.schema import annotations_schema

jsonschema = pytest.importorskip("jsonschema", reason="jsonschema is in the test extra")
SCHEMAS = REPO / "schemas"


def _validator(name: str, ref: str | None = None) -> Any:
    schema = json.loads((SCHEMAS / name).read_text())
    if ref is not None:
        schema = {"$ref": ref, "$defs": schema["$defs"]}
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_the_published_schema_is_the_one_the_shapes_make() -> None:
    published = json.loads((SCHEMAS / "annotations.schema.json").read_text())
    assert published == annotations_schema(), (
        "run: python -m newsreader.store.formats.schema > schemas/annotations.schema.json"
    )


def test_exports_validate_and_broken_records_do_not(filled_store: Store) -> None:
    out = io.StringIO()
    export_annotations(filled_store, "json", out)
    whole = _validator("annotations.schema.json")
    data = json.loads(out.getvalue())
    assert list(whole.iter_errors(data)) == []
    line = _validator("annotations.schema.json", "#/$defs/annotation")
    out = io.StringIO()
    export_annotations(filled_store, "jsonl", out)
    records = [json.loads(ln) for ln in out.getvalue().splitlines()]
    assert len(records) == 2 and all(line.is_valid(r) for r in records)
    for broken in ({"start": "0"}, {"label": ""}, {"note": "n" * 10_001}, {"id": None}):
        assert not line.is_valid({**records[0], **broken}), broken
    assert not whole.is_valid({**data, "format": "something-else"})


@pytest.fixture
def filled_store(store: Store, doc_a: Any, doc_b: Any) -> Store:
    store.add(doc_a, 0, 9, "claim", "a note")
    store.add(doc_b, 0, 5, "quote")
    return store


@pytest.mark.e2e  # runs the installed command
def test_analyze_json_validates_against_its_schema(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "newsreader", "analyze", str(REPO / "corpus"), "--json"],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
    )
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    validator = _validator("analyze.schema.json")
    assert [e.message for e in validator.iter_errors(data)] == []
    assert data["mentions"] and data["passages"]  # the bundled corpus has both
    data["mentions"][0]["kind"] = "banana"
    assert not validator.is_valid(data)


def test_history_json_validates_against_its_schema(
    tmp_path: Path, doc_a: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    """Every kind of event, as ``newsreader history --json`` writes it."""
    from newsreader.cli import main
    from newsreader.store.importing import import_text

    db = tmp_path / "trail.db"
    with Store.open(db, user="alice", admin=True) as store:
        ann = store.add(doc_a, 0, 9, "claim", "a note")
        store.update(ann.id, label="disputed")
        store.restore(store.delete(ann.id))
        store.add_label("weather")
        record = {"id": "11111111-2222-4333-8444-555555555555", "doc": doc_a.id, "start": 0,
                  "end": 9, "quote": doc_a.text[:9], "label": "toll",
                  "author": "carol"}  # fmt: skip
        import_text(store, json.dumps(record), "carol.jsonl", documents=[doc_a], keep_authors=True)
    assert main(["history", "--db", str(db), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    actions = [e["action"] for e in data]
    assert actions == ["begin", "add", "edit", "delete", "restore", "label", "label", "import"]
    validator = _validator("history.schema.json")
    assert [e.message for e in validator.iter_errors(data)] == []
    edit, imported = data[2], data[-1]
    for broken in (
        {**edit, "action": "rename"},
        {**edit, "after": None},  # an edit has a row after it
        {**edit, "before": {**edit["before"], "start": "0"}},
        {**imported, "import": None},  # an import says what it read
        {**edit, "changed": ["colour"]},
        {k: v for k, v in edit.items() if k != "account"},
    ):
        assert not validator.is_valid([broken]), broken
