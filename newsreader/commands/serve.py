"""``newsreader serve``: the same reader in a web browser, through textual-serve.

Each browser tab that connects starts its own ``newsreader read`` process with the options given
here, so every tab tags as the same ``--user``. textual-serve has no authentication: the server
binds to 127.0.0.1 unless told otherwise, and people reach it through an SSH tunnel.
"""

from __future__ import annotations

import argparse
import ipaddress
import shlex
import sys
from pathlib import Path
from typing import Any

from newsreader.commands import db_path, reader_config
from newsreader.commands.read import add_reader_arguments

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def register(sub: Any) -> None:
    p = sub.add_parser(
        "serve",
        help="serve the reader to a web browser (textual-serve), on 127.0.0.1 by default",
        description="Serve the reader to a web browser. Each browser tab runs its own reader "
        "with these options and tags as --user. There is no authentication: keep the default "
        "--host 127.0.0.1 and reach it through an SSH tunnel, e.g. "
        "`ssh -L 8000:127.0.0.1:8000 SERVER`, then open http://127.0.0.1:8000/.",
    )
    add_reader_arguments(p)
    p.add_argument(
        "--host",
        default=DEFAULT_HOST,
        help=f"address to listen on (default: {DEFAULT_HOST}; anything else is reachable "
        "by others without a password)",
    )
    p.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port (default: {DEFAULT_PORT})")
    p.add_argument(
        "--public-url",
        default=None,
        metavar="URL",
        help="the address the browser uses, when it differs from http://HOST:PORT (e.g. "
        "http://localhost:9000 through a tunnel to another local port)",
    )
    p.set_defaults(func=run)


def is_loopback(host: str) -> bool:
    """True for 127.0.0.0/8, ::1 and ``localhost``; false for every other name or address."""
    if host.strip().lower() in ("localhost", "localhost."):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def reader_command(args: argparse.Namespace) -> str:
    """The shell command textual-serve runs for each browser tab: this Python, this reader."""
    argv = [
        sys.executable,
        "-m",
        "newsreader",
        "read",
        str(Path(args.corpus).resolve()),
        "--db",
        str(Path(db_path(args)).resolve()),
        "--columns",
        str(args.columns),
    ]
    if args.user:
        argv += ["--user", args.user]
    if args.admin:
        argv.append("--admin")
    if args.theme:
        argv += ["--theme", args.theme]
    return shlex.join(argv)


def run(args: argparse.Namespace) -> int:
    from newsreader.cli import EXIT_FAILURE, CommandError

    if not 0 < args.port < 65536:
        raise CommandError(f"--port must be between 1 and 65535, not {args.port}")
    public_url = args.public_url.rstrip("/") if args.public_url else None
    if public_url is not None and not public_url.startswith(("http://", "https://")):
        raise CommandError(f"--public-url must start with http:// or https://, not {public_url}")
    if not Path(args.corpus).is_dir():
        raise CommandError(f"corpus folder not found: {args.corpus}")
    if not Path(db_path(args)).resolve().parent.is_dir():
        raise CommandError(f"no folder for the database: {db_path(args)}")
    reader_config(args, args.corpus)  # a bad config file: said here, not in every browser tab
    try:
        from textual_serve.server import Server
    except ImportError as exc:
        raise CommandError(
            "`newsreader serve` needs textual-serve: pip install textual-serve", EXIT_FAILURE
        ) from exc

    if not is_loopback(args.host):
        print(
            f"newsreader: warning: serving on {args.host}:{args.port}, which other machines "
            "may reach. There is no authentication: anyone who can open the page can read the "
            f"corpus and tag as {args.user or 'you'}. Prefer --host 127.0.0.1 and an SSH tunnel.",
            file=sys.stderr,
        )
    command = reader_command(args)
    server = Server(
        command,
        host=args.host,
        port=args.port,
        title="newsreader",
        public_url=public_url,
    )
    try:
        server.serve()
    except OSError as exc:
        raise CommandError(
            f"cannot listen on {args.host}:{args.port}: {exc.strerror or exc}", EXIT_FAILURE
        ) from exc
    return 0
