"""Offset-preserving text helpers: word tokens, folding, sentences, terminal-safe display.

Nothing here changes the document text; every function returns offsets into the text it was
given, so callers can always slice the original.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from newsreader.core.model import Region


# A word is a run of letters/digits (Unicode aware). Punctuation, quotes, dashes and spacing are
# not words, which is what makes matching tolerant of typography ("--" vs "—", curly quotes).
WORD_RE = re.compile(r"\w+")

_FOLD_CACHE: dict[str, str] = {}


def fold(word: str) -> str:
    """Case-fold a word and strip diacritics ("Élysée" -> "elysee")."""
    cached = _FOLD_CACHE.get(word)
    if cached is not None:
        return cached
    out = word.casefold()
    if not out.isascii():
        out = "".join(
            ch for ch in unicodedata.normalize("NFKD", out) if not unicodedata.combining(ch)
        )
    if len(_FOLD_CACHE) < 500_000:
        _FOLD_CACHE[word] = out
    return out


@dataclass(frozen=True, slots=True)
class Tokens:
    """The words of a text: folded forms and their ``[start, end)`` offsets.

    Offsets are compact ``array("i")`` (4 bytes an offset, against 36 for a list of ints): a
    feed holds millions of words.
    """

    words: list[str]
    starts: array[int]
    ends: array[int]

    def __len__(self) -> int:
        return len(self.words)


def tokenize(text: str, skip: list[tuple[int, int]] | None = None) -> Tokens:
    """Split ``text`` into folded words, leaving out words inside the ``skip`` ranges."""
    words: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    ranges = sorted(skip or [])
    r = 0
    # Lower-casing first is much faster than folding word by word; it is only safe when it keeps
    # every offset (a few characters, such as "İ", grow when lower-cased).
    lowered = text.lower()
    same_offsets = len(lowered) == len(text)
    for m in WORD_RE.finditer(lowered if same_offsets else text):
        s, e = m.span()
        if ranges:
            while r < len(ranges) and ranges[r][1] <= s:
                r += 1
            if r < len(ranges) and ranges[r][0] < e:
                continue
        word = m.group()
        words.append(word if same_offsets and word.isascii() else fold(word))
        starts.append(s)
        ends.append(e)
    return Tokens(words, array("i", starts), array("i", ends))


# Abbreviations after which a full stop does not end a sentence.
_ABBREV = {
    "mr", "mrs", "ms", "dr", "prof", "gen", "col", "lt", "sgt", "capt", "st", "sen", "rep",
    "gov", "pres", "jr", "sr", "inc", "ltd", "co", "corp", "no", "vs", "etc", "approx", "est",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "u", "s", "e", "g", "i", "a", "p", "m",
}  # fmt: skip

_SENT_END_RE = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])|\n\s*\n|\n")


def sentences(text: str) -> list[tuple[int, int]]:
    """Split ``text`` into sentence ranges (trimmed of surrounding white space).

    Paragraph breaks and line ends always end a sentence; ``.``, ``!`` and ``?`` do unless they
    follow a known abbreviation ("Mr.", "U.S.").
    """
    out: list[tuple[int, int]] = []
    start = 0
    for m in _SENT_END_RE.finditer(text):
        end = m.end()
        if text[m.start()] == ".":
            before = text[start : m.start()]
            wm = re.search(r"(\w+)$", before)
            if wm and (wm.group(1).lower() in _ABBREV) and m.group().startswith("."):
                continue
        _push(text, start, end, out)
        start = end
    _push(text, start, len(text), out)
    return out


def _push(text: str, start: int, end: int, out: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append((start, end))


def _display_char(ch: str) -> str:
    code = ord(ch)
    if code < 0x20:
        return chr(0x2400 + code)
    if code == 0x7F:
        return "\u2421"
    return "\ufffd"


# C0/C1 controls, DEL, and the Unicode format characters that reorder or hide text (bidi
# overrides and isolates). Zero-width joiners and variation selectors are not controls; the
# reader, which lays text out in a cell grid, also replaces them (newsreader/tui/literal.py).
_UNSAFE_RE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufff9-\ufffb]")


def display_safe(text: str) -> str:
    """Return ``text`` with every control character replaced by a visible stand-in.

    The result has exactly the same length as ``text`` (one code point for one code point, line
    feeds kept), so offsets into the document remain valid for the displayed string. Tabs become
    a single space; ESC becomes "␛", so an escape sequence in an article is shown, not obeyed.
    """
    if not _UNSAFE_RE.search(text):
        return text

    def repl(m: re.Match[str]) -> str:
        ch = m.group()
        if ch == "\t":
            return " "
        return _display_char(ch)

    return _UNSAFE_RE.sub(repl, text)


def blank_out(text: str, furniture: Sequence[Region]) -> str:
    """The text with the given regions (page furniture) replaced by spaces: same length, same
    offsets, and the words outside them still apart."""
    if not furniture:
        return text
    out: list[str] = []
    pos = 0
    for r in sorted(furniture, key=lambda r: r.start):
        if r.start > pos:
            out.append(text[pos : r.start])
        if r.end > pos:
            out.append(" " * (r.end - max(pos, r.start)))
            pos = r.end
    out.append(text[pos:])
    return "".join(out)
