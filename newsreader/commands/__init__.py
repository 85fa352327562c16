"""Subcommands of the ``newsreader`` console script.

Each module defines ``register(subparsers)`` which adds one or more subcommands whose handler is
stored as ``func`` on the parsed namespace. Modules here only parse arguments and print; the work
is done by the engine (``newsreader.core``), the store (``newsreader.store``) or the UI
(``newsreader.tui``), imported lazily inside the handler so that start-up stays fast.
"""

import argparse
import os

DEFAULT_DB = "annotations.db"
DB_ENV = "NEWSREADER_DB"


def db_path(args: argparse.Namespace) -> str:
    """The annotation database: ``--db``, else ``$NEWSREADER_DB``, else ``annotations.db``."""
    return str(args.db or os.environ.get(DB_ENV) or DEFAULT_DB)
