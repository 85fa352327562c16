"""Sizes an import accepts (README, "Export and import"). A file over a limit is refused with
the record and field named; nothing is cut short silently."""

from __future__ import annotations

# A note, a label or an author: the store's own limits, one figure for the reader and imports.
from newsreader.store.annotations import MAX_NAME, MAX_NOTE

MAX_FILE_BYTES = 256 * 1024 * 1024  # an import file
MAX_DEPTH = 64  # JSON nesting; our own files nest 5 levels, W3C ones 7
MAX_TEXT = 100_000  # a quote (about 15,000 words) and any other string not named below
MAX_CONTEXT = 1_000  # a prefix or suffix (we write 32 characters; Hypothesis writes 32)
CLOCK_SKEW_SECONDS = 300  # how far in the future a 'created' or 'updated' time may be

__all__ = [
    "CLOCK_SKEW_SECONDS",
    "MAX_CONTEXT",
    "MAX_DEPTH",
    "MAX_FILE_BYTES",
    "MAX_NAME",
    "MAX_NOTE",
    "MAX_TEXT",
]
