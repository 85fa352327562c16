"""Authorship across real OS accounts: a tag is changed only by its author, from the account
that made it; ``--user`` cannot borrow another account's name; ``--admin`` is the file owner's.

The other account is ``nobody`` (uid 65534), reached with ``setpriv`` in a real process; the
database lives in a world-writable folder so that both accounts can open it.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from store_helpers import ARTICLE_A, doc, run_cli, run_python

from newsreader.store import InvalidInput, NotAuthor, Store
from newsreader.store.annotations import os_account
from newsreader.store.exchange import export_annotations
from newsreader.store.model import time_after

NOBODY = 65534
AS_NOBODY = ("setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups")

pytestmark = pytest.mark.skipif(
    os.geteuid() != 0 or shutil.which("setpriv") is None,
    reason="needs root and setpriv to run a process as another account",
)

CHANGE = """
import json, sys
from newsreader.store import Store, StoreError
try:
    with Store.open(sys.argv[1], user=sys.argv[2], admin=sys.argv[4] == "admin") as s:
        s.update(sys.argv[3], note="changed by " + s.account)
except StoreError as exc:
    print(json.dumps({"error": str(exc), "kind": type(exc).__name__, "status": exc.status}))
    sys.exit(exc.status)
print(json.dumps({"ok": True}))
"""


@pytest.fixture
def shared() -> Iterator[Path]:
    """A folder both root and nobody can write (pytest's own tmp folders are root's only)."""
    folder = Path(tempfile.mkdtemp(prefix="nr-authorship-"))
    os.chmod(folder, 0o1777)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _alices_tag(db: Path) -> str:
    with Store.open(db, user="alice") as store:
        ann = store.add(doc(ARTICLE_A), 0, 9, "claim", "original")
    for name in (db.name, db.name + "-wal", db.name + "-shm"):
        if (db.parent / name).exists():
            os.chmod(db.parent / name, 0o666)
    return ann.id


def _note(db: Path, ann_id: str) -> str:
    with sqlite3.connect(db) as conn:
        row = conn.execute("SELECT note FROM annotations WHERE id = ?", (ann_id,)).fetchone()
    return str(row[0])


def test_another_account_cannot_change_a_tag_by_borrowing_its_authors_name(shared: Path):
    db = shared / "team.db"
    ann_id = _alices_tag(db)
    proc = run_python(CHANGE, str(db), "alice", ann_id, "-", prefix=AS_NOBODY)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    result = json.loads(proc.stdout)
    assert result["kind"] == "NotAuthor" and "belongs to alice" in result["error"]
    with Store.open(db) as store:
        assert store.get(ann_id).note == "original"
    # The same name from the account that made the tag may change it.
    proc = run_python(CHANGE, str(db), "alice", ann_id, "-")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    with Store.open(db) as store:
        assert store.get(ann_id).note == f"changed by {os_account()}"


IMPORT = """
import json, sys
from newsreader.core.corpus import document_from_text
from newsreader.store import Store, StoreError
from newsreader.store.importing import import_file
try:
    with Store.open(sys.argv[1], user=sys.argv[2]) as s:
        import_file(s, sys.argv[3], documents=[document_from_text(sys.argv[4], "corpus/a.txt")])
except StoreError as exc:
    problems = getattr(exc, "problems", [])
    print(json.dumps({"error": " ".join([str(exc), *problems]), "status": exc.status}))
    sys.exit(exc.status)
"""


def test_an_import_cannot_change_a_tag_by_borrowing_its_authors_name(shared: Path):
    """The import applies the store's rule: the author's name from another account is refused."""
    db = shared / "team.db"
    ann_id = _alices_tag(db)
    out = io.StringIO()
    with Store.open(db) as store:
        export_annotations(store, "json", out)
    exported = json.loads(out.getvalue())
    record = exported["annotations"][0]
    record.update(note="changed by import", updated=time_after(record["updated"]))
    file = shared / "tags.json"
    file.write_text(json.dumps(exported))
    os.chmod(file, 0o644)
    proc = run_python(IMPORT, str(db), "alice", str(file), ARTICLE_A, prefix=AS_NOBODY)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "belongs to alice" in json.loads(proc.stdout)["error"]
    assert _note(db, ann_id) == "original"
    # From the account that made it, the same import changes it.
    proc = run_python(IMPORT, str(db), "alice", str(file), ARTICLE_A)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert _note(db, ann_id) == "changed by import"


def test_admin_is_the_database_owners_only(shared: Path):
    db = shared / "team.db"
    ann_id = _alices_tag(db)
    proc = run_python(CHANGE, str(db), "carol", ann_id, "admin", prefix=AS_NOBODY)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "--admin is for the owner" in json.loads(proc.stdout)["error"]
    with Store.open(db) as store:
        assert store.get(ann_id).note == "original"
    os.chown(db, NOBODY, NOBODY)  # hand the database to nobody: now nobody curates it
    proc = run_python(CHANGE, str(db), "carol", ann_id, "admin", prefix=AS_NOBODY)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    with Store.open(db) as store:
        assert store.get(ann_id).note == "changed by nobody"


@pytest.mark.e2e  # runs the installed command
def test_user_may_not_be_another_accounts_name(shared: Path):
    db = shared / "team.db"
    _alices_tag(db)
    with pytest.raises(InvalidInput, match="another account on this machine"):
        Store.open(db, user="nobody")
    proc = run_cli(["tags", "--db", str(db), "--user", "root"], prefix=AS_NOBODY)
    assert proc.returncode == 2 and "another account" in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stderr


def test_not_your_tag_exits_1_as_documented(shared: Path):
    """Same account, another name: refused (the name is the author), status 1."""
    db = shared / "team.db"
    ann_id = _alices_tag(db)
    with Store.open(db, user="bob") as bob, pytest.raises(NotAuthor) as caught:
        bob.delete(ann_id)
    assert caught.value.status == 1
    assert _note(db, ann_id) == "original"


def test_an_import_s_own_new_tags_carry_the_importer_s_account(tmp_path):
    """Tags an import adds as the importing user are protected by the OS account, like tags
    saved in the reader (read back with plain sqlite3)."""
    import json
    import sqlite3

    from newsreader.core.corpus import document_from_text
    from newsreader.store import Store
    from newsreader.store.annotations import os_account
    from newsreader.store.exchange import export_annotations
    from newsreader.store.importing import import_file

    doc = document_from_text("Storm kills 12 on the coast.\n", "corpus/a.txt")
    first = tmp_path / "first.db"
    with Store.open(first, user="importer") as s:
        s.add(doc, 0, 5, "claim", "n")
        import io

        out = io.StringIO()
        export_annotations(s, "json", out)
    file = tmp_path / "tags.json"
    file.write_text(out.getvalue())
    second = tmp_path / "second.db"
    with Store.open(second, user="importer") as s:
        import_file(s, file, documents=[doc])
    with sqlite3.connect(second) as conn:
        accounts = [r[0] for r in conn.execute("SELECT account FROM annotations")]
    assert accounts == [os_account()]
    assert json.loads(out.getvalue())["annotations"][0]["author"] == "importer"
