"""Hostile and odd inputs to the loader and the analysis: each is a reason, never a traceback,
and what is loaded is right (found by review; each test failed before its fix)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from newsreader.core.analysis import AnalysisOptions, analyze
from newsreader.core.corpus import load_corpus
from newsreader.core.report import dumps, to_json

ROOT = Path(__file__).resolve().parents[2]
SERIAL = AnalysisOptions(parallel=False)
STORY = (
    "Flood waters rose across the valley on Monday, officials said, and 40 people were "
    "killed as rivers burst their banks after a week of heavy rain in the region.\n"
)


def _strict(text: str) -> object:
    def refuse(constant: str) -> object:
        raise ValueError(f"not JSON: {constant}")

    return json.loads(text, parse_constant=refuse)


@pytest.mark.e2e  # runs the installed command
def test_a_number_too_large_for_a_float_is_no_figure(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(
        "Flood\n\nThe flood killed " + "9" * 309 + " people on Monday. The storm cost $"
        + "9" * 300 + " trillion. " + STORY
    )  # fmt: skip
    proc = subprocess.run(
        [sys.executable, "-m", "newsreader", "analyze", str(tmp_path), "--json"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    data = _strict(proc.stdout)  # no Infinity: valid JSON for every parser
    assert isinstance(data, dict)
    assert [m["text"] for m in data["mentions"]] == ["40"]


def test_a_feed_that_breaks_the_parser_is_skipped_with_its_reason(tmp_path: Path) -> None:
    (tmp_path / "f.rss").write_text(
        '<rss version="2.0"><channel><title>T</title><item><title>x</title>'
        "<description>Storm kills 4 &#xD800;</description></item></channel></rss>"
    )
    (tmp_path / "ok.txt").write_text(STORY)
    corpus = load_corpus(tmp_path)
    assert [Path(d.path).name for d in corpus.documents] == ["ok.txt"] or len(
        corpus.documents
    ) == 2  # a parser may also read past the bad reference; it must not crash
    for s in corpus.skipped:
        assert "unreadable feed" in s.reason or "no text" in s.reason


def test_a_metadata_csv_with_a_huge_field_is_a_reason(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(STORY)
    (tmp_path / "metadata.csv").write_text('file,title\na.txt,"' + "x" * 200_000 + '"\n')
    corpus = load_corpus(tmp_path)
    assert len(corpus.documents) == 1
    (problem,) = corpus.skipped
    assert problem.path.endswith("metadata.csv") and "unreadable metadata.csv" in problem.reason


def test_a_damaged_cache_entry_of_our_shape_is_extracted_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSREADER_CACHE", str(tmp_path / "cache"))
    folder = tmp_path / "pages"
    folder.mkdir()
    body = "".join(f"<p>{STORY} Paragraph {i}.</p>" for i in range(4))
    (folder / "p.html").write_text(f"<html><body><article>{body}</article></body></html>")
    first = load_corpus(folder)
    for damage in ({"text": 5}, {"title": ["x"]}, {"notes": "x"}, {"where": None}):
        (entry,) = (tmp_path / "cache").rglob("*.json")
        data = json.loads(entry.read_text())
        data["value"]["articles"][0].update(damage)
        entry.write_text(json.dumps(data))
        again = load_corpus(folder)
        assert again.documents == first.documents, damage


def test_metadata_that_is_not_text_is_reported(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text(
        json.dumps([{"text": STORY, "title": 7, "outlet": True, "date": 20200101, "id": 3}])
    )
    corpus = load_corpus(tmp_path)
    (doc,) = corpus.documents
    assert (doc.outlet, doc.date) == (None, None)
    reasons = sorted(s.reason for s in corpus.skipped)
    assert reasons == [
        "'date' is not text (int); ignored",
        "'outlet' is not text (bool); ignored",
        "'title' is not text (int); ignored",
    ]


def test_an_empty_json_list_says_so(tmp_path: Path) -> None:
    (tmp_path / "empty.json").write_text("[]")
    (tmp_path / "a.txt").write_text(STORY)
    (skip,) = load_corpus(tmp_path).skipped
    assert skip.reason == "no article in the file"


def test_a_metadata_row_for_a_feed_gives_only_what_fits_every_entry(tmp_path: Path) -> None:
    items = "".join(
        f"<item><title>T{i}</title><link>https://x.example/{i}</link>"
        f"<description>{STORY} Entry {i}.</description></item>"
        for i in range(3)
    )
    (tmp_path / "f.rss").write_text(
        f'<rss version="2.0"><channel><title>Wire</title>{items}</channel></rss>'
    )
    (tmp_path / "metadata.csv").write_text(
        "file,outlet,date,title\nf.rss,Valley Post,2020-10-01,One title\n"
    )
    corpus = load_corpus(tmp_path)
    assert [(d.outlet, d.date, d.title) for d in corpus.documents] == [
        ("Valley Post", None, f"T{i}") for i in range(3)
    ]
    reasons = [s.reason for s in corpus.skipped]
    assert sum("holds several articles" in r for r in reasons) == 1
    assert sum("differs from the file's own" in r for r in reasons) == 1  # once, not thrice


def test_a_file_in_two_metadata_csvs_is_reported(tmp_path: Path) -> None:
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "a.txt").write_text(STORY)
    (tmp_path / "metadata.csv").write_text("file,outlet\nsub/a.txt,Outer\n")
    (sub / "metadata.csv").write_text("file,outlet\na.txt,Inner\n")
    corpus = load_corpus(tmp_path)
    assert corpus.documents[0].outlet == "Outer"  # the first in path order
    assert any("also listed in" in s.reason for s in corpus.skipped)


def _copies(tmp_path: Path, outlets: list[str]) -> list[str]:
    body = "\n\n".join([STORY] * 3 + [f"Paragraph {i}: {STORY}" for i in range(6)])
    rows = ["file,outlet"]
    for i, outlet in enumerate(outlets):
        (tmp_path / f"{i}.txt").write_text(f"Flood\n\nBy the {outlet} staff\n\n{body}\n")
        rows.append(f"{i}.txt,{outlet}")
    (tmp_path / "metadata.csv").write_text("\n".join(rows) + "\n")
    return [Path(d.path).name for d in load_corpus(tmp_path).documents]


def test_a_name_inside_another_outlets_name_is_not_the_same_outlet(tmp_path: Path) -> None:
    # "AP" is inside "The Japan Times" once spelling is folded; their copies are both kept.
    assert _copies(tmp_path, ["AP", "The Japan Times"]) == ["0.txt", "1.txt"]


def test_a_copy_of_a_copy_names_the_article_kept(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    folder.mkdir()
    body = "\n\n".join([STORY] * 3 + [f"Paragraph {i}: {STORY}" for i in range(6)])
    extra = ["", "author: A. Writer\n", "author: A. Writer\ndate: 2020-10-01\n"]
    for i, meta in enumerate(extra):
        (folder / f"{i}.md").write_text(f"---\noutlet: Post\n{meta}---\n\nFlood\n\n{body}\n")
    corpus = load_corpus(folder)
    assert [Path(d.path).name for d in corpus.documents] == ["2.md"]
    kept = {Path(s.path).name: s.reason for s in corpus.skipped}
    assert all("2.md" in reason for reason in kept.values()), kept


def test_json_output_round_trips(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(STORY)
    assert _strict(dumps(to_json(analyze(load_corpus(tmp_path), SERIAL))))
