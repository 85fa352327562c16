"""Faults: a locked database, a read-only one, a full disk or failing writes. Nothing is lost."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from store_helpers import (
    ARTICLE_A,
    assert_one_line_error,
    env_for_cli,
    file_state,
    run_cli,
    run_python,
)

from newsreader.core.model import Document
from newsreader.store import ReadOnlyStore, Store, StoreLocked

# Other processes hold the lock, and the installed command meets each fault.
pytestmark = pytest.mark.e2e

HOLD_LOCK = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
conn.execute("UPDATE labels SET color = color")
print("locked", flush=True)
sys.stdin.readline()
conn.execute("ROLLBACK")
"""


@contextlib.contextmanager
def write_lock_held(db_path: Path) -> Iterator[None]:
    """Another process holds the write lock until the block ends."""
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(db_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        yield
    finally:
        assert holder.stdin is not None
        holder.stdin.write("\n")
        holder.stdin.close()
        holder.wait(timeout=30)


def test_locked_beyond_timeout_is_reported_and_retry_saves_once(db_path: Path, doc_a: Document):
    Store.open(db_path).close()
    tag_id = str(uuid.uuid4())
    with Store.open(db_path, user="alice", timeout=0.3) as store:
        with write_lock_held(db_path):
            with pytest.raises(StoreLocked, match="nothing was written"):
                store.add(doc_a, 0, 9, "claim", "unsaved", id=tag_id)
            assert store.annotations() == []  # reading still works meanwhile
        saved = store.add(doc_a, 0, 9, "claim", "unsaved", id=tag_id)  # the reader's retry
        assert store.add(doc_a, 0, 9, "claim", "unsaved", id=tag_id) == saved
        assert [a.id for a in store.annotations()] == [tag_id]


def test_import_into_a_locked_database_fails_clearly(db_path: Path, tmp_path: Path):
    Store.open(db_path).close()
    payload = tmp_path / "in.jsonl"
    payload.write_text(
        json.dumps(
            {
                "id": str(uuid.uuid4()),
                "doc": "d1",
                "start": 0,
                "end": 3,
                "quote": "abc",
                "label": "claim",
                "author": "bob",
            }
        )
        + "\n"
    )
    with write_lock_held(db_path):
        proc = run_cli(
            ["import", str(payload), "--db", str(db_path), "--timeout", "0.3", "--keep-authors"]
        )
    assert "locked" in assert_one_line_error(proc, 1)
    ok = run_cli(["import", str(payload), "--db", str(db_path), "--keep-authors"])
    assert ok.returncode == 0 and "1 added" in ok.stdout


# ---------------------------------------------------------------------------------------------
# Read-only databases

IS_ROOT = os.geteuid() == 0
# Root ignores file permissions; without these capabilities it obeys them like anyone else.
NO_OVERRIDE = ("setpriv", "--bounding-set=-dac_override,-dac_read_search")


@pytest.fixture
def readonly_db(tmp_path: Path, doc_a: Document) -> Iterator[tuple[Path, tuple[str, ...]]]:
    """A database (and folder) without write permission, and the command prefix under which
    child processes obey permissions."""
    if IS_ROOT and shutil.which("setpriv") is None:
        pytest.skip("needs setpriv to drop root's permission override")
    folder = tmp_path / "ro"
    folder.mkdir()
    db = folder / "annotations.db"
    with Store.open(db, user="alice") as store:
        store.add(doc_a, 0, 9, "claim")
    os.chmod(db, 0o444)
    os.chmod(folder, 0o555)
    try:
        yield db, NO_OVERRIDE if IS_ROOT else ()
    finally:
        os.chmod(folder, 0o755)
        os.chmod(db, 0o644)


READ_ONLY_API = """
import sys
from newsreader.core.corpus import document_from_text
from newsreader.store import Store, ReadOnlyStore
with Store.open(sys.argv[1], user="reader") as s:
    print(s.read_only, len(s.annotations()))
    try:
        s.add(document_from_text("Some text here", "x.txt"), 0, 4, "claim")
    except ReadOnlyStore as e:
        print("refused:", e)
"""


def test_read_only_permissions(readonly_db: tuple[Path, tuple[str, ...]], tmp_path: Path):
    db, prefix = readonly_db
    before = file_state(db)
    api = run_python(READ_ONLY_API, str(db), prefix=prefix)
    assert api.returncode == 0, api.stderr
    assert api.stdout.splitlines()[0] == "True 1" and "refused:" in api.stdout
    tags = run_cli(["tags", "--db", str(db)], prefix=prefix)
    assert tags.returncode == 0 and "read-only" in tags.stderr and "claim" in tags.stdout
    payload = tmp_path / "in.json"
    payload.write_text("[]")
    line = assert_one_line_error(
        run_cli(["import", str(payload), "--db", str(db)], prefix=prefix), 1
    )
    assert "read-only" in line
    assert file_state(db) == before


@contextlib.contextmanager
def tmpfs(size: str) -> Iterator[Path]:
    if not IS_ROOT or not Path("/bin/mount").exists():
        pytest.skip("mounting a small filesystem needs root")
    mount_point = Path(tempfile.mkdtemp(prefix="nr-fs-"))
    made = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(mount_point)],
        capture_output=True,
    )
    if made.returncode != 0:
        mount_point.rmdir()
        pytest.skip("cannot mount tmpfs here")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=False)
        mount_point.rmdir()


def test_read_only_filesystem(doc_a: Document):
    with tmpfs("4m") as mount_point:
        db = mount_point / "annotations.db"
        with Store.open(db, user="alice") as store:
            store.add(doc_a, 0, 9, "claim")
        subprocess.run(["mount", "-o", "remount,ro", str(mount_point)], check=True)
        with Store.open(db, user="alice") as store:
            assert store.read_only and len(store.annotations()) == 1
            assert any("read-only file system" in w for w in store.warnings)
            with pytest.raises(ReadOnlyStore):
                store.add(doc_a, 0, 4, "claim")
        line = assert_one_line_error(run_cli(["import", "/dev/null", "--db", str(db)]), 1)
        assert "read-only" in line


# ---------------------------------------------------------------------------------------------
# Disk full and write errors

FILL = """
import resource, sys
from newsreader.core.corpus import document_from_text
from newsreader.store import Store, StoreError
doc = document_from_text(open(sys.argv[2]).read(), "corpus/a.txt")
limit = int(sys.argv[3])
saved = 0
with Store.open(sys.argv[1], user="alice") as s:
    if limit:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    try:
        for i in range(100000):
            s.add(doc, i % 100, i % 100 + 20, "claim", "x" * 200)
            saved += 1
    except StoreError as e:
        print("error:", e)
print("saved", saved)
"""


def _check_after_failure(db: Path, acknowledged: int) -> None:
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    with Store.open(db) as store:
        assert store.count() == acknowledged  # every acknowledged tag is there, nothing else


def test_file_size_limit_write_error_loses_nothing(tmp_path: Path):
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE_A)
    db = tmp_path / "annotations.db"
    Store.open(db).close()
    proc = run_python(FILL, str(db), str(article), str(1024 * 1024))
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0].startswith("error:") and ("disk full" in lines[0] or "I/O error" in lines[0])
    assert "nothing was written" in lines[0]
    acknowledged = int(lines[-1].split()[1])
    assert acknowledged > 10
    _check_after_failure(db, acknowledged)


def test_disk_full_during_import_keeps_earlier_data(tmp_path: Path, doc_a: Document):
    with tmpfs("1200k") as mount_point:  # 20 tags with their events fit; the import does not
        db = mount_point / "annotations.db"
        with Store.open(db, user="alice") as store:
            for i in range(20):
                store.add(doc_a, i, i + 10, "claim")
        big = tmp_path / "big.jsonl"
        with big.open("w") as fh:
            for _ in range(5000):
                record = {
                    "id": str(uuid.uuid4()),
                    "doc": doc_a.id,
                    "start": 0,
                    "end": 9,
                    "quote": "Ceasefire",
                    "label": "claim",
                    "note": "n" * 300,
                    "author": "bob",
                }
                fh.write(json.dumps(record) + "\n")
        proc = run_cli(["import", str(big), "--db", str(db), "--keep-authors"], env=env_for_cli())
        assert "disk full" in assert_one_line_error(proc, 1)
        _check_after_failure(db, 20)
