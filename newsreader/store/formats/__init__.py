"""Import and export formats, one module each; every record shape is declared once in its
module (:mod:`.shape` reads and checks it and makes its JSON Schema).

An import's format is the one asked for (``--format``), else the file's extension's
(``.jsonl``/``.ndjson``: JSON Lines; ``.jsonld``: W3C; ``.csv``: refused, export only; ``.json``:
the JSON file's own markers say which: ``format``, ``type``/``@context``, Hypothesis'
``rows`` or ``user``/``uri``); only for any other name is the content sniffed.
"""

from __future__ import annotations

import os
from typing import Literal

from newsreader.store.formats import hypothesis, jsonl, native, w3c
from newsreader.store.formats.common import ACCEPTED, Context, Parsed
from newsreader.store.formats.jsontext import BadJSON, is_object_line, loads

ImportFormat = Literal["json", "jsonl", "w3c", "hypothesis"]
IMPORT_FORMATS: tuple[ImportFormat, ...] = ("json", "jsonl", "w3c", "hypothesis")
EXTENSIONS: dict[str, ImportFormat | None] = {
    ".json": None,  # a JSON text: which kind is in the text
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".jsonld": "w3c",
}


class Unreadable(ValueError):
    """The file as a whole is not one this reads: one line, nothing imported."""


def read(text: str, name: str, ctx: Context, fmt: ImportFormat | None = None) -> Parsed:
    """Read and check every record of ``text`` (nothing touches the database)."""
    ext = os.path.splitext(name)[1].lower()
    if fmt is None and ext == ".csv":
        raise Unreadable(f"CSV is for spreadsheets, export only; {ACCEPTED}")
    if fmt is None:
        fmt = EXTENSIONS.get(ext)
        if fmt is None and ext not in EXTENSIONS:
            return _sniffed(text, ctx)
    if not text.strip():
        return Parsed(fmt or "jsonl")  # e.g. the jsonl export of no annotation
    if fmt == "jsonl":
        return jsonl.read(text, ctx)
    try:
        whole = loads(text)
    except BadJSON as exc:
        hint = "; JSON Lines? use --format jsonl" if len(text.strip().split("\n")) > 1 else ""
        raise Unreadable(f"{exc}{hint}") from None
    return _read_json(whole, ctx, fmt)


def _read_json(whole: object, ctx: Context, fmt: ImportFormat | None) -> Parsed:
    if fmt is None:
        fmt = _kind(whole)
        if fmt is None:
            raise Unreadable(f"not an annotation file; {ACCEPTED}")
    try:
        if fmt == "json":
            if isinstance(whole, list):  # a list of annotation objects (``tags --json``)
                out = Parsed("json")
                for i, item in enumerate(whole):
                    native.read_record(item, ctx, out, f"item {i + 1}", {})
                return out
            if not isinstance(whole, dict):
                raise Unreadable(f"not a newsreader json file; {ACCEPTED}")
            return native.read(whole, ctx)
        if fmt == "w3c":
            return w3c.read(whole, ctx)
        return hypothesis.read(whole, ctx)
    except (native.Refused, w3c.Refused) as exc:
        raise Unreadable(str(exc)) from None


def _kind(whole: object) -> ImportFormat | None:
    """Which JSON format a parsed JSON text declares itself to be."""
    first = whole[0] if isinstance(whole, list) and whole else whole
    if isinstance(whole, dict) and "format" in whole:
        return "json"
    if isinstance(first, dict):
        if "@context" in first or str(first.get("type", "")).startswith("Annotation"):
            return "w3c"
        if hypothesis.looks_like_search(first) or hypothesis.looks_like_row(first):
            return "hypothesis"
        if "quote" in first and "doc" in first:
            return "json"
    if isinstance(whole, list) and not whole:
        return "json"
    return None


def _sniffed(text: str, ctx: Context) -> Parsed:
    """A file whose name does not say its format: one JSON text, else JSON Lines."""
    if not text.strip():
        return Parsed("jsonl")
    lines = [ln for ln in text.split("\n") if ln.strip()]
    try:
        whole = loads(text)
    except BadJSON as exc:
        from newsreader.store.formats.csv import COLUMNS

        head = tuple(c.strip().strip('"') for c in lines[0].split(",")[: len(COLUMNS)])
        if head == COLUMNS[: len(head)] and len(head) >= 8:
            raise Unreadable(f"CSV is for spreadsheets, export only; {ACCEPTED}") from None
        if len(lines) < 2 or not any(is_object_line(ln) for ln in lines):
            raise Unreadable(f"{exc}; {ACCEPTED}") from None
        return jsonl.read(text, ctx)
    if isinstance(whole, dict) and _kind(whole) == "json" and "format" not in whole:
        return jsonl.read(text, ctx)  # JSON Lines with one line
    return _read_json(whole, ctx, None)


__all__ = ["ACCEPTED", "IMPORT_FORMATS", "Context", "ImportFormat", "Parsed", "Unreadable", "read"]
