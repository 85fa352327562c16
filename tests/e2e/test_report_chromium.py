"""The story report in headless Chromium: it loads, shows the titles, a passage and a conflict,
and no request leaves the page, even for an article full of markup pointing at a live server.

Chromium is driven over the DevTools protocol; every ``Network.requestWillBeSent`` event is
recorded, and a real HTTP server on 127.0.0.1 counts what reaches it. A control page without the
report's policy shows that both would see a request if one were made.
"""

from __future__ import annotations

import asyncio
import contextlib
import http.server
import itertools
import json
import shutil
import subprocess
import threading
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from newsreader.cli import main
from newsreader.core.corpus import load_corpus

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"
CHROMIUM = next(
    (p for p in map(shutil.which, ("chromium", "chromium-browser", "google-chrome")) if p), None
)

needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="Chromium is not installed (Debian: apt-get install chromium)"
)


class Page:
    """One page over DevTools: commands answered in order, events kept as they arrive."""

    def __init__(self, ws: Any, session_id: str) -> None:
        self.ws = ws
        self.session_id = session_id
        self.events: list[dict[str, Any]] = []
        self._ids = itertools.count(1)

    async def send(self, method: str, **params: Any) -> dict[str, Any]:
        message = {"id": next(self._ids), "method": method, "params": params}
        message["sessionId"] = self.session_id
        await self.ws.send_str(json.dumps(message))
        while True:
            reply = json.loads((await self.ws.receive(timeout=30)).data)
            if reply.get("id") == message["id"]:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return dict(reply.get("result", {}))
            if "method" in reply:
                self.events.append(reply)

    async def wait_for(self, method: str, timeout: float = 30) -> dict[str, Any]:
        """The first event named ``method`` (already received or still to come)."""
        deadline = time.monotonic() + timeout
        while True:
            for event in self.events:
                if event["method"] == method:
                    return event
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"no {method} within {timeout:.0f}s")
            reply = json.loads((await self.ws.receive(timeout=left)).data)
            if "method" in reply:
                self.events.append(reply)

    async def evaluate(self, expression: str) -> Any:
        result = await self.send("Runtime.evaluate", expression=expression, returnByValue=True)
        return result.get("result", {}).get("value")

    def requests(self) -> list[str]:
        return [
            e["params"]["request"]["url"]
            for e in self.events
            if e["method"] == "Network.requestWillBeSent"
        ]


@contextlib.asynccontextmanager
async def chromium(profile: Path) -> AsyncIterator[Page]:
    assert CHROMIUM is not None
    browser = subprocess.Popen(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--no-default-browser-check",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-extensions",
            "--allow-file-access-from-files",
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
        active = profile / "DevToolsActivePort"  # Chromium writes its port here once it listens
        deadline = time.monotonic() + 30
        while not (active.exists() and len(active.read_text().split()) >= 2):
            if browser.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"Chromium did not start (exit {browser.poll()})")
            await asyncio.sleep(0.05)
        port, path = active.read_text().split()[:2]
        async with (
            aiohttp.ClientSession() as http_session,
            http_session.ws_connect(f"ws://127.0.0.1:{port}{path}", max_msg_size=0) as ws,
        ):
            root = Page(ws, "")
            target = await _browser_call(root, "Target.createTarget", url="about:blank")
            attached = await _browser_call(
                root, "Target.attachToTarget", targetId=target["targetId"], flatten=True
            )
            yield Page(ws, attached["sessionId"])
    finally:
        browser.terminate()
        try:
            browser.wait(timeout=10)
        except subprocess.TimeoutExpired:
            browser.kill()
            browser.wait(timeout=5)


async def _browser_call(root: Page, method: str, **params: Any) -> dict[str, Any]:
    message = {"id": next(root._ids), "method": method, "params": params}
    await root.ws.send_str(json.dumps(message))
    while True:
        reply = json.loads((await root.ws.receive(timeout=30)).data)
        if reply.get("id") == message["id"]:
            return dict(reply.get("result", {}))


@contextlib.contextmanager
def counting_server() -> Iterator[tuple[int, list[str]]]:
    """An HTTP server on 127.0.0.1 that records every path asked of it."""
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1], hits
    finally:
        server.shutdown()
        server.server_close()


async def load(page: Page, url: str) -> None:
    await page.send("Network.enable")
    await page.send("Page.enable")
    await page.send("Page.navigate", url=url)
    await page.wait_for("Page.loadEventFired")


def _hostile_corpus(tmp_path: Path, port: int) -> Path:
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    bait = (
        f'<img src="http://127.0.0.1:{port}/img"> <script src="http://127.0.0.1:{port}/js">'
        f'</script> <link rel="stylesheet" href="http://127.0.0.1:{port}/css"> '
        f'<iframe src="http://127.0.0.1:{port}/frame"></iframe> '
        f"<style>@import url(http://127.0.0.1:{port}/import);</style>\n\n"
    )
    ft = corpus / "003_d4ed4fcdc58fa8ab.txt"
    ft.write_text(ft.read_text(encoding="utf-8") + "\n\n" + bait, encoding="utf-8")
    return corpus


@needs_chromium
async def test_the_report_loads_shows_the_story_and_makes_no_request(tmp_path: Path) -> None:
    with counting_server() as (port, hits):
        corpus = _hostile_corpus(tmp_path, port)
        out = tmp_path / "story.html"
        assert main(["report", str(corpus), "--out", str(out)]) == 0
        url = out.as_uri()
        async with chromium(tmp_path / "profile") as page:
            await load(page, url)
            shown = await page.evaluate(
                """({
                  title: document.title,
                  titles: [...document.querySelectorAll('.article h3.title')]
                      .map(e => e.textContent),
                  passages: [...document.querySelectorAll('.text .passage')]
                      .map(e => e.textContent),
                  conflicts: [...document.querySelectorAll('.text .conflict')]
                      .map(e => e.textContent),
                  sources: [...document.querySelectorAll('.passage-card p')]
                      .map(e => e.textContent),
                  resources: performance.getEntriesByType('resource').length,
                  images: document.images.length,
                  scripts: document.scripts.length,
                  bait: document.body.innerText.includes('<img src="http://127.0.0.1:'),
                })"""
            )
            requests = page.requests()
    assert shown["title"].startswith("Story report: Azerbaijan")
    assert shown["titles"] == [d.title for d in load_corpus(corpus).documents]
    assert any(p.startswith("Heavy clashes") for p in shown["passages"])
    assert {"23", "13", "Dozens", "Nearly 200"} <= set(shown["conflicts"])
    assert any("From [1] RFE/RL, credited" in s for s in shown["sources"])
    assert shown["bait"]  # the markup is on the page as text...
    assert (shown["images"], shown["scripts"], shown["resources"]) == (0, 0, 0)  # ...not as HTML
    assert requests == [url]  # the page itself, nothing else
    assert hits == []


@needs_chromium
async def test_the_watch_sees_a_request_when_a_page_makes_one(tmp_path: Path) -> None:
    """The control: the same checks on a page that does fetch, to show they can fail."""
    with counting_server() as (port, hits):
        control = tmp_path / "control.html"
        control.write_text(f'<!DOCTYPE html><img src="http://127.0.0.1:{port}/img">')
        async with chromium(tmp_path / "profile") as page:
            await load(page, control.as_uri())
            requests = page.requests()
            resources = await page.evaluate("performance.getEntriesByType('resource').length")
    assert f"http://127.0.0.1:{port}/img" in requests
    assert resources == 1
    assert hits == ["/img"]
