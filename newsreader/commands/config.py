"""``newsreader config [CORPUS_DIR] [--theme NAME]``: every effective setting and its source."""

from __future__ import annotations

import argparse
from typing import Any

from newsreader.commands import add_corpus_argument


def register(sub: Any) -> None:
    p = sub.add_parser(
        "config",
        help="show the configuration: every value and where it comes from",
        description="Print the reader's effective configuration (theme, keymap, label set) as "
        "TOML, each value with where it comes from: default, the user file, the corpus "
        "folder's newsreader.toml, or the command line. A bad file is one line and status 2.",
    )
    add_corpus_argument(p, "the corpus folder whose newsreader.toml counts")
    p.add_argument("--theme", default=None, metavar="NAME", help="as the reader's --theme")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from newsreader.commands import reader_config
    from newsreader.config import render
    from newsreader.tui.keys import KEYS

    print(render(reader_config(args, args.corpus), KEYS), end="")
    return 0
