"""Hypothesis (https://web.hypothes.is) API JSON: one annotation as ``GET /api/annotations/
{id}`` returns it, or a search result ``{"total": N, "rows": [...]}`` (``GET /api/search``).
Its JSON-LD (``/api/annotations/{id}.jsonld``) is W3C and read by :mod:`.w3c`.

``text`` (Markdown) is the note; each of ``tags`` is a label: the annotation is one tag per
label on the same span, the first with the annotation's id, the others with ids derived from it
and the tag (no tags: one tag, ``comment``, or ``highlight`` with no text either). ``user``
(``acct:alice@hypothes.is``) is the author ``alice``. ``uri`` is matched to an article by its
``url`` (front matter, metadata.csv, a feed or a saved page's canonical link), else by the
``TextQuoteSelector`` among the articles with no known address (unique, context-confirmed:
:meth:`~newsreader.store.formats.finder.DocumentFinder.by_quote`); the selector places it in
the article's text. Page notes (no quote) and replies are skipped and listed, as are
annotations that match no article, or more than one place. The same annotation read from the
API JSON or the JSON-LD is the same rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from newsreader.store.formats import shape
from newsreader.store.formats.common import (
    Context,
    Draft,
    Parsed,
    account_name,
    finish,
    stable_id,
    tag_labels,
)
from newsreader.store.formats.limits import MAX_NOTE
from newsreader.store.formats.w3c import NO_TAG_LABEL, NO_TEXT_LABEL, QuoteSelector

WEB = "https://hypothes.is/a/"  # an annotation's IRI: its JSON-LD "id", its "links.html"


@dataclass(frozen=True, slots=True)
class Row:
    id: str = shape.text(max_length=100, non_empty=True)
    user: str = shape.text(max_length=300, non_empty=True, doc="acct:USER@AUTHORITY")
    uri: str = shape.text(max_length=8000)
    target: object = None
    created: str | None = shape.text(default=None, max_length=64)
    updated: str | None = shape.text(default=None, max_length=64)
    text: str = shape.text(default="", max_length=MAX_NOTE)
    tags: list[str] = shape.strings(max_length=300)  # noqa: RUF009 (a field(), as text())
    document: object = None
    references: object = None
    links: object = None


def looks_like_row(obj: object) -> bool:
    """Hypothesis' own keys: ``user`` and ``uri`` (no newsreader or W3C record has them)."""
    return isinstance(obj, dict) and "user" in obj and "uri" in obj


def looks_like_search(obj: object) -> bool:
    return isinstance(obj, dict) and isinstance(obj.get("rows"), list) and "total" in obj


def read(whole: object, ctx: Context) -> Parsed:
    out = Parsed("hypothesis")
    if looks_like_search(whole):
        assert isinstance(whole, dict)
        for i, row in enumerate(whole["rows"]):
            read_row(row, ctx, out, f"row {i + 1}")
    elif isinstance(whole, list):
        for i, row in enumerate(whole):
            read_row(row, ctx, out, f"row {i + 1}")
    else:
        read_row(whole, ctx, out, "annotation 1")
    return out


def read_row(obj: object, ctx: Context, out: Parsed, position: str) -> None:
    row, problems = shape.read(Row, obj)
    if row is None:
        out.problems.extend(f"{position}: {p}" for p in problems)
        return
    if row.references:
        out.skipped.append(f"{position}: a reply, not a span of text")
        return
    targets = [
        t for t in (row.target if isinstance(row.target, list) else []) if isinstance(t, dict)
    ]
    selectors: list[Any] = []
    for target in targets:
        found = target.get("selector")
        selectors.extend(found if isinstance(found, list) else [found])
    quote_sel = next(
        (s for s in selectors if isinstance(s, dict) and s.get("type") == "TextQuoteSelector"),
        None,
    )
    if quote_sel is None:
        out.skipped.append(f"{position}: a page note (no quoted text), not a span of text")
        return
    quote, problems = shape.read(QuoteSelector, quote_sel)
    if quote is None:
        out.problems.extend(f"{position}: TextQuoteSelector: {p}" for p in problems)
        return
    tags = tag_labels(row.tags)
    label = tags[0] if tags else (NO_TAG_LABEL if row.text else NO_TEXT_LABEL)
    title = ""
    if isinstance(row.document, dict):
        titles = row.document.get("title")
        if isinstance(titles, list) and titles and isinstance(titles[0], str):
            titles = titles[0]
        title = titles if isinstance(titles, str) else ""
    source = next((t.get("source") for t in targets if isinstance(t.get("source"), str)), "")
    draft = Draft(
        id=stable_id(WEB + row.id),
        id_source=WEB + row.id,
        more_labels=tuple(tags[1:]),
        url=source or row.uri,
        title=title,
        start=0,
        end=len(quote.exact),
        quote=quote.exact,
        prefix=quote.prefix,
        suffix=quote.suffix,
        label=label,
        note=row.text,
        author=account_name(row.user),
        created=row.created,
        updated=row.updated,
        ours=False,
    )
    finish(draft, ctx, out, position)
