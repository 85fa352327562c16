"""Highlights as data: what to mark in an article, and where its counterparts are.

Headless (no Textual). The article view maps each :class:`Mark` kind to a component class of
the stylesheet, so themes, 16 colours and NO_COLOR change the look in one place.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from newsreader.core.model import Analysis, Document, Mention, Passage, Quantity, Span


PASSAGE_SLOTS = 6
"""How many passage colours the stylesheet defines (``article--passage-0`` ...)."""

MARK_KINDS = (
    "furniture", "passage", "differ", "updated", "conflict", "tag", "match", "match-current",
)  # fmt: skip
"""Mark kinds, in drawing order: later kinds are drawn over earlier ones."""


@dataclass(frozen=True, slots=True)
class Mark:
    """A highlighted ``[start, end)`` range of one document."""

    start: int
    end: int
    kind: str
    ref: str = ""
    slot: int = 0
    label: str = ""


def _order(mark: Mark) -> tuple[int, int, int]:
    return (MARK_KINDS.index(mark.kind), mark.start, mark.end)


def sort_marks(marks: list[Mark]) -> list[Mark]:
    return sorted(marks, key=_order)


class AnalysisIndex:
    """Look-ups over an :class:`Analysis` for the reader: marks, passages, numbers."""

    def __init__(self, analysis: Analysis) -> None:
        self.analysis = analysis
        self.documents = {doc.id: doc for doc in analysis.documents}
        self.passages = {p.id: p for p in analysis.passages}
        self.slot = {p.id: i % PASSAGE_SLOTS for i, p in enumerate(analysis.passages)}
        self.mentions = {m.id: m for m in analysis.mentions}
        self.quantities = {q.id: q for q in analysis.quantities}
        # Story numbers, 1 for the largest story (the engine lists stories largest first).
        self.story_of = {
            doc_id: n for n, story in enumerate(analysis.stories, 1) for doc_id in story.documents
        }
        self.story_labels = {n: story.label for n, story in enumerate(analysis.stories, 1)}
        self.quantity_of: dict[str, Quantity] = {}
        for q in analysis.quantities:
            for mid in q.mentions:
                self.quantity_of[mid] = q
        spans: dict[str, list[tuple[Span, Passage]]] = defaultdict(list)
        for p in analysis.passages:
            for span in p.spans:
                spans[span.doc].append((span, p))
        self._spans = {
            d: sorted(v, key=lambda sp: (sp[0].start, sp[0].end)) for d, v in spans.items()
        }
        mentions: dict[str, list[Mention]] = defaultdict(list)
        for m in analysis.mentions:
            if m.id in self.quantity_of:
                mentions[m.doc].append(m)
        self._mentions = {d: sorted(v, key=lambda m: m.start) for d, v in mentions.items()}

    # -- marks ----------------------------------------------------------------------------

    def marks(self, doc_id: str) -> list[Mark]:
        """Passage and number marks of one document (furniture comes from the document)."""
        out: list[Mark] = []
        for span, p in self._spans.get(doc_id, ()):
            out.append(Mark(span.start, span.end, "passage", p.id, self.slot[p.id]))
        for m in self._mentions.get(doc_id, ()):
            status = self.quantity_of[m.id].status
            if status in ("differ", "conflict", "updated"):
                out.append(Mark(m.start, m.end, status, self.quantity_of[m.id].id))
        return out

    # -- passages -------------------------------------------------------------------------

    def passages_at(self, doc_id: str, offset: int) -> list[tuple[Span, Passage]]:
        """Passages whose span in ``doc_id`` contains ``offset``."""
        return [sp for sp in self._spans.get(doc_id, ()) if sp[0].start <= offset < sp[0].end]

    def passage_starts(self, doc_id: str) -> list[int]:
        return sorted({span.start for span, _ in self._spans.get(doc_id, ())})

    def next_passage(self, doc_id: str, offset: int, forward: bool = True) -> int | None:
        """Start of the next (or previous) passage span in ``doc_id`` from ``offset``."""
        return _step(self.passage_starts(doc_id), offset, forward)

    # -- numbers --------------------------------------------------------------------------

    def conflict_starts(self, doc_id: str, statuses: tuple[str, ...] = ("conflict",)) -> list[int]:
        return [
            m.start
            for m in self._mentions.get(doc_id, ())
            if self.quantity_of[m.id].status in statuses
        ]

    def next_conflict(self, doc_id: str, offset: int, forward: bool = True) -> int | None:
        return _step(self.conflict_starts(doc_id), offset, forward)

    def mention_at(self, doc_id: str, offset: int) -> Mention | None:
        """The grouped number mention at ``offset`` (or ending just before it)."""
        for m in self._mentions.get(doc_id, ()):
            if m.start <= offset < m.end or (m.end == offset and offset > m.start):
                return m
        return None


def _step(starts: list[int], offset: int, forward: bool) -> int | None:
    if not starts:
        return None
    if forward:
        i = bisect_right(starts, offset)
        return starts[i] if i < len(starts) else None
    i = bisect_left(starts, offset)
    return starts[i - 1] if i > 0 else None


def counterpart_range(
    source: Document,
    from_span: Span,
    start: int,
    end: int,
    target: Document,
    to_span: Span,
    min_score: float = 70.0,
) -> tuple[int, int] | None:
    """Where ``source.text[start:end]`` (inside ``from_span``) is in ``target`` (``to_span``).

    An exact copy nearest to the proportional position wins; otherwise the best fuzzy
    alignment inside the counterpart span, if it scores at least ``min_score`` (0..100).
    """
    wanted = source.text[start:end]
    if not wanted.strip():
        return None
    hay = target.text[to_span.start : to_span.end]
    src_len = max(1, from_span.end - from_span.start)
    guess = int((start - from_span.start) * len(hay) / src_len)
    best: int | None = None
    i = hay.find(wanted)
    while i >= 0:
        if best is None or abs(i - guess) < abs(best - guess):
            best = i
        i = hay.find(wanted, i + 1)
    if best is not None:
        return to_span.start + best, to_span.start + best + len(wanted)
    from rapidfuzz import fuzz

    found = fuzz.partial_ratio_alignment(wanted, hay)
    if found is None or found.score < min_score:
        return None
    return to_span.start + found.dest_start, to_span.start + found.dest_end


def counterpart_offset(from_span: Span, offset: int, to_span: Span) -> int:
    """The offset in ``to_span`` proportional to ``offset`` in ``from_span``."""
    src_len = max(1, from_span.end - from_span.start)
    frac = (offset - from_span.start) / src_len
    return min(to_span.end, to_span.start + int(frac * (to_span.end - to_span.start)))
