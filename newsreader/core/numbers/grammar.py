"""Parsing a phrase of atoms into numbers: integers in words and digits, fractions ("three
quarters", "one hundred thirty fifths"), decimals ("two point five"), ratios ("one in five")
and vague counts ("dozens", "several hundred"). Longest valid reading first, left to right.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from newsreader.core.numbers.atoms import _Atom, _Num
from newsreader.core.numbers.figure import Number
from newsreader.core.numbers.vocabulary import (
    _CONNECTOR_TYPES,
    _SKIPPABLE,
    _VAGUE_MODS,
    _VAGUE_RANGES,
)


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
        num.unit, num.uend = first.unit, first.uend
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
