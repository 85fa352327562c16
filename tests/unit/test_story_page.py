"""``newsreader report``: the story page's content, its safety with hostile text, its errors."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from newsreader.cli import main
from newsreader.core.analysis import analyze
from newsreader.core.corpus import load_corpus
from newsreader.core.story_page import CSP, Tag, render
from newsreader.store import Store

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"

HOSTILE = (
    'Breaking <script>alert("x")</script> <img src="http://127.0.0.1:9/leak.png"> '
    '<link rel="stylesheet" href="http://127.0.0.1:9/x.css"> \x1b[31mred\x1b[0m '
    "&amp; <style>body{background:url(http://127.0.0.1:9/bg)}</style>\n\n"
)


def test_the_page_has_the_articles_passages_conflicts_sources_and_edits() -> None:
    result = analyze(load_corpus(CORPUS))
    page = render(result, title="Karabakh")
    assert f'<meta http-equiv="Content-Security-Policy" content="{CSP}">' in page
    for d in result.documents:
        assert f'<h3 class="title">{d.title.replace(chr(39), "&#x27;")}</h3>' in page
    assert page.count('class="card passage-card"') == len(result.passages)
    assert "From [1] RFE/RL, credited: “This article was originally published by Radio Free" in page
    assert (
        '<span class="conflict" title="conflict: 23 civilians killed (Armenia)">23</span>' in page
    )
    assert "<td>replace</td><td><del>mountain</del></td><td><ins>mountainous</ins></td>" in page
    assert page.count('<svg class="chart"') == len(result.quantities)
    assert '<svg class="timeline"' in page  # 1 and 2 October
    assert "<script" not in page and "src=" not in page


def test_hostile_text_is_shown_as_text(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    rfe = corpus / "000_e93cb827ff4b5212.txt"
    rfe.write_text(HOSTILE + rfe.read_text(encoding="utf-8"), encoding="utf-8")
    (corpus / "metadata.csv").write_text(
        (corpus / "metadata.csv").read_text().replace("RFE/RL,", '"RFE/RL""><b>x</b>",')
    )
    result = analyze(load_corpus(corpus))
    tags = [Tag(result.documents[0].id, 0, 8, "<i>label</i>", 'note "</td>', "eve", "red;x:y")]
    page = render(result, tags)
    body = page.split("</style>", 1)[1]
    assert re.findall(r"<(script|img|link|style|b|i)\b", body) == []
    assert "&lt;script&gt;" in body and "alert(&quot;x&quot;)" in body
    assert "&lt;img src=&quot;http://127.0.0.1:9/leak.png&quot;&gt;" in body
    assert "\x1b" not in page and "␛[31mred" in body
    assert "&amp;amp;" in body  # an entity in the article is shown as typed
    assert "&lt;i&gt;label&lt;/i&gt;" in body and "red;x:y" not in body


def _tagged_db(tmp_path: Path) -> Path:
    db = tmp_path / "team.db"
    doc = load_corpus(CORPUS).documents[0]
    start = doc.text.index("104")
    with Store.open(db, user="alice") as store:
        store.add_label("figure", "#d81b60", "bold")
        store.add(doc, start, start + 3, "figure", "AFP says 158 a day later")
    return db


def test_report_command_writes_the_page_with_the_tags(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = _tagged_db(tmp_path)
    before = db.read_bytes()
    out = tmp_path / "story.html"
    assert main(["report", str(CORPUS), "--out", str(out), "--db", str(db)]) == 0
    page = out.read_text(encoding="utf-8")
    assert "<td>figure</td><td>104</td><td>AFP says 158 a day later</td><td>alice</td>" in page
    with Store.open(db, create=False, read_only=True) as store:
        color = next(label.color for label in store.labels() if label.name == "figure")
    assert f'tag figure: AFP says 158 a day later (alice)" style="--tag:{color}">104</span>' in page
    assert "Story report: Azerbaijan, Karabakh" in page
    assert "1 tags" in capsys.readouterr().err
    assert db.read_bytes() == before  # read-only: nothing written to the database
    assert not list(tmp_path.glob(".story.html.*"))  # no temporary file left


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["/no/such/folder", "--out", "{tmp}/a.html"], "corpus folder not found"),
        ([str(CORPUS), "--out", ""], "--out needs a path"),
        ([str(CORPUS), "--out", "{tmp}/missing/a.html"], "folder"),
        ([str(CORPUS), "--out", "{tmp}"], "is a folder"),
        ([str(CORPUS), "--out", "{tmp}/a.html", "--db", "{tmp}/none.db"], "no annotation database"),
        ([str(CORPUS), "--out", "{tmp}/a.html", "--db", "{tmp}/junk.db"], "not a SQLite database"),
    ],
)
def test_bad_input_is_one_line_and_changes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    (tmp_path / "junk.db").write_text("not a database")
    (tmp_path / "a.html").write_text("the earlier report")
    status = main(["report", *(a.replace("{tmp}", str(tmp_path)) for a in args)])
    err = capsys.readouterr().err
    assert status == 2
    assert message in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert (tmp_path / "a.html").read_text() == "the earlier report"
    assert (tmp_path / "junk.db").read_text() == "not a database"


def test_without_a_database_the_report_has_no_tags(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NEWSREADER_DB", raising=False)
    assert main(["report", str(CORPUS), "--out", "story.html"]) == 0
    assert "<h2>Tags (0)</h2>" in (tmp_path / "story.html").read_text(encoding="utf-8")
    assert not (tmp_path / "annotations.db").exists()  # none created


def test_registering_report_imports_neither_engine_nor_store() -> None:
    code = (
        "import sys\n"
        "from newsreader.cli import build_parser\n"
        "build_parser()\n"
        "heavy = ('newsreader.core.story_page', 'newsreader.core.analysis', 'newsreader.store')\n"
        "print(sorted(m for m in sys.modules if m.startswith(heavy)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
