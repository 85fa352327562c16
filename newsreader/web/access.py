"""Who may talk to ``newsreader serve``: the served Host, the served Origin, the run's token.

A page from any other site open in the same browser can send requests to 127.0.0.1 and open
WebSockets to it (browsers do not apply the same-origin policy to WebSockets), and a name the
attacker controls can be made to resolve to 127.0.0.1 (DNS rebinding). So every request must
name the served host in ``Host``, carry the served ``Origin`` when it is a WebSocket (browsers
always send one there, and a page cannot forge it), and carry the token printed at start-up:
in the query string once, then in an HttpOnly, SameSite=Strict cookie that the served page's
own requests carry. Tokens are compared with :func:`hmac.compare_digest`.
"""

from __future__ import annotations

import hmac
import ipaddress
import secrets
from dataclasses import dataclass
from enum import Enum
from urllib.parse import urlsplit

TOKEN_PARAM = "token"
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")


class Refusal(Enum):
    """Why a request is refused: the one-line body of the 403 answer."""

    HOST = "403 Forbidden: this server answers only to the address newsreader serve printed"
    ORIGIN = "403 Forbidden: requests from other sites are refused"
    TOKEN = "403 Forbidden: open the address with the token that newsreader serve printed"


def new_token() -> str:
    return secrets.token_urlsafe(32)


def is_loopback(host: str) -> bool:
    """True for 127.0.0.0/8, ::1 and ``localhost``; false for every other name or address."""
    if host.strip().lower() in ("localhost", "localhost."):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def is_wildcard(host: str) -> bool:
    """True for the "every address" binds (0.0.0.0, ::, empty)."""
    try:
        return ipaddress.ip_address(host.strip("[]") or "0.0.0.0").is_unspecified
    except ValueError:
        return False


def _netloc(host: str, port: int) -> str:
    host = host.strip().lower()
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"
    return f"{host}:{port}"


@dataclass(frozen=True, slots=True)
class Access:
    """The served hosts and origins, and the token (``None``: no token, loopback only)."""

    hosts: frozenset[str]
    origins: frozenset[str]
    token: str | None
    cookie: str
    secure: bool

    @classmethod
    def for_server(cls, host: str, port: int, public_url: str, token: str | None) -> Access:
        """``public_url`` is what the browser uses (``http://HOST:PORT`` or a tunnel's end);
        a loopback server also answers to each loopback name on its own port."""
        parts = urlsplit(public_url)
        public = parts.netloc.lower()
        hosts = {public}
        if not is_wildcard(host):
            hosts.add(_netloc(host, port))
        if is_loopback(host):
            hosts.update(_netloc(name, port) for name in LOOPBACK_NAMES)
        origins = {f"{parts.scheme.lower()}://{public}"} | {f"http://{h}" for h in hosts}
        # Cookies are not kept apart by port: the name carries the port the browser uses.
        cookie = f"newsreader-token-{parts.port or (443 if parts.scheme == 'https' else 80)}"
        return cls(frozenset(hosts), frozenset(origins), token, cookie, parts.scheme == "https")

    def check(
        self, host: str | None, origin: str | None, tokens: list[str], websocket: bool
    ) -> Refusal | None:
        """Why a request with these headers and offered tokens is refused, or ``None``."""
        if (host or "").strip().lower() not in self.hosts:
            return Refusal.HOST
        if origin is not None and origin.strip().lower() not in self.origins:
            return Refusal.ORIGIN
        if websocket and origin is None:
            return Refusal.ORIGIN  # every browser sends Origin with a WebSocket
        if self.token is not None and not any(self.valid(t) for t in tokens):
            return Refusal.TOKEN
        return None

    def valid(self, offered: str) -> bool:
        assert self.token is not None
        return hmac.compare_digest(offered.encode("utf-8"), self.token.encode("utf-8"))
