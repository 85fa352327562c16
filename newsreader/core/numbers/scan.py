"""The string layer's entry point: :func:`extract_numbers`.

One left-to-right pass over the candidates: a plain numeral is read by a fast path, anything
else is collected into a phrase of atoms and parsed; the numbers found are then put in their
surroundings (:mod:`newsreader.core.numbers.hedges`).
"""

from __future__ import annotations

import math
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
    # A figure too large for a float (300 digits) is not a figure anyone reported: it would be
    # infinite, which no comparison, no label and no JSON can hold.
    return [f for f in _dates(text, figures) if _finite(f.low) and _finite(f.high)]


def _finite(value: float | None) -> bool:
    return value is None or math.isfinite(value)


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


# A telephone number is an identifier, never a count: a trunk code starting with 0 and groups
# of three or four digits ("0845 125 2222", "020 7946 0958", "(0)20 7946-0958").
_PHONE_RE = re.compile(r"0[0-9]{2,4}\)?[ .-][0-9]{3,4}[ .-]?[0-9]{3,4}(?![0-9]|[.,][0-9])")
# A mixed number typed with spaces around the slash ("4 1 / 2 hours" is 4.5), and a spaced
# fraction after a numeral of two digits or more ("41 / 2 months": 4 1/2 whose space was lost,
# or 20.5?), which is read as a figure without a value.
_SPACED_MIXED_RE = re.compile(r"[ \t]([1-9]) / ([2-9]|1[0-6])(?![0-9.,/])")
_SPACED_FRACTION_RE = re.compile(r" / [0-9]{1,2}(?![0-9.,/])")


def _phone(text: str, s: int) -> _Num | None:
    if text[s] != "0" or (s and (text[s - 1].isdigit() or text[s - 1] in ".,")):
        return None
    m = _PHONE_RE.match(text, s)
    if m is None:
        return None
    num = _Num(s, m.end(), float("nan"))
    num.low = num.high = None
    num.isint = False
    num.chain = "phone"
    num.parts = tuple(
        Number(s + d.start(), s + d.end(), float(d.group()))
        for d in re.finditer(r"[0-9]+", m.group())
    )
    return num


def _spaced_fraction(text: str, num: _Num) -> _Num | None:
    """ "4 1 / 2" read whole (4.5); "41 / 2" read as a figure without a value."""
    if not num.isint or num.word or num.scaled or num.chain or num.unit:
        return None
    m = _SPACED_MIXED_RE.match(text, num.e)
    if m is not None and int(m.group(1)) < int(m.group(2)) and num.e - num.s <= 3:
        # "4 1 / 2"
        out = _Num(num.s, m.end(), num.value + int(m.group(1)) / int(m.group(2)))
        out.isint = False
        out.frac = True
        out.parts = (Number(num.s, out.e, out.value),)
        return out
    m = _SPACED_FRACTION_RE.match(text, num.e)
    if m is not None and num.e - num.s >= 2:
        out = _Num(num.s, m.end(), float("nan"))
        out.low = out.high = None
        out.isint = False
        out.chain = "fraction"
        out.parts = num.parts
        return out
    return None


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
        phone = _phone(text, s) if text[s] == "0" else None
        if phone is not None and phone.e <= limit:
            nums.append(phone)
            pos = phone.e
            continue
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
        if nums and " / " in text[nums[-1].e : nums[-1].e + 3]:
            last = nums[-1]
            k = len(nums) - 1
            if k and nums[k - 1].e + 1 == last.s and last.e - last.s == 1:
                k -= 1  # "4 1 / 2": the whole number, then the fraction
            fraction = _spaced_fraction(text, nums[k])
            if fraction is not None and fraction.e <= limit:
                nums[k:] = [fraction]
                pos = max(pos, fraction.e)
    return nums
