"""CSV for spreadsheets (export only): RFC 4180, every cell quoted, so a carriage return or a
line break inside a note stays in its cell in Python's csv, pandas and LibreOffice; every cell
of text that a spreadsheet would run as a formula gets a leading ``'``."""

from __future__ import annotations

import csv
from typing import TextIO

from newsreader.store.model import Annotation

COLUMNS = (
    "id",
    "doc",
    "path",
    "title",
    "start",
    "end",
    "label",
    "quote",
    "prefix",
    "suffix",
    "note",
    "author",
    "created",
    "updated",
)
# What makes a spreadsheet read a cell as a formula (OWASP, "CSV injection"), also after
# leading spaces, and the full-width forms some spreadsheets accept as well.
_FORMULA_START = frozenset("=+-@|%\uff1d\uff0b\uff0d\uff20")
_CONTROL_START = frozenset("\t\r\n")


def write(anns: list[Annotation], out: TextIO) -> None:
    writer = csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_ALL)
    writer.writerow(COLUMNS)
    for a in anns:
        writer.writerow(
            [
                cell(a.id),
                cell(a.doc),
                cell(a.doc_path),
                cell(a.doc_title),
                a.start,
                a.end,
                cell(a.label),
                cell(a.quote),
                cell(a.prefix),
                cell(a.suffix),
                cell(a.note),
                cell(a.author),
                cell(a.created),
                cell(a.updated),
            ]
        )


def cell(value: str) -> str:
    """``value``, with a leading ``'`` if a spreadsheet would run it as a formula: it starts
    with ``= + - @ | %`` (or their full-width forms) after any whitespace, or with a tab or a
    line break."""
    if not value:
        return value
    if value[0] in _CONTROL_START or value.lstrip()[:1] in _FORMULA_START:
        return "'" + value
    return value
