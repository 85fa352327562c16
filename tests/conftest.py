"""Shared fixtures: the path to the bundled corpus."""

from __future__ import annotations

import gc
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    return CORPUS


@pytest.fixture(scope="session", autouse=True)
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Tests never read or fill the user's own extraction cache or settings (subprocesses
    inherit both)."""
    os.environ["NEWSREADER_CACHE"] = str(tmp_path_factory.mktemp("cache"))
    os.environ["NEWSREADER_CONFIG"] = str(tmp_path_factory.mktemp("config") / "settings.json")


@pytest.hookimpl(tryfirst=True)
def pytest_cmdline_main(config: pytest.Config) -> None:
    """The everyday suite, ``pytest -m "not e2e"``, runs on every core (pytest-xdist, before
    its own hook reads the option): about 80 s on one of this machine's two cores, 40 s on both.
    The full run stays on one: its end-to-end tests drive real terminals, sshd and Chromium,
    and timing-sensitive ones among them are steadier with the machine to themselves. An
    explicit ``-n`` (``-n 0``: serial) wins; ``--snapshot-update`` and ``--pdb`` stay serial."""
    opt = config.option
    if (
        not hasattr(config, "workerinput")  # a worker must not start workers of its own
        and "PYTEST_XDIST_WORKER" not in os.environ
        and getattr(opt, "markexpr", "") == "not e2e"
        and getattr(opt, "numprocesses", "absent") is None
        and not opt.collectonly
        and not getattr(opt, "usepdb", False)
        and not getattr(opt, "update_snapshots", False)
        and (os.cpu_count() or 1) > 1
    ):
        opt.numprocesses = "auto"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Everything under tests/e2e is marked ``e2e`` (real terminals, sshd, Chromium, servers),
    so the everyday suite is ``pytest -m "not e2e"``. Tests elsewhere that run the installed
    command, several OS processes at once or a whole benchmark data set carry the mark
    themselves; plain ``pytest`` runs everything."""
    e2e = ROOT / "tests" / "e2e"
    for item in items:
        if Path(str(item.path)).is_relative_to(e2e):
            item.add_marker(pytest.mark.e2e)


def pytest_collection_finish(session: pytest.Session) -> None:
    """Freeze what exists once the tests are collected (modules, Textual, the parsed tests): it
    lives for the whole run, and the pilot tests make so much garbage that full collections
    scanning it again and again took about a third of their CPU time. What the tests create is
    still collected as usual."""
    gc.collect()
    gc.freeze()
