"""The trail (issue 12, "who did what"): one event per change, in the change's transaction.

Real database files on disk; the commands are run in this process (``main``), the reading
ones checked to leave the file as it was.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from store_helpers import ARTICLE_A, doc, file_state, replay

from newsreader.cli import main
from newsreader.core.model import Document
from newsreader.store import Conflict, InvalidInput, NotAuthor, Store, StoreError
from newsreader.store.annotations import os_account
from newsreader.store.db import SCHEMA_VERSION
from newsreader.store.importing import ImportFailed, import_file, import_text
from newsreader.store.model import time_after

DATA_DIR = Path(__file__).parent / "data"


def _events(db: Path, after: int = 0) -> list[dict[str, Any]]:
    """The events after ``seq`` ``after``, straight from the table (not through the store)."""
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    try:
        rows = conn.execute("SELECT * FROM events WHERE seq > ? ORDER BY seq", (after,))
        out = [dict(r) for r in rows]
    finally:
        conn.close()
    for e in out:
        for key in ("before", "after"):
            e[key] = None if e[key] is None else json.loads(e[key])
    return out


def _last_seq(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        return int(conn.execute("SELECT coalesce(max(seq), 0) FROM events").fetchone()[0])


def _row(db: Path, ann_id: str) -> dict[str, Any] | None:
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    try:
        row = conn.execute("SELECT * FROM annotations WHERE id = ?", (ann_id,)).fetchone()
    finally:
        conn.close()
    return None if row is None else dict(row)


def test_a_new_database_begins_its_trail(store: Store, db_path: Path):
    (begin,) = _events(db_path)
    assert begin["action"] == "begin" and begin["account"] == os_account()
    assert begin["after"] == {"tags": 0} and begin["tag"] is None


def test_each_change_writes_exactly_one_event_with_its_rows(
    store: Store, db_path: Path, doc_a: Document
):
    start = _last_seq(db_path)
    ann = store.add(doc_a, 0, 9, "claim", "first")
    (added,) = _events(db_path, start)
    assert added["action"] == "add" and added["tag"] == ann.id and added["doc"] == doc_a.id
    assert (added["account"], added["author"]) == (os_account(), "alice")
    assert added["before"] is None and added["after"] == _row(db_path, ann.id)
    assert added["time"] == ann.created  # the change's own time
    assert added["import_file"] is None

    seq = _last_seq(db_path)
    edited = store.update(ann.id, label="disputed", note="second")
    (edit,) = _events(db_path, seq)
    assert edit["action"] == "edit" and edit["before"] == added["after"]
    assert edit["after"] == _row(db_path, ann.id)
    assert (edit["after"]["label"], edit["after"]["note"]) == ("disputed", "second")
    assert edit["after"]["updated"] == edited.updated

    seq = _last_seq(db_path)
    deleted = store.delete(ann.id)
    (gone,) = _events(db_path, seq)
    assert gone["action"] == "delete" and gone["before"] == edit["after"]
    assert gone["after"] is None and gone["doc"] == doc_a.id and _row(db_path, ann.id) is None

    seq = _last_seq(db_path)
    store.restore(deleted)
    (back,) = _events(db_path, seq)
    assert back["action"] == "restore" and back["before"] is None
    assert back["after"] == edit["after"] == _row(db_path, ann.id)  # its account too

    seq = _last_seq(db_path)
    store.add_label("weather", "blue", "italic")
    (label,) = _events(db_path, seq)
    assert label["action"] == "label" and label["tag"] is None
    assert label["after"] == {"name": "weather", "color": "blue", "style": "italic"}
    store.add_label("weather")  # already there: nothing changes, nothing is recorded
    assert _events(db_path, seq + 1) == []
    state, table = replay(db_path)
    assert state == table


def test_what_changes_nothing_records_nothing(store: Store, db_path: Path, doc_a: Document):
    ann = store.add(doc_a, 0, 9, "claim", "note")
    seq = _last_seq(db_path)
    assert store.update(ann.id, label="claim", note="note") == ann  # the same label and note
    assert store.add(doc_a, 0, 9, "claim", "note", id=ann.id) == ann  # a retry already saved
    assert _events(db_path, seq) == []


def test_refused_and_failed_writes_record_nothing(db_path: Path, doc_a: Document):
    with Store.open(db_path, user="alice") as alice:
        ann = alice.add(doc_a, 0, 9, "claim")
        seq = _last_seq(db_path)
        with pytest.raises(Conflict):
            alice.update(ann.id, note="x", expected_updated=time_after(ann.updated))
        with pytest.raises(Conflict):
            alice.add(doc_a, 2, 9, "claim", id=ann.id)  # the id of another tag
        with pytest.raises(InvalidInput):
            alice.add(doc_a, 0, 9, "no-such-label")
    with Store.open(db_path, user="bob") as bob:
        with pytest.raises(NotAuthor):
            bob.update(ann.id, note="bob's")
        with pytest.raises(NotAuthor):
            bob.delete(ann.id)
    assert _events(db_path, seq) == []


def test_an_event_that_cannot_be_written_takes_its_change_with_it(
    store: Store, db_path: Path, doc_a: Document
):
    """The change and its event are one transaction: the event failing rolls the change back
    (here a trigger refuses new events, as a full disk or an I/O error would)."""
    ann = store.add(doc_a, 0, 9, "claim", "kept")
    before = _row(db_path, ann.id)
    seq = _last_seq(db_path)
    with sqlite3.connect(db_path) as conn:
        conn.execute(
            "CREATE TRIGGER no_events BEFORE INSERT ON events "
            "BEGIN SELECT RAISE(ABORT, 'events refused'); END"
        )
    for change in (
        lambda: store.update(ann.id, note="changed"),
        lambda: store.delete(ann.id),
        lambda: store.add(doc_a, 10, 20, "claim"),
        lambda: store.add_label("weather"),
    ):
        with pytest.raises(StoreError, match="events refused"):
            change()
    assert _row(db_path, ann.id) == before and store.count() == 1
    assert "weather" not in [lb.name for lb in store.labels()]
    assert _events(db_path, seq) == []


def test_a_change_that_fails_writes_no_event(store: Store, db_path: Path, doc_a: Document):
    ann = store.add(doc_a, 0, 9, "claim", "kept")
    seq = _last_seq(db_path)
    with sqlite3.connect(db_path) as conn:
        conn.execute(
            "CREATE TRIGGER no_updates BEFORE UPDATE ON annotations "
            "BEGIN SELECT RAISE(ABORT, 'updates refused'); END"
        )
    with pytest.raises(StoreError, match="updates refused"):
        store.update(ann.id, note="changed")
    assert _events(db_path, seq) == [] and store.get(ann.id).note == "kept"


def test_the_events_table_is_append_only(store: Store, db_path: Path, doc_a: Document):
    store.add(doc_a, 0, 9, "claim")
    conn = sqlite3.connect(db_path)
    try:
        for sql in ("UPDATE events SET author = 'mallory'", "DELETE FROM events"):
            with pytest.raises(sqlite3.IntegrityError, match="append-only"):
                conn.execute(sql)
    finally:
        conn.close()
    assert [e["author"] for e in _events(db_path)] == ["", "alice"]


def test_a_user_name_other_than_the_login_is_recorded_as_such(
    db_path: Path, doc_a: Document, capsys: pytest.CaptureFixture[str]
):
    with Store.open(db_path, user="Al Ice") as store:
        ann = store.add(doc_a, 0, 9, "claim")
    (added,) = _events(db_path, 1)
    assert (added["author"], added["account"]) == ("Al Ice", os_account())
    assert added["after"]["author"] == "Al Ice" and added["after"]["account"] == os_account()
    assert main(["history", "--db", str(db_path)]) == 0
    line = next(ln for ln in capsys.readouterr().out.splitlines() if ann.id[:8] in ln)
    assert f"{os_account()} as Al Ice" in line and "added" in line
    assert main(["history", "--db", str(db_path), "--author", "Al Ice", "--json"]) == 0
    (shown,) = json.loads(capsys.readouterr().out)
    assert shown["tag"] == ann.id and shown["account"] == os_account()


def _colleague_file(
    tmp_path: Path, d: Document, note: str = "", updated: str = "", label: str = "figure"
) -> Path:
    start = d.text.index("42")
    record = {
        "id": "11111111-2222-4333-8444-555555555555",
        "doc": d.id,
        "doc_path": d.path,
        "start": start,
        "end": start + 2,
        "quote": "42",
        "label": label,
        "note": note,
        "author": "carol",
        "created": "2024-05-01T09:00:00.000Z",
        "updated": updated or "2024-05-01T09:00:00.000Z",
    }
    path = tmp_path / "carol.jsonl"
    path.write_text(json.dumps(record) + "\n")
    return path


def test_an_import_keeps_the_colleagues_authors_and_records_the_importer(
    tmp_path: Path, db_path: Path, doc_a: Document
):
    with Store.open(db_path, user="alice") as store:
        seq = _last_seq(db_path)
        first = _colleague_file(tmp_path, doc_a, label="toll")
        import_file(store, first, documents=[doc_a], keep_authors=True)
        label, imported = _events(db_path, seq)  # the new label, then the tag
    assert label["action"] == "label" and label["after"]["name"] == "toll"
    assert label["import_file"] == str(first.resolve()) and label["author"] == "alice"
    assert imported["action"] == "import" and imported["before"] is None
    assert (imported["author"], imported["account"]) == ("alice", os_account())
    assert imported["after"]["author"] == "carol" and imported["after"]["account"] == ""
    assert imported["after"] == _row(db_path, imported["tag"])
    assert imported["import_file"] == str(first.resolve())
    assert (imported["import_format"], imported["keep_authors"]) == ("jsonl", 1)
    # carol's newer copy replaces it (carol's tag: the curator, the file's owner, uses --admin):
    # one event, its before the row it replaced.
    seq = _last_seq(db_path)
    newer = _colleague_file(
        tmp_path, doc_a, note="checked", updated="2024-06-01T09:00:00.000Z", label="toll"
    )
    with Store.open(db_path, user="alice", admin=True) as store:
        import_file(store, newer, documents=[doc_a], keep_authors=True)
        again = import_text(store, newer.read_text(), "again.jsonl", keep_authors=True)
    assert again.unchanged == 1
    (replaced,) = _events(db_path, seq)  # the unchanged second import records nothing
    assert replaced["before"] == imported["after"]
    assert replaced["after"]["note"] == "checked" and replaced["after"]["author"] == "carol"
    state, table = replay(db_path)
    assert state == table


def test_a_refused_import_records_nothing(
    tmp_path: Path, db_path: Path, doc_a: Document, capsys: pytest.CaptureFixture[str]
):
    Store.open(db_path, user="alice").close()
    seq = _last_seq(db_path)
    # Someone else's new tag without --keep-authors: refused by the database (exit 1).
    plain = _colleague_file(tmp_path, doc_a)
    assert main(["import", str(plain), "--db", str(db_path), "--user", "alice"]) == 1
    # A time in the future: refused as bad input (exit 2), not one event written.
    future = _colleague_file(tmp_path, doc_a, updated="2099-01-01T00:00:00.000Z")
    args = ["import", str(future), "--db", str(db_path), "--user", "alice", "--keep-authors"]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "in the future" in err and "Traceback" not in err
    with Store.open(db_path, user="alice") as store, pytest.raises(ImportFailed):
        import_file(store, future, documents=[doc_a], keep_authors=True)
    assert _events(db_path, seq) == []
    with Store.open(db_path) as store:
        assert store.count() == 0


# ---------------------------------------------------------------------------------------------
# newsreader history


@pytest.fixture
def worked(db_path: Path, doc_a: Document, tmp_path: Path) -> dict[str, str]:
    """alice tags, edits and deletes; bob tags; alice imports carol's tag."""
    b = doc(ARTICLE_A.replace("Geneva", "Vienna"), "corpus/b.txt")
    with Store.open(db_path, user="alice") as alice:
        kept = alice.add(doc_a, 0, 9, "claim", "first")
        alice.update(kept.id, label="disputed", note="second")
        gone = alice.add(doc_a, 10, 20, "claim")
        alice.delete(gone.id)
        import_file(alice, _colleague_file(tmp_path, doc_a), documents=[doc_a], keep_authors=True)
    with Store.open(db_path, user="bob") as bob:
        other = bob.add(b, 0, 9, "source")
    return {"kept": kept.id, "gone": gone.id, "bob": other.id, "b": b.id}


def _history(capsys: pytest.CaptureFixture[str], db: Path, *args: str) -> list[dict[str, Any]]:
    assert main(["history", "--db", str(db), "--json", *args]) == 0
    data: list[dict[str, Any]] = json.loads(capsys.readouterr().out)
    return data


def test_history_lines_say_when_who_what_and_what_changed(
    worked: dict[str, str], db_path: Path, capsys: pytest.CaptureFixture[str]
):
    before = file_state(db_path)
    assert main(["history", "--db", str(db_path)]) == 0
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    assert lines[0].split() == ["WHEN", "(UTC)", "WHO", "WHAT", "TAG", "DETAIL"]
    body = lines[1:]
    whats = {"began", "added", "edited", "deleted", "restored", "imported", "label"}
    assert [next(w for w in ln.split() if w in whats) for ln in body] == [
        *("began", "added", "edited", "added", "deleted", "imported", "added")
    ]  # oldest first: the newest last
    me = os_account()
    edit = body[2]
    assert f"{me} as alice" in edit and worked["kept"][:8] in edit
    assert "label claim -> disputed" in edit and "note changed" in edit
    imported = body[5]
    assert "by carol" in imported and "from carol.jsonl (jsonl, authors kept)" in imported
    assert "“42”" in imported
    assert f"{me} as bob" in body[6] and "corpus/b.txt" in body[6]
    assert "7 event(s)" in captured.err
    assert file_state(db_path) == before  # read-only


def test_history_filters(worked: dict[str, str], db_path: Path, capsys: pytest.CaptureFixture[str]):
    kept = _history(capsys, db_path, "--tag", worked["kept"][:8])
    assert [e["action"] for e in kept] == ["add", "edit"] and kept[1]["changed"] == [
        "label",
        "note",
    ]
    gone = _history(capsys, db_path, "--tag", worked["gone"])
    assert [e["action"] for e in gone] == ["add", "delete"]
    assert [e["tag"] for e in _history(capsys, db_path, "--doc", "corpus/b.txt")] == [worked["bob"]]
    assert [e["tag"] for e in _history(capsys, db_path, "--doc", worked["b"])] == [worked["bob"]]
    by_bob = _history(capsys, db_path, "--author", "bob")
    assert [e["action"] for e in by_bob] == ["add"]
    assert len(_history(capsys, db_path, "--account", os_account())) == 7
    assert _history(capsys, db_path, "--account", "nobody-here") == []
    newest = _history(capsys, db_path, "--limit", "2")
    assert [e["action"] for e in newest] == ["import", "add"]  # the newest two, oldest first
    assert newest[0]["seq"] < newest[1]["seq"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--tag", "ffffffff"], "no tag 'ffffffff'"),
        (["--tag", "ab"], "at least 4 characters"),
        (["--doc", "corpus/nowhere.txt"], "no document"),
    ],
)
def test_history_of_an_unknown_tag_or_document_is_bad_input(
    worked: dict[str, str],
    db_path: Path,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    message: str,
):
    assert main(["history", "--db", str(db_path), *args]) == 2
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1


def test_history_limit_must_be_positive(db_path: Path, store: Store):
    with pytest.raises(SystemExit) as caught:
        main(["history", "--db", str(db_path), "--limit", "0"])
    assert caught.value.code == 2


def test_history_of_a_missing_or_foreign_database_creates_and_changes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    missing = tmp_path / "none.db"
    assert main(["history", "--db", str(missing)]) == 1
    assert "no annotation database" in capsys.readouterr().err
    assert sorted(tmp_path.iterdir()) == []
    empty = tmp_path / "empty.db"
    empty.touch()
    assert main(["history", "--db", str(empty)]) == 1
    assert empty.stat().st_size == 0
    foreign = tmp_path / "other.db"
    conn = sqlite3.connect(foreign)
    conn.execute("PRAGMA user_version = 1")
    conn.execute("CREATE TABLE events (id INTEGER PRIMARY KEY, what TEXT)")
    conn.execute("INSERT INTO events (what) VALUES ('theirs')")
    conn.commit()
    conn.close()
    before = file_state(foreign)
    capsys.readouterr()
    assert main(["history", "--db", str(foreign)]) == 2
    assert "not a newsreader annotation database" in capsys.readouterr().err
    assert file_state(foreign) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty.db", "other.db"]


def test_a_schema_2_database_keeps_its_tags_and_gains_history_from_then_on(
    tmp_path: Path, doc_a: Document, capsys: pytest.CaptureFixture[str]
):
    """``data/schema_v2.db`` was made by the store at schema version 2: a curator imported
    alice's tag on "42" (note "the toll") and bob's on "Geneva" with --keep-authors."""
    db = tmp_path / "old.db"
    db.write_bytes((DATA_DIR / "schema_v2.db").read_bytes())
    before = file_state(db)
    # history reads it as it is: no upgrade, nothing written, and says why there is none.
    assert main(["history", "--db", str(db)]) == 0
    captured = capsys.readouterr()
    assert "schema version 2, from before the trail" in captured.err
    assert captured.out.splitlines()[1:] == []
    assert file_state(db) == before
    with Store.open(db, user="alice") as store:  # a writing open upgrades it
        tags = {a.quote: a for a in store.annotations()}
        assert sorted(tags) == ["42", "Geneva"]
        assert (tags["42"].author, tags["42"].note) == ("alice", "the toll")
        assert doc_a.text[tags["42"].start : tags["42"].end] == "42"
        store.update(tags["42"].id, note="checked")
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    begin, edit = _events(db)
    assert begin["action"] == "begin" and begin["after"] == {"tags": 2}
    assert edit["action"] == "edit" and edit["author"] == "alice"
    assert edit["before"]["note"] == "the toll" and edit["before"]["account"] == ""
    assert edit["after"]["note"] == "checked"
    # The tag's history starts at the upgrade, and says so.
    assert main(["history", "--db", str(db), "--tag", tags["42"].id]) == 0
    captured = capsys.readouterr()
    assert "made before this database kept its history" in captured.err
    assert len(captured.out.splitlines()) == 2 and "note changed" in captured.out


def test_history_says_when_the_trail_was_edited_outside_newsreader(
    store: Store, db_path: Path, doc_a: Document, capsys: pytest.CaptureFixture[str]
):
    first = store.add(doc_a, 0, 9, "claim")
    store.add(doc_a, 10, 20, "claim")
    assert main(["history", "--db", str(db_path), "--tag", first.id]) == 0
    assert "note:" not in capsys.readouterr().err  # a whole trail: nothing to say
    with sqlite3.connect(db_path) as conn:  # what anyone who can write the file can do
        conn.execute("UPDATE annotations SET note = 'sneaked in' WHERE id = ?", (first.id,))
        conn.execute("DROP TRIGGER events_append_only_delete")
        conn.execute("DELETE FROM events WHERE seq = (SELECT max(seq) FROM events)")
    assert main(["history", "--db", str(db_path), "--tag", first.id]) == 0
    err = capsys.readouterr().err
    assert "1 event(s) of 3 are missing from the trail" in err
    assert "append-only triggers were removed" in err
    assert f"tag {first.id[:8]} was changed outside newsreader" in err


def test_ambiguous_tag_prefix_names_the_candidates(
    store: Store, db_path: Path, doc_a: Document, capsys: pytest.CaptureFixture[str]
):
    a = store.add(doc_a, 0, 9, "claim", id="abcd0000-0000-4000-8000-000000000001")
    b = store.add(doc_a, 10, 20, "claim", id="abcd0000-0000-4000-8000-000000000002")
    assert main(["history", "--db", str(db_path), "--tag", "abcd"]) == 2
    err = capsys.readouterr().err
    assert a.id in err and b.id in err and "give more of it" in err
    assert [e["tag"] for e in _history(capsys, db_path, "--tag", b.id)] == [b.id]
