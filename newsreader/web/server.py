"""textual-serve's ``Server``, guarded and tidied for ``newsreader serve``.

- Every route (the page, ``/ws``, ``/static``, ``/download``) goes through one middleware that
  refuses, with a one-line 403, a request whose ``Host`` is not the served one, whose ``Origin``
  is another site's, or that lacks the run's token (:mod:`newsreader.web.access`). The page
  asked for with the token in its query string answers with a redirect to the same page without
  it, setting the cookie that the page's own requests then carry.
- The page is our copy of textual-serve's template without its Google Fonts link, served with
  a Content-Security-Policy that lets it load and connect to this server only, and never be
  framed by another page: nothing the page does leaves the machine.
- Each browser session ends when its browser goes: the reader is told to quit when its
  WebSocket closes, and is terminated if it has not within ``QUIT_SECONDS``; the reader itself
  quits when its input ends (:mod:`newsreader.tui.web_driver`), so a ``serve`` that is killed
  leaves no reader behind; stopping ``serve`` ends every session first.

This relies on textual-serve 1.1's ``Server._make_app``, ``handle_websocket`` and
``AppService`` internals; pyproject pins that range and ``tests/e2e/test_serve_guard.py``
tests them.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import sys
from pathlib import Path

from aiohttp import WSCloseCode, web
from aiohttp.typedefs import Handler
from textual_serve.app_service import AppService
from textual_serve.server import Server, to_int

from newsreader.web.access import TOKEN_PARAM, Access

TEMPLATES = Path(__file__).resolve().parent / "templates"
READER_DRIVER = "newsreader.tui.web_driver:ReaderWebDriver"
TOKEN_IN_URL = re.compile(rf"\b{TOKEN_PARAM}=[^&\s\"]+")
QUIT_SECONDS = 5.0
"""How long a reader has to quit after its browser went before it is terminated."""


class ReaderSession(AppService):
    """One browser tab's reader process, which never outlives the tab."""

    _stopping: asyncio.Future[None] | None = None

    def _build_environment(self, width: int = 80, height: int = 24) -> dict[str, str]:
        environment = super()._build_environment(width, height)
        environment["TEXTUAL_DRIVER"] = READER_DRIVER
        return environment

    async def stop(self) -> None:
        """Ask the reader to quit; terminate it if it has not quit in time, then kill it.
        Every caller (the socket's handler, the server's shutdown) waits for the same end."""
        if self._stopping is None:
            self._stopping = asyncio.ensure_future(self._stop())
        await asyncio.shield(self._stopping)

    async def _stop(self) -> None:
        process, task = self._process, self._task
        self._task = None
        if process is None or task is None:
            return
        await self._download_manager.cancel_app_downloads(app_service_id=self.app_service_id)
        if process.returncode is None:
            await self.send_meta({"type": "quit"})
        for signal_it in (None, process.terminate, process.kill):
            if signal_it is not None:
                with contextlib.suppress(ProcessLookupError):
                    signal_it()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(process.wait(), QUIT_SECONDS)
                break
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(task, QUIT_SECONDS)  # its output is at an end now
        if not task.done():
            task.cancel()


class HideToken(logging.Filter):
    """Keeps the token out of the access log (the first request carries it in its URL)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = TOKEN_IN_URL.sub(f"{TOKEN_PARAM}=(hidden)", record.msg)
        return True


class GuardedServer(Server):
    """textual-serve's server behind :class:`Access`, with its sessions ended on shutdown."""

    def __init__(
        self,
        command: str,
        *,
        host: str,
        port: int,
        token: str | None,
        public_url: str | None = None,
        title: str = "newsreader",
    ) -> None:
        if public_url is None and ":" in host:  # an IPv6 address needs its brackets in a URL
            public_url = f"http://[{host.strip('[]')}]:{port}"
        super().__init__(
            command,
            host=host,
            port=port,
            title=title,
            public_url=public_url,
            templates_path=TEMPLATES,
        )
        self.access = Access.for_server(host, port, self.public_url, token)
        self.sessions: dict[web.WebSocketResponse, ReaderSession] = {}

    def initialize_logging(self) -> None:
        super().initialize_logging()
        logging.getLogger("aiohttp.access").addFilter(HideToken())

    @property
    def url(self) -> str:
        """The address to open: with the token in it, when there is one."""
        token = self.access.token
        return f"{self.public_url}/" + (f"?{TOKEN_PARAM}={token}" if token else "")

    async def _make_app(self) -> web.Application:
        app = await super()._make_app()
        app.middlewares.append(self._guard)
        return app

    @web.middleware
    async def _guard(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        upgrade = request.headers.get("Upgrade", "").strip().lower()
        websocket = request.path == "/ws" or upgrade == "websocket"
        offered = [t for t in (request.query.get(TOKEN_PARAM), self._cookie(request)) if t]
        refusal = self.access.check(
            request.headers.get("Host"), request.headers.get("Origin"), offered, websocket
        )
        if refusal is not None:
            return web.Response(status=403, text=refusal.value + "\n", headers=_NO_STORE)
        token = request.query.get(TOKEN_PARAM)
        if token and request.path == "/" and self.access.token is not None:
            # Into the cookie, out of the address bar, the history and any Referer.
            query = request.rel_url.query.copy()
            del query[TOKEN_PARAM]
            redirect = web.HTTPSeeOther(request.rel_url.with_query(query), headers=_NO_STORE)
            redirect.set_cookie(
                self.access.cookie,
                token,
                path="/",
                httponly=True,
                samesite="Strict",
                secure=self.access.secure,
            )
            return redirect
        response: web.StreamResponse = await handler(request)
        if request.path == "/":
            response.headers.update(_NO_STORE)
            response.headers["Content-Security-Policy"] = self._policy()
            response.headers["X-Frame-Options"] = "DENY"
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        return response

    def _cookie(self, request: web.Request) -> str | None:
        return request.cookies.get(self.access.cookie)

    def _policy(self) -> str:
        sockets = " ".join(
            origin.replace("http", "ws", 1) for origin in sorted(self.access.origins)
        )
        return (
            "default-src 'self'; script-src 'self' 'unsafe-inline'; "
            "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; "
            f"connect-src 'self' {sockets}; frame-ancestors 'none'; base-uri 'none'; "
            "form-action 'none'"
        )

    async def on_startup(self, app: web.Application) -> None:
        print(f"newsreader serve: open {self.url}", flush=True)
        print("Press Ctrl+C to stop.", flush=True)

    async def on_shutdown(self, app: web.Application) -> None:
        """End every session before the server goes (aiohttp would wait for the sockets)."""
        sessions = list(self.sessions.items())
        await asyncio.gather(*(session.stop() for _, session in sessions))
        for websocket, _ in sessions:
            await websocket.close(code=WSCloseCode.GOING_AWAY, message=b"server stopped")

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """textual-serve's handler, with a :class:`ReaderSession` that is always stopped."""
        websocket = web.WebSocketResponse(heartbeat=15)
        width = max(1, min(to_int(request.query.get("width", "80"), 80), 1000))
        height = max(1, min(to_int(request.query.get("height", "24"), 24), 1000))
        session: ReaderSession | None = None
        try:
            await websocket.prepare(request)

            async def close() -> None:
                await websocket.close()

            session = ReaderSession(
                self.command,
                write_bytes=websocket.send_bytes,
                write_str=websocket.send_str,
                close=close,
                download_manager=self.download_manager,
                debug=self.debug,
            )
            self.sessions[websocket] = session
            await session.start(width, height)
            await self._process_messages(websocket, session)
        except asyncio.CancelledError:
            await websocket.close()
            raise
        except Exception as error:  # a malformed message from the page: end this session
            print(f"newsreader serve: session ended: {error!r}", file=sys.stderr, flush=True)
        finally:
            self.sessions.pop(websocket, None)
            if session is not None:
                await asyncio.shield(session.stop())
        return websocket


_NO_STORE = {"Cache-Control": "no-store"}
