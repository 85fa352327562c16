"""Opening the database file: creation mode, schema versions, files that are not ours."""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

import pytest
from store_helpers import assert_one_line_error, file_state, run_cli

from newsreader.core.model import Document
from newsreader.store import NotADatabase, SchemaTooNew, Store
from newsreader.store.db import SCHEMA_VERSION, migrations


@pytest.mark.parametrize(("umask", "mode"), [(0o000, 0o660), (0o022, 0o640), (0o077, 0o600)])
def test_new_file_is_owner_and_group_only(tmp_path: Path, umask: int, mode: int):
    old = os.umask(umask)
    try:
        Store.open(tmp_path / "new.db").close()
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.db").stat().st_mode) == mode


def test_world_writable_database_warns(db_path: Path):
    Store.open(db_path).close()
    os.chmod(db_path, 0o666)
    with Store.open(db_path) as store:
        assert any("world-writable" in w for w in store.warnings)
    proc = run_cli(["tags", "--db", str(db_path)])
    assert proc.returncode == 0 and "warning:" in proc.stderr and "world-writable" in proc.stderr


def test_schema_version_and_migrations_are_recorded(store: Store, db_path: Path):
    assert len(migrations()._migrations) == SCHEMA_VERSION
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        names = [r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations")]
    assert names == [m.name for m in migrations()._migrations]


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


def test_empty_file_becomes_a_database(db_path: Path, doc_a: Document):
    db_path.write_bytes(b"")
    with Store.open(db_path) as store:
        store.add(doc_a, 0, 5, "claim")
        assert store.count() == 1


def test_reading_commands_do_not_create_a_database(tmp_path: Path):
    line = assert_one_line_error(run_cli(["tags", "--db", str(tmp_path / "none.db")]), 1)
    assert "no annotation database" in line
    assert not (tmp_path / "none.db").exists()
