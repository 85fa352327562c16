"""Opening the database file: creation mode, schema versions, files that are not ours."""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

import pytest
from store_helpers import assert_one_line_error, doc, file_state, run_cli

from newsreader.core.model import Document
from newsreader.store import NotADatabase, NotAuthor, SchemaTooNew, Store, StoreError
from newsreader.store.db import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION

DATA = Path(__file__).parent / "data"


@pytest.mark.parametrize(("umask", "mode"), [(0o000, 0o660), (0o022, 0o640), (0o077, 0o600)])
def test_new_file_is_owner_and_group_only(tmp_path: Path, umask: int, mode: int):
    old = os.umask(umask)
    try:
        Store.open(tmp_path / "new.db").close()
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.db").stat().st_mode) == mode


@pytest.mark.e2e  # runs the installed command
def test_world_writable_database_warns(db_path: Path):
    Store.open(db_path).close()
    os.chmod(db_path, 0o666)
    with Store.open(db_path) as store:
        assert any("world-writable" in w for w in store.warnings)
    proc = run_cli(["tags", "--db", str(db_path)])
    assert proc.returncode == 0 and "warning:" in proc.stderr and "world-writable" in proc.stderr


def test_one_schema_version_record(store: Store, db_path: Path):
    assert len(MIGRATIONS) == SCHEMA_VERSION
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert tables == {"labels", "documents", "annotations", "texts", "events", "sqlite_sequence"}


def test_a_version_1_database_is_upgraded_and_keeps_its_tags(tmp_path: Path, doc_a: Document):
    """``data/schema_v1.db`` was made by the store as it was at schema version 1 (sqlite-utils
    migrations, with their ``_sqlite_migrations`` table): one tag of alice's on "42"."""
    db = tmp_path / "old.db"
    db.write_bytes((DATA / "schema_v1.db").read_bytes())
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    with Store.open(db, user="alice") as store:
        (ann,) = store.annotations()
        assert (ann.quote, ann.author, ann.note) == ("42", "alice", "the toll")
        assert doc_a.text[ann.start : ann.end] == "42"
        assert store.update(ann.id, note="checked").note == "checked"
    with Store.open(db, user="bob") as bob, pytest.raises(NotAuthor):
        bob.delete(ann.id)
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    assert "_sqlite_migrations" not in names and "texts" in names


@pytest.mark.e2e  # runs the installed command
def test_newer_schema_is_refused_not_downgraded(db_path: Path, doc_a: Document):
    with Store.open(db_path) as store:
        store.add(doc_a, 0, 5, "claim")
    conn = sqlite3.connect(db_path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    before = file_state(db_path)
    with pytest.raises(SchemaTooNew, match="newer than this newsreader"):
        Store.open(db_path)
    line = assert_one_line_error(run_cli(["import", "x.json", "--db", str(db_path)]), 2)
    assert "schema version" in line
    assert file_state(db_path) == before


@pytest.mark.e2e  # runs the installed command
@pytest.mark.parametrize(
    "content",
    [b"hello, I am a text file\n" * 10, b"SQLite format 3\x00" + b"\xff" * 5000, b"\x00" * 50],
    ids=["text", "bad-header", "short"],
)
def test_not_a_database_is_left_alone(tmp_path: Path, content: bytes):
    path = tmp_path / "annotations.db"
    path.write_bytes(content)
    before = file_state(path)
    with pytest.raises(NotADatabase):
        Store.open(path)
    for args in (["tags"], ["export"], ["import", str(tmp_path / "x.json")], ["agreement"]):
        line = assert_one_line_error(run_cli([*args, "--db", str(path)]), 2)
        assert str(path) in line
    assert file_state(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["annotations.db"]


def _filled(db_path: Path, doc: Document, count: int = 400) -> None:
    with Store.open(db_path) as store:
        for i in range(count):
            store.add(doc, i % 50, i % 50 + 10, "claim", "note " * 20)


@pytest.mark.e2e  # runs the installed command
def test_damaged_database_is_reported_and_not_modified(db_path: Path, doc_a: Document):
    _filled(db_path, doc_a)
    size = db_path.stat().st_size
    assert size > 8 * 4096
    with open(db_path, "r+b") as fh:  # scribble over a page in the middle
        fh.seek((size // 4096 // 2) * 4096)
        fh.write(os.urandom(4096))
    before = file_state(db_path)
    with pytest.raises(NotADatabase, match="damaged"):
        Store.open(db_path)
    line = assert_one_line_error(run_cli(["tags", "--db", str(db_path)]), 2)
    assert "damaged" in line
    assert file_state(db_path) == before


@pytest.mark.e2e  # runs the installed command
def test_truncated_database_is_reported(db_path: Path, doc_a: Document):
    _filled(db_path, doc_a)
    with open(db_path, "r+b") as fh:
        fh.truncate(db_path.stat().st_size // 2)
    before = file_state(db_path)
    assert_one_line_error(run_cli(["export", "--db", str(db_path)]), 2)
    assert file_state(db_path) == before


def test_another_programs_database_is_refused(db_path: Path):
    conn = sqlite3.connect(db_path)
    conn.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY, name TEXT)")
    conn.commit()
    conn.close()
    before = file_state(db_path)
    with pytest.raises(NotADatabase, match="not a newsreader annotation database"):
        Store.open(db_path)
    assert file_state(db_path) == before


def test_a_version_1_database_that_cannot_be_written_is_read_as_it_is(
    tmp_path: Path, doc_a: Document
):
    db = tmp_path / "old.db"
    db.write_bytes((DATA / "schema_v1.db").read_bytes())
    before = file_state(db)
    edited = doc(doc_a.text.replace("The ministry said 42", "Officials said 42"), doc_a.path)
    with Store.open(db, read_only=True) as store:
        assert store.read_only and any("read-only" in w for w in store.warnings)
        (ann,) = store.annotations()
        (placed,) = store.placed(edited)  # no kept text in schema 1: quote and context
        assert edited.text[placed.start : placed.end] == "42" and placed.status == "moved"
        assert store.tagged_text(ann.doc) is None
    assert file_state(db) == before


@pytest.mark.e2e  # runs the installed command
@pytest.mark.parametrize(
    "setup",
    [
        ["PRAGMA user_version = 1"],
        ["PRAGMA user_version = 1", "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)"],
        ["PRAGMA application_id = 1234", "PRAGMA user_version = 1"],
        ["PRAGMA application_id = 1234"],
        [f"PRAGMA user_version = {SCHEMA_VERSION}", "CREATE TABLE annotations (x)"],
    ],
    ids=[
        "user-version-only",
        "user-version-and-table",
        "other-app-id",
        "other-app-id-only",
        "our-table-names-no-app-id",
    ],
)
@pytest.mark.parametrize("journal", ["delete", "wal"])
def test_other_programs_databases_are_refused_byte_for_byte(
    tmp_path: Path, setup: list[str], journal: str
):
    """Only our application id makes a file ours: a common ``user_version = 1`` database is
    refused with exit 2, not switched to WAL, and no -wal or -shm file is left (also when it
    is in WAL mode already, where even reading it would create them)."""
    db = tmp_path / "other.db"
    conn = sqlite3.connect(db)
    conn.execute(f"PRAGMA journal_mode = {journal}")
    for statement in setup:
        conn.execute(statement)
    conn.commit()
    conn.close()
    before = file_state(db)
    with pytest.raises(NotADatabase, match="not a newsreader annotation database"):
        Store.open(db)
    for args in (["tags"], ["export"], ["agreement"], ["import", str(tmp_path / "x.json")]):
        line = assert_one_line_error(run_cli([*args, "--db", str(db)]), 2)
        assert "not a newsreader annotation database" in line
    assert file_state(db) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.db"]


@pytest.mark.e2e  # runs the installed command
def test_reading_commands_leave_an_empty_file_empty(tmp_path: Path):
    db = tmp_path / "empty.db"
    db.write_bytes(b"")
    for args in (["tags"], ["export"], ["agreement"]):
        line = assert_one_line_error(run_cli([*args, "--db", str(db)]), 1)
        assert "no annotation database" in line and "empty" in line
    with pytest.raises(StoreError, match="empty"):
        Store.open(db, create=False)
    assert db.stat().st_size == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty.db"]


@pytest.mark.e2e  # runs the installed command
def test_leftover_log_without_its_database_is_one_line(tmp_path: Path, doc_a: Document):
    """The main file deleted while -wal and -shm remain (a process still had it open)."""
    db = tmp_path / "annotations.db"
    keep = Store.open(db)
    keep.add(doc_a, 0, 5, "claim")
    db.unlink()
    try:
        assert (tmp_path / "annotations.db-wal").exists()
        for args in (["tags"], ["export"]):
            line = assert_one_line_error(run_cli([*args, "--db", str(db)]), 2)
            assert "missing" in line and "-wal" in line
        with pytest.raises(NotADatabase, match="missing"):
            Store.open(db)
        assert not db.exists()
    finally:
        keep.close()


def test_empty_file_becomes_a_database(db_path: Path, doc_a: Document):
    db_path.write_bytes(b"")
    with Store.open(db_path) as store:
        store.add(doc_a, 0, 5, "claim")
        assert store.count() == 1


@pytest.mark.e2e  # runs the installed command
def test_reading_commands_do_not_create_a_database(tmp_path: Path):
    line = assert_one_line_error(run_cli(["tags", "--db", str(tmp_path / "none.db")]), 1)
    assert "no annotation database" in line
    assert not (tmp_path / "none.db").exists()
