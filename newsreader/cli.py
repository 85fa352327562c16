"""The ``newsreader`` console script: argument parsing and error reporting only."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Sequence
from typing import NoReturn

from newsreader import __version__

# Each module registers its subcommands; see newsreader/commands/__init__.py.
COMMAND_MODULES: tuple[str, ...] = (
    "newsreader.commands.analyze",
    "newsreader.commands.read",
    "newsreader.commands.store",
    "newsreader.commands.serve",
    "newsreader.commands.config",
    "newsreader.commands.report",
)

# With no subcommand, `newsreader [CORPUS_DIR] [--db PATH]` opens the reader.
DEFAULT_COMMAND = "read"
DEFAULT_MODULE = "newsreader.commands.read"

# Every subcommand's name (the modules register them; a test checks the two agree), so that
# opening the reader builds the reader's parser alone: the others cost its start-up ~10 ms.
COMMANDS = frozenset(
    {"analyze", "read", "export", "import", "tags", "history", "agreement", "serve", "config"}
    | {"report"}
)

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2


class CommandError(Exception):
    """A failure to report as one line on stderr. ``status`` is the exit status; ``prefix``
    comes before the message (a bad config file says ``PATH:LINE: ...`` instead)."""

    def __init__(self, message: str, status: int = EXIT_USAGE, *, prefix: str = "error: ") -> None:
        super().__init__(message)
        self.status = status
        self.prefix = prefix


class _Parser(argparse.ArgumentParser):
    _deferred: Callable[[argparse.ArgumentParser], None] | None = None

    def defer(self, add_arguments: Callable[[argparse.ArgumentParser], None]) -> None:
        """Add this parser's arguments when it is first used (parsing, help or usage), not
        when the program's parser is built: a subcommand whose defaults come from the engine
        (``analyze``) then costs the reader's start-up nothing (issue 11)."""
        self._deferred = add_arguments

    def _add_deferred(self) -> None:
        add, self._deferred = self._deferred, None
        if add is not None:
            add(self)

    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        self._add_deferred()
        return super().parse_known_args(args, namespace)

    def format_usage(self) -> str:
        self._add_deferred()
        return super().format_usage()

    def format_help(self) -> str:
        self._add_deferred()
        return super().format_help()

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def build_parser(modules: Sequence[str] = COMMAND_MODULES) -> argparse.ArgumentParser:
    parser = _Parser(
        prog="newsreader",
        description="Read several outlets' coverage of one story side by side.",
    )
    parser.add_argument("--version", action="version", version=f"newsreader {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in modules:
        importlib.import_module(name).register(sub)
    return parser


# Options that may come before the subcommand (`newsreader --db PATH tags`), with whether each
# takes a value. They are moved after the subcommand, which parses them (or says it has none).
GLOBAL_OPTIONS: dict[str, bool] = {
    "--db": True,
    "--user": True,
    "--timeout": True,
    "--admin": False,
}


def _command_first(args: list[str]) -> list[str]:
    """``args`` with the subcommand first: leading global options move after it, and with no
    subcommand the default command (the reader) is put in front. Help and version stay."""
    if args and args[0] in ("-h", "--help", "--version"):
        return args
    names = COMMANDS
    i = 0
    while i < len(args):
        option, eq, _ = args[i].partition("=")
        if option not in GLOBAL_OPTIONS:
            break
        i += 2 if GLOBAL_OPTIONS[option] and not eq else 1
    if i < len(args) and args[i] in names:
        return [args[i], *args[:i], *args[i + 1 :]]
    return [DEFAULT_COMMAND, *args]


def main(argv: Sequence[str] | None = None) -> int:
    ordered = _command_first(list(sys.argv[1:] if argv is None else argv))
    reading = bool(ordered) and ordered[0] == DEFAULT_COMMAND
    parser = build_parser((DEFAULT_MODULE,) if reading else COMMAND_MODULES)
    args = parser.parse_args(ordered)
    func = getattr(args, "func", None)
    if func is None:
        parser.print_help()
        return EXIT_USAGE
    try:
        return int(func(args) or EXIT_OK)
    except CommandError as exc:
        print(f"newsreader: {exc.prefix}{exc}", file=sys.stderr)
        return exc.status
    except KeyboardInterrupt:
        print("newsreader: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # Output piped into a program that stopped reading (e.g. `| head`): not an error.
        sys.stderr.close()
        return EXIT_OK
