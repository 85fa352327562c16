"""Store exceptions: each carries one line for the user and the exit status the CLI uses."""

from __future__ import annotations

import sqlite3

# SQLite primary result codes (https://sqlite.org/rescode.html).
_SQLITE_BUSY = 5
_SQLITE_LOCKED = 6
_SQLITE_READONLY = 8
_SQLITE_IOERR = 10
_SQLITE_CORRUPT = 11
_SQLITE_FULL = 13
_SQLITE_CANTOPEN = 14
_SQLITE_NOTADB = 26


class StoreError(Exception):
    """A store failure, reported as one line. ``status`` is the exit status the CLI uses."""

    status = 1


class StoreLocked(StoreError):
    """Another writer held the database longer than the busy timeout; nothing was written."""


class ReadOnlyStore(StoreError):
    """The database is open read-only (permissions or a read-only filesystem)."""


class NotAuthor(StoreError):
    """A user tried to change or delete someone else's annotation without ``--admin``."""


class NotFound(StoreError):
    """No annotation (or label) with that id."""


class Conflict(StoreError):
    """The annotation changed since the caller read it, or an id is reused for other content."""


class FileExists(StoreError):
    """An export target that already exists, written without ``overwrite``; it is untouched."""


class InvalidInput(StoreError):
    """Arguments that cannot be stored (span outside the document, unknown label, ...)."""

    status = 2


class SchemaTooNew(StoreError):
    """The database was written by a newer newsreader; it is never downgraded."""

    status = 2


class NotADatabase(StoreError):
    """The path is not a SQLite file, is damaged, or belongs to another program."""

    status = 2


def translate(exc: sqlite3.Error, path: str, doing: str) -> StoreError:
    """Turn a ``sqlite3`` exception into a one-line :class:`StoreError`.

    ``doing`` names the operation for the message ("saving the tag", "importing").
    """
    code = getattr(exc, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    text = str(exc)
    if primary in (_SQLITE_BUSY, _SQLITE_LOCKED) or "locked" in text:
        return StoreLocked(
            f"{path} is locked by another writer; {doing} failed and nothing was written "
            "(try again)"
        )
    if primary == _SQLITE_READONLY or "readonly" in text:
        return ReadOnlyStore(f"{path} is read-only; {doing} failed and nothing was written")
    if primary == _SQLITE_FULL or "disk is full" in text:
        return StoreError(f"disk full while {doing} in {path}; nothing was written")
    if primary == _SQLITE_IOERR or "I/O error" in text:
        return StoreError(f"I/O error while {doing} in {path}; nothing was written")
    if primary in (_SQLITE_CORRUPT, _SQLITE_NOTADB) or "malformed" in text:
        return NotADatabase(f"{path} is damaged ({text}); it was not modified")
    if primary == _SQLITE_CANTOPEN:
        return StoreError(f"cannot open {path} while {doing}: {text}")
    return StoreError(f"database error while {doing} in {path}: {text}")
