"""Page furniture learned from the corpus: lines that recur across documents of unrelated content.

A site's trailer, a share bar or a sign-up prompt is printed on every article of its site,
whatever the article is about; a reprinted wire paragraph is printed by the outlets that cover
its story. Both recur word for word, so recurrence alone cannot tell them apart: what they recur
*with* can. The rule:

1. Every line, and every paragraph of two to eight lines, becomes a key of its words (case
   folded; digits, punctuation and known furniture left out). A key found in ``min_docs``
   documents or more *recurs*.
2. Each document that carries recurring text gets a TF-IDF vector of its content words outside
   recurring lines (weights over those documents), so what documents share verbatim never
   makes them look related.
3. The documents carrying a key are *unrelated* when fewer than ``max_related_share`` of their
   pairs (a sample of ``sample`` documents, evenly spread) reach a cosine of
   ``related_cosine``. Documents with fewer than ``min_content_words`` words of their own do not
   vote; with fewer than two voters the text is kept as reuse (no evidence against it), so a
   folder of copies of one article keeps its text however many copies there are.
4. The lines of keys carried by unrelated documents are furniture, ``Region(kind="recurring")``.
   Offsets are unchanged; the document is rebuilt with more furniture and a title that skips
   it, and keeps its id.

The cost is one pass over the text plus at most ``sample * (sample - 1) / 2`` vector comparisons
per distinct set of documents carrying recurring text; it never grows with the number of
document pairs.
"""

from __future__ import annotations

import math
import string
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from newsreader.core.model import Document, Region
from newsreader.core.text import blank_out

RECURRING = "recurring"
"""The furniture kind of text learned from the corpus."""


@dataclass(frozen=True, slots=True)
class BoilerplateOptions:
    """Thresholds of learned furniture (chosen by measurement; see README "Corpus loading")."""

    min_docs: int = 3
    """Documents a text must recur in before it can be furniture ("seen in several articles")."""
    related_cosine: float = 0.05
    """Content cosine at which two documents count as related."""
    max_related_share: float = 0.5
    """Recurring text is furniture when fewer than this share of its documents' pairs relate."""
    sample: int = 12
    """Documents per recurring text whose pairs are compared (evenly spread over them)."""
    min_content_words: int = 20
    """Content words of its own a document needs to vote on what it shares."""
    top_terms: int = 60
    """Heaviest content words kept in each document's vector."""


# Characters that are not part of a word, each mapped to a space (one for one, so offsets
# hold): ASCII punctuation and digits, and the typographic quotes, dashes and signs of news text.
_NOT_WORD = str.maketrans(
    {c: " " for c in string.punctuation + string.digits + "\t\r\x0b\x0c“”‘’«»„–—…•·©®™\u00a0"}
)
_MAX_PARAGRAPH_LINES = 8
_CLOSING = ".:;!?)]\"'”’»"
_PARAGRAPH = "\n\n"


@dataclass(slots=True)
class _Doc:
    plain: str  # the text as _plain() gives it, known furniture blanked
    lines: list[tuple[int, int]]  # [start, end) of each line that has words
    units: list[tuple[int, tuple[int, ...]]]  # (key, its lines): each line, short paragraphs


def _plain(text: str) -> str:
    """Case folded, digits and punctuation as spaces, one character for one."""
    lowered = text.lower()
    if len(lowered) != len(text):  # a few characters grow when lower-cased; keep the offsets
        lowered = text
    return lowered.translate(_NOT_WORD)


def _units(doc: Document) -> _Doc:
    # Digits are left out, so "Copyright 2016" and "Copyright 2017" are one line; case,
    # punctuation and spacing do not matter.
    plain = _plain(blank_out(doc.text, doc.furniture))
    lines: list[tuple[int, int]] = []
    units: list[tuple[int, tuple[int, ...]]] = []
    para_lines: list[int] = []
    para_words: list[str] = []

    def close_paragraph() -> None:
        if 1 < len(para_lines) <= _MAX_PARAGRAPH_LINES:
            units.append((hash((_PARAGRAPH, *para_words)), tuple(para_lines)))
        para_lines.clear()
        para_words.clear()

    pos = 0
    for raw in plain.split("\n"):
        words = raw.split()
        if words:
            k = len(lines)
            lines.append((pos, pos + len(raw)))
            units.append((hash(tuple(words)), (k,)))
            para_lines.append(k)
            if len(para_lines) <= _MAX_PARAGRAPH_LINES:
                para_words.extend(words)
        elif not doc.text[pos : pos + len(raw)].strip():
            close_paragraph()
        pos += len(raw) + 1
    close_paragraph()
    return _Doc(plain, lines, units)


def _content_words(d: _Doc, shared: set[int]) -> Counter[str]:
    """Words of four letters or more on the lines of a document that are not recurring text."""
    plain = d.plain
    return Counter(
        w
        for k, (start, end) in enumerate(d.lines)
        if k not in shared
        for w in plain[start:end].split()
        if len(w) > 3
    )


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(b) < len(a):
        a, b = b, a
    return sum(v * b[w] for w, v in a.items() if w in b)


def recurring_regions(
    documents: Sequence[Document], options: BoilerplateOptions | None = None
) -> list[list[Region]]:
    """For each document, the lines it shares with documents of unrelated content."""
    opts = options or BoilerplateOptions()
    docs = [_units(doc) for doc in documents]
    df: Counter[int] = Counter()
    for d in docs:
        df.update({key for key, _ in d.units})
    common = {h for h, c in df.items() if c >= opts.min_docs}
    del df
    if not common:
        return [[] for _ in documents]
    carriers: dict[int, list[int]] = defaultdict(list)
    recurring: dict[int, set[int]] = {}
    for i, d in enumerate(docs):
        for key, line_ids in d.units:
            if key in common:
                recurring.setdefault(i, set()).update(line_ids)
                carried = carriers[key]
                if not carried or carried[-1] != i:
                    carried.append(i)
    # Word weights over the documents that carry recurring text; each document's own words
    # are counted twice (once for the weights, once for its vector when it votes), never kept.
    words_df: Counter[str] = Counter()
    mass: dict[int, int] = {}
    for i, shared in recurring.items():
        counts = _content_words(docs[i], shared)
        words_df.update(counts.keys())
        mass[i] = sum(counts.values())
    n = len(recurring)
    vectors: dict[int, dict[str, float]] = {}

    def vector(i: int) -> dict[str, float]:
        vec = vectors.get(i)
        if vec is None:
            counts = _content_words(docs[i], recurring[i])
            idf = {w: math.log((n + 1) / (words_df[w] + 1)) + 1 for w in counts}
            weights = {w: (1 + math.log(tf)) * idf[w] for w, tf in counts.items()}
            if len(weights) > opts.top_terms:
                top = sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))[: opts.top_terms]
                weights = dict(top)
            norm = math.sqrt(sum(v * v for v in weights.values())) or 1.0
            vec = vectors[i] = {w: v / norm for w, v in weights.items()}
        return vec

    cosines: dict[tuple[int, int], float] = {}

    def related(a: int, b: int) -> bool:
        cos = cosines.get((a, b))
        if cos is None:
            cos = cosines[(a, b)] = _cosine(vector(a), vector(b))
        return cos >= opts.related_cosine

    decided: dict[tuple[int, ...], bool] = {}
    furniture_keys: set[int] = set()
    for key, carried in carriers.items():
        group = tuple(carried)
        verdict = decided.get(group)
        if verdict is None:
            verdict = decided[group] = _unrelated(group, mass, related, opts)
        if verdict:
            furniture_keys.add(key)
    out: list[list[Region]] = []
    for doc, d in zip(documents, docs, strict=True):
        ids = sorted({k for key, line_ids in d.units if key in furniture_keys for k in line_ids})
        out.append([_region(doc.text, *d.lines[k]) for k in ids])
    return out


def _unrelated(
    group: tuple[int, ...],
    mass: dict[int, int],
    related: Callable[[int, int], bool],
    opts: BoilerplateOptions,
) -> bool:
    voters = [i for i in group if mass[i] >= opts.min_content_words]
    if len(voters) < 2:
        return False
    if len(voters) > opts.sample:
        step = len(voters) / opts.sample
        voters = [voters[int(k * step)] for k in range(opts.sample)]
    pairs = linked = 0
    for x, a in enumerate(voters):
        for b in voters[x + 1 :]:
            pairs += 1
            linked += related(a, b)
    return linked < opts.max_related_share * pairs


def _region(text: str, start: int, end: int) -> Region:
    """The line ``[start, end)`` trimmed of white space."""
    line = text[start:end]
    return Region(start + len(line) - len(line.lstrip()), start + len(line.rstrip()), RECURRING)


def merge_furniture(known: Sequence[Region], learned: Sequence[Region]) -> tuple[Region, ...]:
    """Known furniture plus the parts of learned regions it does not already cover, by start."""
    cuts = sorted((r.start, r.end) for r in known)
    out = list(known)
    for r in learned:
        start = r.start
        for s, e in cuts:
            if e <= start or s >= r.end:
                continue
            if s > start:
                out.append(Region(start, s, r.kind))
            start = max(start, e)
        if start < r.end:
            out.append(Region(start, r.end, r.kind))
    return tuple(sorted(out, key=lambda r: (r.start, r.end)))


def with_learned_furniture(
    documents: Sequence[Document],
    retitle: Callable[[Document, tuple[Region, ...]], str],
    options: BoilerplateOptions | None = None,
) -> list[Document]:
    """The documents with their learned furniture added (same text, same ids, new titles)."""
    out: list[Document] = []
    for doc, learned in zip(documents, recurring_regions(documents, options), strict=True):
        if not learned:
            out.append(doc)
            continue
        furniture = merge_furniture(doc.furniture, learned)
        out.append(replace(doc, furniture=furniture, title=retitle(doc, furniture)))
    return out
