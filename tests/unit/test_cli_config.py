"""``newsreader config`` and bad config files through the real command line (subprocesses)."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e  # every test runs the installed command, each in its own process

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """A private user config folder (``NEWSREADER_CONFIG`` names its settings file)."""
    folder = tmp_path / "home"
    folder.mkdir()
    return folder


def run(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NEWSREADER_CONFIG": str(home / "settings.json")}
    return subprocess.run(
        [sys.executable, "-m", "newsreader", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
        timeout=60,
        env=env,
    )


def corpus_with(tmp_path: Path, config: str | None) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir(exist_ok=True)
    (corpus / "a.txt").write_text("Storm hits coast\n\nTwelve people died.\n", encoding="utf-8")
    if config is not None:
        (corpus / "newsreader.toml").write_text(config, encoding="utf-8")
    return corpus


def test_config_shows_every_value_and_its_source(tmp_path: Path, home: Path) -> None:
    user = home / "config.toml"
    user.write_text('theme = "nord"\n[keymap]\nquit = "ctrl+q"\n', encoding="utf-8")
    corpus = corpus_with(
        tmp_path,
        '[keymap]\n"passage.next" = "j"\n[[labels]]\nname = "casualty figure"\nkey = "1"\n',
    )
    project = corpus / "newsreader.toml"
    done = run(home, "config", str(corpus))
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert f"#   user     {user} (found)" in out
    assert f"#   project  {project} (found)" in out
    lines = out.splitlines()

    def line(start: str) -> str:
        return next(x for x in lines if x.startswith(start))

    assert line("theme = ").endswith(f"# user {user}")
    assert line('"quit" = "ctrl+q"').endswith(f"# user {user} · Quit")
    assert line('"passage.next" = "j"').endswith(f"# project {project} · Next shared passage")
    assert line('"conflict.next" = "c"').endswith("# default · Next conflicting number")
    assert line('"tags.delete" = ["x", "delete"]').endswith("# default · Delete the tag")
    assert f"# labels: project {project}" in out
    assert tomllib.loads(out)["labels"] == [{"name": "casualty figure", "key": "1"}]

    on_the_line = run(home, "config", str(corpus), "--theme", "dracula")
    assert line_of(on_the_line.stdout, "theme = ") == 'theme = "dracula"  # command line'


def line_of(text: str, start: str) -> str:
    return next(x for x in text.splitlines() if x.startswith(start))


def test_config_lists_the_files_it_looked_for(tmp_path: Path, home: Path) -> None:
    corpus = corpus_with(tmp_path, None)
    done = run(home, "config", str(corpus))
    assert done.returncode == 0
    assert f"#   user     {home / 'config.toml'} (not found)" in done.stdout
    assert f"#   project  {corpus / 'newsreader.toml'} (not found)" in done.stdout
    assert "# theme: not set" in done.stdout


@pytest.mark.parametrize("command", ["config", "read", "serve", ""])
def test_a_bad_file_is_one_line_and_status_2(tmp_path: Path, home: Path, command: str) -> None:
    corpus = corpus_with(tmp_path, '[[labels]]\nname = "casualty figure"\ncolor = "blood"\n')
    args = [command] if command else []
    db = tmp_path / "a.db"
    extra = ["--db", str(db)] if command != "config" else []
    done = run(home, *args, str(corpus), *extra)
    assert done.returncode == 2
    assert done.stderr == (
        f'newsreader: {corpus / "newsreader.toml"}:3: labels[1]: color "blood": not a colour '
        "(a name such as red, or #rrggbb)\n"
    )
    assert done.stdout == ""
    assert not db.exists()


def test_a_bad_user_file_and_a_bad_theme(tmp_path: Path, home: Path) -> None:
    corpus = corpus_with(tmp_path, None)
    (home / "config.toml").write_text("theme = 'nord'\n[keymap\n", encoding="utf-8")
    done = run(home, "config", str(corpus))
    assert done.returncode == 2
    assert done.stderr.startswith(f"newsreader: {home / 'config.toml'}:2: TOML: ")
    assert done.stderr.count("\n") == 1
    (home / "config.toml").write_text("theme = 'no-such-theme'\n", encoding="utf-8")
    done = run(home, "read", str(corpus), "--db", str(tmp_path / "a.db"))
    assert done.returncode == 2
    assert done.stderr.startswith(f"newsreader: {home / 'config.toml'}:1: theme: unknown theme")
    done = run(home, "config", str(corpus), "--theme", "\x1b[2J")
    assert done.returncode == 2
    assert "\x1b" not in done.stderr and done.stderr.count("\n") == 1
