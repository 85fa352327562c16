"""The same article twice, and nearly the same article under another name.

A folder often holds one article twice: as a saved page and as a feed entry, or saved on two
days. Its texts then differ by a headline line, a caption or spacing, so the exact duplicate
check (same text, same id) misses them. Another outlet's reprint of a wire story is different:
it is nearly the same text under another byline, and it is news (who carried the story), so it
is kept and reported, never dropped.

Each document's words outside furniture become a set of hashed word 5-grams. Candidate pairs
come from a bottom-k sketch (the ``SKETCH`` smallest hashes of each set: documents sharing one
are compared), so the cost is linear in the corpus. A candidate pair is compared exactly:

- **the same article** when the metadata says both copies come from one place (the same URL,
  or the same outlet) and one text's 5-grams are almost all in the other's (containment at
  least ``SAME_CONTAINMENT``, sizes within ``SAME_SIZE``); or, when the metadata says nothing
  either way, when both have the same words in the same order, furniture included (typography
  aside). It is loaded
  once: the copy with more metadata (then the first in path order) is kept, the other reported
  as skipped;
- **a near-duplicate** when their Jaccard similarity is at least ``NEAR_JACCARD`` otherwise
  (another outlet's copy, the same article much edited): both are kept and the pair reported.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence

from newsreader.core.model import Document, NearDuplicate, Skipped
from newsreader.core.text import tokenize

SHINGLE = 5
SKETCH = 4
SAME_CONTAINMENT = 0.95
SAME_SIZE = 0.85
NEAR_JACCARD = 0.6


def _words(doc: Document, vocab: dict[str, int]) -> tuple[int, ...]:
    # Words as ids: the hash of a tuple of ints is the same in every run (a str's is not), so
    # the sketch, and with it the result, never depends on the process.
    return tuple(
        vocab.setdefault(w, len(vocab))
        for w in tokenize(doc.text, [(r.start, r.end) for r in doc.furniture]).words
    )


def _all_words(doc: Document) -> list[str]:
    return tokenize(doc.text).words


def _shingles(words: tuple[int, ...]) -> frozenset[int]:
    if len(words) < SHINGLE:
        return frozenset({hash(words)}) if words else frozenset()
    return frozenset(hash(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1))


_OUTLET_NOISE = re.compile(r"\b(the|news|online|com|www)\b|[^\w]+")


def _outlet_key(outlet: str | None) -> str:
    return _OUTLET_NOISE.sub("", outlet.casefold()) if outlet else ""


def _same_source(a: Document, b: Document) -> bool | None:
    """Whether the metadata says both copies come from one place: the same URL or the same
    outlet (``True``), two places (``False``), or nothing either way (``None``)."""
    if a.url and b.url:
        return a.url.rstrip("/") == b.url.rstrip("/")
    ka, kb = _outlet_key(a.outlet), _outlet_key(b.outlet)
    if ka and kb:
        return ka in kb or kb in ka
    return None


def _richness(doc: Document) -> int:
    return sum(v is not None for v in (doc.outlet, doc.date, doc.url, doc.author))


def find_duplicates(
    documents: Sequence[Document],
) -> tuple[list[Document], list[Skipped], list[NearDuplicate]]:
    """The documents with each article kept once, the copies dropped (with reasons), and the
    near-duplicate pairs among those kept."""
    vocab: dict[str, int] = {}
    words = [_words(d, vocab) for d in documents]
    sets = [_shingles(w) for w in words]
    buckets: dict[int, list[int]] = defaultdict(list)
    for i, s in enumerate(sets):
        for h in sorted(s)[:SKETCH]:
            buckets[h].append(i)
    pairs: set[tuple[int, int]] = set()
    for members in buckets.values():
        for x, i in enumerate(members):
            for j in members[x + 1 :]:
                pairs.add((i, j))
    dropped: dict[int, int] = {}  # copy -> the document kept instead
    near: list[NearDuplicate] = []
    for i, j in sorted(pairs):
        a, b = sets[i], sets[j]
        if not a or not b:
            continue
        shared = len(a & b)
        small, large = sorted((len(a), len(b)))
        containment = shared / small
        jaccard = shared / (len(a) + len(b) - shared)
        source = _same_source(documents[i], documents[j])
        if source is None:
            # Nothing says where they come from: the same words in the same order, furniture
            # included (typography aside), are one article, as byte-identical files are; a
            # different trailer or headline is a sign of another source, so both are kept.
            same = words[i] == words[j] and _all_words(documents[i]) == _all_words(documents[j])
        else:
            same = source and containment >= SAME_CONTAINMENT and small / large >= SAME_SIZE
        if same:
            keep, drop = sorted((i, j), key=lambda k: (-_richness(documents[k]), k))
            while keep in dropped:  # a chain of copies keeps one original
                keep = dropped[keep]
            if drop != keep and drop not in dropped:
                dropped[drop] = keep
        elif jaccard >= NEAR_JACCARD:
            near.append(NearDuplicate(documents[i].id, documents[j].id, round(jaccard, 3)))
    kept = [d for k, d in enumerate(documents) if k not in dropped]
    skipped = [
        Skipped(documents[k].path, f"the same article as {documents[keep].path} (loaded once)")
        for k, keep in sorted(dropped.items())
    ]
    kept_ids = {d.id for d in kept}
    near = [n for n in near if n.a in kept_ids and n.b in kept_ids]
    return kept, skipped, near
