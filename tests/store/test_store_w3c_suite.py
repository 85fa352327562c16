"""Our W3C export against the W3C's own Web Annotation tests (issue 12, item 6): every MUST
assertion of the annotation, collection and page suites, run as the JSON Schemas they are, and
the creator assertions the export implements. The suite is the benchmark copy
(``/work/shared/bench/web-annotation-tests``, see its README) where it is on the machine, else
the part of it vendored in ``tests/data/web-annotation-tests`` (see its SOURCE.md): the tests
run on a clean machine too, never skipped."""

from __future__ import annotations

import hashlib
import io
import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import referencing
from store_helpers import ARTICLE_A, ARTICLE_B, REPO, doc

from newsreader.store import Store
from newsreader.store.exchange import export_annotations, import_text

BENCH = Path("/work/shared/bench/web-annotation-tests")
VENDORED = REPO / "tests" / "data" / "web-annotation-tests"
SUITE = BENCH if BENCH.is_dir() else VENDORED
# Format "uri": RFC 3986's scheme ":" and no spaces (jsonschema checks it only with rfc3987).
_URI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s]+")
# The creator assertions of annotations/annotationsAgentOptionals.test the export implements.
CREATOR_ASSERTIONS = [
    "annotations/3.3.1-annotationCreatorImplemented.json",
    *(
        f"annotations/3.3.2-annotationCreatorAgent{key}Implemented.json"
        for key in ("Id", "Type", "Name", "SingleName", "Nickname")
    ),
]
MUSTS = (
    "annotations/annotationMusts.test",
    "collections/collectionMusts.test",
    "collections/pages/pageMusts.test",
)


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


def _failures(instance: object, test_file: str | list[str]) -> list[str]:
    checker = jsonschema.FormatChecker()
    checker.checks("uri")(lambda value: not isinstance(value, str) or bool(_URI.fullmatch(value)))
    registry = _registry()
    failed = []
    if isinstance(test_file, str):
        assertions = _assertions(test_file)
    else:
        assertions = [(name, json.loads((SUITE / name).read_text())) for name in test_file]
    for name, schema in assertions:
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


def test_the_vendored_suite_is_complete_and_unmodified() -> None:
    """Every file the MUST suites and the creator assertions list or refer to is vendored,
    each as its hash in SHA256SUMS says, and as the benchmark copy has it where it is here."""
    sums = {}
    for line in (VENDORED / "SHA256SUMS").read_text().splitlines():
        digest, name = line.split(maxsplit=1)
        sums[name] = digest
    kept = {
        p.relative_to(VENDORED).as_posix()
        for p in VENDORED.rglob("*")
        if p.is_file() and p.name not in ("SHA256SUMS", "SOURCE.md", "license.md")
    }
    assert kept == set(sums)
    for name, digest in sums.items():
        data = (VENDORED / name).read_bytes()
        assert hashlib.sha256(data).hexdigest() == digest, name
        if BENCH.is_dir():
            assert (BENCH / name).read_bytes() == data, name
    needed = set(MUSTS) | set(CREATOR_ASSERTIONS)
    for test_file in MUSTS:
        needed |= set(json.loads((VENDORED / test_file).read_text())["assertions"])
    by_id = {json.loads((VENDORED / n).read_text()).get("id"): n for n in sums}
    todo = list(needed)
    while todo:
        for ref in _refs(json.loads((VENDORED / todo.pop()).read_text())):
            target = by_id.get(ref.split("#")[0])
            if ref.split("#")[0] and target not in needed:
                assert target is not None, ref
                needed.add(target)
                todo.append(target)
    assert needed == set(sums)
    assert (VENDORED / "license.md").read_text().strip().endswith("04-testsuite-copyright.html")


def _refs(schema: object) -> list[str]:
    if isinstance(schema, dict):
        found = [v for k, v in schema.items() if k == "$ref" and isinstance(v, str)]
        return found + [r for v in schema.values() for r in _refs(v)]
    if isinstance(schema, list):
        return [r for v in schema for r in _refs(v)]
    return []


def test_every_annotation_passes_every_must(exported: dict[str, Any]) -> None:
    items = exported["first"]["items"]
    assert len(items) == 2
    for item in items:  # each as a document of its own, with the collection's context
        alone = {"@context": exported["@context"], **item}
        assert _failures(alone, "annotations/annotationMusts.test") == []


def test_the_collection_passes_every_must(exported: dict[str, Any]) -> None:
    assert _failures(exported, "collections/collectionMusts.test") == []


def test_every_creator_has_an_id_a_name_and_a_nickname(exported: dict[str, Any]) -> None:
    for item in exported["first"]["items"]:
        alone = {"@context": exported["@context"], **item}
        assert _failures(alone, CREATOR_ASSERTIONS) == []
        assert item["creator"] == {
            "id": "urn:newsreader:author:alice",
            "type": "Person",
            "name": "alice",
            "nickname": "alice",
        }
    without_id = {"@context": exported["@context"], **exported["first"]["items"][0]}
    without_id["creator"] = {"type": "Person", "nickname": "alice"}  # as exports were before
    assert _failures(without_id, CREATOR_ASSERTIONS) == [
        "annotations/3.3.2-annotationCreatorAgentIdImplemented.json: Id for Annotation Creator "
        "(Agent) not found or more than 1 found. Agents should have exactly one id of format uri.",
        "annotations/3.3.2-annotationCreatorAgentNameImplemented.json: "
        + json.loads((SUITE / CREATOR_ASSERTIONS[3]).read_text())["errorMessage"],
        "annotations/3.3.2-annotationCreatorAgentSingleNameImplemented.json: "
        + json.loads((SUITE / CREATOR_ASSERTIONS[4]).read_text())["errorMessage"],
    ]


def test_the_author_comes_back_from_the_creator_id_name_or_nickname(tmp_path: Path) -> None:
    """Our W3C files import with their authors: today's (id, name and nickname), earlier ones
    (nickname only), and a creator that has only our id (a name in percent-encoding)."""
    a = doc(ARTICLE_A, "corpus/a.txt")
    with Store.open(tmp_path / "one.db", user="zoë o'neil") as s:
        s.add(a, 0, 9, "claim")
        out = io.StringIO()
        export_annotations(s, "w3c", out)
    data = json.loads(out.getvalue())
    (item,) = data["first"]["items"]
    assert item["creator"]["id"] == "urn:newsreader:author:zo%C3%AB%20o%27neil"
    variants = {
        "today": item["creator"],
        "nickname": {"type": "Person", "nickname": "zoë o'neil"},
        "name": {"type": "Person", "name": "zoë o'neil"},
        "id": {"id": item["creator"]["id"], "type": "Person"},
        "id-only": item["creator"]["id"],
    }
    for which, creator in variants.items():
        with Store.open(tmp_path / f"{which}.db", user="zoë o'neil") as s:
            file = {**data, "first": {**data["first"], "items": [{**item, "creator": creator}]}}
            report = import_text(s, json.dumps(file), "x.jsonld", documents=[a])
            assert report.added == 1, which
            assert [t.author for t in s.annotations()] == ["zoë o'neil"], which


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
