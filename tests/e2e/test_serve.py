"""``newsreader serve`` in a real browser: headless Chromium opens the page and the reader renders.

The browser opens the address serve printed (its token included), types into the reader and
tags; every request the page made went to the server itself (the browser resolves no other
name, and DevTools reports each request); once the browser is gone, no reader process is left.
A second test follows the README's recipe for a browser on another machine: ``newsreader serve``
started over ``ssh -L`` on a throwaway sshd, and the browser on the tunnel's local end.
The guards against other sites' pages are in ``test_serve_guard.py``.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import json
import os
import shlex
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import urlsplit

import aiohttp
import pytest
from serve_helpers import (
    CORPUS,
    Served,
    chromium_page,
    needs_chromium,
    newsreader_argv,
    open_reader,
    poll,
    press,
    printed_url,
    serve_args,
    serving,
    stop,
    titles,
    wait_for_screen,
)
from sshd_fixture import SSHServer, forwarded_env, free_port


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[Served]:
    with serving(tmp_path) as served:
        yield served


def only_this_server(requested: list[str], origin: str) -> list[str]:
    """The URLs that went anywhere but ``origin`` (its pages, sockets and files)."""
    netloc = urlsplit(origin).netloc
    return [
        url
        for url in requested
        if not (urlsplit(url).netloc == netloc or url.startswith(("data:", "blob:")))
    ]


@needs_chromium
async def test_serve_renders_the_reader_in_chromium(serve: Served, tmp_path: Path) -> None:
    async with chromium_page(tmp_path / "profile") as page:
        started = time.monotonic()
        await open_reader(page, serve.url, [*titles(), "help"], serve.log)
        first_paint = time.monotonic() - started
        assert "token=" not in await page.evaluate("location.href")  # now in the cookie only

        # The page is live: keys typed in the browser reach the reader, and a tag made there
        # lands in the database under the serving user's name.
        await page.send("Emulation.setFocusEmulationEnabled", enabled=True)
        await page.evaluate("window.__newsreaderTerminal.focus()")
        for _ in range(3):
            await press(page, "ArrowDown")
        await wait_for_screen(page, [" 4:"], timeout=10)
        await press(page, "t")
        await wait_for_screen(page, ["label (type to filter or add)"], timeout=10)
        await press(page, "web-tag")
        await wait_for_screen(page, ["new label: web-tag"], timeout=10)
        await press(page, "Enter")
        text = await wait_for_screen(page, ["Tagged"], timeout=10)
        shot = await page.send("Page.captureScreenshot", format="png")
        (tmp_path / "serve.png").write_bytes(base64.b64decode(shot["data"]))

        # The export dialog in the browser asks before replacing a file (the reader runs in
        # serve's folder, where an annotations.json already is); Enter keeps it, y replaces it.
        existing = tmp_path / "annotations.json"
        existing.write_text("someone's work\n")
        await press(page, "e")
        await wait_for_screen(page, ["Export annotations to JSON"], timeout=10)
        await press(page, "Enter")
        await wait_for_screen(page, ["already exists", "y replace it"], timeout=10)
        await press(page, "Enter")
        await wait_for_screen(page, ["not replaced"], timeout=10)
        assert existing.read_text() == "someone's work\n"
        await press(page, "Enter")
        await wait_for_screen(page, ["y replace it"], timeout=10)
        await press(page, "y")
        await wait_for_screen(page, ["Exported 1 annotations"], timeout=10)
        assert json.loads(existing.read_text())["annotations"][0]["label"] == "web-tag"

        requested = page.requested()
        assert any("/static/js/textual.js" in url for url in requested)
        assert any(url.startswith(f"ws://127.0.0.1:{serve.port}/ws") for url in requested)
        assert only_this_server(requested, serve.url) == []  # no font, no script from outside
        (reader,) = serve.readers()
    # The browser is gone: its reader follows, and serve runs on for the next tab.
    closed = time.monotonic()
    poll("the reader to quit after its browser went", lambda: not serve.readers(), 30)
    reader_gone = time.monotonic() - closed
    assert serve.process.poll() is None
    assert reader not in serve.readers()
    with contextlib.closing(sqlite3.connect(serve.db)) as conn:
        rows = conn.execute("SELECT label, author FROM annotations").fetchall()
    assert rows == [("web-tag", "webuser")]
    print(
        f"\nserve e2e: reader on the page {first_paint:.2f}s after navigating; its process "
        f"gone {reader_gone:.2f}s after the browser closed\n{text}"
    )


@needs_chromium
async def test_serve_through_an_ssh_tunnel(sshd: SSHServer, tmp_path: Path) -> None:
    """The README's recipe: ``ssh -L LOCAL:127.0.0.1:REMOTE ... newsreader serve --port REMOTE``
    with ``--public-url`` naming the local end, then a browser on the address serve printed."""
    remote, local = free_port(), free_port()
    db, pid_file = tmp_path / "tunnel.db", tmp_path / "serve.pid"
    command = [*newsreader_argv(), *serve_args(db, remote), "--public-url"]
    remote_command = (
        f"cd {shlex.quote(str(tmp_path))} && echo $$ > {shlex.quote(str(pid_file))} && "
        f"exec env {forwarded_env()} {shlex.join(command)} http://localhost:{local}"
    )
    argv = sshd.ssh_argv(remote_command)
    log = tmp_path / "ssh.log"
    with log.open("wb") as out:
        tunnel = subprocess.Popen(
            [argv[0], "-L", f"{local}:127.0.0.1:{remote}", *argv[1:]],
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        url = printed_url(log, lambda: tunnel.poll() is None)
        assert url.startswith(f"http://localhost:{local}/?token=")
        async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
            deadline = time.monotonic() + 30
            while True:
                with contextlib.suppress(aiohttp.ClientError):
                    async with http.get(url) as response:
                        if response.status == 200:
                            page_html = await response.text()
                            break
                assert tunnel.poll() is None, log.read_text(errors="replace")
                assert time.monotonic() < deadline, log.read_text(errors="replace")
                await asyncio.sleep(0.2)
        assert f"ws://localhost:{local}/ws" in page_html  # what the browser will connect to
        async with chromium_page(tmp_path / "profile") as page:
            await open_reader(page, url, [*titles(), "help"], log)
    finally:
        stop(tunnel)
        # The remote server dies with its terminal; make sure, by its process id.
        with contextlib.suppress(ValueError, OSError):
            pid = int(pid_file.read_text())
            for _ in range(50):
                os.kill(pid, 0)
                time.sleep(0.1)
            os.kill(pid, signal.SIGTERM)


# -- the command itself, without a browser ---------------------------------------------------


def _parse(*argv: str) -> Any:
    from newsreader.cli import build_parser

    return build_parser().parse_args(["serve", *argv])


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.1.2.3", True),
        ("localhost", True),
        ("::1", True),
        ("[::1]", True),
        ("0.0.0.0", False),
        ("::", False),
        ("192.168.1.10", False),
        ("example.org", False),
    ],
)
def test_is_loopback(host: str, loopback: bool) -> None:
    from newsreader.web.access import is_loopback

    assert is_loopback(host) is loopback


def test_each_tab_runs_the_reader_with_the_serve_options(tmp_path: Path) -> None:
    from newsreader.commands.serve import DEFAULT_HOST, DEFAULT_PORT, reader_command

    args = _parse(str(CORPUS), "--db", "x.db", "--user", "ann", "--admin", "--columns", "3")
    assert (args.host, args.port, args.public_url) == (DEFAULT_HOST, DEFAULT_PORT, None)
    argv = shlex.split(reader_command(args))
    # exec: the shell textual-serve starts becomes the reader, so stopping it stops the reader
    assert argv[:5] == ["exec", sys.executable, "-m", "newsreader", "read"]
    assert argv[5] == str(CORPUS.resolve())
    assert argv[argv.index("--db") + 1] == str(Path("x.db").resolve())
    assert argv[argv.index("--user") + 1] == "ann"
    assert argv[argv.index("--columns") + 1] == "3"
    assert "--admin" in argv


def test_db_defaults_to_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from newsreader.commands.serve import reader_command

    monkeypatch.setenv("NEWSREADER_DB", str(tmp_path / "team.db"))
    argv = shlex.split(reader_command(_parse(str(CORPUS))))
    assert argv[argv.index("--db") + 1] == str(tmp_path / "team.db")
    assert "--user" not in argv and "--admin" not in argv


class _FakeServer:
    made: ClassVar[list[_FakeServer]] = []
    fail: ClassVar[OSError | None] = None

    def __init__(self, command: str, **options: Any) -> None:
        self.command, self.options = command, options
        _FakeServer.made.append(self)

    def serve(self) -> None:
        if _FakeServer.fail is not None:
            raise _FakeServer.fail


@pytest.fixture
def fake_server(monkeypatch: pytest.MonkeyPatch) -> type[_FakeServer]:
    import newsreader.web.server

    _FakeServer.made, _FakeServer.fail = [], None
    monkeypatch.setattr(newsreader.web.server, "GuardedServer", _FakeServer)
    return _FakeServer


def test_loopback_serves_quietly_with_a_new_token_each_run(
    fake_server: type[_FakeServer], capsys: pytest.CaptureFixture[str]
) -> None:
    from newsreader.cli import main

    assert main(["serve", str(CORPUS), "--port", "8123"]) == 0
    assert main(["serve", str(CORPUS), "--port", "8123"]) == 0
    first, second = fake_server.made
    assert first.options["host"] == "127.0.0.1"
    assert first.options["port"] == 8123
    assert first.options["public_url"] is None
    assert len(first.options["token"]) >= 40 and first.options["token"] != second.options["token"]
    assert "warning" not in capsys.readouterr().err


def test_other_hosts_warn_and_always_have_a_token(
    fake_server: type[_FakeServer], capsys: pytest.CaptureFixture[str]
) -> None:
    from newsreader.cli import main

    url = "http://reader.example:8000"
    assert main(["serve", str(CORPUS), "--host", "0.0.0.0", "--public-url", url + "/"]) == 0
    assert fake_server.made[0].options["public_url"] == url
    assert fake_server.made[0].options["token"]
    err = capsys.readouterr().err
    assert "warning" in err and "plain HTTP" in err and "127.0.0.1" in err


def test_no_token_only_on_loopback(
    fake_server: type[_FakeServer], capsys: pytest.CaptureFixture[str]
) -> None:
    from newsreader.cli import main

    assert main(["serve", str(CORPUS), "--no-token"]) == 0
    assert fake_server.made[0].options["token"] is None
    argv = ["serve", str(CORPUS), "--no-token", "--host", "192.168.1.10"]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err == "newsreader: error: --no-token is for 127.0.0.1 only, not --host 192.168.1.10\n"
    assert len(fake_server.made) == 1


def test_a_busy_port_is_one_line(
    fake_server: type[_FakeServer], capsys: pytest.CaptureFixture[str]
) -> None:
    from newsreader.cli import main

    fake_server.fail = OSError(98, "Address already in use")
    assert main(["serve", str(CORPUS), "--port", "8123"]) == 1
    err = capsys.readouterr().err
    assert err == "newsreader: error: cannot listen on 127.0.0.1:8123: Address already in use\n"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["no-such-folder"], "corpus folder not found: no-such-folder"),
        ([str(CORPUS), "--port", "70000"], "--port must be between 1 and 65535"),
        ([str(CORPUS), "--db", "/no/such/dir/x.db"], "no folder for the database"),
        ([str(CORPUS), "--public-url", "localhost:9000"], "must start with http://"),
        ([str(CORPUS), "--host", "0.0.0.0"], "give --public-url"),
    ],
)
def test_bad_arguments_are_one_line(
    fake_server: type[_FakeServer],
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    message: str,
) -> None:
    from newsreader.cli import main

    assert main(["serve", *argv]) != 0
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1
    assert not fake_server.made
