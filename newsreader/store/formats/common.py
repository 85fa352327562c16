"""What every format's reader shares: the checks that make a record an :class:`Annotation`."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta

from newsreader.store.annotations import clean_name
from newsreader.store.errors import InvalidInput
from newsreader.store.formats.finder import DocumentFinder
from newsreader.store.formats.limits import CLOCK_SKEW_SECONDS
from newsreader.store.model import DOC_URN, Annotation, normalize_time

ACCEPTED = (
    "import reads newsreader json or jsonl, W3C Web Annotation (JSON-LD) "
    "or Hypothesis (API JSON, JSON-LD) files"
)
HYPOTHESIS_AUTHORITY = "hypothes.is"


@dataclass
class Context:
    """What a reader needs besides the file: who imports, where articles are, the time."""

    user: str
    finder: DocumentFinder
    now: datetime = field(default_factory=lambda: datetime.now(UTC))
    latest: str = field(init=False)  # the latest time accepted, to the second

    def __post_init__(self) -> None:
        limit = self.now.astimezone(UTC) + timedelta(seconds=CLOCK_SKEW_SECONDS)
        self.latest = limit.isoformat(timespec="seconds")[:19]


@dataclass
class Parsed:
    """A file read and checked: its annotations by position (``"line 3"``), the problems
    found, and the records left out on purpose with why (``skipped``)."""

    format: str
    records: list[tuple[str, Annotation]] = field(default_factory=list)
    doc_lengths: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    extra_tags: int = 0  # records made for a foreign annotation's tags beyond its first


@dataclass
class Draft:
    """One record as a format gives it, before the checks every format shares.

    ``doc`` is a newsreader document id when the file names one; otherwise ``path`` or ``url``
    say where the text was, and the article is looked up. ``ours``: the offsets are positions
    in the article text (a newsreader file), not in another tool's rendering of a web page.
    ``more_labels``: another tool's tags beyond the first (``label``), each a record of its own
    on the same span, its id derived from ``id_source`` (the annotation's IRI) and the tag.
    """

    id: str
    quote: str
    start: int
    end: int
    label: str
    author: str | None = None
    created: str | None = None
    updated: str | None = None
    doc: str = ""
    path: str = ""
    url: str = ""
    title: str = ""
    prefix: str = ""
    suffix: str = ""
    note: str = ""
    ours: bool = True
    more_labels: tuple[str, ...] = ()
    id_source: str = ""


def printable(text: str) -> str:
    """``text`` safe to print on a terminal: control and format characters (an escape
    sequence from a file, a bidi override) are shown as ``\\x1b``, ``\\u202e``."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in text)


def stable_id(raw: str) -> str:
    """A UUID for an annotation id: ``urn:uuid:...`` or a UUID as is; another tool's IRI or
    id gives a UUID derived from it, the same on every import."""
    text = raw.removeprefix("urn:uuid:")
    try:
        return str(uuid.UUID(text))
    except ValueError:
        return str(uuid.uuid5(uuid.NAMESPACE_URL, raw))


def account_name(value: str) -> str:
    """An author from an account IRI: ``acct:alice@hypothes.is`` is ``alice``; an account of
    another authority keeps it (``acct:bob@example.org`` is ``bob@example.org``)."""
    if not value.startswith("acct:"):
        return value
    user, _, authority = value[len("acct:") :].rpartition("@")
    if not user:
        return authority
    return user if authority == HYPOTHESIS_AUTHORITY else f"{user}@{authority}"


def tag_id(id_source: str, tag: str) -> str:
    """The id of the record for ``tag``, a further tag of the annotation ``id_source``."""
    return stable_id(f"{id_source}#tag={tag}")


def tag_labels(tags: list[str]) -> list[str]:
    """Another tool's tags as labels: stripped, empty ones and repeats dropped, in order."""
    return list(dict.fromkeys(t.strip() for t in tags if t.strip()))


def finish(draft: Draft, ctx: Context, out: Parsed, position: str) -> None:
    """Check ``draft`` and add it to ``out`` as an annotation (one per label), a list of
    problems, or a record skipped (a web page or file that is not among the articles).

    Another tool's annotation is matched to an article by its address (or path); failing
    that, by its quote and context among the articles with no known address
    (:meth:`DocumentFinder.by_quote`), which also places it; a quote that differs from the
    article's text there only in whitespace is stored as the article has it."""
    problems: list[str] = []
    doc, path, title = draft.doc, draft.path, draft.title
    start, end, quote = draft.start, draft.end, draft.quote
    if not doc:
        found = ctx.finder.find("", path, draft.url)
        by_quote = None
        if found is None and not draft.ours and draft.quote:
            by_quote = ctx.finder.by_quote(draft.quote, draft.prefix, draft.suffix)
            found = by_quote.doc
        if found is None:
            where = draft.url or path or "(no address)"
            why = f" by address; by quote: {by_quote.why}" if by_quote else ""
            out.skipped.append(f"{position}: no article matches {where!r}{why}")
            return
        doc, path, title = found.id, found.path, title or found.title
        if by_quote is not None:
            start, end = by_quote.start, by_quote.end
            quote = found.text[start:end]
        elif not draft.ours:  # another tool's positions: only the quote places it
            start, end = 0, len(draft.quote)
    label = _name(draft.label, "label", problems)
    author = _name(draft.author if draft.author is not None else ctx.user, "author", problems)
    created = _time(draft.created, "created", ctx, problems)
    updated = _time(draft.updated, "updated", ctx, problems) if draft.updated else created
    more = [_name(extra, "label", problems) for extra in draft.more_labels]
    if not quote:
        problems.append("the quote is empty")
    if end <= start:
        problems.append(f"'end' ({end}) must be greater than 'start' ({start})")
    if problems:
        out.problems.extend(f"{position}: {p}" for p in problems)
        return
    ann = Annotation(
        draft.id, doc, path, title, start, end, quote, draft.prefix, draft.suffix, label,
        draft.note, author, created, updated,
    )  # fmt: skip
    out.records.append((position, ann))
    for extra in more:
        out.records.append((position, replace(ann, id=tag_id(draft.id_source, extra), label=extra)))
    out.extra_tags += len(more)


def _name(value: str, what: str, problems: list[str]) -> str:
    try:
        return clean_name(value, what)
    except InvalidInput as exc:
        problems.append(str(exc))
        return value


def _time(value: str | None, key: str, ctx: Context, problems: list[str]) -> str:
    if not value:
        return normalize_time(ctx.now.isoformat(timespec="milliseconds"))
    try:
        normal = normalize_time(value)
    except (ValueError, TypeError, OverflowError):
        problems.append(f"'{key}' is not an ISO-8601 time: {value[:40]!r}")
        return value
    # Normalised times are UTC "YYYY-MM-DDTHH:MM:SS...Z": to the second they sort as they run.
    if normal[:19] > ctx.latest:
        problems.append(
            f"'{key}' {normal} is in the future (this machine's clock says "
            f"{ctx.now.isoformat(timespec='seconds').replace('+00:00', 'Z')}; "
            f"{CLOCK_SKEW_SECONDS // 60} minutes of clock difference are allowed)"
        )
    return normal


def source_parts(source_id: str) -> tuple[str, str, str]:
    """``(doc, path, url)`` from a W3C target source IRI."""
    if source_id.startswith(DOC_URN):
        return source_id[len(DOC_URN) :], "", ""
    if source_id.startswith("file://"):
        return "", source_id[len("file://") :], ""
    if source_id.startswith(("http://", "https://")):
        return "", "", source_id
    return "", source_id, ""
