"""Export of annotations: newsreader JSON, JSON Lines, W3C Web Annotation, CSV (each
written by its module in :mod:`newsreader.store.formats`); and the entry points of import
(in :mod:`newsreader.store.importing`).

Export reads one snapshot of the database; ``export_to_file`` writes a temporary file in the
target's folder and moves it to the target only when complete, replacing an existing file only
when asked to.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Literal, TextIO

from newsreader.store.annotations import (
    SELECT_ANNOTATIONS,
    DocumentInfo,
    Store,
    filters,
    row_to_annotation,
)
from newsreader.store.errors import FileExists, InvalidInput, StoreError
from newsreader.store.formats import csv as csv_format
from newsreader.store.formats import jsonl, native, w3c
from newsreader.store.model import DOC_URN, FORMAT_NAME, FORMAT_VERSION, Annotation

ExportFormat = Literal["json", "jsonl", "w3c", "csv"]
EXPORT_FORMATS: tuple[ExportFormat, ...] = ("json", "jsonl", "w3c", "csv")
W3C_CONTEXT = w3c.CONTEXT
CSV_COLUMNS = csv_format.COLUMNS
annotation_record = native.record
w3c_record = w3c.record


def _snapshot(
    store: Store, doc: str | None, label: str | None, author: str | None
) -> tuple[list[Annotation], dict[str, DocumentInfo]]:
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
            str(i): DocumentInfo(str(i), str(p), str(t), ln)
            for i, p, t, ln in conn.execute("SELECT id, path, title, length FROM documents")
        }
    docs: dict[str, DocumentInfo] = {}
    for ann in anns:
        if ann.doc not in docs:
            docs[ann.doc] = known.get(ann.doc) or DocumentInfo(
                ann.doc, ann.doc_path, ann.doc_title, None
            )
    return anns, docs


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
    if fmt not in EXPORT_FORMATS:
        raise InvalidInput(
            f"unknown export format {fmt!r} (use one of {', '.join(EXPORT_FORMATS)})"
        )
    anns, docs = _snapshot(store, doc, label, author)
    if fmt == "json":
        native.write(anns, docs, out)
    elif fmt == "jsonl":
        jsonl.write(anns, out)
    elif fmt == "w3c":
        w3c.write(anns, out)
    else:
        csv_format.write(anns, out)
    return len(anns)


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
