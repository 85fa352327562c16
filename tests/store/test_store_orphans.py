"""Orphaned tags are listed, not only counted (issue 12, item 9): an import names each tag it
could not place on the article's current text (id and quote, one safe line each), and ``tags
--corpus`` gives every tag its placement (exact, moved, fuzzy, orphaned) as the reader does."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from store_helpers import ARTICLE_A, ARTICLE_B

from newsreader.cli import main
from newsreader.core.corpus import load_corpus
from newsreader.store import Store

KEPT = "42 people"  # still in the edited article, further on: moved
GONE = "Witnesses disputed the figure"  # its sentence deleted: orphaned
HOSTILE = "\x1b[31mred\x1b[0m and \u202eevil"  # a quote as a hostile file may have it
EDITED = "An update was added here.\n\n" + ARTICLE_A.replace(
    " Witnesses disputed the figure and said the real toll was higher.", ""
)


def _record(n: int, text: str, quote: str, path: str, at: int | None = None) -> dict[str, Any]:
    start = text.index(quote) if at is None else at
    return {
        "id": f"{n:08d}-0000-4000-8000-{n:012d}",
        "doc": "0000000000000000",  # the article's id before it was edited: found by path
        "doc_path": path,
        "doc_title": "",
        "start": start,
        "end": start + len(quote),
        "quote": quote,
        "prefix": text[max(0, start - 32) : start],
        "suffix": text[start + len(quote) : start + len(quote) + 32],
        "label": "claim",
        "author": "alice",
        "created": "2026-01-01T00:00:00.000Z",
        "updated": "2026-01-01T00:00:00.000Z",
    }


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.txt").write_text(EDITED)
    return folder


def _import(
    tmp_path: Path, corpus: Path, records: list[dict[str, Any]], capsys: pytest.CaptureFixture[str]
) -> tuple[Path, str]:
    path = tmp_path / "tags.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    db = tmp_path / "tags.db"
    args = ["import", str(path), "--db", str(db), "--corpus", str(corpus), "--user", "alice"]
    assert main(args) == 0
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return db, captured.out + captured.err


def test_an_import_lists_each_orphaned_tag_by_id_and_quote(
    tmp_path: Path, corpus: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a = str(corpus / "a.txt")
    hostile = ARTICLE_A[:40] + HOSTILE + ARTICLE_A[40:]
    records = [
        _record(1, ARTICLE_A, KEPT, a),
        _record(2, ARTICLE_A, GONE, a),
        _record(3, hostile, HOSTILE, a),
        _record(4, ARTICLE_A, ARTICLE_A[40:160], a),  # a long quote, its sentence gone too
    ]
    _, printed = _import(tmp_path, corpus, records, capsys)
    assert "1 re-anchored, 0 placed fuzzily and 3 orphaned" in printed
    orphans = [ln for ln in printed.splitlines() if ln.startswith("newsreader: orphaned:")]
    assert orphans == [
        f"newsreader: orphaned: {tmp_path / 'tags.jsonl'}: id {records[1]['id']}: {GONE!r}",
        f"newsreader: orphaned: {tmp_path / 'tags.jsonl'}: id {records[2]['id']}: "
        "'\\x1b[31mred\\x1b[0m and \\u202eevil'",
        f"newsreader: orphaned: {tmp_path / 'tags.jsonl'}: id {records[3]['id']}: "
        f"{(' '.join(ARTICLE_A[40:160].split())[:59] + '…')!r}",
    ]
    assert "\x1b" not in printed and "\u202e" not in printed


def test_many_orphans_are_listed_up_to_a_bound(
    tmp_path: Path, corpus: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a = str(corpus / "a.txt")
    records = [_record(n, ARTICLE_A, GONE, a) for n in range(1, 26)]
    _, printed = _import(tmp_path, corpus, records, capsys)
    orphans = [ln for ln in printed.splitlines() if ln.startswith("newsreader: orphaned:")]
    assert len(orphans) == 21 and orphans[-1] == "newsreader: orphaned: ... and 5 more"


def test_tags_with_a_corpus_shows_each_tags_placement(
    tmp_path: Path, corpus: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a = str(corpus / "a.txt")
    b_text = ARTICLE_B
    records = [
        _record(1, EDITED, "An update", a),  # on the article as it is: exact
        _record(2, ARTICLE_A, KEPT, a),
        _record(3, ARTICLE_A, GONE, a),
        {**_record(4, b_text, "Reuters", "elsewhere/b.txt"), "doc": "1111111111111111"},
    ]
    (article,) = load_corpus(corpus).documents
    records[0]["doc"] = article.id
    path = tmp_path / "tags.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    db = tmp_path / "tags.db"
    assert main(["import", str(path), "--db", str(db), "--user", "alice"]) == 0
    capsys.readouterr()

    assert main(["tags", "--db", str(db), "--corpus", str(corpus), "--json"]) == 0
    listed = {r["id"][-1]: r for r in json.loads(capsys.readouterr().out)}
    moved_at = EDITED.index(KEPT)
    with Store.open(db, create=False, read_only=True) as store:  # as the reader places them
        status = {p.annotation.id[-1]: p.status for p in store.placed(article)}
    assert status["2"] in ("exact", "moved")  # the same words, further on
    assert {k: r["placement"] for k, r in listed.items()} == {
        "1": {"status": "exact", "start": 0, "end": len("An update")},
        "2": {"status": status["2"], "start": moved_at, "end": moved_at + len(KEPT)},
        "3": {"status": "orphaned", "start": records[2]["start"], "end": records[2]["end"]},
        "4": None,  # its article is not in the corpus
    }

    assert main(["tags", "--db", str(db), "--corpus", str(corpus)]) == 0
    table = capsys.readouterr().out.splitlines()
    assert table[0].split()[:5] == ["ID", "DOCUMENT", "SPAN", "PLACED", "LABEL"]
    placed = {line.split()[0][-1]: line for line in table[1:]}
    cell = "exact" if status["2"] == "exact" else f"moved {moved_at}-{moved_at + len(KEPT)}"
    assert " exact " in placed["1"] and f" {cell} " in placed["2"]
    assert " orphaned " in placed["3"] and " - " in placed["4"]

    assert main(["tags", "--db", str(db), "--json"]) == 0  # without it: no placement
    assert all("placement" not in r for r in json.loads(capsys.readouterr().out))
