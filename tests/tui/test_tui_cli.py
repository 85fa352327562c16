"""The reader as the default command: dispatch, errors, and a fast start without Textual."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "newsreader", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        timeout=60,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)},
    )


@pytest.mark.e2e  # runs the installed command
def test_help_lists_subcommands_and_the_reader():
    done = _run("--help")
    assert done.returncode == 0
    assert "read" in done.stdout and "analyze" in done.stdout


@pytest.mark.e2e  # runs the installed command
def test_no_subcommand_opens_the_reader_which_needs_a_terminal():
    done = _run()  # bundled corpus in the project folder, but no terminal here
    assert done.returncode == 2
    assert "needs a terminal" in done.stderr


@pytest.mark.e2e  # runs the installed command
def test_missing_corpus_is_one_line(tmp_path):
    done = _run(str(tmp_path / "nope"), "--db", str(tmp_path / "a.db"))
    assert done.returncode == 2
    assert done.stderr.strip().count("\n") == 0
    assert "corpus folder not found" in done.stderr


def test_db_path_defaults_and_environment(monkeypatch):
    from newsreader.cli import build_parser
    from newsreader.commands.read import db_path

    args = build_parser().parse_args(["read"])
    monkeypatch.delenv("NEWSREADER_DB", raising=False)
    assert db_path(args) == "annotations.db"
    monkeypatch.setenv("NEWSREADER_DB", "/tmp/x.db")
    assert db_path(args) == "/tmp/x.db"
    args = build_parser().parse_args(["read", "--db", "y.db"])
    assert db_path(args) == "y.db"


def test_cli_start_does_not_import_textual():
    code = "import sys, newsreader.cli as c; c.build_parser(); print('textual' in sys.modules)"
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    assert done.stdout.strip() == "False"
