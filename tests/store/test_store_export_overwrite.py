"""Export never replaces an existing file unless asked (issue 12): not an existing file, not a
symbolic link, not a file that appears while the export is being written."""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path
from typing import TextIO

import pytest
from store_helpers import assert_one_line_error, run_cli

from newsreader.core.model import Document
from newsreader.store import Store
from newsreader.store.errors import FileExists
from newsreader.store.exchange import ExportFormat, export_annotations, export_to_file


@pytest.fixture
def filled(store: Store, doc_a: Document) -> Store:
    store.add(doc_a, 0, 9, "claim", "headline")
    return store


def _leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.endswith(".tmp")]


def test_a_new_file_is_written(filled: Store, tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    assert export_to_file(filled, "json", target) == 1
    assert len(json.loads(target.read_text())["annotations"]) == 1
    assert _leftovers(tmp_path) == []


def test_an_existing_file_is_refused_and_untouched(filled: Store, tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    target.write_text("someone's work\n")
    with pytest.raises(FileExists, match="already exists; nothing written"):
        export_to_file(filled, "json", target)
    assert target.read_text() == "someone's work\n"
    assert _leftovers(tmp_path) == []


def test_overwrite_replaces_it(filled: Store, tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    target.write_text("old\n")
    assert export_to_file(filled, "json", target, overwrite=True) == 1
    assert len(json.loads(target.read_text())["annotations"]) == 1


def test_a_symbolic_link_is_an_existing_file_even_dangling(filled: Store, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere.txt"
    link = tmp_path / "out.json"
    link.symlink_to(elsewhere)  # dangling: exporting through it would create elsewhere.txt
    with pytest.raises(FileExists):
        export_to_file(filled, "json", link)
    assert link.is_symlink() and not elsewhere.exists()


def _appearing(target: Path) -> object:
    """A writer that exports normally while another program creates ``target`` meanwhile."""

    def write(store: Store, fmt: ExportFormat, out: TextIO) -> int:
        count = export_annotations(store, fmt, out)
        target.write_text("written meanwhile\n")
        return count

    return write


def test_a_file_appearing_meanwhile_is_not_clobbered(filled: Store, tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    with pytest.raises(FileExists):
        export_to_file(filled, "json", target, _write=_appearing(target))  # type: ignore[arg-type]
    assert target.read_text() == "written meanwhile\n"
    assert _leftovers(tmp_path) == []


def test_without_hard_links_the_name_is_claimed_exclusively(
    filled: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_links(src: object, dst: object) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    target = tmp_path / "out.json"
    assert export_to_file(filled, "json", target) == 1
    assert len(json.loads(target.read_text())["annotations"]) == 1
    other = tmp_path / "other.json"
    with pytest.raises(FileExists):
        export_to_file(filled, "json", other, _write=_appearing(other))  # type: ignore[arg-type]
    assert other.read_text() == "written meanwhile\n"
    assert _leftovers(tmp_path) == []


@pytest.mark.e2e  # runs the installed command
def test_cli_refuses_an_existing_out_file_unless_forced(tagged: Path, tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    target.write_text("keep me\n")
    args = ["export", "--db", str(tagged), "--out", str(target)]
    line = assert_one_line_error(run_cli(args), 1)
    assert "already exists" in line and "--force" in line
    assert target.read_text() == "keep me\n"
    proc = run_cli([*args, "--force"])
    assert proc.returncode == 0, proc.stderr
    assert len(json.loads(target.read_text())["annotations"]) == 3


@pytest.mark.e2e  # runs the installed command
def test_cli_force_without_out_is_a_usage_error(tagged: Path) -> None:
    line = assert_one_line_error(run_cli(["export", "--db", str(tagged), "--force"]), 2)
    assert "--force" in line
