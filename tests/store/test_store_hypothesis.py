"""Hypothesis files as Hypothesis writes them (issue 12, item 7): its API JSON (one
annotation, ``GET /api/annotations/{id}``, and a search result ``{"total", "rows"}``) and its
JSON-LD (``/api/annotations/{id}.jsonld``), following the shapes of h's presenters
(``h/presenters/annotation_json.py``, ``annotation_jsonld.py``) and its API documentation."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from store_helpers import ARTICLE_A, assert_one_line_error, run_cli

from newsreader.core.corpus import load_corpus
from newsreader.store import Store
from newsreader.store.exchange import import_text

URL = "https://www.example.com/news/ceasefire-talks"
QUOTE = "Witnesses disputed the figure"
AT = ARTICLE_A.index(QUOTE)
H_ID = "Qp1mS0XBEe6ZK1Nqdhf5jg"


def api_annotation(
    h_id: str = H_ID, uri: str = URL + "/#comments", **changes: object
) -> dict[str, object]:
    """One annotation as ``GET /api/annotations/{id}`` returns it."""
    row: dict[str, object] = {
        "id": h_id,
        "created": "2024-03-05T14:21:09.123456+00:00",
        "updated": "2024-03-05T14:25:41.654321+00:00",
        "user": "acct:alice@hypothes.is",
        "uri": uri,
        "text": "The toll is **contested**: see the [ministry](https://example.org) release.",
        "tags": ["disputed", "toll"],
        "group": "__world__",
        "permissions": {
            "read": ["group:__world__"],
            "admin": ["acct:alice@hypothes.is"],
            "update": ["acct:alice@hypothes.is"],
            "delete": ["acct:alice@hypothes.is"],
        },
        "target": [
            {
                "source": uri,
                "selector": [
                    {
                        "type": "RangeSelector",
                        "endOffset": 52,
                        "startOffset": 23,
                        "endContainer": "/main[1]/article[1]/p[2]",
                        "startContainer": "/main[1]/article[1]/p[2]",
                    },
                    {"type": "TextPositionSelector", "start": 1893, "end": 1922},
                    {
                        "type": "TextQuoteSelector",
                        "exact": QUOTE,
                        "prefix": ARTICLE_A[AT - 32 : AT],
                        "suffix": ARTICLE_A[AT + len(QUOTE) : AT + len(QUOTE) + 32],
                    },
                ],
            }
        ],
        "document": {"title": ["Ceasefire talks collapse in the north | Example News"]},
        "links": {
            "html": f"https://hypothes.is/a/{h_id}",
            "incontext": f"https://hyp.is/{h_id}/www.example.com/news/ceasefire-talks/",
            "json": f"https://hypothes.is/api/annotations/{h_id}",
        },
        "user_info": {"display_name": "Alice Example"},
        "flagged": False,
        "hidden": False,
    }
    row.update(changes)
    return row


def jsonld(h_id: str = H_ID) -> dict[str, object]:
    """The same annotation as ``GET /api/annotations/{id}.jsonld`` returns it."""
    api = api_annotation(h_id)
    target = api["target"][0]  # type: ignore[index]
    return {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "type": "Annotation",
        "id": f"https://hypothes.is/a/{h_id}",
        "created": "2024-03-05T14:21:09.123456+00:00",
        "modified": "2024-03-05T14:25:41.654321+00:00",
        "creator": "acct:alice@hypothes.is",
        "body": [
            {"type": "TextualBody", "value": api["text"], "format": "text/markdown"},
            {"type": "TextualBody", "value": "disputed", "purpose": "tagging"},
            {"type": "TextualBody", "value": "toll", "purpose": "tagging"},
        ],
        "target": [
            {
                "source": target["source"],
                "selector": [
                    {
                        "type": "XPathSelector",
                        "value": "/main[1]/article[1]/p[2]",
                        "refinedBy": {"type": "TextPositionSelector", "start": 23, "end": 52},
                    },
                    target["selector"][1],
                    target["selector"][2],
                ],
            }
        ],
    }


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "ceasefire.md").write_text(
        f"---\ntitle: Ceasefire talks collapse in the north\nurl: {URL}\n---\n{ARTICLE_A}"
    )
    (folder / "other.md").write_text("---\nurl: https://example.com/other\n---\nOther text.\n")
    return folder


@pytest.mark.e2e  # runs the installed command
def test_one_api_annotation(corpus: Path, tmp_path: Path) -> None:
    path = tmp_path / "annotation.json"
    path.write_text(json.dumps(api_annotation(), indent=2))
    db = tmp_path / "h.db"
    proc = run_cli(
        ["import", str(path), "--db", str(db), "--corpus", str(corpus), "--user", "alice"]
    )
    assert proc.returncode == 0, proc.stderr
    assert "1 added" in proc.stdout and "(hypothesis)" in proc.stdout
    assert "1 tag(s) beyond each annotation's first not kept" in proc.stdout
    (article,) = [d for d in load_corpus(corpus).documents if d.url == URL]
    with Store.open(db) as s:
        (ann,) = s.annotations()
    assert article.text[ann.start : ann.end] == QUOTE  # placed by the quote, not 1893
    assert (ann.doc, ann.label, ann.author) == (article.id, "disputed", "alice")
    assert ann.note == api_annotation()["text"]
    assert ann.created == "2024-03-05T14:21:09.123456Z"
    assert ann.updated == "2024-03-05T14:25:41.654321Z"


def test_jsonld_keeps_the_comment_and_the_author_and_is_the_same_row(
    corpus: Path, tmp_path: Path
) -> None:
    documents = load_corpus(corpus).documents
    with Store.open(tmp_path / "h.db", user="alice") as s:
        first = import_text(s, json.dumps(jsonld()), "a.jsonld", documents=documents)
        assert first.added == 1 and first.format == "w3c"
        (ann,) = s.annotations()
        assert ann.note == api_annotation()["text"]  # the body with no purpose
        assert (ann.author, ann.label) == ("alice", "disputed")
        again = import_text(s, json.dumps(api_annotation()), "a.json", documents=documents)
        assert again.unchanged == 1 and s.count() == 1  # the API JSON of it: the same row


@pytest.mark.e2e  # runs the installed command
def test_a_search_result_skips_what_is_not_a_span_here(corpus: Path, tmp_path: Path) -> None:
    page_note = api_annotation("PageNoteAAAAAAAAAAAAAA", target=[{"source": URL}], tags=[])
    reply = api_annotation("ReplyAAAAAAAAAAAAAAAAA", references=[H_ID], tags=[])
    elsewhere = api_annotation("ElsewhereAAAAAAAAAAAAA", uri="https://elsewhere.example/x")
    elsewhere["target"][0]["source"] = "https://elsewhere.example/x"  # type: ignore[index]
    plain = api_annotation("PlainAAAAAAAAAAAAAAAAA", tags=[], text="")
    rows = [api_annotation(), page_note, reply, elsewhere, plain]
    path = tmp_path / "search.json"
    path.write_text(json.dumps({"total": len(rows), "rows": rows}))
    db = tmp_path / "h.db"
    args = ["import", str(path), "--db", str(db), "--corpus", str(corpus), "--user", "alice"]
    proc = run_cli(args)
    assert proc.returncode == 0, proc.stderr
    assert "2 added" in proc.stdout and "3 skipped" in proc.stdout
    assert "row 2: a page note" in proc.stderr and "row 3: a reply" in proc.stderr
    assert "row 4: no article matches 'https://elsewhere.example/x'" in proc.stderr
    with Store.open(db) as s:
        assert sorted(a.label for a in s.annotations()) == ["disputed", "highlight"]


@pytest.mark.e2e  # runs the installed command
def test_someone_elses_hypothesis_annotations_need_keep_authors(
    corpus: Path, tmp_path: Path
) -> None:
    path = tmp_path / "annotation.json"
    path.write_text(json.dumps(api_annotation(user="acct:carol@example.org")))
    db = tmp_path / "h.db"
    args = ["import", str(path), "--db", str(db), "--corpus", str(corpus), "--user", "alice"]
    line = assert_one_line_error(run_cli(args), 1)
    assert "nothing was imported" in line
    ok = run_cli([*args, "--keep-authors"])
    assert ok.returncode == 0, ok.stderr
    with Store.open(db) as s:
        assert [a.author for a in s.annotations()] == ["carol@example.org"]
