"""``newsreader serve`` against other sites' pages (issue 12).

A page from any site, open in the user's browser, can open a WebSocket to 127.0.0.1 (browsers do
not apply the same-origin policy to WebSockets) and, through DNS rebinding, make requests whose
Host is its own name. These tests play that page with aiohttp, then with a real hostile page in
headless Chromium, against a real ``newsreader serve``; and they check that each reader process
ends when its browser, or ``serve`` itself, goes.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from http.cookies import SimpleCookie
from pathlib import Path

import aiohttp
import pytest
from aiohttp import web
from serve_helpers import (
    Served,
    alive,
    chromium,
    needs_chromium,
    open_reader,
    poll,
    serving,
    titles,
)
from sshd_fixture import free_port


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[Served]:
    with serving(tmp_path) as served:
        yield served


def _origin(served: Served) -> str:
    return served.base.rstrip("/")


def _ws(served: Served) -> str:
    return f"ws://127.0.0.1:{served.port}/ws?width=100&height=30"


async def _refused_socket(served: Served, **options: object) -> int:
    """The HTTP status of a WebSocket handshake that must not succeed."""
    async with aiohttp.ClientSession() as http:
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            async with http.ws_connect(_ws(served), **options):  # type: ignore[arg-type]
                pass
    return refused.value.status


@contextlib.asynccontextmanager
async def _session(
    served: Served, until: bytes = b"\x1b[?1049h", **options: object
) -> AsyncIterator[aiohttp.ClientWebSocketResponse]:
    """A WebSocket the server accepted, once the reader behind it has sent ``until`` (by
    default the switch to its own screen)."""
    async with aiohttp.ClientSession() as http, http.ws_connect(_ws(served), **options) as ws:  # type: ignore[arg-type]
        drawn = b""
        deadline = time.monotonic() + 30
        while until not in drawn:
            assert time.monotonic() < deadline, f"no screen from the reader: {drawn[-300:]!r}"
            message = await ws.receive(timeout=30)
            assert message.type == aiohttp.WSMsgType.BINARY, message
            drawn += message.data
        yield ws


def _wait_no_readers(served: Served, why: str) -> None:
    poll(why, lambda: not served.readers(), 30, lambda: served.log.read_text(errors="replace"))


# -- the WebSocket --------------------------------------------------------------------------


async def test_a_cross_origin_websocket_is_refused_even_with_the_token(serve: Served) -> None:
    token = {"Cookie": f"newsreader-token-{serve.port}={serve.token}"}
    for origin in (
        "http://evil.example",
        f"http://127.0.0.1:{free_port()}",  # another local page: same site, its cookies too
        f"http://localhost.evil.example:{serve.port}",
        "null",  # a sandboxed frame or a file:// page
    ):
        status = await _refused_socket(serve, origin=origin, headers=token)
        assert status == 403, origin
    assert serve.readers() == []  # no reader was started for any of them


async def test_a_websocket_without_an_origin_is_refused(serve: Served) -> None:
    cookie = {"Cookie": f"newsreader-token-{serve.port}={serve.token}"}
    assert await _refused_socket(serve, headers=cookie) == 403


async def test_a_same_origin_websocket_without_the_token_is_refused(serve: Served) -> None:
    origin = _origin(serve)
    assert await _refused_socket(serve, origin=origin) == 403
    wrong = {"Cookie": f"newsreader-token-{serve.port}={serve.token[:-1]}x"}
    assert await _refused_socket(serve, origin=origin, headers=wrong) == 403
    assert serve.readers() == []


async def test_a_same_origin_websocket_with_the_token_runs_a_reader(serve: Served) -> None:
    cookie = {"Cookie": f"newsreader-token-{serve.port}={serve.token}"}
    async with _session(serve, origin=_origin(serve), headers=cookie):
        (reader,) = serve.readers()
        assert alive(reader)
    _wait_no_readers(serve, "the reader to quit once its socket closed")
    assert serve.process.poll() is None


async def test_a_rebound_host_is_refused_even_with_the_token(serve: Served) -> None:
    """DNS rebinding: evil.example now resolves to 127.0.0.1, so its pages are "same origin"
    with the server in the browser's eyes; only the Host header tells them apart."""
    async with aiohttp.ClientSession() as http:
        for path in ("/", f"/?token={serve.token}", "/static/js/textual.js"):
            async with http.get(
                serve.base.rstrip("/") + path,
                headers={"Host": f"evil.example:{serve.port}"},
                allow_redirects=False,
            ) as response:
                assert response.status == 403, path
    rebound = {
        "Host": f"evil.example:{serve.port}",
        "Cookie": f"newsreader-token-{serve.port}={serve.token}",
    }
    assert (
        await _refused_socket(serve, origin=f"http://evil.example:{serve.port}", headers=rebound)
        == 403
    )


# -- the page and its files ----------------------------------------------------------------


async def test_the_page_and_its_files_need_the_token(serve: Served) -> None:
    async with aiohttp.ClientSession() as http:
        for path in ("/", "/static/js/textual.js", "/static/", "/download/x", "/?token=wrong"):
            async with http.get(serve.base.rstrip("/") + path) as response:
                body = await response.text()
                assert response.status == 403, path
                assert body.count("\n") == 1 and "token" in body, body


async def test_the_token_goes_into_a_strict_cookie(tmp_path: Path) -> None:
    with serving(tmp_path) as serve:
        await _token_into_cookie(serve)
    # The access log (serve's terminal) shows the first request without its token.
    log = serve.log.read_text(errors="replace")
    assert "token=(hidden)" in log and log.count(serve.token) == 1  # the printed address


async def _token_into_cookie(serve: Served) -> None:
    async with aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar()) as http:
        async with http.get(serve.url, allow_redirects=False) as response:
            assert response.status == 303
            assert response.headers["Location"] == "/"  # the token leaves the address bar
            (header,) = response.headers.getall("Set-Cookie")
        cookie = SimpleCookie(header)[f"newsreader-token-{serve.port}"]
        assert cookie.value == serve.token
        assert cookie["httponly"] and cookie["samesite"] == "Strict" and cookie["path"] == "/"
        jar = {"Cookie": f"newsreader-token-{serve.port}={serve.token}"}
        async with http.get(serve.base, headers=jar) as response:
            assert response.status == 200
            page = await response.text()
            policy = response.headers["Content-Security-Policy"]
        assert "frame-ancestors 'none'" in policy and "default-src 'self'" in policy
        assert "googleapis" not in page and "https://" not in page
        async with http.get(serve.base + "static/js/textual.js", headers=jar) as response:
            assert response.status == 200


# -- a hostile page in a real browser -------------------------------------------------------

HOSTILE = """<!DOCTYPE html><title>hostile</title><script>
window.result = new Promise((resolve) => {
  const ws = new WebSocket("ws://127.0.0.1:PORT/ws?width=80&height=24");
  ws.binaryType = "arraybuffer";
  ws.onmessage = () => resolve("read the reader's screen");
  ws.onerror = () => resolve("refused");
  ws.onclose = () => resolve("refused");
});
</script>"""


@contextlib.asynccontextmanager
async def _hostile_site(port: int) -> AsyncIterator[str]:
    """A page on another loopback port: same site as the server, so the browser sends it the
    server's cookie; only the Origin check stands in its way."""

    async def page(request: web.Request) -> web.Response:
        return web.Response(text=HOSTILE.replace("PORT", str(port)), content_type="text/html")

    app = web.Application()
    app.router.add_get("/", page)
    runner = web.AppRunner(app)
    await runner.setup()
    hostile_port = free_port()
    site = web.TCPSite(runner, "127.0.0.1", hostile_port)
    await site.start()
    try:
        yield f"http://127.0.0.1:{hostile_port}/"
    finally:
        await runner.cleanup()


@needs_chromium
async def test_a_hostile_page_in_the_same_browser_cannot_drive_the_reader(
    serve: Served, tmp_path: Path
) -> None:
    async with chromium(tmp_path / "profile") as browser, _hostile_site(serve.port) as hostile:
        mine = await browser.page()
        await open_reader(mine, serve.url, [*titles(), "help"], serve.log)
        (reader,) = serve.readers()  # the user's own tab; the browser now holds the cookie
        evil = await browser.page()
        await evil.send("Page.enable")
        await evil.send("Page.navigate", url=hostile)
        outcome = None
        deadline = time.monotonic() + 30
        while outcome is None and time.monotonic() < deadline:
            with contextlib.suppress(RuntimeError):  # the page is still loading
                outcome = await evil.evaluate("window.result", wait=True)
            if outcome is None:
                await asyncio.sleep(0.1)
        assert outcome == "refused"
        assert serve.readers() == [reader]  # no second reader for the hostile page
    _wait_no_readers(serve, "the reader to quit after the browser went")


# -- each session ends: when its browser goes, and when serve goes ----------------------------


def _reader_of(served: Served) -> int:
    (reader,) = served.readers()
    return reader


async def test_a_killed_serve_leaves_no_reader(tmp_path: Path) -> None:
    """serve killed outright cannot stop its readers: each notices its input has ended."""
    with serving(tmp_path) as served:
        cookie = {"Cookie": f"newsreader-token-{served.port}={served.token}"}
        # Once the first screen is drawn the reader is idle, writes nothing, and so never
        # learns from a broken pipe that serve is gone.
        async with _session(served, b"conflicts", origin=_origin(served), headers=cookie):
            reader = _reader_of(served)
            served.process.kill()
            served.process.wait(timeout=10)
            try:
                poll("the reader to quit after serve was killed", lambda: not alive(reader), 30)
            finally:
                if alive(reader):  # this test's own orphan, by its id
                    os.kill(reader, signal.SIGKILL)


async def test_stopping_serve_ends_its_sessions(tmp_path: Path) -> None:
    """Ctrl+C (SIGINT) or SIGTERM with a tab open: serve ends the session and exits."""
    for sig in (signal.SIGINT, signal.SIGTERM):
        folder = tmp_path / sig.name
        folder.mkdir()
        with serving(folder) as served:
            cookie = {"Cookie": f"newsreader-token-{served.port}={served.token}"}
            async with _session(served, origin=_origin(served), headers=cookie) as ws:
                reader = _reader_of(served)
                os.kill(served.process.pid, sig)
                # The reader's last frames, then the server closes the socket: at once, not
                # after aiohttp's 60 s wait for open connections at shutdown.
                ended = (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED)
                async with asyncio.timeout(30):
                    while (await ws.receive()).type not in ended:
                        pass
            status = served.process.wait(timeout=30)
            assert status == 0, served.log.read_text(errors="replace")
            poll("the reader to be gone with serve", lambda r=reader: not alive(r), 30)


@pytest.mark.parametrize(
    ("host", "public_url", "answers", "refuses"),
    [
        ("127.0.0.1", "http://127.0.0.1:8000", ["127.0.0.1:8000", "localhost:8000"], ["x:8000"]),
        # through a tunnel the browser names the tunnel's end, which the server also answers
        ("127.0.0.1", "http://localhost:9000", ["localhost:9000", "[::1]:8000"], ["x:9000"]),
        ("0.0.0.0", "http://reader.example:8000", ["reader.example:8000"], ["0.0.0.0:8000"]),
        ("192.168.1.10", "http://192.168.1.10:8000", ["192.168.1.10:8000"], ["localhost:8000"]),
        ("::1", "http://[::1]:8000", ["[::1]:8000", "127.0.0.1:8000"], ["::1:8000"]),
    ],
)
def test_the_hosts_a_server_answers_to(
    host: str, public_url: str, answers: list[str], refuses: list[str]
) -> None:
    from newsreader.web.access import Access, Refusal

    access = Access.for_server(host, 8000, public_url, "secret")
    for name in answers:
        assert access.check(name, None, ["secret"], websocket=False) is None, name
        assert access.check(name, f"http://{name}", ["secret"], websocket=True) is None, name
    for name in refuses:
        assert access.check(name, None, ["secret"], websocket=False) is Refusal.HOST, name
    assert access.check(answers[0], None, ["secrex", ""], websocket=False) is Refusal.TOKEN


def test_the_web_server_does_not_load_textual() -> None:
    """The server is textual-serve's aiohttp side; Textual runs only in each tab's reader."""
    code = (
        "import sys, newsreader.web.server\n"
        "print(','.join(sorted(m for m in sys.modules if m.split('.')[0] == 'textual')))\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == ""


async def test_a_reader_that_ignores_quit_is_terminated_then_killed(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The last resort when a browser went: a process that ignores the quit message and
    SIGTERM (a stand-in for a stuck reader) is killed."""
    import shlex

    from textual_serve.download_manager import DownloadManager

    import newsreader.web.server as web_server

    monkeypatch.setattr(web_server, "QUIT_SECONDS", 0.5)
    pid_file = tmp_path / "pid"
    stuck = (
        "import os, signal, sys, time\n"
        f"open({str(pid_file)!r}, 'w').write(str(os.getpid()))\n"
        "signal.signal(signal.SIGTERM, signal.SIG_IGN)\n"
        "sys.stdout.write('__GANGLION__\\n'); sys.stdout.flush()\n"
        "while True: time.sleep(60)\n"
    )

    async def ignore(_: object) -> None:
        return None

    async def close() -> None:
        return None

    session = web_server.ReaderSession(
        shlex.join(["exec", sys.executable, "-c", stuck]),
        write_bytes=ignore,
        write_str=ignore,
        close=close,
        download_manager=DownloadManager(),
    )
    await session.start(80, 24)
    written = lambda: pid_file.exists() and pid_file.read_text()  # noqa: E731
    pid = int(await asyncio.to_thread(poll, "the process to start", written, 30))
    try:
        async with asyncio.timeout(30):  # textual-serve's own stop waits for it forever
            await session.stop()
        assert not alive(pid)
    finally:
        if alive(pid):
            os.kill(pid, signal.SIGKILL)


@pytest.mark.parametrize(
    ("host", "url"),
    [
        ("127.0.0.1", "http://127.0.0.1:8000/?token=t"),
        ("::1", "http://[::1]:8000/?token=t"),  # textual-serve alone prints http://::1:8000
    ],
)
def test_the_printed_address(host: str, url: str) -> None:
    from newsreader.web.server import GuardedServer

    assert GuardedServer("true", host=host, port=8000, token="t").url == url
    assert GuardedServer("true", host=host, port=8000, token=None).url == url.split("?")[0]


def test_without_a_token_the_origin_and_host_rules_still_hold() -> None:
    """``--no-token`` (loopback only) drops the token, not the other checks."""
    from newsreader.web.access import Access, Refusal

    access = Access.for_server("127.0.0.1", 8000, "http://127.0.0.1:8000", None)
    here = "http://127.0.0.1:8000"
    assert access.check("127.0.0.1:8000", here, [], websocket=True) is None
    assert access.check("127.0.0.1:8000", "http://evil.example", [], websocket=True) is (
        Refusal.ORIGIN
    )
    assert access.check("127.0.0.1:8000", None, [], websocket=True) is Refusal.ORIGIN
    assert access.check("evil.example:8000", here, [], websocket=False) is Refusal.HOST
