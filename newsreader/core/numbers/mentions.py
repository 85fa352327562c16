"""Numeric mentions of a document: each figure with what it counts, its facets and the content
words around it (see :func:`extract_mentions`)."""

from __future__ import annotations

import re

from newsreader.core.model import Document, Mention, MentionKind
from newsreader.core.numbers.describe import _About, _describe, _tokens_after
from newsreader.core.numbers.document import _DocContext
from newsreader.core.numbers.figure import Figure
from newsreader.core.numbers.lexicon import _NP_STOP, _STOPWORDS
from newsreader.core.numbers.scan import extract_numbers
from newsreader.core.text import WORD_RE, fold

Facets = tuple[tuple[str, str], ...]


def _facets(about: _About) -> Facets:
    """``(name, value)`` pairs, in this order: event, subject, actor, place, era, episode, unit,
    increment, part, conversion, stat (``frame`` is added last by :func:`extract_mentions`)."""
    items: list[tuple[str, str]] = []
    if about.event:
        items.append(("event", about.event))
    if about.subject:
        items.append(("subject", about.subject))
    if about.actor:
        items.append(("actor", about.actor))
    if about.place:
        items.append(("place", about.place))
    if about.era:
        items.append(("era", about.era))
    if about.episode:
        items.append(("episode", about.episode))
    if about.unit:
        items.append(("unit", about.unit))
    if about.increment:
        items.append(("increment", "1"))
    if about.part:
        items.append(("part", about.part))
    if about.conversion:
        items.append(("conversion", "1"))
    if about.stat:
        items.append(("stat", "1"))
    return tuple(items)


_PREV_WORD_RE = re.compile(r"([A-Za-z]+)[^A-Za-z\n]{0,6}\Z")
_NEXT_WORD_RE = re.compile(r"[^A-Za-z\n]{0,6}?([A-Za-z]+)")


def _frame(text: str, start: int, end: int) -> str:
    """The words right before and after a figure, folded ("recorded|military"): two figures
    at the same place of a reprinted sentence stand between the same words."""
    pm = _PREV_WORD_RE.search(text, max(0, start - 30), start)
    nm = _NEXT_WORD_RE.match(text, end, end + 30)
    return f"{pm.group(1).lower() if pm else ''}|{nm.group(1).lower() if nm else ''}"


def _content_words(ctx: _DocContext, fig: Figure, about: _About) -> tuple[str, ...]:
    """Folded content words of the clause around a figure worth grouping (up to 16)."""
    if about.sentence == (0, 0):
        return ()
    s, e = about.sentence
    s = max(s, fig.start - 160)
    e = min(e, max(about.tail, fig.end) + 80)
    words: list[str] = []
    seen: set[str] = set()
    for m in WORD_RE.finditer(ctx.text, s, e):
        if fig.start <= m.start() < fig.end or (m.start() == s and ctx.text[s - 1 : s].isalnum()):
            continue  # the figure itself, or a word cut by the window
        w = fold(m.group())
        if len(w) < 3 or w in _STOPWORDS or w in seen or w.isdigit():
            continue
        seen.add(w)
        words.append(w)
        if len(seen) >= 16:
            break
    return tuple(words)


def extract_mentions(doc: Document) -> list[Mention]:
    """Every numeric mention in ``doc`` outside its page furniture, with what it counts.

    ``what`` is a short phrase ("people killed", "military deaths", "tanks destroyed");
    ``facets`` are the ``(name, value)`` pairs :mod:`newsreader.core.quantities` groups by
    (see :func:`facets`); ``context`` holds folded content words of the clause, for counts
    worth comparing across outlets.
    """
    text = doc.text
    figures = extract_numbers(text, [(r.start, r.end) for r in doc.furniture])
    ctx = _DocContext(text, figures)
    mentions: list[Mention] = []
    prev: _About | None = None
    for fig in figures:
        kind: MentionKind = fig.kind
        what = ""
        facet_items: Facets = ()
        context: tuple[str, ...] = ()
        if kind in ("count", "other"):
            about = _describe(ctx, fig, prev)
            prev = about
            kind, what = about.kind, about.what
            facet_items = (*_facets(about), ("frame", _frame(text, fig.start, fig.end)))
            context = _content_words(ctx, fig, about)
        elif kind == "ordinal":
            tokens = _tokens_after(text, fig.end, 1)
            if tokens and tokens[0][0].isalpha() and fold(tokens[0]) not in _NP_STOP:
                what = fold(tokens[0])
        mentions.append(
            Mention(
                id=f"{doc.id}:{fig.start}-{fig.end}",
                doc=doc.id,
                start=fig.start,
                end=fig.end,
                low=fig.low,
                high=fig.high,
                kind=kind,
                what=what,
                low_open=fig.low_open,
                high_open=fig.high_open,
                approximate=fig.approximate,
                context=context,
                facets=facet_items,
            )
        )
    return mentions


def facets(mention: Mention) -> dict[str, str]:
    """A mention's facets as a dict: ``event``, ``subject``, ``actor``, ``era``, ``unit`` and
    ``increment`` (``"1"`` for "another 200", "54 more": an addition, not a total)."""
    return dict(mention.facets)
