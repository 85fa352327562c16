"""Collecting a number phrase: from a candidate, the atoms (numerals, number words, connectors).

Also digit chains (dates, times, phone numbers), which are read whole, and the two mutable
working types of the string layer, :class:`_Atom` and :class:`_Num`.
"""

from __future__ import annotations

import math
import re

from newsreader.core.numbers.figure import Number
from newsreader.core.numbers.units import GLUED_UNIT
from newsreader.core.numbers.vocabulary import (
    _ABBREV_SCALES,
    _CONNECTOR_TYPES,
    _VULGAR,
    _VULGAR_VALUES,
    _WORDS,
)

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
    r"(?:(?P<ord>st|nd|rd|th)|(?P<dec>'?s)"
    rf"|(?P<gu>{GLUED_UNIT})(?![A-Za-z0-9_²])"
    r"|(?P<mul>MM|mil|mln|mn|bn|bln|tn|tln|trn|[kKMbBT]))?"
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
    unit = ""  # a unit glued to the numeral ("256GB"), which ends at ``uend``
    uend = 0

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
    unit = ""  # a unit glued to the numeral ("256GB"), which ends at ``uend``
    uend = 0
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
    if m.group("gu"):
        atom.e = m.start("gu")
        atom.unit, atom.uend = m.group("gu"), m.end()
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
                abbrev = _ABBREV_SCALES.get(word) if word != "T" else None  # "$2.1T" only
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
        if atom.uend:
            break  # "256GB": the unit ends the phrase
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
