"""The engine's data model: plain frozen dataclasses, no behaviour beyond derived views.

Every offset is a half-open ``[start, end)`` range of Python ``str`` indices (code points)
into ``Document.text`` exactly as loaded, so ``doc.text[start:end]`` is always the quoted text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

MentionKind = Literal["count", "year", "date", "ordinal", "other"]
QuantityStatus = Literal["agree", "differ", "conflict", "updated"]
EditOp = Literal["replace", "insert", "delete"]
SourceReason = Literal["credit", "date"]


@dataclass(frozen=True, slots=True)
class Region:
    """A marked stretch of a document, e.g. page furniture ("promo", "caption", "footer")."""

    start: int
    end: int
    kind: str


@dataclass(frozen=True, slots=True)
class Document:
    """One article. ``id`` is derived from ``text`` so it is the same on every machine."""

    id: str
    path: str
    title: str
    text: str
    furniture: tuple[Region, ...] = ()
    encoding: str = "utf-8"
    outlet: str | None = None
    """Who published it (site name, agency, paper), when known."""
    date: str | None = None
    """When it was published, ISO 8601 (a date, or a date-time with its offset), when known."""
    url: str | None = None
    author: str | None = None
    notes: tuple[str, ...] = ()
    """What the reader should know about how it was loaded ("summary only: ...")."""

    @property
    def length(self) -> int:
        return len(self.text)


@dataclass(frozen=True, slots=True)
class Skipped:
    """A file in the corpus folder that was not loaded, and why."""

    path: str
    reason: str


@dataclass(frozen=True, slots=True)
class NearDuplicate:
    """Two documents that are nearly the same text, both kept (another outlet's copy)."""

    a: str
    b: str
    similarity: float
    """Jaccard similarity of their word 5-grams, 0..1."""


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of one document."""

    doc: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Edit:
    """One word-level difference between the two versions of a passage.

    ``spans`` are ``(from, to)``: the source's words, then the copy's (the passage's first and
    second span when the source is unknown). The side without words of an ``insert`` or a
    ``delete`` is an empty span at the place. ``figure`` says a number changed; ``quantity`` is
    then the quantity that number belongs to, when it has one.
    """

    id: str
    op: EditOp
    figure: bool
    spans: tuple[Span, Span]
    quantity: str | None = None


@dataclass(frozen=True, slots=True)
class Passage:
    """Text shared by two or more documents: one span per document, and a similarity score.

    ``source`` is the document the text came from, when the evidence says: a credit line in the
    copy naming the other's outlet (``source_reason`` "credit", the line in ``credit``), else an
    earlier publication date ("date"). ``carried_by`` lists every document carrying this text
    (through overlapping passages); ``reprint`` is the reprint family of the two documents.
    """

    id: str
    score: float
    spans: tuple[Span, ...]
    source: str | None = None
    source_reason: SourceReason | None = None
    credit: Span | None = None
    edits: tuple[Edit, ...] = ()
    reprint: str | None = None
    carried_by: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Mention:
    """A number in a document and what it counts.

    ``low``/``high`` bound the value; ``None`` means unbounded on that side. An exact figure has
    ``low == high``. ``low_open``/``high_open`` say whether the bound itself is excluded
    ("more than 100" is ``(100, None)`` with ``low_open``).

    ``facets`` are ``(name, value)`` pairs saying what is counted, which
    :mod:`newsreader.core.quantities` groups by: ``event`` ("killed"), ``subject`` ("people",
    "military", "tank"), ``actor`` ("Armenia"), ``era`` ("1990s"), ``unit`` ("percent") and
    ``increment`` (``"1"`` for "another 200": an addition, not a total). ``context`` holds
    folded content words of the clause around a count worth comparing.
    """

    id: str
    doc: str
    start: int
    end: int
    low: float | None
    high: float | None
    kind: MentionKind
    what: str
    low_open: bool = False
    high_open: bool = False
    approximate: bool = False
    context: tuple[str, ...] = ()
    facets: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Quantity:
    """Mentions from two or more documents that measure the same thing."""

    id: str
    label: str
    status: QuantityStatus
    mentions: tuple[str, ...]
    reasons: tuple[str, ...] = ()
    edits: tuple[str, ...] = ()
    """Ids of the figure edits of shared passages that changed one of its numbers."""


@dataclass(frozen=True, slots=True)
class Reprint:
    """Documents carrying one story's text: a wire story and its copies.

    ``source`` is the document the others copied, when known; ``outlet`` the outlet it came
    from (the source's, or the one every copy credits when the original is not in the corpus).
    """

    id: str
    documents: tuple[str, ...]
    source: str | None = None
    outlet: str | None = None


@dataclass(frozen=True, slots=True)
class Story:
    """Documents about one story."""

    id: str
    documents: tuple[str, ...]
    label: str = ""
    """A few words the story is about (its heaviest names and phrases), as the text spells them."""


@dataclass(frozen=True, slots=True)
class Analysis:
    """Everything ``newsreader analyze`` finds in a corpus."""

    documents: tuple[Document, ...]
    passages: tuple[Passage, ...] = ()
    mentions: tuple[Mention, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    stories: tuple[Story, ...] = ()
    skipped: tuple[Skipped, ...] = ()
    near_duplicates: tuple[NearDuplicate, ...] = ()
    reprints: tuple[Reprint, ...] = ()
    timings: dict[str, float] = field(default_factory=dict, compare=False)

    def document(self, doc_id: str) -> Document:
        for doc in self.documents:
            if doc.id == doc_id:
                return doc
        raise KeyError(doc_id)
