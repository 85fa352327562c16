"""`newsreader analyze` as a user runs it: a real process, its stdout, stderr and exit status."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e  # every test runs the installed command, each in its own process

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "newsreader", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
    )


@pytest.fixture(scope="module")
def corpus_stdout() -> str:
    proc = run("analyze", "--json")
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


@pytest.fixture(scope="module")
def corpus_json(corpus_stdout: str) -> dict:  # type: ignore[type-arg]
    return json.loads(corpus_stdout)  # type: ignore[no-any-return]


def test_json_is_byte_for_byte_the_engines_before_the_lean_engine(corpus_stdout: str) -> None:
    # tests/data/analyze_corpus.json was written by the engine before issue 13's lean engine
    # (arrays, numpy seeds, the collector paused, mentions as rows, streamed JSON), with its
    # timings emptied: everything up to the timings must be the same characters.
    golden = (ROOT / "tests" / "data" / "analyze_corpus.json").read_text(encoding="utf-8")
    assert '"passages": [\n' in golden and '"mentions": [\n' in golden  # not an empty run
    cut = '\n "timings": '
    assert corpus_stdout[: corpus_stdout.index(cut)] == golden[: golden.index(cut)]
    assert json.loads(corpus_stdout)["timings"]  # and the timings are there, as before


def test_json_has_the_documented_shape(corpus_json: dict) -> None:  # type: ignore[type-arg]
    assert corpus_json["version"] == 1
    for key in ("documents", "passages", "mentions", "quantities", "stories", "skipped"):
        assert isinstance(corpus_json[key], list), key
    assert {tuple(sorted(d)) for d in corpus_json["documents"]} == {
        ("author", "date", "id", "length", "notes", "outlet", "path", "title", "url")
    }
    # The bundled corpus's metadata.csv gives each article its outlet and date.
    assert {d["outlet"] for d in corpus_json["documents"]} == {
        "RFE/RL",
        "AMN",
        "AFP",
        "Financial Times",
    }
    assert all(d["date"].startswith("2020-10-0") for d in corpus_json["documents"])
    texts = {
        d["id"]: (ROOT / d["path"]).read_text(encoding="utf-8") for d in corpus_json["documents"]
    }
    for d in corpus_json["documents"]:
        assert d["length"] == len(texts[d["id"]])
    for p in corpus_json["passages"]:
        assert isinstance(p["score"], float) and len(p["spans"]) >= 2
        for s in p["spans"]:
            assert s["text"] == texts[s["doc"]][s["start"] : s["end"]]
    ids = set()
    for m in corpus_json["mentions"]:
        assert m["text"] == texts[m["doc"]][m["start"] : m["end"]]
        assert m["kind"] in {"count", "year", "date", "ordinal", "other"}
        assert m["low"] is None or isinstance(m["low"], (int, float))
        ids.add(m["id"])
    doc_of = {m["id"]: m["doc"] for m in corpus_json["mentions"]}
    for q in corpus_json["quantities"]:
        assert q["status"] in {"agree", "differ", "conflict", "updated"}
        assert set(q["mentions"]) <= ids
        assert len({doc_of[m] for m in q["mentions"]}) >= 2
    assert [sorted(s["documents"]) for s in corpus_json["stories"]] == [sorted(texts)]


def test_death_tolls_are_flagged(corpus_json: dict) -> None:  # type: ignore[type-arg]
    texts = {m["id"]: m["text"] for m in corpus_json["mentions"]}

    def figures(status: str) -> list[list[str]]:
        return [
            [texts[m] for m in q["mentions"]]
            for q in corpus_json["quantities"]
            if q["status"] == status
        ]

    conflicts = figures("conflict")
    # Same-day reports that cannot both hold: RFE/RL's "more than 100" and the FT's "dozens"
    # on 1 October; and a later report below an earlier one (23 civilians, then 13).
    assert any(any("ozens" in t for t in c) and any("100" in t for t in c) for c in conflicts)
    assert ["23", "13"] in conflicts
    # Armenia's military deaths: 104 on 1 October (RFE/RL), 158 on 2 October (AFP, which adds
    # "54 more of its troops"): a revised running count, in date order.
    assert ["104", "158"] in figures("updated")


def test_summary_is_readable(tmp_path: Path) -> None:
    proc = run("analyze")
    assert proc.returncode == 0, proc.stderr
    assert "Shared passages:" in proc.stdout
    assert "CONFLICT" in proc.stdout
    assert "104" in proc.stdout and "158" in proc.stdout


def test_missing_folder_is_one_line_and_status_2(tmp_path: Path) -> None:
    proc = run("analyze", str(tmp_path / "nope"))
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr.count("\n") == 1 and "corpus folder not found" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_folder_without_articles_is_status_2(tmp_path: Path) -> None:
    (tmp_path / "image.png").write_bytes(b"\x89PNG")
    proc = run("analyze", str(tmp_path))
    assert proc.returncode == 2
    assert "no article" in proc.stderr and "Traceback" not in proc.stderr


def test_bad_option_is_status_2() -> None:
    proc = run("analyze", "--min-similarity", "2")
    assert proc.returncode == 2
    assert "between 0 and 1" in proc.stderr and "Traceback" not in proc.stderr


def test_skipped_files_are_reported_and_control_chars_never_printed(tmp_path: Path) -> None:
    (tmp_path / "evil.txt").write_text(
        "Evil \x1b]0;pwned\x07 title\n\nThe \x1b[2J storm killed 12 people on Monday.\n"
    )
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01\x02" * 100)
    proc = run("analyze", str(tmp_path))
    assert proc.returncode == 0, proc.stderr
    assert "bin.txt" in proc.stderr and "binary" in proc.stderr
    assert "\x1b" not in proc.stdout and "\x07" not in proc.stdout
    assert "\x1b" not in proc.stderr
    proc = run("analyze", "--json", str(tmp_path))
    data = json.loads(proc.stdout)
    assert [s["reason"] for s in data["skipped"]] == ["binary file (NUL bytes)"]
    assert "\x1b" not in proc.stdout
    assert data["documents"][0]["title"].startswith("Evil \x1b]0;pwned")


def test_help_lists_subcommands() -> None:
    proc = run("--help")
    assert proc.returncode == 0
    assert "analyze" in proc.stdout


def test_large_corpus_through_python_m(tmp_path: Path) -> None:
    """At 1 MB and more, numbers are extracted in a second ("spawn") process: the command
    line gives the same, complete result through that path."""
    articles = sorted((ROOT / "corpus").glob("*.txt"))
    for i in range(70):
        for src in articles:
            text = src.read_text(encoding="utf-8")
            (tmp_path / f"{i:03d}_{src.name}").write_text(f"Edition {i}\n\n{text}", "utf-8")
    assert sum(f.stat().st_size for f in tmp_path.iterdir()) > 1_000_000
    proc = run("analyze", "--json", str(tmp_path))
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    data = json.loads(proc.stdout)
    assert len(data["documents"]) == 280
    assert data["mentions"]


def test_reading_progress_is_shown_on_a_terminal_only(tmp_path: Path) -> None:
    """On a terminal, analyze shows how far reading the files has come, then erases it; in a
    pipe it prints nothing of the kind."""
    import os
    import pty

    master, slave = pty.openpty()
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "newsreader", "analyze", str(ROOT / "corpus")],
            stdout=subprocess.DEVNULL,
            stderr=slave,
            timeout=120,
        )
        os.close(slave)
        seen = b""
        while True:
            try:
                chunk = os.read(master, 4096)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
    finally:
        os.close(master)
    assert proc.returncode == 0
    assert b"reading files 1/4" in seen and seen.endswith(b"\r\x1b[K")
    piped = run("analyze", str(ROOT / "corpus"))
    assert "reading files" not in piped.stderr
