"""The newsreader JSON format (``export --format json``) and the annotation object it shares
with JSON Lines: each shape declared once, here; ``newsreader/schemas/`` holds the JSON Schema
made from these declarations (``python -m newsreader.store.formats.schema``)."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import Any, TextIO

from newsreader.store.annotations import DocumentInfo
from newsreader.store.formats import shape
from newsreader.store.formats.common import ACCEPTED, Context, Draft, Parsed, finish
from newsreader.store.formats.limits import MAX_CONTEXT, MAX_NAME, MAX_NOTE
from newsreader.store.model import FORMAT_NAME, FORMAT_VERSION, Annotation, now_iso

_TIME = 64  # characters of an ISO-8601 time, with room to spare
_PATH = 4096


@dataclass(frozen=True, slots=True)
class AnnotationRecord:
    """One annotation: an object in ``annotations`` (json) or one line (jsonl)."""

    id: str = shape.text(max_length=100, non_empty=True, doc="a UUID")
    doc: str = shape.text(max_length=200, non_empty=True, doc="the document id")
    start: int = shape.integer(doc="first character, counted in code points from 0")
    end: int = shape.integer(doc="one past the last character")
    quote: str = shape.text(non_empty=True, doc="the text tagged, text[start:end] then")
    label: str = shape.text(max_length=MAX_NAME, non_empty=True)
    prefix: str = shape.text(default="", max_length=MAX_CONTEXT, doc="text before it")
    suffix: str = shape.text(default="", max_length=MAX_CONTEXT, doc="text after it")
    note: str = shape.text(default="", max_length=MAX_NOTE)
    author: str | None = shape.text(default=None, max_length=MAX_NAME, doc="default: you")
    created: str | None = shape.text(default=None, max_length=_TIME, doc="ISO-8601")
    updated: str | None = shape.text(default=None, max_length=_TIME, doc="ISO-8601")
    doc_path: str | None = shape.text(default=None, max_length=_PATH)
    doc_title: str | None = shape.text(default=None)


@dataclass(frozen=True, slots=True)
class DocumentRecord:
    """An entry of ``documents``: what the annotations' ``doc`` ids name."""

    id: str = shape.text(max_length=200, non_empty=True)
    path: str = shape.text(default="", max_length=_PATH)
    title: str = shape.text(default="")
    length: int | None = shape.integer(default=None, doc="characters of text")


@dataclass(frozen=True, slots=True)
class FileHeader:
    """The object around them (``annotations`` and ``documents`` are read by the shapes
    above, item by item)."""

    format: str = shape.text(max_length=100, doc=f"always {FORMAT_NAME!r}")
    version: int = shape.integer(minimum=1, doc=f"{FORMAT_VERSION} today; keys only added")
    annotations: object = None
    exported: str | None = shape.text(default=None, max_length=_TIME)
    documents: object = None


def draft(rec: AnnotationRecord, docs: dict[str, tuple[str, str]], ann_id: str) -> Draft:
    path, title = docs.get(rec.doc, ("", ""))
    return Draft(
        id=ann_id,
        doc=rec.doc,
        path=rec.doc_path if rec.doc_path is not None else path,
        title=rec.doc_title if rec.doc_title is not None else title,
        start=rec.start,
        end=rec.end,
        quote=rec.quote,
        prefix=rec.prefix,
        suffix=rec.suffix,
        label=rec.label,
        note=rec.note,
        author=rec.author,
        created=rec.created,
        updated=rec.updated,
    )


def read_record(
    obj: object, ctx: Context, out: Parsed, position: str, docs: dict[str, tuple[str, str]]
) -> None:
    rec, problems = shape.read(AnnotationRecord, obj)
    if rec is not None:
        try:
            ann_id = str(uuid.UUID(rec.id.removeprefix("urn:uuid:")))
        except ValueError:
            problems = [f"'id' is not a UUID: {rec.id[:40]!r}"]
    if problems or rec is None:
        out.problems.extend(f"{position}: {p}" for p in problems)
        return
    finish(draft(rec, docs, ann_id), ctx, out, position)


class Refused(ValueError):
    """The whole file is refused (one line)."""


def read(whole: dict[str, Any], ctx: Context) -> Parsed:
    """A parsed newsreader JSON file (the object with ``format`` and ``version``)."""
    out = Parsed("json")
    if whole.get("format") != FORMAT_NAME:
        raise Refused(f"unknown format {str(whole.get('format'))[:40]!r}; {ACCEPTED}")
    header, problems = shape.read(FileHeader, whole)
    if header is None:
        raise Refused(problems[0])
    if header.version > FORMAT_VERSION:
        raise Refused(
            f"file format version {header.version} is newer than this newsreader reads "
            f"({FORMAT_VERSION}); upgrade newsreader"
        )
    if not isinstance(header.annotations, list):
        raise Refused("'annotations' must be a list")
    docs: dict[str, tuple[str, str]] = {}
    documents = [] if header.documents is None else header.documents
    if not isinstance(documents, list):
        out.problems.append("'documents' must be a list")
        documents = []
    for i, item in enumerate(documents):
        entry, problems = shape.read(DocumentRecord, item)
        if entry is None:
            out.problems.extend(f"document {i + 1}: {p}" for p in problems)
            continue
        docs[entry.id] = (entry.path, entry.title)
        if entry.length is not None:
            out.doc_lengths[entry.id] = entry.length
    for i, item in enumerate(header.annotations):
        read_record(item, ctx, out, f"annotation {i + 1}", docs)
    return out


# ---------------------------------------------------------------------------------------------
# Writing


def record(ann: Annotation, doc: DocumentInfo | None = None) -> dict[str, Any]:
    """The JSON object for one annotation (``json`` and ``jsonl`` formats).

    ``doc_path``/``doc_title`` are added when they differ from ``doc`` (``json``: the
    ``documents`` entry), so nothing is lost; ``jsonl`` always has them.
    """
    out: dict[str, Any] = {
        "id": ann.id,
        "doc": ann.doc,
        "start": ann.start,
        "end": ann.end,
        "quote": ann.quote,
        "prefix": ann.prefix,
        "suffix": ann.suffix,
        "label": ann.label,
        "note": ann.note,
        "author": ann.author,
        "created": ann.created,
        "updated": ann.updated,
    }
    if doc is None or doc.path != ann.doc_path:
        out["doc_path"] = ann.doc_path
    if doc is None or doc.title != ann.doc_title:
        out["doc_title"] = ann.doc_title
    return out


def dumps(obj: object) -> str:
    return json.dumps(obj, ensure_ascii=False)


def write(anns: list[Annotation], docs: dict[str, DocumentInfo], out: TextIO) -> None:
    """The json export: one document entry or annotation a line, so diffs stay readable."""
    out.write(
        f'{{"format": "{FORMAT_NAME}", "version": {FORMAT_VERSION}, '
        f'"exported": "{now_iso()}",\n"documents": [\n'
    )
    doc_lines = []
    for d in docs.values():
        entry: dict[str, Any] = {"id": d.id, "path": d.path, "title": d.title}
        if d.length is not None:
            entry["length"] = d.length
        doc_lines.append(dumps(entry))
    out.write(",\n".join(doc_lines))
    out.write("\n],\n" if doc_lines else "],\n")
    out.write('"annotations": [\n')
    out.write(",\n".join(dumps(record(a, docs[a.doc])) for a in anns))
    out.write("\n]}\n" if anns else "]}\n")
