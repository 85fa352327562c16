"""``newsreader serve`` and headless Chromium for the end-to-end tests.

textual-serve's page draws the terminal with xterm.js on a canvas, so the text is not in the DOM.
Before the page's scripts run, a hook (installed through the DevTools protocol) keeps a reference
to the page's xterm.js ``Terminal``; the tests then read its screen buffer, the text xterm.js
paints. Chromium is driven over its DevTools websocket with aiohttp (which textual-serve already
needs); the DevTools client also keeps every event, so a test can see each request the page made.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import re
import shutil
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp  # textual-serve's web server, here a DevTools and HTTP client
import pytest
from sshd_fixture import free_port

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
KEPT_EVENTS = frozenset({"Network.requestWillBeSent", "Network.webSocketCreated"})
PRINTED = re.compile(r"newsreader serve: open (\S+)")


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


def newsreader_argv() -> list[str]:
    exe = shutil.which("newsreader")
    return [exe] if exe else [sys.executable, "-m", "newsreader"]


def serve_args(db: Path, port: int) -> list[str]:
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


def poll(
    what: str, check: Callable[[], Any], timeout: float, explain: Callable[[], str] = str
) -> Any:
    """``check()`` until it returns something true, or fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        found = check()
        if found:
            return found
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not after {timeout:.0f}s\n{explain()}")
        time.sleep(0.05)


def printed_url(log: Path, alive: Callable[[], bool], timeout: float = 30) -> str:
    """The address ``newsreader serve`` printed (with its token) in ``log``."""

    def found() -> str | None:
        match = PRINTED.search(log.read_text(errors="replace"))
        if match:
            return match.group(1)
        assert alive(), f"serve exited:\n{log.read_text(errors='replace')}"
        return None

    return str(poll("serve's address", found, timeout, lambda: log.read_text(errors="replace")))


def children(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (from /proc; psutil is not needed)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError, IndexError, ValueError):
            stat = (entry / "stat").read_text()
            fields = stat[stat.rindex(")") + 2 :].split()
            if int(fields[1]) == pid and fields[0] != "Z":
                found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    """True while ``pid`` exists and is not a zombie."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat[stat.rindex(")") + 2 :].split()[0] != "Z"


def command_line(pid: int) -> str:
    with contextlib.suppress(OSError):
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    return ""


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


@dataclass
class Served:
    """A running ``newsreader serve``: its printed address (token included), base, process."""

    url: str
    base: str
    port: int
    db: Path
    log: Path
    process: subprocess.Popen[bytes]

    @property
    def token(self) -> str:
        return self.url.split("token=", 1)[1]

    def readers(self) -> list[int]:
        return [pid for pid in children(self.process.pid) if " read " in command_line(pid)]


@contextlib.contextmanager
def serving(folder: Path, *extra: str) -> Iterator[Served]:
    """``newsreader serve`` on a free loopback port, until the block ends."""
    port, db, log = free_port(), folder / "served.db", folder / "serve.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [*newsreader_argv(), *serve_args(db, port), *extra],
            cwd=folder,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        url = printed_url(log, lambda: process.poll() is None)
        yield Served(url, f"http://127.0.0.1:{port}/", port, db, log, process)
    finally:
        stop(process)


class DevTools:
    """A minimal DevTools protocol client: one page, commands answered in order, the events
    that say where the page sent requests kept in ``events``."""

    def __init__(self, ws: Any, session_id: str | None = None) -> None:
        self.ws = ws
        self.session_id = session_id
        self._ids = itertools.count(1)
        self.events: list[dict[str, Any]] = []

    async def send(self, method: str, **params: Any) -> dict[str, Any]:
        message: dict[str, Any] = {"id": next(self._ids), "method": method, "params": params}
        if self.session_id:
            message["sessionId"] = self.session_id
        await self.ws.send_str(json.dumps(message))
        while True:
            raw = (await self.ws.receive(timeout=30)).data
            if '"method":"Network.webSocketFrame' in raw:
                continue  # one per frame of the reader's screen: many, and not needed
            reply = json.loads(raw)
            if reply.get("id") == message["id"]:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return dict(reply.get("result", {}))
            if reply.get("method") in KEPT_EVENTS:
                self.events.append(reply)

    async def evaluate(self, expression: str, *, wait: bool = False) -> Any:
        result = await self.send(
            "Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=wait
        )
        return result.get("result", {}).get("value")

    def requested(self) -> list[str]:
        """Every URL the page asked for or opened a WebSocket to, as DevTools reported them."""
        return [
            e["params"]["request"]["url"] if "request" in e["params"] else e["params"]["url"]
            for e in self.events
        ]


@dataclass
class Browser:
    process: subprocess.Popen[bytes]
    root: DevTools

    async def page(self) -> DevTools:
        target = await self.root.send("Target.createTarget", url="about:blank")
        attached = await self.root.send(
            "Target.attachToTarget", targetId=target["targetId"], flatten=True
        )
        return DevTools(self.root.ws, attached["sessionId"])


@contextlib.asynccontextmanager
async def chromium(profile: Path) -> AsyncIterator[Browser]:
    """Headless Chromium that resolves no name but the loopback ones: a request meant for the
    internet is reported by DevTools and then fails, it never leaves the machine."""
    exe = _chromium()
    assert exe is not None
    process = subprocess.Popen(
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
            "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
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
            if process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"Chromium did not start (exit {process.poll()})")
            await asyncio.sleep(0.05)
        port, path = active.read_text().split()[:2]
        async with (
            aiohttp.ClientSession() as http,
            http.ws_connect(f"ws://127.0.0.1:{port}{path}", max_msg_size=0) as ws,
        ):
            yield Browser(process, DevTools(ws))
    finally:
        stop(process)


@contextlib.asynccontextmanager
async def chromium_page(profile: Path) -> AsyncIterator[DevTools]:
    async with chromium(profile) as browser:
        yield await browser.page()


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
    await page.send("Network.enable")
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


def titles() -> list[str]:
    from newsreader.core.corpus import load_corpus

    return [doc.title[:24] for doc in load_corpus(CORPUS).documents]
