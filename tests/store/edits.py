"""Editing an article while keeping track of where each original character went, to judge
re-anchoring: a placement is right only if it lies on the tag's own (possibly edited) text.

Used by the re-anchoring tests and by ``benchmarks/reanchor_bench.py`` (the issue's scenario:
tags on the bundled articles, the articles edited, then re-anchored).
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz.distance import Indel

INSERTED = -1


@dataclass
class Tracked:
    """A text and, for each character, the range of original positions it came from:
    ``(p, p + 1)`` for an original character, ``(-1, -1)`` for inserted text, and for
    replacement text the range of the original characters it replaced.

    Text inserted where text was deleted (with nothing but spaces between) replaced it, as if
    both had been done at once: a sentence deleted and another put in its place is the
    sentence rewritten, whichever order the edits came in. ``gap[i]`` is the range of original
    characters deleted just before character ``i`` (``None`` if none); ``moved`` holds the
    original characters of passages moved elsewhere."""

    text: str
    lo: list[int] = field(default_factory=list)
    hi: list[int] = field(default_factory=list)
    gap: list[tuple[int, int] | None] = field(default_factory=list)
    moved: set[int] = field(default_factory=set)  # original characters cut and pasted

    def __repr__(self) -> str:  # short, for Hypothesis' reports
        return f"Tracked(<{len(self.text)} characters>)"

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:  # Hypothesis' printer
        printer.text(repr(self))

    @classmethod
    def of(cls, text: str) -> Tracked:
        n = len(text)
        return cls(text, list(range(n)), list(range(1, n + 1)), [None] * (n + 1))

    def replace(self, a: int, b: int, new: str) -> None:
        """``text[a:b] = new``."""
        olds = [(self.lo[i], self.hi[i]) for i in range(a, b) if self.lo[i] >= 0]
        olds += [g for g in self.gap[a : b + 1] if g is not None]
        if new and not olds:  # an insertion: next to a deletion, it replaced what went
            for k in self._across_spaces(a, b):
                went = self.gap[k]
                if went is not None:
                    olds.append(went)
                    self.gap[k] = None
        joined = (min(x for x, _ in olds), max(y for _, y in olds)) if olds else None
        lo, hi = joined if joined and new else (INSERTED, INSERTED)
        self.text = self.text[:a] + new + self.text[b:]
        self.lo[a:b] = [lo] * len(new)
        self.hi[a:b] = [hi] * len(new)
        if new:
            self.gap[a : b + 1] = [None] * (len(new) + 1)
        else:
            self.gap[a : b + 1] = [joined]

    def _across_spaces(self, a: int, b: int) -> list[int]:
        """The gaps reachable from ``a`` back and from ``b`` on, over spaces only."""
        out = [a, b]
        i = a
        while i > 0 and self.text[i - 1].isspace():
            i -= 1
            out.append(i)
        j = b
        while j < len(self.text) and self.text[j].isspace():
            j += 1
            out.append(j)
        return out

    def cut(self, a: int, b: int) -> tuple[str, list[int], list[int]]:
        """Remove ``text[a:b]`` and return it with its origins, to :meth:`paste` elsewhere
        (a moved passage keeps its original characters, and leaves no gap)."""
        piece = (self.text[a:b], self.lo[a:b], self.hi[a:b])
        self.text = self.text[:a] + self.text[b:]
        del self.lo[a:b], self.hi[a:b]
        around = [g for g in (self.gap[a], self.gap[b]) if g is not None]
        joined = (min(x for x, _ in around), max(y for _, y in around)) if around else None
        self.gap[a : b + 1] = [joined]
        return piece

    def paste(self, at: int, piece: tuple[str, list[int], list[int]], before: str = "") -> None:
        """Insert a :meth:`cut` piece at ``at``, after ``before`` (new text)."""
        text, lo, hi = piece
        n = len(before)
        self.text = self.text[:at] + before + text + self.text[at:]
        self.lo[at:at] = [INSERTED] * n + lo
        self.hi[at:at] = [INSERTED] * n + hi
        self.gap[at + 1 : at + 1] = [None] * (n + len(text))
        self.moved.update(x for x in lo if x >= 0)

    def own(self, i: int, start: int, end: int) -> bool:
        """Whether character ``i`` of the edited text is (or replaced) tagged text."""
        return self.lo[i] >= 0 and self.lo[i] < end and self.hi[i] > start

    def intact(self, start: int, end: int, quote: str) -> bool:
        """Whether the tag's characters are all still there, unedited, side by side."""
        at = [i for i, lo in enumerate(self.lo) if start <= lo < end and self.hi[i] == lo + 1]
        return len(at) == end - start and self.text[at[0] : at[-1] + 1] == quote

    def judge(self, start: int, end: int, s: int, e: int, status: str) -> str:
        """``right``, ``wrong`` or ``orphaned`` for a tag made on ``[start, end)`` of the
        original text and placed at ``[s, e)`` of the edited one. Right: the placement holds
        some of the tag's own characters (or what replaced them) and nothing else but inserted
        text and, inside it, spaces (when one of two neighbouring spaces was deleted, which one
        went cannot be told)."""
        if status == "orphaned":
            return "orphaned"
        if not (0 <= s < e <= len(self.text)):
            return "wrong"
        inside = range(s, e)
        if not any(self.own(i, start, end) for i in inside):
            return "wrong"
        if all(
            self.own(i, start, end)
            or self.lo[i] == INSERTED
            or (s < i < e - 1 and self.text[i].isspace())  # which of two spaces: a diff's guess
            for i in inside
        ):
            return "right"
        return "wrong"


# ---------------------------------------------------------------------------------------------
# The issue's scenario

_SENTENCE = re.compile(r"[^.!?\n]+[.!?]+[\"”’]?[ \t]*")
_WORD = re.compile(r"\w+")
_NUMBER = re.compile(r"\b\d+\b")


def tags_for(text: str, count: int, rng: random.Random) -> list[tuple[int, int]]:
    """``count`` word-aligned spans: a third on words the article repeats (names), some on
    numbers, the rest phrases of two to six words."""
    words = [(m.start(), m.end()) for m in _WORD.finditer(text)]
    seen: dict[str, int] = {}
    for s, e in words:
        seen[text[s:e]] = seen.get(text[s:e], 0) + 1
    repeated = [(s, e) for s, e in words if seen[text[s:e]] > 1 and e - s >= 4]
    numbers = [(m.start(), m.end()) for m in _NUMBER.finditer(text)]
    spans: set[tuple[int, int]] = set()
    want_repeated, want_numbers = count // 3, count // 5
    while len(spans) < want_repeated and repeated:
        spans.add(rng.choice(repeated))
    target = min(len(spans) + want_numbers, len(spans) + len(numbers))
    while len(spans) < target:
        spans.add(rng.choice(numbers))
    while len(spans) < count:
        i = rng.randrange(len(words))
        j = min(len(words) - 1, i + rng.randint(1, 5))
        spans.add((words[i][0], words[j][1]))
    return sorted(spans)


def edit_like_the_issue(text: str, tags: list[tuple[int, int]], rng: random.Random) -> Tracked:
    """The edits issue 12 lists, on one article: sentences deleted (a repeated name's second
    sentence among them), figures changed ("130" to "150"), the context of some tags
    rewritten, paragraphs inserted, opening quotation marks lost, typos fixed."""
    doc = Tracked.of(text)
    vocabulary = sorted({m.group() for m in _WORD.finditer(text)})

    def where(original: int) -> int | None:
        """The current position of original character ``original`` (None if gone)."""
        for i, lo in enumerate(doc.lo):
            if lo == original and doc.hi[i] == original + 1:
                return i
        return None

    # Context rewritten around a few tags: three words either side replaced.
    for start, end in rng.sample(tags, min(3, len(tags))):
        s, e = where(start), where(end - 1)
        if s is None or e is None:
            continue
        before = list(_WORD.finditer(doc.text, max(0, s - 40), s))[-3:]
        after = list(_WORD.finditer(doc.text, e + 1, e + 41))[:3]
        for m in reversed(after):
            doc.replace(m.start(), m.end(), rng.choice(vocabulary))
        for m in reversed(before):
            doc.replace(m.start(), m.end(), rng.choice(vocabulary))
    # Figures changed: one digit of every other number.
    for n, m in enumerate(list(_NUMBER.finditer(doc.text))[::-1]):
        if n % 2 == 0:
            k = m.start() + rng.randrange(len(m.group()))
            digit = doc.text[k]
            doc.replace(k, k + 1, str((int(digit) + rng.randint(1, 8)) % 10))
    # Sentences deleted: two at random, and one holding the second copy of a repeated word.
    sentences = list(_SENTENCE.finditer(doc.text))
    doomed = set(rng.sample(range(len(sentences)), min(2, len(sentences))))
    counts: dict[str, int] = {}
    for n, m in enumerate(sentences):
        for w in set(_WORD.findall(m.group())):
            counts[w] = counts.get(w, 0) + 1
            if counts[w] == 2 and len(w) >= 5 and w[0].isupper() and len(doomed) < 3:
                doomed.add(n)
    for n in sorted(doomed, reverse=True):
        doc.replace(sentences[n].start(), sentences[n].end(), "")
    # Opening quotation marks lost.
    for m in list(re.finditer(r"[\"“]", doc.text))[:4:2][::-1]:
        doc.replace(m.start(), m.end(), "")
    # Typos fixed: a letter changed inside three words.
    for m in rng.sample(list(_WORD.finditer(doc.text)), 3):
        if len(m.group()) > 3:
            k = m.start() + 1 + rng.randrange(len(m.group()) - 2)
            doc.replace(k, k + 1, rng.choice("aeiou"))
    # Paragraphs inserted: an update at the top, an aside in the middle.
    middle = doc.text.find("\n", len(doc.text) // 2)
    if middle > 0:
        doc.replace(middle, middle, "\n\nThe figures could not be independently verified.")
    doc.replace(0, 0, "UPDATE, 14:02: this article has been updated with new casualty figures.\n\n")
    return doc


def explain(
    doc: Tracked, original: str, start: int, end: int, s: int, e: int, status: str = ""
) -> str:
    """The tag's original text and its placement, characters not its own in [brackets]."""
    marked = "".join(
        ch if doc.own(i, start, end) or doc.lo[i] == INSERTED else f"[{ch}]"
        for i, ch in enumerate(doc.text[s:e], s)
    )
    return f"tagged {original[start:end]!r}, placed ({status}) on {marked!r}"


# ---------------------------------------------------------------------------------------------
# Realistic edits: what re-extracting, re-editing or re-typesetting an article does

_PARAGRAPH = re.compile(r"[^\n]+")
_RUN_ON = re.compile(r"[^.!?]+(?:[.!?]+|$)")  # a sentence, across line breaks
_CURLY = str.maketrans("“”‘’", "\"\"''")
REALISTIC = (
    "delete sentence",
    "delete paragraph",
    "insert sentence",
    "insert paragraph",
    "collapse blank lines",
    "rewrap lines",
    "straighten quotes",
    "curl quotes",
    "change figure",
    "move paragraph",
)


def realistic_edit(
    doc: Tracked, rng: random.Random, others: list[str], quote: str, kind: str = ""
) -> str:
    """Apply one edit of the kinds in :data:`REALISTIC` (``kind``, or one at random) to
    ``doc``, and return its name. Insertions are whole sentences or paragraphs of ``others``
    (other articles), half the time one holding ``quote``: a lookalike of the tag."""
    kind = kind or rng.choice(REALISTIC)
    text = doc.text
    if kind in ("delete sentence", "delete paragraph"):
        found = list((_SENTENCE if kind == "delete sentence" else _PARAGRAPH).finditer(text))
        if found:
            m = rng.choice(found)
            doc.replace(m.start(), m.end(), "")
    elif kind in ("insert sentence", "insert paragraph"):
        source = rng.choice(others)
        pieces = [
            m.group() for m in (_SENTENCE if "sentence" in kind else _PARAGRAPH).finditer(source)
        ]
        lookalikes = [p for p in pieces if quote and quote in p]
        if not pieces:
            return kind
        piece = rng.choice(lookalikes if lookalikes and rng.random() < 0.5 else pieces)
        if kind == "insert sentence":
            spots = [m.end() for m in _SENTENCE.finditer(text)] or [0]
            at = rng.choice(spots)
            doc.replace(at, at, piece if piece.endswith(" ") else piece + " ")
        else:
            spots = [m.start() for m in re.finditer(r"\n", text)] or [len(text)]
            at = rng.choice(spots)
            doc.replace(at, at, "\n\n" + piece.strip())
    elif kind == "collapse blank lines":
        for m in reversed(list(re.finditer(r"\n{2,}", text))):
            doc.replace(m.start(), m.end(), "\n")
    elif kind == "rewrap lines":
        width = rng.randint(40, 90)
        breaks: list[int] = []
        for m in _PARAGRAPH.finditer(text):
            line = m.start()
            for space in re.finditer(r" ", m.group()):
                at = m.start() + space.start()
                if at - line > width:
                    breaks.append(at)
                    line = at + 1
        for at in reversed(breaks):
            doc.replace(at, at + 1, "\n")
    elif kind in ("straighten quotes", "curl quotes"):
        for i, ch in reversed(list(enumerate(text))):
            if kind == "straighten quotes" and ch in "“”‘’":
                doc.replace(i, i + 1, ch.translate(_CURLY))
            elif kind == "curl quotes" and ch in "\"'":
                opening = i == 0 or text[i - 1].isspace()
                curly = ("“" if opening else "”") if ch == '"' else ("‘" if opening else "’")
                doc.replace(i, i + 1, curly)
    elif kind == "change figure":
        numbers = list(_NUMBER.finditer(text))
        if numbers:
            m = rng.choice(numbers)
            k = m.start() + rng.randrange(len(m.group()))
            doc.replace(k, k + 1, str((int(text[k]) + rng.randint(1, 9)) % 10))
    elif kind == "move paragraph":
        paragraphs = list(_PARAGRAPH.finditer(text))
        if len(paragraphs) > 2:
            m = rng.choice(paragraphs)
            moved = doc.cut(m.start(), m.end())
            spots = [x.start() for x in re.finditer(r"\n", doc.text)] or [0]
            doc.paste(rng.choice(spots), moved, before="\n\n")
    else:
        raise ValueError(f"unknown edit {kind!r}")
    return kind


def made_on(doc: Tracked, original: str, start: int, end: int, s: int, e: int) -> bool:
    """Whether ``[s, e)`` of the edited text lies on the text the tag ``[start, end)`` was
    made on: it begins and ends on the tag's own characters (or what replaced them), so that
    anything between was put into the tag by the edits; and a boundary that was at a word's
    edge still is."""
    if not (0 <= s < e <= len(doc.text)):
        return False
    if not (doc.own(s, start, end) and doc.own(e - 1, start, end)):
        return False
    return (not _edge(original, start) or _edge(doc.text, s)) and (
        not _edge(original, end) or _edge(doc.text, e)
    )


def _edge(text: str, pos: int) -> bool:
    return pos <= 0 or pos >= len(text) or not (text[pos - 1].isalnum() and text[pos].isalnum())


def version_of_sentence(doc: Tracked, original: str, start: int, end: int, s: int, e: int) -> bool:
    """Whether ``[s, e)`` of the edited text lies in another version of the tag's own sentence
    (or sentences) that the edits put there (inserted, or a passage moved), and is like the
    tag's quote: another outlet's wording of the same wire sentence, or the article's own
    second printing of it, sharing at least half of the tagged sentence's words in order. Put
    near where the tag's sentence was deleted, such a version is to any comparison of texts
    the tag's sentence edited: no method can tell, and a placement on it is not counted as a
    lookalike's."""
    if not all(
        doc.lo[i] == INSERTED or doc.lo[i] in doc.moved or doc.text[i].isspace()
        for i in range(s, e)
    ):
        return False
    if Indel.normalized_similarity(original[start:end], doc.text[s:e]) < 0.6:
        return False
    mine = [w.casefold() for w in _WORD.findall(_sentences(original, start, end))]
    theirs = [w.casefold() for w in _WORD.findall(_sentences(doc.text, s, e))]
    shared = (len(mine) + len(theirs) - Indel.distance(mine, theirs)) // 2  # words in order
    return 2 * shared >= len(mine)


def _sentences(text: str, start: int, end: int) -> str:
    """The sentences that ``text[start:end]`` lies in, whole (across line breaks)."""
    spans = [m.span() for m in _RUN_ON.finditer(text)]
    a = next((x for x, y in spans if y > start), start)
    b = next((y for x, y in spans if y >= end), end)
    return text[min(a, start) : max(b, end)]


def same_context(doc: Tracked, original: str, start: int, end: int, s: int, e: int) -> bool:
    """Whether ``[s, e)`` of the edited text has the tag's quote with the tag's whole stored
    context around it, word for word (whatever the case and spacing): the quote and the words
    of the 32 characters either side (less a word cut by the window's edge). Such a place is
    the tag to anything that knows only the quote and its context (an import): the article's
    twin passage once the words that told it apart were deleted, say."""
    new = doc.text

    def words(text: str) -> list[str]:
        return [w.casefold() for w in _WORD.findall(text)]

    before = words(original[max(0, start - 32) : start])[start >= 32 :]
    after = words(original[end : end + 32])
    after = after[: len(after) - (end + 32 <= len(original))]
    around_before = words(new[max(0, s - 48) : s])
    around_after = words(new[e : e + 48])
    return (
        words(original[start:end]) == words(new[s:e])
        and around_before[len(around_before) - len(before) :] == before
        and around_after[: len(after)] == after
    )
