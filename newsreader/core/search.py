"""Search every article of a corpus: case- and accent-insensitive substring search.

Headless (no Textual). The query is matched as typed (spaces and punctuation included) against
each article's folded text (:func:`newsreader.core.text.fold`: case-folded, diacritics
stripped), and every hit is reported as half-open offsets into the *original* text, so
``doc.text[hit.start:hit.end]`` is the matched stretch exactly as the article has it.

Folding a character can change its length ("ß" -> "ss", a combining accent -> nothing), so each
folded text keeps a short list of the places where it stops lining up with the original; most
articles have none. The folded texts are built once per corpus (:class:`SearchIndex`); a search
is then a ``str.find`` loop over them.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from newsreader.core.model import Document, Span
from newsreader.core.text import fold

MAX_HITS = 500
"""How many hits a search returns at most (:attr:`SearchResult.capped` says when it stopped)."""

_NON_ASCII = re.compile(r"[^\x00-\x7f]")


@dataclass(frozen=True, slots=True)
class SearchResult:
    query: str
    hits: tuple[Span, ...]
    """Each match as a span: ``[start, end)`` offsets into its document's text."""
    capped: bool
    """True when the search stopped at the cap: there are more hits than ``hits``."""


def fold_text(text: str) -> str:
    """``text`` folded character by character, as :class:`FoldedText` does (for queries)."""
    return FoldedText.of(text).folded


@dataclass(frozen=True, slots=True)
class FoldedText:
    """A text folded for search, with the map from folded offsets back to original ones.

    Segment ``i`` starts at folded offset ``fstarts[i]`` and original offset ``ostarts[i]``; in
    a ``linear`` segment folded and original characters pair one for one, otherwise the whole
    segment is what one original character folded to (``"ß"`` -> ``"ss"``).
    """

    folded: str
    fstarts: tuple[int, ...]
    ostarts: tuple[int, ...]
    linear: tuple[bool, ...]
    length: int
    """The length of the original text."""

    @classmethod
    def of(cls, text: str) -> FoldedText:
        if text.isascii():
            return cls(text.lower(), (0,), (0,), (True,), len(text))
        pieces: list[str] = []
        fstarts, ostarts, linear = [0], [0], [True]
        f = 0  # folded length so far
        o = 0  # original offset the pieces reach
        for m in _NON_ASCII.finditer(text):
            i = m.start()
            if i > o:
                pieces.append(text[o:i].lower())
                f += i - o
            folded = fold(m.group())
            pieces.append(folded)
            if len(folded) != 1:
                if len(folded) > 1:  # one character became several
                    fstarts.append(f)
                    ostarts.append(i)
                    linear.append(False)
                fstarts.append(f + len(folded))
                ostarts.append(i + 1)
                linear.append(True)
            f += len(folded)
            o = i + 1
        pieces.append(text[o:].lower())
        return cls("".join(pieces), tuple(fstarts), tuple(ostarts), tuple(linear), len(text))

    def original(self, f: int) -> int:
        """The original offset of the character that folded offset ``f`` came from."""
        i = bisect_right(self.fstarts, f) - 1
        if not self.linear[i]:
            return self.ostarts[i]
        return self.ostarts[i] + (f - self.fstarts[i])

    def span(self, fstart: int, fend: int) -> tuple[int, int]:
        """The original ``[start, end)`` covering folded ``[fstart, fend)`` (``fend > fstart``),
        with any characters that folded to nothing right after it (a combining accent)."""
        end = self.original(fend - 1) + 1
        after = self.original(fend) if fend < len(self.folded) else self.length
        return self.original(fstart), max(end, after)


class SearchIndex:
    """The folded texts of a corpus, built once, searched many times."""

    def __init__(self, docs: Iterable[Document]) -> None:
        self.docs: tuple[Document, ...] = tuple(docs)
        self._folded = [FoldedText.of(d.text) for d in self.docs]

    def search(self, query: str, limit: int = MAX_HITS) -> SearchResult:
        """Every place ``query`` occurs (non-overlapping, in corpus then text order), at most
        ``limit`` of them. An empty (or all-space) query finds nothing."""
        needle = fold_text(query)
        hits: list[Span] = []
        if not needle.strip():
            return SearchResult(query, (), False)
        n = len(needle)
        for doc, ft in zip(self.docs, self._folded, strict=True):
            text = ft.folded
            at = text.find(needle)
            while at >= 0:
                if len(hits) >= limit:
                    return SearchResult(query, tuple(hits), True)
                hit = Span(doc.id, *ft.span(at, at + n))
                if not hits or hits[-1] != hit:  # two halves of one "ß" are one hit
                    hits.append(hit)
                at = text.find(needle, at + n)
        return SearchResult(query, tuple(hits), False)


def search(docs: Sequence[Document], query: str, limit: int = MAX_HITS) -> SearchResult:
    """One search without keeping an index (build a :class:`SearchIndex` to search again)."""
    return SearchIndex(docs).search(query, limit)


@dataclass(frozen=True, slots=True)
class Context:
    """A hit in its context on one line: ``before + match + after``, line breaks as spaces."""

    before: str
    match: str
    after: str


def context(text: str, start: int, end: int, width: int = 80) -> Context:
    """The hit ``text[start:end]`` with up to about ``width`` characters around it, taken from
    the text itself (every kind of line break and tab shown as one space, one for one)."""
    room = max(0, width - (end - start))
    left = room // 3
    lo = max(0, start - left)
    hi = min(len(text), end + room - (start - lo))

    def flat(s: str) -> str:
        return _BREAKS.sub(" ", s)

    return Context(flat(text[lo:start]), flat(text[start:end]), flat(text[end:hi]))


_BREAKS = re.compile("[\r\n\t\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
