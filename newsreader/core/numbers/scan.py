"""The string layer's entry point: :func:`extract_numbers`.

One left-to-right pass over the candidates: a plain numeral is read by a fast path, anything
else is collected into a phrase of atoms and parsed; the numbers found are then put in their
surroundings (:mod:`newsreader.core.numbers.hedges`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from newsreader.core.numbers.atoms import _collect, _Num
from newsreader.core.numbers.figure import Figure, Number
from newsreader.core.numbers.grammar import _parse_phrase
from newsreader.core.numbers.hedges import _assemble, _dates
from newsreader.core.numbers.vocabulary import (
    _ABBREV_SCALES,
    _ASCII_LOWER,
    _DIGITS_RE,
    _WORD_CANDIDATE_RE,
    _WORDS,
)


def extract_numbers(text: str, skip: Sequence[tuple[int, int]] = ()) -> list[Figure]:
    """Every numeric expression in ``text`` (outside the ``skip`` ranges), in text order."""
    nums = _scan(text, skip)
    figures = _assemble(text, nums)
    return _dates(text, figures)


def _candidates(text: str) -> list[int]:
    starts = [m.start() for m in _DIGITS_RE.finditer(text)]
    starts += [m.start() for m in _WORD_CANDIDATE_RE.finditer(text.translate(_ASCII_LOWER))]
    starts.sort()
    return starts


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


# "150, 000": a thousands separator typed with a space after it, which news copy does often
# enough that reading it as 150 and 0 shows a false conflict. Only a group of one to three
# digits, one spaced group of exactly three (and plain ",000" groups after it), and not inside
# a list ("100, 200 and 300", "1, 234, 567", "pages 259, 269-271") or after a month ("March 3,
# 200 people").
_COMMA_SPACE_RE = re.compile(r"[0-9]{1,3}, [0-9]{3}(?:,[0-9]{3})*(?![0-9]|[.,][0-9])")
_LIST_AFTER_RE = re.compile(r",\s*[0-9]|[-–][0-9]|\s+(?:and|or|to|&)\s+[0-9]", re.IGNORECASE)
_LIST_BEFORE_RE = re.compile(r"[0-9],\s*$|[0-9][-–]$|[0-9]\s+(?:and|or)\s+$")
_MONTH_BEFORE_RE = re.compile(
    r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+$"
)


def _comma_space(text: str, first: _Num, limit: int) -> _Num | None:
    """ "150, 000" read whole, from a plain numeral that ends before ", 000"."""
    s = first.s
    if first.e - s > 3 or not first.isint:
        return None
    m = _COMMA_SPACE_RE.match(text, s, limit)
    if m is None or _LIST_AFTER_RE.match(text, m.end()):
        return None
    before = text[max(0, s - 12) : s]
    if _LIST_BEFORE_RE.search(before) or _MONTH_BEFORE_RE.search(before):
        return None
    raw = m.group()
    num = _Num(s, m.end(), float(raw.replace(",", "").replace(" ", "")))
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
        else:
            atoms, end, chain = _collect(text, s, limit)
            pos = max(end, s + 1)
            if chain is not None:
                nums.append(chain)
                continue
            if not atoms:
                continue
            nums.extend(_parse_phrase(text, atoms))
        if nums and text.startswith(", ", nums[-1].e):
            spaced = _comma_space(text, nums[-1], limit)
            if spaced is not None:
                nums[-1] = spaced
                pos = spaced.e
    return nums
