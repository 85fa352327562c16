"""The results of the string layer: :class:`Number` and :class:`Figure`."""

from __future__ import annotations

from typing import NamedTuple

from newsreader.core.model import MentionKind


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
