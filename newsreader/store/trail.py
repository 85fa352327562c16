"""The trail: who did what to the tags, one event per change.

Every change the store makes writes its event in the change's own transaction (the same
``BEGIN IMMEDIATE``), so there is never a change without its event nor an event without its
change: if either fails, both are rolled back. Headless, plain ``sqlite3`` as the rest of the
store.

An event (a row of ``events``, schema version 3):

* ``seq``: its place in the trail. Writers are serialised by ``BEGIN IMMEDIATE``, so ``seq``
  is the order the changes were committed in; ``AUTOINCREMENT`` never reuses one, so a gap
  means events were deleted.
* ``time``: when, in UTC, by this machine's clock.
* ``account``: the OS account that ran the change (from the process's real uid, not ``$USER``).
* ``author``: the author name the process claimed (``--user``; the account's name by default).
* ``action``: ``add``, ``edit``, ``delete``, ``restore`` (an undone delete), ``import`` (a tag
  an import added, or replaced: then ``before`` is set), ``label`` (a label created) and
  ``begin`` (the trail started: the database was created, or upgraded to schema 3).
* ``tag`` and ``doc``: the annotation's id and its document's id.
* ``before`` and ``after``: the annotation's row as JSON (every column, its ``account`` too),
  read from the table itself; ``null`` where there is no row. For ``label`` the label (name,
  colour, style); for ``begin`` how many tags were already there (they have no history before).
* ``import_file``, ``import_format``, ``keep_authors``: for imports (and the labels an import
  created), the file read, its format and whether other people's tags were added under their
  names (``--keep-authors``).

The table is append-only: triggers refuse ``UPDATE`` and ``DELETE`` on it. That guards against
slips, not against anyone who can write the file (they can drop the triggers): a trail, not a
boundary. :func:`integrity` says when the trail shows signs of such editing.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from typing import Any, Literal

from newsreader.store.errors import InvalidInput, StoreError
from newsreader.store.model import Annotation, Label, now_iso

Action = Literal["begin", "add", "edit", "delete", "restore", "import", "label"]
ACTIONS: tuple[Action, ...] = ("begin", "add", "edit", "delete", "restore", "import", "label")

# The keys of a row as the trail keeps it: the annotation's fields, then the account.
ROW_KEYS: tuple[str, ...] = (*(f.name for f in fields(Annotation)), "account")
_ROW_JSON = "json_object(" + ", ".join(f"'{k}', \"{k}\"" for k in ROW_KEYS) + ")"
# The fields an edit or an import can change, in the order a change is described.
CHANGES: tuple[str, ...] = ("label", "note", "span", "doc", "quote", "author")
_CHUNK = 500  # ids per "IN (...)" query
_TRIGGERS = ("events_append_only_update", "events_append_only_delete")

EVENT_COLUMNS = (
    "seq, time, account, author, action, tag, doc, before, after, "
    "import_file, import_format, keep_authors"
)
_INSERT = (
    "INSERT INTO events (time, account, author, action, tag, doc, before, after, "
    "import_file, import_format, keep_authors) "
)
_RECORD_ROW = _INSERT + f"SELECT ?, ?, ?, ?, id, doc, ?, {_ROW_JSON}, ?, ?, ? FROM annotations "
_RECORD_ROW += "WHERE id = ?"
_RECORD = _INSERT + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"


def os_account() -> str:
    """The OS account running this process, from its real uid (not ``$USER``, which anyone can
    set), else ``uid<N>``."""
    import pwd

    try:
        return pwd.getpwuid(os.getuid()).pw_name
    except KeyError:
        return f"uid{os.getuid()}"


# ---------------------------------------------------------------------------------------------
# The table


def create_events(conn: sqlite3.Connection) -> None:
    """Version 3: the ``events`` table, append-only, and its first event (``begin``), which
    says how many tags were already there: they have no history before it."""
    actions = ", ".join(f"'{a}'" for a in ACTIONS)
    conn.execute(
        f"""
        CREATE TABLE events (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            time TEXT NOT NULL,
            account TEXT NOT NULL,
            author TEXT NOT NULL,
            action TEXT NOT NULL CHECK (action IN ({actions})),
            tag TEXT,
            doc TEXT,
            before TEXT,
            after TEXT,
            import_file TEXT,
            import_format TEXT,
            keep_authors INTEGER CHECK (keep_authors IN (0, 1)),
            CHECK (action != 'import' OR import_file IS NOT NULL)
        ) STRICT
        """
    )
    conn.execute('CREATE INDEX "idx_events_tag" ON "events" ("tag", "seq")')
    conn.execute('CREATE INDEX "idx_events_doc" ON "events" ("doc", "seq")')
    for name, verb in zip(_TRIGGERS, ("UPDATE", "DELETE"), strict=True):
        conn.execute(
            f'CREATE TRIGGER "{name}" BEFORE {verb} ON events BEGIN '
            "SELECT RAISE(ABORT, 'the events table is append-only: its rows are the trail of "
            "who did what, and are never changed or deleted'); END"
        )
    tags = int(conn.execute("SELECT count(*) FROM annotations").fetchone()[0])
    after = json.dumps({"tags": tags})
    begin = (now_iso(), os_account(), "", "begin", None, None, None, after, None, None, None)
    conn.execute(_RECORD, begin)


# ---------------------------------------------------------------------------------------------
# Writing (inside the store's write transactions)


@dataclass(frozen=True, slots=True)
class ImportSource:
    """What an import read: the file (absolute when it is a file), its format, and whether
    other people's tags were added under their own names."""

    file: str
    format: str
    keep_authors: bool


@dataclass(frozen=True, slots=True)
class Actor:
    """Who makes the changes a transaction records: the OS account and the claimed author."""

    account: str
    author: str
    source: ImportSource | None = None

    def _columns(self, time: str | None) -> tuple[str, str, str]:
        return (time or now_iso(), self.account, self.author)

    def _source(self) -> tuple[str | None, str | None, int | None]:
        s = self.source
        return (None, None, None) if s is None else (s.file, s.format, int(s.keep_authors))


def row_json(conn: sqlite3.Connection, tag: str) -> str | None:
    """The annotation row ``tag`` as the trail keeps it (JSON text), or ``None``."""
    row = conn.execute(f"SELECT {_ROW_JSON} FROM annotations WHERE id = ?", (tag,)).fetchone()
    return None if row is None else str(row[0])


def rows_json(conn: sqlite3.Connection, tags: Sequence[str]) -> dict[str, str]:
    """:func:`row_json` of each of ``tags`` that is in the table."""
    found: dict[str, str] = {}
    for i in range(0, len(tags), _CHUNK):
        chunk = tags[i : i + _CHUNK]
        marks = ",".join("?" * len(chunk))
        query = f"SELECT id, {_ROW_JSON} FROM annotations WHERE id IN ({marks})"
        found.update((str(t), str(j)) for t, j in conn.execute(query, chunk))
    return found


def record_rows(
    conn: sqlite3.Connection,
    actor: Actor,
    action: Action,
    changed: Iterable[tuple[str, str | None]],
    *,
    time: str | None = None,
) -> None:
    """One event per ``(tag, before)``, its ``after`` the tag's row as it is now in this
    transaction. A tag that is not there is an error (the transaction is rolled back), so no
    change goes unrecorded."""
    who, source = actor._columns(time), actor._source()
    params = [(*who, action, before, *source, tag) for tag, before in changed]
    if not params:
        return
    cursor = conn.executemany(_RECORD_ROW, params)
    if cursor.rowcount != len(params):
        raise StoreError(
            f"the trail could not record {len(params) - max(cursor.rowcount, 0)} change(s) "
            "(their tags are gone); nothing was written"
        )


def record_deleted(
    conn: sqlite3.Connection, actor: Actor, tag: str, doc: str, before: str | None
) -> None:
    """The event of a deleted tag: ``before`` its row, no ``after``."""
    who = actor._columns(None)
    conn.execute(_RECORD, (*who, "delete", tag, doc, before, None, None, None, None))


def record_label(conn: sqlite3.Connection, actor: Actor, label: Label) -> None:
    """The event of a label created."""
    after = json.dumps({"name": label.name, "color": label.color, "style": label.style})
    conn.execute(
        _RECORD, (*actor._columns(None), "label", None, None, None, after, *actor._source())
    )


# ---------------------------------------------------------------------------------------------
# Reading


@dataclass(frozen=True, slots=True)
class Event:
    """One change, as :mod:`the trail <newsreader.store.trail>` keeps it."""

    seq: int
    time: str
    account: str
    author: str
    action: Action
    tag: str | None
    doc: str | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    source: ImportSource | None = None

    @property
    def changed(self) -> list[str]:
        """What an edit or a replacing import changed, from :data:`CHANGES` (``span``: the
        offsets), in that order; empty for other events."""
        b, a = self.before, self.after
        if b is None or a is None or self.action in ("begin", "label"):
            return []
        out = []
        for key in CHANGES:
            if key == "span":
                if (b.get("start"), b.get("end")) != (a.get("start"), a.get("end")):
                    out.append(key)
            elif b.get(key) != a.get(key):
                out.append(key)
        return out

    def record(self) -> dict[str, Any]:
        """The event as ``newsreader history --json`` writes it
        (``newsreader/schemas/history.schema.json``)."""
        source = self.source
        return {
            "seq": self.seq,
            "time": self.time,
            "account": self.account,
            "author": self.author,
            "action": self.action,
            "tag": self.tag,
            "doc": self.doc,
            "before": self.before,
            "after": self.after,
            "changed": self.changed,
            "import": None
            if source is None
            else {
                "file": source.file,
                "format": source.format,
                "keep_authors": source.keep_authors,
            },
        }


@dataclass(frozen=True, slots=True)
class History:
    """Events, oldest first, and notes on what the trail cannot say (or shows was edited)."""

    events: list[Event]
    notes: list[str]


# ---------------------------------------------------------------------------------------------
# Describing events (the same words in ``newsreader history`` and the reader's tag detail)

VERBS: dict[str, str] = {
    "begin": "began",
    "add": "added",
    "edit": "edited",
    "delete": "deleted",
    "restore": "restored",
    "import": "imported",
    "label": "label",
}


def when(e: Event) -> str:
    """The event's time to the second, UTC: ``2026-11-21 10:00:03Z``."""
    return e.time[:19].replace("T", " ") + "Z"


def who(e: Event) -> str:
    """The account, and ``as NAME`` when the author name claimed is not the account's."""
    if e.author and e.author != e.account:
        return f"{e.account} as {e.author}"
    return e.account


def describe(e: Event) -> str:
    """What the event did, on one line: the tag's label and quote (and its author when the
    change was made under another name), where it was added, what an edit or a replacing
    import changed (``label claim -> disputed, note changed, moved 10-14 -> 20-24``), and the
    file an import read. Text from the database, to be drawn safely by the caller."""
    if e.action == "begin":
        tags = (e.after or {}).get("tags", 0)
        if not tags:
            return "history began (a new database)"
        return f"history began; {tags} tag(s) were already there (no history before this)"
    if e.action == "label":
        a = e.after or {}
        text = f"new label {_short(a.get('name'), 30)} ({a.get('color')}, {a.get('style')})"
    else:
        row = e.after if e.after is not None else e.before or {}
        text = f"{_short(row.get('label'), 20)} “{_short(row.get('quote'), 30)}”"
        author = row.get("author")
        if author and author != e.author:
            text += f" by {_short(author, 30)}"
        if e.action == "add":
            text += f"; in {_short(row.get('doc_path') or row.get('doc'), 40)}"
        changes = _changes(e)
        if changes:
            text += "; " + ("replaced: " if e.action == "import" else "") + changes
    if e.source is not None:
        kept = ", authors kept" if e.source.keep_authors else ""
        name = os.path.basename(e.source.file) or e.source.file
        text += f"; from {_short(name, 40)} ({e.source.format}{kept})"
    return text


def _changes(e: Event) -> str:
    b, a = e.before or {}, e.after or {}
    out = []
    for key in e.changed:
        if key == "label":
            out.append(f"label {_short(b.get('label'), 20)} -> {_short(a.get('label'), 20)}")
        elif key == "span":
            out.append(f"moved {b.get('start')}-{b.get('end')} -> {a.get('start')}-{a.get('end')}")
        elif key == "doc":
            out.append(f"to {_short(a.get('doc_path') or a.get('doc'), 30)}")
        else:
            out.append(f"{key} changed")
    return ", ".join(out)


def _short(value: object, width: int) -> str:
    """``value`` as one line (runs of white space one space), at most ``width`` characters."""
    flat = " ".join(str(value if value is not None else "").split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def _event(row: Sequence[Any]) -> Event:
    seq, time, account, author, action, tag, doc, before, after, file, fmt, keep = row
    return Event(
        int(seq),
        str(time),
        str(account),
        str(author),
        action,
        None if tag is None else str(tag),
        None if doc is None else str(doc),
        None if before is None else json.loads(before),
        None if after is None else json.loads(after),
        None if file is None else ImportSource(str(file), str(fmt or ""), bool(keep)),
    )


def read(
    conn: sqlite3.Connection,
    *,
    tag: str | None = None,
    doc: str | None = None,
    author: str | None = None,
    account: str | None = None,
    limit: int | None = None,
) -> list[Event]:
    """Events, oldest first; with ``limit``, the newest ``limit`` of them. ``doc`` is a
    document id or path as the database holds it (``Store.document_key``); ``author`` the
    claimed author of the change, ``account`` the OS account that made it."""
    clauses: list[str] = []
    params: list[object] = []
    if tag is not None:
        clauses.append("tag = ?")
        params.append(tag)
    if doc is not None:
        # A path names every id its document had (an edited article gets a new id, the same
        # path): in ``documents``, which keeps every document tagged, and in the tags.
        clauses.append(
            "(doc = ? OR doc IN (SELECT id FROM documents WHERE path = ?) "
            "OR doc IN (SELECT doc FROM annotations WHERE doc_path = ?))"
        )
        params += [doc, doc, doc]
    if author is not None:
        clauses.append("author = ?")
        params.append(author)
    if account is not None:
        clauses.append("account = ?")
        params.append(account)
    where = " WHERE " + " AND ".join(clauses) if clauses else ""
    query = f"SELECT {EVENT_COLUMNS} FROM events{where} ORDER BY seq"
    if limit is not None:
        query = f"SELECT * FROM ({query} DESC LIMIT ?) ORDER BY seq"
        params.append(limit)
    return [_event(r) for r in conn.execute(query, params)]


def resolve_tag(conn: sqlite3.Connection, given: str) -> str:
    """The full id of the tag ``given`` names: an id, or the start of one (``tags`` and
    ``history`` show eight characters), of a tag in the table or in the trail. Unknown or
    ambiguous is :class:`InvalidInput`."""
    value = given.strip().lower()
    if len(value) < 4:
        raise InvalidInput(f"--tag {given!r}: give at least 4 characters of the tag's id")
    n = len(value)
    ids = sorted(
        {
            str(r[0])
            for r in conn.execute(
                "SELECT id FROM annotations WHERE substr(id, 1, ?) = ? "
                "UNION SELECT tag FROM events WHERE tag IS NOT NULL AND substr(tag, 1, ?) = ?",
                (n, value, n, value),
            )
        }
    )
    if not ids:
        raise InvalidInput(f"no tag {given!r} in the database or its history")
    if len(ids) > 1:
        more = ", ..." if len(ids) > 3 else ""
        raise InvalidInput(
            f"--tag {given!r} is the start of {len(ids)} tags' ids ({', '.join(ids[:3])}{more}); "
            "give more of it"
        )
    return ids[0]


def integrity(conn: sqlite3.Connection) -> list[str]:
    """What the trail shows of editing outside newsreader: events missing (``seq`` has gaps,
    or the last ones are gone) or its append-only triggers removed."""
    notes: list[str] = []
    count, top = conn.execute("SELECT count(*), coalesce(max(seq), 0) FROM events").fetchone()
    row = conn.execute("SELECT seq FROM sqlite_sequence WHERE name = 'events'").fetchone()
    high = max(int(top), int(row[0]) if row is not None else 0)
    if high > count:
        notes.append(
            f"{high - count} event(s) of {high} are missing from the trail: deleted outside "
            "newsreader"
        )
    marks = ",".join("?" * len(_TRIGGERS))
    present = conn.execute(
        f"SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name IN ({marks})",
        _TRIGGERS,
    ).fetchone()[0]
    if int(present) < len(_TRIGGERS):
        notes.append(
            "the trail's append-only triggers were removed outside newsreader: its events may "
            "have been changed"
        )
    return notes


def tag_notes(conn: sqlite3.Connection, tag: str, events: Sequence[Event]) -> list[str]:
    """What the trail cannot say about ``tag`` (``events``: all of its events, oldest first):
    a tag older than the trail, or one changed outside newsreader since its last event."""
    notes: list[str] = []
    short = tag[:8]
    if not events or events[0].before is not None:
        began = conn.execute(
            "SELECT time FROM events WHERE action = 'begin' ORDER BY seq LIMIT 1"
        ).fetchone()
        since = f" (since {began[0]})" if began is not None else ""
        notes.append(
            f"tag {short} was made before this database kept its history{since}: what "
            "happened to it before is not known"
        )
    now = row_json(conn, tag)
    last = events[-1].after if events else None
    current = None if now is None else json.loads(now)
    if events and current != last:
        what = "deleted" if current is None else "changed"
        notes.append(
            f"tag {short} was {what} outside newsreader after its last event "
            f"({events[-1].seq}): the trail does not say by whom"
        )
    elif not events and current is None:
        notes.append(f"tag {short} is not in the database")
    return notes


__all__ = [
    "ACTIONS",
    "VERBS",
    "Action",
    "Actor",
    "Event",
    "History",
    "ImportSource",
    "create_events",
    "describe",
    "integrity",
    "os_account",
    "read",
    "record_deleted",
    "record_label",
    "record_rows",
    "resolve_tag",
    "row_json",
    "rows_json",
    "tag_notes",
    "when",
    "who",
]
