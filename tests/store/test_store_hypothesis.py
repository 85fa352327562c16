"""Hypothesis files as Hypothesis writes them (issue 12, item 7): its API JSON (one
annotation, ``GET /api/annotations/{id}``, and a search result ``{"total", "rows"}``) and its
JSON-LD (``/api/annotations/{id}.jsonld``), following the shapes of h's presenters
(``h/presenters/annotation_json.py``, ``annotation_jsonld.py``) and its API documentation."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
from store_helpers import ARTICLE_A, ARTICLE_B, REPO, assert_one_line_error, run_cli

from newsreader.cli import main
from newsreader.core.corpus import load_corpus
from newsreader.core.model import Document
from newsreader.store import Store
from newsreader.store.exchange import import_text
from newsreader.store.formats.common import stable_id, tag_id
from newsreader.store.formats.hypothesis import WEB

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
    assert "1 annotation(s) read (hypothesis); 2 added" in proc.stdout
    assert "1 tag(s) beyond an annotation's first, each a tag of its own" in proc.stdout
    (article,) = [d for d in load_corpus(corpus).documents if d.url == URL]
    with Store.open(db) as s:
        anns = sorted(s.annotations(), key=lambda a: a.label)
    assert [a.label for a in anns] == ["disputed", "toll"]  # one tag per Hypothesis tag
    assert anns[0].id == stable_id(WEB + H_ID) and anns[1].id == tag_id(WEB + H_ID, "toll")
    for ann in anns:
        assert article.text[ann.start : ann.end] == QUOTE  # placed by the quote, not 1893
        assert (ann.doc, ann.author) == (article.id, "alice")
        assert ann.note == api_annotation()["text"]
        assert ann.created == "2024-03-05T14:21:09.123456Z"
        assert ann.updated == "2024-03-05T14:25:41.654321Z"


def test_jsonld_keeps_the_comment_and_the_author_and_is_the_same_row(
    corpus: Path, tmp_path: Path
) -> None:
    documents = load_corpus(corpus).documents
    with Store.open(tmp_path / "h.db", user="alice") as s:
        first = import_text(s, json.dumps(jsonld()), "a.jsonld", documents=documents)
        assert first.added == 2 and first.format == "w3c" and first.extra_tags == 1
        rows = s.annotations()
        assert {a.note for a in rows} == {api_annotation()["text"]}  # the body with no purpose
        assert {(a.author, a.label) for a in rows} == {("alice", "disputed"), ("alice", "toll")}
        again = import_text(s, json.dumps(api_annotation()), "a.json", documents=documents)
        assert again.unchanged == 2 and s.count() == 2  # the API JSON of it: the same rows


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
    assert "3 added" in proc.stdout and "3 skipped" in proc.stdout
    assert "row 2: a page note" in proc.stderr and "row 3: a reply" in proc.stderr
    assert "row 4: no article matches 'https://elsewhere.example/x'" in proc.stderr
    with Store.open(db) as s:
        assert sorted(a.label for a in s.annotations()) == ["disputed", "highlight", "toll"]


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
        assert [a.author for a in s.annotations()] == ["carol@example.org"] * 2


# ---------------------------------------------------------------------------------------------
# Matching by quote: the page's address is no article's


def _no_address(folder: Path, **texts: str) -> list[Document]:
    folder.mkdir(exist_ok=True)
    for name, text in texts.items():
        (folder / f"{name}.txt").write_text(text)
    return list(load_corpus(folder).documents)


def _skipped(documents: list[Document], *rows: dict[str, object]) -> list[str]:
    with Store.open(Path(tempfile.mkdtemp()) / "h.db", user="alice") as s:
        report = import_text(
            s, json.dumps({"total": len(rows), "rows": list(rows)}), "h.json", documents=documents
        )
        assert report.added == 0 and s.count() == 0
    return report.skipped


def test_a_web_annotation_is_matched_by_its_quote_where_no_address_matches(
    tmp_path: Path,
) -> None:
    documents = _no_address(tmp_path / "corpus", a=ARTICLE_A, b=ARTICLE_B)
    (article,) = [d for d in documents if d.path.endswith("a.txt")]
    with Store.open(tmp_path / "h.db", user="alice") as s:
        report = import_text(s, json.dumps(api_annotation()), "h.json", documents=documents)
        assert (report.added, report.skipped, report.reanchored) == (2, [], 0)
        rows = s.annotations()
        assert {(a.doc, a.start, a.end, a.quote) for a in rows} == {
            (article.id, AT, AT + len(QUOTE), QUOTE)
        }
        again = import_text(s, json.dumps(jsonld()), "h.jsonld", documents=documents)
        assert again.unchanged == 2 and again.added == 0  # the JSON-LD: the same rows


def test_the_bundled_corpus_finds_a_quote_it_holds_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The bundled articles have no addresses: a Hypothesis annotation of another copy of one
    on the web is placed by its quote (the review's file: 'Armenia has recorded 104 ...')."""
    documents = load_corpus(REPO / "corpus").documents
    quote = "Armenia has recorded 104 military deaths"
    (home,) = [d for d in documents if quote in d.text]
    at = home.text.index(quote)
    row = api_annotation(
        uri="https://www.rferl.org/a/putin-macron-call-for-ceasefire/30870000.html",
        tags=["figure"],
        target=[{"source": "https://www.rferl.org/a/putin-macron-call-for-ceasefire/30870000.html",
                 "selector": [{"type": "TextQuoteSelector", "exact": quote,
                               "prefix": "ging in information warfare.\n\n",
                               "suffix": " and 23 civilians killed.\nAzerb"}]}],
    )  # fmt: skip
    path = tmp_path / "h.json"
    path.write_text(json.dumps(row))
    db = tmp_path / "h.db"
    args = ["import", str(path), "--db", str(db), "--corpus", str(REPO / "corpus")]
    assert main([*args, "--user", "alice"]) == 0
    out = capsys.readouterr()
    assert "1 added" in out.out and "skipped" not in out.err
    with Store.open(db) as s:
        (ann,) = s.annotations()
    assert (ann.doc, ann.start, ann.end, ann.label) == (home.id, at, at + len(quote), "figure")


def test_a_quote_that_fits_two_places_is_skipped_and_listed(tmp_path: Path) -> None:
    """A wire story carried by two outlets: the same words in the same context twice."""
    documents = _no_address(tmp_path / "corpus", a=ARTICLE_A, copy=ARTICLE_A + "\nMore.\n")
    (reason,) = _skipped(documents, api_annotation())
    assert reason.startswith(f"row 1: no article matches {URL + '/#comments'!r} by address")
    assert "its quote and context fit 2 places" in reason and "ambiguous" in reason
    assert "a.txt" in reason and "copy.txt" in reason


def test_a_quote_whose_context_differs_is_skipped(tmp_path: Path) -> None:
    elsewhere = ARTICLE_A.replace("according to officials.", "said the army.")
    documents = _no_address(tmp_path / "corpus", a=elsewhere)
    (reason,) = _skipped(documents, api_annotation())
    assert (
        "its quote is in " in reason and "but its context (prefix, suffix) does not match" in reason
    )
    (reason,) = _skipped(_no_address(tmp_path / "other", b=ARTICLE_B), api_annotation())
    assert "its quote is in none of the 1 article(s) with no known address" in reason
    bare = api_annotation()
    bare["target"][0]["selector"][2] = {"type": "TextQuoteSelector", "exact": QUOTE}  # type: ignore[index]
    (reason,) = _skipped(_no_address(tmp_path / "corpus"), bare)
    assert "no prefix or suffix to confirm a place" in reason
    (reason,) = _skipped([], api_annotation())
    assert "no articles to look in (give --corpus)" in reason


def test_an_article_with_another_address_is_another_page(corpus: Path) -> None:
    """Only articles whose address is unknown are searched by quote: the fixture's article
    has its own address, so an annotation of another page with its words is not put on it."""
    (reason,) = _skipped(
        list(load_corpus(corpus).documents), api_annotation(uri="https://mirror.example/x")
    )
    assert "in none of the 0 article(s) with no known address" in reason


def test_whitespace_counts_as_one_space_and_the_quote_is_the_articles(tmp_path: Path) -> None:
    """A quote across paragraphs, as a browser's page gives it (one line break), found in an
    article whose paragraphs are three line breaks apart: stored as the article has it."""
    text = ARTICLE_A.replace(
        "Tuesday, according to officials. Witnesses", "Tuesday.\n\n\nWitnesses"
    )
    documents = _no_address(tmp_path / "corpus", a=text)
    quote = "killed on Tuesday.\nWitnesses disputed"
    start = text.index("killed on Tuesday.")
    row = api_annotation()
    row["target"][0]["selector"][2] = {  # type: ignore[index]
        "type": "TextQuoteSelector", "exact": quote,
        "prefix": "The ministry said 42 people were ", "suffix": " the figure and said",
    }  # fmt: skip
    with Store.open(tmp_path / "h.db", user="alice") as s:
        report = import_text(s, json.dumps(row), "h.json", documents=documents)
        assert report.added == 2
        (ann, _) = s.annotations()
    assert (ann.start, ann.end) == (
        start,
        start + len("killed on Tuesday.\n\n\nWitnesses disputed"),
    )
    assert ann.quote == text[ann.start : ann.end]


def test_context_agrees_up_to_the_articles_edge_with_enough_of_it(tmp_path: Path) -> None:
    """A quote that opens the article: the page's prefix (its menu) is not in the article, and
    agrees up to the article's start; what is left must still be 16 characters or more."""
    quote = "The figure was disputed"
    row = api_annotation(tags=["claim"])
    row["target"][0]["selector"][2] = {  # type: ignore[index]
        "type": "TextQuoteSelector", "exact": quote,
        "prefix": "Home | World | Europe\n", "suffix": ". Done. Related stories: more",
    }  # fmt: skip
    long = _no_address(tmp_path / "long", a="The figure was disputed. Done. Related stories: more.")
    with Store.open(tmp_path / "h.db", user="alice") as s:
        report = import_text(s, json.dumps(row), "h.json", documents=long)
        assert report.added == 1
        (ann,) = s.annotations()
    assert (ann.start, ann.end, ann.quote) == (0, len(quote), quote)
    short = _no_address(tmp_path / "short", a="The figure was disputed. Done.")  # 7 characters
    (reason,) = _skipped(short, row)
    assert "but its context (prefix, suffix) does not match there" in reason
