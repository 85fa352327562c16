"""The Store API the reader uses: add, update, delete, restore, labels, authorship, watching."""

from __future__ import annotations

import threading
import time
import uuid
from pathlib import Path

import pytest
from store_helpers import run_python

from newsreader.core.model import Document
from newsreader.store import (
    Conflict,
    InvalidInput,
    NotAuthor,
    NotFound,
    Store,
)


def test_add_records_everything_and_is_committed(store: Store, doc_a: Document, db_path: Path):
    start = doc_a.text.index("42 people")
    ann = store.add(doc_a, start, start + 9, "figure", "ministry figure")
    assert ann.quote == "42 people" == doc_a.text[ann.start : ann.end]
    assert doc_a.text.endswith(ann.suffix, 0, ann.end + len(ann.suffix))
    assert doc_a.text[: ann.start].endswith(ann.prefix) and 0 < len(ann.prefix) <= 32
    assert (ann.doc, ann.doc_path, ann.doc_title) == (doc_a.id, doc_a.path, doc_a.title)
    assert ann.author == "alice" and ann.created == ann.updated and ann.created.endswith("Z")
    uuid.UUID(ann.id)
    # committed: a second, independent connection sees it at once
    with Store.open(db_path, user="bob") as other:
        assert other.annotations() == [ann]


def test_default_labels_have_distinct_styles(store: Store):
    labels = store.labels()
    assert [lb.name for lb in labels] == ["claim", "disputed", "source", "quote", "figure"]
    assert len({lb.style for lb in labels}) == len(labels)
    assert len({lb.color for lb in labels}) == len(labels)


def test_add_label_and_unknown_label(store: Store, doc_a: Document):
    with pytest.raises(InvalidInput, match="unknown label 'rumour'"):
        store.add(doc_a, 0, 5, "rumour")
    created = store.add_label("rumour")
    assert created.name == "rumour" and created.style and created.color
    assert store.add_label("rumour") == created  # idempotent
    assert store.add(doc_a, 0, 5, "rumour").label == "rumour"
    with pytest.raises(InvalidInput):
        store.add_label("bad\nname")
    with pytest.raises(InvalidInput):
        store.add_label("   ")


@pytest.mark.parametrize("span", [(-1, 3), (5, 5), (7, 3), (0, 10_000)])
def test_add_rejects_spans_outside_the_text(store: Store, doc_a: Document, span: tuple[int, int]):
    with pytest.raises(InvalidInput, match="not inside the document"):
        store.add(doc_a, *span, "claim")
    assert store.annotations() == []


def test_retry_with_same_id_saves_once(store: Store, doc_a: Document):
    ann_id = str(uuid.uuid4())
    first = store.add(doc_a, 0, 8, "claim", id=ann_id)
    again = store.add(doc_a, 0, 8, "claim", id=ann_id)
    assert again == first and store.count() == 1
    with pytest.raises(Conflict):
        store.add(doc_a, 0, 9, "claim", id=ann_id)


def test_update_delete_restore(store: Store, doc_a: Document):
    ann = store.add(doc_a, 0, 8, "claim")
    changed = store.update(ann.id, label="disputed", note="see wire copy")
    assert (changed.label, changed.note) == ("disputed", "see wire copy")
    assert changed.updated >= ann.updated and changed.created == ann.created
    assert store.get(ann.id) == changed
    deleted = store.delete(ann.id)
    assert deleted == changed and store.annotations() == []
    with pytest.raises(NotFound):
        store.get(ann.id)
    store.restore(deleted)
    assert store.annotations() == [changed]
    store.restore(deleted)  # twice is harmless
    assert store.count() == 1


def test_update_with_stale_expected_time_conflicts(store: Store, doc_a: Document):
    ann = store.add(doc_a, 0, 8, "claim")
    store.update(ann.id, note="first")
    with pytest.raises(Conflict, match="changed by someone else"):
        store.update(ann.id, note="second", expected_updated=ann.updated)
    assert store.get(ann.id).note == "first"


def test_authorship(db_path: Path, doc_a: Document):
    with Store.open(db_path, user="alice") as alice:
        ann = alice.add(doc_a, 0, 8, "claim")
    with Store.open(db_path, user="bob") as bob:
        with pytest.raises(NotAuthor, match="belongs to alice"):
            bob.update(ann.id, note="mine now")
        with pytest.raises(NotAuthor):
            bob.delete(ann.id)
        with pytest.raises(NotAuthor):
            bob.restore(ann)
        assert bob.get(ann.id) == ann
    with Store.open(db_path, user="carol", admin=True) as admin:
        assert admin.update(ann.id, note="moderated").note == "moderated"
        assert admin.get(ann.id).author == "alice"
        admin.delete(ann.id)
        assert admin.count() == 0


def test_filters(store: Store, doc_a: Document, doc_b: Document):
    a1 = store.add(doc_a, 0, 8, "claim")
    a2 = store.add(doc_a, 10, 20, "quote")
    b1 = store.add(doc_b, 0, 5, "claim")
    assert store.annotations(doc=doc_a.id) == [a1, a2]
    assert store.annotations(doc=doc_b.path) == [b1]
    assert {a.id for a in store.annotations(label="claim")} == {a1.id, b1.id}
    assert store.annotations(author="nobody") == []


def test_one_store_shared_by_threads(store: Store, doc_a: Document):
    errors: list[BaseException] = []

    def work(n: int) -> None:
        try:
            for i in range(20):
                store.add(doc_a, i, i + 5, "claim", f"t{n}")
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == [] and store.count() == 80


def test_data_version_sees_other_connections_only(store: Store, doc_a: Document, db_path: Path):
    assert store.changed() is False
    v0 = store.data_version()
    store.add(doc_a, 0, 8, "claim")
    assert store.data_version() == v0  # our own commit
    with Store.open(db_path, user="bob") as bob:
        bob.add(doc_a, 10, 18, "claim")
    assert store.data_version() != v0
    assert store.changed() is True and store.changed() is False


WRITER = """
import sys, time
from newsreader.core.corpus import document_from_text
from newsreader.store import Store
doc = document_from_text(open(sys.argv[2]).read(), "corpus/a.txt")
with Store.open(sys.argv[1], user="bob") as s:
    s.add(doc, 0, 8, "claim", "from another process")
print(time.time())
"""


@pytest.mark.e2e  # another OS process writes the database
def test_other_process_change_seen_within_two_seconds(
    store: Store, doc_a: Document, db_path: Path, tmp_path: Path
):
    text = tmp_path / "a.txt"
    text.write_text(doc_a.text)
    store.changed()
    proc = run_python(WRITER, str(db_path), str(text))
    assert proc.returncode == 0, proc.stderr
    for _ in range(400):  # polled as the reader does (every 0.5 s there)
        if store.changed():
            break
        time.sleep(0.05)
    else:
        raise AssertionError("the other process's commit was never seen")
    assert [a.note for a in store.annotations()] == ["from another process"]


def test_a_note_over_the_limit_is_refused_and_nothing_saved(tmp_path):
    """Issue 12: a 50 MB note was accepted. The reader and the store refuse it as an import
    does (10,000 characters), in one line, and the database is unchanged."""
    import sqlite3

    import pytest

    from newsreader.core.corpus import document_from_text
    from newsreader.store import InvalidInput, Store
    from newsreader.store.annotations import MAX_NOTE
    from newsreader.store.formats import limits

    assert MAX_NOTE == limits.MAX_NOTE
    doc = document_from_text("Storm kills 12 on the coast.\n", "corpus/a.txt")
    path = tmp_path / "t.db"
    with Store.open(path, user="alice") as store:
        kept = store.add(doc, 0, 5, "claim", "fine")
        with pytest.raises(InvalidInput) as refused:
            store.add(doc, 6, 11, "claim", "x" * (50 * 1024 * 1024))
        assert "\n" not in str(refused.value) and "10,000" in str(refused.value)
        with pytest.raises(InvalidInput):
            store.update(kept.id, note="y" * (MAX_NOTE + 1))
        store.add(doc, 6, 11, "claim", "z" * MAX_NOTE)  # the limit itself is fine
    with sqlite3.connect(path) as conn:
        notes = sorted(len(r[0]) for r in conn.execute("SELECT note FROM annotations"))
    assert notes == [4, MAX_NOTE]
