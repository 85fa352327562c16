"""Golden example files, one per export format (issue 12, item 8): ``newsreader/schemas/
examples/annotations.{json,jsonl,jsonld,csv}`` are the exports of one fixed small store, byte
for byte, and each validates against its published schema (shipped in the package).

``python tests/store/test_store_golden.py`` rewrites the examples from the fixed store: only
for a change that means to alter an export format, and say so in the commit.
"""

from __future__ import annotations

import csv
import io
import json
import sys
import tempfile
from pathlib import Path
from typing import Any
from unittest import mock

import jsonschema
import pytest
from store_helpers import ARTICLE_A, ARTICLE_B, doc

from newsreader import schemas
from newsreader.store import Store
from newsreader.store.exchange import EXPORT_FORMATS, export_annotations, import_text

EXPORTED = "2026-01-02T03:04:05.000Z"  # the json export's "exported" time, fixed
DOC_A, DOC_B = doc(ARTICLE_A, "corpus/a.txt"), doc(ARTICLE_B, "corpus/b.txt")


def _tag(d: Any, quote: str, ann_id: str, label: str, who: str, note: str = "") -> dict[str, Any]:
    start = d.text.index(quote)
    end = start + len(quote)
    return {
        "id": ann_id,
        "doc": d.id,
        "start": start,
        "end": end,
        "quote": quote,
        "prefix": d.text[max(0, start - 32) : start],
        "suffix": d.text[end : end + 32],
        "label": label,
        "note": note,
        "author": who,
        "created": "2026-01-01T09:00:00.000Z",
        "updated": "2026-01-01T09:30:00.000Z",
    }


# The fixed store: three tags by three authors on two articles; a note with a quotation mark
# and a line break, one that a spreadsheet would run as a formula, a name beyond ASCII.
FIXED = {
    "format": "newsreader-annotations",
    "version": 1,
    "documents": [
        {"id": d.id, "path": d.path, "title": d.title, "length": len(d.text)}
        for d in (DOC_A, DOC_B)
    ],
    "annotations": [
        _tag(DOC_A, "42 people", "6f1c2b1e-7a43-4a8e-9d7e-0b1f3c2d4e5f", "figure", "alice",
             'officials said "42";\nwitnesses say more'),
        _tag(DOC_A, "Witnesses disputed the figure", "0b4c8f7e-3d2a-4c1b-9e8f-7a6b5c4d3e2f",
             "disputed", "bob", "=SUM(A1:A9)"),
        _tag(DOC_B, "At least 40 people died", "d2e3f4a5-b6c7-4d8e-9f0a-1b2c3d4e5f6a", "claim",
             "zoë"),
    ],
}  # fmt: skip


def fixed_exports(folder: Path) -> dict[str, str]:
    """Each export format of the fixed store, made in ``folder``."""
    out: dict[str, str] = {}
    with Store.open(folder / "fixed.db", user="alice") as store:
        report = import_text(
            store, json.dumps(FIXED), "fixed.json", documents=[DOC_A, DOC_B], keep_authors=True
        )
        assert report.added == 3
        with mock.patch("newsreader.store.formats.native.now_iso", return_value=EXPORTED):
            for fmt in EXPORT_FORMATS:
                text = io.StringIO(newline="")
                export_annotations(store, fmt, text)
                out[fmt] = text.getvalue()
    return out


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    return fixed_exports(tmp_path_factory.mktemp("golden"))


def _validator(name: str, ref: str | None = None) -> Any:
    schema = schemas.load(name)
    jsonschema.Draft202012Validator.check_schema(schema)
    if ref is not None:
        schema = {"$ref": ref, "$defs": schema["$defs"]}
    return jsonschema.Draft202012Validator(schema)


def _errors(fmt: str, text: str) -> list[str]:
    """What is wrong with ``text`` as an export in ``fmt``, by its schema."""
    if fmt == "json":
        checker = _validator("annotations.schema.json")
        return [e.message for e in checker.iter_errors(json.loads(text))]
    if fmt == "jsonl":
        checker = _validator("annotations.schema.json", "#/$defs/annotation")
        lines = text.split("\n")
        assert lines[-1] == ""
        return [e.message for ln in lines[:-1] for e in checker.iter_errors(json.loads(ln))]
    if fmt == "w3c":
        checker = _validator("w3c.schema.json")
        return [e.message for e in checker.iter_errors(json.loads(text))]
    checker = _validator("csv.schema.json")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    problems = []
    if reader.fieldnames != checker.schema["required"]:
        problems.append(f"columns {reader.fieldnames}")
    return problems + [e.message for row in reader for e in checker.iter_errors(row)]


@pytest.mark.parametrize("fmt", EXPORT_FORMATS)
def test_the_fixed_stores_export_is_the_example(exports: dict[str, str], fmt: str) -> None:
    assert exports[fmt] == schemas.example(fmt), (
        "an export format changed: if that is meant, run python tests/store/test_store_golden.py"
    )


@pytest.mark.parametrize("fmt", EXPORT_FORMATS)
def test_each_example_validates_against_its_schema(fmt: str) -> None:
    assert _errors(fmt, schemas.example(fmt)) == []


def test_the_schemas_refuse_what_the_export_does_not_write() -> None:
    data = json.loads(schemas.example("w3c"))
    item = data["first"]["items"][0]
    wrong = [
        {**data, "extra": 1},
        {**data, "first": {**data["first"], "items": [{**item, "bodyValue": "x"}]}},
        {**data, "first": {**data["first"], "items": [{**item, "creator": {"nickname": "a"}}]}},
    ]
    for broken in wrong:
        assert _errors("w3c", json.dumps(broken)), broken
    rows = schemas.example("csv").split("\r\n")
    assert rows[1].count('"=SUM') == 0 and '"\'=SUM(A1:A9)"' in rows[2]
    live = schemas.example("csv").replace("\"'=SUM", '"=SUM')
    assert any("should not be valid" in e for e in _errors("csv", live))
    moved = schemas.example("csv").replace('"id","doc"', '"doc","id"', 1)
    assert _errors("csv", moved)[0].startswith("columns")
    jsonl = json.loads(schemas.example("jsonl").split("\n")[0])
    assert _errors("jsonl", json.dumps({**jsonl, "start": "0"}) + "\n")


def test_the_examples_are_what_the_readme_shows() -> None:
    """Each example is named in the README, so people find them."""
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    for ext in schemas.EXAMPLES.values():
        assert f"newsreader/schemas/examples/annotations.{ext}" in readme


def _rewrite() -> None:
    examples = Path(str(schemas.path("examples")))
    with tempfile.TemporaryDirectory() as tmp:
        for fmt, text in fixed_exports(Path(tmp)).items():
            target = examples / f"annotations.{schemas.EXAMPLES[fmt]}"
            target.write_bytes(text.encode("utf-8"))
            print(f"wrote {target}", file=sys.stderr)


if __name__ == "__main__":
    _rewrite()
