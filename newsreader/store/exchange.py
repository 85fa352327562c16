"""Export of annotations: newsreader JSON, JSON Lines, W3C Web Annotation, CSV; and the
entry points of import (in :mod:`newsreader.store.importing`).

Export reads one snapshot of the database; ``export_to_file`` writes a temporary file in the
target's folder and moves it to the target only when complete, replacing an existing file only
when asked to.
"""

from __future__ import annotations

import contextlib
import csv
import json
import os
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, TextIO

from newsreader.store.annotations import SELECT_ANNOTATIONS, Store, filters, row_to_annotation
from newsreader.store.errors import FileExists, InvalidInput, StoreError
from newsreader.store.model import DOC_URN, FORMAT_NAME, FORMAT_VERSION, Annotation, now_iso

ExportFormat = Literal["json", "jsonl", "w3c", "csv"]
EXPORT_FORMATS: tuple[ExportFormat, ...] = ("json", "jsonl", "w3c", "csv")
W3C_CONTEXT: list[object] = [
    "http://www.w3.org/ns/anno.jsonld",
    {"dcterms": "http://purl.org/dc/terms/"},
]
CSV_COLUMNS = (
    "id",
    "doc",
    "path",
    "title",
    "start",
    "end",
    "label",
    "quote",
    "prefix",
    "suffix",
    "note",
    "author",
    "created",
    "updated",
)

# ---------------------------------------------------------------------------------------------
# Export


@dataclass(frozen=True, slots=True)
class _Doc:
    id: str
    path: str
    title: str
    length: int | None


def annotation_record(ann: Annotation, doc: _Doc | None = None) -> dict[str, Any]:
    """The JSON object for one annotation (``json`` and ``jsonl`` formats).

    ``doc_path``/``doc_title`` are added when they differ from ``doc`` (``json``: the
    ``documents`` entry), so nothing is lost; ``jsonl`` always has them.
    """
    record: dict[str, Any] = {
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
        record["doc_path"] = ann.doc_path
    if doc is None or doc.title != ann.doc_title:
        record["doc_title"] = ann.doc_title
    return record


def w3c_record(ann: Annotation) -> dict[str, Any]:
    """One W3C Web Annotation (https://www.w3.org/TR/annotation-model/)."""
    body: list[dict[str, Any]] = [{"type": "TextualBody", "purpose": "tagging", "value": ann.label}]
    if ann.note:
        body.append(
            {
                "type": "TextualBody",
                "purpose": "commenting",
                "value": ann.note,
                "format": "text/plain",
            }
        )
    return {
        "id": f"urn:uuid:{ann.id}",
        "type": "Annotation",
        "motivation": "tagging",
        "created": ann.created,
        "modified": ann.updated,
        "creator": {"type": "Person", "nickname": ann.author},
        "body": body,
        "target": {
            "source": {
                "id": DOC_URN + ann.doc,
                "type": "Text",
                "format": "text/plain",
                "dcterms:identifier": ann.doc_path,
                "dcterms:title": ann.doc_title,
            },
            "selector": [
                {
                    "type": "TextQuoteSelector",
                    "exact": ann.quote,
                    "prefix": ann.prefix,
                    "suffix": ann.suffix,
                },
                {"type": "TextPositionSelector", "start": ann.start, "end": ann.end},
            ],
        },
    }


def _snapshot(
    store: Store, doc: str | None, label: str | None, author: str | None
) -> tuple[list[Annotation], dict[str, _Doc]]:
    where, params = filters(doc=doc, label=label, author=author)
    with store.reading() as conn:
        anns = [
            row_to_annotation(r)
            for r in conn.execute(
                f'{SELECT_ANNOTATIONS}{where} ORDER BY doc_path, doc, start, "end", created, id',
                params,
            )
        ]
        known = {
            str(i): _Doc(str(i), str(p), str(t), ln)
            for i, p, t, ln in conn.execute("SELECT id, path, title, length FROM documents")
        }
    docs: dict[str, _Doc] = {}
    for ann in anns:
        if ann.doc not in docs:
            docs[ann.doc] = known.get(ann.doc) or _Doc(ann.doc, ann.doc_path, ann.doc_title, None)
    return anns, docs


def _dumps(obj: object) -> str:
    return json.dumps(obj, ensure_ascii=False)


def export_annotations(
    store: Store,
    fmt: ExportFormat,
    out: TextIO,
    *,
    doc: str | None = None,
    label: str | None = None,
    author: str | None = None,
) -> int:
    """Write the (filtered) annotations to ``out`` in ``fmt``; returns how many."""
    anns, docs = _snapshot(store, doc, label, author)
    write = out.write
    if fmt == "json":
        write(
            f'{{"format": "{FORMAT_NAME}", "version": {FORMAT_VERSION}, '
            f'"exported": "{now_iso()}",\n"documents": [\n'
        )
        doc_lines = []
        for d in docs.values():
            entry: dict[str, Any] = {"id": d.id, "path": d.path, "title": d.title}
            if d.length is not None:
                entry["length"] = d.length
            doc_lines.append(_dumps(entry))
        write(",\n".join(doc_lines))
        write("\n],\n" if doc_lines else "],\n")
        write('"annotations": [\n')
        write(",\n".join(_dumps(annotation_record(a, docs[a.doc])) for a in anns))
        write("\n]}\n" if anns else "]}\n")
    elif fmt == "jsonl":
        for ann in anns:
            write(_dumps(annotation_record(ann)))
            write("\n")
    elif fmt == "w3c":
        write(
            '{"@context": '
            + _dumps(W3C_CONTEXT)
            + f', "type": "AnnotationCollection", "label": "newsreader annotations", '
            f'"total": {len(anns)},\n"first": {{"type": "AnnotationPage", "startIndex": 0, '
            '"items": [\n'
        )
        write(",\n".join(_dumps(w3c_record(a)) for a in anns))
        write("\n]}}\n" if anns else "]}}\n")
    elif fmt == "csv":
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(CSV_COLUMNS)
        for a in anns:
            writer.writerow(
                [
                    a.id,
                    a.doc,
                    _cell(a.doc_path),
                    _cell(a.doc_title),
                    a.start,
                    a.end,
                    _cell(a.label),
                    _cell(a.quote),
                    _cell(a.prefix),
                    _cell(a.suffix),
                    _cell(a.note),
                    _cell(a.author),
                    a.created,
                    a.updated,
                ]
            )
    else:
        raise InvalidInput(
            f"unknown export format {fmt!r} (use one of {', '.join(EXPORT_FORMATS)})"
        )
    return len(anns)


def _cell(value: str) -> str:
    """Keep spreadsheets from running a cell as a formula (CSV injection): prefix with '."""
    if value and value[0] in "=+-@\t\r":
        return "'" + value
    return value


def export_to_file(
    store: Store,
    fmt: ExportFormat,
    path: str | os.PathLike[str],
    *,
    overwrite: bool = False,
    doc: str | None = None,
    label: str | None = None,
    author: str | None = None,
    _write: Callable[[Store, ExportFormat, TextIO], int] | None = None,
) -> int:
    """Export to ``path`` atomically: a temporary file in the same folder, flushed to disk,
    then moved to ``path``. On any failure ``path`` is untouched and the temporary file removed.

    An existing ``path`` (a file, a folder, a symbolic link, even a dangling one) is replaced
    only with ``overwrite``; otherwise :class:`FileExists` is raised. The check is the move
    itself (a hard link, which fails if the name exists), so a file that appears while the
    export is written is not clobbered either."""
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise StoreError(f"cannot write {target}: folder {folder} does not exist")
    if target.is_dir():
        raise StoreError(f"cannot write {target}: it is a folder")
    if not overwrite and os.path.lexists(target):
        raise FileExists(f"{target} already exists; nothing written")
    tmp = folder / f".{target.name}.{uuid.uuid4().hex[:8]}.tmp"
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except OSError as exc:
        raise StoreError(f"cannot write {target}: {exc.strerror or exc}") from exc
    try:
        with open(fd, "w", encoding="utf-8", newline="") as fh:
            if _write is not None:
                count = _write(store, fmt, fh)
            else:
                count = export_annotations(store, fmt, fh, doc=doc, label=label, author=author)
            fh.flush()
            os.fsync(fh.fileno())
        if overwrite:
            if target.exists():
                os.chmod(tmp, target.stat().st_mode & 0o7777)
            os.replace(tmp, target)
        else:
            _move_exclusively(tmp, target)
    except FileExistsError as exc:
        _unlink(tmp)
        raise FileExists(f"{target} already exists; nothing written") from exc
    except OSError as exc:
        _unlink(tmp)
        raise StoreError(f"cannot write {target}: {exc.strerror or exc}; nothing written") from exc
    except BaseException:
        _unlink(tmp)
        raise
    return count


def _move_exclusively(tmp: Path, target: Path) -> None:
    """Give the complete ``tmp`` the name ``target`` unless that name exists
    (``FileExistsError``). A hard link is atomic; where the filesystem has none, the name is
    claimed with an exclusive create and the complete file moved over that empty claim."""
    try:
        os.link(tmp, target)
    except FileExistsError:
        raise
    except OSError:
        claim = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        os.close(claim)
        try:
            os.replace(tmp, target)
        except BaseException:
            _unlink(target)
            raise
    else:
        _unlink(tmp)


def _unlink(path: Path) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)


# Import lives in its own module; these names are part of this module's interface too.
from newsreader.store.importing import (  # noqa: E402
    DocumentFinder,
    ImportFailed,
    ImportPlan,
    ImportReport,
    apply_import,
    import_file,
    import_text,
    prepare_import,
    read_import_file,
)

__all__ = [
    "DOC_URN",
    "EXPORT_FORMATS",
    "FORMAT_NAME",
    "FORMAT_VERSION",
    "DocumentFinder",
    "ExportFormat",
    "ImportFailed",
    "ImportPlan",
    "ImportReport",
    "annotation_record",
    "apply_import",
    "export_annotations",
    "export_to_file",
    "import_file",
    "import_text",
    "prepare_import",
    "read_import_file",
    "w3c_record",
]
