"""Numeric mentions: numbers in digits and words, hedges as intervals, and what each counts.

Two layers:

* :func:`extract_numbers` works on a bare string. It finds every numeric expression (digits
  with separators and decimals, fractions, scientific notation, number words, ordinals, vague
  counts such as "dozens") and turns hedges and ranges into intervals: "more than 100" is
  ``(100, ∞)``, "nearly 200" is ``(-∞, 200)``, "between 20 and 30" is ``[20, 30]``. It knows
  nothing about documents; the benchmark measures it.
* :func:`extract_mentions` runs it on a :class:`~newsreader.core.model.Document` (skipping page
  furniture) and says what each count counts ("people killed", "military deaths"), with the
  content words and facets that :mod:`newsreader.core.quantities` uses to group mentions.

Everything is found with precompiled regular expressions in one left-to-right pass: a
candidate (a digit or a number word) is expanded into a phrase of number atoms, the phrase is
parsed into numbers, and each number is then looked at in its surroundings (hedge before,
"or more" after, a range with the next number, a month name next to it). Offsets are Python
``str`` indices into the text as given.

What a count counts is read from the words after it (the noun phrase, then a participle:
"23 civilians killed", "more than 100 people have been killed") and before it ("killed more
than 20,000 people", "the deaths of 158 soldiers"); counts listed together share their event
("destroyed 130 tanks, 200 artillery units"). A small lexicon (``EVENTS``, ``SUBJECTS``,
``UNITS``) turns words into facets, which :func:`extract_mentions` puts first in
``Mention.context`` as ``name=value`` items (see :func:`facets`):

* ``event``: killed, wounded, casualties, arrested, displaced, evacuated, missing, captured,
  destroyed;
* ``subject``: people, civilians, military, children, women, police, journalists,
  protesters, migrants, or the head noun ("tank", "artillery unit");
* ``actor``: the name nearest before the figure in its clause ("Armenia has recorded..."),
  or one inside the noun phrase ("2,300 Karabakh separatist troops"), in its shortest form in
  the document ("Armenian" -> "Armenia");
* ``era``: the decade of a year named in the same sentence ("the 1990s war");
* ``unit``: percent, dollars... for figures of kind "other";
* ``increment``: "another 200", "54 more" (an addition, not a total).

Actor, era and content words are only looked for on counts with an event, the ones
:mod:`newsreader.core.quantities` compares.
"""

from __future__ import annotations

import math
import re
import string
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from newsreader.core.model import Document, Mention, MentionKind
from newsreader.core.text import WORD_RE, fold

# ---------------------------------------------------------------------------------------------
# Public results of the string layer


class Number(NamedTuple):
    """One number as written, without its hedge: ``text[start:end]`` and its value."""

    start: int
    end: int
    value: float
    ordinal: bool = False


class Figure(NamedTuple):
    """A numeric expression: a number or a range with its hedge, read as an interval.

    ``low``/``high`` are ``None`` when unbounded (or, for dates and phone-like chains, when
    the expression has no single value). ``hedge`` says how the interval was stated: ``""``
    for a bare number, ``"approx"`` ("about 30"), ``"vague"`` ("dozens"), ``"bound"`` ("more
    than 100", "200 or more"), ``"range"`` ("between 20 and 30", "20-30"), ``"equal"``
    ("equal to 20"). ``numbers`` are the numbers written inside it (none for vague counts).
    """

    start: int
    end: int
    low: float | None
    high: float | None
    kind: MentionKind
    numbers: tuple[Number, ...] = ()
    low_open: bool = False
    high_open: bool = False
    approximate: bool = False
    hedge: str = ""
    unit: str = ""

    @property
    def value(self) -> float | None:
        """The single value of an exact figure, else ``None``."""
        if self.low is not None and self.low == self.high:
            return self.low
        return None


# ---------------------------------------------------------------------------------------------
# Vocabulary

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
    "G": 1e9, "b": 1e9, "B": 1e9, "bn": 1e9, "bln": 1e9, "tn": 1e12, "tln": 1e12,
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
# is about twice as fast as an IGNORECASE search).
_DIGITS_RE = re.compile(rf"[0-9{_VULGAR}]+")
_WORD_CANDIDATE_RE = re.compile(
    rf"(?<![a-z0-9_])(?:{_trie_pattern(_CANDIDATE_WORDS)})(?![a-z0-9_])"
)
_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


def _candidates(text: str) -> list[int]:
    starts = [m.start() for m in _DIGITS_RE.finditer(text)]
    starts += [m.start() for m in _WORD_CANDIDATE_RE.finditer(text.translate(_ASCII_LOWER))]
    starts.sort()
    return starts


_HSPACE = "[ \\t\u00a0\u202f\u2009]"
_NUMERAL = (
    r"(?:(?P<in>[0-9]{1,2}(?:,[0-9]{2})+,[0-9]{3}(?![0-9])(?:\.[0-9]+)?)"
    r"|(?P<en>[0-9]{1,3}(?:,[0-9]{3})+(?![0-9])(?:\.[0-9]+)?)"
    r"|(?P<eu>[0-9]{1,3}(?:\.[0-9]{3})+,[0-9]+)"
    r"|(?P<sp>[0-9]{1,3}(?:[\u00a0\u202f\u2009 ][0-9]{3}(?![0-9]))+(?:\.[0-9]+)?)"
    r"|(?<![0-9],)(?P<dc>[0-9]+,[0-9]{1,2}(?![0-9]|,[0-9]))"
    r"|(?P<pl>[0-9]*\.[0-9]+|[0-9]+))(?![0-9])"
)
_ATOM_RE = re.compile(
    rf"(?P<ws>{_HSPACE}{{0,3}})(?:"
    rf"(?P<hy>[-‐‑‒–](?={_HSPACE}{{0,3}}[A-Za-z]))"
    r"|(?P<chain>[0-9]+(?P<sep>[./-])[0-9]+(?:(?P=sep)[0-9]+)+(?:[/-][0-9]+)*(?![0-9])"
    r"|[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?(?![0-9]))"
    rf"|{_NUMERAL}"
    r"(?P<exp>[eE][+-]?[0-9]{1,3}(?![0-9])|\^[+-]*[0-9]{1,3}(?![0-9])|[x×]10\^[+-]?[0-9]{1,3}(?![0-9]))?"
    r"(?P<den>/[0-9]+(?![0-9./]))?"
    rf"(?P<vf>[{_VULGAR}])?"
    r"(?:(?P<ord>st|nd|rd|th)|(?P<dec>'?s)|(?P<mul>MM|mil|mln|mn|bn|bln|tn|tln|[kKMbB]))?"
    r"(?P<glue>[A-Za-z0-9_])?"
    rf"|(?P<vulgar>[{_VULGAR}])"
    r"|(?P<word>[A-Za-z]+)(?P<wglue>[0-9_])?)"
)


class _Atom:
    """One token of a number phrase (a numeral, a number word or a connector).

    Plain attributes with class defaults: only what differs from the default is set, which
    keeps the common case (one numeral) cheap.
    """

    ordinal = False
    plural = False
    hy = False  # joined to the previous atom by a hyphen
    isint = True
    scaled = False  # carries a scale suffix ("10k")
    dec = False  # a decade ("1990s")
    ident = False  # glued to a word by a hyphen ("SCP-173")

    def __init__(self, t: str, v: float, s: int, e: int, w: str = "") -> None:
        self.t = t
        self.v = v
        self.s = s
        self.e = e
        self.w = w


class _Num:
    """A parsed number (or vague count) before it is put in its surroundings."""

    low_open = False
    high_open = False
    approx = False
    ordinal = False
    frac = False
    vague = False
    chain = ""  # "date", "time", "chain" for digit chains
    dec = False  # a decade ("1990s")
    ident = False  # glued to a word by a hyphen ("SCP-173")
    scaled = False
    word = False  # written (at least partly) in words
    year4 = False  # a bare four-digit numeral
    parts: tuple[Number, ...] = ()

    def __init__(self, s: int, e: int, value: float) -> None:
        self.s = s
        self.e = e
        self.value = value
        self.low: float | None = value
        self.high: float | None = value
        self.isint = math.isfinite(value) and value == int(value)


# ---------------------------------------------------------------------------------------------
# Numerals


def _numeral(m: re.Match[str], s: int, neg: bool) -> _Atom | None:
    """Read a numeral match into an atom (``None`` when it is glued to a word: "29km")."""
    if m.group("glue"):
        return None
    if m.group("in") or m.group("en"):
        raw = (m.group("in") or m.group("en")).replace(",", "")
    elif m.group("eu"):
        raw = m.group("eu").replace(".", "").replace(",", ".")
    elif m.group("sp"):
        raw = re.sub(r"[\u00a0\u202f\u2009 ]", "", m.group("sp"))
    elif m.group("dc"):
        raw = m.group("dc").replace(",", ".")
    else:
        raw = m.group("pl")
    value = float(raw)
    isint = "." not in raw
    exp = m.group("exp")
    if exp:
        try:
            if exp[0] in "eE":
                value = value * 10.0 ** int(exp[1:])
            elif exp[0] == "^":
                # "1.1^23", "2.5^-1", "1.1^--23" (two minus signs cancel out)
                sign = -1 if exp.count("-") % 2 else 1
                value = value ** (sign * int(exp.lstrip("^+-")))
            else:
                value = value * 10.0 ** int(exp[4:])
        except (OverflowError, ZeroDivisionError):
            return None
        isint = False
    den = m.group("den")
    if den:
        d = float(den[1:])
        if d == 0 or not isint:
            return None
        value = value / d
        isint = False
    vf = m.group("vf")
    if vf:
        value += _VULGAR_VALUES[vf]
        isint = False
    if not math.isfinite(value):
        return None
    atom = _Atom("N", -value if neg else value, s, m.end())
    atom.isint = isint and not neg
    if den:
        atom.t = "NF"
    if m.group("ord"):
        if not isint or exp:
            return None
        atom.ordinal = True
    elif m.group("dec"):
        if not isint or exp or not (raw.endswith("0") and len(raw) in (2, 4)):
            return None
        atom.dec = True
    elif m.group("mul"):
        atom.v *= _ABBREV_SCALES[m.group("mul")]
        atom.scaled = True
    return atom


def _word_atom(word: str, s: int, e: int) -> _Atom | None:
    info = _WORDS.get(word.lower())
    if info is None:
        return None
    t, v, ordinal, plural = info
    atom = _Atom(t, v, s, e, word.lower())
    atom.ordinal = ordinal
    atom.plural = plural
    return atom


# ---------------------------------------------------------------------------------------------
# Phrase collection: from a candidate, gather the atoms of a number phrase

_LOOKBACK_RE = re.compile(r"\s{1,3}(na|a|sunim|evitagen)(?![A-Za-z0-9_])", re.IGNORECASE | re.ASCII)
_LOOKBACK_WORDS = ("a", "an", "minus", "negative")
_SIGN_CHARS = "-−"
_PEEK_RE = re.compile(rf"{_HSPACE}{{0,3}}(?:([A-Za-z]+)|[-‐‑‒–0-9{_VULGAR}])")


def _collect(text: str, start: int, limit: int) -> tuple[list[_Atom], int, _Num | None]:
    """Atoms of the phrase at ``start``; also the end of what was looked at, and a chain."""
    atoms: list[_Atom] = []
    pos = start
    # Look back for "a", "an", "minus", "negative" (they are not candidates by themselves).
    if (
        start > 1
        and text[start - 1] in " \t"
        and text[max(0, start - 10) : start - 1].lower().endswith(_LOOKBACK_WORDS)
    ):
        rev = text[max(0, start - 12) : start][::-1]
        lb = _LOOKBACK_RE.match(rev)
        if lb:
            w_end = start - lb.start(1)
            w_start = start - lb.end(1)
            atom = _word_atom(text[w_start:w_end], w_start, w_end)
            if atom is not None:
                atoms.append(atom)
    neg = False
    first = True
    pending_hy = False
    while pos < limit and len(atoms) < 40:
        if not first:
            # A cheap look at what comes next: most numbers are followed by an ordinary word.
            peek = _PEEK_RE.match(text, pos, limit)
            if peek is None:
                break
            w = peek.group(1)
            if w is not None and w.lower() not in _WORDS and w not in _ABBREV_SCALES:
                break
        m = _ATOM_RE.match(text, pos, limit)
        if m is None:
            break
        if (
            not first
            and m.group("ws") == ""
            and not pending_hy
            and m.group("hy") is None
            and m.group("word") is None
            and m.group("vulgar") is None
        ):
            break  # two numerals glued together ("5/17" is a chain, matched as such)
        s = m.end("ws")
        if m.group("hy") is not None:
            if first or pending_hy:
                break
            pending_hy = True
            pos = m.end()
            continue
        chain = m.group("chain")
        if chain is not None:
            if not first:
                break
            return [], m.end(), _chain(chain, s)
        word = m.group("word")
        if word is not None:
            if m.group("wglue"):
                break
            atom = _word_atom(word, s, m.end())
            if atom is None:
                abbrev = _ABBREV_SCALES.get(word)
                if abbrev is not None and atoms and atoms[-1].t == "N" and not atoms[-1].scaled:
                    prev = atoms[-1]
                    prev.v *= abbrev
                    prev.e = m.end()
                    prev.scaled = True
                    prev.isint = False
                    pos = m.end()
                    first = False
                    continue
                break
            if first and s != start:
                break
        elif m.group("vulgar") is not None:
            atom = _Atom("NF", _VULGAR_VALUES[m.group("vulgar")], s, m.end())
            atom.isint = False
        else:
            if first:
                if start and text[start - 1] in _SIGN_CHARS:
                    before = text[start - 2] if start >= 2 else " "
                    if not (before.isalnum() or before in "-−.,/_"):
                        neg = True
                    elif before.isalpha():
                        # "SCP-173", "COVID-19": an identifier, not a negative number
                        neg = False
            elif pending_hy:
                # "1000-5000" is a range: two phrases, joined by the figure layer
                break
            numeral = _numeral(m, s - (1 if neg and first else 0), neg and first)
            if numeral is None:
                if first:
                    return [], m.end(), None
                break
            atom = numeral
            if first and start and text[start - 1] in _SIGN_CHARS and not neg:
                atom.ident = _glued_to_word(text, start - 1)
        if pending_hy:
            atom.hy = True
            pending_hy = False
        # "3 dozens", "five hundreds": a multiplier, not a vague count.
        if atom.t == "VP" and atoms and atoms[-1].t in ("U", "T", "D", "DU", "N"):
            atom.t = "DOZ" if atom.v == 12 else "H" if atom.v == 100 else "S"
            if atom.t == "S" and atom.v < 1000:
                atom.t = "VP"
        # "twenty-three", "fifty - two": one compound atom.
        if atom.hy and atom.t == "U" and atoms and atoms[-1].t == "D" and not atoms[-1].ordinal:
            prev = atoms[-1]
            prev.t = "DU"
            prev.v += atom.v
            prev.e = atom.e
            prev.ordinal = atom.ordinal
            prev.plural = atom.plural
            prev.w = prev.w + "-" + atom.w
        else:
            atoms.append(atom)
        first = False
        pos = m.end()
    while atoms and atoms[-1].t in _CONNECTOR_TYPES:
        atoms.pop()
    while atoms and atoms[0].t in ("AND", "OF", "POINT", "OVER", "OUT", "IN"):
        atoms.pop(0)
    end = atoms[-1].e if atoms else max(pos, start + 1)
    return atoms, end, None


def _glued_to_word(text: str, hyphen: int) -> bool:
    """Is the word before this hyphen a name ("SCP-173", "COVID-19"), not a number ("5k-20k")?"""
    j = hyphen - 1
    while j >= 0 and text[j].isalnum():
        j -= 1
    return text[j + 1 : hyphen][:1].isalpha()


def _chain(chain: str, s: int) -> _Num:
    """Digit chains: dates ("5/17/2018", "2020-09-27"), times ("10:30"), IP and phone numbers."""
    parts: list[Number] = []
    for m in re.finditer(r"[0-9]+", chain):
        parts.append(Number(s + m.start(), s + m.end(), float(m.group())))
    num = _Num(s, s + len(chain), math.nan)
    num.low = num.high = None
    num.parts = tuple(parts)
    num.isint = False
    values = [p.value for p in parts]
    if ":" in chain:
        num.chain = "time"
    elif len(values) == 3 and _looks_like_date(values, chain):
        num.chain = "date"
    else:
        num.chain = "chain"
    return num


def _looks_like_date(values: list[float], chain: str) -> bool:
    a, b, c = values
    if "/" in chain or "." in chain or "-" in chain:
        if 1000 <= a <= 2100 and 1 <= b <= 12 and 1 <= c <= 31:
            return True
        if 1 <= a <= 31 and 1 <= b <= 31 and (1000 <= c <= 2100 or c < 100):
            return True
    return False


# ---------------------------------------------------------------------------------------------
# Parsing a phrase of atoms into numbers


def _int_value(seq: Sequence[_Atom], allow_ordinal: bool = False) -> float | None:
    """The value of a whole integer phrase (words, digits, scales), or ``None`` if invalid.

    Fraction atoms ("F") are allowed where English puts them: "one and a half", "half a
    dozen", "five and a half million", "two thirds of a million".
    """
    n = len(seq)
    if n == 0:
        return None
    total = 0.0
    group = 0.0  # hundreds of the current group
    small = 0.0  # below a hundred
    big = math.inf  # the last big scale applied
    hund = False
    prev = ""
    prev2 = ""
    for idx in range(n):
        a = seq[idx]
        t = a.t
        last = idx == n - 1
        if prev == "ORD":
            return None
        if a.ordinal:
            if not allow_ordinal or not last:
                return None
        elif t in ("N", "NF") and a.ordinal:
            return None
        if t == "U" or t == "T" or t == "D" or t == "DU":
            if t == "U" and (prev == "D" or (prev == "AND" and prev2 == "D")):
                if small % 10 or small >= 100:
                    return None
                small += a.v
            elif prev in ("", "H", "S") or (prev == "AND" and prev2 in ("H", "S")):
                if small:
                    return None
                if prev == "S" and a.v >= big:
                    return None
                small = a.v
            else:
                return None
        elif t == "N":
            if a.dec or a.ident:
                return None
            if prev == "":
                if a.scaled:
                    if n > 1:
                        return None
                    return a.v
                if a.v < 0 and n > 1:
                    return None
                small = a.v
            elif prev in ("H", "S") or (prev == "AND" and prev2 in ("H", "S")):
                if not a.isint or small or a.v <= 0:
                    return None
                after = prev2 if prev == "AND" else prev
                if after == "H" and a.v >= 100:
                    return None
                if after == "S" and (a.v >= 1000 or a.v >= big):
                    return None
                small = a.v
            else:
                return None
        elif t == "NF":
            if prev == "N" and seq[idx - 1].isint and 0 < a.v < 1:
                small += a.v
            elif prev == "" and n == 1:
                return a.v
            else:
                return None
        elif t == "Z":
            return 0.0 if n == 1 else None
        elif t == "H":
            if hund or prev in ("H", "DOZ", "AND"):
                return None
            if prev == "N":
                group = (group + small) * 100
                small = 0.0
            elif prev in ("U", "T", "D", "DU", "A", "F"):
                group = (small or 1.0) * 100
                small = 0.0
            elif prev == "":
                group = 100.0
            else:
                return None
            hund = True
        elif t == "S":
            if prev == "S" and a.v > big and not group and not small:
                total *= a.v
                big = a.v
            elif prev in ("U", "T", "D", "DU", "N", "H", "A", "F", "DOZ", "") and a.v < big:
                if prev == "N" and seq[idx - 1].scaled:
                    return None
                value = group + small
                total += (value if value else 1.0) * a.v
                group = small = 0.0
                hund = False
                big = a.v
            else:
                return None
        elif t == "DOZ":
            if prev in ("U", "T", "D", "DU", "N", "A", "F"):
                small = (small or 1.0) * 12
            else:
                return None
        elif t == "AND":
            if last:
                return None
            nxt = seq[idx + 1].t
            # "one and a half", "two hundred and six", "twenty and three", "a million and a half"
            if nxt != "F" and (
                prev not in ("H", "S", "D")
                or nxt not in ("U", "T", "D", "DU", "N", "H")
                or (prev == "D" and nxt != "U")
            ):
                return None
        elif t == "A":
            if last or seq[idx + 1].t not in ("H", "S", "DOZ"):
                return None
            if idx != 0 and prev != "F":
                return None
        elif t == "OF":
            if prev != "F" or last or seq[idx + 1].t not in ("A", "S", "DOZ"):
                return None
            t = prev
        elif t == "F":
            if prev == "":
                small = a.v
            elif prev == "AND":
                if prev2 == "S" and (last or seq[idx + 1].t == "F") and big >= 1e6:
                    total += a.v * big
                elif prev2 == "S" and not last:
                    small = a.v
                else:
                    small += a.v
            else:
                return None
        else:
            return None
        if t == "A" and prev == "F":
            t = "F"
        prev2 = prev
        prev = "ORD" if a.ordinal else t
    if prev in ("AND", "A", "OF"):
        return None
    return total + group + small


def _is_den(a: _Atom) -> bool:
    return a.ordinal and a.t in ("U", "T", "D", "DU", "H", "S")


def _make_fraction(value: float, s: int, e: int) -> _Atom:
    atom = _Atom("F", value, s, e)
    atom.isint = False
    return atom


def _fractions(atoms: list[_Atom], follow_word: str) -> list[_Atom]:
    """Replace "three quarters", "a fifth", "one hundred thirty fifths" by fraction atoms.

    The denominator is the longest ordinal phrase before the ordinal word that leaves a valid
    numerator ("one hundred thirty fifths" is 100/35, "twenty one fifths" is 21/5); a
    singular ordinal is a fraction only after "a"/"one" and not before a noun ("a fifth" is
    0.2, "a fifth day" is the fifth day). After "and", a single small numerator makes a mixed
    number ("one hundred and three quarters" is 100.75).
    """
    out = atoms
    lo = 0
    k = 0
    while k < len(out):
        a = out[k]
        if a.t in ("HALF", "QUARTER"):
            den = a.v
            prev = out[k - 1] if k > lo else None
            if (
                prev is not None
                and not prev.ordinal
                and (
                    prev.t in ("U", "T", "D", "DU", "A")
                    or (prev.t == "N" and prev.isint and not prev.scaled and prev.v > 0)
                )
            ):
                num = 1.0 if prev.t == "A" else prev.v
                out = [*out[: k - 1], _make_fraction(num / den, prev.s, a.e), *out[k + 1 :]]
                lo = k
                continue
            nxt = out[k + 1] if k + 1 < len(out) else None
            if a.t == "HALF" or (nxt is not None and nxt.t in ("S", "H")):
                out = [*out[:k], _make_fraction(1 / den, a.s, a.e), *out[k + 1 :]]
                lo = k + 1
            k += 1
            continue
        if _is_den(a) and a.t != "N":
            singular = not a.plural
            if singular and (k != len(out) - 1 or (follow_word and follow_word != "of")):
                k += 1
                continue
            done = False
            for d in range(lo + 1, k + 1):
                den_atoms = out[d : k + 1]
                first = den_atoms[0]
                if len(den_atoms) > 1 and first.t in ("H", "S"):
                    continue
                if first.t not in ("U", "T", "D", "DU", "H", "S"):
                    continue
                if len(den_atoms) == 1 and first.w in ("first", "second", "firsts", "seconds"):
                    continue
                den_value = _int_value(den_atoms, allow_ordinal=True)
                if not den_value:
                    continue
                ns = -1
                if d >= 2 and out[d - 2].t == "AND" and out[d - 1].t in ("U", "A"):
                    ns = d - 1
                else:
                    for cand in range(lo, d):
                        if _numerator(out[cand:d]) is not None:
                            ns = cand
                            break
                if ns < 0:
                    continue
                numer = _numerator(out[ns:d])
                if numer is None or (singular and numer != 1):
                    continue
                fraction = _make_fraction(numer / den_value, out[ns].s, a.e)
                out = [*out[:ns], fraction, *out[k + 1 :]]
                k = ns
                lo = ns + 1
                done = True
                break
            if done:
                k += 1
                continue
        k += 1
    return out


def _numerator(seq: Sequence[_Atom]) -> float | None:
    if len(seq) == 1 and seq[0].t == "A":
        return 1.0
    if seq and seq[0].t == "N" and not seq[0].isint:
        return None
    return _int_value(seq)


def _point_digits(seq: Sequence[_Atom]) -> str | None:
    """Digits read after "point": "zero three" -> "03", "seventy-one" -> "71"."""
    if not seq:
        return None
    digits = ""
    for a in seq:
        if a.ordinal:
            return None
        if a.t in ("U", "Z") or (a.t in ("T", "D", "DU") and len(seq) == 1):
            digits += str(int(a.v))
        else:
            return None
    return digits


def _vague(seq: Sequence[_Atom]) -> tuple[float, float, bool] | None:
    """Vague counts: "dozens", "hundreds of thousands", "several hundred", "a few"."""
    idx = 0
    if seq[0].t == "A":
        idx = 1
        if len(seq) < 2 or seq[1].t != "VM" or seq[1].w == "several":
            return None
    head = seq[idx]
    rest = seq[idx + 1 :]
    if head.t == "VM":
        if head.w == "few" and idx == 0:
            return None
        low, high, open_ = _VAGUE_MODS[head.w]
        if not rest:
            return low, high, open_
        if rest[0].t == "OF":
            rest = rest[1:]
        if len(rest) == 1 and rest[0].t in ("H", "S", "DOZ") and not rest[0].ordinal:
            return low * rest[0].v, high * rest[0].v, True
        return None
    if head.t != "VP":
        return None
    if head.w == "tens" and not rest:
        return None
    low, high = _VAGUE_RANGES.get(head.w, (2 * head.v, 10 * head.v))
    while rest:
        if len(rest) < 2 or rest[0].t != "OF" or rest[1].t != "VP" or rest[1].v <= head.v:
            return None
        low *= rest[1].v
        high *= rest[1].v
        head = rest[1]
        rest = rest[2:]
    return low, high, True


def _evaluate(seq: Sequence[_Atom], at_end: bool, tail_word: str) -> _Num | None:
    """Read a whole atom sequence as one number, or ``None``."""
    sign = 1.0
    start = seq[0].s
    if seq[0].t == "NEG":
        sign = -1.0
        seq = seq[1:]
        if not seq:
            return None
    n = len(seq)
    first = seq[0]
    if first.t in ("VP", "VM") or (first.t == "A" and n > 1 and seq[1].t == "VM"):
        if sign < 0:
            return None
        vague = _vague(seq)
        if vague is None:
            return None
        num = _Num(start, seq[-1].e, vague[0])
        num.low, num.high = vague[0], vague[1]
        num.high_open = vague[2]
        num.approx = num.vague = num.word = True
        num.isint = False
        return num
    for c in range(1, n - 1):
        t = seq[c].t
        if t in ("OVER", "OUT", "IN"):
            b_start = c + 1
            if t == "OUT":
                if seq[c + 1].t != "OF":
                    return None
                b_start = c + 2
            if b_start >= n:
                return None
            a_val = _plain(seq[:c])
            b_val = _plain(seq[b_start:])
            if a_val is None or b_val is None or b_val == 0:
                return None
            if t == "OVER" and not (at_end and not tail_word):
                return None
            if t == "OUT" and a_val > b_val:
                return None
            if t == "IN":
                last = seq[-1]
                if a_val >= b_val or (last.t == "N" and 1000 <= last.v <= 2100 and last.isint):
                    return None
            num = _Num(start, seq[-1].e, sign * a_val / b_val)
            num.frac = True
            num.word = any(x.t not in ("N", "NF") for x in seq)
            return _signed(num, sign)
    for c in range(n):
        if seq[c].t == "POINT":
            head = seq[:c]
            if len(head) == 1 and head[0].t == "Z":
                int_part: float | None = 0.0
            else:
                int_part = _int_value(head)
            digits = _point_digits(seq[c + 1 :])
            if int_part is None or digits is None or int_part != int(int_part):
                return None
            num = _Num(start, seq[-1].e, sign * float(f"{int(int_part)}.{digits}"))
            num.word = True
            num.isint = False
            return _signed(num, sign)
    if n == 1 and first.t == "F":
        num = _Num(start, first.e, sign * first.v)
        num.frac = True
        num.word = True
        num.isint = False
        return _signed(num, sign)
    if n == 1 and first.t in ("N", "NF"):
        num = _Num(start, first.e, sign * first.v)
        num.isint = first.isint and not first.ordinal
        num.ordinal = first.ordinal
        num.scaled = first.scaled
        num.dec = first.dec
        num.ident = first.ident
        num.frac = first.t == "NF"
        num.year4 = first.isint and first.e - first.s == 4 and not first.scaled
        return _signed(num, sign)
    value = _int_value(seq, allow_ordinal=True)
    if value is None:
        return None
    num = _Num(start, seq[-1].e, sign * value)
    num.ordinal = seq[-1].ordinal
    num.word = any(x.t not in ("N", "NF") for x in seq)
    num.frac = any(x.t == "F" for x in seq)
    num.scaled = any(x.t in ("S", "H") for x in seq) or any(x.scaled for x in seq)
    return _signed(num, sign)


def _signed(num: _Num, sign: float) -> _Num:
    if sign < 0:
        num.isint = False
    num.parts = (Number(num.s, num.e, num.value, num.ordinal),)
    return num


def _plain(seq: Sequence[_Atom]) -> float | None:
    """A plain cardinal (words or a numeral) for ratios: "one", "1", "one hundred and twenty"."""
    if any(a.ordinal or a.t in ("POINT", "OVER", "OUT", "IN", "NEG", "VP", "VM") for a in seq):
        return None
    if len(seq) == 1 and seq[0].t == "N":
        return seq[0].v if not seq[0].dec else None
    return _int_value(seq)


_DETERMINERS_ONE = frozenset(
    {"the", "this", "that", "which", "each", "every", "any", "no", "another", "what", "one"}
)
_FOLLOW_WORD_RE = re.compile(r"[ \t]*([A-Za-z]+)")
_PREV_WORD_RE = re.compile(r"[ \t]+([A-Za-z]+)(?![A-Za-z])")


def _parse_phrase(text: str, atoms: list[_Atom]) -> list[_Num]:
    """Split a phrase into numbers: longest valid reading first, left to right."""
    if len(atoms) == 1 and atoms[0].t == "N":
        num = _evaluate(atoms, True, "")
        return [] if num is None else [num]
    fm = _FOLLOW_WORD_RE.match(text, atoms[-1].e)
    follow = fm.group(1).lower() if fm else ""
    if any(_is_den(a) or a.t in ("HALF", "QUARTER") for a in atoms):
        atoms = _fractions(atoms, follow)
    out: list[_Num] = []
    n = len(atoms)
    i = 0
    while i < n:
        a = atoms[i]
        if (
            (a.t in _SKIPPABLE and a.t != "A")
            or a.t in ("HALF", "QUARTER")
            or (_is_den(a) and a.plural)
        ):
            i += 1
            continue
        found: _Num | None = None
        j = n
        while j > i:
            if atoms[j - 1].t in _CONNECTOR_TYPES:
                j -= 1
                continue
            found = _evaluate(atoms[i:j], j == n, follow if j == n else "x")
            if found is not None:
                break
            j -= 1
        if found is None:
            i += 1
            continue
        # "3 hundred and 2 hundred": the second multiplier could not attach, so the "and"
        # separates two numbers.
        if j < n and atoms[j].t in ("H", "S", "DOZ") and j - 2 > i and atoms[j - 2].t == "AND":
            shorter = _evaluate(atoms[i : j - 2], False, "x")
            if shorter is not None:
                found = shorter
                j = j - 2
        if (
            j - i == 1
            and a.w == "one"
            and not a.hy
            and ((j < n and atoms[j].t == "OF") or _is_pronoun_one(text, a.s, follow, j == n))
        ):
            i = j
            continue
        out.append(found)
        i = j
    return out


def _is_pronoun_one(text: str, s: int, follow: str, at_end: bool) -> bool:
    """ "the one", "which one", "one another": not a number."""
    if at_end and follow in ("another", "of"):
        return True
    rev = text[max(0, s - 20) : s][::-1]
    m = _PREV_WORD_RE.match(rev)
    return bool(m and m.group(1)[::-1].lower() in _DETERMINERS_ONE)


# The common case, read without building a phrase: a plain numeral ("2,300", "1994", "1.5")
# after a space or an opening mark and before punctuation or a word that cannot continue a
# number ("2,300 troops", "in 1994."). Anything else goes through the full reading.
_SIMPLE_RE = re.compile(
    r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?"
    r"(?=[ \t]+([A-Za-z]+)(?![A-Za-z0-9_'’-])|[;)\]\"”!?]|[,.:](?![0-9])|\n|\Z)"
)
_SIMPLE_BEFORE = frozenset(' \t\n("“[')
_CONTINUATIONS = frozenset(
    [
        *_WORDS,
        *_ABBREV_SCALES,
        *"or and to through thru per percent pct plus odd out over in".split(),
    ]
)


def _simple(text: str, s: int, limit: int) -> _Num | None:
    if s and (
        text[s - 1] not in _SIMPLE_BEFORE
        or (
            text[s - 2 : s - 1] in ("s", "e", "S", "E")
            and text[max(0, s - 10) : s - 1].lower().endswith(("minus", "negative"))
        )
    ):
        return None
    m = _SIMPLE_RE.match(text, s, limit)
    if m is None:
        return None
    word = m.group(1)
    if word is not None and (word.lower() in _CONTINUATIONS or word in _CONTINUATIONS):
        return None
    raw = m.group()
    isint = "." not in raw
    num = _Num(s, m.end(), float(raw.replace(",", "") if "," in raw else raw))
    num.isint = isint
    num.year4 = isint and len(raw) == 4
    num.parts = (Number(s, num.e, num.value),)
    return num


def _scan(text: str, skip: Sequence[tuple[int, int]]) -> list[_Num]:
    """Every number in ``text`` (outside ``skip``), in order."""
    nums: list[_Num] = []
    ranges = sorted(skip)
    r = 0
    pos = 0
    length = len(text)
    for s in _candidates(text):
        if s < pos:
            continue
        if s and text[s - 1] == "." and text[s].isdigit() and (s < 2 or not text[s - 2].isdigit()):
            s -= 1  # ".08"
        if ranges:
            while r < len(ranges) and ranges[r][1] <= s:
                r += 1
            if r < len(ranges) and ranges[r][0] <= s:
                pos = ranges[r][1]
                continue
        if s and (
            text[s - 1].isalpha()
            or text[s - 1] == "_"
            or (text[s - 1].isdigit() and not text[s].isdigit())
        ):
            # "V2food", "MH17", "Kéone", "5million": part of a word
            pos = s + 1
            while pos < length and (text[pos].isalnum() or text[pos] == "_"):
                pos += 1
            continue
        limit = length
        if r < len(ranges) and ranges[r][0] > s:
            limit = ranges[r][0]
        simple = _simple(text, s, limit)
        if simple is not None:
            nums.append(simple)
            pos = simple.e
            continue
        atoms, end, chain = _collect(text, s, limit)
        pos = max(end, s + 1)
        if chain is not None:
            nums.append(chain)
            continue
        if not atoms:
            continue
        nums.extend(_parse_phrase(text, atoms))
    return nums


# ---------------------------------------------------------------------------------------------
# Hedges, ranges and kinds: numbers in their surroundings


def _hedge_table() -> dict[str, str]:
    table: dict[str, str] = {}

    def add(cat: str, phrases: str) -> None:
        for phrase in phrases.split("|"):
            table[phrase] = cat

    add(
        "gt",
        "more than|over|above|greater than|larger than|bigger than|higher than|exceeding|exceeds"
        "|exceed|surpassing|surpasses|surpass|in excess of|upwards of|upward of|well over"
        "|just over|north of|>",
    )
    add(
        "ge",
        "at least|no less than|not less than|no fewer than|not fewer than|a minimum of"
        "|minimum of|greater than or equal to|more than or equal to|larger than or equal to"
        "|bigger than or equal to|higher than or equal to|equal to or more than"
        "|equal to or greater than|equal to or larger than|equal to or higher than"
        "|equal to or bigger than|at least or equal to|bigger or equal than|bigger or equal to"
        "|greater or equal than|greater or equal to|higher or equal than|higher or equal to"
        "|larger or equal than|larger or equal to|more or equal than|more or equal to"
        "|as few as|>=|≥",
    )
    add(
        "lt",
        "less than|fewer than|under|below|lower than|smaller than|just under|just below"
        "|short of|just short of|<",
    )
    add("lta", "nearly|almost|not quite|close to")
    add(
        "le",
        "up to|at most|no more than|not more than|no greater than|not greater than"
        "|a maximum of|maximum of|as many as|as much as|less than or equal to"
        "|smaller than or equal to|fewer than or equal to|lower than or equal to"
        "|equal to or less than|equal to or fewer than|equal to or smaller than"
        "|equal to or lower than|less or equal than|less or equal to|smaller or equal than"
        "|smaller or equal to|lower or equal than|lower or equal to|fewer or equal than|<=|≤",
    )
    add(
        "approx",
        "about|around|approximately|roughly|some|an estimated|estimated|circa|approx|approx."
        "|ca.|c.|~|more or less|in the region of|on the order of|an approximate",
    )
    add("eq", "equal to|equals to|equals|equal|equaling to|equaling|equalling|exactly|=")
    add("between", "between")
    add("from", "from")
    return table


_HEDGES = _hedge_table()


def _reversed_pattern(phrase: str) -> str:
    if not phrase[0].isalpha():
        symbols = [re.escape(ch) for ch in reversed(phrase)]
        return r"\s*".join(symbols) + r"(?![<>=≤≥])"
    words = [re.escape(w[::-1]) for w in reversed(phrase.split())]
    return r"\s+".join(words) + r"(?![A-Za-z0-9_])"


# Matched on the reversed text before a number: anchored, so it costs one attempt.
_PRE_RE = re.compile(
    r"(?P<ws>\s{0,3})(?:(?P<the>eht)\s+)?(?P<h>"
    + "|".join(_reversed_pattern(p) for p in sorted(_HEDGES, key=len, reverse=True))
    + ")",
    re.IGNORECASE,
)
_POST_RE = re.compile(
    r"(?:(?P<plus>\+|-plus\b)"
    r"|(?P<odd>-odd\b)"
    r"|\s+(?P<w>or\s+more(?:\s+than)?|and\s+more|or\s+greater(?:\s+than)?|or\s+above|and\s+above"
    r"|and\s+over|or\s+over|and\s+up(?:wards?)?|or\s+higher|or\s+larger|or\s+bigger"
    r"|or\s+less(?:\s+than)?|or\s+fewer(?:\s+than)?|or\s+below|and\s+below|and\s+under"
    r"|or\s+under|or\s+lower|or\s+smaller|or\s+equal(?:\s+to)?|or\s+so))"
    r"(?![A-Za-z0-9_])",
    re.IGNORECASE,
)
_POST_CATS = {
    "or more": "ge", "or more than": "ge", "and more": "ge", "or greater": "ge",
    "or greater than": "ge", "or above": "ge", "and above": "ge", "and over": "ge",
    "or over": "ge", "and up": "ge", "and upward": "ge", "and upwards": "ge", "or higher": "ge",
    "or larger": "ge", "or bigger": "ge", "or less": "le", "or less than": "le",
    "or fewer": "le", "or fewer than": "le", "or below": "le", "and below": "le",
    "and under": "le", "or under": "le", "or lower": "le", "or smaller": "le",
    "or equal": "eqc", "or equal to": "eqc", "or so": "approx",
}  # fmt: skip
_RANGE_GAP_RE = re.compile(
    r"(?P<g>\s*(?:[-‐‑‒–~]|to|through|thru)\s*|\s+(?:and|or)\s+)(?:the\s+)?$", re.IGNORECASE
)
_MERGE_GAP_RE = re.compile(r"\s*(?:,\s*)?(?:(?:and|but)\s+)?$", re.IGNORECASE)
_NUMBER_START_RE = re.compile(
    r"\s*(?:[-−]?[0-9]|(?:" + _trie_pattern([*_CANDIDATE_WORDS, "a", "an"]) + r")(?![A-Za-z]))",
    re.IGNORECASE | re.ASCII,
)
_CURRENCY = "$€£¥₹₽"
_CURRENCY_BEFORE_RE = re.compile(r"\s?(?P<c>\$|€|£|¥|₹|₽)(?P<p>SU|A|C|KH|SN|Z)?")
_PERCENT_AFTER_RE = re.compile(r"(?:\s?%|\s+(?:percent|per\s+cent|pct)\b)", re.IGNORECASE)
_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December"
    "|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)
_MONTH_BEFORE_RE = re.compile(
    r"\s+\.?(?:" + "|".join(m[::-1] for m in _MONTHS.split("|")) + r")(?![A-Za-z])"
)
_MONTH_AFTER_RE = re.compile(r"\s+(?:of\s+)?(?:" + _MONTHS + r")(?![a-z])")
_DATE_YEAR_RE = re.compile(r",?[ \t\u00a0]+([12][0-9]{3})(?![0-9])")
_YEAR_CONTEXT_RE = re.compile(
    r"\s+(?:in|since|of|by|from|until|till|to|before|after|during|early|late|mid|the|a|its|"
    r"their|this|that|last|next|circa|year|summer|winter|spring|autumn|fall)$",
    re.IGNORECASE,
)
_PLURAL_AFTER_RE = re.compile(r"\s+([a-z][a-z]+)")
_NOT_PLURAL = frozenset(
    {"this", "was", "has", "his", "its", "plus", "less", "unless", "across", "thus", "versus",
     "perhaps", "whereas", "is", "as", "us", "yes", "always", "besides", "towards", "afterwards"}
)  # fmt: skip
_COLLECTIVES = frozenset(
    {"people", "men", "women", "children", "police", "personnel", "staff", "cattle", "livestock",
     "aircraft", "crew", "militia", "youth", "folk", "sheep", "fish", "deer", "military", "dead",
     "wounded", "injured", "killed"}
)  # fmt: skip


def _hedge_before(text: str, s: int) -> tuple[str, int, bool]:
    """The hedge right before ``s``: ``(category, start, has_the)``, or ``("", s, False)``."""
    if s == 0:
        return "", s, False
    j = s - 1
    while j > 0 and text[j] in " \t\u00a0" and s - j < 4:
        j -= 1
    ch = text[j]
    if not (ch.isalpha() or ch in "<>=~≥≤."):
        return "", s, False
    rev = text[max(0, s - 48) : s][::-1]
    m = _PRE_RE.match(rev)
    if m is None:
        return "", s, False
    phrase = " ".join(m.group("h")[::-1].lower().split())
    cat = _HEDGES.get(phrase)
    if cat is None:
        cat = _HEDGES.get(re.sub(r"\s+", "", phrase), "")
    return cat, s - m.end(), m.group("the") is not None


def _starts_number(text: str, pos: int) -> bool:
    return _NUMBER_START_RE.match(text, pos) is not None


def _assemble(text: str, nums: list[_Num]) -> list[Figure]:
    """Put numbers in their surroundings: hedges, ranges, units, kinds."""
    figures: list[Figure] = []
    n = len(nums)
    i = 0
    while i < n:
        a = nums[i]
        if a.chain:
            kind: MentionKind = "date" if a.chain == "date" else "other"
            figures.append(Figure(a.s, a.e, None, None, kind, a.parts, unit=a.chain))
            i += 1
            continue
        if a.vague:
            figures.append(
                Figure(a.s, a.e, a.low, a.high, "count", (), False, a.high_open, True, "vague")
            )
            i += 1
            continue
        lead = _lead(text, a.s)
        cat, hstart, has_the = _hedge_before(text, lead)
        if has_the and not a.ordinal:
            cat, hstart = "", lead
        # A range with the next number: "between 20 and 30", "20-30", "from 5 to 10".
        if i + 1 < n and nums[i + 1].s - a.e < 16:
            b = nums[i + 1]
            rng = _range(text, a, b, cat)
            if rng is not None:
                word, b_lead = rng
                start = hstart if cat in ("between", "from") else lead
                end = _trail(text, b.e)
                unit = text[lead : a.s].strip() or text[b_lead : b.s].strip()
                if not unit and end != b.e:
                    unit = "%"
                kind = "year" if a.year4 and b.year4 else _kind(text, a, "range", bool(unit))
                figures.append(
                    Figure(
                        start,
                        end,
                        a.value,
                        b.value,
                        kind,
                        (*a.parts, *b.parts),
                        approximate=word == "or",
                        hedge="range",
                        unit=unit,
                    )
                )
                i += 2
                continue
        fig = _single(text, a, cat, hstart, lead)
        # "larger than 10 and smaller than 20": one interval
        if figures and fig.hedge == "bound":
            merged = _merge(text, figures[-1], fig)
            if merged is not None:
                figures[-1] = merged
                i += 1
                continue
        figures.append(fig)
        i += 1
    return figures


def _range(text: str, a: _Num, b: _Num, cat: str) -> tuple[str, int] | None:
    """If ``a`` and ``b`` form a range, its connecting word and the start of ``b``."""
    if not (_rangeable(a) and _rangeable(b)) or a.ordinal != b.ordinal or a.value >= b.value:
        return None
    b_lead = _lead(text, b.s)
    gm = _RANGE_GAP_RE.match(text, a.e, b_lead)
    if gm is None:
        return None
    gap = gm.group("g")
    word = gap.strip().lower()
    if word == "and":
        ok = cat == "between"
    elif word == "or":
        ok = (
            cat == ""
            and a.isint
            and b.isint
            and not (a.scaled or b.scaled)
            and b.value <= 10 * a.value
        )
    elif word in "-‐‑‒–":
        # "1000-5000", "1000 - 5000", but not "fifty - 2" (a word number and a numeral)
        ok = gap == word or a.word == b.word
    else:
        ok = True
    return (word, b_lead) if ok else None


def _single(text: str, a: _Num, cat: str, hstart: int, lead: int) -> Figure:
    """One number with its hedge before ("more than") and after ("or more")."""
    v = a.value
    low: float | None = v
    high: float | None = v
    low_open = high_open = approx = False
    hedge = ""
    if cat == "gt":
        high, low_open, hedge = None, True, "bound"
    elif cat == "ge":
        high, hedge = None, "bound"
    elif cat in ("lt", "lta"):
        low, high_open, hedge, approx = None, True, "bound", cat == "lta"
    elif cat == "le":
        low, hedge = None, "bound"
    elif cat == "approx":
        approx, hedge = True, "approx"
        if a.word and v == 1 and text[hstart:lead].strip().lower() == "some":
            approx, hedge = False, ""
    elif cat == "eq":
        hedge = "equal"
    end = _trail(text, a.e)
    nxt = text[end : end + 2]
    if nxt[:1] in "+-" or nxt[1:] in ("o", "a", "O", "A"):
        pm = _POST_RE.match(text, end)
        if pm is not None and not _starts_number(text, pm.end()):
            if pm.group("plus"):
                post = "ge"
            elif pm.group("odd"):
                post = "approx"
            else:
                post = _POST_CATS.get(" ".join(pm.group("w").lower().split()), "")
            if post == "ge" and cat in ("", "eq", "approx", "gt"):
                low, high, low_open, high_open, hedge = v, None, False, False, "bound"
                end = pm.end()
                if cat == "approx":
                    hstart, approx = lead, False
            elif post == "le" and cat in ("", "eq", "approx", "lt"):
                low, high, low_open, high_open, hedge = None, v, False, False, "bound"
                end = pm.end()
                if cat == "approx":
                    hstart, approx = lead, False
            elif post == "eqc" and cat in ("gt", "lt"):
                low_open = high_open = False
                end = pm.end()
            elif post == "approx" and cat == "":
                approx, hedge, end = True, "approx", pm.end()
    if not hedge:
        hstart = lead
    kind = _kind(text, a, hedge, lead != a.s or end != a.e)
    if a.dec:
        low, high, high_open = v, v + 10, True
        if v < 100:
            low, high = 1900 + v, 1910 + v
    unit = text[lead : a.s].strip()
    if not unit and _trail(text, a.e) != a.e:
        unit = "%"
    return Figure(
        hstart, end, low, high, kind, a.parts, low_open, high_open, approx or a.approx, hedge,
        unit,
    )  # fmt: skip


def _rangeable(num: _Num) -> bool:
    return not (num.chain or num.vague or num.ident or num.dec) and math.isfinite(num.value)


def _lead(text: str, s: int) -> int:
    """Start of a number including a currency sign before it ("$20", "US$ 1MM")."""
    if s and (
        text[s - 1] in _CURRENCY or (s > 1 and text[s - 1] == " " and text[s - 2] in _CURRENCY)
    ):
        m = _CURRENCY_BEFORE_RE.match(text[max(0, s - 4) : s][::-1])
        if m:
            return s - m.end()
    return s


def _trail(text: str, e: int) -> int:
    """End of a number including a percent sign or word after it."""
    nxt = text[e : e + 2]
    if nxt[:1] == "%" or nxt[1:] in ("%", "p", "P"):
        m = _PERCENT_AFTER_RE.match(text, e)
        if m:
            return m.end()
    return e


def _merge(text: str, left: Figure, right: Figure) -> Figure | None:
    if left.hedge != "bound" or left.kind != right.kind:
        return None
    if not _MERGE_GAP_RE.match(text[left.end : right.start]) or right.start - left.end > 8:
        return None
    if left.high is None and right.low is None and left.low is not None and right.high is not None:
        low, low_open, high, high_open = left.low, left.low_open, right.high, right.high_open
    elif (
        left.low is None and right.high is None and left.high is not None and right.low is not None
    ):
        low, low_open, high, high_open = right.low, right.low_open, left.high, left.high_open
    else:
        return None
    if low >= high:
        return None
    return Figure(
        left.start, right.end, low, high, left.kind, left.numbers + right.numbers, low_open,
        high_open, left.approximate or right.approximate, "range", left.unit or right.unit,
    )  # fmt: skip


def _kind(text: str, num: _Num, hedge: str, unit: bool) -> MentionKind:
    """Year, date, ordinal, count or other, from the number and its neighbours."""
    v = num.value
    if num.ident or num.frac or num.value < 0:
        return "other"
    if num.dec:
        return "year"
    if (num.isint or num.ordinal) and 1 <= v <= 31 and not num.scaled and _near_month(text, num):
        return "date"
    if num.ordinal:
        return "ordinal"
    if num.year4 and 1000 <= v <= 2100 and hedge == "":
        pm = _PLURAL_AFTER_RE.match(text, num.e)
        if pm:
            word = pm.group(1)
            plural = word in _COLLECTIVES or (
                word.endswith("s") and not word.endswith("ss") and word not in _NOT_PLURAL
            )
            if plural:
                before = text[max(0, num.s - 12) : num.s]
                if not _YEAR_CONTEXT_RE.search(before):
                    return "count"
        rev = text[max(0, num.s - 12) : num.s][::-1]
        if _MONTH_BEFORE_RE.match(rev):
            return "date"
        return "year"
    return "other" if unit else "count"


def _near_month(text: str, num: _Num) -> bool:
    """ "October 1", "Oct. 1", "1 October", "the 3rd of May"."""
    before = text[max(0, num.s - 12) : num.s]
    if (before[-2:-1].isalpha() or before[-3:-2].isalpha()) and _MONTH_BEFORE_RE.match(
        before[::-1]
    ):
        return True
    after = text[num.e : num.e + 5]
    return bool(after[1:2].isupper() or after[1:3] == "of") and bool(
        _MONTH_AFTER_RE.match(text, num.e)
    )


def extract_numbers(text: str, skip: Sequence[tuple[int, int]] = ()) -> list[Figure]:
    """Every numeric expression in ``text`` (outside the ``skip`` ranges), in text order."""
    nums = _scan(text, skip)
    figures = _assemble(text, nums)
    return _dates(text, figures)


def _dates(text: str, figures: list[Figure]) -> list[Figure]:
    """Widen dates to their month and year: "September 27", "5 March 2021", "Oct. 1, 2020"."""
    out: list[Figure] = []
    i = 0
    n = len(figures)
    while i < n:
        f = figures[i]
        if f.kind != "date" or f.unit or len(f.numbers) != 1:
            out.append(f)
            i += 1
            continue
        start, end = f.start, f.end
        mb = _MONTH_BEFORE_RE.match(text[max(0, start - 12) : start][::-1])
        if mb:
            start -= mb.end()
        else:
            ma = _MONTH_AFTER_RE.match(text, end)
            if ma:
                end = ma.end()
        numbers: tuple[Number, ...] = f.numbers
        if i + 1 < n:
            g = figures[i + 1]
            ym = _DATE_YEAR_RE.match(text, end)
            if ym and g.kind in ("year", "date") and g.start == ym.start(1) and g.end == ym.end(1):
                end = g.end
                numbers += g.numbers
                i += 1
        out.append(Figure(start, end, None, None, "date", numbers, unit="date"))
        i += 1
    return out


# ---------------------------------------------------------------------------------------------
# Mentions: what each number counts
#
# A small lexicon of news quantities. ``EVENTS`` maps a word to what happened to the things
# counted ("killed", "wounded", ...); ``SUBJECTS`` maps a head noun to a class of people (so
# "soldiers" and "troops" are the same thing); ``UNITS`` are measures, durations and money
# (figures of kind "other"). Words are folded (lower case, no accents).


def _words(*groups: str) -> dict[str, str]:
    table: dict[str, str] = {}
    for group in groups:
        name, _, words = group.partition(":")
        for word in words.split():
            table[word] = name
    return table


EVENTS = _words(
    "killed:killed kill kills killing killings dead death deaths died die dies dying fatalities"
    " fatality perished slain lives toll murdered executed massacred drowned",
    "wounded:wounded wounding injured injuries injury injuring hurt",
    "casualties:casualties casualty",
    "arrested:arrested arrests detained detentions detainees jailed imprisoned",
    "displaced:displaced fled refugees homeless uprooted",
    "evacuated:evacuated evacuations evacuees rescued",
    "missing:missing disappeared",
    "captured:captured hostages abducted kidnapped",
    "destroyed:destroyed downed damaged",
    "lost:lost losing",
)
# Words that can follow a count directly and say what happened to it ("23 civilians killed").
PARTICIPLES = frozenset(
    "killed dead died wounded injured hurt arrested detained jailed displaced evacuated missing"
    " captured abducted kidnapped rescued destroyed downed damaged lost perished slain executed"
    " murdered massacred drowned fled".split()
)
# Verbs before a count that say what happened to it ("killed 20,000 people", "lost 130 troops").
_VERBS_BEFORE = frozenset(
    "killed killing kills kill wounded wounding injured injuring claimed claiming lost losing"
    " arrested detained evacuated displaced destroyed downed captured abducted kidnapped jailed"
    " rescued executed".split()
)
# "killing 30" -> "killed" for the description
_PAST = {
    "killing": "killed", "kills": "killed", "kill": "killed", "wounding": "wounded",
    "injuring": "injured", "losing": "lost",
}  # fmt: skip
_DEATH_NOUNS = frozenset("deaths death killing killings toll murder murders".split())
SUBJECTS = _words(
    "people:people persons person individuals residents inhabitants citizens lives",
    "civilians:civilians civilian noncombatants non-combatants",
    "military:soldiers soldier troops servicemen servicemembers personnel fighters fighter"
    " militants militant separatists rebels insurgents combatants militiamen guerrillas"
    " troopers marines sailors airmen conscripts reservists military army",
    "children:children child kids minors boys girls babies",
    "women:women woman",
    "police:police policemen policeman officers",
    "journalists:journalists journalist reporters reporter photographers",
    "protesters:protesters protestors demonstrators",
    "migrants:migrants migrant",
)
UNITS = frozenset(
    "percent per cent pct km kms kilometres kilometers kilometre kilometer miles mile metres"
    " meters metre meter feet foot inches inch kg kilograms kilogram grams gram tonnes tons"
    " tonne ton pounds pound ounces litres liters gallons barrels acres hectares degrees"
    " hours hour minutes minute seconds days day weeks week months month years year decades"
    " decade centuries century mph kph times points dollars dollar euros euro yen yuan rubles"
    " roubles rupees francs lira manat drams cents pence sq square".split()
)
_MONEY = {"$": "dollars", "€": "euros", "£": "pounds", "¥": "yen", "₹": "rupees", "₽": "roubles"}
_NP_STOP = frozenset(
    "and or but nor from in on at to by with for of since after before during including who"
    " which that whose were was are is be been being have has had will would could should can"
    " may might must said say says told as than while when where if because per the a an this"
    " these those its their his her our your my there here it they he she we you i not no also"
    " more most each every all both either neither so then out up down over under into onto"
    " between among against across through about around near like whom what how why yet just"
    " only even still already now ago later earlier today yesterday tomorrow last next whereas"
    " following amid despite left".split()
)
_AUX_SKIP = frozenset(
    "have has had been be being were was are is reportedly also now so far already confirmed"
    " officially badly seriously critically severely fatally mortally lightly reported believed"
    " feared thought said to all mostly allegedly apparently who that either later left"
    " found".split()
)
_STOPWORDS = _NP_STOP | frozenset(
    "s t one two said says would also did do does done get got make made than then them"
    " it's don't its yes".split()
)
_PERSON_CLASSES = frozenset(SUBJECTS.values())
_CAP_STOP = frozenset(
    "The A An This That These Those It Its They He She We I In On At Since As But And Or If When"
    " While After Before More Nearly Some Dozens Hundreds Thousands Several Many Most All Both"
    " Mr Mrs Ms Dr President Prime Minister Ministry Defense Defence Foreign Interior Chief"
    " General Secretary Spokesman Spokeswoman Officials Official Government Army Forces"
    " Council Committee Court Police Party Parliament Office Department Agency Reuters AFP AP"
    " Associated Press BBC CNN TASS Xinhua Anadolu January February March April May June July"
    " August September October November December Monday Tuesday Wednesday Thursday Friday"
    " Saturday Sunday Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec There Here What Who"
    " Why How According Earlier Later Meanwhile However Also Another Other".split()
)

_BACK_WORDS_RE = re.compile(
    r"[\s\"“”'‘’(]*([A-Za-z]+)(?:[\s\"“”'‘’(]+([A-Za-z]+)(?:\s+([A-Za-z]+)(?:\s+([A-Za-z]+))?)?)?"
)
_TOLL_VERBS = frozenset("to at of is was reached hit stood stands rose climbed".split())
_SENT_BREAK_RE = re.compile(r"[.!?][\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])|\n")
_CLAUSE_BREAK_RE = re.compile(r"\b(?:that|which|who|whom|whose)\b|[;:]")
_CAP_WORD_RE = re.compile(r"\b([A-Z][A-Za-z]+)(?:['’]s)?(?![A-Za-z])")
_MIDCAP_RE = re.compile(r"[a-z0-9,;:] ([A-Z][A-Za-z]+)")
_INHERIT_GAP_RE = re.compile(
    r"[\s,;]*(?:(?:and|or|while|whereas|but|plus|including|with|as well as)\s+)?"
    r"(?:(?:said|says|another|other|more|some|a further)\s+)*\Z",
    re.IGNORECASE,
)
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


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "sses", "xes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
        return word[:-1]
    return word


_NP_COLLECTIVES = frozenset(
    "people men women children police personnel staff cattle livestock aircraft crew youth".split()
)


def _is_plural(word: str) -> bool:
    return word in _NP_COLLECTIVES or (
        word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3
    )


@dataclass(slots=True)
class _About:
    """What a figure counts, found in its surroundings (internal)."""

    what: str = ""
    event: str = ""
    subject: str = ""
    actor: str = ""
    era: str = ""
    increment: bool = False
    tail: int = 0  # end of the words looked at after the figure
    sentence: tuple[int, int] = (0, 0)  # set only for figures worth grouping
    kind: MentionKind = "count"
    unit: str = ""


class _DocContext:
    """Per-document helpers for describing figures (lazily computed)."""

    def __init__(self, text: str, figures: Sequence[Figure]) -> None:
        self.text = text
        self.years = [(f.start, f.low) for f in figures if f.kind == "year" and f.low is not None]
        self.year_starts = [start for start, _ in self.years]
        self._midcaps: set[str] | None = None
        self._forms: dict[str, str] | None = None
        self._names: dict[str, bool] = {}

    @property
    def midcaps(self) -> set[str]:
        if self._midcaps is None:
            self._midcaps = set(_MIDCAP_RE.findall(self.text))
        return self._midcaps

    def canonical(self, word: str) -> str:
        """The shortest capitalised form in the document with the same key ("Armenia")."""
        if self._forms is None:
            self._forms = {}
            for w in sorted(self.midcaps, key=lambda w: (-len(w), w)):
                self._forms[actor_key(w)] = w
        return self._forms.get(actor_key(word), word)

    def sentence(self, start: int, end: int) -> tuple[int, int]:
        text = self.text
        lo = max(0, start - 400)
        s = lo
        for m in _SENT_BREAK_RE.finditer(text, lo, start + 2):
            if m.end() <= start:
                s = m.end()
        m2 = _SENT_BREAK_RE.search(text, end, min(len(text), end + 400))
        e = m2.start() + 1 if m2 else min(len(text), end + 400)
        return s, e

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
        known = self._names.get(word)
        if known is None:
            lower = word.lower()
            known = lower not in _STOPWORDS and not re.search(
                rf"(?<![A-Za-z]){re.escape(lower)}(?![A-Za-z])", self.text
            )
            self._names[word] = known
        return known

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


def _tokens_after(text: str, pos: int, limit: int = 11) -> list[str]:
    """Words (and single punctuation marks) after ``pos`` on the same line."""
    end = text.find("\n", pos, pos + 90)
    if end < 0:
        end = min(len(text), pos + 90)
    return _TOKEN_FIND_RE.findall(text, pos, end)[:limit]


def _advance(text: str, pos: int, tokens: Sequence[str]) -> int:
    """The end of ``tokens`` found one after the other from ``pos``."""
    for token in tokens:
        pos = text.find(token, pos) + len(token)
    return pos


_TOKEN_FIND_RE = re.compile(r"[A-Za-z][A-Za-z'’]*(?:-[A-Za-z]+)*|[^\sA-Za-z]")
_OF_DETERMINERS = frozenset("its their the them those these his her our".split())
_PARENTHETICAL = frozenset("including among mostly most many mainly".split())
_EVENT_HEADS = frozenset(
    "deaths death dead casualties casualty fatalities injuries lives wounded injured toll".split()
)
_GENERIC_HEADS = frozenset("unit system piece depot position launcher site".split())
_PERSON_EVENTS = frozenset(
    "killed wounded casualties arrested displaced evacuated missing captured".split()
)


def _noun_phrase(tokens: list[str], about: _About) -> tuple[list[str], str, int]:
    """The counted noun phrase after a figure and a participle after it.

    Returns ``(words, participle, tokens used)``: "23 civilians killed" -> (["civilians"],
    "killed"), "Dozens of people have been killed" -> (["people"], "killed"), "54 more of its
    troops" -> (["troops"], ""), "another 200 were wounded" -> ([], "wounded").
    """
    i = 0
    n = len(tokens)
    if n and tokens[0].lower() in ("more", "additional", "further", "extra", "other"):
        about.increment = tokens[0].lower() != "other"
        i = 1
    if i < n and tokens[i].lower() == "of":
        i += 1
        if i < n and tokens[i].lower() in _OF_DETERMINERS:
            i += 1
    np: list[str] = []
    used = 0
    while i < n and len(np) < 4:
        word = tokens[i]
        low = word.lower()
        if (
            not word[0].isalpha()
            or low in _NP_STOP
            or (low in PARTICIPLES and (np or low != "dead"))
        ):
            break
        np.append(word)
        i += 1
        used = i
        if _is_plural(low) and not (i < n and tokens[i].lower() in UNITS):
            break
    # A participle after the noun phrase: "have been killed", "were badly wounded".
    skipped = 0
    while i < n and skipped < 6:
        word = tokens[i].lower()
        if word in PARTICIPLES:
            return np, word, i + 1
        if word == "," and i + 1 < n and tokens[i + 1].lower() in _PARENTHETICAL:
            i += 2
            while i < n and tokens[i] != ",":
                i += 1
            i += 1
        elif word in _AUX_SKIP:
            i += 1
        else:
            break
        skipped += 1
    return np, "", used


def _describe(ctx: _DocContext, fig: Figure, prev: _About | None) -> _About:
    """What a count (or other figure) counts, from the words around it."""
    text = ctx.text
    about = _About(tail=fig.end)
    unit = fig.unit
    if unit in _MONEY or unit.endswith("$"):
        about.kind, about.unit = "other", _MONEY.get(unit[-1:], "money")
    elif unit == "%":
        about.kind, about.unit = "other", "percent"
    elif fig.kind == "other":
        about.kind = "other"
    if fig.end < len(text) and text[fig.end] == "-" and fig.hedge != "range":
        # "a five-year plan", "a 12-year-old": an adjective, a measure
        tokens = _tokens_after(text, fig.end + 1, 1)
        if tokens and text.startswith(tokens[0], fig.end + 1) and tokens[0][0].isalpha():
            about.kind = "other"
            about.what = tokens[0].lower()
            about.unit = _singular(about.what.split("-")[0])
            about.tail = fig.end + 1 + len(tokens[0])
            return about
    tokens = _tokens_after(text, fig.end)
    np, participle, used = _noun_phrase(tokens, about)
    about.tail = _advance(text, fig.end, tokens[:used])
    heads = [w.lower() for w in np]
    head = heads[-1] if heads else ""
    # Words before the figure: "killed more than 20,000", "the deaths of 158".
    bm = _BACK_WORDS_RE.match(text[max(0, fig.start - 40) : fig.start][::-1])
    before1 = bm.group(1)[::-1].lower() if bm else ""
    before2 = bm.group(2)[::-1].lower() if bm and bm.group(2) else ""
    if before1 == "another":
        about.increment = True
    event = event_word = ""
    if participle:
        event, event_word = EVENTS.get(participle, ""), participle
    elif head in EVENTS and head not in ("lost", "losing"):
        event = EVENTS[head]
    elif before1 == "of" and before2 in _DEATH_NOUNS:
        event, event_word = "killed", "killed"
    elif before1 in _TOLL_VERBS and bm and "llot" in (bm.group(2), bm.group(3), bm.group(4)):
        event = "killed"  # "the death toll rose to 57"
    elif before1 in ("claimed", "claiming"):
        event = "killed" if head == "lives" else ""
    elif before1 in _VERBS_BEFORE:
        event = EVENTS.get(before1, "")
        event_word = _PAST.get(before1, before1)
    elif before1 == "down" and before2 in ("shot", "shooting", "brought"):
        event, event_word = "destroyed", "shot down"
    # Subject: a class of people, or the head noun ("artillery unit" for generic heads).
    subject = ""
    if head in _EVENT_HEADS:
        subject = "people"
        for w in heads[:-1]:
            subject = SUBJECTS.get(w, subject)
    elif head in SUBJECTS:
        subject = SUBJECTS[head]
    elif head:
        subject = _singular(head)
        if subject in _GENERIC_HEADS and len(heads) > 1:
            subject = heads[-2] + " " + subject
    if event == "lost":
        event = "killed" if subject in _PERSON_CLASSES else "destroyed"
    if about.kind == "count":
        if head in UNITS:
            about.kind, about.unit = "other", _singular(head)
        elif fig.value is not None and fig.value != int(fig.value) and not _has_scale(text, fig):
            about.kind = "other"
    # Coordination: "the deaths of 158 soldiers and 13 civilians", "130 tanks, 200 units".
    inherited = False
    if (
        prev is not None
        and prev.tail <= fig.start
        and fig.start - prev.tail < 40
        and _INHERIT_GAP_RE.match(text, prev.tail, fig.start)
    ):
        inherited = True
        if not event and prev.event:
            event = prev.event
            if not event_word and prev.event == "killed":
                event_word = "killed"
        if not subject:
            subject = prev.subject
    if not subject and event in _PERSON_EVENTS:
        subject = "people"
    about.event, about.subject = event, subject
    what = " ".join(np)
    if participle or event_word:
        what = f"{what} {participle or event_word}".strip()
    about.what = what
    if _worth_grouping(about):
        # The actor: a place or side named in the noun phrase, else the nearest one before.
        about.sentence = ctx.sentence(fig.start, fig.end)
        for w in np[:-1]:
            if w[0].isupper() and ctx.is_name(w, initial=False):
                about.actor = ctx.canonical(w)
                break
        else:
            about.actor = ctx.actor_before(about.sentence[0], fig.start)
            if not about.actor and inherited and prev is not None:
                about.actor = prev.actor
        about.era = ctx.era(*about.sentence)
    return about


def _worth_grouping(about: _About) -> bool:
    """Only counts of an event the lexicon knows ("killed", "arrested", "destroyed"...) are
    compared across outlets; the rest gets no actor, era or context words, which also saves
    time on number-heavy text."""
    return bool(about.event) and not about.increment and about.kind == "count"


def _has_scale(text: str, fig: Figure) -> bool:
    if not fig.numbers:
        return False
    last = fig.numbers[-1]
    return any(ch.isalpha() for ch in text[last.start : last.end])


def _context(ctx: _DocContext, fig: Figure, about: _About) -> tuple[str, ...]:
    """Facets first ("event=killed", "actor=Armenia"...), then content words near the figure."""
    items: list[str] = []
    for name, value in (
        ("event", about.event),
        ("subject", about.subject),
        ("actor", about.actor),
        ("era", about.era),
        ("unit", about.unit),
    ):
        if value:
            items.append(f"{name}={value}")
    if about.increment:
        items.append("increment")
    if about.sentence == (0, 0):
        return tuple(items)
    s, e = about.sentence
    s = max(s, fig.start - 160)
    e = min(e, max(about.tail, fig.end) + 80)
    seen: set[str] = set()
    for m in WORD_RE.finditer(ctx.text, s, e):
        if fig.start <= m.start() < fig.end or (m.start() == s and ctx.text[s - 1 : s].isalnum()):
            continue  # the figure itself, or a word cut by the window
        w = fold(m.group())
        if len(w) < 3 or w in _STOPWORDS or w in seen or w.isdigit():
            continue
        seen.add(w)
        items.append(w)
        if len(seen) >= 16:
            break
    return tuple(items)


def extract_mentions(doc: Document) -> list[Mention]:
    """Every numeric mention in ``doc`` outside its page furniture, with what it counts.

    ``what`` is a short phrase ("people killed", "military deaths", "tanks destroyed");
    ``context`` starts with ``name=value`` facets (see :func:`facets`) followed by folded
    content words of the clause, for counts worth comparing across outlets.
    """
    figures = extract_numbers(doc.text, [(r.start, r.end) for r in doc.furniture])
    ctx = _DocContext(doc.text, figures)
    mentions: list[Mention] = []
    prev: _About | None = None
    for fig in figures:
        kind = fig.kind
        what = ""
        context: tuple[str, ...] = ()
        if kind in ("count", "other"):
            about = _describe(ctx, fig, prev)
            prev = about
            kind, what = about.kind, about.what
            context = _context(ctx, fig, about)
        elif kind == "ordinal":
            tokens = _tokens_after(doc.text, fig.end, 1)
            if tokens and tokens[0][0].isalpha() and fold(tokens[0]) not in _NP_STOP:
                what = fold(tokens[0])
        mentions.append(
            Mention(
                id=f"{doc.id}:{fig.start}-{fig.end}",
                doc=doc.id,
                start=fig.start,
                end=fig.end,
                low=fig.low,
                high=fig.high,
                kind=kind,
                what=what,
                low_open=fig.low_open,
                high_open=fig.high_open,
                approximate=fig.approximate,
                context=context,
            )
        )
    return mentions


def facets(mention: Mention) -> dict[str, str]:
    """The facets at the start of a mention's context: ``event``, ``subject``, ``actor``,
    ``era``, ``unit`` (``name=value`` items) and ``increment`` ("another 200", "54 more")."""
    out: dict[str, str] = {}
    for item in mention.context:
        name, eq, value = item.partition("=")
        if eq:
            out[name] = value
        elif item == "increment":
            out["increment"] = "1"
        else:
            break
    return out
