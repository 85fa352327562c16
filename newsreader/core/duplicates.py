"""The same article twice, and nearly the same article under another name.

A folder often holds one article twice: as a saved page and as a feed entry, or saved on two
days. Its texts then differ by a headline line, a caption or spacing, so the exact duplicate
check (same text, same id) misses them. Another outlet's reprint of a wire story is different:
it is nearly the same text under another byline, and it is news (who carried the story), so it
is kept and reported, never dropped.

Candidate pairs come from keys made in one cheap pass: the hash of each document's whole word
sequence outside furniture, and a bottom-k sketch of its paragraphs' hashes (the ``SKETCH``
smallest: a copy keeps most paragraphs, so two copies share one), so the cost is linear in the
corpus. Only a candidate pair is compared exactly, on its sets of word 5-grams:

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
import zlib
from collections import defaultdict
from collections.abc import Sequence

from newsreader.core.model import Document, NearDuplicate, Skipped
from newsreader.core.text import blank_out

SHINGLE = 5
SKETCH = 4
SAME_CONTAINMENT = 0.95
SAME_SIZE = 0.85
NEAR_JACCARD = 0.6


_WORD = re.compile(r"[^\W_]+")
_PARAGRAPH = re.compile(r"\n\s*\n|\n(?=\s)")
MIN_KEY_WORDS = 8
MAX_BUCKET = 50


def _words(text: str) -> list[str]:
    """Case-folded words, punctuation and spacing ignored (one C-level pass: the runs of word
    characters other than "_", as splitting on the runs of the others gives them)."""
    return _WORD.findall(text.casefold())


def _keys(body: str) -> list[int]:
    """The ``SKETCH`` smallest hashes of the text's paragraphs: a copy keeps most paragraphs,
    so two copies almost always share one. ``crc32``, unlike ``hash``, is the same in every
    run, so the candidates, and the result, never depend on the process."""
    hashes = set()
    for paragraph in _PARAGRAPH.split(body):
        words = _words(paragraph)
        if len(words) >= MIN_KEY_WORDS:
            hashes.add(zlib.crc32(" ".join(words).encode("utf-8", "surrogatepass")))
    return sorted(hashes)[:SKETCH]


def _shingles(words: list[str]) -> set[tuple[str, ...]]:
    if len(words) < SHINGLE:
        return {tuple(words)} if words else set()
    return {tuple(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}


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
        # Equal once spelling noise is gone ("The Daily Example" and "Daily Example News"); a
        # name inside another is not the same outlet ("AP" and "The Japan Times").
        return ka == kb
    return None


def _richness(doc: Document) -> int:
    return sum(v is not None for v in (doc.outlet, doc.date, doc.url, doc.author))


def find_duplicates(
    documents: Sequence[Document],
) -> tuple[list[Document], list[Skipped], list[NearDuplicate]]:
    """The documents with each article kept once, the copies dropped (with reasons), and the
    near-duplicate pairs among those kept."""
    bodies = [blank_out(d.text, d.furniture) for d in documents]
    wholes: dict[int, list[int]] = defaultdict(list)
    buckets: dict[int, list[int]] = defaultdict(list)
    for i, body in enumerate(bodies):
        # The whole text's words are a key too: the same words re-flowed into other lines.
        wholes[zlib.crc32(" ".join(_words(body)).encode("utf-8", "surrogatepass"))].append(i)
        for h in _keys(body):
            buckets[h].append(i)
    pairs: set[tuple[int, int]] = set()
    for members in wholes.values():
        pairs.update((members[0], j) for j in members[1:])
    for members in buckets.values():
        if len(members) > MAX_BUCKET:
            continue  # a paragraph in that many documents is boilerplate, not a copy
        for x, i in enumerate(members):
            for j in members[x + 1 :]:
                pairs.add((i, j))
    words: dict[int, list[str]] = {}
    sets: dict[int, set[tuple[str, ...]]] = {}
    for i in sorted({k for pair in pairs for k in pair}):
        words[i] = _words(bodies[i])
        sets[i] = _shingles(words[i])
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
            same = words[i] == words[j] and _words(documents[i].text) == _words(documents[j].text)
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

    def kept_one(k: int) -> int:
        while k in dropped:  # a copy of a copy names the one that was loaded
            k = dropped[k]
        return k

    kept = [d for k, d in enumerate(documents) if k not in dropped]
    skipped = [
        Skipped(
            documents[k].path,
            f"the same article as {documents[kept_one(k)].path} (loaded once)",
        )
        for k in sorted(dropped)
    ]
    kept_ids = {d.id for d in kept}
    near = [n for n in near if n.a in kept_ids and n.b in kept_ids]
    return kept, skipped, near
