"""The published schemas (issue 12, item 8), shipped in the package (``newsreader/schemas/``)
and read from there: ``annotations.schema.json`` is the one the record shapes make, and real
exports validate against it; ``analyze.schema.json`` describes every key ``analyze --json``
writes and no other. (The examples of each export format: ``test_store_golden.py``.)"""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from store_helpers import REPO

from newsreader import schemas
from newsreader.core import model
from newsreader.core.report import to_json
from newsreader.store import Store
from newsreader.store.exchange import export_annotations
from newsreader.store.formats.schema import annotations_schema

jsonschema = pytest.importorskip("jsonschema", reason="jsonschema is in the test extra")
SCHEMAS = Path(str(schemas.path("")))  # the package's folder, newsreader/schemas


def _validator(name: str, ref: str | None = None) -> Any:
    schema = json.loads((SCHEMAS / name).read_text())
    if ref is not None:
        schema = {"$ref": ref, "$defs": schema["$defs"]}
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_the_published_schema_is_the_one_the_shapes_make() -> None:
    published = json.loads((SCHEMAS / "annotations.schema.json").read_text())
    assert published == annotations_schema(), (
        "run: python -m newsreader.store.formats.schema > "
        "newsreader/schemas/annotations.schema.json"
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


def test_the_schemas_are_in_the_package_and_are_schemas() -> None:
    assert not (REPO / "schemas").exists()  # one copy, the one the wheel ships
    for name in schemas.SCHEMAS:
        schema = schemas.load(name)
        jsonschema.Draft202012Validator.check_schema(schema)
        assert schema["$id"].startswith("urn:newsreader:schema:")
    assert sorted(p.name for p in SCHEMAS.glob("*.json")) == sorted(schemas.SCHEMAS)


def test_the_analyze_json_of_the_bundled_corpus_validates() -> None:
    """``tests/data/analyze_corpus.json`` is ``analyze corpus --json`` (tests/data/README.md)."""
    data = json.loads((REPO / "tests" / "data" / "analyze_corpus.json").read_text())
    validator = _validator("analyze.schema.json")
    assert [e.message for e in validator.iter_errors(data)] == []
    assert data["reprints"] and any(p["credit"] for p in data["passages"])


def _every_field() -> model.Analysis:
    """An analysis with every optional part the JSON can hold, filled."""
    a = model.Document(
        "da",
        "a.txt",
        "A",
        "one two three 40 four",
        outlet="X",
        date="2020-01-01",
        url="https://x.example/a",
        author="Ann",
        notes=("summary only",),
    )
    b = model.Document("db", "b.txt", "B", "one two three 41 four. From X.")
    span_a, span_b = model.Span("da", 0, 21), model.Span("db", 0, 21)
    edit = model.Edit(
        "e1", "replace", True, (model.Span("da", 14, 16), model.Span("db", 14, 16)), quantity="q1"
    )
    passage = model.Passage(
        "p1",
        0.9,
        (span_a, span_b),
        source="da",
        source_reason="credit",
        credit=model.Span("db", 23, 30),
        edits=(edit,),
        reprint="r1",
        carried_by=("da", "db"),
    )
    mentions = (
        model.Mention("m1", "da", 14, 16, 40.0, 40.0, "count", "people", facets=(("event", "k"),)),
        model.Mention("m2", "db", 14, 16, 41.0, None, "count", "people", low_open=True),
    )
    return model.Analysis(
        documents=(a, b),
        passages=(passage,),
        mentions=mentions,
        quantities=(
            model.Quantity("q1", "people", "differ", ("m1", "m2"), ("40 vs 41",), ("e1",)),
        ),
        stories=(model.Story("s1", ("da", "db"), "one two"),),
        skipped=(model.Skipped("c.bin", "not text"),),
        near_duplicates=(model.NearDuplicate("da", "db", 0.8),),
        reprints=(model.Reprint("r1", ("da", "db"), source="da", outlet="X"),),
        timings={"load": 0.01},
    )  # fmt: skip


def _objects(data: object, path: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every JSON object of ``data`` with its path, but the maps (facets, timings)."""
    if isinstance(data, dict):
        if path.rsplit(".", 1)[-1] not in ("facets", "timings"):
            yield path, data
        for key, value in data.items():
            yield from _objects(value, f"{path}.{key}")
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _objects(value, f"{path}[{i}]")


def test_the_analyze_schema_describes_every_key_and_no_other() -> None:
    data = json.loads(json.dumps(to_json(_every_field())))
    validator = _validator("analyze.schema.json")
    assert [e.message for e in validator.iter_errors(data)] == []
    objects = list(_objects(data))
    assert len(objects) >= 15  # top, documents, passages, spans, credit, edits, ... reprints
    for path, obj in objects:
        obj["an_undocumented_key"] = 1
        assert not validator.is_valid(data), f"a new key in {path or 'the top level'} passes"
        del obj["an_undocumented_key"]
        for key in list(obj):  # and every key it has is required
            value = obj.pop(key)
            assert not validator.is_valid(data), f"{path}.{key} may be left out"
            obj[key] = value
    assert validator.is_valid(data)


@pytest.mark.e2e  # builds a wheel in its own process (setuptools from the package index)
def test_a_built_wheel_ships_the_schemas_and_examples(tmp_path: Path) -> None:
    source = tmp_path / "src"
    source.mkdir()
    shutil.copytree(
        REPO / "newsreader", source / "newsreader", ignore=shutil.ignore_patterns("__pycache__")
    )
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / name, source / name)
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(tmp_path), str(source)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    (wheel,) = tmp_path.glob("newsreader-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in schemas.SCHEMAS:
        assert f"newsreader/schemas/{name}" in names
    for ext in schemas.EXAMPLES.values():
        assert f"newsreader/schemas/examples/annotations.{ext}" in names
