"""Inter-annotator agreement: span F1 between pairs of authors, Krippendorff's unitized alpha
(the 1995 formula and the 2016 coincidence-matrix one).

Only documents tagged by two or more authors count; in each, the authors compared are those who
tagged it (with any label). An author who tagged a document but not with label ``c`` found no
``c`` there. A label's figures (and its document count) cover the documents where it was used.

* **F1** (per pair of authors, over the documents both tagged): *exact* counts spans with the
  same document, offsets and label; *overlap* counts a span as matched when it overlaps a span
  of the other author with the same label.
* **Unitized alpha** (Krippendorff 1995, "On the reliability of unitizing contiguous data";
  the same formulas as DKPro Statistics' ``KrippendorffAlphaUnitizingAgreement``): each
  document is a continuum of characters; each author's spans of a label, merged where they
  overlap, and the gaps between them cover it. Observed disagreement sums, over pairs of
  authors, the squared differences of starts and ends of overlapping spans, and the squared
  length of a span lying inside the other author's gap. Alpha is ``1 - observed/expected``,
  summed over labels (and documents): ``1`` is perfect agreement, ``0`` chance level.
  Over several documents, observed and expected disagreement are added up in the same units
  (squared characters over pairs of authors), each document with the authors who tagged it.
  Correct to its formula but hard to read: one author marking a whole span and another 40% of
  it in four pieces scores far below a pair who marked unrelated text (-1.6 against -0.35 in
  ``tests/store/test_store_agreement.py``).
* **Alpha 2016** (Krippendorff, Mathet, Bouvry & Widlöcher 2016, "On the reliability of
  unitizing textual continua: Further developments", Quality & Quantity 50; also Krippendorff
  2019, *Content Analysis*, section 12.6: the binary ``|uα``, in the coincidence-matrix form
  that replaced the 1995 one): for each pair of authors, every character is counted in a
  2 x 2 coincidence matrix by what each made of it (inside a span of the label, or in a gap),
  divided by ``m - 1``. Observed disagreement is the off-diagonal count; expected is
  ``2 n_gap n_span / (n - C / n)``, where ``C`` is the sum, over each author's segments, of a
  span's length squared (a span is one unit) and a gap's length (a gap can be cut anywhere).
  Alpha is ``1 - observed / expected``. Partial agreement scores between disjoint and
  identical (0.54 for the 40% example above, -0.105 for unrelated text). Documents and labels
  are pooled: their matrices and ``C`` are added up before alpha is taken.
"""

from __future__ import annotations

import bisect
import itertools
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from newsreader.store.model import Annotation

Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
class PairScore:
    """Agreement between two authors over the documents both tagged."""

    first: str
    second: str
    documents: int
    first_spans: int
    second_spans: int
    f1_exact: float | None
    f1_overlap: float | None


@dataclass(frozen=True, slots=True)
class GroupScore:
    """Agreement within one label, one document, or overall."""

    key: str
    title: str
    authors: tuple[str, ...]
    documents: int
    spans: int
    alpha: float | None
    pairs: tuple[PairScore, ...]
    alpha_2016: float | None = None

    @property
    def mean_f1_exact(self) -> float | None:
        return _mean(p.f1_exact for p in self.pairs)

    @property
    def mean_f1_overlap(self) -> float | None:
        return _mean(p.f1_overlap for p in self.pairs)


@dataclass(frozen=True, slots=True)
class AgreementReport:
    authors: tuple[str, ...]
    documents: int
    overall: GroupScore
    by_label: tuple[GroupScore, ...]
    by_document: tuple[GroupScore, ...]
    notes: tuple[str, ...]


def _mean(values: Iterable[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return sum(present) / len(present) if present else None


# ---------------------------------------------------------------------------------------------
# Krippendorff's unitized alpha


def merge(spans: Iterable[Span]) -> list[Span]:
    """Sorted spans with overlapping ones joined (an author's units may not overlap)."""
    out: list[Span] = []
    for start, end in sorted(spans):
        if out and start < out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def segments(units: Sequence[Span], length: int) -> list[tuple[int, int, bool]]:
    """``units`` (merged, sorted) and the gaps between them, covering ``[0, length)``."""
    out: list[tuple[int, int, bool]] = []
    pos = 0
    for start, end in units:
        if start > pos:
            out.append((pos, start, False))
        out.append((start, end, True))
        pos = end
    if pos < length:
        out.append((pos, length, False))
    return out


def distance(a: tuple[int, int, bool], b: tuple[int, int, bool]) -> int:
    """Krippendorff's squared distance between two segments of different coders."""
    (b1, e1, unit1), (b2, e2, unit2) = a, b
    if unit1 and unit2:
        return (b1 - b2) ** 2 + (e1 - e2) ** 2 if b1 < e2 and b2 < e1 else 0
    if unit1 and not unit2:
        return (e1 - b1) ** 2 if b2 <= b1 and e1 <= e2 else 0
    if unit2 and not unit1:
        return (e2 - b2) ** 2 if b1 <= b2 and e2 <= e1 else 0
    return 0


def observed(coders: Sequence[Sequence[Span]], length: int) -> int:
    """Sum of squared distances over ordered pairs of coders and their overlapping segments."""
    segs = [segments(units, length) for units in coders]
    total = 0
    for i, j in itertools.combinations(range(len(segs)), 2):
        a, b = segs[i], segs[j]
        x = y = 0
        while x < len(a) and y < len(b):
            total += distance(a[x], b[y])
            if a[x][1] <= b[y][1]:
                x += 1
            else:
                y += 1
    return 2 * total


def expected(coders: Sequence[Sequence[Span]], length: int) -> float:
    """Krippendorff's expected disagreement ``uDe`` for one category on one continuum."""
    m = len(coders)
    units = [end - start for spans in coders for start, end in spans]
    if not units or length <= 1:
        return 0.0
    gaps = sorted(
        end - start for spans in coders for start, end, unit in segments(spans, length) if not unit
    )
    tail = [0] * (len(gaps) + 1)  # tail[k] = sum(gaps[k:])
    for k in range(len(gaps) - 1, -1, -1):
        tail[k] = tail[k + 1] + gaps[k]
    n_units = len(units)
    total = 0
    for ln in units:
        within = (n_units - 1) * (ln * (ln - 1) * (2 * ln - 1)) // 3
        k = bisect.bisect_left(gaps, ln)
        fitting = tail[k] - (len(gaps) - k) * (ln - 1)  # sum over gaps >= ln of (gap - ln + 1)
        total += within + ln * ln * fitting
    denominator = m * length * (m * length - 1) - sum(ln * (ln - 1) for ln in units)
    if denominator <= 0:
        return 0.0
    return (2 / length) * total / denominator


def alpha_parts(coders: Sequence[Sequence[Span]], length: int) -> tuple[float, float]:
    """``(observed, expected)`` disagreement for one category, both scaled by
    ``m(m-1)L^2`` so they can be added across documents and categories."""
    m = len(coders)
    merged = [merge(c) for c in coders]
    scale = m * (m - 1) * length * length
    return float(observed(merged, length)), expected(merged, length) * scale


def unitized_alpha(coders: Sequence[Sequence[Span]], length: int) -> float | None:
    """Krippendorff's unitized alpha for one category on one continuum (``None`` when no
    coder marked anything, so there is nothing to agree on)."""
    o, e = alpha_parts(coders, length)
    return None if e == 0 else 1 - o / e


# ---------------------------------------------------------------------------------------------
# Alpha 2016: the coincidence-matrix form


@dataclass(frozen=True, slots=True)
class Coincidences:
    """The binary unitizing coincidence matrix (gap/span by gap/span, in characters, each
    pair of authors divided by ``m - 1``) and ``C``, the self-pairing correction."""

    gap_gap: float = 0.0
    gap_span: float = 0.0  # gap of one author against span of the other (and vice versa)
    span_span: float = 0.0
    correction: float = 0.0

    def __add__(self, other: Coincidences) -> Coincidences:
        return Coincidences(
            self.gap_gap + other.gap_gap,
            self.gap_span + other.gap_span,
            self.span_span + other.span_span,
            self.correction + other.correction,
        )

    @property
    def alpha(self) -> float | None:
        """``1 - observed / expected``; ``None`` when nobody marked anything (or everything)."""
        n_gap = self.gap_gap + self.gap_span / 2
        n_span = self.span_span + self.gap_span / 2
        total = n_gap + n_span
        if total <= 0:
            return None
        denominator = total - self.correction / total
        expected = 2 * n_gap * n_span / denominator if denominator > 0 else 0.0
        if expected <= 0:
            return None
        return 1 - self.gap_span / expected


def coincidences(coders: Sequence[Sequence[Span]], length: int) -> Coincidences:
    """The coincidences of one label's spans on one document (see :class:`Coincidences`)."""
    m = len(coders)
    if m < 2 or length <= 0:
        return Coincidences()
    segs = [segments(merge(c), length) for c in coders]
    counts = [0, 0, 0]  # gap-gap, gap-span (both orders), span-span, over ordered pairs
    for i, j in itertools.combinations(range(m), 2):
        a, b = segs[i], segs[j]
        x = y = 0
        while x < len(a) and y < len(b):
            (s1, e1, u1), (s2, e2, u2) = a[x], b[y]
            overlap = min(e1, e2) - max(s1, s2)
            if overlap > 0:
                counts[int(u1) + int(u2)] += 2 * overlap  # (i, j) and (j, i)
            if e1 <= e2:
                x += 1
            else:
                y += 1
    correction = sum((e - s) ** 2 if unit else e - s for sg in segs for s, e, unit in sg)
    return Coincidences(
        counts[0] / (m - 1), counts[1] / (m - 1), counts[2] / (m - 1), float(correction)
    )


def alpha_2016(coders: Sequence[Sequence[Span]], length: int) -> float | None:
    """Krippendorff et al.'s (2016) binary unitizing alpha for one label on one document."""
    return coincidences(coders, length).alpha


# ---------------------------------------------------------------------------------------------
# F1


def f1_scores(
    first: Sequence[tuple[str, int, int, str]], second: Sequence[tuple[str, int, int, str]]
) -> tuple[float | None, float | None]:
    """``(exact, overlap)`` F1 between two authors' spans ``(doc, start, end, label)``."""
    if not first and not second:
        return None, None
    if not first or not second:
        return 0.0, 0.0
    a, b = set(first), set(second)
    exact = 2 * len(a & b) / (len(a) + len(b))
    precision = sum(_overlaps(s, a) for s in b) / len(b)
    recall = sum(_overlaps(s, b) for s in a) / len(a)
    overlap = 0.0 if precision + recall == 0 else 2 * precision * recall / (precision + recall)
    return exact, overlap


def _overlaps(span: tuple[str, int, int, str], others: set[tuple[str, int, int, str]]) -> bool:
    doc, start, end, label = span
    return any(d == doc and lb == label and s < end and start < e for d, s, e, lb in others)


# ---------------------------------------------------------------------------------------------
# Report


def agreement(
    annotations: Iterable[Annotation],
    lengths: Mapping[str, int],
    *,
    label: str | None = None,
) -> AgreementReport:
    """Agreement among the authors of ``annotations``; ``lengths`` maps document ids to text
    lengths (the continuum for alpha). ``label`` restricts the figures to one label."""
    anns = list(annotations)
    notes: list[str] = []
    coders_of: dict[str, set[str]] = defaultdict(set)
    titles: dict[str, str] = {}
    for ann in anns:
        coders_of[ann.doc].add(ann.author)
        titles.setdefault(ann.doc, ann.doc_title or ann.doc_path or ann.doc)
    shared = sorted(d for d, authors in coders_of.items() if len(authors) >= 2)
    spans: dict[tuple[str, str, str], list[Span]] = defaultdict(list)  # (doc, label, author)
    doc_length: dict[str, int] = {}
    for doc in shared:
        known = lengths.get(doc)
        last = max(a.end for a in anns if a.doc == doc)
        if known is None:
            notes.append(f"length of {titles[doc]!r} unknown: alpha uses its last tagged offset")
            known = last
        elif last > known:
            notes.append(f"{titles[doc]!r}: tags past its known length; clipped")
        doc_length[doc] = known
    for ann in anns:
        if ann.doc in doc_length and (label is None or ann.label == label):
            end = min(ann.end, doc_length[ann.doc])
            if ann.start < end:
                spans[(ann.doc, ann.label, ann.author)].append((ann.start, end))
    labels = sorted({lb for _, lb, _ in spans} | ({label} if label else set()))
    all_authors = tuple(sorted({a for d in shared for a in coders_of[d]}))

    def group(key: str, title: str, docs: Sequence[str], cats: Sequence[str]) -> GroupScore:
        # Only documents where one of ``cats`` was used are compared (elsewhere no author found
        # any: nothing to agree on), so only they are counted; the figures are the same.
        docs = [d for d in docs if any(spans.get((d, c, a)) for c in cats for a in coders_of[d])]
        o_sum = e_sum = 0.0
        pooled = Coincidences()
        count = 0
        for doc in docs:
            coders = sorted(coders_of[doc])
            for cat in cats:
                units = [spans.get((doc, cat, c), []) for c in coders]
                count += sum(len(u) for u in units)
                o, e = alpha_parts(units, doc_length[doc])
                o_sum, e_sum = o_sum + o, e_sum + e
                pooled = pooled + coincidences(units, doc_length[doc])
        authors = sorted({a for d in docs for a in coders_of[d]})
        pairs = []
        for first, second in itertools.combinations(authors, 2):
            both = [d for d in docs if {first, second} <= coders_of[d]]
            if not both:
                continue
            a = [(d, s, e, c) for d in both for c in cats for s, e in spans.get((d, c, first), [])]
            b = [(d, s, e, c) for d in both for c in cats for s, e in spans.get((d, c, second), [])]
            exact, overlap = f1_scores(a, b)
            pairs.append(PairScore(first, second, len(both), len(a), len(b), exact, overlap))
        alpha = None if e_sum == 0 else 1 - o_sum / e_sum
        return GroupScore(
            key, title, tuple(authors), len(docs), count, alpha, tuple(pairs), pooled.alpha
        )

    by_label = tuple(group(c, c, shared, [c]) for c in labels)
    by_doc = tuple(g for d in shared if (g := group(d, titles[d], [d], labels)).documents)
    overall = group(label or "all labels", label or "all labels", shared, labels)
    if not shared:
        notes.append("no document was tagged by two or more authors")
    return AgreementReport(all_authors, len(shared), overall, by_label, by_doc, tuple(notes))
