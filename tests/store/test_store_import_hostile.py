"""Import against hostile and awkward files (issue 12): nesting, sizes, surrogates, future
times, files without documents, equal 'updated' times, other people's tags, exit statuses."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from store_helpers import ARTICLE_A, assert_one_line_error, doc, file_state, run_cli

from newsreader.core.model import Document
from newsreader.store import Store
from newsreader.store.exchange import ImportFailed, import_text
from newsreader.store.formats.limits import MAX_NOTE

A = doc(ARTICLE_A, "corpus/a.txt")
ID = "6f1c2b1e-7a43-4a8e-9d7e-0b1f3c2d4e5f"


def rec(**changes: object) -> dict[str, object]:
    base: dict[str, object] = {
        "id": ID,
        "doc": A.id,
        "start": 0,
        "end": 9,
        "quote": "Ceasefire",
        "suffix": " talks collapse in the north",
        "label": "claim",
        "note": "",
        "author": "alice",
        "created": "2024-05-01T10:00:00.000Z",
        "updated": "2024-05-01T10:00:00.000Z",
    }
    base.update(changes)
    return base


def jsonl(*records: dict[str, object]) -> str:
    return "".join(json.dumps(r) + "\n" for r in records)


def native(records: list[dict[str, object]], documents: list[dict[str, object]] | None) -> str:
    data: dict[str, object] = {"format": "newsreader-annotations", "version": 1}
    if documents is not None:
        data["documents"] = documents
    data["annotations"] = records
    return json.dumps(data)


# --- 5. deep JSON, huge values ------------------------------------------------------------------


@pytest.mark.e2e  # runs the installed command
@pytest.mark.parametrize("name", ["deep.json", "deep.jsonl", "deep.txt"])
def test_deep_json_is_one_line_and_exit_2(tagged: Path, tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text("[" * 100_000 + "]" * 100_000 + "\n")
    before = file_state(tagged)
    proc = run_cli(["import", str(path), "--db", str(tagged)])
    line = assert_one_line_error(proc, 2)
    assert "nested more than 64 levels" in line or "nested more than 64 levels" in proc.stderr
    assert len(proc.stderr.splitlines()) <= 2, proc.stderr
    assert file_state(tagged) == before


def test_nesting_just_past_the_limit_inside_a_record(store: Store) -> None:
    deep: object = "x"
    for _ in range(70):
        deep = [deep]
    with pytest.raises(ImportFailed) as caught:
        import_text(store, jsonl(rec(note=deep)), "x.jsonl", search_disk=False)
    assert caught.value.problems == [
        "x.jsonl: line 1: not JSON we read: nested more than 64 levels deep"
    ]


def test_a_huge_note_is_refused_with_its_limit(store: Store) -> None:
    with pytest.raises(ImportFailed) as caught:
        import_text(store, jsonl(rec(note="n" * (MAX_NOTE + 1))), "x.jsonl", search_disk=False)
    assert caught.value.problems == [
        f"x.jsonl: line 1: 'note' is longer than {MAX_NOTE:,} characters ({MAX_NOTE + 1:,})"
    ]
    assert store.count() == 0


@pytest.mark.e2e  # runs the installed command
def test_a_50_mb_note_is_refused_by_the_command(tagged: Path, tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    path.write_text(jsonl(rec(note="n" * 50_000_000)))
    before = file_state(tagged)
    proc = run_cli(["import", str(path), "--db", str(tagged)])
    assert "1 bad record(s)" in assert_one_line_error(proc, 2)
    assert "'note' is longer than 10,000 characters" in proc.stderr
    assert file_state(tagged) == before


@pytest.mark.e2e  # runs the installed command
@pytest.mark.parametrize(
    "line, problem",
    [
        ('"note": "\\ud800"', "'note' holds an unpaired surrogate"),
        ('"label": "\\udfff"', "'label' holds an unpaired surrogate"),
        ('"start": ' + "9" * 5000, "not JSON we read"),
        ('"start": 1.0', "'start' must be an integer"),
        ('"start": true', "'start' must be an integer"),
        ('"start": -1', "'start' must be 0 or more"),
        ('"label": "x\\u0000y"', "label contains control characters"),
    ],
    ids=["surrogate-note", "surrogate-label", "5000-digits", "float", "bool", "negative", "nul"],
)
def test_hostile_values_are_one_line_each(
    tagged: Path, tmp_path: Path, line: str, problem: str
) -> None:
    text = json.dumps(rec(id="11111111-1111-1111-1111-111111111111")) + "\n"
    text += json.dumps(rec())[:-1] + ", " + line + "}\n"
    path = tmp_path / "in.jsonl"
    path.write_text(text)
    before = file_state(tagged)
    proc = run_cli(["import", str(path), "--db", str(tagged)])
    assert_one_line_error(proc, 2)
    assert "line 2: " in proc.stderr and problem in proc.stderr, proc.stderr
    assert file_state(tagged) == before


def test_errors_say_where(store: Store) -> None:
    text = jsonl(rec(), rec(id="11111111-1111-1111-1111-111111111111"), rec(start="3"))
    with pytest.raises(ImportFailed) as caught:
        import_text(store, text, "x.jsonl", search_disk=False)
    assert caught.value.problems == ["x.jsonl: line 3: 'start' must be an integer"]


# --- 3. future times, authorship; exit statuses ---------------------------------------------------


def test_a_time_in_the_future_is_refused(store: Store) -> None:
    with pytest.raises(ImportFailed) as caught:
        import_text(store, jsonl(rec(updated="2099-01-01T00:00:00Z")), "x.jsonl")
    (problem,) = caught.value.problems
    assert "line 1: 'updated' 2099-01-01T00:00:00.000Z is in the future" in problem
    assert "5 minutes" in problem
    # ... so it cannot block later imports of that tag: a normal edit still goes in.
    import_text(store, jsonl(rec()), "x.jsonl", search_disk=False)
    report = import_text(
        store, jsonl(rec(note="edited", updated="2024-06-01T00:00:00Z")), "x.jsonl"
    )
    assert report.updated == 1 and store.annotations()[0].note == "edited"


def test_new_tags_only_as_yourself_unless_keep_authors(db_path: Path) -> None:
    text = jsonl(rec(author="bob"), rec(id="11111111-1111-1111-1111-111111111111", author="eve"))
    with Store.open(db_path, user="alice") as alice:
        with pytest.raises(ImportFailed) as caught:
            import_text(alice, text, "x.jsonl", search_disk=False)
        assert caught.value.status == 1
        assert "2 new tag(s) are not yours (alice) but 1 by bob, 1 by eve" in str(
            caught.value.problems
        )
        assert alice.count() == 0
        report = import_text(alice, text, "x.jsonl", search_disk=False, keep_authors=True)
        assert report.added == 2 and report.others == 2
        assert "2 added under their authors' names (--keep-authors)" in report.summary()
        assert {a.author for a in alice.annotations()} == {"bob", "eve"}
        # Records that name no author are the importer's.
        record = rec(id="22222222-2222-2222-2222-222222222222")
        del record["author"]
        import_text(alice, jsonl(record), "y.jsonl", search_disk=False)
        assert alice.get("22222222-2222-2222-2222-222222222222").author == "alice"


@pytest.mark.e2e  # runs the installed command
def test_exit_statuses_match_the_readme(tagged: Path, tmp_path: Path) -> None:
    theirs = tmp_path / "theirs.jsonl"
    theirs.write_text(jsonl(rec(author="bob")))
    before = file_state(tagged)
    proc = run_cli(["import", str(theirs), "--db", str(tagged), "--user", "alice"])
    assert "nothing was imported" in assert_one_line_error(proc, 1)  # not your tag: 1
    assert "--keep-authors" in proc.stderr
    bad = tmp_path / "bad.jsonl"
    bad.write_text(jsonl(rec(start="0")))
    assert_one_line_error(run_cli(["import", str(bad), "--db", str(tagged)]), 2)  # bad file: 2
    assert file_state(tagged) == before
    ok = run_cli(["import", str(theirs), "--db", str(tagged), "--keep-authors"])
    assert ok.returncode == 0 and "1 added under their authors' names" in ok.stdout


# --- 8. no documents list; equal 'updated' ---------------------------------------------------


def test_a_file_without_documents_keeps_stored_paths_and_titles(store: Store, doc_a: Document):
    store.add(doc_a, 0, 9, "claim")
    other = rec(id="11111111-1111-1111-1111-111111111111", start=10, end=15, author="alice")
    other.update(quote=doc_a.text[10:15], suffix="")
    for text in (native([other], None), native([other], []), jsonl(other)):
        import_text(store, text, "x", search_disk=False)
    (info,) = store.documents()
    assert (info.path, info.title) == (doc_a.path, doc_a.title)
    assert {(a.doc_path, a.doc_title) for a in store.annotations()} == {(doc_a.path, doc_a.title)}


@pytest.mark.e2e  # runs the installed command
def test_an_edit_with_an_equal_updated_time_is_a_conflict(tagged: Path, tmp_path: Path):
    with Store.open(tagged, user="alice") as s:
        mine = next(a for a in s.annotations() if a.author == "alice")
    edited = json.loads(json.dumps(rec(**{k: getattr(mine, k) for k in ("id", "doc", "start")})))
    edited.update(end=mine.end, quote=mine.quote, label=mine.label, note="changed", author="alice")
    edited.update(
        created=mine.created, updated=mine.updated, prefix=mine.prefix, suffix=mine.suffix
    )
    path = tmp_path / "edit.jsonl"
    path.write_text(jsonl(edited))
    before = file_state(tagged)
    proc = run_cli(["import", str(path), "--db", str(tagged), "--user", "alice"])
    assert_one_line_error(proc, 1)
    assert "same 'updated' time" in proc.stderr and "neither is newer" in proc.stderr
    assert file_state(tagged) == before
    # The same record, unedited, is "unchanged"; an older copy is "kept".
    edited["note"] = mine.note
    path.write_text(jsonl(edited))
    ok = run_cli(["import", str(path), "--db", str(tagged), "--user", "alice"])
    assert ok.returncode == 0 and "1 unchanged" in ok.stdout


# --- re-anchoring keeps what was tagged; fuzzy placements are applied --------------------------


def test_reanchoring_keeps_quote_prefix_and_suffix_and_applies_fuzzy(
    tmp_path: Path, store: Store
) -> None:
    moved_at = ARTICLE_A.index("42 people")
    store.add(A, moved_at, moved_at + 9, "figure")
    fuzzy_at = ARTICLE_A.index("Witnesses disputed the figure")
    store.add(A, fuzzy_at, fuzzy_at + len("Witnesses disputed the figure"), "claim")
    exported = {(a.quote, a.prefix, a.suffix) for a in store.annotations()}
    from io import StringIO

    from newsreader.store.exchange import export_annotations

    out = StringIO()
    export_annotations(store, "json", out)
    edited = "Correction appended.\n" + ARTICLE_A.replace(
        "Witnesses disputed the figure", "Witnesses disputed that figure"
    )
    new = doc(edited, "corpus/a.txt")
    with Store.open(tmp_path / "fresh.db", user="alice") as fresh:
        report = import_text(fresh, out.getvalue(), "x.json", documents=[new])
        assert (report.reanchored, report.fuzzy, report.orphaned) == (1, 1, 0)
        assert "1 re-anchored, 1 placed fuzzily" in report.summary()
        anns = fresh.annotations()
        assert {(a.quote, a.prefix, a.suffix) for a in anns} == exported
        assert {a.doc for a in anns} == {new.id}
        placed = {a.label: edited[a.start : a.end] for a in anns}
        assert placed["figure"] == "42 people"
        assert placed["claim"] == "Witnesses disputed that figure"
        again = import_text(fresh, out.getvalue(), "x.json", documents=[new])
        assert again.unchanged == 2


def test_offsets_that_do_not_fit_the_quote_are_placed_by_it(store: Store) -> None:
    at = ARTICLE_A.index("Geneva")
    text = jsonl(rec(start=0, end=9, quote="Geneva", suffix=""))
    report = import_text(store, text, "x.jsonl", documents=[A])
    (ann,) = store.annotations()
    assert ARTICLE_A[ann.start : ann.end] == "Geneva" and ann.start == at
    assert report.reanchored == 1


# --- format by option or extension -------------------------------------------------------------


def test_format_from_option_then_extension(store: Store, tmp_path: Path) -> None:
    text = jsonl(rec())
    with pytest.raises(ImportFailed, match="JSON Lines\\? use --format jsonl"):
        import_text(store, text + text.replace(ID, "11111111-1111-1111-1111-111111111111"),
                    "tags.json", search_disk=False)  # fmt: skip
    report = import_text(store, text, "tags.txt", search_disk=False, fmt="jsonl")
    assert report.format == "jsonl" and report.added == 1
    with pytest.raises(ImportFailed, match="CSV is for spreadsheets"):
        import_text(store, text, "tags.csv", search_disk=False)


def test_a_quote_of_white_space_is_a_quote(store: Store) -> None:
    at = ARTICLE_A.index(" ")
    report = import_text(store, jsonl(rec(start=at, end=at + 1, quote=" ")), "x.jsonl")
    assert report.added == 1 and store.annotations()[0].quote == " "


def test_a_file_over_the_size_limit_is_refused_unread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newsreader.store import importing

    monkeypatch.setattr(importing, "MAX_FILE_BYTES", 1000)
    path = tmp_path / "big.jsonl"
    path.write_text(jsonl(rec(note="n" * 2000)))
    with pytest.raises(ImportFailed, match="larger than"):
        importing.read_import_file(path)


@pytest.mark.e2e  # runs the installed command
def test_no_escape_sequence_from_a_file_reaches_the_terminal(tagged: Path, tmp_path: Path):
    evil = "\x1b]0;owned\x07\x1b[2J\u202e" + "x" * 80
    item = {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "type": "Annotation",
        "id": "urn:uuid:" + ID,
        "body": {"type": "TextualBody", "purpose": "tagging", "value": evil},
        "target": {
            "source": f"urn:newsreader:doc:{A.id}",
            "selector": [
                {"type": "TextQuoteSelector", "exact": "Ceasefire"},
                {"type": "TextPositionSelector", "start": 0, "end": 9},
            ],
        },
    }
    elsewhere = {
        "source": f"http://{evil}/",
        "selector": {"type": "TextQuoteSelector", "exact": "x"},
    }
    path = tmp_path / "evil.jsonld"
    path.write_text(json.dumps([item]))
    refused = run_cli(["import", str(path), "--db", str(tagged)])
    assert_one_line_error(refused, 2)
    assert "label is longer than 64 characters" in refused.stderr
    path.write_text(json.dumps([{**item, "id": "http://x/2", "target": elsewhere}]))
    skipped = run_cli(["import", str(path), "--db", str(tagged)])
    assert skipped.returncode == 0 and "no article matches" in skipped.stderr
    for output in (refused.stderr, skipped.stderr, skipped.stdout):
        assert "\x1b" not in output and "\x07" not in output and "\u202e" not in output
        assert "owned" in output or output == skipped.stdout


@pytest.mark.parametrize(
    "field, size, limit",
    [("quote", 100_001, "100,000"), ("prefix", 1_001, "1,000"), ("suffix", 1_001, "1,000"),
     ("author", 65, "64"), ("label", 65, "64")],
)  # fmt: skip
def test_each_documented_limit(store: Store, field: str, size: int, limit: str) -> None:
    record = rec(**{field: "q" * size})
    if field == "quote":
        record["end"] = size
    with pytest.raises(ImportFailed) as caught:
        import_text(store, jsonl(record), "x.jsonl", search_disk=False, keep_authors=True)
    assert caught.value.problems == [
        f"x.jsonl: line 1: '{field}' is longer than {limit} characters ({size:,})"
    ]
