"""Finding an annotation's article: by id, by path, by web address, then by path on disk."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import urlsplit

from newsreader.core.model import Document


def same_page(url: str) -> str:
    """A web address reduced to what names the page: ``http`` and ``https``, ``www.``, case in
    the host, a default port, the fragment and a trailing ``/`` do not matter."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return url.strip()
    host = (parts.hostname or "").lower().removeprefix("www.")
    if port is not None and port not in (80, 443):
        host = f"{host}:{port}"
    path = parts.path.rstrip("/")
    query = f"?{parts.query}" if parts.query else ""
    return f"{host}{path}{query}"


class DocumentFinder:
    """Finds an annotation's document: by id among ``documents``, then by path among them, then
    by web address (a document's ``url``), then by path on disk. Results are cached."""

    def __init__(self, documents: Iterable[Document] = (), search_disk: bool = True) -> None:
        self.by_id: dict[str, Document] = {}
        self.by_path: dict[str, Document] = {}
        self.by_name: dict[str, list[Document]] = {}
        self.by_url: dict[str, Document] = {}
        for d in documents:
            self.by_id.setdefault(d.id, d)
            self.by_path.setdefault(d.path, d)
            self.by_path.setdefault(_real(d.path), d)
            self.by_name.setdefault(os.path.basename(d.path), []).append(d)
            if d.url:
                self.by_url.setdefault(same_page(d.url), d)
        self.search_disk = search_disk
        self._disk: dict[str, Document | None] = {}

    def find(self, doc_id: str, path: str, url: str = "") -> Document | None:
        found = self.by_id.get(doc_id)
        if found is not None:
            return found
        if url:
            found = self.by_url.get(same_page(url))
            if found is not None:
                return found
        if not path:
            return None
        found = self.by_path.get(path) or self.by_path.get(_real(path))
        if found is not None:
            return found
        same_name = self.by_name.get(os.path.basename(path), [])
        if len(same_name) == 1:
            return same_name[0]
        if self.by_id or not self.search_disk:
            return None
        if path not in self._disk:
            self._disk[path] = self._load(path)
        return self._disk[path]

    @staticmethod
    def _load(path: str) -> Document | None:
        from newsreader.core.corpus import Undecodable, load_document

        try:
            if not os.path.isfile(path):
                return None
            return load_document(Path(path), path)
        except (Undecodable, OSError, ValueError):
            return None


def _real(path: str) -> str:
    try:
        return os.path.realpath(path)
    except (OSError, ValueError):  # e.g. a NUL character in a path read from a file
        return path
