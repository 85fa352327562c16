"""Another program's WAL-mode database with a leftover ``-wal`` and no ``-shm`` (issue 12,
item 2): ownership is decided from the header and the log's frames, before any connection, so
nothing is created or changed, byte for byte, the folder listing included."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from store_helpers import doc

from newsreader.cli import main
from newsreader.store import Store
from newsreader.store.errors import NotADatabase, StoreError

Setup = Callable[[sqlite3.Connection], None]


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.fixture
def left_behind(tmp_path: Path) -> Iterator[Callable[[Setup], Path]]:
    """``make(setup)``: a WAL database another program has open (``setup`` run on it,
    committed, not checkpointed), copied as a crash would leave it: the main file and its
    ``-wal``, no ``-shm``. The copy is in a folder of its own."""
    conns: list[sqlite3.Connection] = []

    def make(setup: Setup) -> Path:
        live = tmp_path / f"live{len(conns)}"
        live.mkdir()
        conn = sqlite3.connect(live / "other.db", isolation_level=None)
        conns.append(conn)
        conn.execute("PRAGMA journal_mode=WAL")
        setup(conn)
        left = tmp_path / f"left{len(conns)}"
        left.mkdir()
        for name in ("other.db", "other.db-wal"):
            shutil.copyfile(live / name, left / name)
        return left / "other.db"

    yield make
    for conn in conns:
        conn.close()


def _table(conn: sqlite3.Connection) -> None:
    conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    conn.execute("INSERT INTO notes (body) VALUES ('theirs')")


def _versioned(conn: sqlite3.Connection) -> None:
    conn.execute("PRAGMA wal_autocheckpoint=0")
    conn.execute("CREATE TABLE t (x)")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the table reaches the main file ...
    conn.execute("PRAGMA user_version=1")  # ... the version only the log


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    status = main(args)
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return status, err


@pytest.mark.parametrize("setup", [_table, _versioned], ids=["table-in-log", "version-in-log"])
def test_a_foreign_database_with_a_leftover_log_is_refused_untouched(
    left_behind: Callable[[Setup], Path], setup: Setup, capsys: pytest.CaptureFixture[str]
) -> None:
    db = left_behind(setup)
    head = db.read_bytes()[:100]
    if setup is _table:  # the main file's header alone says "blank": the log says otherwise
        assert head[40:44] == b"\0\0\0\0" and head[60:64] == b"\0\0\0\0"
    before = _snapshot(db.parent)
    for args in (["tags"], ["export"], ["agreement"], ["import", str(db.parent / "x.json")]):
        status, err = _run([*args, "--db", str(db)], capsys)
        assert status == 2, (args, err)
        assert "not a newsreader annotation database" in err
    with pytest.raises(NotADatabase, match="not modified"):
        Store.open(db)
    assert _snapshot(db.parent) == before  # no -shm, the same bytes in both files


def test_a_blank_wal_database_is_no_database_for_reading_commands(
    left_behind: Callable[[Setup], Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """A log whose frames fail their checksum is not part of the database (as SQLite reads
    it): the file is blank, so ``tags`` says there is no database, and leaves it be."""
    from newsreader.store.db import _wal_page_one

    db = left_behind(_table)
    wal = db.with_name("other.db-wal")
    assert _wal_page_one(str(wal)) is not None
    data = bytearray(wal.read_bytes())
    data[32 + 24 + 200] ^= 0xFF  # a byte of the first frame's page: every frame fails
    wal.write_bytes(bytes(data))
    assert _wal_page_one(str(wal)) is None
    before = _snapshot(db.parent)
    for args in (["tags"], ["export"], ["agreement"]):
        status, err = _run([*args, "--db", str(db)], capsys)
        assert status == 1 and "no annotation database" in err and "blank" in err, args
    with pytest.raises(StoreError, match="blank"):
        Store.open(db, create=False)
    assert _snapshot(db.parent) == before


def test_our_own_database_with_its_header_only_in_the_log_opens(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Ours, copied while a session had it open before its first checkpoint: the application
    id is only in the log, and the database is still ours."""
    live = tmp_path / "live"
    live.mkdir()
    with Store.open(live / "annotations.db", user="alice") as store:
        store.add(doc(), 0, 9, "claim")
        head = (live / "annotations.db").read_bytes()[:100]
        assert head[68:72] != (0x6E727361).to_bytes(4, "big")  # not in the main file yet
        copy = tmp_path / "copy"
        copy.mkdir()
        for name in ("annotations.db", "annotations.db-wal"):
            shutil.copyfile(live / name, copy / name)
    status, err = _run(["tags", "--db", str(copy / "annotations.db"), "--json"], capsys)
    assert status == 0, err


def test_a_missing_database_names_one_leftover_in_the_singular(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "gone.db-wal").write_bytes(b"")
    status, err = _run(["tags", "--db", str(tmp_path / "gone.db")], capsys)
    assert status == 2 and "gone.db-wal remains (" in err
    (tmp_path / "gone.db-shm").write_bytes(b"")
    status, err = _run(["tags", "--db", str(tmp_path / "gone.db")], capsys)
    assert status == 2 and "gone.db-wal and " in err and "gone.db-shm remain (" in err
