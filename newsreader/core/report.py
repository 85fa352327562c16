"""Turning an :class:`Analysis` into the JSON document and the readable summary of ``analyze``."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterator
from typing import Any, TextIO

from newsreader.core.model import Analysis, Document, Edit, Mention, Passage, Span
from newsreader.core.quantities import format_number
from newsreader.core.text import display_safe

JSON_VERSION = 1


def to_json(analysis: Analysis) -> dict[str, Any]:
    """The documented ``analyze --json`` shape (keys may be added, none removed)."""
    return {
        key: list(value) if isinstance(value, Iterator) else value
        for key, value in _sections(analysis)
    }


def write_json(analysis: Analysis, out: TextIO) -> None:
    """Write ``dumps(to_json(analysis))`` as it is made, one item at a time, so the JSON of a
    large feed (several times its text) never exists whole in memory; the same characters."""
    out.write("{")
    for k, (key, value) in enumerate(_sections(analysis)):
        out.write(f"{',' if k else ''}\n {dumps(key)}: ")
        if not isinstance(value, Iterator):
            out.write(dumps(value).replace("\n", "\n "))
            continue
        opened = False
        for item in value:  # a list: each item indented two levels, as json.dumps does
            out.write(",\n  " if opened else "[\n  ")
            out.write(dumps(item).replace("\n", "\n  "))
            opened = True
        out.write("\n ]" if opened else "[]")
    out.write("\n}")


def _sections(analysis: Analysis) -> Iterator[tuple[str, Any]]:
    """The top-level keys of the JSON in order, each list as a generator of its items."""
    texts = {d.id: d.text for d in analysis.documents}

    def span(s: Span) -> dict[str, Any]:
        return {"doc": s.doc, "start": s.start, "end": s.end, "text": texts[s.doc][s.start : s.end]}

    def edit(e: Edit) -> dict[str, Any]:
        return {
            "id": e.id,
            "op": e.op,
            "figure": e.figure,
            "quantity": e.quantity,
            "spans": [span(s) for s in e.spans],
        }

    yield "version", JSON_VERSION
    yield (
        "documents",
        (
            {
                "id": d.id,
                "path": d.path,
                "title": d.title,
                "length": d.length,
                "outlet": d.outlet,
                "date": d.date,
                "url": d.url,
                "author": d.author,
                "notes": list(d.notes),
            }
            for d in analysis.documents
        ),
    )
    yield (
        "passages",
        (
            {
                "id": p.id,
                "score": p.score,
                "spans": [span(s) for s in p.spans],
                "source": p.source,
                "source_reason": p.source_reason,
                "credit": None if p.credit is None else span(p.credit),
                "edits": [edit(e) for e in p.edits],
                "reprint": p.reprint,
                "carried_by": list(p.carried_by),
            }
            for p in analysis.passages
        ),
    )
    yield (
        "mentions",
        (
            {
                "id": m.id,
                "doc": m.doc,
                "start": m.start,
                "end": m.end,
                "text": texts[m.doc][m.start : m.end],
                "low": m.low,
                "high": m.high,
                "low_open": m.low_open,
                "high_open": m.high_open,
                "kind": m.kind,
                "what": m.what,
                "facets": dict(m.facets),
            }
            for m in analysis.mentions
        ),
    )
    yield (
        "quantities",
        (
            {
                "id": q.id,
                "label": q.label,
                "status": q.status,
                "mentions": list(q.mentions),
                "reasons": list(q.reasons),
                "edits": list(q.edits),
            }
            for q in analysis.quantities
        ),
    )
    yield (
        "stories",
        ({"id": s.id, "label": s.label, "documents": list(s.documents)} for s in analysis.stories),
    )
    yield "skipped", ({"path": s.path, "reason": s.reason} for s in analysis.skipped)
    yield (
        "near_duplicates",
        ({"documents": [n.a, n.b], "similarity": n.similarity} for n in analysis.near_duplicates),
    )
    yield (
        "reprints",
        (
            {"id": r.id, "source": r.source, "outlet": r.outlet, "documents": list(r.documents)}
            for r in analysis.reprints
        ),
    )
    yield "timings", analysis.timings


# JSON escapes C0 controls itself; escape DEL, C1 controls and bidi overrides too, so the JSON is
# safe to print on a terminal and still decodes to the same strings.
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def dumps(data: Any, indent: int | None = 1) -> str:
    text = json.dumps(data, ensure_ascii=False, indent=indent)
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _snippet(text: str, width: int = 90) -> str:
    flat = " ".join(text.split())
    if len(flat) > width:
        flat = flat[: width - 1] + "…"
    return display_safe(flat)


def format_figure(m: Mention) -> str:
    """A mention's value as a short interval: "104", "≈30,000", "24–100", "> 100", "≤ 5"."""
    approx = "≈" if m.approximate else ""
    lo, hi = m.low, m.high
    if lo is not None and hi is not None:
        if lo == hi:
            return approx + format_number(lo, m.kind)
        return f"{approx}{format_number(lo, m.kind)}–{format_number(hi, m.kind)}"
    if lo is not None:
        return f"{'>' if m.low_open else '≥'} {format_number(lo, m.kind)}"
    if hi is not None:
        return f"{'<' if m.high_open else '≤'} {format_number(hi, m.kind)}"
    return "?"


def summary(analysis: Analysis) -> str:
    """A readable report: documents, stories, shared passages per pair, quantities in dispute."""
    docs: dict[str, Document] = {d.id: d for d in analysis.documents}
    number = {d.id: i + 1 for i, d in enumerate(analysis.documents)}
    out: list[str] = []
    out.append(f"{len(analysis.documents)} documents, {len(analysis.stories)} stories")
    for d in analysis.documents:
        known = " · ".join(_snippet(v, 40) for v in (d.outlet, d.date) if v)
        out.append(
            f"  [{number[d.id]}] {known + ' · ' if known else ''}{_snippet(d.title, 70)}"
            f"  ({display_safe(d.path)}, {d.id})"
        )
        for note in d.notes:
            out.append(f"       {_snippet(note, 80)}")
    multi = [s for s in analysis.stories if len(s.documents) > 1]
    if multi:
        out.append("")
        out.append("Stories:")
        for s in multi:
            out.append(
                f"  {_snippet(s.label, 70)}: " + " ".join(f"[{number[d]}]" for d in s.documents)
            )
    if analysis.near_duplicates:
        out.append("")
        out.append("Near-duplicates (nearly the same text; both kept):")
        for n in analysis.near_duplicates:
            out.append(f"  [{number[n.a]}] ~ [{number[n.b]}]: {n.similarity:.2f}")
    by_pair: dict[tuple[str, str], list[Any]] = defaultdict(list)
    for p in analysis.passages:
        by_pair[(p.spans[0].doc, p.spans[1].doc)].append(p)
    out.append("")
    out.append(f"Shared passages: {len(analysis.passages)} in {len(by_pair)} pairs")
    for (a, b), passages in sorted(
        by_pair.items(), key=lambda kv: (number[kv[0][0]], number[kv[0][1]])
    ):
        out.append(
            f"  [{number[a]}] ~ [{number[b]}]: {len(passages)} passage(s)"
            f"{_source_note(passages[0], docs, number)}"
        )
        for p in sorted(passages, key=lambda p: p.spans[0].start):
            s = p.spans[0]
            figures = sum(e.figure for e in p.edits)
            changed = f"  ({len(p.edits)} edits, {figures} of a figure)" if p.edits else ""
            out.append(f"    {p.score:.2f}  {_snippet(docs[s.doc].text[s.start : s.end])}{changed}")
    mentions = {m.id: m for m in analysis.mentions}
    disputed = [q for q in analysis.quantities if q.status != "agree"]
    out.append("")
    out.append(
        f"Numbers: {len(analysis.mentions)} mentions, {len(analysis.quantities)} quantities "
        f"in 2+ documents, {sum(q.status == 'conflict' for q in analysis.quantities)} in conflict"
    )
    for q in sorted(disputed, key=lambda q: (q.status != "conflict", q.label)):
        out.append(f"  {q.status.upper():8} {display_safe(q.label)}")
        for mid in q.mentions:
            m = mentions[mid]
            text = docs[m.doc].text[m.start : m.end]
            out.append(
                f"    [{number[m.doc]}] {format_figure(m):>12}  {_snippet(text, 40)!s}"
                f"  — {_snippet(_context(docs[m.doc].text, m.start, m.end), 70)}"
            )
    if analysis.skipped:
        out.append("")
        out.append(f"Skipped {len(analysis.skipped)} file(s):")
        for sk in analysis.skipped:
            out.append(f"  {display_safe(sk.path)}: {display_safe(sk.reason)}")
    return "\n".join(out)


def _source_note(p: Passage, docs: dict[str, Document], number: dict[str, int]) -> str:
    """ "; from [1], credited: ..." or "; from [1], published earlier", or nothing."""
    if p.source is None:
        return ""
    if p.source_reason == "credit" and p.credit is not None:
        line = docs[p.credit.doc].text[p.credit.start : p.credit.end]
        return f"; from [{number[p.source]}], credited: {_snippet(line, 60)}"
    return f"; from [{number[p.source]}], published earlier"


def _context(text: str, start: int, end: int, radius: int = 40) -> str:
    lo = max(text.rfind("\n", 0, start) + 1, start - radius)
    hi = text.find("\n", end)
    hi = min(hi if hi >= 0 else len(text), end + radius)
    return ("…" if lo > 0 and text[lo - 1] != "\n" else "") + text[lo:hi] + "…"
