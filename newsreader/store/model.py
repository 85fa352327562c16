"""The store's records: plain frozen dataclasses shared by the store, exchange and the UI."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

_CANONICAL_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.(\d{3}|\d{6})Z")

PlacementStatus = Literal["exact", "moved", "fuzzy", "orphaned"]

FORMAT_NAME = "newsreader-annotations"  # the "format" of the json export
FORMAT_VERSION = 1  # its "version": readers refuse newer versions, keys are only ever added
DOC_URN = "urn:newsreader:doc:"  # W3C export: a document's IRI is this + its id


@dataclass(frozen=True, slots=True)
class Label:
    """A tag kind. ``style`` (e.g. "underline", "bold", "reverse") tells labels apart without
    colour; ``color`` is a colour name or ``#rrggbb``."""

    name: str
    color: str
    style: str


@dataclass(frozen=True, slots=True)
class Annotation:
    """One tag: a half-open ``[start, end)`` span of a document's text as it was when tagged.

    ``quote`` is ``text[start:end]``; ``prefix``/``suffix`` are up to 32 characters either side,
    used to find the span again if the text changes. Times are ISO-8601 UTC strings.
    """

    id: str
    doc: str
    doc_path: str
    doc_title: str
    start: int
    end: int
    quote: str
    prefix: str
    suffix: str
    label: str
    note: str
    author: str
    created: str
    updated: str


@dataclass(frozen=True, slots=True)
class Placed:
    """An annotation placed on a document's current text.

    ``exact``: found at its stored offsets; ``moved``: the same quote found elsewhere; ``fuzzy``:
    similar text found (``start``/``end`` are where); ``orphaned``: not found, kept and listed,
    not highlighted (``start``/``end`` are the stored offsets clamped to the text).
    """

    annotation: Annotation
    start: int
    end: int
    status: PlacementStatus


def now_iso() -> str:
    """The current UTC time as ISO-8601 with milliseconds and ``Z``."""
    from datetime import UTC, datetime

    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def normalize_time(value: str) -> str:
    """An ISO-8601 time as UTC with ``Z`` (naive times are taken as UTC). Idempotent.

    Raises ``ValueError`` for text that is not an ISO-8601 date-time.
    """
    from datetime import UTC, datetime

    parsed = datetime.fromisoformat(value)
    if _CANONICAL_TIME.fullmatch(value):
        return value  # already UTC with "Z" and milli- or microseconds: nothing to change
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    parsed = parsed.astimezone(UTC)
    spec = "milliseconds" if parsed.microsecond % 1000 == 0 else "microseconds"
    return parsed.isoformat(timespec=spec).replace("+00:00", "Z")


def time_after(previous: str) -> str:
    """The current time, or 1 ms after ``previous`` if that is not earlier: an ``updated``
    time that always moves forward, so comparing times detects every change."""
    from datetime import datetime, timedelta

    now = now_iso()
    if now > previous:
        return now
    try:
        bumped = datetime.fromisoformat(previous) + timedelta(milliseconds=1)
    except ValueError:
        return now
    return normalize_time(bumped.isoformat())
