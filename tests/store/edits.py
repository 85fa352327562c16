"""Editing an article while keeping track of where each original character went, to judge
re-anchoring: a placement is right only if it lies on the tag's own (possibly edited) text.

Used by the re-anchoring tests and by ``benchmarks/reanchor_bench.py`` (the issue's scenario:
tags on the bundled articles, the articles edited, then re-anchored).
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field

INSERTED = -1


@dataclass
class Tracked:
    """A text and, for each character, the range of original positions it came from:
    ``(p, p + 1)`` for an original character, ``(-1, -1)`` for inserted text, and for
    replacement text the range of the original characters it replaced."""

    text: str
    lo: list[int] = field(default_factory=list)
    hi: list[int] = field(default_factory=list)

    @classmethod
    def of(cls, text: str) -> Tracked:
        return cls(text, list(range(len(text))), list(range(1, len(text) + 1)))

    def replace(self, a: int, b: int, new: str) -> None:
        """``text[a:b] = new``."""
        olds = [i for i in range(a, b) if self.lo[i] >= 0]
        if olds and new:
            lo = min(self.lo[i] for i in olds)
            hi = max(self.hi[i] for i in olds)
        else:
            lo = hi = INSERTED
        self.text = self.text[:a] + new + self.text[b:]
        self.lo[a:b] = [lo] * len(new)
        self.hi[a:b] = [hi] * len(new)

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
