"""Re-importing a tag the database has (issue 12, item 8): a copy with the same ``updated``
time that differs in any field, its span included, is a conflict (exit 1, nothing written), and
the summary says what is true: "kept (database copy newer)" only when it is."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from store_helpers import ARTICLE_A, doc, file_state

from newsreader.cli import main
from newsreader.store import Store
from newsreader.store.exchange import ImportFailed, import_text

A = doc(ARTICLE_A, "corpus/a.txt")
UPDATED = "2026-01-01T00:00:00.000Z"


def rec(quote: str = "42 people", text: str = ARTICLE_A, **changes: Any) -> dict[str, Any]:
    start = text.index(quote)
    end = start + len(quote)
    base = {
        "id": "00000000-0000-4000-8000-000000000001",
        "doc": A.id,
        "start": start,
        "end": end,
        "quote": quote,
        "prefix": text[max(0, start - 32) : start],
        "suffix": text[end : end + 32],
        "label": "figure",
        "note": "n1",
        "author": "alice",
        "created": UPDATED,
        "updated": UPDATED,
    }
    base.update(changes)
    return base


def native(*records: dict[str, Any]) -> str:
    docs = [{"id": A.id, "path": A.path, "title": A.title, "length": len(A.text)}]
    return json.dumps(
        {"format": "newsreader-annotations", "version": 1, "documents": docs,
         "annotations": list(records)}
    )  # fmt: skip


@pytest.fixture
def stored(store: Store) -> Store:
    report = import_text(store, native(rec()), "first.json", documents=[A])
    assert report.added == 1
    return store


EQUAL_TIME_EDITS = {
    "span": dict(quote="Tuesday"),  # another word of the article: start, end and quote
    "start and end only": dict(start=0, end=9),
    "prefix": dict(prefix="something else said "),
    "suffix": dict(suffix=" and more"),
    "created": dict(created="2025-06-01T00:00:00.000Z"),
    "label": dict(label="claim"),
}


@pytest.mark.parametrize("change", EQUAL_TIME_EDITS.values(), ids=EQUAL_TIME_EDITS.keys())
def test_an_equal_time_and_any_other_difference_is_a_conflict(
    stored: Store, change: dict[str, Any]
) -> None:
    (before,) = stored.annotations()
    if "quote" in change:
        change = {k: v for k, v in rec(change["quote"]).items() if k in ("start", "end", "quote")}
    if "start" in change and "quote" not in change:
        change["quote"] = ARTICLE_A[change["start"] : change["end"]]
    edited = {**rec(), **change}
    with pytest.raises(ImportFailed) as caught:
        import_text(stored, native(edited), "edit.json", documents=[A])
    assert caught.value.status == 1
    (problem,) = caught.value.problems
    fields = [k for k in ("start", "end", "quote", "prefix", "suffix", "label") if k in change]
    fields += ["created"] if "created" in change else []
    assert f"same 'updated' time ({UPDATED}) but a different {', '.join(fields)}:" in problem
    assert "neither is newer" in problem
    assert stored.annotations() == [before]


def test_the_command_exits_1_and_leaves_the_file_as_it_was(
    stored: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "edit.json"
    path.write_text(native(rec("Tuesday")))
    before = file_state(Path(stored.path))
    status = main(["import", str(path), "--db", stored.path, "--user", "alice"])
    err = capsys.readouterr().err
    assert status == 1 and "Traceback" not in err
    assert "but a different start, end, quote, prefix, suffix:" in err
    assert "1 bad record(s)" in err
    assert file_state(Path(stored.path)) == before


def test_an_older_copy_is_kept_and_a_newer_one_wins(stored: Store) -> None:
    older = rec("Tuesday", updated="2025-12-31T00:00:00.000Z")
    report = import_text(stored, native(older), "old.json", documents=[A])
    assert (report.kept, report.updated, report.unchanged) == (1, 0, 0)
    assert "1 kept (database copy newer)" in report.summary()
    assert stored.annotations()[0].quote == "42 people"
    newer = rec("Tuesday", updated="2026-01-02T00:00:00.000Z")
    report = import_text(stored, native(newer), "new.json", documents=[A])
    assert report.updated == 1 and stored.annotations()[0].quote == "Tuesday"


def test_the_same_copy_placed_anew_on_an_edited_article_is_unchanged(stored: Store) -> None:
    """The file is the database's copy; the article changed since, so the import places it
    elsewhere: that is not an edit with the same time (no conflict), nor a newer database copy
    ("kept"), nor a re-anchoring written: the database's copy is unchanged."""
    edited = doc("A correction was added above.\n\n" + ARTICLE_A, "corpus/a.txt")
    report = import_text(stored, native(rec()), "again.json", documents=[edited])
    assert (report.unchanged, report.kept, report.reanchored, report.updated) == (1, 0, 0, 0)
    summary = report.summary()
    assert "kept" not in summary and "re-anchored" not in summary
    (ann,) = stored.annotations()
    assert (ann.doc, ann.start) == (A.id, ARTICLE_A.index("42 people"))
