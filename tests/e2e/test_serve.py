"""``newsreader serve`` in a real browser: headless Chromium opens the page and the reader renders.

textual-serve's page draws the terminal with xterm.js on a canvas, so the text is not in the DOM.
Before the page's scripts run, a hook (installed through the DevTools protocol) keeps a reference
to the page's xterm.js ``Terminal``; the test then reads its screen buffer, the text xterm.js
paints, and looks for the article titles there. Chromium is driven over its DevTools websocket
with aiohttp (which textual-serve already needs); a screenshot is saved next to the test's files.
A second test follows the README's recipe for a browser on another machine: ``newsreader serve``
started over ``ssh -L`` on a throwaway sshd, and the browser on the tunnel's local end.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import itertools
import json
import os
import shlex
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any, ClassVar

import aiohttp  # textual-serve's web server, here a DevTools and HTTP client
import pytest
from sshd_fixture import (
    SSHServer,
    Unavailable,
    forwarded_env,
    free_port,
    wait_for_port,
)

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def _chromium() -> str | None:
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


needs_chromium = pytest.mark.skipif(
    _chromium() is None, reason="Chromium is not installed (Debian: apt-get install chromium)"
)

# Runs before any script of the page: when textual.js stores its terminal (`this.terminal = new
# Terminal(...)` in the object that also holds the websocket URL), keep it on window.
HOOK = """
Object.defineProperty(Object.prototype, "terminal", {
  configurable: true,
  get() { return undefined; },
  set(value) {
    Object.defineProperty(this, "terminal", {
      value, writable: true, configurable: true, enumerable: true,
    });
    if ("websocket_url" in this) { window.__newsreaderTerminal = value; }
  },
});
"""

READ_SCREEN = """
(() => {
  const t = window.__newsreaderTerminal;
  if (!t) { return null; }
  const b = t.buffer.active, lines = [];
  for (let y = 0; y < t.rows; y++) {
    const line = b.getLine(b.viewportY + y);
    lines.push(line ? line.translateToString(true) : "");
  }
  return {cols: t.cols, rows: t.rows, started: document.body.classList.contains("-first-byte"),
          text: lines.join("\\n")};
})()
"""


def _newsreader() -> list[str]:
    exe = shutil.which("newsreader")
    return [exe] if exe else [sys.executable, "-m", "newsreader"]


class DevTools:
    """A minimal DevTools protocol client: one page, commands answered in order."""

    def __init__(self, ws: Any, session_id: str | None = None) -> None:
        self.ws = ws
        self.session_id = session_id
        self._ids = itertools.count(1)

    async def send(self, method: str, **params: Any) -> dict[str, Any]:
        message: dict[str, Any] = {"id": next(self._ids), "method": method, "params": params}
        if self.session_id:
            message["sessionId"] = self.session_id
        await self.ws.send_str(json.dumps(message))
        while True:
            reply = json.loads((await self.ws.receive(timeout=30)).data)
            if reply.get("id") == message["id"]:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return dict(reply.get("result", {}))

    async def evaluate(self, expression: str) -> Any:
        result = await self.send("Runtime.evaluate", expression=expression, returnByValue=True)
        return result.get("result", {}).get("value")


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


def _serve_args(db: Path, port: int) -> list[str]:
    return [
        "serve",
        str(CORPUS),
        "--db",
        str(db),
        "--user",
        "webuser",
        "--columns",
        "4",
        "--port",
        str(port),
    ]


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[tuple[str, Path, Path]]:
    """``newsreader serve`` on a free loopback port; yields its URL, database and log."""
    port, db, log = free_port(), tmp_path / "served.db", tmp_path / "serve.log"
    with log.open("wb") as out:
        server = subprocess.Popen(
            [*_newsreader(), *_serve_args(db, port)],
            cwd=tmp_path,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        try:
            wait_for_port(port, 20, alive=lambda: server.poll() is None)
        except Unavailable as exc:
            raise AssertionError(f"{exc}:\n{log.read_text(errors='replace')}") from exc
        yield f"http://127.0.0.1:{port}/", db, log
    finally:
        _stop(server)


@contextlib.asynccontextmanager
async def chromium_page(profile: Path) -> AsyncIterator[DevTools]:
    exe = _chromium()
    assert exe is not None
    browser = subprocess.Popen(
        [
            exe,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--no-default-browser-check",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-extensions",
            "--mute-audio",
            "--window-size=1600,1000",
            "--remote-debugging-address=127.0.0.1",
            "--remote-debugging-port=0",
            f"--user-data-dir={profile}",
            "about:blank",
        ],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        # Chromium writes its DevTools port and browser path into the profile folder.
        active = profile / "DevToolsActivePort"
        deadline = time.monotonic() + 30
        while not (active.exists() and len(active.read_text().split()) >= 2):
            if browser.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"Chromium did not start (exit {browser.poll()})")
            await asyncio.sleep(0.05)
        port, path = active.read_text().split()[:2]
        async with (
            aiohttp.ClientSession() as http,
            http.ws_connect(f"ws://127.0.0.1:{port}{path}", max_msg_size=0) as ws,
        ):
            root = DevTools(ws)
            target = await root.send("Target.createTarget", url="about:blank")
            attached = await root.send(
                "Target.attachToTarget", targetId=target["targetId"], flatten=True
            )
            yield DevTools(ws, attached["sessionId"])
    finally:
        browser.terminate()
        try:
            browser.wait(timeout=10)
        except subprocess.TimeoutExpired:
            browser.kill()
            browser.wait(timeout=5)


async def wait_for_screen(page: DevTools, wanted: list[str], timeout: float = 30) -> str:
    deadline = time.monotonic() + timeout
    screen: dict[str, Any] | None = None
    while time.monotonic() < deadline:
        screen = await page.evaluate(READ_SCREEN)
        if screen and screen["started"] and all(w in screen["text"] for w in wanted):
            return str(screen["text"])
        await asyncio.sleep(0.2)
    shown = screen["text"] if screen else "(no terminal on the page)"
    raise AssertionError(f"{wanted} not all on the page after {timeout:.0f}s:\n{shown}")


async def open_reader(page: DevTools, url: str, wanted: list[str], log: Path) -> str:
    """Load the page with the terminal hook installed; wait for ``wanted`` on the screen."""
    await page.send("Page.enable")
    await page.send("Runtime.enable")
    await page.send("Page.addScriptToEvaluateOnNewDocument", source=HOOK)
    await page.send("Page.navigate", url=url)
    try:
        return await wait_for_screen(page, wanted)
    except AssertionError as exc:
        raise AssertionError(f"{exc}\nserver log:\n{log.read_text(errors='replace')}") from exc


async def press(page: DevTools, key: str) -> None:
    """One key as the browser would deliver it to the page: a named key or plain text."""
    codes = {"ArrowDown": 40, "Enter": 13}
    if key in codes:
        for kind in ("keyDown", "keyUp"):
            await page.send(
                "Input.dispatchKeyEvent",
                type=kind,
                key=key,
                code=key,
                windowsVirtualKeyCode=codes[key],
                text="\r" if key == "Enter" and kind == "keyDown" else "",
            )
    else:
        await page.send("Input.insertText", text=key)


def _titles() -> list[str]:
    from newsreader.core.corpus import load_corpus

    return [doc.title[:24] for doc in load_corpus(CORPUS).documents]


@needs_chromium
async def test_serve_renders_the_reader_in_chromium(
    serve: tuple[str, Path, Path], tmp_path: Path
) -> None:
    url, db, log = serve
    async with chromium_page(tmp_path / "profile") as page:
        started = time.monotonic()
        await open_reader(page, url, [*_titles(), "help"], log)
        first_paint = time.monotonic() - started

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
    with contextlib.closing(sqlite3.connect(db)) as conn:
        rows = conn.execute("SELECT label, author FROM annotations").fetchall()
    assert rows == [("web-tag", "webuser")]
    print(f"\nserve e2e: reader on the page {first_paint:.2f}s after navigating\n{text}")


@needs_chromium
async def test_serve_through_an_ssh_tunnel(sshd: SSHServer, tmp_path: Path) -> None:
    """The README's recipe: ``ssh -L LOCAL:127.0.0.1:REMOTE ... newsreader serve --port REMOTE``
    with ``--public-url`` naming the local end, then a browser on the local end."""
    remote, local = free_port(), free_port()
    db, pid_file = tmp_path / "tunnel.db", tmp_path / "serve.pid"
    command = [*_newsreader(), *_serve_args(db, remote), "--public-url"]
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
        async with aiohttp.ClientSession() as http:
            deadline = time.monotonic() + 30
            while True:
                with contextlib.suppress(aiohttp.ClientError):
                    async with http.get(f"http://localhost:{local}/") as response:
                        if response.status == 200:
                            page_html = await response.text()
                            break
                assert tunnel.poll() is None, log.read_text(errors="replace")
                assert time.monotonic() < deadline, log.read_text(errors="replace")
                await asyncio.sleep(0.2)
        assert f"ws://localhost:{local}/ws" in page_html  # what the browser will connect to
        async with chromium_page(tmp_path / "profile") as page:
            await open_reader(page, f"http://localhost:{local}/", [*_titles(), "help"], log)
    finally:
        _stop(tunnel)
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
    from newsreader.commands.serve import is_loopback

    assert is_loopback(host) is loopback


def test_each_tab_runs_the_reader_with_the_serve_options(tmp_path: Path) -> None:
    from newsreader.commands.serve import DEFAULT_HOST, DEFAULT_PORT, reader_command

    args = _parse(str(CORPUS), "--db", "x.db", "--user", "ann", "--admin", "--columns", "3")
    assert (args.host, args.port, args.public_url) == (DEFAULT_HOST, DEFAULT_PORT, None)
    argv = shlex.split(reader_command(args))
    assert argv[:4] == [sys.executable, "-m", "newsreader", "read"]
    assert argv[4] == str(CORPUS.resolve())
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
    import textual_serve.server

    _FakeServer.made, _FakeServer.fail = [], None
    monkeypatch.setattr(textual_serve.server, "Server", _FakeServer)
    return _FakeServer


def test_loopback_serves_quietly(
    fake_server: type[_FakeServer], capsys: pytest.CaptureFixture[str]
) -> None:
    from newsreader.cli import main

    assert main(["serve", str(CORPUS), "--port", "8123"]) == 0
    (server,) = fake_server.made
    assert server.options["host"] == "127.0.0.1"
    assert server.options["port"] == 8123
    assert server.options["public_url"] is None
    assert "warning" not in capsys.readouterr().err


def test_other_hosts_warn_that_there_is_no_authentication(
    fake_server: type[_FakeServer], capsys: pytest.CaptureFixture[str]
) -> None:
    from newsreader.cli import main

    url = "http://reader.example:8000"
    assert main(["serve", str(CORPUS), "--host", "0.0.0.0", "--public-url", url + "/"]) == 0
    assert fake_server.made[0].options["public_url"] == url
    err = capsys.readouterr().err
    assert "warning" in err and "no authentication" in err and "127.0.0.1" in err


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
