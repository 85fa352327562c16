"""Import of annotations: the file is read by its format's module (:mod:`.formats`), every
record checked, then written in one transaction: all or nothing.

The same annotation id imported twice is one row; the newer ``updated`` wins, and a copy that
differs from the database's with the same ``updated`` is a conflict, refused. New tags are
added only as the importing user unless ``keep_authors`` (a curator merging files). An
annotation whose offsets do not fit its quote in its document's current text is placed again
by its quote (exact, moved or fuzzy); its quote, prefix and suffix stay as they were tagged.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from newsreader.core.model import Document
from newsreader.store import anchor, trail
from newsreader.store.annotations import (
    INSERT_ANNOTATION,
    SELECT_ANNOTATIONS,
    SET_ACCOUNT,
    UPDATE_ANNOTATION,
    Store,
    annotation_row,
    ensure_label,
    row_to_annotation,
)
from newsreader.store.errors import InvalidInput, StoreError
from newsreader.store.formats import ImportFormat, Unreadable, read
from newsreader.store.formats.common import ACCEPTED, Context, Parsed, printable
from newsreader.store.formats.finder import DocumentFinder
from newsreader.store.formats.limits import MAX_FILE_BYTES
from newsreader.store.model import Annotation, now_iso

MAX_REPORTED_PROBLEMS = 50
# What two copies of one annotation may differ in: any of these with the same ``updated`` time
# is a conflict (neither is newer); ``updated`` itself, and ``created`` outside a conflict, are
# times, and the document's path and title are the documents' (author: whose the tag is).
CONTENT = ("doc", "start", "end", "quote", "prefix", "suffix", "label", "note")
_CHUNK = 500  # ids per "IN (...)" query (SQLite's default limit is 32766 variables)
# A document row from an import: a path or title the file leaves empty keeps the stored one.
_UPSERT_DOCUMENT = (
    "INSERT INTO documents (id, path, title, length) VALUES (?, ?, ?, ?) "
    "ON CONFLICT(id) DO UPDATE SET "
    "path = CASE WHEN excluded.path != '' THEN excluded.path ELSE documents.path END, "
    "title = CASE WHEN excluded.title != '' THEN excluded.title ELSE documents.title END, "
    "length = coalesce(excluded.length, documents.length)"
)


class ImportFailed(InvalidInput):
    """Nothing was written. ``problems`` lists each bad record. ``status`` is 2 for a file
    that fails its checks, 1 when the database refuses it (someone else's tag, a conflict)."""

    def __init__(self, message: str, problems: Sequence[str] = (), status: int = 2) -> None:
        super().__init__(message)
        self.problems = list(problems)
        self.status = status


@dataclass
class ImportReport:
    format: str
    records: int = 0
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    kept: int = 0  # the database copy was newer
    reanchored: int = 0
    fuzzy: int = 0
    orphaned: int = 0
    others: int = 0  # added under another author's name (keep_authors)
    extra_tags: int = 0  # tags of another tool's annotations beyond the first: a tag each
    skipped: list[str] = field(default_factory=list)
    labels_created: list[str] = field(default_factory=list)
    orphans: list[str] = field(default_factory=list)  # "id ...: 'quote'", one per orphaned tag

    def summary(self) -> str:
        parts = [
            f"{self.records} annotation(s) read ({self.format})",
            f"{self.added} added",
            f"{self.updated} updated",
            f"{self.unchanged} unchanged",
        ]
        if self.kept:
            parts.append(f"{self.kept} kept (database copy newer)")
        if self.reanchored or self.fuzzy or self.orphaned:
            parts.append(
                f"{self.reanchored} re-anchored, {self.fuzzy} placed fuzzily and "
                f"{self.orphaned} orphaned (kept as in the file)"
            )
        if self.others:
            parts.append(f"{self.others} added under their authors' names (--keep-authors)")
        if self.skipped:
            parts.append(f"{len(self.skipped)} skipped (not a span of an article here)")
        if self.extra_tags:
            parts.append(
                f"{self.extra_tags} tag(s) beyond an annotation's first, each a tag of its own "
                "on the same span"
            )
        if self.labels_created:
            parts.append("new labels: " + ", ".join(self.labels_created))
        return "; ".join(parts)


def import_file(
    store: Store,
    path: str | os.PathLike[str],
    *,
    documents: Iterable[Document] = (),
    search_disk: bool = True,
    fmt: ImportFormat | None = None,
    keep_authors: bool = False,
) -> ImportReport:
    """Import a file into ``store`` in one transaction.

    ``documents`` (e.g. a loaded corpus) are used to find each annotation's document and
    re-anchor annotations whose offsets no longer fit their quote; without them, the paths in
    the file are tried on disk. Raises :class:`ImportFailed` (nothing written) if any record
    is bad.
    """
    text = read_import_file(path)
    return import_text(
        store,
        text,
        os.fspath(path),
        documents=documents,
        search_disk=search_disk,
        fmt=fmt,
        keep_authors=keep_authors,
    )


def read_import_file(path: str | os.PathLike[str]) -> str:
    """The text of an import file. A missing file, a folder, a file over
    ``MAX_FILE_BYTES`` or one not in UTF-8 is bad input; other read errors are
    :class:`StoreError`."""
    shown = os.fspath(path)
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_FILE_BYTES + 1)
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError) as exc:
        raise InvalidInput(f"cannot read {shown}: {exc.strerror or exc}") from None
    except OSError as exc:
        raise StoreError(f"cannot read {shown}: {exc.strerror or exc}") from exc
    if len(data) > MAX_FILE_BYTES:
        limit = f"{MAX_FILE_BYTES / 2**20:.0f} MB" if MAX_FILE_BYTES >= 2**20 else "the limit"
        raise ImportFailed(f"{shown}: larger than {limit}; not imported")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFailed(f"{shown}: not UTF-8 text (byte {exc.start}); {ACCEPTED}") from None


@dataclass
class ImportPlan:
    """A checked, re-anchored import, ready for :func:`apply_import`."""

    name: str
    user: str
    records: list[Annotation]
    doc_lengths: dict[str, int]
    report: ImportReport
    keep_authors: bool = False
    # The records re-anchoring placed anew: id -> (the record as the file has it, "reanchored"
    # or "fuzzy"), so a copy is compared with the database's as the file gives it.
    filed: dict[str, tuple[Annotation, str]] = field(default_factory=dict)


def prepare_import(
    text: str,
    name: str,
    *,
    user: str,
    documents: Iterable[Document] = (),
    search_disk: bool = True,
    fmt: ImportFormat | None = None,
    keep_authors: bool = False,
) -> ImportPlan:
    """Read, check and re-anchor ``text`` without a database (``user`` is the author of
    records that name none). Raises :class:`ImportFailed` if the file is unusable."""
    finder = DocumentFinder(documents, search_disk)
    try:
        parsed = read(text, name, Context(user, finder), fmt)
    except Unreadable as exc:
        raise ImportFailed(printable(f"{name}: {exc}")) from None
    if parsed.problems:
        _fail(name, parsed.problems)
    # Annotations read; another tool's annotation with several tags is that many records.
    report = ImportReport(parsed.format, records=len(parsed.records) - parsed.extra_tags)
    report.skipped = [printable(s) for s in parsed.skipped]
    report.extra_tags = parsed.extra_tags
    records = _dedupe(parsed, name)
    filed: dict[str, tuple[Annotation, str]] = {}
    records = _reanchor(records, finder, parsed.doc_lengths, report, filed)
    return ImportPlan(name, user, records, parsed.doc_lengths, report, keep_authors, filed)


def apply_import(store: Store, plan: ImportPlan) -> ImportReport:
    """Write a prepared import in one transaction (all or nothing)."""
    if plan.user != store.user:
        raise InvalidInput(f"import prepared for {plan.user!r}, store opened as {store.user!r}")
    _write(store, plan)
    return plan.report


def import_text(
    store: Store,
    text: str,
    name: str = "<input>",
    *,
    documents: Iterable[Document] = (),
    search_disk: bool = True,
    fmt: ImportFormat | None = None,
    keep_authors: bool = False,
) -> ImportReport:
    """Like :func:`import_file`, for text already read."""
    plan = prepare_import(
        text,
        name,
        user=store.user,
        documents=documents,
        search_disk=search_disk,
        fmt=fmt,
        keep_authors=keep_authors,
    )
    return apply_import(store, plan)


def _fail(name: str, problems: list[str], status: int = 2) -> None:
    shown = problems[:MAX_REPORTED_PROBLEMS]
    more = len(problems) - len(shown)
    if more:
        shown.append(f"... and {more} more")
    raise ImportFailed(
        printable(f"{name}: {len(problems)} bad record(s); nothing was imported"),
        [printable(f"{name}: {p}") for p in shown],
        status,
    )


def _dedupe(parsed: Parsed, name: str) -> list[Annotation]:
    """One record per id: identical repeats collapse; otherwise the newer ``updated`` wins."""
    chosen: dict[str, tuple[str, Annotation]] = {}
    problems: list[str] = []
    for position, ann in parsed.records:
        first = chosen.get(ann.id)
        if first is None:
            chosen[ann.id] = (position, ann)
        elif not _differences(first[1], ann) or ann.updated < first[1].updated:
            continue
        elif ann.updated > first[1].updated:
            chosen[ann.id] = (position, ann)
        else:
            problems.append(
                f"{position}: id {ann.id} repeats {first[0]} with different content "
                "and the same 'updated' time"
            )
    if problems:
        _fail(name, problems)
    return [ann for _, ann in chosen.values()]


def _differences(old: Annotation, new: Annotation, *, created: bool = False) -> list[str]:
    """The fields of :data:`CONTENT` (and ``created`` if asked) in which two copies differ."""
    keys = (*CONTENT, "created") if created else CONTENT
    return [k for k in keys if getattr(old, k) != getattr(new, k)]


def _reanchor(
    records: list[Annotation],
    finder: DocumentFinder,
    lengths: dict[str, int],
    report: ImportReport,
    filed: dict[str, tuple[Annotation, str]],
) -> list[Annotation]:
    """Place each annotation on its document's current text where that text is known: new
    offsets (and document), never a new quote, prefix or suffix."""
    out: list[Annotation] = []
    for ann in records:
        doc = finder.find(ann.doc, ann.doc_path)
        if doc is None:
            out.append(ann)
            continue
        lengths.setdefault(doc.id, len(doc.text))
        named = ann
        if doc.id != ann.doc or not ann.doc_path or not ann.doc_title:
            named = replace(
                ann,
                doc=doc.id,
                doc_path=ann.doc_path or doc.path,
                doc_title=ann.doc_title or doc.title,
            )
        if doc.id == ann.doc and doc.text[ann.start : ann.end] == ann.quote:
            out.append(named)
            continue
        start, end, status = anchor.locate(
            doc.text, ann.quote, ann.prefix, ann.suffix, ann.start, ann.end
        )
        if status == "orphaned" or end <= start:
            out.append(ann)
            report.orphaned += 1
            report.orphans.append(f"id {ann.id}: {excerpt(ann.quote)}")
            continue
        lengths[doc.id] = len(doc.text)
        out.append(replace(named, doc_path=doc.path, doc_title=doc.title, start=start, end=end))
        if status == "fuzzy":
            report.fuzzy += 1
            filed[ann.id] = (ann, "fuzzy")
        elif (start, end, doc.id) != (ann.start, ann.end, ann.doc):
            report.reanchored += 1
            filed[ann.id] = (ann, "reanchored")
    return out


def excerpt(text: str, width: int = 60) -> str:
    """``text`` on one line, at most ``width`` characters, quoted as Python writes a string:
    safe to print (control and format characters escaped, ``'\\x1b'``, ``'\\u202e'``)."""
    flat = " ".join(text.split())
    if len(flat) > width:
        flat = flat[: width - 1] + "…"
    return repr(flat)


def _existing(conn: sqlite3.Connection, ids: list[str]) -> dict[str, Annotation]:
    found: dict[str, Annotation] = {}
    for i in range(0, len(ids), _CHUNK):
        chunk = ids[i : i + _CHUNK]
        marks = ",".join("?" * len(chunk))
        for row in conn.execute(f"{SELECT_ANNOTATIONS} WHERE id IN ({marks})", chunk):
            ann = row_to_annotation(row)
            found[ann.id] = ann
    return found


def _stored_documents(conn: sqlite3.Connection, ids: list[str]) -> dict[str, tuple[str, str]]:
    found: dict[str, tuple[str, str]] = {}
    for i in range(0, len(ids), _CHUNK):
        chunk = ids[i : i + _CHUNK]
        marks = ",".join("?" * len(chunk))
        query = f"SELECT id, path, title FROM documents WHERE id IN ({marks})"
        for doc_id, path, title in conn.execute(query, chunk):
            found[str(doc_id)] = (str(path or ""), str(title or ""))
    return found


def _write(store: Store, plan: ImportPlan) -> None:
    report, name = plan.report, plan.name
    with store.writing(f"importing {name}") as conn:
        docs: dict[str, tuple[str, str, int | None]] = {}
        for ann in plan.records:
            path, title, _ = docs.get(ann.doc, ("", "", None))
            docs[ann.doc] = (
                path or ann.doc_path,
                title or ann.doc_title,
                plan.doc_lengths.get(ann.doc),
            )
        conn.executemany(_UPSERT_DOCUMENT, ((d, p, t, n) for d, (p, t, n) in docs.items()))
        stored = _stored_documents(conn, list(docs))
        existing = _existing(conn, [a.id for a in plan.records])
        inserts: list[tuple[object, ...]] = []
        updates: list[tuple[object, ...]] = []
        problems: list[str] = []
        others: dict[str, int] = {}
        own: list[str] = []
        for ann in plan.records:
            if not ann.doc_path or not ann.doc_title:
                path, title = stored.get(ann.doc, ("", ""))
                ann = replace(ann, doc_path=ann.doc_path or path, doc_title=ann.doc_title or title)
            old = existing.get(ann.id)
            as_filed, how = plan.filed.get(ann.id, (ann, ""))
            if old is None:
                if ann.author != store.user and not plan.keep_authors:
                    others[ann.author] = others.get(ann.author, 0) + 1
                    continue
                report.others += ann.author != store.user
                inserts.append(annotation_row(ann))
                if ann.author == store.user:
                    own.append(ann.id)
            elif old.author != ann.author:
                problems.append(
                    f"id {ann.id} is {old.author}'s tag in the database, not {ann.author}'s"
                )
            elif not _differences(old, ann, created=ann.updated == old.updated):
                report.unchanged += 1
            elif ann.updated == old.updated and not _differences(old, as_filed, created=True):
                # The file's copy is the database's; only this import placed it anew on the
                # article's current text. The database's copy stays, as it is.
                report.unchanged += 1
                report.fuzzy -= how == "fuzzy"
                report.reanchored -= how == "reanchored"
            elif ann.updated < old.updated:
                report.kept += 1
            elif ann.updated == old.updated:
                differ = ", ".join(_differences(old, as_filed, created=True))
                problems.append(
                    f"id {ann.id}: the file's copy and the database's have the same 'updated' "
                    f"time ({ann.updated}) but a different {differ}: neither is newer; give "
                    "the one to keep a later 'updated' time"
                )
            elif (refused := store.refusal(conn, old, "change")) is not None:
                problems.append(f"id {ann.id}: {refused}")
            else:
                updates.append((*annotation_row(ann)[1:], ann.id))
        if others:
            who = ", ".join(f"{n} by {a}" for a, n in sorted(others.items())[:5])
            problems.append(
                f"{sum(others.values())} new tag(s) are not yours ({store.user}) but {who}"
                f"{' ...' if len(others) > 5 else ''}; --keep-authors adds other people's "
                "tags under their own names"
            )
        if problems:
            _fail(name, problems, status=1)
        actor = store.actor(_source(plan))
        for label in sorted({a.label for a in plan.records}):
            before = conn.total_changes
            ensure_label(conn, label, actor=actor)
            if conn.total_changes != before:
                report.labels_created.append(label)
        conn.executemany(INSERT_ANNOTATION, inserts)
        # The importer's own new tags are protected by their OS account, as tags saved in the
        # reader are; tags added under other names (--keep-authors) by their name only.
        conn.executemany(SET_ACCOUNT, [(store.account, ann_id) for ann_id in own])
        replaced = trail.rows_json(conn, [str(u[-1]) for u in updates])
        conn.executemany(UPDATE_ANNOTATION, updates)
        # One event per tag added or replaced, in this transaction: all or nothing with them.
        changed: list[tuple[str, str | None]] = [(str(row[0]), None) for row in inserts]
        changed += [(str(u[-1]), replaced[str(u[-1])]) for u in updates]
        trail.record_rows(conn, actor, "import", changed, time=now_iso())
        report.added, report.updated = len(inserts), len(updates)


def _source(plan: ImportPlan) -> trail.ImportSource:
    """The import as the trail records it: the file by its absolute path when it is one."""
    name = plan.name
    if os.path.isfile(name):
        name = os.path.abspath(name)
    return trail.ImportSource(name, plan.report.format, plan.keep_authors)


__all__ = [
    "DocumentFinder",
    "ImportFailed",
    "ImportPlan",
    "ImportReport",
    "apply_import",
    "import_file",
    "import_text",
    "prepare_import",
    "read_import_file",
]
