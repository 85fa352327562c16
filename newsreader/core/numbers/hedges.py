"""Hedges, ranges and kinds: numbers in their surroundings, read as intervals.

"more than 100" is ``(100, ∞)``, "nearly 200" ``(-∞, 200)``, "between 20 and 30" and "20-30"
``[20, 30]``, "200 or more" ``[200, ∞)``; a currency sign or a percent is kept as the unit;
each figure gets its kind (count, year, date, ordinal, other), and dates are widened to their
month and year.
"""

from __future__ import annotations

import math
import re

from newsreader.core.model import MentionKind
from newsreader.core.numbers.atoms import _Num
from newsreader.core.numbers.figure import Figure, Number
from newsreader.core.numbers.units import UNIT_AFTER_RE, currency_before, unit_name
from newsreader.core.numbers.vocabulary import _CANDIDATE_WORDS, _trie_pattern


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
    r"(?:^|\s)(?:in|since|of|by|from|until|till|to|before|after|during|early|late|mid|the|a|its|"
    r"their|his|her|our|this|that|last|next|circa|year|summer|winter|spring|autumn|fall)\s+$",
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
        if i + 1 < n and nums[i + 1].s == a.e + 1 and text[a.e] in "-–":
            score = _score(text, a, nums[i + 1], lead)
            if score is not None:
                figures.append(score)
                i += 2
                continue
        # A range with the next number: "between 20 and 30", "20-30", "from 5 to 10",
        # "44 mg to 50 mg".
        if i + 1 < n and nums[i + 1].s - a.e < 24:
            b = nums[i + 1]
            rng = _range(text, a, b, cat)
            if rng is not None:
                word, b_lead = rng
                start = hstart if cat in ("between", "from") else lead
                end, b_unit = _unit_after(text, b)
                unit = _currency(text, lead, a.s) or _currency(text, b_lead, b.s) or b_unit
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
    a_end, a_unit = _unit_after(text, a)
    if a_unit and a_unit != _unit_after(text, b)[1]:
        return None  # "5 kg to 10 km" is not a range
    gm = _RANGE_GAP_RE.match(text, a_end, b_lead)
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
    end, unit = _unit_after(text, a)
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
    unit = _currency(text, lead, a.s) or unit
    return Figure(
        hstart, end, low, high, kind, a.parts, low_open, high_open, approx or a.approx, hedge,
        unit,
    )  # fmt: skip


def _rangeable(num: _Num) -> bool:
    return not (num.chain or num.vague or num.ident or num.dec) and math.isfinite(num.value)


def _lead(text: str, s: int) -> int:
    """Start of a number including a currency sign or code before it ("$20", "US$ 1MM",
    "USD 40", "Rs. 500")."""
    return currency_before(text, s)


def _currency(text: str, lead: int, s: int) -> str:
    return unit_name(text[lead:s].strip()) if lead != s else ""


_UNIT_FIRST = frozenset("%°º ")


def _unit_after(text: str, num: _Num) -> tuple[int, str]:
    """End of a number including a unit after it, and the unit's name: "256GB", "10 kg",
    "5 per cent", "35°C", "19,000 sq. kms"; ``(num.e, "")`` when there is none."""
    if num.uend:
        return num.uend, unit_name(num.unit)
    e = num.e
    if text[e : e + 1] not in _UNIT_FIRST:
        return e, ""
    m = UNIT_AFTER_RE.match(text, e)
    if m is None:
        return e, ""
    written = m.group("sym") or m.group("sp") or m.group("u")
    return m.end(), unit_name(written)


# "won 3-1", "a 24-17 win", "drew 1-1": a score is two numbers, neither of them a count.
_SCORE_BEFORE_RE = re.compile(
    r"(?:\b(?:won|win|wins|winning|beat|beats|beating|defeated|defeating|downed|edged|routed"
    r"|thrashed|crushed|lost|lose|loses|losing|drew|draw|tied|leads?|led|leading|trailed"
    r"|trailing|trail|score|scored)\s+)$",
    re.IGNORECASE,
)
_SCORE_AFTER_RE = re.compile(
    r"\s+(?:(?:home|away|road|overtime|extra-time|penalty|shootout|comeback|opening|series"
    r"|aggregate|first-leg|second-leg)\s+)?(?:win|wins|victory|victories|defeat|defeats|loss"
    r"|losses|draw|tie|lead|triumph|rout|drubbing|thrashing|scoreline|result|decision"
    r"|aggregate|on\s+aggregate|in\s+(?:overtime|extra\s+time|the\s+final))\b",
    re.IGNORECASE,
)


def _score(text: str, a: _Num, b: _Num, lead: int) -> Figure | None:
    """A sports score ("3-1", "24-17") written as two integers joined by a dash, with a word
    of winning, losing or drawing before or after it."""
    if lead != a.s or not (a.isint and b.isint) or a.scaled or b.scaled or a.year4 or b.year4:
        return None
    if a.value > 200 or b.value > 200 or a.word or b.word or b.uend or text[b.e : b.e + 1] == "-":
        return None
    before = text[max(0, a.s - 14) : a.s]
    if not (_SCORE_BEFORE_RE.search(before) or _SCORE_AFTER_RE.match(text, b.e)):
        return None
    return Figure(a.s, b.e, None, None, "other", (*a.parts, *b.parts), unit="score")


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
        numbers: tuple[Number, ...] = f.numbers
        mb = _MONTH_BEFORE_RE.match(text[max(0, start - 12) : start][::-1])
        if mb and out and out[-1].end > start - mb.end():
            # The month already ends the previous figure ("fifth October 1"): if that is a
            # date, the two make one; either way the month is not taken twice.
            if out[-1].kind == "date":
                prev = out.pop()
                start, numbers = prev.start, prev.numbers + numbers
        elif mb:
            start -= mb.end()
        else:
            ma = _MONTH_AFTER_RE.match(text, end)
            if ma:
                end = ma.end()
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
