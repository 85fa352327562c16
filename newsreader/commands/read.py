"""``newsreader [read] [CORPUS_DIR] [--db PATH]``: the terminal reader (the default command)."""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from newsreader.commands import DB_ENV, DEFAULT_DB, db_path

DEFAULT_CORPUS = "corpus"


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
    p.add_argument(
        "corpus",
        nargs="?",
        default=DEFAULT_CORPUS,
        metavar="CORPUS_DIR",
        help=f"folder of .txt/.md articles (default: {DEFAULT_CORPUS})",
    )
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
    from newsreader.cli import CommandError
    from newsreader.commands import file_progress, reader_config
    from newsreader.core.corpus import CorpusError, load_corpus
    from newsreader.store import Store, StoreError

    config = reader_config(args, args.corpus)  # a bad file stops here, before anything opens
    try:
        corpus = load_corpus(args.corpus, progress=file_progress())
    except CorpusError as exc:
        raise CommandError(str(exc)) from exc  # unusable input: status 2, as for analyze
    web = "web_driver" in os.environ.get("TEXTUAL_DRIVER", "")  # under `newsreader serve`
    if not web and not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise CommandError("the reader needs a terminal (use `newsreader analyze` in scripts)")
    try:
        store = Store.open(db_path(args), user=args.user, admin=args.admin)
    except StoreError as exc:
        raise CommandError(str(exc), exc.status) from exc

    from newsreader.tui.app import NewsreaderApp

    app = NewsreaderApp(corpus, store, columns=max(1, args.columns), config=config)
    for warning in store.warnings:
        app.call_later(app.notify, warning, severity="warning", timeout=8)
    app.run()
    return 0
