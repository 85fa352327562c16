"""The engine and the store never import the UI toolkit (so scripts and batch jobs can use them)."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import newsreader

PACKAGE = Path(newsreader.__file__).parent


def _modules(package: str) -> list[str]:
    path = PACKAGE / package
    return [f"newsreader.{package}"] + [
        f"newsreader.{package}.{m.name}" for m in pkgutil.iter_modules([str(path)])
    ]


ENGINE = _modules("core") + (_modules("store") if (PACKAGE / "store").is_dir() else [])
ENGINE += [m.replace("/", ".") for m in _modules("core/engines")[1:]]
# The store's format modules, each on its own (the package imports only some of them).
ENGINE += [
    f"newsreader.store.formats.{m.name}"
    for m in pkgutil.iter_modules([str(PACKAGE / "store" / "formats")])
]
# Configuration is read and checked (``newsreader config``) without the UI; the key table it is
# checked against is data that only makes Textual bindings when asked.
HEADLESS = [*ENGINE, "newsreader.config", "newsreader.settings", "newsreader.tui.keys"]


@pytest.mark.parametrize("module", HEADLESS)
def test_engine_module_does_not_load_textual(module: str) -> None:
    code = (
        f"import sys, {module}\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in {'textual', 'rich'})\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == "", f"{module} loads {out}"


# The reader's headless parts: the article document model and what it draws with. Rich's cell
# table is allowed (the model must measure text as the view draws it), nothing else of Rich.
READER_MODEL = [
    "newsreader.tui",
    *(m.replace("/", ".") for m in _modules("tui/document")),
    "newsreader.tui.highlights",
    "newsreader.tui.literal",
]
RICH_CELLS = {"rich", "rich.cells", "rich._extension", "rich._unicode_data"}


@pytest.mark.parametrize("module", READER_MODEL)
def test_reader_model_module_does_not_load_textual(module: str) -> None:
    code = (
        f"import sys, {module}\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in {'textual', 'rich'})\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    loaded = set(out.split(",")) - {""}
    assert not {m for m in loaded if m.startswith("textual")}, f"{module} loads {out}"
    extra = {m for m in loaded if not m.startswith("rich._unicode_data.")} - RICH_CELLS
    assert not extra, f"{module} loads more of Rich than its cell widths: {sorted(extra)}"


def test_reader_model_modules_are_found() -> None:
    assert {"newsreader.tui.document.model", "newsreader.tui.document.navigation"} <= set(
        READER_MODEL
    )


def test_cli_start_does_not_load_textual_for_analyze() -> None:
    code = (
        "import sys\n"
        "from newsreader.cli import build_parser\n"
        "build_parser()\n"
        "print(any(m.startswith('textual') for m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_dask_is_imported_only_when_its_engine_runs() -> None:
    """Importing the Dask engine, building the parser or analysing locally costs no Dask."""
    code = (
        "import sys\n"
        "import newsreader.core.engines.dask_engine\n"
        "from newsreader.cli import main\n"
        "main(['analyze', sys.argv[1]])\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in {'dask', 'distributed'}))\n"
    )
    corpus = str(PACKAGE.parent / "corpus")
    out = subprocess.run([sys.executable, "-c", code, corpus], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-1] == "[]"
