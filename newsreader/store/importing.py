"""Import of annotations from newsreader JSON, JSON Lines and W3C Web Annotation files.

The whole file is validated first (every bad record is reported with its position), then
written in one transaction: all or nothing. The same annotation id imported twice is one row.
Annotations whose offsets no longer fit their quote are re-anchored on the current text of
their document, found by id and then by path.
"""

from __future__ import annotations

import json
import os
import sqlite3
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from newsreader.core.model import Document
from newsreader.store import anchor
from newsreader.store.annotations import (
    INSERT_ANNOTATION,
    SELECT_ANNOTATIONS,
    UPDATE_ANNOTATION,
    UPSERT_DOCUMENT,
    Store,
    annotation_row,
    clean_name,
    ensure_label,
    row_to_annotation,
    same_content,
)
from newsreader.store.errors import InvalidInput, StoreError
from newsreader.store.model import (
    DOC_URN,
    FORMAT_NAME,
    FORMAT_VERSION,
    Annotation,
    normalize_time,
    now_iso,
)

MAX_REPORTED_PROBLEMS = 50
ACCEPTED = "import reads newsreader json, jsonl or W3C Web Annotation (JSON-LD) files"
# The header of `newsreader export --format csv`, which is for spreadsheets: not imported.
_CSV_HEADER = ("id", "doc", "path", "title", "start", "end", "label", "quote")
_CHUNK = 500  # ids per "IN (...)" query (SQLite's default limit is 32766 variables)


class ImportFailed(InvalidInput):
    """The file failed validation: nothing was written. ``problems`` lists each bad record."""

    def __init__(self, message: str, problems: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.problems = list(problems)


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
    labels_created: list[str] = field(default_factory=list)

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
        if self.labels_created:
            parts.append("new labels: " + ", ".join(self.labels_created))
        return "; ".join(parts)


class DocumentFinder:
    """Finds an annotation's document: by id among ``documents``, then by path among them,
    then by path on disk. Results are cached."""

    def __init__(self, documents: Iterable[Document] = (), search_disk: bool = True) -> None:
        self.by_id: dict[str, Document] = {}
        self.by_path: dict[str, Document] = {}
        self.by_name: dict[str, list[Document]] = {}
        for d in documents:
            self.by_id.setdefault(d.id, d)
            self.by_path.setdefault(d.path, d)
            self.by_path.setdefault(os.path.realpath(d.path), d)
            self.by_name.setdefault(os.path.basename(d.path), []).append(d)
        self.search_disk = search_disk
        self._disk: dict[str, Document | None] = {}

    def find(self, doc_id: str, path: str) -> Document | None:
        found = self.by_id.get(doc_id)
        if found is not None or not path:
            return found
        found = self.by_path.get(path) or self.by_path.get(os.path.realpath(path))
        if found is not None:
            return found
        same_name = self.by_name.get(os.path.basename(path), [])
        if len(same_name) == 1:
            return same_name[0]
        if self.by_id or not self.search_disk:
            return None
        if path not in self._disk:
            self._disk[path] = self._load(path)
        return self._disk[path]

    @staticmethod
    def _load(path: str) -> Document | None:
        from newsreader.core.corpus import Undecodable, load_document

        if not os.path.isfile(path):
            return None
        try:
            return load_document(Path(path), path)
        except (Undecodable, OSError):
            return None


@dataclass
class _Parsed:
    format: str
    records: list[tuple[str, Annotation]]
    doc_lengths: dict[str, int]
    problems: list[str]


def import_file(
    store: Store,
    path: str | os.PathLike[str],
    *,
    documents: Iterable[Document] = (),
    search_disk: bool = True,
) -> ImportReport:
    """Import a json, jsonl or W3C file into ``store`` in one transaction.

    ``documents`` (e.g. a loaded corpus) are used to find each annotation's document and
    re-anchor annotations whose offsets no longer fit their quote; without them, the paths in
    the file are tried on disk. Raises :class:`ImportFailed` (nothing written) if any record
    is bad.
    """
    text = read_import_file(path)
    return import_text(store, text, os.fspath(path), documents=documents, search_disk=search_disk)


def read_import_file(path: str | os.PathLike[str]) -> str:
    """The text of an import file. A missing file or a folder is bad input
    (:class:`InvalidInput`); other read errors are :class:`StoreError`."""
    shown = os.fspath(path)
    try:
        data = Path(path).read_bytes()
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError) as exc:
        raise InvalidInput(f"cannot read {shown}: {exc.strerror or exc}") from None
    except OSError as exc:
        raise StoreError(f"cannot read {shown}: {exc.strerror or exc}") from exc
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFailed(f"{shown}: not UTF-8 text (byte {exc.start}); {ACCEPTED}") from None


@dataclass
class ImportPlan:
    """A validated, re-anchored import, ready for :func:`apply_import`."""

    name: str
    user: str
    records: list[Annotation]
    doc_lengths: dict[str, int]
    report: ImportReport


def prepare_import(
    text: str,
    name: str,
    *,
    user: str,
    documents: Iterable[Document] = (),
    search_disk: bool = True,
) -> ImportPlan:
    """Parse, validate and re-anchor ``text`` without a database (``user`` is the author of
    records that name none). Raises :class:`ImportFailed` if the file is unusable."""
    finder = DocumentFinder(documents, search_disk)
    parsed = parse(text, name, user, finder)
    if parsed.problems:
        _fail(name, parsed.problems)
    report = ImportReport(parsed.format, records=len(parsed.records))
    records = _dedupe(parsed.records, report, name)
    records = _reanchor(records, finder, parsed.doc_lengths, report)
    return ImportPlan(name, user, records, parsed.doc_lengths, report)


def apply_import(store: Store, plan: ImportPlan) -> ImportReport:
    """Write a prepared import in one transaction (all or nothing)."""
    if plan.user != store.user:
        raise InvalidInput(f"import prepared for {plan.user!r}, store opened as {store.user!r}")
    _write(store, plan.records, plan.doc_lengths, plan.report, plan.name)
    return plan.report


def import_text(
    store: Store,
    text: str,
    name: str = "<input>",
    *,
    documents: Iterable[Document] = (),
    search_disk: bool = True,
) -> ImportReport:
    """Like :func:`import_file`, for text already read."""
    plan = prepare_import(text, name, user=store.user, documents=documents, search_disk=search_disk)
    return apply_import(store, plan)


def _fail(name: str, problems: list[str]) -> None:
    shown = problems[:MAX_REPORTED_PROBLEMS]
    more = len(problems) - len(shown)
    if more:
        shown.append(f"... and {more} more")
    raise ImportFailed(
        f"{name}: {len(problems)} bad record(s); nothing was imported",
        [f"{name}: {p}" for p in shown],
    )


def parse(text: str, name: str, user: str, finder: DocumentFinder) -> _Parsed:
    """Detect the format and validate every record (nothing touches the database)."""
    if not text.strip():
        return _Parsed("jsonl", [], {}, [])  # e.g. the jsonl export of no annotation
    try:
        whole = json.loads(text)
    except json.JSONDecodeError as exc:
        lines = [ln for ln in text.split("\n") if ln.strip()]
        if lines and tuple(c.strip().strip('"') for c in lines[0].split(",")[:8]) == _CSV_HEADER:
            raise ImportFailed(
                f"{name}: CSV is for spreadsheets, export only; {ACCEPTED}"
            ) from None
        if len(lines) < 2 or not any(_is_json_object(ln) for ln in lines):
            # Not one JSON text, and no line is a JSON object: not JSON Lines either.
            raise ImportFailed(
                f"{name}: not JSON ({exc.msg} at line {exc.lineno} column {exc.colno}); {ACCEPTED}"
            ) from None
        return _parse_jsonl(text, user, finder)
    out = _Parsed("json", [], {}, [])
    if isinstance(whole, dict) and "format" in whole:
        if whole.get("format") != FORMAT_NAME:
            raise ImportFailed(f"{name}: unknown format {whole.get('format')!r}")
        version = whole.get("version")
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            raise ImportFailed(f"{name}: 'version' must be a positive integer")
        if version > FORMAT_VERSION:
            raise ImportFailed(
                f"{name}: file format version {version} is newer than this newsreader "
                f"reads ({FORMAT_VERSION}); upgrade newsreader"
            )
        docs = _parse_documents(whole.get("documents", []), out)
        items = whole.get("annotations")
        if not isinstance(items, list):
            raise ImportFailed(f"{name}: 'annotations' must be a list")
        for i, item in enumerate(items):
            _add(out, f"annotation {i + 1}", _native(item, user, docs))
        return out
    if isinstance(whole, dict) and whole.get("type") in ("AnnotationCollection", "AnnotationPage"):
        out.format = "w3c"
        page = whole.get("first") if whole.get("type") == "AnnotationCollection" else whole
        if isinstance(page, str):
            raise ImportFailed(f"{name}: paged collections ('first' is a link) are not supported")
        items = page.get("items") if isinstance(page, dict) else None
        if not isinstance(items, list):
            raise ImportFailed(f"{name}: the annotation page has no 'items' list")
        for i, item in enumerate(items):
            _add(out, f"item {i + 1}", _w3c(item, user, finder))
        return out
    if isinstance(whole, dict) and "quote" in whole and "format" not in whole:
        return _parse_jsonl(text, user, finder)  # JSON Lines with one line
    if isinstance(whole, dict) and whole.get("type") == "Annotation":
        out.format = "w3c"
        _add(out, "annotation 1", _w3c(whole, user, finder))
        return out
    if isinstance(whole, list):
        for i, item in enumerate(whole):
            w3c = isinstance(item, dict) and item.get("type") == "Annotation"
            out.format = "w3c" if w3c else "json"
            result = _w3c(item, user, finder) if w3c else _native(item, user, {})
            _add(out, f"item {i + 1}", result)
        return out
    raise ImportFailed(f"{name}: not an annotation file; {ACCEPTED}")


def _is_json_object(line: str) -> bool:
    try:
        return isinstance(json.loads(line), dict)
    except json.JSONDecodeError:
        return False


def _parse_jsonl(text: str, user: str, finder: DocumentFinder) -> _Parsed:
    out = _Parsed("jsonl", [], {}, [])
    # Lines end at "\n" only: JSON text may hold U+2028, U+0085 ... which splitlines() splits.
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            out.problems.append(f"line {number}: not JSON ({exc.msg} at column {exc.colno})")
            continue
        w3c = isinstance(item, dict) and item.get("type") == "Annotation"
        result = _w3c(item, user, finder) if w3c else _native(item, user, {})
        _add(out, f"line {number}", result)
    return out


_Result = tuple[Annotation | None, list[str]]


def _add(out: _Parsed, position: str, result: _Result) -> None:
    ann, problems = result
    if problems:
        out.problems.extend(f"{position}: {p}" for p in problems)
    elif ann is not None:
        out.records.append((position, ann))


def _parse_documents(items: object, out: _Parsed) -> dict[str, tuple[str, str]]:
    docs: dict[str, tuple[str, str]] = {}
    if not isinstance(items, list):
        out.problems.append("'documents' must be a list")
        return docs
    for i, item in enumerate(items):
        where = f"document {i + 1}"
        if not isinstance(item, dict):
            out.problems.append(f"{where}: not an object")
            continue
        doc_id, path, title = item.get("id"), item.get("path", ""), item.get("title", "")
        if not isinstance(doc_id, str) or not doc_id:
            out.problems.append(f"{where}: 'id' must be a non-empty string")
            continue
        if not isinstance(path, str) or not isinstance(title, str):
            out.problems.append(f"{where}: 'path' and 'title' must be strings")
            continue
        length = item.get("length")
        if isinstance(length, int) and not isinstance(length, bool) and length >= 0:
            out.doc_lengths[doc_id] = length
        docs[doc_id] = (path, title)
    return docs


class _Fields:
    """Reads typed fields from one record, collecting problems instead of stopping."""

    def __init__(self, obj: dict[str, Any]) -> None:
        self.obj = obj
        self.problems: list[str] = []

    def text(self, key: str, default: str | None = None) -> str:
        value = self.obj.get(key, default)
        if value is None:
            self.problems.append(f"'{key}' is missing")
            return ""
        if not isinstance(value, str):
            self.problems.append(f"'{key}' must be a string")
            return ""
        return value

    def integer(self, key: str) -> int:
        value = self.obj.get(key)
        if value is None:
            self.problems.append(f"'{key}' is missing")
            return 0
        if not isinstance(value, int) or isinstance(value, bool):
            self.problems.append(f"'{key}' must be an integer")
            return 0
        return value


def _check_name(value: str, what: str, problems: list[str]) -> str:
    try:
        return clean_name(value, what)
    except InvalidInput as exc:
        problems.append(str(exc))
        return value


def _check_time(value: str, key: str, problems: list[str]) -> str:
    try:
        return normalize_time(value)
    except (ValueError, TypeError):
        problems.append(f"'{key}' is not an ISO-8601 time: {value!r}")
        return value


def _check_uuid(value: object, problems: list[str]) -> str:
    try:
        return str(uuid.UUID(str(value)))
    except ValueError:
        problems.append(f"'id' is not a UUID: {value!r}")
        return ""


def _check_span(start: int, end: int, quote: str, problems: list[str]) -> None:
    if start < 0:
        problems.append(f"'start' must not be negative (got {start})")
    elif end <= start:
        problems.append(f"'end' ({end}) must be greater than 'start' ({start})")
    elif len(quote) != end - start:
        problems.append(
            f"'quote' has {len(quote)} characters but the span {start}-{end} is {end - start} long"
        )


def _native(obj: object, user: str, docs: dict[str, tuple[str, str]]) -> _Result:
    if not isinstance(obj, dict):
        return None, ["not a JSON object"]
    f = _Fields(obj)
    problems = f.problems
    if "id" not in obj:
        problems.append("'id' is missing")
    ann_id = _check_uuid(obj.get("id"), problems) if "id" in obj else ""
    doc = f.text("doc")
    if "doc" in obj and not doc:
        problems.append("'doc' must not be empty")
    start, end = f.integer("start"), f.integer("end")
    quote = f.text("quote")
    prefix, suffix, note = f.text("prefix", ""), f.text("suffix", ""), f.text("note", "")
    label = _check_name(f.text("label"), "label", problems)
    author = _check_name(f.text("author", user), "author", problems)
    created = _check_time(f.text("created", "") or now_iso(), "created", problems)
    updated = _check_time(f.text("updated", created), "updated", problems)
    path, title = docs.get(doc, ("", ""))
    path, title = f.text("doc_path", path), f.text("doc_title", title)
    if not problems:
        _check_span(start, end, quote, problems)
    if problems:
        return None, problems
    ann = Annotation(
        ann_id, doc, path, title, start, end, quote, prefix, suffix, label, note, author, created,
        updated,
    )  # fmt: skip
    return ann, []


def _first_dict(value: object, want: Callable[[dict[str, Any]], bool]) -> dict[str, Any] | None:
    items = value if isinstance(value, list) else [value]
    for item in items:
        if isinstance(item, dict) and want(item):
            return item
    return None


def _w3c(obj: object, user: str, finder: DocumentFinder) -> _Result:
    if not isinstance(obj, dict):
        return None, ["not a JSON object"]
    problems: list[str] = []
    raw_id = obj.get("id")
    if not isinstance(raw_id, str) or not raw_id:
        return None, ["'id' is missing"]
    if raw_id.startswith("urn:uuid:"):
        ann_id = _check_uuid(raw_id[len("urn:uuid:") :], problems)
    else:
        try:
            ann_id = str(uuid.UUID(raw_id))
        except ValueError:  # another tool's IRI: a stable UUID derived from it
            ann_id = str(uuid.uuid5(uuid.NAMESPACE_URL, raw_id))
    target = _first_dict(obj.get("target"), lambda t: "selector" in t)
    if target is None:
        return None, ["no target with a selector"]
    source = target.get("source")
    doc, path, title = "", "", ""
    if isinstance(source, dict):
        src_id = source.get("id", "")
        path = str(source.get("dcterms:identifier", "") or "")
        title = str(source.get("dcterms:title", "") or source.get("title", "") or "")
    else:
        src_id = source if isinstance(source, str) else ""
    if not isinstance(src_id, str):
        src_id = ""
    if src_id.startswith(DOC_URN):
        doc = src_id[len(DOC_URN) :]
    elif not path:
        path = src_id[len("file://") :] if src_id.startswith("file://") else src_id
    quote_sel = _first_dict(target.get("selector"), lambda s: s.get("type") == "TextQuoteSelector")
    pos_sel = _first_dict(target.get("selector"), lambda s: s.get("type") == "TextPositionSelector")
    if quote_sel is None:
        return None, ["no TextQuoteSelector in the target"]
    fq = _Fields(quote_sel)
    quote, prefix, suffix = fq.text("exact"), fq.text("prefix", ""), fq.text("suffix", "")
    problems += fq.problems
    found = finder.find(doc, path) if (doc or path) else None
    if found is not None and not doc:
        doc, path, title = found.id, found.path, title or found.title
    if not doc:
        problems.append(f"target source {src_id!r} is not a newsreader document and was not found")
    if pos_sel is not None:
        fp = _Fields(pos_sel)
        start, end = fp.integer("start"), fp.integer("end")
        problems += fp.problems
    elif found is not None and quote:
        start, end, status = anchor.locate(found.text, quote, prefix, suffix, 0, len(quote))
        if status in ("fuzzy", "orphaned"):
            problems.append("no TextPositionSelector and the quote is not in the document")
    else:
        start, end = 0, 0
        problems.append("no TextPositionSelector (and the document was not found to place it)")
    label, note = "", ""
    bodies = obj.get("body", [])
    for body in bodies if isinstance(bodies, list) else [bodies]:
        if isinstance(body, dict) and isinstance(body.get("value"), str):
            purpose = body.get("purpose")
            if purpose == "tagging" and not label:
                label = body["value"]
            elif purpose in ("commenting", "describing") and not note:
                note = body["value"]
    if not note and isinstance(obj.get("bodyValue"), str):
        note = obj["bodyValue"]
    if not label:
        problems.append("no tag (a TextualBody with purpose 'tagging')")
    label = _check_name(label, "label", problems) if label else label
    creator = obj.get("creator", user)
    if isinstance(creator, list) and creator:
        creator = creator[0]
    if isinstance(creator, dict):
        creator = creator.get("nickname") or creator.get("name") or user
    author = _check_name(str(creator), "author", problems)
    created = _check_time(str(obj.get("created") or now_iso()), "created", problems)
    updated = _check_time(str(obj.get("modified", created)), "modified", problems)
    if not problems:
        _check_span(start, end, quote, problems)
    if problems:
        return None, problems
    ann = Annotation(
        ann_id, doc, path, title, start, end, quote, prefix, suffix, label, note, author, created,
        updated,
    )  # fmt: skip
    return ann, []


def _dedupe(
    records: list[tuple[str, Annotation]], report: ImportReport, name: str
) -> list[Annotation]:
    """One record per id: identical repeats collapse; otherwise the newer ``updated`` wins."""
    chosen: dict[str, tuple[str, Annotation]] = {}
    problems: list[str] = []
    for position, ann in records:
        first = chosen.get(ann.id)
        if first is None:
            chosen[ann.id] = (position, ann)
        elif same_content(first[1], ann) or ann.updated < first[1].updated:
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


def _reanchor(
    records: list[Annotation],
    finder: DocumentFinder,
    lengths: dict[str, int],
    report: ImportReport,
) -> list[Annotation]:
    """Place each annotation on its document's current text where that text is known."""
    out: list[Annotation] = []
    for ann in records:
        doc = finder.find(ann.doc, ann.doc_path)
        if doc is None:
            out.append(ann)
            continue
        if doc.id == ann.doc and doc.text[ann.start : ann.end] == ann.quote:
            lengths.setdefault(doc.id, len(doc.text))
            out.append(ann)
            continue
        start, end, status = anchor.locate(
            doc.text, ann.quote, ann.prefix, ann.suffix, ann.start, ann.end
        )
        if status in ("exact", "moved"):
            prefix, _, suffix = anchor.context(doc.text, start, end)
            lengths[doc.id] = len(doc.text)
            out.append(
                replace(
                    ann,
                    doc=doc.id,
                    doc_path=doc.path,
                    doc_title=doc.title,
                    start=start,
                    end=end,
                    prefix=prefix,
                    suffix=suffix,
                )
            )
            report.reanchored += 1
        else:
            out.append(ann)
            if status == "fuzzy":
                report.fuzzy += 1
            else:
                report.orphaned += 1
    return out


def _existing(conn: sqlite3.Connection, ids: list[str]) -> dict[str, Annotation]:
    found: dict[str, Annotation] = {}
    for i in range(0, len(ids), _CHUNK):
        chunk = ids[i : i + _CHUNK]
        marks = ",".join("?" * len(chunk))
        for row in conn.execute(f"{SELECT_ANNOTATIONS} WHERE id IN ({marks})", chunk):
            ann = row_to_annotation(row)
            found[ann.id] = ann
    return found


def _write(
    store: Store,
    records: list[Annotation],
    lengths: dict[str, int],
    report: ImportReport,
    name: str,
) -> None:
    with store.writing(f"importing {name}") as conn:
        for label in sorted({a.label for a in records}):
            before = conn.total_changes
            ensure_label(conn, label)
            if conn.total_changes != before:
                report.labels_created.append(label)
        docs: dict[str, tuple[str, str, int | None]] = {}
        for ann in records:
            docs[ann.doc] = (ann.doc_path, ann.doc_title, lengths.get(ann.doc))
        conn.executemany(UPSERT_DOCUMENT, ((d, p, t, n) for d, (p, t, n) in docs.items()))
        existing = _existing(conn, [a.id for a in records])
        inserts: list[tuple[object, ...]] = []
        updates: list[tuple[object, ...]] = []
        problems: list[str] = []
        for ann in records:
            old = existing.get(ann.id)
            if old is None:
                inserts.append(annotation_row(ann))
            elif same_content(old, ann):
                report.unchanged += 1
            elif old.author != ann.author:
                problems.append(
                    f"id {ann.id} is {old.author}'s tag in the database, not {ann.author}'s"
                )
            elif ann.updated <= old.updated:
                report.kept += 1
            elif old.author != store.user and not store.admin:
                problems.append(
                    f"id {ann.id}: would change {old.author}'s tag; only they or --admin may"
                )
            else:
                updates.append((*annotation_row(ann)[1:], ann.id))
        if problems:
            _fail(name, problems)
        conn.executemany(INSERT_ANNOTATION, inserts)
        conn.executemany(UPDATE_ANNOTATION, updates)
        report.added, report.updated = len(inserts), len(updates)
