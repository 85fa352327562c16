"""Subcommands of the ``newsreader`` console script.

Each module defines ``register(subparsers)`` which adds one or more subcommands whose handler is
stored as ``func`` on the parsed namespace. Modules here only parse arguments and print; the work
is done by the engine (``newsreader.core``), the store (``newsreader.store``) or the UI
(``newsreader.tui``), imported lazily inside the handler so that start-up stays fast.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from newsreader.config import Config

DEFAULT_DB = "annotations.db"
DB_ENV = "NEWSREADER_DB"
DEFAULT_CORPUS = "corpus"


def whole_number(value: str) -> int:
    """An option's whole number, 1 or more (``--workers``, ``--max-bytes``, ``--limit``)."""
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {value}")
    return n


def add_corpus_argument(p: argparse.ArgumentParser, what: str = "folder of articles") -> None:
    """The optional ``CORPUS_DIR`` positional every corpus command takes."""
    p.add_argument(
        "corpus",
        nargs="?",
        default=DEFAULT_CORPUS,
        metavar="CORPUS_DIR",
        help=f"{what} (default: {DEFAULT_CORPUS})",
    )


def db_path(args: argparse.Namespace) -> str:
    """The annotation database: ``--db``, else ``$NEWSREADER_DB``, else ``annotations.db``.
    An empty ``--db ''`` is bad input, not the default."""
    if args.db is not None and not str(args.db).strip():
        from newsreader.cli import CommandError

        raise CommandError("--db needs a path (it was empty)")
    return str(args.db or os.environ.get(DB_ENV) or DEFAULT_DB)


def file_progress() -> Callable[[int, int], None] | None:
    """A ``load_corpus`` progress callback that shows "reading files 120/1000" on a terminal's
    stderr (at most ten times a second, then erased), or ``None`` when stderr is not one."""
    if not sys.stderr.isatty():
        return None
    last = [0.0]

    def show(done: int, total: int) -> None:
        now = time.monotonic()
        if done == total:
            sys.stderr.write("\r\033[K")
        elif now - last[0] >= 0.1:
            last[0] = now
            sys.stderr.write(f"\rreading files {done:,}/{total:,}")
        else:
            return
        sys.stderr.flush()

    return show


def reader_config(args: argparse.Namespace, corpus: str | None) -> Config:
    """The configuration the reader starts with: the user file, ``corpus``'s project file and
    ``--theme`` (see :mod:`newsreader.config`). A bad file is a one-line error, status 2."""
    from newsreader.cli import CommandError
    from newsreader.config import ConfigError, load
    from newsreader.tui.keys import KEYS

    try:
        config = load(KEYS, corpus, theme=getattr(args, "theme", None))
        if config.theme.value:
            from textual.theme import BUILTIN_THEMES  # the reader registers no others

            config.check_theme(BUILTIN_THEMES)
    except ConfigError as exc:
        raise CommandError(str(exc), prefix="") from exc
    return config
