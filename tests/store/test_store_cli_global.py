"""Global options before the subcommand (`newsreader --db PATH tags`, issue 11), in a real
process."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from store_helpers import assert_one_line_error, run_cli

pytestmark = pytest.mark.e2e  # every test runs the installed command, each in its own process

# --- 1. global options before the subcommand -------------------------------------------------


@pytest.mark.parametrize(
    "before",
    [
        ["--db", "{db}"],
        ["--db={db}"],
        ["--user", "carol", "--db", "{db}"],
        ["--admin", "--db", "{db}"],
        ["--timeout", "3", "--db", "{db}"],
    ],
)
def test_global_options_before_the_subcommand(tagged: Path, before: list[str]) -> None:
    args = [a.format(db=tagged) for a in before]
    proc = run_cli([*args, "tags", "--json"])
    assert proc.returncode == 0, proc.stderr
    assert len(json.loads(proc.stdout)) == 3


@pytest.mark.parametrize("command", ["export", "agreement"])
def test_db_before_every_store_command(tagged: Path, command: str) -> None:
    proc = run_cli(["--db", str(tagged), command])
    assert proc.returncode == 0, proc.stderr


def test_options_before_and_after_mix(tagged: Path) -> None:
    proc = run_cli(["--user", "bob", "tags", "--db", str(tagged), "--author", "bob", "--json"])
    assert proc.returncode == 0, proc.stderr
    assert [a["author"] for a in json.loads(proc.stdout)] == ["bob"]


def test_an_option_a_command_lacks_is_a_usage_error(tmp_path: Path) -> None:
    proc = run_cli(["--db", str(tmp_path / "x.db"), "analyze", str(tmp_path)])
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "unrecognized arguments: --db" in proc.stderr


def test_a_corpus_named_like_nothing_still_opens_the_reader(tmp_path: Path) -> None:
    # No subcommand after the options: the default command (the reader) gets them all.
    proc = run_cli(["--db", str(tmp_path / "x.db"), str(tmp_path / "missing")])
    assert "corpus folder not found" in assert_one_line_error(proc, 2)
