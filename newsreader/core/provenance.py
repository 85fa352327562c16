"""Where shared text came from: credit lines, outlets and dates, and reprint families.

A copy says where it came from in a credit line: "This article was originally published by
Radio Free Europe/Radio Liberty and is reprinted with permission", a dateline "WASHINGTON (AP) --",
a sign-off "-- Reuters", "With reporting by AFP", "Copyright 2020 The Associated Press". Most of
these are page furniture already (kinds notice, footer, rights, trailer: never captions, whose
"(AFP)" credits a photo); datelines and sign-offs are found here. A credit names the other
document's outlet by its name or a common short form (:data:`OUTLET_ALIASES`). For two documents
sharing text: the one the other credits is the source ("credit"); else the one published
earlier ("date"); else the source is unknown. A copy's credit outranks dates.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from newsreader.core.model import Document, Passage, Reprint, SourceReason, Span

# Canonical name, then the other names and short forms a credit may use for it.
OUTLET_ALIASES: tuple[tuple[str, ...], ...] = (
    ("RFE/RL", "Radio Free Europe/Radio Liberty", "Radio Free Europe / Radio Liberty",
     "Radio Free Europe", "Radio Liberty", "RFERL", "rferl.org"),
    ("AP", "Associated Press", "The Associated Press", "apnews.com", "apnews"),
    ("AFP", "Agence France-Presse", "Agence France Presse", "afp.com"),
    ("Reuters", "Thomson Reuters", "reuters.com"),
    ("Xinhua", "Xinhua News Agency", "Xinhuanet", "xinhuanet.com", "新华社"),
    ("TASS", "ITAR-TASS", "tass.com"),
    ("RIA Novosti", "RIA"),
    ("Interfax",),
    ("Anadolu", "Anadolu Agency", "Anadolu Ajansı", "aa.com.tr"),
    ("dpa", "DPA", "Deutsche Presse-Agentur"),
    ("EFE", "Agencia EFE"),
    ("ANSA",),
    ("Kyodo", "Kyodo News"),
    ("Yonhap", "Yonhap News Agency"),
    ("PTI", "Press Trust of India"),
    ("IANS", "Indo-Asian News Service"),
    ("UPI", "United Press International"),
    ("PA", "PA Media", "Press Association"),
    ("Bloomberg", "Bloomberg News", "bloomberg.com"),
    ("AMN", "Al-Masdar News", "Al Masdar News", "almasdarnews.com"),
    ("Financial Times", "FT", "ft.com"),
    ("BBC", "BBC News", "bbc.com", "bbc.co.uk"),
    ("CNN", "cnn.com"),
    ("Al Jazeera", "Aljazeera", "aljazeera.com"),
    ("The New York Times", "New York Times", "NYT", "nytimes.com"),
    ("The Washington Post", "Washington Post", "washingtonpost.com"),
    ("The Guardian", "Guardian", "theguardian.com"),
    ("The Wall Street Journal", "Wall Street Journal", "WSJ", "wsj.com"),
)  # fmt: skip

# Furniture kinds that are credit lines, with their weight: a notice or an agency line says the
# text is theirs; "with reporting by" only that they contributed.
_CREDIT_KINDS = {"notice": 2, "rights": 2, "trailer": 2, "footer": 2}
_WEAK_FOOTER = re.compile(
    r"^\s*(?:with |additional )?(?:reporting|editing|writing)\b|^\s*(?:written|compiled) by\b",
    re.I,
)
# "WASHINGTON (AP) --", "Stepanakert (Azerbaijan) (AFP) –", "BEIJING, Oct. 1 (Xinhua) --":
# a parenthesised name followed by a dash or colon, near the start of a paragraph.
_DATELINE = re.compile(r"\(([^()\n]{2,40})\)[ \t]*(?:[—–-]{1,2}|:)")
_DATELINE_REACH = 120
_SIGNOFF_REACH = 64  # a sign-off is in a line's last characters
_EDGE_LINES = 8  # lines at each end of a document where datelines and sign-offs are looked for
# A sign-off closing a paragraph: "... on Friday. -- Reuters", "— Reuters", "... troops. (AP)".
_SIGNOFF = re.compile(r"(?:[—–]|-(?:-|(?<=\s-)))[ \t]*([^\n—–-]{2,40}?)[ \t]*$", re.M)
_SIGNOFF_PAREN = re.compile(r"\(([^()\n]{2,40})\)[ \t]*$", re.M)

_BARE = re.compile(r"^\s*\([^()\n]{2,40}\)\s*$")


def _normal(name: str) -> str:
    name = name.casefold().strip()
    name = re.sub(r"^(?:https?://)?(?:www\.)?", "", name)
    name = re.sub(r"^the\s+", "", name)
    return re.sub(r"[\s/.,'’-]+", " ", name).strip()


_CANONICAL: dict[str, str] = {_normal(a): names[0] for names in OUTLET_ALIASES for a in names}
_ALIASES: dict[str, tuple[str, ...]] = {names[0]: names for names in OUTLET_ALIASES}


def canonical_outlet(outlet: str | None) -> str | None:
    """The outlet's canonical name ("Associated Press" -> "AP"), or the name as given."""
    if outlet is None or not outlet.strip():
        return None
    key = _normal(outlet)
    if key in _CANONICAL:
        return _CANONICAL[key]
    host = re.match(r"^(?:[\w-]+ )*?([\w-]+) (?:com|org|net|co uk|com tr|co)$", key)
    if host and _normal(host.group(1)) in _CANONICAL:
        return _CANONICAL[_normal(host.group(1))]
    return outlet.strip()


# Single words that name no outlet by themselves, whatever the metadata says.
_NOT_A_NAME = frozenset(
    "the a an and of by with from via news press times daily post agency media staff wire "
    "reporting reporter editor source sources online".split()
)


def _squash(text: str) -> str:
    """Words separated by single spaces, with spaces around: " radio free europe radio liberty "."""
    return " " + " ".join(re.findall(r"[^\W_]+", text)) + " "


class _Matcher:
    """Finds which outlets (canonical names) a credit line names: each name and short form as
    whole words, in any case, except short capitals ("AP", "FT"), which match only as such."""

    def __init__(self, outlets: Iterable[str]) -> None:
        names = dict(_ALIASES)
        for outlet in outlets:
            names.setdefault(outlet, (outlet,))
        self.caps: list[tuple[str, str]] = []
        # Names by their first word, so a credit line is checked against the names it could be.
        self.words: dict[str, list[tuple[str, str]]] = {}
        for canon, aliases in names.items():
            for alias in aliases:
                squashed = _squash(alias)
                if "." in alias or not squashed.strip():
                    continue  # host names are for metadata, not for prose
                if squashed.strip().casefold() in _NOT_A_NAME or len(squashed.strip()) < 2:
                    continue  # an outlet called "The" or "News" would match every credit
                if alias.isupper() and len(alias) <= 5:
                    self.caps.append((squashed, canon))
                else:
                    folded = squashed.casefold()
                    self.words.setdefault(folded.split()[0], []).append((folded, canon))

    def named(self, text: str) -> frozenset[str]:
        raw = _squash(text)
        folded = raw.casefold()
        found = {canon for alias, canon in self.caps if alias in raw}
        for word in set(folded.split()):
            found.update(canon for alias, canon in self.words.get(word, ()) if alias in folded)
        return frozenset(found)


@functools.lru_cache(maxsize=8)
def _matcher(outlets: frozenset[str]) -> _Matcher:
    return _Matcher(sorted(outlets))


@dataclass(frozen=True, slots=True)
class Credit:
    """A credit line of a document, the outlets it names, and its weight (2 the text is theirs,
    1 they contributed)."""

    span: Span
    outlets: frozenset[str]
    weight: int


def _edge_lines(text: str, n: int) -> list[tuple[int, int]]:
    """The first and the last ``n`` non-empty lines, as ``(start, end)``, in text order."""
    head: list[tuple[int, int]] = []
    pos = 0
    while pos < len(text) and len(head) < n:
        end = text.find("\n", pos)
        end = len(text) if end < 0 else end
        if text[pos:end].strip():
            head.append((pos, end))
        pos = end + 1
    tail: list[tuple[int, int]] = []
    end = len(text)
    while end > pos and len(tail) < n:
        start = text.rfind("\n", pos, end) + 1
        start = max(start, pos)
        if text[start:end].strip():
            tail.append((start, end))
        end = start - 1
    return head + tail[::-1]


def find_credits(doc: Document, matcher: _Matcher) -> list[Credit]:
    """The credit lines of one document: furniture of the credit kinds, and datelines and
    sign-offs in its first and last lines (where a wire copy carries them)."""
    text = doc.text
    found: list[Credit] = []
    for r in doc.furniture:
        if r.kind not in _CREDIT_KINDS:
            continue
        said = text[r.start : r.end]
        weight = 1 if r.kind == "footer" and _WEAK_FOOTER.search(said) else _CREDIT_KINDS[r.kind]
        names = matcher.named(said)
        if names:
            found.append(Credit(Span(doc.id, r.start, r.end), names, weight))
    captions = [(r.start, r.end) for r in doc.furniture if r.kind == "caption"]
    for start, end in _edge_lines(text, _EDGE_LINES):
        # A caption's "(AFP)" credits a photo; a line that is only "(Reuters)" signs the text.
        if any(s <= start < e for s, e in captions) and not _BARE.match(text[start:end]):
            continue
        for m in (
            _DATELINE.search(text, start, min(end, start + _DATELINE_REACH)),
            _SIGNOFF.search(text, max(start, end - _SIGNOFF_REACH), end),
            _SIGNOFF_PAREN.search(text, max(start, end - _SIGNOFF_REACH), end),
        ):
            if m is None:
                continue
            names = matcher.named(next(g for g in m.groups() if g))
            if names:
                found.append(Credit(Span(doc.id, m.start(), m.end()), names, 2))
    return found


# ---------------------------------------------------------------------------------------------
# Dates


def earlier(a: str | None, b: str | None) -> bool:
    """Whether date ``a`` is certainly before date ``b`` (ISO 8601, any precision).

    Dates are compared at the precision both have: "2020-10-01" is not before
    "2020-10-01T17:30:00+00:00" (the same day), "2020" is not before "2020-10".
    """
    if not a or not b:
        return False
    if len(a) > 10 and len(b) > 10:
        ta, tb = _instant(a), _instant(b)
        if ta is not None and tb is not None:
            return ta < tb
    n = min(len(a), len(b), 10)
    return a[:n] < b[:n] if n in (4, 7, 10) else False


def _instant(value: str) -> datetime | None:
    try:
        t = datetime.fromisoformat(value)
    except ValueError:
        return None
    return t if t.tzinfo is not None else t.replace(tzinfo=UTC)


# ---------------------------------------------------------------------------------------------
# Direction and families


@dataclass(frozen=True, slots=True)
class Direction:
    source: str | None
    reason: SourceReason | None
    credit: Span | None


UNKNOWN = Direction(None, None, None)


class Provenance:
    """Credits of every document, and the direction of reuse between any two of them."""

    def __init__(self, documents: Sequence[Document]) -> None:
        self.docs = {d.id: d for d in documents}
        self.outlet = {d.id: canonical_outlet(d.outlet) for d in documents}
        self._matcher = _matcher(frozenset(o for o in self.outlet.values() if o is not None))
        self._credits: dict[str, list[Credit]] = {}
        self._credited: dict[str, frozenset[str]] = {}

    def credits(self, doc: str) -> list[Credit]:
        """The document's credit lines (found the first time they are asked for: only documents
        sharing text need them)."""
        found = self._credits.get(doc)
        if found is None:
            found = self._credits[doc] = find_credits(self.docs[doc], self._matcher)
        return found

    def _credit_for(self, copy: str, source: str) -> Credit | None:
        """The strongest credit line in ``copy`` naming ``source``'s outlet."""
        outlet = self.outlet[source]
        if outlet is None or outlet == self.outlet[copy]:
            return None
        best: Credit | None = None
        for c in self.credits(copy):
            if outlet in c.outlets and (best is None or c.weight > best.weight):
                best = c
        return best

    def direction(self, a: str, b: str) -> Direction:
        """Which of two documents sharing text is the source of it, and why."""
        ca, cb = self._credit_for(b, a), self._credit_for(a, b)  # b credits a; a credits b
        wa, wb = (ca.weight if ca else 0), (cb.weight if cb else 0)
        if ca is not None and wa > wb:
            return Direction(a, "credit", ca.span)
        if cb is not None and wb > wa:
            return Direction(b, "credit", cb.span)
        if ca is None and cb is None and self.common_credit(a, b):
            return UNKNOWN  # both copy a third outlet: neither is the other's source
        da, db = self.docs[a].date, self.docs[b].date
        if earlier(da, db):
            return Direction(a, "date", None)
        if earlier(db, da):
            return Direction(b, "date", None)
        return UNKNOWN

    def common_credit(self, *docs: str) -> str | None:
        """An outlet (not theirs) that every one of ``docs`` credits with the text, if any."""
        common: frozenset[str] | None = None
        for d in docs:
            named = self._credited.get(d)
            if named is None:
                strong = {o for c in self.credits(d) if c.weight >= 2 for o in c.outlets}
                named = self._credited[d] = frozenset(strong - {self.outlet[d]})
            common = named if common is None else common & named
            if not common:
                return None
        return min(common) if common else None


REPRINT_SHARE = 0.5
"""Uncredited, two documents are one wire story's carriers when their shared passages cover this
share of the shorter one's words."""


def reprint_families(
    provenance: Provenance,
    pairs: dict[tuple[str, str], tuple[Direction, int]],
    words: dict[str, int],
    order: Sequence[str],
) -> list[Reprint]:
    """Group the documents carrying one story's text.

    ``pairs`` maps each pair of documents sharing text to its direction and shared word count.
    Two documents belong together when one credits the other, both credit one outlet, or their
    shared passages cover half of the shorter one. A family's source is its one document that
    the others copy and that copies none of them.
    """
    parent = {d: d for d in order}
    position = {d: k for k, d in enumerate(order)}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    linked: list[tuple[str, str, Direction]] = []
    for (a, b), (direction, shared) in pairs.items():
        strong = direction.reason == "credit" or (
            shared > 0 and provenance.common_credit(a, b) is not None
        )
        if strong or shared >= REPRINT_SHARE * max(1, min(words[a], words[b])):
            linked.append((a, b, direction))
            ra, rb = find(a), find(b)
            if ra != rb:
                first, second = sorted((ra, rb), key=position.__getitem__)
                parent[second] = first
    groups: dict[str, list[str]] = {}
    for d in order:
        groups.setdefault(find(d), []).append(d)
    directed: dict[str, list[tuple[str, str]]] = {}  # family root -> (source, copy)
    for a, b, dr in linked:
        if dr.source is not None:
            directed.setdefault(find(a), []).append((dr.source, b if dr.source == a else a))
    out: list[Reprint] = []
    for root, members in groups.items():
        if len(members) < 2:
            continue
        edges = directed.get(root, [])
        roots = {src for src, _ in edges} - {copy for _, copy in edges}
        source = next(iter(roots)) if len(roots) == 1 else None
        outlet = provenance.outlet[source] if source else provenance.common_credit(*members)
        rid = "r" + hashlib.sha1(",".join(members).encode()).hexdigest()[:12]
        out.append(Reprint(rid, tuple(members), source, outlet))
    return out


def carriers(passages: Sequence[Passage]) -> list[tuple[str, ...]]:
    """For each passage, the documents carrying its text: passages whose spans overlap over half
    the shorter one in a document they share are the same text, carried by all their
    documents."""
    parent = list(range(len(passages)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    by_doc: dict[str, list[tuple[int, int, int]]] = {}
    for k, p in enumerate(passages):
        for s in p.spans:
            by_doc.setdefault(s.doc, []).append((s.start, s.end, k))
    for spans in by_doc.values():
        spans.sort()
        active: list[tuple[int, int, int]] = []
        for start, end, k in spans:
            active = [a for a in active if a[1] > start]
            for a_start, a_end, j in active:
                # The same text: the spans overlap over half of the shorter one (two passages
                # that merely touch are different texts of this document).
                if 2 * (min(end, a_end) - start) >= min(end - start, a_end - a_start):
                    ra, rb = find(j), find(k)
                    if ra != rb:
                        parent[rb] = ra
            active.append((start, end, k))
    docs: dict[int, list[str]] = {}
    for k, p in enumerate(passages):
        root = find(k)
        seen = docs.setdefault(root, [])
        for s in p.spans:
            if s.doc not in seen:
                seen.append(s.doc)
    return [tuple(docs[find(k)]) for k in range(len(passages))]
