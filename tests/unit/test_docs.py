"""The README's command reference matches the program, and every command has help."""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

import pytest

from newsreader.cli import build_parser

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


def _subcommands() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def test_the_command_names_the_reader_checks_are_the_registered_ones() -> None:
    # Opening the reader builds its own parser alone, telling commands from corpus folders by
    # this list: a command added without it would open the reader on a folder of its name.
    from newsreader.cli import COMMANDS

    assert set(_subcommands()) == COMMANDS


def test_readme_lists_exactly_the_subcommands() -> None:
    table = README.split("## Commands", 1)[1].split("\n## ", 1)[0]
    documented = set(re.findall(r"`newsreader ([a-z]+)", table))
    assert documented == set(_subcommands())


@pytest.mark.e2e  # runs the installed command
@pytest.mark.parametrize("name", sorted(_subcommands()))
def test_every_command_has_help(name: str) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "newsreader", name, "--help"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("usage: newsreader " + name)
    assert len(proc.stdout.splitlines()) > 3


def test_readme_quick_start_has_two_commands() -> None:
    quick = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"```sh\n(.+?)\n```", quick, re.S)
    assert len(commands) == 2
    ci = (Path(__file__).resolve().parents[2] / ".ci" / "run").read_text()
    assert commands[1].strip() in ci  # CI runs the test command verbatim
