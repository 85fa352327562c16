"""The annotation store: add/update/delete/list, re-anchoring, authorship, change watching.

One :class:`Store` wraps one SQLite connection (see :mod:`newsreader.store.db`). Every write is
one ``BEGIN IMMEDIATE`` transaction, committed before the method returns; a failure rolls it back
and raises a :class:`~newsreader.store.errors.StoreError` saying nothing was written. A
``threading.RLock`` serialises use, so UI worker threads may share one store.
"""

from __future__ import annotations

import operator
import os
import sqlite3
import threading
import unicodedata
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, fields, replace
from types import TracebackType

from newsreader.core.model import Document
from newsreader.store import anchor, trail
from newsreader.store.db import SCHEMA_VERSION, open_database
from newsreader.store.errors import (
    Conflict,
    InvalidInput,
    NotAuthor,
    NotFound,
    ReadOnlyStore,
    StoreError,
    translate,
)
from newsreader.store.model import Annotation, Label, Placed, now_iso, time_after
from newsreader.store.trail import History, ImportSource, os_account

MAX_NAME = 64
MAX_NOTE = 10_000
"""Characters in a note (imports too: store/formats/limits.py)."""
NEW_LABEL_COLORS = ("blue", "bright_red", "bright_green", "bright_yellow", "bright_magenta")
NEW_LABEL_STYLES = ("underline", "reverse", "italic", "bold", "bold underline", "strike")

# The annotations table's columns, in the order of the Annotation fields: row tuples and the
# dataclass convert into each other positionally, so both are derived from one list.
ANNOTATION_COLUMNS = tuple(f.name for f in fields(Annotation))
_COLUMN_LIST = ", ".join(f'"{c}"' for c in ANNOTATION_COLUMNS)
SELECT_ANNOTATIONS = f"SELECT {_COLUMN_LIST} FROM annotations"
INSERT_ANNOTATION = (
    f"INSERT INTO annotations ({_COLUMN_LIST}) VALUES ({', '.join('?' * len(ANNOTATION_COLUMNS))})"
)
UPDATE_ANNOTATION = (
    "UPDATE annotations SET "
    + ", ".join(f'"{c}" = ?' for c in ANNOTATION_COLUMNS[1:])
    + " WHERE id = ?"
)
UPSERT_DOCUMENT = (
    "INSERT INTO documents (id, path, title, length) VALUES (?, ?, ?, ?) "
    "ON CONFLICT(id) DO UPDATE SET path = excluded.path, title = excluded.title, "
    "length = coalesce(excluded.length, documents.length) "
    "WHERE documents.path IS NOT excluded.path OR documents.title IS NOT excluded.title "
    "OR (excluded.length IS NOT NULL AND documents.length IS NOT excluded.length)"
)

SET_ACCOUNT = "UPDATE annotations SET account = ? WHERE id = ?"
# A document's text as it was when first tagged (ids are content hashes: one id, one text).
INSERT_TEXT = "INSERT INTO texts (doc, text) VALUES (?, ?) ON CONFLICT(doc) DO NOTHING"


@dataclass(frozen=True, slots=True)
class DocumentInfo:
    """What the store knows about a document: ``length`` is ``None`` when never seen."""

    id: str
    path: str
    title: str
    length: int | None


def default_user() -> str:
    """The author name when none is given: the OS account."""
    return os_account()


def resolve_user(user: str | None) -> str:
    """The author name a store opened with ``user`` uses: ``user``, else the OS account.

    A name that is another account on this machine is refused: ``--user alice`` run by bob
    would sign bob's tags as alice's.
    """
    name = clean_name(user if user is not None else default_user(), "user name")
    me = os_account()
    if name != me and _is_account(name):
        raise InvalidInput(
            f"--user {name}: that is another account on this machine; you are {me} "
            "(use your own name, or one that is no one's account)"
        )
    return name


def _is_account(name: str) -> bool:
    import pwd

    try:
        pwd.getpwnam(name)
    except (KeyError, UnicodeEncodeError, ValueError):
        return False
    return True


def curator_reason(path: str) -> str | None:
    """``None`` if this process may use ``admin`` on the database at ``path`` (it runs as
    root or as the file's owner), else why not."""
    uid = os.getuid()
    try:
        owner = os.stat(path).st_uid
    except OSError as exc:
        return f"cannot check the owner of {path}: {exc.strerror or exc}"
    if uid == 0 or uid == owner:
        return None
    import pwd

    try:
        owner_name = pwd.getpwuid(owner).pw_name
    except KeyError:
        owner_name = f"uid{owner}"
    return (
        f"--admin is for the owner of {path} ({owner_name}); you are {os_account()} "
        f"(the owner can hand it over: chown NEWOWNER {path})"
    )


def clean_name(value: str, what: str) -> str:
    """A label or user name: stripped, 1-64 characters, no control characters."""
    name = value.strip() if isinstance(value, str) else ""
    if not name:
        raise InvalidInput(f"{what} must not be empty")
    if len(name) > MAX_NAME:
        raise InvalidInput(f"{what} is longer than {MAX_NAME} characters: {name[:20]!r}...")
    if not name.isprintable() and any(
        unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") for ch in name
    ):
        raise InvalidInput(f"{what} contains control characters: {name!r}")
    return name


def clean_note(value: str) -> str:
    """A note: any text up to ``MAX_NOTE`` characters (the import's limit too)."""
    if not isinstance(value, str):
        raise InvalidInput("a note must be text")
    if len(value) > MAX_NOTE:
        raise InvalidInput(f"the note is longer than {MAX_NOTE:,} characters ({len(value):,})")
    return value


def row_to_annotation(row: Sequence[object]) -> Annotation:
    return Annotation(*row)  # type: ignore[arg-type]


_ROW = operator.attrgetter(*ANNOTATION_COLUMNS)


def annotation_row(ann: Annotation) -> tuple[object, ...]:
    """The row of ``ann`` in ``ANNOTATION_COLUMNS`` order."""
    row: tuple[object, ...] = _ROW(ann)
    return row


def same_content(a: Annotation, b: Annotation) -> bool:
    """Equal apart from timestamps and document title/path."""
    return (a.id, a.doc, a.start, a.end, a.quote, a.label, a.note, a.author) == (
        b.id,
        b.doc,
        b.start,
        b.end,
        b.quote,
        b.label,
        b.note,
        b.author,
    )


class Store:
    """The annotation database. Open with :meth:`Store.open`; close (or use ``with``)."""

    def __init__(
        self,
        conn: sqlite3.Connection,
        path: str,
        *,
        user: str,
        admin: bool,
        read_only: bool,
        warnings: list[str],
        schema: int = SCHEMA_VERSION,
    ) -> None:
        self._conn = conn
        self._lock = threading.RLock()
        self._seen_version: int | None = None
        self._deleted_accounts: dict[str, str] = {}
        self._keeps_texts = schema >= 2  # schema 1 (read-only, not upgraded) has no texts
        self._keeps_trail = schema >= 3  # older schemas are read-only here: no changes
        self.schema = schema
        self.path = path
        self.user = user
        self.account = os_account()
        self.admin = admin
        self.read_only = read_only
        self.warnings = warnings

    def actor(self, source: ImportSource | None = None) -> trail.Actor:
        """Who this store's changes are recorded as in the trail (``source``: an import's)."""
        return trail.Actor(self.account, self.user, source)

    @classmethod
    def open(
        cls,
        path: str | os.PathLike[str],
        *,
        user: str | None = None,
        admin: bool = False,
        create: bool = True,
        timeout: float = 5.0,
        read_only: bool = False,
    ) -> Store:
        """Open the database at ``path`` (created if missing and ``create``).

        ``user`` defaults to the OS account (another account's name is refused); ``admin``
        lets the user change anyone's tags, and is refused (:class:`NotAuthor`) unless this
        process runs as root or as the database file's owner.
        ``timeout`` is how long a write waits for other writers before :class:`StoreLocked`.
        If the file cannot be written the store opens read-only: ``read_only`` is true and
        ``warnings`` says why.
        """
        name = resolve_user(user)
        opened = open_database(path, create=create, timeout=timeout, read_only=read_only)
        if admin and (why := curator_reason(opened.path)) is not None:
            opened.conn.close()
            raise NotAuthor(why)
        return cls(
            opened.conn,
            opened.path,
            user=name,
            admin=admin,
            read_only=opened.read_only,
            warnings=opened.warnings,
            schema=opened.schema,
        )

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -----------------------------------------------------------------------------------------
    # Transactions (also used by newsreader.store.exchange)

    @contextmanager
    def writing(self, doing: str) -> Iterator[sqlite3.Connection]:
        """One write transaction (``BEGIN IMMEDIATE``), committed on success, else rolled back.

        ``doing`` names the operation in error messages ("saving the tag").
        """
        if self.read_only:
            raise ReadOnlyStore(f"{self.path} is open read-only; {doing} is not possible")
        with self._lock:
            conn = self._conn
            try:
                conn.execute("BEGIN IMMEDIATE")
                yield conn
                conn.execute("COMMIT")
            except sqlite3.Error as exc:
                self._rollback()
                raise translate(exc, self.path, doing) from exc
            except BaseException:
                self._rollback()
                raise

    @contextmanager
    def reading(self) -> Iterator[sqlite3.Connection]:
        """One read transaction: every query inside sees the same snapshot."""
        with self._lock:
            conn = self._conn
            try:
                conn.execute("BEGIN")
                yield conn
                conn.execute("COMMIT")
            except sqlite3.Error as exc:
                self._rollback()
                raise translate(exc, self.path, "reading") from exc
            except BaseException:
                self._rollback()
                raise

    def _rollback(self) -> None:
        try:
            if self._conn.in_transaction:
                self._conn.execute("ROLLBACK")
        except sqlite3.Error:
            pass  # SQLite already rolled back (e.g. after an I/O error)

    # -----------------------------------------------------------------------------------------
    # Labels

    def labels(self) -> list[Label]:
        with self.reading() as conn:
            rows = conn.execute("SELECT name, color, style FROM labels ORDER BY position, name")
            return [Label(str(n), str(c), str(s)) for n, c, s in rows]

    def add_label(self, name: str, color: str | None = None, style: str | None = None) -> Label:
        """Create a label (or return the existing one of that name unchanged)."""
        clean = clean_name(name, "label")
        with self.writing("adding the label") as conn:
            return ensure_label(conn, clean, color, style, actor=self.actor())

    # -----------------------------------------------------------------------------------------
    # Annotations

    def add(
        self,
        doc: Document,
        start: int,
        end: int,
        label: str,
        note: str = "",
        *,
        id: str | None = None,
    ) -> Annotation:
        """Tag ``doc.text[start:end]``; committed before returning.

        Passing the ``id`` of an earlier attempt makes a retry safe: if that attempt was saved,
        the saved annotation is returned instead of a second copy.
        """
        if isinstance(start, bool) or isinstance(end, bool):
            raise InvalidInput("span offsets must be integers")
        if not (0 <= start < end <= len(doc.text)):
            raise InvalidInput(
                f"span {start}-{end} is not inside the document (length {len(doc.text)})"
            )
        ann_id = _clean_id(id) if id is not None else str(uuid.uuid4())
        note = clean_note(note)
        prefix, quote, suffix = anchor.context(doc.text, start, end)
        now = now_iso()
        ann = Annotation(
            id=ann_id,
            doc=doc.id,
            doc_path=doc.path,
            doc_title=doc.title,
            start=start,
            end=end,
            quote=quote,
            prefix=prefix,
            suffix=suffix,
            label=clean_name(label, "label"),
            note=note,
            author=self.user,
            created=now,
            updated=now,
        )
        with self.writing("saving the tag") as conn:
            _require_label(conn, ann.label)
            existing = _get(conn, ann_id)
            if existing is not None:
                if same_content(existing, ann):
                    return existing
                raise Conflict(f"annotation id {ann_id} is already used by another tag")
            conn.execute(UPSERT_DOCUMENT, (doc.id, doc.path, doc.title, len(doc.text)))
            conn.execute(INSERT_TEXT, (doc.id, doc.text))
            conn.execute(INSERT_ANNOTATION, annotation_row(ann))
            conn.execute(SET_ACCOUNT, (self.account, ann.id))
            trail.record_rows(conn, self.actor(), "add", [(ann.id, None)], time=now)
        return ann

    def update(
        self,
        ann_id: str,
        *,
        label: str | None = None,
        note: str | None = None,
        expected_updated: str | None = None,
    ) -> Annotation:
        """Change a tag's label and/or note. ``expected_updated`` (the ``updated`` time the
        caller last saw) makes the update fail with :class:`Conflict` if someone else changed
        the tag meanwhile."""
        new_label = clean_name(label, "label") if label is not None else None
        note = clean_note(note) if note is not None else None
        with self.writing("updating the tag") as conn:
            old = self._owned(conn, ann_id, "change", expected_updated)
            if (new_label is None or new_label == old.label) and (note is None or note == old.note):
                return old
            if new_label is not None:
                _require_label(conn, new_label)
            new = replace(
                old,
                label=new_label if new_label is not None else old.label,
                note=note if note is not None else old.note,
                updated=time_after(old.updated),
            )
            before = trail.row_json(conn, old.id)
            conn.execute(
                "UPDATE annotations SET label = ?, note = ?, updated = ? WHERE id = ?",
                (new.label, new.note, new.updated, old.id),
            )
            trail.record_rows(conn, self.actor(), "edit", [(old.id, before)])
        return new

    def delete(self, ann_id: str, *, expected_updated: str | None = None) -> Annotation:
        """Delete a tag; returns it as it was (pass it to :meth:`restore` to undo)."""
        with self.writing("deleting the tag") as conn:
            old = self._owned(conn, ann_id, "delete", expected_updated)
            self._deleted_accounts[old.id] = _account_of(conn, old.id)
            before = trail.row_json(conn, old.id)
            conn.execute("DELETE FROM annotations WHERE id = ?", (old.id,))
            trail.record_deleted(conn, self.actor(), old.id, old.doc, before)
        return old

    def restore(self, ann: Annotation) -> None:
        """Put back a deleted tag exactly as it was (undo). A no-op if it is already there."""
        if ann.author != self.user and not self.admin:
            raise NotAuthor(f"tag {ann.id[:8]} belongs to {ann.author}; only they can restore it")
        with self.writing("restoring the tag") as conn:
            existing = _get(conn, ann.id)
            if existing is not None:
                if same_content(existing, ann):
                    return
                raise Conflict(f"annotation id {ann.id} is already used by another tag")
            ensure_label(conn, ann.label, actor=self.actor())
            conn.execute(UPSERT_DOCUMENT, (ann.doc, ann.doc_path, ann.doc_title, None))
            conn.execute(INSERT_ANNOTATION, annotation_row(ann))
            account = self._deleted_accounts.get(ann.id)
            if account is None:
                account = self.account if ann.author == self.user else ""
            conn.execute(SET_ACCOUNT, (account, ann.id))
            trail.record_rows(conn, self.actor(), "restore", [(ann.id, None)])
        self._deleted_accounts.pop(ann.id, None)

    def get(self, ann_id: str) -> Annotation:
        with self.reading() as conn:
            found = _get(conn, ann_id)
        if found is None:
            raise NotFound(f"no annotation with id {ann_id}")
        return found

    def annotations(
        self, *, doc: str | None = None, label: str | None = None, author: str | None = None
    ) -> list[Annotation]:
        """Annotations, optionally only one document's (by id or path), label's or author's,
        in document path and offset order."""
        where, params = filters(doc=doc, label=label, author=author)
        with self.reading() as conn:
            rows = conn.execute(
                f'{SELECT_ANNOTATIONS}{where} ORDER BY doc_path, doc, start, "end", created, id',
                params,
            )
            return [row_to_annotation(r) for r in rows]

    def document_key(self, doc: str) -> str:
        """``doc`` (an id or a path, as a filter of :meth:`annotations` takes it) in the form
        the database holds it: an id as is, a path as stored, also when written another way
        (``./corpus/a.txt``). A file on disk the database does not know is returned as given
        (a document with no tags); anything else raises :class:`InvalidInput`."""
        with self.reading() as conn:
            rows = conn.execute(
                "SELECT id, path FROM documents UNION SELECT doc, doc_path FROM annotations"
            ).fetchall()
        known = [(str(i), str(p or "")) for i, p in rows]
        for doc_id, path in known:
            if doc in (doc_id, path):
                return doc
        real = os.path.realpath(doc)
        for _, path in known:
            if path and os.path.realpath(path) == real:
                return path
        if os.path.isfile(doc):
            return doc
        raise InvalidInput(
            f"no document {doc!r} in {self.path} (give an id or path that `newsreader tags` shows)"
        )

    def require_label(self, name: str) -> None:
        """Raise :class:`InvalidInput`, naming the labels there are, unless ``name`` is one."""
        with self.reading() as conn:
            names = {str(r[0]) for r in conn.execute("SELECT name FROM labels")}
            names |= {str(r[0]) for r in conn.execute("SELECT DISTINCT label FROM annotations")}
        if name not in names:
            raise InvalidInput(f"unknown label {name!r} (labels: {', '.join(sorted(names))})")

    def placed(self, doc: Document) -> list[Placed]:
        """This document's annotations placed on its current text (see :class:`Placed`).

        Annotations are matched by document id, or by path when the text changed since
        tagging; then the text they were made on (kept in the database) is diffed against the
        current one to carry them across the edit (:func:`anchor.locate`). Nothing is
        written: the stored offsets, quote and context stay as they were.
        """
        with self.reading() as conn:
            rows = conn.execute(
                f"{SELECT_ANNOTATIONS} WHERE doc = ? OR (doc_path = ? AND doc_path != '')",
                (doc.id, doc.path),
            ).fetchall()
            anns = [row_to_annotation(row) for row in rows]
            older = sorted({a.doc for a in anns} - {doc.id}) if self._keeps_texts else []
            texts: dict[str, str] = (
                {
                    str(d): str(t)
                    for d, t in conn.execute(
                        f"SELECT doc, text FROM texts WHERE doc IN ({', '.join('?' * len(older))})",
                        older,
                    )
                }
                if older
                else {}
            )
        out: list[Placed] = []
        for ann in anns:
            start, end, status = anchor.locate(
                doc.text,
                ann.quote,
                ann.prefix,
                ann.suffix,
                ann.start,
                ann.end,
                old_text=texts.get(ann.doc),
            )
            out.append(Placed(ann, start, end, status))
        out.sort(key=lambda p: (p.start, p.end, p.annotation.created, p.annotation.id))
        return out

    def tagged_text(self, doc_id: str) -> str | None:
        """The text of document ``doc_id`` as it was when first tagged here, if kept (the
        ``old_text`` for :func:`anchor.locate`); ``None`` for tags imported or saved before
        schema version 2."""
        if not self._keeps_texts:
            return None
        with self.reading() as conn:
            row = conn.execute("SELECT text FROM texts WHERE doc = ?", (doc_id,)).fetchone()
        return None if row is None else str(row[0])

    def documents(self) -> list[DocumentInfo]:
        with self.reading() as conn:
            rows = conn.execute("SELECT id, path, title, length FROM documents ORDER BY path, id")
            return [DocumentInfo(str(i), str(p), str(t), ln) for i, p, t, ln in rows]

    def count(self) -> int:
        with self.reading() as conn:
            return int(conn.execute("SELECT count(*) FROM annotations").fetchone()[0])

    def account_of(self, ann_id: str) -> str:
        """The OS account that made tag ``ann_id`` (``""``: imported under another author's
        name, or saved before schema version 2)."""
        with self.reading() as conn:
            return _account_of(conn, ann_id)

    # -----------------------------------------------------------------------------------------
    # The trail (see newsreader.store.trail)

    def history(
        self,
        *,
        tag: str | None = None,
        doc: str | None = None,
        author: str | None = None,
        account: str | None = None,
        limit: int | None = None,
    ) -> History:
        """The trail's events, oldest first (the newest ``limit`` with ``limit``), and notes on
        what it cannot say. ``tag``: an id or its first characters (4 or more); ``doc``: an id
        or path (as :meth:`annotations` takes it); ``author``: the author name the change was
        made under; ``account``: the OS account that made it. An unknown tag or document is
        :class:`InvalidInput`."""
        if limit is not None and limit < 1:
            raise InvalidInput(f"the limit must be 1 or more, not {limit}")
        doc_key = self.document_key(doc) if doc is not None else None
        with self.reading() as conn:
            if not self._keeps_trail:
                return History(
                    [],
                    [
                        f"{self.path} is at schema version {self.schema}, from before the "
                        "trail: it keeps no history until newsreader opens it for writing"
                    ],
                )
            tag_id = trail.resolve_tag(conn, tag) if tag is not None else None
            events = trail.read(
                conn, tag=tag_id, doc=doc_key, author=author, account=account, limit=limit
            )
            notes = trail.integrity(conn)
            if tag_id is not None:
                whole = events
                if limit is not None or author is not None or account is not None:
                    whole = trail.read(conn, tag=tag_id)
                notes += trail.tag_notes(conn, tag_id, whole)
        return History(events, notes)

    # -----------------------------------------------------------------------------------------
    # Change watching

    def data_version(self) -> int:
        """A number that changes when another connection commits (``PRAGMA data_version``).
        Cheap: poll it every half second and reload when it changes."""
        with self._lock:
            try:
                return int(self._conn.execute("PRAGMA data_version").fetchone()[0])
            except sqlite3.Error as exc:
                raise translate(exc, self.path, "checking for changes") from exc

    def changed(self) -> bool:
        """Whether another session committed since the last call (false on the first call)."""
        version = self.data_version()
        seen, self._seen_version = self._seen_version, version
        return seen is not None and seen != version

    # -----------------------------------------------------------------------------------------

    def refusal(self, conn: sqlite3.Connection, old: Annotation, verb: str) -> str | None:
        """Why this store's user may not ``verb`` (change, delete) the stored tag ``old``, or
        ``None``: only its author, from the OS account that made it, or ``--admin``. The one
        rule for the reader, the commands and imports."""
        if self.admin:
            return None
        account = _account_of(conn, old.id)
        if old.author == self.user and account in ("", self.account):
            return None
        who = old.author if account in ("", old.author) else f"{old.author} ({account})"
        me = self.user if self.user == self.account else f"{self.user} ({self.account})"
        return (
            f"tag {old.id[:8]} belongs to {who}; you, {me}, cannot {verb} it (only its author, "
            "from the account that made it, or --admin as the database's owner)"
        )

    def _owned(
        self, conn: sqlite3.Connection, ann_id: str, verb: str, expected_updated: str | None
    ) -> Annotation:
        old = _get(conn, ann_id)
        if old is None:
            raise NotFound(f"no annotation with id {ann_id} (deleted by someone else?)")
        refused = self.refusal(conn, old, verb)
        if refused is not None:
            raise NotAuthor(refused)
        if expected_updated is not None and old.updated != expected_updated:
            raise Conflict(f"tag {old.id[:8]} was changed by someone else; reload and try again")
        return old


def filters(
    *, doc: str | None = None, label: str | None = None, author: str | None = None
) -> tuple[str, list[str]]:
    """A ``WHERE`` clause (with leading space, or empty) and its parameters."""
    clauses: list[str] = []
    params: list[str] = []
    if doc is not None:
        clauses.append("(doc = ? OR doc_path = ?)")
        params += [doc, doc]
    if label is not None:
        clauses.append("label = ?")
        params.append(label)
    if author is not None:
        clauses.append("author = ?")
        params.append(author)
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), params


def ensure_label(
    conn: sqlite3.Connection,
    name: str,
    color: str | None = None,
    style: str | None = None,
    *,
    actor: trail.Actor,
) -> Label:
    """The label called ``name``, created (with a colour and style of its own, and its event
    in the trail, as ``actor``'s) if missing."""
    row = conn.execute("SELECT name, color, style FROM labels WHERE name = ?", (name,)).fetchone()
    if row is not None:
        return Label(str(row[0]), str(row[1]), str(row[2]))
    position = int(conn.execute("SELECT count(*) FROM labels").fetchone()[0])
    label = Label(
        name,
        color or NEW_LABEL_COLORS[position % len(NEW_LABEL_COLORS)],
        style or NEW_LABEL_STYLES[position % len(NEW_LABEL_STYLES)],
    )
    conn.execute(
        "INSERT INTO labels (name, color, style, position) VALUES (?, ?, ?, ?)",
        (label.name, label.color, label.style, position),
    )
    trail.record_label(conn, actor, label)
    return label


def _require_label(conn: sqlite3.Connection, name: str) -> None:
    if conn.execute("SELECT 1 FROM labels WHERE name = ?", (name,)).fetchone() is None:
        known = ", ".join(str(r[0]) for r in conn.execute("SELECT name FROM labels ORDER BY 1"))
        raise InvalidInput(f"unknown label {name!r} (known: {known}); add it first")


def _account_of(conn: sqlite3.Connection, ann_id: str) -> str:
    """The OS account that made a tag; ``""`` for tags imported or saved before schema v2."""
    row = conn.execute("SELECT account FROM annotations WHERE id = ?", (ann_id,)).fetchone()
    return "" if row is None else str(row[0])


def _get(conn: sqlite3.Connection, ann_id: str) -> Annotation | None:
    row = conn.execute(f"{SELECT_ANNOTATIONS} WHERE id = ?", (ann_id,)).fetchone()
    return None if row is None else row_to_annotation(row)


def _clean_id(value: str) -> str:
    try:
        return str(uuid.UUID(str(value)))
    except ValueError:
        raise InvalidInput(f"annotation id is not a UUID: {value!r}") from None


__all__ = ["DocumentInfo", "Store", "StoreError", "default_user"]
