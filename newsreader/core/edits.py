"""What a copy changed: the word-level differences between the two versions of a passage.

The words are the ones passage detection already has (folded, furniture left out, with their
offsets into the original text), so typography is not an edit by construction: case, accents,
quotes, dashes and spacing are not part of a word. Neither is a word split or joined ("cease-fire"
and "ceasefire", "2,300" and "2300"): a block whose words spell the same letters is dropped.
Every span is on the original text, so ``text[start:end]`` is what the article says.
"""

from __future__ import annotations

import bisect
import operator
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein as Lev

from newsreader.core.model import Edit, EditOp, Mention, Quantity, Span
from newsreader.core.passages import DocTokens

_DIGIT = re.compile(r"\d")
_START = operator.attrgetter("start")


@dataclass(frozen=True, slots=True)
class WordRange:
    """A passage's words in one document: ``prepared[index]`` words ``[start, end)``."""

    tokens: DocTokens
    start: int
    end: int


def word_edits(source: WordRange, copy: WordRange, passage_id: str) -> list[Edit]:
    """The edits turning ``source``'s words into ``copy``'s, in text order (``figure`` unset:
    see :func:`link_figures`)."""
    da, db = source.tokens, copy.tokens
    a0, a1, b0, b1 = source.start, source.end, copy.start, copy.end
    ia, ib = da.ids[a0:a1], db.ids[b0:b1]
    if ia == ib:
        return []  # verbatim (the common case): no alignment needed
    out: list[Edit] = []
    for i0, i1, j0, j1 in _blocks(ia, ib):
        wa, wb = da.tokens.words[a0 + i0 : a0 + i1], db.tokens.words[b0 + j0 : b0 + j1]
        if "".join(wa) == "".join(wb):
            continue  # the same letters split or joined otherwise: typography
        op: EditOp = "replace" if wa and wb else ("delete" if wa else "insert")
        spans = (
            _chars(da, a0 + i0, a0 + i1, a1),
            _chars(db, b0 + j0, b0 + j1, b1),
        )
        out.append(Edit(f"{passage_id}.{len(out)}", op, False, spans))
    return out


def _blocks(ia: Sequence[int], ib: Sequence[int]) -> Iterable[tuple[int, int, int, int]]:
    """Runs of consecutive non-equal opcodes, each as one ``(i0, i1, j0, j1)`` block."""
    block: list[int] | None = None
    for op in Lev.opcodes(ia, ib):
        if op.tag == "equal":
            if block is not None:
                yield block[0], block[1], block[2], block[3]
                block = None
        elif block is None:
            block = [op.src_start, op.src_end, op.dest_start, op.dest_end]
        else:
            block[1], block[3] = op.src_end, op.dest_end
    if block is not None:
        yield block[0], block[1], block[2], block[3]


def _chars(d: DocTokens, w0: int, w1: int, limit: int) -> Span:
    """Words ``[w0, w1)`` as a character span; an empty range is an empty span at the place:
    before the next word of the passage, or after the last one."""
    toks = d.tokens
    if w1 > w0:
        return Span(d.doc.id, toks.starts[w0], toks.ends[w1 - 1])
    pos = toks.starts[w0] if w0 < limit else toks.ends[w0 - 1]
    return Span(d.doc.id, pos, pos)


class _MentionIndex:
    """Each document's mentions by start, to find those overlapping a span."""

    def __init__(self, mentions: Iterable[Mention], docs: set[str]) -> None:
        self.by_doc: dict[str, list[Mention]] = {}
        for m in mentions:
            if m.doc in docs:
                self.by_doc.setdefault(m.doc, []).append(m)
        self.starts: dict[str, list[int]] = {}
        self.longest: dict[str, int] = {}
        for doc, ms in self.by_doc.items():
            ms.sort(key=_START)
            self.starts[doc] = [m.start for m in ms]
            self.longest[doc] = max(m.end - m.start for m in ms)

    def overlapping(self, span: Span) -> list[Mention]:
        ms = self.by_doc.get(span.doc)
        if not ms or span.start == span.end:
            return []
        starts = self.starts[span.doc]
        lo = bisect.bisect_left(starts, span.start - self.longest[span.doc])
        hi = bisect.bisect_left(starts, span.end)
        return [m for m in ms[lo:hi] if m.end > span.start]


def _value(m: Mention, texts: dict[str, str]) -> str:
    """What a figure says: its bounds, or for one without (a date, an identifier) its digits."""
    if m.low is None and m.high is None:
        return m.kind + ":" + "".join(ch for ch in texts[m.doc][m.start : m.end] if ch.isdigit())
    return f"{m.kind}:{m.low}:{m.high}"


def link_figures(
    edits: Sequence[Edit],
    texts: dict[str, str],
    mentions: Sequence[Mention],
    quantities: Sequence[Quantity],
) -> tuple[list[Edit], dict[str, list[str]]]:
    """Flag the edits that change a number and link each to its quantity.

    A number changed where the edit touches a figure on one side only, figures of other values
    on the two sides ("104" to "158"; for a date or an identifier, other digits), or a digit
    that is no figure. Returns the edits with
    ``figure`` and ``quantity`` set, and for each quantity id the ids of its edits.
    """
    out: list[Edit] = []
    per_quantity: dict[str, list[str]] = {}
    if not edits:
        return out, per_quantity
    index = _MentionIndex(mentions, {s.doc for e in edits for s in e.spans})
    quantity_of: dict[str, str] = {}
    for q in quantities:
        for mid in q.mentions:
            quantity_of.setdefault(mid, q.id)
    for e in edits:
        found = [index.overlapping(s) for s in e.spans]
        if found[0] or found[1]:
            values = [sorted({_value(m, texts) for m in ms}) for ms in found]
            figure = values[0] != values[1]
        else:
            figure = any(_DIGIT.search(texts[s.doc], s.start, s.end) for s in e.spans)
        if not figure:
            out.append(e)
            continue
        qid = next((quantity_of[m.id] for ms in found for m in ms if m.id in quantity_of), None)
        out.append(Edit(e.id, e.op, True, e.spans, qid))
        if qid is not None:
            per_quantity.setdefault(qid, []).append(e.id)
    return out, per_quantity
