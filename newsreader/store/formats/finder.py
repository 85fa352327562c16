"""Finding an annotation's article: by id, by path, by web address, then by path on disk; and
another tool's annotation of a web page whose address no article has, by its quote."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from newsreader.core.model import Document

# A place found by quote alone needs this many characters of the annotation's context (prefix
# and suffix together) to agree with the article's text around it, or all of it when shorter.
MIN_CONTEXT = 16
MAX_NAMED = 3  # articles named in a reason
_SPACE = re.compile(r"\s+")


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


@dataclass(frozen=True, slots=True)
class QuoteMatch:
    """Where a quote was found (``doc`` and offsets into its text), or why not (``why``)."""

    doc: Document | None
    start: int = 0
    end: int = 0
    why: str = ""


def _flatten(text: str) -> tuple[str, list[int]]:
    """``text`` with each run of whitespace as one space, and for each of its characters (and
    one past the end) the offset in ``text`` it came from."""
    pieces: list[str] = []
    where: list[int] = []
    at = 0
    for m in _SPACE.finditer(text):
        pieces.append(text[at : m.start()])
        where.extend(range(at, m.start()))
        pieces.append(" ")
        where.append(m.start())
        at = m.end()
    pieces.append(text[at:])
    where.extend(range(at, len(text)))
    where.append(len(text))
    return "".join(pieces), where


def _agreement(before: str, after: str, prefix: str, suffix: str) -> int | None:
    """How many characters of context agree around a place, or ``None`` if a side disagrees.
    ``before`` and ``after`` are the article's text either side, as long as the context or up
    to the article's edge; a side agrees when its context matches in full, or up to the
    article's start (prefix) or end (suffix), as page furniture beyond the article's text."""
    if not prefix.endswith(before) or not suffix.startswith(after):
        return None
    return len(before) + len(after)


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
        self._flat: dict[str, tuple[str, list[int]]] = {}

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

    def by_quote(self, quote: str, prefix: str, suffix: str) -> QuoteMatch:
        """Another tool's annotation of a web page no article's address matches, placed by its
        ``TextQuoteSelector`` among the articles whose address is not known (an article with
        a known address is another page): the one place in them where the quote occurs and its
        context agrees (:func:`_agreement`, at least :data:`MIN_CONTEXT` characters of it),
        whitespace runs counting as one space. None, or more than one, is no match, and says
        why; so is an annotation with no context to confirm a place."""
        pool = [d for d in self.by_id.values() if not d.url]
        if not self.by_id:
            return QuoteMatch(None, why="no articles to look in (give --corpus)")
        lead = quote[: len(quote) - len(quote.lstrip())]
        trail = quote[len(quote.rstrip()) :]
        exact = _flatten(quote.strip())[0]
        before = _flatten(prefix + lead)[0]
        after = _flatten(trail + suffix)[0]
        if not exact:
            return QuoteMatch(None, why="its quote is only whitespace")
        if not (before.strip() or after.strip()):
            return QuoteMatch(None, why="its quote has no prefix or suffix to confirm a place")
        needed = min(MIN_CONTEXT, len(before) + len(after))
        seen: list[Document] = []
        places: list[tuple[Document, int, int]] = []
        for doc in pool:
            flat, where = self._flattened(doc)
            at = flat.find(exact)
            while at >= 0:
                if not seen or seen[-1] is not doc:
                    seen.append(doc)
                end = at + len(exact)
                agreed = _agreement(
                    flat[max(0, at - len(before)) : at], flat[end : end + len(after)], before, after
                )
                if agreed is not None and agreed >= needed:
                    places.append((doc, where[at], where[end - 1] + 1))
                at = flat.find(exact, at + 1)
        if len(places) == 1:
            doc, start, end = places[0]
            return QuoteMatch(doc, start, end)
        if places:
            named = _names(p[0] for p in places)
            return QuoteMatch(
                None, why=f"its quote and context fit {len(places)} places ({named}): ambiguous"
            )
        if seen:
            return QuoteMatch(
                None,
                why=f"its quote is in {_names(seen)} but its context (prefix, suffix) "
                "does not match there",
            )
        return QuoteMatch(
            None, why=f"its quote is in none of the {len(pool)} article(s) with no known address"
        )

    def _flattened(self, doc: Document) -> tuple[str, list[int]]:
        found = self._flat.get(doc.id)
        if found is None:
            found = self._flat[doc.id] = _flatten(doc.text)
        return found

    @staticmethod
    def _load(path: str) -> Document | None:
        from newsreader.core.corpus import Undecodable, load_document

        try:
            if not os.path.isfile(path):
                return None
            return load_document(Path(path), path)
        except (Undecodable, OSError, ValueError):
            return None


def _names(docs: Iterable[Document]) -> str:
    """The paths of ``docs`` (each once), at most :data:`MAX_NAMED`, then how many more."""
    paths = list(dict.fromkeys(d.path or d.id for d in docs))
    shown = ", ".join(paths[:MAX_NAMED])
    return shown + (f" and {len(paths) - MAX_NAMED} more" if len(paths) > MAX_NAMED else "")


def _real(path: str) -> str:
    try:
        return os.path.realpath(path)
    except (OSError, ValueError):  # e.g. a NUL character in a path read from a file
        return path
