"""JSON Lines: one annotation object a line (``export --format jsonl``); a line may also be a
W3C ``Annotation`` or a Hypothesis API annotation. Lines end at ``\\n`` only: JSON text may
hold U+2028, U+0085 ... which ``str.splitlines`` would split."""

from __future__ import annotations

from typing import TextIO

from newsreader.store.formats import hypothesis, native, w3c
from newsreader.store.formats.common import Context, Parsed
from newsreader.store.formats.jsontext import BadJSON, loads
from newsreader.store.model import Annotation


def read(text: str, ctx: Context) -> Parsed:
    out = Parsed("jsonl")
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        position = f"line {number}"
        try:
            item = loads(line)
        except BadJSON as exc:
            message = str(exc).replace(" at line 1 column", " at column")
            out.problems.append(f"{position}: {message}")
            continue
        if isinstance(item, dict) and item.get("type") == "Annotation":
            w3c.read_item(item, ctx, out, position)
        elif hypothesis.looks_like_row(item):
            hypothesis.read_row(item, ctx, out, position)
        else:
            native.read_record(item, ctx, out, position, {})
    return out


def write(anns: list[Annotation], out: TextIO) -> None:
    for ann in anns:
        out.write(native.dumps(native.record(ann)))
        out.write("\n")
