"""Bad arguments to the store commands (issue 11): one line on stderr, exit status 2 for bad
input, never exit status 0 with an empty result."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from store_helpers import ARTICLE_A, assert_one_line_error, doc, run_cli

pytestmark = pytest.mark.e2e  # every test runs the installed command, each in its own process

# --- 2. an unknown document is an error, not an empty export -----------------------------------


@pytest.mark.parametrize("command", ["export", "tags"])
def test_unknown_document_is_bad_input(tagged: Path, tmp_path: Path, command: str) -> None:
    out = tmp_path / "out.json"
    args = [command, "--db", str(tagged), "--doc", "nosuch"]
    proc = run_cli([*args, "--out", str(out)] if command == "export" else args)
    line = assert_one_line_error(proc, 2)
    assert "nosuch" in line and "document" in line
    assert proc.stdout == "" and not out.exists()


def test_document_by_id_or_path(tagged: Path) -> None:
    a = doc(ARTICLE_A, "corpus/a.txt")
    for key in (a.id, "corpus/a.txt", "./corpus/a.txt"):
        proc = run_cli(["export", "--db", str(tagged), "--doc", key, "--format", "jsonl"])
        assert proc.returncode == 0, proc.stderr
        assert len(proc.stdout.splitlines()) == 2, key


def test_unknown_label_is_bad_input(tagged: Path) -> None:
    for command in ("export", "tags", "agreement"):
        line = assert_one_line_error(run_cli([command, "--db", str(tagged), "--label", "nope"]), 2)
        assert "nope" in line and "claim" in line  # names the labels there are
    # A label that exists but has no tag is an empty result, not an error.
    proc = run_cli(["tags", "--db", str(tagged), "--label", "figure", "--json"])
    assert proc.returncode == 0 and json.loads(proc.stdout) == []


# --- other bad arguments ----------------------------------------------------------------------


@pytest.mark.parametrize("value", ["-1", "nan", "inf", "soon"])
def test_bad_timeout_is_a_usage_error(tagged: Path, value: str) -> None:
    proc = run_cli(["tags", "--db", str(tagged), "--timeout", value])
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "--timeout" in proc.stderr


@pytest.mark.parametrize(
    ("args", "status"),
    [
        (["tags", "--db", "/"], 2),
        (["tags", "--db", ""], 2),
        (["export", "--db", "{db}", "--out", ""], 2),
        (["export", "--format", "nope"], 2),
        (["export", "--db", "{db}", "--out", "{tmp}"], 1),
        (["export", "--db", "{db}", "--out", "{tmp}/no/such/file"], 1),
        (["agreement", "--db", "{db}", "--corpus", "{tmp}/none"], 2),
    ],
)
def test_bad_arguments_never_succeed(
    tagged: Path, tmp_path: Path, args: list[str], status: int
) -> None:
    proc = run_cli([a.format(db=tagged, tmp=tmp_path) for a in args], cwd=tmp_path)
    assert proc.returncode == status, proc.stderr
    assert "Traceback" not in proc.stderr and proc.stderr.strip()
