"""Shared passages completed with where each came from, what the copy changed, and who carries it.

Used by :func:`newsreader.core.analysis.analyze` once passages, numbers and quantities are known.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import replace

from newsreader.core.edits import WordRange, link_figures, word_edits
from newsreader.core.model import Document, Edit, Mention, Passage, Quantity, Reprint
from newsreader.core.passages import Alignment, DocTokens
from newsreader.core.provenance import (
    Direction,
    Provenance,
    canonical_outlet,
    carriers,
    reprint_families,
)


def trace(
    prepared: Sequence[DocTokens],
    alignments: Sequence[Alignment],
    mentions: Sequence[Mention],
    quantities: Sequence[Quantity],
) -> tuple[list[Passage], list[Quantity], list[Reprint]]:
    """The passages with ``source``, ``edits``, ``reprint`` and ``carried_by``; the quantities
    with the ids of the edits that changed their figures; the reprint families."""
    provenance = Provenance([d.doc for d in prepared])
    pairs: dict[tuple[str, str], tuple[Direction, int]] = {}
    for al in alignments:
        key = (prepared[al.a].doc.id, prepared[al.b].doc.id)
        shared = min(al.a_range[1] - al.a_range[0], al.b_range[1] - al.b_range[0])
        known = pairs.get(key)
        direction = known[0] if known else provenance.direction(*key)
        pairs[key] = (direction, shared + (known[1] if known else 0))

    raw: list[list[Edit]] = []
    for al in alignments:
        ra = WordRange(prepared[al.a], *al.a_range)
        rb = WordRange(prepared[al.b], *al.b_range)
        source = pairs[(ra.tokens.doc.id, rb.tokens.doc.id)][0].source
        if source == rb.tokens.doc.id:
            ra, rb = rb, ra
        raw.append(word_edits(ra, rb, al.passage.id))
    texts = {d.doc.id: d.doc.text for d in prepared}
    flat, per_quantity = link_figures([e for es in raw for e in es], texts, mentions, quantities)
    linked = iter(flat)

    order = [d.doc.id for d in prepared]
    words = {d.doc.id: len(d.ids) for d in prepared}
    reprints = reprint_families(provenance, pairs, words, order)
    family = {doc: r.id for r in reprints for doc in r.documents}
    position = {doc: k for k, doc in enumerate(order)}
    carried = carriers([al.passage for al in alignments])

    passages: list[Passage] = []
    for al, edits, docs in zip(alignments, raw, carried, strict=True):
        p = al.passage
        direction = pairs[(p.spans[0].doc, p.spans[1].doc)][0]
        fa, fb = family.get(p.spans[0].doc), family.get(p.spans[1].doc)
        passages.append(
            Passage(
                p.id,
                p.score,
                p.spans,
                source=direction.source,
                source_reason=direction.reason,
                credit=direction.credit,
                edits=tuple(itertools.islice(linked, len(edits))),
                reprint=fa if fa is not None and fa == fb else None,
                carried_by=tuple(sorted(docs, key=position.__getitem__)),
            )
        )
    out_quantities = [
        replace(q, edits=tuple(per_quantity[q.id])) if q.id in per_quantity else q
        for q in quantities
    ]
    return passages, out_quantities, reprints


def source_line(p: Passage, documents: Mapping[str, Document]) -> str | None:
    """What the reader's status line says of a passage's source: "from RFE/RL, credited",
    "from AFP, published earlier"; ``None`` when unknown."""
    if p.source is None:
        return None
    src = documents[p.source]
    who = src.outlet or src.title or src.path
    return f"from {who}, {'credited' if p.source_reason == 'credit' else 'published earlier'}"


def outlets_carrying(p: Passage, documents: Mapping[str, Document]) -> int:
    """How many outlets carry the passage's text (documents of unknown outlet count one each),
    for "carried by N outlets"."""
    # One outlet under two spellings ("AP", "Associated Press") counts once, as for credits.
    return len({canonical_outlet(documents[d].outlet) or f"\0{d}" for d in p.carried_by})
