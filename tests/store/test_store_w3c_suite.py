"""Our W3C export against the W3C's own Web Annotation tests (issue 12, item 6): every MUST
assertion of the annotation, collection and page suites, run as the JSON Schemas they are
(``/work/shared/bench/web-annotation-tests``, see its README)."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from store_helpers import ARTICLE_A, ARTICLE_B, doc

from newsreader.store import Store
from newsreader.store.exchange import export_annotations

jsonschema = pytest.importorskip("jsonschema", reason="jsonschema is in the test extra")
referencing = pytest.importorskip("referencing", reason="jsonschema brings referencing")

SUITE = Path("/work/shared/bench/web-annotation-tests")
pytestmark = pytest.mark.skipif(not SUITE.is_dir(), reason=f"{SUITE} is not on this machine")
# Format "uri": RFC 3986's scheme ":" and no spaces (jsonschema checks it only with rfc3987).
_URI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s]+")


def _registry() -> Any:
    from referencing.jsonschema import DRAFT4

    resources = []
    for path in SUITE.rglob("*.json"):
        schema = json.loads(path.read_text())
        resource = DRAFT4.create_resource(schema)
        resources.append((schema.get("id", path.name), resource))
        resources.append((path.relative_to(SUITE).as_posix(), resource))
    return referencing.Registry().with_resources(resources)


def _assertions(test_file: str) -> list[tuple[str, dict[str, Any]]]:
    listed = json.loads((SUITE / test_file).read_text())["assertions"]
    return [(name, json.loads((SUITE / name).read_text())) for name in listed]


def _failures(instance: object, test_file: str) -> list[str]:
    checker = jsonschema.FormatChecker()
    checker.checks("uri")(lambda value: not isinstance(value, str) or bool(_URI.fullmatch(value)))
    registry = _registry()
    failed = []
    for name, schema in _assertions(test_file):
        validator = jsonschema.Draft4Validator(schema, registry=registry, format_checker=checker)
        valid = validator.is_valid(instance)
        if valid != (schema.get("expectedResult", "valid") == "valid"):
            failed.append(f"{name}: {schema.get('errorMessage', '')}")
    return failed


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    db = tmp_path_factory.mktemp("w3c") / "w3c.db"
    a, b = doc(ARTICLE_A, "corpus/a.txt"), doc(ARTICLE_B, "corpus/b.txt")
    with Store.open(db, user="alice") as s:
        s.add(a, 0, 9, "claim", 'a note with a "quote" and a line\nbreak')
        s.add(b, 0, 5, "quote")
        out = io.StringIO()
        export_annotations(s, "w3c", out)
    data: dict[str, Any] = json.loads(out.getvalue())
    return data


def test_the_suites_are_the_ones_the_issue_counts() -> None:
    assert len(_assertions("annotations/annotationMusts.test")) == 54


def test_every_annotation_passes_every_must(exported: dict[str, Any]) -> None:
    items = exported["first"]["items"]
    assert len(items) == 2
    for item in items:  # each as a document of its own, with the collection's context
        alone = {"@context": exported["@context"], **item}
        assert _failures(alone, "annotations/annotationMusts.test") == []


def test_the_collection_passes_every_must(exported: dict[str, Any]) -> None:
    assert _failures(exported, "collections/collectionMusts.test") == []


def test_the_page_passes_every_must(exported: dict[str, Any]) -> None:
    assert _failures(exported, "collections/pages/pageMusts.test") == []
    page = exported["first"]
    assert page["partOf"] == exported["id"] and page["id"] != exported["id"]


def test_ids_are_the_same_for_the_same_annotations() -> None:
    from newsreader.store.formats.w3c import collection_ids
    from newsreader.store.model import Annotation

    fields = ("d", "", "", 0, 1, "x", "", "", "l", "", "a", "t", "t")
    ann = Annotation("6f1c2b1e-7a43-4a8e-9d7e-0b1f3c2d4e5f", *fields)  # type: ignore[arg-type]
    assert collection_ids([ann]) == collection_ids([ann])
    assert collection_ids([ann]) != collection_ids([])
