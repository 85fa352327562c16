"""W3C Web Annotation Data Model (JSON-LD, https://www.w3.org/TR/annotation-model/): our
``export --format w3c`` and other tools' annotations, Hypothesis' JSON-LD among them.

Reading: a ``TextQuoteSelector`` is what places an annotation; a ``TextPositionSelector`` is
used as is only when the target is a newsreader document (``urn:newsreader:doc:<id>``), since
another tool counts positions in its own rendering of the page. Each body with purpose
``tagging`` is a label: an annotation with several is a tag per label on the same span (the
first with the annotation's id, the others with ids derived from it and the label); the note
is the first body with ``commenting`` or ``describing``, else the first textual body with no
purpose (Hypothesis writes the comment so), else ``bodyValue``.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from typing import Any, TextIO
from urllib.parse import quote, unquote

from newsreader.store.formats import shape
from newsreader.store.formats.common import (
    Context,
    Draft,
    Parsed,
    account_name,
    finish,
    source_parts,
    stable_id,
    tag_labels,
)
from newsreader.store.formats.limits import MAX_CONTEXT, MAX_NOTE
from newsreader.store.formats.native import dumps
from newsreader.store.model import DOC_URN, Annotation

CONTEXT: list[object] = [
    "http://www.w3.org/ns/anno.jsonld",
    {"dcterms": "http://purl.org/dc/terms/"},
]
AUTHOR_URN = "urn:newsreader:author:"  # + the author's name, percent-encoded
NO_TAG_LABEL = "comment"  # the label of an annotation with a comment and no tag
NO_TEXT_LABEL = "highlight"  # ... and of one with neither


@dataclass(frozen=True, slots=True)
class Item:
    id: str = shape.text(max_length=2000, non_empty=True)
    target: object = None
    created: str | None = shape.text(default=None, max_length=64)
    modified: str | None = shape.text(default=None, max_length=64)
    creator: object = None
    body: object = None
    body_value: str | None = shape.text(default=None, max_length=MAX_NOTE, key="bodyValue")


@dataclass(frozen=True, slots=True)
class QuoteSelector:
    exact: str = shape.text(non_empty=True)
    prefix: str = shape.text(default="", max_length=MAX_CONTEXT)
    suffix: str = shape.text(default="", max_length=MAX_CONTEXT)


@dataclass(frozen=True, slots=True)
class PositionSelector:
    start: int = shape.integer()
    end: int = shape.integer()


@dataclass(frozen=True, slots=True)
class TextualBody:
    value: str = shape.text(max_length=MAX_NOTE)
    purpose: object = None


class Refused(ValueError):
    """The whole file is refused (one line)."""


def read(whole: object, ctx: Context) -> Parsed:
    out = Parsed("w3c")
    if isinstance(whole, list):
        items: object = whole
    elif isinstance(whole, dict) and whole.get("type") == "Annotation":
        items = [whole]
    elif isinstance(whole, dict) and whole.get("type") in (
        "AnnotationCollection",
        "AnnotationPage",
    ):
        page = whole.get("first") if whole.get("type") == "AnnotationCollection" else whole
        if isinstance(page, str):
            raise Refused("paged collections ('first' is a link) are not supported")
        items = page.get("items") if isinstance(page, dict) else None
        if not isinstance(items, list):
            raise Refused("the annotation page has no 'items' list")
    else:
        raise Refused("not a W3C Annotation, AnnotationPage or AnnotationCollection")
    assert isinstance(items, list)
    for i, item in enumerate(items):
        read_item(item, ctx, out, f"item {i + 1}")
    return out


def _dicts(value: object) -> list[dict[str, Any]]:
    return [v for v in (value if isinstance(value, list) else [value]) if isinstance(v, dict)]


def _of_type(selectors: object, kind: str) -> dict[str, Any] | None:
    return next((s for s in _dicts(selectors) if s.get("type") == kind), None)


def read_item(obj: object, ctx: Context, out: Parsed, position: str) -> None:
    item, problems = shape.read(Item, obj)
    if item is None:
        out.problems.extend(f"{position}: {p}" for p in problems)
        return
    target = next((t for t in _dicts(item.target) if "selector" in t), None)
    quote_sel = _of_type(target.get("selector"), "TextQuoteSelector") if target else None
    if target is None or quote_sel is None:
        out.skipped.append(f"{position}: no TextQuoteSelector: not a span of text")
        return
    quote, problems = shape.read(QuoteSelector, quote_sel)
    if quote is None:
        out.problems.extend(f"{position}: TextQuoteSelector: {p}" for p in problems)
        return
    source = target.get("source")
    title = ""
    if isinstance(source, dict):
        title = _string(source.get("dcterms:title")) or _string(source.get("title"))
        path = _string(source.get("dcterms:identifier"))
        source = source.get("id")
    else:
        path = ""
    doc, src_path, url = source_parts(_string(source))
    ours = bool(doc)
    start, end = 0, len(quote.exact)
    pos_sel = _of_type(target.get("selector"), "TextPositionSelector")
    if pos_sel is not None and ours:
        pos, problems = shape.read(PositionSelector, pos_sel)
        if pos is None:
            out.problems.extend(f"{position}: TextPositionSelector: {p}" for p in problems)
            return
        start, end = pos.start, pos.end
    elif ours and ctx.finder.find(doc, path) is None:
        out.problems.append(
            f"{position}: no TextPositionSelector (and the document was not found to place it)"
        )
        return
    labels, note = _bodies(item)
    draft = Draft(
        id=stable_id(item.id),
        id_source=item.id,
        more_labels=tuple(labels[1:]),
        doc=doc,
        path=path or src_path,
        url=url,
        title=title,
        start=start,
        end=end,
        quote=quote.exact,
        prefix=quote.prefix,
        suffix=quote.suffix,
        label=labels[0],
        note=note,
        author=_creator(item.creator),
        created=item.created,
        updated=item.modified,
        ours=ours,
    )
    finish(draft, ctx, out, position)


def _string(value: object) -> str:
    return value if isinstance(value, str) else ""


def _bodies(item: Item) -> tuple[list[str], str]:
    """``(labels, note)``: every ``tagging`` body a label (at least one: ``comment`` or
    ``highlight`` when there is none)."""
    tags: list[str] = []
    comment = plain = ""
    for raw in _dicts(item.body):
        body, _ = shape.read(TextualBody, raw)
        if body is None:
            continue
        if body.purpose == "tagging":
            tags.append(body.value)
        elif body.purpose in ("commenting", "describing"):
            comment = comment or body.value
        elif body.purpose is None:
            plain = plain or body.value
    note = comment or plain or (item.body_value or "")
    labels = tag_labels(tags) or [NO_TAG_LABEL if note else NO_TEXT_LABEL]
    return labels, note


def _creator(value: object) -> str | None:
    """The author: a creator's ``nickname``, else its ``name``, else its ``id`` (ours,
    ``urn:newsreader:author:NAME``, is the name; an ``acct:`` IRI the account's name)."""
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("nickname") or value.get("name") or value.get("id")
    if not isinstance(value, str) or not value:
        return None
    if value.startswith(AUTHOR_URN):
        return unquote(value[len(AUTHOR_URN) :])
    return account_name(value)


def creator(author: str) -> dict[str, str]:
    """An author as a W3C ``Person``: ``id`` is ``urn:newsreader:author:`` and the name
    percent-encoded (UTF-8; RFC 3986's unreserved characters as they are), the same IRI for
    the same name in every export; ``name`` and ``nickname`` are the name."""
    return {
        "id": AUTHOR_URN + quote(author, safe=""),
        "type": "Person",
        "name": author,
        "nickname": author,
    }


# ---------------------------------------------------------------------------------------------
# Writing


def record(ann: Annotation) -> dict[str, Any]:
    """One W3C Web Annotation."""
    body: list[dict[str, Any]] = [{"type": "TextualBody", "purpose": "tagging", "value": ann.label}]
    if ann.note:
        body.append(
            {
                "type": "TextualBody",
                "purpose": "commenting",
                "value": ann.note,
                "format": "text/plain",
            }
        )
    return {
        "id": f"urn:uuid:{ann.id}",
        "type": "Annotation",
        "motivation": "tagging",
        "created": ann.created,
        "modified": ann.updated,
        "creator": creator(ann.author),
        "body": body,
        "target": {
            "source": {
                "id": DOC_URN + ann.doc,
                "type": "Text",
                "format": "text/plain",
                "dcterms:identifier": ann.doc_path,
                "dcterms:title": ann.doc_title,
            },
            "selector": [
                {
                    "type": "TextQuoteSelector",
                    "exact": ann.quote,
                    "prefix": ann.prefix,
                    "suffix": ann.suffix,
                },
                {"type": "TextPositionSelector", "start": ann.start, "end": ann.end},
            ],
        },
    }


def collection_ids(anns: list[Annotation]) -> tuple[str, str]:
    """``(collection id, page id)``: IRIs derived from the annotations exported (ids and
    ``updated`` times), so the same annotations give the same ids (W3C model 5.1, 5.2)."""
    digest = hashlib.sha256()
    for ann in anns:
        digest.update(f"{ann.id} {ann.updated}\n".encode())
    collection = uuid.uuid5(uuid.NAMESPACE_URL, "urn:newsreader:export:" + digest.hexdigest())
    return f"urn:uuid:{collection}", f"urn:uuid:{uuid.uuid5(collection, 'page 1')}"


def write(anns: list[Annotation], out: TextIO) -> None:
    collection, page = collection_ids(anns)
    out.write(
        '{"@context": '
        + dumps(CONTEXT)
        + f', "id": "{collection}", "type": "AnnotationCollection", '
        f'"label": "newsreader annotations", "total": {len(anns)},\n'
        f'"first": {{"id": "{page}", "type": "AnnotationPage", "partOf": "{collection}", '
        '"startIndex": 0, "items": [\n'
    )
    out.write(",\n".join(dumps(record(a)) for a in anns))
    out.write("\n]}}\n" if anns else "]}}\n")
