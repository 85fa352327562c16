"""``newsreader [read] [CORPUS_DIR] [--db PATH]``: the terminal reader (the default command)."""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from newsreader.commands import DB_ENV, DEFAULT_DB, add_corpus_argument, db_path

if TYPE_CHECKING:
    from newsreader.core.corpus import Corpus
    from newsreader.store import Store


def register(sub: Any) -> None:
    p = sub.add_parser(
        "read",
        help="open the reader (the default: `newsreader [CORPUS_DIR]` runs this)",
        description="Read a corpus folder's articles side by side in the terminal: shared "
        "passages, conflicting numbers, and tags saved to the annotation database. Press ? in "
        "the reader for every key.",
    )
    add_reader_arguments(p)
    p.set_defaults(func=run)


def add_reader_arguments(p: argparse.ArgumentParser) -> None:
    """The reader's options, shared by ``read`` and ``serve``."""
    add_corpus_argument(p, "folder of .txt/.md articles")
    p.add_argument(
        "--db",
        default=None,
        metavar="PATH",
        help=f"annotation database (default: ${DB_ENV}, else {DEFAULT_DB})",
    )
    p.add_argument("--user", default=None, help="author name for new tags (default: OS user)")
    p.add_argument(
        "--admin", action="store_true", help="allow editing and deleting other users' tags"
    )
    p.add_argument(
        "--columns", type=int, default=2, metavar="N", help="article columns at start (default 2)"
    )
    p.add_argument(
        "--theme",
        default=None,
        metavar="NAME",
        help="colour theme (over the config files' and the one last chosen in the reader)",
    )


def run(args: argparse.Namespace) -> int:
    """The reader, with the garbage collector off until its articles are painted.

    Start-up allocates some 120,000 objects (Textual, the stylesheet, the widgets) and drops
    few, yet the collections their allocation triggers cost about 60 ms before the first screen
    (issue 11: the first screen within 1.3 times a bare Textual app's). Once the articles are
    on screen, what start-up made is frozen (later collections skip it; the tenth of it that
    was garbage stays) and the collector is back on; so is each analysis once applied (a
    1,000-article folder's made every full collection, 70-80 ms, rescan it)."""
    gc.disable()
    try:
        return _run(args)
    finally:
        gc.enable()  # also when the reader stops, or is refused, before it shows the articles


def _run(args: argparse.Namespace) -> int:
    """Draw the first screen at once; the corpus is read and the database opened on threads
    of the reader's own. What can be refused without reading (no such folder, no terminal) is
    refused first."""
    from pathlib import Path

    from newsreader.cli import CommandError
    from newsreader.commands import reader_config

    root = Path(args.corpus)
    if not root.exists():
        raise CommandError(f"corpus folder not found: {args.corpus}")
    if not root.is_dir():
        raise CommandError(f"not a folder: {args.corpus}")
    config = reader_config(args, args.corpus)  # a bad file stops here, before anything opens
    web = "web_driver" in os.environ.get("TEXTUAL_DRIVER", "")  # under `newsreader serve`
    if not web and not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise CommandError("the reader needs a terminal (use `newsreader analyze` in scripts)")
    path = db_path(args)

    def load(progress: Callable[[int, int], None]) -> Corpus:
        from newsreader.core.corpus import load_corpus

        return load_corpus(args.corpus, progress=progress)

    def open_store() -> Store:
        from newsreader.store import Store

        return Store.open(path, user=args.user, admin=args.admin)

    from newsreader.tui.app import NewsreaderApp

    def shown() -> None:
        gc.freeze()
        gc.enable()

    app = NewsreaderApp(load, open_store, columns=max(1, args.columns), config=config, shown=shown)
    app.run()
    if app.failure is not None:
        message, status = app.failure
        raise CommandError(message, status)
    return 0
