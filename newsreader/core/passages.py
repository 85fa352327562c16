"""Shared-passage detection: index, seed, cluster, extend, score, merge.

No pair of documents is ever aligned whole. Each document's words become hashed word n-grams
(digits are wildcards, so a reprinted sentence with a changed figure still seeds); an inverted
index keeps the n-grams found in two or more documents; every such n-gram gives a *seed* (a
position in each of two documents). Seeds of one document pair are chained into clusters when
they are close in both documents (in any order: a paragraph at the top of one article may sit at
the bottom of the other), each cluster is extended over equal words and single-word edits, and
scored with rapidfuzz. Cost grows with the corpus size plus the amount of reuse, not with the
number of pairs.
"""

from __future__ import annotations

import hashlib
import itertools
from array import array
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from rapidfuzz.distance import Indel, Opcodes
from rapidfuzz.distance import Levenshtein as Lev

from newsreader.core.model import Document, Passage, Span
from newsreader.core.text import Tokens, tokenize

Progress = Callable[[str, float], None]


@dataclass(frozen=True, slots=True)
class PassageOptions:
    """Thresholds for shared passages (chosen by measurement; see README "Shared passages")."""

    ngram: int = 5
    """Words per hashed n-gram used as a seed."""
    min_words: int = 12
    """A passage must span at least this many words in both documents..."""
    min_quote_words: int = 8
    """...or this many when it stands inside quotation marks (a shared quotation)."""
    min_similarity: float = 0.75
    """Word-level similarity (rapidfuzz Indel, 0..1) a passage needs to be reported."""
    max_gap: int = 20
    """Words between two seeds that still chain them into one passage."""
    max_doc_freq: int = 60
    """N-grams found in more documents than this are boilerplate and do not seed."""
    max_per_doc: int = 4
    """Positions of one n-gram within one document that seed (repeated phrases)."""


@dataclass(slots=True)
class DocTokens:
    """A document's words (furniture left out) as interned ids, with their offsets.

    ``ids`` and ``keys`` are compact ``array("i")``; ``tokens.words`` holds one shared string
    object per distinct word of the corpus, not one per occurrence.
    """

    doc: Document
    tokens: Tokens
    ids: array[int]
    keys: array[int]  # ids with every all-digit word replaced by one wildcard id


@dataclass(frozen=True, slots=True)
class Alignment:
    """A passage with the word ranges it covers in each of its two documents."""

    passage: Passage
    a: int  # index of the first document in the document list
    b: int
    a_range: tuple[int, int]
    b_range: tuple[int, int]


_NUMBER_KEY = 2**31 - 1
"""The key of every all-digit word: no word's id (rapidfuzz takes ``array("i")`` of
non-negative values only)."""


def prepare(documents: Sequence[Document]) -> list[DocTokens]:
    """Tokenize every document once (shared by passage detection and story grouping)."""
    vocab: defaultdict[str, int] = defaultdict(itertools.count().__next__)
    canonical: dict[str, str] = {}
    done: list[tuple[Document, Tokens, array[int]]] = []
    for doc in documents:
        skip = [(r.start, r.end) for r in doc.furniture]
        toks = tokenize(doc.text, skip)
        # Each word's first string stands for all its occurrences; the copies are freed.
        words = list(map(canonical.setdefault, toks.words, toks.words))
        ids = array("i", map(vocab.__getitem__, words))
        done.append((doc, Tokens(words, toks.starts, toks.ends), ids))
    key_of = np.arange(len(vocab), dtype=np.intc)
    key_of[np.fromiter(map(str.isdigit, vocab), dtype=bool, count=len(vocab))] = _NUMBER_KEY
    out: list[DocTokens] = []
    for doc, toks, ids in done:
        keys = array("i")
        keys.frombytes(key_of[np.frombuffer(ids, dtype=np.intc)].tobytes())
        out.append(DocTokens(doc, toks, ids, keys))
    return out


def find_passages(
    prepared: Sequence[DocTokens],
    options: PassageOptions | None = None,
    progress: Progress | None = None,
) -> list[Alignment]:
    """Find the passages every pair of documents shares."""
    opts = options or PassageOptions()
    seeds = _seed_pairs(prepared, opts)
    found: list[Alignment] = []
    total = max(1, len(seeds))
    for k, ((a, b), pair_seeds) in enumerate(sorted(seeds.items())):
        if progress is not None and k % 256 == 0:
            progress("passages", k / total)
        found.extend(_align_pair(prepared, a, b, pair_seeds, opts))
    if progress is not None:
        progress("passages", 1.0)
    return found


# ---------------------------------------------------------------------------------------------
# Index and seeds


def _mix(x: NDArray[np.uint64]) -> NDArray[np.uint64]:
    """splitmix64's finaliser, in place: every bit of the result depends on every bit of ``x``."""
    x ^= x >> np.uint64(30)
    x *= np.uint64(0xBF58476D1CE4E5B9)
    x ^= x >> np.uint64(27)
    x *= np.uint64(0x94D049BB133111EB)
    x ^= x >> np.uint64(31)
    return x


def _gram_hashes(mixed: NDArray[np.uint64], n: int) -> NDArray[np.uint64]:
    """The hash of every ``n`` consecutive (mixed) keys, by start position."""
    h = np.zeros(len(mixed) - n + 1, dtype=np.uint64)
    for k in range(n):
        h += mixed[k : len(mixed) - n + 1 + k]
        _mix(h)
    return h


def ngram_hashes(keys: Sequence[int], n: int) -> list[int]:
    """One document's n-gram hashes, one per position, as the index makes them, as signed
    64-bit ints: the same in every process (nothing is salted), for keys of any 64-bit value,
    so an index can also be built in pieces, one document at a time."""
    if len(keys) < n:
        return []
    mixed = _mix(np.array(keys, dtype=np.int64).view(np.uint64))
    return _gram_hashes(mixed, n).view(np.int64).tolist()  # type: ignore[no-any-return]


def _seed_pairs(
    prepared: Sequence[DocTokens], opts: PassageOptions
) -> dict[tuple[int, int], list[tuple[int, int]]]:
    """Seeds of every document pair, ``(pos_a, pos_b)`` word positions of a shared n-gram.

    The index is built with whole-array steps (numpy) rather than dicts of lists: each n-gram of
    the corpus becomes a 64-bit hash of its keys, one stable sort groups equal n-grams (documents
    and positions stay in order inside a group), and the pairs of a group are spelled out with
    ``repeat``. Only n-grams found in 2 to ``max_doc_freq`` documents seed, each with its first
    ``max_per_doc`` positions in a document.
    """
    n, cap = opts.ngram, opts.max_per_doc
    lengths = np.array([len(d.keys) for d in prepared], dtype=np.int64)
    counts = np.maximum(lengths - n + 1, 0)  # n-grams of each document
    total = int(counts.sum())
    if total == 0:
        return {}
    # The n-grams of the whole corpus's keys end to end, then only those inside one document.
    keys = np.concatenate([np.frombuffer(d.keys, dtype=np.intc) for d in prepared])
    h = _gram_hashes(_mix(keys.astype(np.int64).view(np.uint64)), n)
    del keys
    doc = np.repeat(np.arange(len(prepared), dtype=np.int32), counts)
    pos = (np.arange(total, dtype=np.int64) - np.repeat(np.cumsum(counts) - counts, counts)).astype(
        np.int32
    )
    h = h[(np.cumsum(lengths) - lengths)[doc] + pos]
    order = np.argsort(h, kind="stable")  # by n-gram, then document and position
    h, doc, pos = h[order], doc[order], pos[order]
    del order
    # Most n-grams occur once in the corpus: leave them out before the groups are measured.
    again = h[1:] == h[:-1]
    repeated = np.zeros(total, dtype=bool)
    repeated[1:] = again
    repeated[:-1] |= again
    h, doc, pos = h[repeated], doc[repeated], pos[repeated]
    total = len(h)
    if total == 0:
        return {}
    new_gram = np.empty(total, dtype=bool)
    new_gram[0] = True
    np.not_equal(h[1:], h[:-1], out=new_gram[1:])
    new_doc = new_gram.copy()
    new_doc[1:] |= doc[1:] != doc[:-1]
    gram_start = np.flatnonzero(new_gram)
    df = np.add.reduceat(new_doc, gram_start)
    size = np.diff(np.append(gram_start, total))
    keep = np.repeat((df >= 2) & (df <= opts.max_doc_freq), size)
    run_start = np.flatnonzero(new_doc)  # each n-gram's positions in one document
    run_of = np.cumsum(new_doc) - 1
    keep &= np.arange(total) - run_start[run_of] < cap
    gram = (np.cumsum(new_gram) - 1)[keep]
    doc, pos = doc[keep], pos[keep]
    del h, new_gram, new_doc, keep, run_of
    if len(gram) == 0:
        return {}
    # Every later entry of the same n-gram pairs with an entry (documents are in order).
    starts = np.flatnonzero(np.diff(gram, prepend=-1))
    ends = np.append(starts[1:], len(gram))
    group_end = np.repeat(ends, np.diff(ends, prepend=0))
    later = group_end - np.arange(len(gram)) - 1
    i = np.repeat(np.arange(len(gram)), later)
    j = i + 1 + np.arange(len(i)) - np.repeat(np.cumsum(later) - later, later)
    other = doc[i] != doc[j]
    i, j = i[other], j[other]
    da, db, x, y = doc[i], doc[j], pos[i], pos[j]
    by_pair = np.lexsort((y, x, db, da))
    da, db, x, y = da[by_pair], db[by_pair], x[by_pair].tolist(), y[by_pair].tolist()
    cut = np.flatnonzero((np.diff(da) != 0) | (np.diff(db) != 0)) + 1
    bounds = [0, *cut.tolist(), len(x)]
    pairs = zip(da[bounds[:-1]].tolist(), db[bounds[:-1]].tolist(), strict=True)
    return {
        pair: list(zip(x[lo:hi], y[lo:hi], strict=True))
        for pair, lo, hi in zip(pairs, bounds, bounds[1:], strict=False)
    }


# ---------------------------------------------------------------------------------------------
# Clustering, extension, scoring


def _cluster(pair_seeds: list[tuple[int, int]], n: int, gap: int) -> list[list[int]]:
    """Chain seeds that are near each other in both documents; returns [a0, a1, b0, b1]."""
    pair_seeds.sort()
    active: list[list[int]] = []  # [first_a, last_a, first_b, last_b]
    done: list[list[int]] = []
    for x, y in pair_seeds:
        best = None
        best_dev = gap + 1
        still: list[list[int]] = []
        for c in active:
            if x - c[1] > gap + n:
                done.append(c)
                continue
            still.append(c)
            da, db = x - c[1], y - c[3]
            if 0 <= da <= gap + n and -n < db <= gap + n:
                dev = abs(da - db)
                if dev < best_dev:
                    best, best_dev = c, dev
        active = still
        if best is None:
            active.append([x, x, y, y])
        else:
            best[1] = max(best[1], x)
            best[3] = max(best[3], y)
            best[2] = min(best[2], y)
    done.extend(active)
    return [[c[0], c[1] + n, c[2], c[3] + n] for c in done]


def _extend(ka: Sequence[int], kb: Sequence[int], a0: int, a1: int, b0: int, b1: int) -> list[int]:
    """Grow a match over equal words, and over single-word edits followed by 3 equal words."""
    while True:
        while a0 > 0 and b0 > 0 and ka[a0 - 1] == kb[b0 - 1]:
            a0, b0 = a0 - 1, b0 - 1
        stepped = False
        for sa, sb in ((1, 1), (1, 0), (0, 1)):
            na, nb = a0 - sa, b0 - sb
            if na >= 3 and nb >= 3 and ka[na - 3 : na] == kb[nb - 3 : nb]:
                a0, b0, stepped = na - 3, nb - 3, True
                break
        if not stepped:
            break
    la, lb = len(ka), len(kb)
    while True:
        while a1 < la and b1 < lb and ka[a1] == kb[b1]:
            a1, b1 = a1 + 1, b1 + 1
        stepped = False
        for sa, sb in ((1, 1), (1, 0), (0, 1)):
            na, nb = a1 + sa, b1 + sb
            if na + 3 <= la and nb + 3 <= lb and ka[na : na + 3] == kb[nb : nb + 3]:
                a1, b1, stepped = na + 3, nb + 3, True
                break
        if not stepped:
            break
    return [a0, a1, b0, b1]


def _merge(ranges: list[list[int]], gap: int) -> list[list[int]]:
    """Merge matches that overlap or sit next to each other in both documents."""
    ranges.sort()
    out: list[list[int]] = []
    for r in ranges:
        if out:
            p = out[-1]
            if r[0] <= p[1] + gap and r[2] <= p[3] + gap and r[3] >= p[2] - gap:
                p[1] = max(p[1], r[1])
                p[2] = min(p[2], r[2])
                p[3] = max(p[3], r[3])
                continue
        out.append(list(r))
    return out


def _align_pair(
    prepared: Sequence[DocTokens],
    a: int,
    b: int,
    pair_seeds: list[tuple[int, int]],
    opts: PassageOptions,
) -> list[Alignment]:
    da, db = prepared[a], prepared[b]
    ka, kb = da.keys, db.keys
    clusters = _cluster(pair_seeds, opts.ngram, opts.max_gap)
    extended = [_extend(ka, kb, *c) for c in clusters]
    merged = _drop_fragments(_merge(extended, opts.ngram))
    out: list[Alignment] = []
    for a0, a1, b0, b1 in merged:
        words = min(a1 - a0, b1 - b0)
        if words < opts.min_quote_words:
            continue
        if words < opts.min_words and not (
            in_quotation(da.doc.text, da.tokens.starts[a0])
            or in_quotation(db.doc.text, db.tokens.starts[b0])
        ):
            continue
        score = Indel.normalized_similarity(da.ids[a0:a1], db.ids[b0:b1])
        if score < opts.min_similarity:
            continue
        ta, tb = da.tokens, db.tokens
        end_a, end_b = _shared_tail(da.doc.text, db.doc.text, ta.ends[a1 - 1], tb.ends[b1 - 1])
        spans = (
            Span(da.doc.id, ta.starts[a0], end_a),
            Span(db.doc.id, tb.starts[b0], end_b),
        )
        passage = Passage(_passage_id(spans), round(score, 4), spans)
        out.append(Alignment(passage, a, b, (a0, a1), (b0, b1)))
    return out


def _drop_fragments(ranges: list[list[int]]) -> list[list[int]]:
    """Drop a match lying inside a longer match of the same pair in either document.

    Such a fragment is a phrase repeated elsewhere in one document re-matching text that is
    already part of a longer passage; keeping it would show one passage twice.
    """
    ranges.sort(key=lambda r: (r[1] - r[0]) + (r[3] - r[2]), reverse=True)
    kept: list[list[int]] = []
    for r in ranges:
        size = (r[1] - r[0]) + (r[3] - r[2])
        if any(
            size < (k[1] - k[0]) + (k[3] - k[2])
            and ((k[0] <= r[0] and r[1] <= k[1]) or (k[2] <= r[2] and r[3] <= k[3]))
            for k in kept
        ):
            continue
        kept.append(r)
    return kept


# Single quotes are left out: "’" is also the apostrophe.
_OPENING_QUOTES = "“«„"
_CLOSING_QUOTES = "”»"
_CLOSING_PUNCTUATION = ".,;:!?)\"'\u201d\u2019"


def in_quotation(text: str, pos: int) -> bool:
    """Whether ``pos`` lies inside quotation marks opened earlier in its paragraph."""
    para = text.rfind("\n", 0, pos) + 1
    before = text[para:pos]
    opened = sum(before.count(q) for q in _OPENING_QUOTES)
    closed = sum(before.count(q) for q in _CLOSING_QUOTES)
    return opened > closed or before.count('"') % 2 == 1


def _shared_tail(text_a: str, text_b: str, end_a: int, end_b: int) -> tuple[int, int]:
    """Take in the punctuation that closes a passage in both texts ("." or ".\u201d")."""
    for _ in range(3):
        if end_a >= len(text_a) or end_b >= len(text_b):
            break
        if text_a[end_a] != text_b[end_b] or text_a[end_a] not in _CLOSING_PUNCTUATION:
            break
        end_a, end_b = end_a + 1, end_b + 1
    return end_a, end_b


def _passage_id(spans: Sequence[Span]) -> str:
    key = ";".join(f"{s.doc}:{s.start}-{s.end}" for s in spans)
    return "p" + hashlib.sha1(key.encode()).hexdigest()[:12]


# ---------------------------------------------------------------------------------------------
# Numbers at the same place in shared text


def aligned_numbers(
    prepared: Sequence[DocTokens], alignment: Alignment
) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """Pairs of digit words that stand at the same place in both spans of a passage.

    Returns ``((start_a, end_a), (start_b, end_b))`` character ranges, whether the figures are
    equal or were changed (104 in one outlet, 158 in the reprint of another).
    """
    da, db = prepared[alignment.a], prepared[alignment.b]
    a0, a1 = alignment.a_range
    b0, b1 = alignment.b_range
    sa, sb = da.keys[a0:a1], db.keys[b0:b1]
    if _NUMBER_KEY not in sa:
        return []  # no figure in this passage: no alignment needed
    ops: Opcodes = Lev.opcodes(sa, sb)
    out: list[tuple[tuple[int, int], tuple[int, int]]] = []
    for op in ops:
        if op.tag != "equal":
            continue
        for i in range(op.src_end - op.src_start):
            x = a0 + op.src_start + i
            y = b0 + op.dest_start + i
            if da.keys[x] == _NUMBER_KEY:
                out.append(
                    (
                        (da.tokens.starts[x], da.tokens.ends[x]),
                        (db.tokens.starts[y], db.tokens.ends[y]),
                    )
                )
    return out


# ---------------------------------------------------------------------------------------------
# The index and the alignment in pieces, for engines that spread them over machines
# (newsreader.core.engines): the same steps as find_passages, one document or one pair at a time.


def align_pair(
    da: DocTokens,
    db: DocTokens,
    a: int,
    b: int,
    pair_seeds: list[tuple[int, int]],
    options: PassageOptions,
) -> list[Alignment]:
    """The passages of one document pair from its seeds, as :func:`find_passages` finds them;
    ``a`` and ``b`` are the two documents' indices in the whole corpus, recorded in the result.
    ``da`` and ``db`` may come from another :func:`prepare` call than the corpus's: only the
    equality of their ids matters."""
    found = _align_pair((da, db), 0, 1, list(pair_seeds), options)
    return [Alignment(al.passage, a, b, al.a_range, al.b_range) for al in found]


def ngram_seeds(
    postings: Sequence[tuple[int, list[int]]], options: PassageOptions
) -> list[tuple[tuple[int, int], list[tuple[int, int]]]]:
    """The seeds one n-gram gives each pair of the documents carrying it, as
    :func:`find_passages` makes them: ``postings`` is ``(document, positions)`` in increasing
    document order; an n-gram in fewer than two or more than ``max_doc_freq`` documents gives
    none."""
    if not 2 <= len(postings) <= options.max_doc_freq:
        return []
    cap = options.max_per_doc
    out: list[tuple[tuple[int, int], list[tuple[int, int]]]] = []
    for i, (da, pa) in enumerate(postings):
        for db, pb in postings[i + 1 :]:
            if len(pa) == 1 and len(pb) == 1:
                out.append(((da, db), [(pa[0], pb[0])]))
            else:
                out.append(((da, db), [(x, y) for x in pa[:cap] for y in pb[:cap]]))
    return out
