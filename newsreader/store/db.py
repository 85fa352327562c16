"""Opening the annotation database: file checks, permissions, pragmas, schema migrations.

Everything that touches the file before the store uses it lives here. The rules:

* A path that is not a SQLite file, or a damaged one, is refused before any write, so the file is
  never modified (``NotADatabase``, exit status 2). Checks run on a read-only connection.
* A new file is created with mode ``0660`` minus the umask (owner and group only).
* WAL mode, ``synchronous=NORMAL``, a busy timeout; every write transaction starts with
  ``BEGIN IMMEDIATE`` (see ``annotations.Store``).
* A file is ours when its ``PRAGMA application_id`` is ``APPLICATION_ID``. A blank file (no
  bytes, or SQLite with no tables, no application id and no ``user_version``) may be set up by
  a command that writes; a command that only reads says there is no database and leaves it be.
  Any other SQLite file is another program's and is refused (``NotADatabase``) before anything
  is written: no WAL switch, no ``-wal``/``-shm`` files.
* One schema-version record: ``PRAGMA user_version`` is the number of :data:`MIGRATIONS`
  applied. Missing ones run, in order, in one ``BEGIN IMMEDIATE`` transaction (plain SQL
  through ``sqlite3``, as the rest of the store). A newer version than this program knows is
  refused (``SchemaTooNew``), never downgraded.
* If the file cannot be written (permissions, read-only filesystem, folder not writable) the
  database is opened read-only and ``Opened.read_only`` says why; an older schema that cannot
  be upgraded then is read as it is (``Opened.schema``).
"""

from __future__ import annotations

import contextlib
import errno
import os
import sqlite3
import stat
import struct
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from newsreader.store.errors import (
    NotADatabase,
    ReadOnlyStore,
    SchemaTooNew,
    StoreError,
    StoreLocked,
    translate,
)
from newsreader.store.trail import create_events

APPLICATION_ID = 0x6E727361  # "nrsa": marks the file as a newsreader annotation store
NEW_FILE_MODE = 0o660
SQLITE_HEADER = b"SQLite format 3\x00"

# name, colour, style: styles differ so labels stay distinguishable without colour.
DEFAULT_LABELS: tuple[tuple[str, str, str], ...] = (
    ("claim", "yellow", "underline"),
    ("disputed", "red", "reverse"),
    ("source", "cyan", "italic"),
    ("quote", "green", "bold"),
    ("figure", "magenta", "bold underline"),
)


@dataclass
class Opened:
    conn: sqlite3.Connection
    path: str
    read_only: bool
    warnings: list[str] = field(default_factory=list)
    created: bool = False
    schema: int = 0  # the schema version the connection sees (older only when read-only)


def open_database(
    path: str | os.PathLike[str],
    *,
    create: bool = True,
    timeout: float = 5.0,
    read_only: bool = False,
) -> Opened:
    """Open (creating if allowed) the annotation database at ``path``.

    ``create=False`` is for commands that only read: a missing or blank file is reported
    (``StoreError``, exit status 1) and left exactly as it is.
    """
    shown = os.fspath(path)
    head = _inspect(shown)
    created = False
    if head is None:
        if not create:
            raise StoreError(f"no annotation database at {shown}")
        if read_only:
            raise ReadOnlyStore(f"no annotation database at {shown} (and read-only was asked)")
        created = _create_file(shown)
    elif not create and os.path.getsize(shown) == 0:
        raise StoreError(f"no annotation database at {shown} (the file is empty; not modified)")
    warnings: list[str] = []
    mode = os.stat(shown).st_mode
    if mode & stat.S_IWOTH:
        warnings.append(
            f"{shown} is world-writable (mode {stat.S_IMODE(mode):04o}): anyone on this machine "
            f"can change or delete tags; run: chmod o-w {shown}"
        )
    _refuse_by_header(shown, head or b"", create=create)
    version = _validate(shown, timeout)
    if version == 0 and not create:
        raise StoreError(f"no annotation database at {shown} (the file is blank; not modified)")
    reason = "read-only was asked" if read_only else _unwritable_reason(shown)
    if reason is None:
        conn = _connect(shown, "rw", timeout)
        try:
            _setup(conn, shown, timeout)
            _migrate(conn, shown)
        except ReadOnlyStore as exc:
            conn.close()
            reason = str(exc)
        except BaseException:
            conn.close()
            raise
        else:
            return Opened(conn, shown, False, warnings, created, SCHEMA_VERSION)
    conn = _connect_read_only(shown, timeout)
    if version == 0:
        conn.close()
        raise ReadOnlyStore(f"{shown} is not set up yet and cannot be written ({reason})")
    warnings.append(f"{shown} opened read-only ({reason}): tags cannot be saved")
    # An older schema that cannot be upgraded here is read as it is (every version so far
    # only added to the one before: see MIGRATIONS).
    return Opened(conn, shown, True, warnings, created, version)


# ---------------------------------------------------------------------------------------------
# File checks


def _inspect(path: str) -> bytes | None:
    """The first 100 bytes of ``path`` (fewer for a short file), ``None`` when it does not
    exist and may be created; raises for anything we may not open."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        leftovers = [p for p in (path + "-wal", path + "-shm") if os.path.lexists(p)]
        if leftovers:
            # SQLite would pair a new, empty file with the old log: an I/O error at best.
            verb = "remains" if len(leftovers) == 1 else "remain"
            raise NotADatabase(
                f"{path} is missing but {' and '.join(leftovers)} {verb} (was the database "
                "deleted or moved while in use?); restore it, or move those files away"
            ) from None
        parent = os.path.dirname(os.path.abspath(path))
        if not os.path.isdir(parent):
            raise StoreError(f"cannot create {path}: folder {parent} does not exist") from None
        return None
    except OSError as exc:
        raise StoreError(f"cannot open {path}: {exc.strerror or exc}") from exc
    if stat.S_ISDIR(st.st_mode):
        raise NotADatabase(f"{path} is a folder, not an annotation database")
    if not stat.S_ISREG(st.st_mode):
        raise NotADatabase(f"{path} is not a regular file")
    try:
        with open(path, "rb") as fh:
            head = fh.read(100)
    except OSError as exc:
        raise StoreError(f"cannot read {path}: {exc.strerror or exc}") from exc
    if head and (len(head) < 100 or not head.startswith(SQLITE_HEADER)):
        raise NotADatabase(f"{path} is not a SQLite database (it was not modified)")
    return head


def _refuse_by_header(path: str, head: bytes, *, create: bool = True) -> None:
    """Tell ours, blank and foreign apart for a WAL-mode database before any connection.

    Even a read-only connection to a WAL database creates ``-wal`` and ``-shm`` files next to
    it when they are not there, so another program's would be left with new files. The
    header's application id (offset 68), user version (60) and schema cookie (40, zero until a
    table is made) say whose it is. Our application id in the main file's header is final (it
    is set once, when the database is made). A main header that is blank while a ``-wal``
    file is there may be out of date: the last committed copy of page 1 in the log is then
    the current header (:func:`_wal_page_one`, read as SQLite reads it). Another program's
    file is refused (``NotADatabase``); a blank one, for a command that only reads, is "no
    annotation database" (``StoreError``): both with nothing created or changed.
    """
    wal = path + "-wal"
    has_wal = os.path.isfile(wal) and os.path.getsize(wal) > 0
    if len(head) < 100 or not (head[18] == 2 or has_wal):
        return  # a rollback-journal database: a read-only connection creates no file
    current = head
    if _header_owner(head) == "blank" and has_wal:
        current = _wal_page_one(wal) or head
    owner = _header_owner(current)
    if owner == "ours":
        return
    if owner == "blank":
        if not create:
            raise StoreError(f"no annotation database at {path} (the file is blank; not modified)")
        return
    app_id = int.from_bytes(current[68:72], "big")
    version = int.from_bytes(current[60:64], "big")
    what = f"application id {app_id:#x}" if app_id else f"user_version {version}"
    if not (app_id or version):
        what = "it has tables of its own"
    raise NotADatabase(
        f"{path} is a SQLite database but not a newsreader annotation database ({what}); "
        "it was not modified"
    )


def _header_owner(head: bytes) -> str:
    """``"ours"``, ``"blank"`` or ``"foreign"`` from a database header (100 bytes)."""
    app_id = int.from_bytes(head[68:72], "big")
    version = int.from_bytes(head[60:64], "big")
    cookie = int.from_bytes(head[40:44], "big")
    if app_id == APPLICATION_ID:
        return "ours"
    return "blank" if app_id == version == cookie == 0 else "foreign"


_WAL_MAGIC = (0x377F0682, 0x377F0683)  # little- and big-endian checksums
_MASK = 0xFFFFFFFF


def _wal_page_one(wal: str) -> bytes | None:
    """The first 100 bytes of page 1 as the last transaction committed in the log ``wal``
    left them, or ``None`` (no valid log, or page 1 not in a committed frame).

    Read as SQLite recovers a log (https://www.sqlite.org/fileformat.html#the_write_ahead_log):
    a 32-byte header (magic, version, page size, checkpoint sequence, two salts, checksum),
    then frames of a 24-byte header (page number, database size for a commit frame, the
    salts, a cumulative checksum) and one page. A frame counts only if its salts are the
    header's and the checksum over everything before it matches; the log ends at the first
    that does not, and frames after the last commit are not part of the database.
    """
    try:
        with open(wal, "rb") as fh:
            header = fh.read(32)
            if len(header) < 32:
                return None
            magic, _fmt, page_size, _seq, salt1, salt2, c1, c2 = struct.unpack(">8I", header)
            if magic not in _WAL_MAGIC or not 512 <= page_size <= 65536:
                return None
            if page_size & (page_size - 1):
                return None
            order = ">" if magic & 1 else "<"
            sums = _wal_checksum(header[:24], (0, 0), order)
            if sums != (c1, c2):
                return None
            latest: bytes | None = None
            committed: bytes | None = None
            while True:
                frame = fh.read(24 + page_size)
                if len(frame) < 24 + page_size:
                    break
                page, commit, f1, f2, k1, k2 = struct.unpack(">6I", frame[:24])
                if (f1, f2) != (salt1, salt2):
                    break
                sums = _wal_checksum(frame[24:], _wal_checksum(frame[:8], sums, order), order)
                if sums != (k1, k2):
                    break
                if page == 1:
                    latest = frame[24:124]
                if commit:
                    committed = latest
    except OSError:
        return None
    return committed


def _wal_checksum(data: bytes, sums: tuple[int, int], order: str) -> tuple[int, int]:
    """SQLite's WAL checksum of ``data`` (a multiple of 8 bytes), continuing ``sums``."""
    s1, s2 = sums
    words = iter(struct.unpack(f"{order}{len(data) // 4}I", data))
    for a, b in zip(words, words, strict=True):
        s1 = (s1 + a + s2) & _MASK
        s2 = (s2 + b + s1) & _MASK
    return s1, s2


def _create_file(path: str) -> bool:
    """Create an empty database file, owner and group only (the umask may remove more)."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, NEW_FILE_MODE)
    except FileExistsError:
        return False  # another process created it first; it will be set up under a lock
    except OSError as exc:
        raise StoreError(f"cannot create {path}: {exc.strerror or exc}") from exc
    os.close(fd)
    return True


def _unwritable_reason(path: str) -> str | None:
    """Why ``path`` cannot be written, or ``None`` if it can."""
    try:
        fd = os.open(path, os.O_RDWR)
    except OSError as exc:
        if exc.errno == errno.EROFS:
            return "read-only file system"
        if exc.errno in (errno.EACCES, errno.EPERM):
            return "no write permission"
        return exc.strerror or str(exc)
    os.close(fd)
    folder = os.path.dirname(os.path.abspath(path))
    use_euid = os.access in os.supports_effective_ids
    if not os.access(folder, os.W_OK | os.X_OK, effective_ids=use_euid) and not (
        os.path.exists(path + "-wal") and os.path.exists(path + "-shm")
    ):
        return f"folder {folder} is not writable"
    return None


# ---------------------------------------------------------------------------------------------
# Connections


def _uri(path: str, query: str) -> str:
    return f"{Path(path).absolute().as_uri()}?{query}"


def _connect(path: str, mode: str, timeout: float, extra: str = "") -> sqlite3.Connection:
    try:
        return sqlite3.connect(
            _uri(path, f"mode={mode}{extra}"),
            uri=True,
            timeout=timeout,
            isolation_level=None,  # transactions are explicit (BEGIN IMMEDIATE ... COMMIT)
            check_same_thread=False,  # the store serialises use with a lock
        )
    except sqlite3.Error as exc:
        raise translate(exc, path, "opening the database") from exc


def _connect_read_only(path: str, timeout: float) -> sqlite3.Connection:
    """A read-only connection. A WAL database in a folder we cannot write, with no ``-wal``
    file, can only be read as ``immutable`` (SQLite cannot create the shared-memory file)."""
    conn = _connect(path, "ro", timeout)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.OperationalError as exc:
        conn.close()
        code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
        wal = path + "-wal"
        if code not in (8, 14) or (os.path.exists(wal) and os.path.getsize(wal) > 0):
            raise translate(exc, path, "opening the database") from exc
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise NotADatabase(f"{path} is damaged or not a SQLite database ({exc})") from exc
    return _connect(path, "ro", timeout, "&immutable=1")


def _validate(path: str, timeout: float) -> int:
    """Check the file on a read-only connection and return its schema version.

    Nothing here writes, and a read-only connection never checkpoints, so a file that fails
    these checks is left exactly as it was.
    """
    conn = _connect_read_only(path, timeout)
    try:
        # One read transaction, so the header and the tables are read from one snapshot: read
        # statement by statement, a database another process is creating can show its tables
        # but not yet its application id, and be refused as another program's.
        conn.execute("BEGIN")
        app_id = int(conn.execute("PRAGMA application_id").fetchone()[0])
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        tables = [
            str(r[0])
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        problems = [str(r[0]) for r in conn.execute("PRAGMA quick_check")]
    except sqlite3.OperationalError as exc:
        raise translate(exc, path, "checking the database") from exc
    except sqlite3.DatabaseError as exc:
        raise NotADatabase(
            f"{path} is damaged or not a SQLite database ({exc}); it was not modified"
        ) from exc
    finally:
        with contextlib.suppress(sqlite3.Error):
            if conn.in_transaction:
                conn.execute("ROLLBACK")
        conn.close()
    if problems != ["ok"]:
        raise NotADatabase(f"{path} is damaged ({problems[0]}); it was not modified")
    if app_id == APPLICATION_ID:
        if version > SCHEMA_VERSION:
            raise SchemaTooNew(
                f"{path} has schema version {version}, newer than this newsreader knows "
                f"({SCHEMA_VERSION}); upgrade newsreader (the file was not modified)"
            )
        return version
    if app_id == 0 and version == 0 and not tables:
        return 0  # blank: ours to set up
    what = f"application id {app_id:#x}" if app_id else f"user_version {version}"
    if tables:
        what += ", tables: " + ", ".join(sorted(tables)[:5])
    raise NotADatabase(
        f"{path} is a SQLite database but not a newsreader annotation database ({what}); "
        "it was not modified"
    )


def _setup(conn: sqlite3.Connection, path: str, timeout: float) -> None:
    """WAL, synchronous=NORMAL, foreign keys. Switching to WAL needs a moment alone with the
    file, so it is retried while other processes are busy with it."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            mode = str(conn.execute("PRAGMA journal_mode=WAL").fetchone()[0])
            break
        except sqlite3.OperationalError as exc:
            err = translate(exc, path, "opening the database")
            if isinstance(err, StoreLocked) and time.monotonic() < deadline:
                time.sleep(0.02)
                continue
            raise err from exc
    if mode.lower() != "wal":
        raise StoreError(
            f"cannot use WAL mode for {path} (journal mode stays {mode!r}); "
            "is it on a network filesystem?"
        )
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("PRAGMA foreign_keys=ON")


# ---------------------------------------------------------------------------------------------
# Migrations


def _migrate(conn: sqlite3.Connection, path: str) -> None:
    if _user_version(conn) == SCHEMA_VERSION:
        return
    try:
        conn.execute("BEGIN IMMEDIATE")
        version = _user_version(conn)  # another process may have migrated meanwhile
        if version > SCHEMA_VERSION:
            raise SchemaTooNew(
                f"{path} has schema version {version}, newer than this newsreader knows "
                f"({SCHEMA_VERSION}); upgrade newsreader"
            )
        for _name, step in MIGRATIONS[version:]:
            step(conn)
        if version < SCHEMA_VERSION:
            conn.execute(f"PRAGMA application_id={APPLICATION_ID}")
            conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
        conn.execute("COMMIT")
    except sqlite3.Error as exc:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise translate(exc, path, "setting up the database") from exc
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


def _user_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def _initial(conn: sqlite3.Connection) -> None:
    """Version 1: labels, documents, annotations (as sqlite-utils created them until v2)."""
    conn.execute(
        'CREATE TABLE "labels" ("name" TEXT PRIMARY KEY, "color" TEXT NOT NULL, '
        '"style" TEXT NOT NULL, "position" INTEGER NOT NULL) STRICT'
    )
    conn.executemany(
        "INSERT INTO labels (name, color, style, position) VALUES (?, ?, ?, ?)",
        ((n, c, st, i) for i, (n, c, st) in enumerate(DEFAULT_LABELS)),
    )
    conn.execute(
        'CREATE TABLE "documents" ("id" TEXT PRIMARY KEY, "path" TEXT NOT NULL, '
        '"title" TEXT NOT NULL, "length" INTEGER) STRICT'
    )
    conn.execute(
        """
        CREATE TABLE annotations (
            id TEXT PRIMARY KEY NOT NULL,
            doc TEXT NOT NULL,
            doc_path TEXT NOT NULL,
            doc_title TEXT NOT NULL,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            quote TEXT NOT NULL,
            prefix TEXT NOT NULL,
            suffix TEXT NOT NULL,
            label TEXT NOT NULL REFERENCES labels(name) ON UPDATE CASCADE,
            note TEXT NOT NULL,
            author TEXT NOT NULL,
            created TEXT NOT NULL,
            updated TEXT NOT NULL,
            CHECK (start >= 0 AND "end" > start AND length(quote) > 0)
        ) STRICT
        """
    )
    for columns in (("doc", "start"), ("doc_path",), ("author",), ("label",)):
        name = "idx_annotations_" + "_".join(columns)
        listed = ", ".join(f'"{c}"' for c in columns)
        conn.execute(f'CREATE INDEX "{name}" ON "annotations" ({listed})')


def _accounts_and_texts(conn: sqlite3.Connection) -> None:
    """Version 2: the OS account that made each tag (authorship that ``--user`` cannot fake);
    each tagged document's text as it was when tagged, so edits can be diffed; and no more
    sqlite-utils' ``_sqlite_migrations`` (``user_version`` is the one version record)."""
    conn.execute("ALTER TABLE annotations ADD COLUMN account TEXT NOT NULL DEFAULT ''")
    conn.execute(
        'CREATE TABLE "texts" ("doc" TEXT PRIMARY KEY NOT NULL, "text" TEXT NOT NULL) STRICT'
    )
    conn.execute('DROP INDEX IF EXISTS "idx__sqlite_migrations_migration_set_name"')
    conn.execute('DROP TABLE IF EXISTS "_sqlite_migrations"')


# The schema's history, in order: (name, step). ``user_version`` counts the steps applied.
MIGRATIONS: tuple[tuple[str, Callable[[sqlite3.Connection], None]], ...] = (
    ("001_initial", _initial),
    ("002_accounts_and_texts", _accounts_and_texts),
    ("003_events", create_events),  # the trail: see store/trail.py
)
SCHEMA_VERSION = len(MIGRATIONS)
