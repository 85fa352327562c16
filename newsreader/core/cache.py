"""A content-addressed cache of work done on one file (the articles extracted from a page or a
feed), so opening a folder a second time skips the expensive part.

Entries are keyed by the SHA-256 of the file's bytes plus the version of the extracting code, so
an edited file or a new extractor misses the cache by itself; nothing is ever invalidated by
hand. The cache lives in ``$NEWSREADER_CACHE``, else ``$XDG_CACHE_HOME/newsreader``, else
``~/.cache/newsreader``: per user, so users sharing a corpus never share (or trust) each other's
entries, and a cache folder owned by someone else or writable by others is not used at all.
``NEWSREADER_CACHE=off`` turns it off. Each entry is written to a temporary file and renamed
into place, so a reader never sees half an entry, and concurrent writers of one entry write the
same bytes. An entry that is unreadable, damaged or of another shape is ignored (and
overwritten), never trusted: the work is simply done again.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from newsreader.settings import xdg_home

ENV = "NEWSREADER_CACHE"


def cache_dir() -> Path | None:
    """The cache folder, or ``None`` when caching is off, or when the folder is not safe to
    trust: owned by another user, or writable by others (anyone who can write there could plant
    a false article text under a real page's hash)."""
    configured = os.environ.get(ENV)
    if configured is not None:
        if configured.strip().lower() in ("", "off", "0", "no", "false"):
            return None
        folder = Path(configured)
    else:
        folder = xdg_home("XDG_CACHE_HOME", ".cache") / "newsreader"
    try:
        st = folder.stat()
    except OSError:
        return folder  # made on first write, private
    if st.st_uid != os.getuid() or st.st_mode & 0o022:
        return None
    return folder


def key_of(data: bytes, kind: str) -> str:
    """The cache key of ``data`` for work of ``kind`` (which names the code's version)."""
    return hashlib.sha256(kind.encode() + b"\0" + data).hexdigest()


def get(kind: str, key: str) -> Any | None:
    """The cached value, or ``None`` when absent, unreadable or not ours."""
    folder = cache_dir()
    if folder is None:
        return None
    path = folder / kind / key[:2] / f"{key}.json"
    try:
        with path.open("rb") as fh:
            entry = json.loads(fh.read())
    except (OSError, ValueError):
        return None
    if not isinstance(entry, dict) or entry.get("key") != key or "value" not in entry:
        return None
    return entry["value"]


def put(kind: str, key: str, value: Any) -> None:
    """Store ``value`` (JSON-serialisable). A cache that cannot be written is skipped."""
    folder = cache_dir()
    if folder is None:
        return
    target = folder / kind / key[:2] / f"{key}.json"
    try:
        # Each level private (``parents=True`` alone would make the upper ones with the umask).
        for level in (folder, folder / kind, target.parent):
            level.mkdir(parents=level is folder, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=".json")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump({"key": key, "value": value}, fh, ensure_ascii=False)
            os.replace(tmp, target)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
    except OSError:
        return
