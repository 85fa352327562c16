"""Per-document look-ups for describing figures: sentences, names and actors, eras."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from functools import lru_cache

from newsreader.core.numbers.figure import Figure
from newsreader.core.numbers.lexicon import _CAP_STOP, _STOPWORDS
from newsreader.core.text import fold, sentences

_LOWER_WORD_RE = re.compile(r"(?<![A-Za-z])[a-z]+(?![A-Za-z])")
# Where a clause ends, looking back from a figure for its actor: relative pronouns, "while",
# "whereas", "although" and a comma before "but" or "and" ("500 died in Izmit, while the quake
# killed 17,000": Izmit is not the actor of 17,000).
_CLAUSE_BREAK_RE = re.compile(
    r"\b(?:that|which|who|whom|whose|while|whereas|although|though)\b|[;:]|,\s+(?:but|and)\b"
)
_CAP_WORD_RE = re.compile(r"\b([A-Z][A-Za-z]+)(?:['’]s)?(?![A-Za-z])")
_MIDCAP_RE = re.compile(r"[a-z0-9,;:] ([A-Z][A-Za-z]+)")
_SUFFIXES = "ians ian ans ani ese ish ia an ey is i a e n y s".split()


@lru_cache(maxsize=65536)
def actor_key(name: str) -> str:
    """A key under which a place and its people meet: "Armenia"/"Armenian", "Turkey"/"Turkish".

    Each word of the name is folded and loses a demonym-like ending ("Azerbaijani" and
    "Azerbaijan" both give "azerbaij")."""
    keys = []
    for word in fold(name).split():
        for suffix in _SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= 4:
                word = word[: -len(suffix)]
                break
        keys.append(word)
    return " ".join(keys)


class _DocContext:
    """Per-document helpers for describing figures (lazily computed)."""

    def __init__(self, text: str, figures: Sequence[Figure]) -> None:
        self.text = text
        # Years, also those inside dates ("in December 2003"): the era of a count.
        self.years = [
            (f.start, f.low)
            if f.kind == "year"
            else (f.start, next(n.value for n in f.numbers if 1000 <= n.value <= 2100))
            for f in figures
            if (f.kind == "year" and f.low is not None)
            or (
                f.kind == "date"
                and any(1000 <= n.value <= 2100 and n.end - n.start == 4 for n in f.numbers)
            )
        ]
        self.year_starts = [start for start, _ in self.years]
        self._midcaps: set[str] | None = None
        self._forms: dict[str, str] | None = None
        self._lower_words: set[str] | None = None
        self._sentences: list[tuple[int, int]] | None = None
        self._sentence_starts: list[int] = []

    @property
    def midcaps(self) -> set[str]:
        if self._midcaps is None:
            self._midcaps = set(_MIDCAP_RE.findall(self.text))
        return self._midcaps

    @property
    def lower_words(self) -> set[str]:
        """Every all-lower-case word of the document (one scan, not one per capitalised word)."""
        if self._lower_words is None:
            self._lower_words = set(_LOWER_WORD_RE.findall(self.text))
        return self._lower_words

    def canonical(self, word: str) -> str:
        """The shortest capitalised form in the document with the same key ("Armenia")."""
        if self._forms is None:
            self._forms = {}
            for w in sorted(self.midcaps, key=lambda w: (-len(w), w)):
                self._forms[actor_key(w)] = w
        return self._forms.get(actor_key(word), word)

    def sentence(self, start: int, end: int) -> tuple[int, int]:
        """The sentence holding ``[start, end)`` (from :func:`newsreader.core.text.sentences`,
        split once per document, so "Mr." and "U.S." do not end it)."""
        if self._sentences is None:
            self._sentences = sentences(self.text)
            self._sentence_starts = [s for s, _ in self._sentences]
        i = bisect_right(self._sentence_starts, start) - 1
        if i < 0:
            return 0, max(end, self._sentences[0][1] if self._sentences else end)
        s, e = self._sentences[i]
        return s, max(e, end)

    def era(self, s: int, e: int) -> str:
        i = bisect_left(self.year_starts, s)
        if i < len(self.years) and self.years[i][0] < e:
            year = self.years[i][1]
            if year is not None:
                return f"{int(year) // 10 * 10}s"
        return ""

    def is_name(self, word: str, initial: bool) -> bool:
        """Is this capitalised word a name? At the start of a sentence it must also be seen
        capitalised mid-sentence, or never in lower case, in the document ("Armenia", not
        "Heavy")."""
        if word in _CAP_STOP:
            return False
        if not initial or word in self.midcaps:
            return True
        if word.endswith("ly"):
            return False  # "Usually", "Earlier"
        lower = word.lower()
        return lower not in _STOPWORDS and lower not in self.lower_words

    def actor_before(self, sent_start: int, pos: int) -> str:
        """The nearest name before ``pos`` in its clause ("Armenia has recorded 104 ...")."""
        window = self.text[sent_start:pos]
        cut = 0
        for m in _CLAUSE_BREAK_RE.finditer(window):
            cut = m.end()
        words = list(_CAP_WORD_RE.finditer(window, cut))
        for i in range(len(words) - 1, -1, -1):
            m = words[i]
            initial = cut == 0 and not window[: m.start()].strip(" \"'“‘(")
            if not self.is_name(m.group(1), initial):
                continue
            # The whole name: "Nebraska Highway Patrol", "Azerbaijan's Defense Ministry" -> the
            # words that are not titles or offices ("Azerbaijan").
            j = i
            while j > 0 and window[words[j - 1].end() : words[j].start()] == " ":
                j -= 1
            names = [w.group(1) for w in words[j : i + 1] if w.group(1) not in _CAP_STOP]
            return " ".join(self.canonical(w) for w in names)
        return ""
