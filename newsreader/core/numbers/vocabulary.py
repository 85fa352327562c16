"""Number words, scales, vague counts and connectors, and the candidate patterns built from them.

``_WORDS`` maps a lower-case word to its atom ``(type, value, ordinal, plural)``; the atom
types are listed below. Candidates (where a number may start) are digit runs and number words.
"""

from __future__ import annotations

import re
import string
from collections.abc import Sequence

_UNIT_WORDS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_TEEN_WORDS = (
    "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
    "eighteen", "nineteen",
)  # fmt: skip
_TENS_WORDS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_ORD_UNITS = (
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
)  # fmt: skip
_ORD_TEENS = (
    "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
    "seventeenth", "eighteenth", "nineteenth",
)  # fmt: skip
_ORD_TENS = (
    "twentieth", "thirtieth", "fortieth", "fiftieth", "sixtieth", "seventieth", "eightieth",
    "ninetieth",
)  # fmt: skip
_SCALES = {
    "thousand": 1e3, "lakh": 1e5, "million": 1e6, "crore": 1e7, "billion": 1e9, "trillion": 1e12,
}  # fmt: skip
# Scale abbreviations, only right after a numeral ("10k", "2.33 k", "10 bln"); case matters
# ("10M" is ten million, "1m" is a metre and not a number; "5G" is a network, "1,674.5 G" is
# giga only with a space).
_ABBREV_SCALES = {
    "k": 1e3, "K": 1e3, "M": 1e6, "MM": 1e6, "mil": 1e6, "mln": 1e6, "mn": 1e6,
    "G": 1e9, "b": 1e9, "B": 1e9, "bn": 1e9, "bln": 1e9, "tn": 1e12, "tln": 1e12, "T": 1e12,
    "trn": 1e12,
}  # fmt: skip
# Vague plural counts: "dozens" is [24, 100); "hundreds" [200, 1000); "tens of thousands"...
_VAGUE_PLURALS = {
    "dozens": 12.0, "scores": 20.0, "tens": 10.0, "hundreds": 100.0, "thousands": 1e3,
    "millions": 1e6, "billions": 1e9, "trillions": 1e12,
}  # fmt: skip
_VAGUE_RANGES = {"dozens": (24.0, 100.0), "scores": (40.0, 100.0)}
# Vague quantifiers: "several" [3, 10), "a few" [2, 10), "a handful" [2, 10), "a couple" [2, 3].
_VAGUE_MODS = {
    "several": (3.0, 10.0, True),
    "few": (2.0, 10.0, True),
    "handful": (2.0, 10.0, True),
    "couple": (2.0, 3.0, False),
}
_CONNECTORS = {
    "and": "AND", "a": "A", "an": "A", "of": "OF", "point": "POINT", "over": "OVER",
    "out": "OUT", "in": "IN", "minus": "NEG", "negative": "NEG",
}  # fmt: skip

# word -> (type, value, ordinal, plural)
_WORDS: dict[str, tuple[str, float, bool, bool]] = {}


def _build_vocabulary() -> None:
    for value, word in enumerate(_UNIT_WORDS, 1):
        _WORDS[word] = ("U", float(value), False, False)
    for value, word in enumerate(_TEEN_WORDS, 10):
        _WORDS[word] = ("T", float(value), False, False)
    for value, word in enumerate(_TENS_WORDS, 2):
        _WORDS[word] = ("D", float(value * 10), False, False)
    for word in ("zero", "nought", "naught"):
        _WORDS[word] = ("Z", 0.0, False, False)
    ordinals = [("U", v, w) for v, w in enumerate(_ORD_UNITS, 1)]
    ordinals += [("T", v, w) for v, w in enumerate(_ORD_TEENS, 10)]
    ordinals += [("D", v * 10, w) for v, w in enumerate(_ORD_TENS, 2)]
    ordinals += [("U", 9, "nineth"), ("H", 100, "hundredth")]
    ordinals += [("S", int(v), w + "th") for w, v in _SCALES.items() if w not in ("lakh", "crore")]
    for kind, value, word in ordinals:
        _WORDS[word] = (kind, float(value), True, False)
        _WORDS[word + "s"] = (kind, float(value), True, True)
    _WORDS["hundred"] = ("H", 100.0, False, False)
    for word, scale in _SCALES.items():
        _WORDS[word] = ("S", scale, False, False)
    _WORDS["lakhs"] = ("S", 1e5, False, False)
    _WORDS["crores"] = ("S", 1e7, False, False)
    for word in ("dozen", "dz", "dzs", "doz", "dozs"):
        _WORDS[word] = ("DOZ", 12.0, False, False)
    _WORDS["half"] = ("HALF", 2.0, False, False)
    _WORDS["halves"] = ("HALF", 2.0, False, True)
    _WORDS["quarter"] = ("QUARTER", 4.0, False, False)
    _WORDS["quarters"] = ("QUARTER", 4.0, False, True)
    for word, scale in _VAGUE_PLURALS.items():
        _WORDS[word] = ("VP", scale, False, True)
    for word in _VAGUE_MODS:
        _WORDS[word] = ("VM", 0.0, False, False)
    for word, kind in _CONNECTORS.items():
        _WORDS[word] = (kind, 0.0, False, False)


_build_vocabulary()

# Atom types. Numbers: U (1-9), T (10-19), D (20, 30...), DU (21-99 hyphenated), Z (zero),
# H (hundred), S (thousand and up), DOZ (dozen), N (numeral), NF (numeral fraction),
# F (fraction), HALF, QUARTER; vague: VP ("dozens"), VM ("several"); connectors: AND, A, OF,
# POINT, OVER, OUT, IN, NEG.
_CONNECTOR_TYPES = frozenset({"AND", "A", "OF", "POINT", "OVER", "OUT", "IN", "NEG"})
_SKIPPABLE = frozenset({"AND", "A", "OF", "POINT", "OVER", "OUT", "IN"})


def _trie_pattern(words: Sequence[str]) -> str:
    """A regular expression alternation of ``words``, factored as a trie (much faster)."""
    root: dict[str, dict[str, object]] = {}
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})  # type: ignore[assignment]
        node[""] = {}

    def emit(node: dict[str, dict[str, object]]) -> str:
        alts = [re.escape(ch) + emit(sub) for ch, sub in sorted(node.items()) if ch]  # type: ignore[arg-type]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if "" in node:
            return "(?:" + body + ")?"
        return body

    return emit(root)


_CANDIDATE_WORDS = sorted(w for w, info in _WORDS.items() if info[0] not in _CONNECTOR_TYPES)
_VULGAR = "½⅓⅔¼¾⅕⅖⅗⅘⅙⅚⅛⅜⅝⅞"
_VULGAR_VALUES = {
    "½": 1 / 2, "⅓": 1 / 3, "⅔": 2 / 3, "¼": 1 / 4, "¾": 3 / 4, "⅕": 1 / 5, "⅖": 2 / 5,
    "⅗": 3 / 5, "⅘": 4 / 5, "⅙": 1 / 6, "⅚": 5 / 6, "⅛": 1 / 8, "⅜": 3 / 8, "⅝": 5 / 8,
    "⅞": 7 / 8,
}  # fmt: skip

# Candidates: digit runs (and vulgar fractions), found in the text itself, and number words,
# found in an ASCII-lower-cased copy (same length, same offsets; matching it case-sensitively
# is about twice as fast as an IGNORECASE search). In that copy an ASCII ``\b`` is the same
# test as ``(?<![a-z0-9_])`` before a word and ``(?![a-z0-9_])`` after it, and much cheaper to
# try at every position than a look-behind.
_DIGITS_RE = re.compile(rf"[0-9{_VULGAR}]+")
_WORD_CANDIDATE_RE = re.compile(rf"\b(?:{_trie_pattern(_CANDIDATE_WORDS)})\b", re.ASCII)
_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)
