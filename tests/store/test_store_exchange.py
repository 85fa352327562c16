"""Export and import: formats, round trips, validation, idempotence, atomic files."""

from __future__ import annotations

import csv
import io
import json
import tempfile
from pathlib import Path
from typing import TextIO

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from store_helpers import ARTICLE_A, ARTICLE_B, assert_one_line_error, doc, run_cli

from newsreader.core.model import Document
from newsreader.store import Store
from newsreader.store.exchange import (
    ExportFormat,
    ImportFailed,
    export_annotations,
    export_to_file,
    import_text,
)

SPEC_KEYS = {
    "id", "doc", "start", "end", "quote", "prefix", "suffix", "label", "note", "author",
    "created", "updated",
}  # fmt: skip


def exported(store: Store, fmt: ExportFormat, **filters: str) -> str:
    out = io.StringIO()
    export_annotations(store, fmt, out, **filters)
    return out.getvalue()


@pytest.fixture
def filled(store: Store, doc_a: Document, doc_b: Document) -> Store:
    store.add(doc_a, 0, 9, "claim", "headline")
    store.add(doc_a, doc_a.text.index("42"), doc_a.text.index("42") + 2, "figure")
    store.add(doc_b, 0, 5, "quote", '=HYPERLINK("x")')
    return store


def test_json_shape(filled: Store, doc_a: Document, doc_b: Document):
    data = json.loads(exported(filled, "json"))
    assert data["format"] == "newsreader-annotations" and data["version"] == 1
    assert data["exported"].endswith("Z")
    assert {d["id"]: (d["path"], d["title"]) for d in data["documents"]} == {
        doc_a.id: (doc_a.path, doc_a.title),
        doc_b.id: (doc_b.path, doc_b.title),
    }
    assert len(data["annotations"]) == 3
    for ann in data["annotations"]:
        assert set(ann) == SPEC_KEYS
        text = doc_a.text if ann["doc"] == doc_a.id else doc_b.text
        assert text[ann["start"] : ann["end"]] == ann["quote"]


def test_filters_and_empty_export(filled: Store, doc_a: Document):
    assert len(json.loads(exported(filled, "json", doc=doc_a.path))["annotations"]) == 2
    assert len(json.loads(exported(filled, "json", label="quote"))["annotations"]) == 1
    empty = json.loads(exported(filled, "json", author="nobody"))
    assert empty["annotations"] == [] and empty["documents"] == []


def test_jsonl_one_annotation_per_line(filled: Store):
    lines = exported(filled, "jsonl").splitlines()
    assert len(lines) == 3
    for line in lines:
        record = json.loads(line)
        assert set(record) >= SPEC_KEYS and {"doc_path", "doc_title"} <= set(record)


def test_w3c_web_annotation(filled: Store, doc_b: Document):
    data = json.loads(exported(filled, "w3c"))
    assert data["@context"][0] == "http://www.w3.org/ns/anno.jsonld"
    assert data["type"] == "AnnotationCollection" and data["total"] == 3
    items = data["first"]["items"]
    item = next(i for i in items if i["body"][0]["value"] == "quote")
    assert item["type"] == "Annotation" and item["id"].startswith("urn:uuid:")
    kinds = {s["type"]: s for s in item["target"]["selector"]}
    assert kinds["TextQuoteSelector"]["exact"] == doc_b.text[0:5]
    assert (kinds["TextPositionSelector"]["start"], kinds["TextPositionSelector"]["end"]) == (0, 5)
    assert item["target"]["source"]["id"] == f"urn:newsreader:doc:{doc_b.id}"


def test_csv_for_spreadsheets(filled: Store, doc_b: Document):
    rows = list(csv.DictReader(io.StringIO(exported(filled, "csv"))))
    assert len(rows) == 3
    row = next(r for r in rows if r["label"] == "quote")
    assert (row["path"], row["title"], row["quote"]) == (doc_b.path, doc_b.title, doc_b.text[:5])
    assert row["note"] == '\'=HYPERLINK("x")'  # never a live formula


# ---------------------------------------------------------------------------------------------
# Round trip (property)

DOCS = [doc(ARTICLE_A, "corpus/a.txt"), doc(ARTICLE_B, "corpus/b.txt")]
tag = st.tuples(
    st.integers(0, 1),
    st.integers(0, 150),
    st.integers(1, 40),
    st.sampled_from(["claim", "disputed", "source", "quote", "figure", "new label"]),
    st.text(max_size=30).filter(lambda s: "\x00" not in s),
    st.sampled_from(["alice", "bob", "zoë"]),
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tags=st.lists(tag, max_size=12), fmt=st.sampled_from(["json", "jsonl", "w3c"]))
def test_export_import_export_is_identical(tags: list, fmt: ExportFormat):
    with tempfile.TemporaryDirectory() as tmp:
        first = Path(tmp) / "first.db"
        for which, start, length, label, note, author in tags:
            with Store.open(first, user=author) as s:
                s.add_label(label)
                d = DOCS[which]
                s.add(d, start, min(start + length, len(d.text)), label, note)
        with Store.open(first) as s:
            before = exported(s, fmt)
            before_json = json.loads(exported(s, "json"))
        with Store.open(Path(tmp) / "second.db", user="importer") as s:
            report = import_text(s, before, "x", search_disk=False, keep_authors=True)
            assert report.added == len(tags)
            again = import_text(s, before, "x", search_disk=False, keep_authors=True)
            assert again.unchanged == len(tags) and again.added == 0
            after_json = json.loads(exported(s, "json"))
            after = exported(s, fmt)
        assert after_json["annotations"] == before_json["annotations"]
        if fmt == "json":
            assert after_json["documents"] == before_json["documents"]
        else:  # jsonl and W3C do not carry document lengths
            for d in before_json["documents"]:
                del d["length"]
            assert after_json["documents"] == before_json["documents"]
        if fmt != "json":
            assert after == before


# ---------------------------------------------------------------------------------------------
# Import rules


def file_with(annotations: list[dict], documents: list[dict] | None = None) -> str:
    return json.dumps(
        {
            "format": "newsreader-annotations",
            "version": 1,
            "exported": "2024-01-01T00:00:00Z",
            "documents": documents or [],
            "annotations": annotations,
        }
    )


def record(**changes: object) -> dict:
    base = {
        "id": "6f1c2b1e-7a43-4a8e-9d7e-0b1f3c2d4e5f",
        "doc": "19c68c5bab902a6b",
        "start": 0,
        "end": 9,
        "quote": "Ceasefire",
        "prefix": "",
        "suffix": " talks",
        "label": "claim",
        "note": "",
        "author": "alice",
        "created": "2024-05-01T10:00:00Z",
        "updated": "2024-05-01T10:00:00Z",
    }
    base.update(changes)
    return base


def test_bad_records_are_all_reported_and_nothing_is_written(store: Store, doc_a: Document):
    store.add(doc_a, 0, 9, "claim")
    bad = file_with(
        [
            record(),
            record(id="not-a-uuid"),
            record(id="11111111-1111-1111-1111-111111111111", start=5, end=2),
            record(id="22222222-2222-2222-2222-222222222222", start="0"),
            record(id="33333333-3333-3333-3333-333333333333", created="yesterday"),
            "just a string",
        ]
    )
    with pytest.raises(ImportFailed) as caught:
        import_text(store, bad, "bad.json", search_disk=False)
    problems = caught.value.problems
    assert [p.split(":")[1].strip() for p in problems] == [
        "annotation 2",
        "annotation 3",
        "annotation 4",
        "annotation 5",
        "annotation 6",
    ]
    assert "not a UUID" in problems[0] and "greater than 'start'" in problems[1]
    assert "'start' must be an integer" in problems[2] and "ISO-8601" in problems[3]
    assert store.count() == 1  # the valid first record was not written either


def test_same_id_twice_is_one_row_and_newer_wins(store: Store):
    newer = record(note="edited", updated="2024-05-02T10:00:00Z")
    report = import_text(store, file_with([record(), newer, record()]), "f", search_disk=False)
    assert report.added == 1 and store.count() == 1
    assert store.annotations()[0].note == "edited"
    report = import_text(store, file_with([record()]), "f", search_disk=False)
    assert report.kept == 1 and store.annotations()[0].note == "edited"
    report = import_text(
        store,
        file_with([record(note="later", updated="2024-06-01T00:00:00+02:00")]),
        "f",
        search_disk=False,
    )
    assert report.updated == 1
    assert store.annotations()[0].updated == "2024-05-31T22:00:00.000Z"


def test_import_cannot_take_over_someone_elses_tag(db_path: Path):
    with Store.open(db_path, user="alice") as alice:
        import_text(alice, file_with([record()]), "f", search_disk=False)
    forged = record(author="mallory", note="mine")
    with Store.open(db_path, user="mallory") as mallory:
        with pytest.raises(ImportFailed, match="nothing was imported"):
            import_text(mallory, file_with([forged]), "f", search_disk=False)
        edit = record(note="changed by bob", updated="2025-01-01T00:00:00Z")
        with pytest.raises(ImportFailed) as caught:
            import_text(mallory, file_with([edit]), "f", search_disk=False)
        assert "belongs to alice" in caught.value.problems[0]
        assert mallory.annotations()[0].note == ""


@pytest.mark.e2e  # runs the installed command
def test_import_reanchors_against_an_edited_corpus(tmp_path: Path, store: Store, doc_a: Document):
    start = ARTICLE_A.index("42 people")
    store.add(doc_a, start, start + 9, "figure")
    payload = exported(store, "json")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    edited_text = "Correction appended.\n" + ARTICLE_A
    (corpus / "a.txt").write_text(edited_text)
    out = tmp_path / "export.json"
    out.write_text(payload.replace('"path": "corpus/a.txt"', f'"path": "{corpus / "a.txt"}"'))
    fresh = tmp_path / "fresh.db"
    proc = run_cli(
        ["import", str(out), "--db", str(fresh), "--corpus", str(corpus), "--keep-authors"]
    )
    assert proc.returncode == 0, proc.stderr
    assert "1 re-anchored" in proc.stdout
    with Store.open(fresh) as s:
        (ann,) = s.annotations()
    assert ann.doc != doc_a.id and edited_text[ann.start : ann.end] == "42 people"
    assert ann.start == start + len("Correction appended.\n")


def test_foreign_w3c_annotation_is_placed_by_its_quote(tmp_path: Path, store: Store):
    path = tmp_path / "article.txt"
    path.write_text(ARTICLE_B)
    foreign = {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": "http://example.org/anno/17",
        "type": "Annotation",
        "creator": "Dana",
        "body": [{"type": "TextualBody", "purpose": "tagging", "value": "source"}],
        "target": {
            "source": f"file://{path}",
            "selector": {"type": "TextQuoteSelector", "exact": "a spokesman said"},
        },
    }
    report = import_text(store, json.dumps(foreign), "foreign.json", keep_authors=True)
    assert report.added == 1
    (ann,) = store.annotations()
    assert ARTICLE_B[ann.start : ann.end] == "a spokesman said"
    assert (ann.author, ann.label, ann.doc_path) == ("Dana", "source", str(path))
    again = import_text(store, json.dumps(foreign), "foreign.json", keep_authors=True)
    assert again.unchanged == 1 and store.count() == 1


def test_jsonl_errors_name_lines(store: Store):
    text = json.dumps(record()) + "\n{oops\n" + json.dumps(record(label="")) + "\n"
    with pytest.raises(ImportFailed) as caught:
        import_text(store, text, "x.jsonl", search_disk=False)
    assert [p.split(":")[1].strip() for p in caught.value.problems] == ["line 2", "line 3"]
    assert store.count() == 0


def test_newer_file_format_is_refused(store: Store):
    data = json.loads(file_with([record()]))
    data["version"] = 2
    with pytest.raises(ImportFailed, match="newer than this newsreader"):
        import_text(store, json.dumps(data), "f", search_disk=False)


# ---------------------------------------------------------------------------------------------
# Atomic export files


def test_failed_export_leaves_the_old_file_and_no_temporary(filled: Store, tmp_path: Path):
    target = tmp_path / "out.json"
    target.write_text("previous export\n")

    def half_then_fail(store: Store, fmt: ExportFormat, out: TextIO) -> int:
        out.write('{"format": "newsreader-annotations", "annotations": [')
        raise OSError(28, "No space left on device")

    with pytest.raises(Exception, match="No space left"):
        export_to_file(filled, "json", target, overwrite=True, _write=half_then_fail)
    assert target.read_text() == "previous export\n"
    assert not [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert export_to_file(filled, "json", target, overwrite=True) == 3
    assert len(json.loads(target.read_text())["annotations"]) == 3


@pytest.mark.e2e  # runs the installed command
def test_cli_export_to_missing_folder_is_one_clear_line(
    filled: Store, db_path: Path, tmp_path: Path
):
    proc = run_cli(["export", "--db", str(db_path), "--out", str(tmp_path / "no" / "x.json")])
    assert "does not exist" in assert_one_line_error(proc)
