"""Finding a tagged span again after the article's text changed (pure functions, no I/O).

The rule: a tag lands on its own text (as edited) in its own context, or it is orphaned. A
lookalike elsewhere, the same quote in another sentence, never wins on the quote alone, and
where two places are equally good, neither is guessed.

1. **The document's change, when the text at tagging time is known** (``old_text``): a diff of
   old and new text (:func:`diff`) carries the tag's boundaries across the edit. Nothing is
   searched: the span is wherever its own characters went, or nowhere (deleted: orphaned,
   however many lookalikes remain). The diff is a longest common subsequence of words, and
   such a diff also pairs text by chance (a word of a deleted sentence with the same word
   further on) and, where text repeats, cannot say which copy is the original. So: an
   equality no longer than the changes either side of it is not trusted (diff-match-patch's
   semantic clean-up); each plain deletion or insertion goes where its edges fall best;
   and a tag is orphaned when its text is *unsure*: an equally good place for an edit would
   take it, the diff found backwards (which prefers the other copy on a tie) puts it
   elsewhere or keeps other text where it was put, or the change beside its equal stretch
   holds a copy of it. A placement keeps its word edges and must be in the tag's own
   context: each side either has the tag's old neighbour beside it (text inserted between,
   or text between deleted, is allowed) or keeps enough of the stored context's words (as
   in 2). The same quote there is ``exact`` (same offsets) or ``moved``; an edited quote still
   like the original (:data:`MIN_SIMILARITY`) is ``fuzzy``.
2. **Otherwise, by quote and context** (``prefix``/``suffix``, 32 characters each side): each
   exact occurrence of the quote is scored by how much of the stored context surrounds it (the
   share of the context's words, weighted by length, whatever their case, found in order on
   each side at about the same distance from the quote). A whole word must still be a whole
   word there. One is taken only if both sides keep some of their words (:data:`MIN_SIDE`)
   and on average enough (:data:`MIN_CONTEXT`): how often the quote occurs does not matter.
   The best context wins; if two are as good (:data:`TIE`), the one at the stored offset, or
   none (orphaned).
3. **An edited quote in its own context**: the stored ``prefix + quote + suffix`` is aligned
   (rapidfuzz) with the text, the alignment is diffed as in 1, and the quote's boundaries are
   carried across; the result must be like the quote and pass the same context test, each
   side keeping as much as both together must (the quote is no evidence now), and no other
   place may align as well and pass too. That is ``fuzzy``: placed, highlighted, and
   said so.

Anything else is ``orphaned``: kept and listed, never dropped, never guessed. Boundaries that
were at word edges stay at word edges. Nothing here changes the stored quote, prefix or suffix.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz
from rapidfuzz.distance import Indel

from newsreader.store.model import PlacementStatus

CONTEXT = 32  # characters of prefix/suffix stored with each annotation
SLACK = 16  # how far a context word may have shifted (text inserted or deleted beside a tag)
MIN_SIDE = 0.34  # each side of a candidate keeps at least this share of its context's words
MIN_CONTEXT = 0.6  # and both sides together, on average, this share
TIE = 0.01  # context scores this close are equally good: two such occurrences, no placement
MIN_SIMILARITY = 60.0  # rapidfuzz ratio (0-100) of an edited quote to the original
FUZZY_REGION_SCORE = 60.0  # rapidfuzz partial ratio for the region of an edited quote
MAX_CANDIDATES = 10_000
TOKEN_DIFF_LIMIT = 40_000  # characters (old + new) diffed word by word; longer: lines first

_TOKEN = re.compile(r"\w+|\s|[^\w\s]", re.UNICODE)
_WORD = re.compile(r"\w+", re.UNICODE)
_STRAIGHT = str.maketrans("“”„‘’‚", "\"\"\"'''")
Opcodes = tuple[tuple[str, int, int, int, int], ...]


def context(text: str, start: int, end: int) -> tuple[str, str, str]:
    """``(prefix, quote, suffix)`` for ``text[start:end]``."""
    return text[max(0, start - CONTEXT) : start], text[start:end], text[end : end + CONTEXT]


def locate(
    text: str,
    quote: str,
    prefix: str,
    suffix: str,
    start: int,
    end: int,
    *,
    old_text: str | None = None,
) -> tuple[int, int, PlacementStatus]:
    """Where ``quote`` (tagged at ``[start, end)``) is in ``text`` now, and how it was found.

    ``old_text`` is the document's text when it was tagged, if known: then the diff of old and
    new text decides (see the module docstring), and nothing is searched.
    """
    if not quote:
        return _clamp(text, start, end)
    if old_text is not None and old_text[start:end] == quote:
        return _through_diff(old_text, text, quote, prefix, suffix, start, end)
    ranked = sorted(candidates(text, quote, prefix, suffix), key=lambda c: -c[1])
    if ranked:  # the quote itself, in enough of its context: the best one
        best = [pos for pos, score in ranked if score >= ranked[0][1] - TIE]
        if start in best:  # as good as any, and where it was: an unchanged stretch before it
            return start, end, "exact"
        if len(best) > 1:  # two as good as each other: which is the tag's cannot be told
            return _clamp(text, start, end)
        return best[0], best[0] + len(quote), "moved"
    edited = _edited(text, quote, prefix, suffix)
    if edited is not None:
        return edited[0], edited[1], "fuzzy"
    return _clamp(text, start, end)


def _clamp(text: str, start: int, end: int) -> tuple[int, int, PlacementStatus]:
    n = len(text)
    s = min(max(start, 0), n)
    return s, min(max(end, s), n), "orphaned"


# ---------------------------------------------------------------------------------------------
# 1. Through the document's change


def _through_diff(
    old: str, new: str, quote: str, prefix: str, suffix: str, start: int, end: int
) -> tuple[int, int, PlacementStatus]:
    change = diff(old, new)
    s, e = _carry(old, new, change.ops, start, end)
    if any(a < end and b > start for a, b in change.unsure):
        return _clamp(new, s, e)  # an edit could as well have taken its text as left it
    here = _place(old, new, change.ops, start, end)
    there = _place(old, new, change.back, start, end)
    if here is None and there is None:
        return _clamp(new, s, e)
    if here is not None and there is not None and here != there:
        return _clamp(new, s, e)  # it is one of two copies, and which cannot be told
    s, e = here or there or (s, e)
    if (here is None or there is None) and _taken(
        old, change.ops if here is None else change.back, start, end, s, e
    ):
        return _clamp(new, s, e)  # the other diff keeps other text there: a lookalike
    placed = new[s:e]
    if placed == quote:
        status: PlacementStatus = "exact" if s == start else "moved"
    elif fuzz.ratio(quote, placed) >= MIN_SIMILARITY:
        status = "fuzzy"
    else:
        return _clamp(new, s, e)
    ops = change.ops if here is not None else change.back
    kept = (
        _neighbour_kept(old, new, ops, start, s, -1),
        _neighbour_kept(old, new, ops, end, e, 1),
    )
    if _context_score(new, placed, prefix, suffix, s, alone=True, kept=kept) is None:
        return _clamp(new, s, e)  # its context is not there: the diff's match may be chance
    return s, e, status


def _neighbour_kept(old: str, new: str, ops: Opcodes, edge: int, to: int, step: int) -> bool:
    """Whether the placement's edge ``to`` in the new text has the tag's own neighbourhood
    beside it, through ``ops``: the tag's nearest neighbour in ``old`` (the first character
    other than a space before ``edge``, ``step`` -1, or from ``edge`` on, 1) is the nearest old
    text beside it (text inserted between is passed over: it is not the tag's, and it is not
    another's); or what was between the tag and the old text now beside it was deleted, and
    nothing put in its place."""
    p = _beside(old, edge, step)
    if p is not None and abs(p - edge) > CONTEXT:
        return False
    inserted = False
    k = bisect_right(ops, to, key=lambda op: op[3]) - 1  # the last piece starting at or before
    if step > 0 and (k < 0 or ops[k][4] <= to):
        k += 1
    while 0 <= k < len(ops):
        tag, i1, i2, j1, j2 = ops[k]
        k += step
        if tag != "equal":
            lo, hi = (j1, min(j2, to)) if step < 0 else (max(j1, to), j2)
            inserted = inserted or bool(new[lo:hi].strip())
            continue
        lo, hi = (i1, i1 + min(j2, to) - j1) if step < 0 else (i1 + max(j1, to) - j1, i2)
        q = hi - 1 if step < 0 else lo
        while lo <= q < hi and old[q].isspace():
            q += step
        if lo <= q < hi:
            if q == p:
                return True
            between = (q + 1, edge) if step < 0 else (edge, q)
            return not inserted and (q < edge) == (step < 0) and _only_deleted(old, ops, *between)
    between = (0, edge) if step < 0 else (edge, len(old))
    return not inserted and _only_deleted(old, ops, *between)


def _only_deleted(old: str, ops: Opcodes, lo: int, hi: int) -> bool:
    """Whether every character of ``old[lo:hi]`` other than a space is deleted by ``ops``
    (not kept, not replaced)."""
    k = max(0, bisect_right(ops, lo, key=lambda op: op[1]) - 1)
    while k < len(ops) and ops[k][1] < hi:
        tag, i1, i2, _, _ = ops[k]
        k += 1
        if tag != "delete" and old[max(i1, lo) : min(i2, hi)].strip():
            return False
    return True


def _beside(text: str, edge: int, step: int) -> int | None:
    """The offset of the first character other than a space before ``edge`` (``step`` -1)
    or from it on (1)."""
    at = edge - 1 if step < 0 else edge
    while 0 <= at < len(text) and text[at].isspace():
        at += step
    return at if 0 <= at < len(text) else None


def _place(old: str, new: str, ops: Opcodes, start: int, end: int) -> tuple[int, int] | None:
    """``[start, end)`` of ``old`` carried through ``ops``, with its word edges kept, or
    ``None`` if nothing of it is left."""
    s, e = _carry(old, new, ops, start, end)
    s, e = _word_edges(old, start, end, new, s, e)
    if e <= s or not _same_edges(old, start, end, new, s, e):
        return None
    return s, e


def _taken(old: str, ops: Opcodes, start: int, end: int, s: int, e: int) -> bool:
    """Whether ``ops`` keeps old text other than ``[start, end)`` (more than spaces) at
    ``[s, e)`` of the new text."""
    for tag, i1, _, j1, j2 in ops:
        if tag != "equal" or j2 <= s or j1 >= e:
            continue
        lo, hi = i1 + max(s, j1) - j1, i1 + min(e, j2) - j1
        if old[lo : min(hi, start)].strip() or old[max(lo, end) : hi].strip():
            return True
    return False


def _same_edges(old: str, start: int, end: int, new: str, s: int, e: int) -> bool:
    """Whether each boundary is at a word edge in ``new`` if it was in ``old``."""
    return (not _at_edge(old, start) or _at_edge(new, s)) and (
        not _at_edge(old, end) or _at_edge(new, e)
    )


@dataclass(frozen=True, slots=True)
class Change:
    """How ``old`` became ``new``: difflib-style character opcodes found forwards (``ops``)
    and backwards (``back``), two diffs as good as each other that, where the text repeats
    itself, take opposite copies for the original; and the stretches of ``old`` (half-open
    offsets) that an edit could equally well have taken or left (``unsure``)."""

    ops: Opcodes
    back: Opcodes
    unsure: tuple[tuple[int, int], ...] = ()


@lru_cache(maxsize=16)
def diff(old: str, new: str) -> Change:
    """How ``old`` became ``new``: character opcodes (as difflib's) and what is unsure.

    A longest common subsequence, cleaned of matches by chance (:func:`_cleanup`), with each
    plain deletion or insertion where its edges fall best (:func:`_slide`); once forwards
    and once backwards, which on a tie prefer opposite copies of repeated text. Unsure: what
    an equally good place for an edit would take (:func:`_slide`), and the edges of equal
    stretches that the change beside them holds a copy of (:func:`_pairable`).
    """
    n, m = len(old), len(new)
    ahead = _slide(old, new, _cleanup(old, new, _lcs(old, new)))
    mirrored = [
        (t, n - i2, n - i1, m - j2, m - j1) for t, i1, i2, j1, j2 in _lcs(old[::-1], new[::-1])
    ]
    back = _slide(old, new, _cleanup(old, new, mirrored[::-1]))
    unsure = ahead.unsure + back.unsure + _pairable(old, new, ahead.ops)
    return Change(ahead.ops, back.ops, tuple(sorted(set(unsure))))


def _pairable(old: str, new: str, ops: Opcodes) -> tuple[tuple[int, int], ...]:
    """The words at the edges of equal stretches that the rewritten text beside them also holds
    (in the old text or the new): the diff could as well have paired them with that copy and
    deleted these ("in Nagorno-Karabakh. ... both Nagorno-Karabakh and Turkey." less the
    second sentence keeps, to a diff, either "Nagorno-Karabakh"). An equal stretch runs on
    across changes of spaces only (lines re-wrapped, blank lines collapsed)."""
    spaces = [
        t != "equal" and not (old[i1:i2].strip() or new[j1:j2].strip()) for t, i1, i2, j1, j2 in ops
    ]
    real = [t != "equal" and not only for (t, *_), only in zip(ops, spaces, strict=True)]
    # Beside a plain deletion or insertion the other pairings are its slides (_slide).
    rewrites = [t == "replace" and r for (t, *_), r in zip(ops, real, strict=True)]
    out: list[tuple[int, int]] = []
    for k, (tag, *_) in enumerate(ops):
        if tag != "equal":
            continue
        for side in (-1, 1):
            c = k + side  # the change beside, before (-1) or after (1)
            if not (0 <= c < len(ops) and rewrites[c]):
                continue
            m = k  # the far end of the run, across changes of spaces only
            while 0 <= m - side < len(ops) and not real[m - side]:
                m -= side
            lo, hi = (ops[k][1], ops[m][2]) if side < 0 else (ops[m][1], ops[k][2])
            _, a0, a1, b0, b1 = ops[c]
            room = 2 * max(a1 - a0, b1 - b0) + 64  # no copy is longer than where it is found
            lo, hi = (lo, min(hi, lo + room)) if side < 0 else (max(lo, hi - room), hi)
            places = (_words_of(old, a0, a1)[0], _words_of(new, b0, b1)[0])
            cut = _copied_edge(old, lo, hi, side, places)
            span = (lo, cut) if side < 0 else (cut, hi)
            if old[span[0] : span[1]].strip():
                out.append(span)
    return tuple(out)


def _words_of(text: str, lo: int, hi: int) -> tuple[str, list[tuple[int, int]]]:
    """The words and marks of ``text[lo:hi]`` (spaces left out), each framed by NUL characters
    so that a run of them is found whole, and their offsets."""
    found = [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text, lo, hi)]
    found = [f for f in found if not f[0].isspace()]
    return "\0" + "\0".join(w for w, _, _ in found) + "\0", [(a, b) for _, a, b in found]


def _copied_edge(old: str, lo: int, hi: int, side: int, places: tuple[str, ...]) -> int:
    """Where the longest run of whole words of ``old[lo:hi]`` from its beginning (``side``
    -1: the offset it ends at) or back from its end (1: where it begins) that occurs in one of
    ``places`` (:func:`_words_of`) stops; ``lo`` (or ``hi``) if none does. Spaces between the
    words do not count."""
    _, spans = _words_of(old, lo, hi)
    words = [old[a:b] for a, b in spans]
    if side > 0:
        words, spans = words[::-1], spans[::-1]
    best, first, last = 0, 1, len(words)  # a run that occurs has shorter ones that do
    while first <= last:
        mid = (first + last) // 2
        run = words[:mid] if side < 0 else words[:mid][::-1]
        if any("\0" + "\0".join(run) + "\0" in place for place in places):
            best, first = mid, mid + 1
        else:
            last = mid - 1
    if not best:
        return lo if side < 0 else hi
    return spans[best - 1][1] if side < 0 else spans[best - 1][0]


def _lcs(old: str, new: str) -> list[tuple[str, int, int, int, int]]:
    """Opcodes of a longest common subsequence of ``old`` and ``new``'s words.

    The common beginning and end (whole words) are set aside; what lies between is diffed by
    words, spaces and punctuation, or, when that is long (:data:`TOKEN_DIFF_LIMIT`), by lines
    first and then by words inside each changed run of lines that is short enough.
    """
    head = 0
    limit = min(len(old), len(new))
    while head < limit and old[head] == new[head]:
        head += 1
    while head and _mid_word(old, new, head):
        head -= 1  # set aside whole words only, so that the words in between are diffed whole
    tail = 0
    while tail < limit - head and old[-1 - tail] == new[-1 - tail]:
        tail += 1
    while tail and _mid_word(old, new, len(old) - tail, len(new) - tail):
        tail -= 1
    ops: list[tuple[str, int, int, int, int]] = []
    if head:
        ops.append(("equal", 0, head, 0, head))
    a_end, b_end = len(old) - tail, len(new) - tail
    if a_end - head + b_end - head <= TOKEN_DIFF_LIMIT:
        ops += _diff_tokens(old, new, head, a_end, head, b_end)
    else:
        la, lb = old[head:a_end].splitlines(keepends=True), new[head:b_end].splitlines(True)
        pa, pb = _offsets(la, head), _offsets(lb, head)
        for tag, i1, i2, j1, j2 in _opcodes(la, lb):
            a0, a1, b0, b1 = pa[i1], pa[i2], pb[j1], pb[j2]
            if tag == "replace" and a1 - a0 + b1 - b0 <= TOKEN_DIFF_LIMIT:
                ops += _diff_tokens(old, new, a0, a1, b0, b1)
            else:
                ops.append((tag, a0, a1, b0, b1))
    if tail:
        ops.append(("equal", a_end, len(old), b_end, len(new)))
    return ops


def _cleanup(old: str, new: str, ops: Sequence[tuple[str, int, int, int, int]]) -> Opcodes:
    """A longest common subsequence also matches text by coincidence: a word of a deleted
    sentence is "kept" by pairing it with the same word further on, when that costs the diff
    nothing. Such an equality is short between larger changes; as in diff-match-patch's
    semantic clean-up (Neil Fraser, "Diff Strategies"), every equality no longer than the
    change on each side of it is made part of the change, until none is left. The common
    beginning and end (whole words) of each change are then equal again, and kept where they
    are: next to the text they were next to."""
    # Blocks [a0, a1, b0, b1], equalities and changes alternating (``same`` says which).
    blocks: list[list[int]] = []
    same: list[bool] = []
    for tag, i1, i2, j1, j2 in ops:
        if i1 == i2 and j1 == j2:
            continue
        if same and same[-1] == (tag == "equal"):
            blocks[-1][1], blocks[-1][3] = i2, j2
        else:
            blocks.append([i1, i2, j1, j2])
            same.append(tag == "equal")
        while len(blocks) >= 3 and not same[-1] and _coincidence(*blocks[-3:]):
            blocks[-3][1], blocks[-3][3] = blocks[-1][1], blocks[-1][3]
            del blocks[-2:], same[-2:]
    out: list[tuple[str, int, int, int, int]] = []
    for equal, (a0, a1, b0, b1) in zip(same, blocks, strict=True):
        if equal:
            _equal(out, a0, a1, b0, b1)
            continue
        head = _common(old, new, a0, a1, b0, b1, 1)
        tail = _common(old, new, a1 - 1, a0 + head - 1, b1 - 1, b0 + head - 1, -1)
        if head:
            _equal(out, a0, a0 + head, b0, b0 + head)
        a0, b0, a1, b1 = a0 + head, b0 + head, a1 - tail, b1 - tail
        tag = "replace" if a1 > a0 and b1 > b0 else "delete" if a1 > a0 else "insert"
        if a1 > a0 or b1 > b0:
            out.append((tag, a0, a1, b0, b1))
        if tail:
            _equal(out, a1, a1 + tail, b1, b1 + tail)
    return tuple(out)


def _coincidence(before: list[int], equal: list[int], after: list[int]) -> bool:
    """Whether an equality between two changes is no longer than either of them."""
    size = equal[1] - equal[0]
    return size <= max(before[1] - before[0], before[3] - before[2]) and size <= max(
        after[1] - after[0], after[3] - after[2]
    )


def _common(old: str, new: str, a: int, a_stop: int, b: int, b_stop: int, step: int) -> int:
    """How many characters from ``old[a]`` and ``new[b]`` on (``step`` 1) or back (-1) are
    the same, up to the stops, cut back to a word edge in both texts."""
    n = 0
    while a != a_stop and b != b_stop and old[a] == new[b]:
        n, a, b = n + 1, a + step, b + step
    back = 1 if step == -1 else 0  # going back, the cut is after the last character compared
    while n and not (_at_edge(old, a + back) and _at_edge(new, b + back)):
        n, a, b = n - 1, a - step, b - step
    return n


def _equal(out: list[tuple[str, int, int, int, int]], a0: int, a1: int, b0: int, b1: int) -> None:
    if out and out[-1][0] == "equal" and out[-1][2] == a0:
        out[-1] = ("equal", out[-1][1], a1, out[-1][3], b1)
    else:
        out.append(("equal", a0, a1, b0, b1))


def _slide(old: str, new: str, ops: Opcodes) -> Change:
    """Each text only deleted or only inserted between two equal stretches can often be put
    a little earlier or later for the same diff ("x A y A" less "A y " or " y A"). Each goes
    where its edges fall best (diff-match-patch's scores: a blank line, a line break, the end of
    a sentence, a space, a mark), and where several places are equally good, the characters
    they disagree on are ``unsure``: which copy is the original cannot be told."""
    tags = [op[0] for op in ops]
    at = [list(op[1:]) for op in ops]  # [a0, a1, b0, b1] of each, moved as edits slide
    unsure: list[tuple[int, int]] = []
    for k, tag in enumerate(tags):
        if tag not in ("insert", "delete"):
            continue
        prev = at[k - 1] if k and tags[k - 1] == "equal" else None
        nxt = at[k + 1] if k + 1 < len(at) and tags[k + 1] == "equal" else None
        side = 0 if tag == "delete" else 2  # where this edit's text is: old or new
        text, lo, hi = (old, new)[side // 2], at[k][side], at[k][side + 1]
        floor = prev[side] if prev else lo
        ceiling = nxt[side + 1] if nxt else hi
        left = 0
        while lo - left > floor and text[lo - left - 1] == text[hi - left - 1]:
            left += 1
        right = 0
        while hi + right < ceiling and text[lo + right] == text[hi + right]:
            right += 1
        if not (left or right):
            continue
        scores = [
            _cut_score(text, lo + d) + _cut_score(text, hi + d) for d in range(-left, right + 1)
        ]
        best = [d - left for d, score in enumerate(scores) if score == max(scores)]
        if len(best) > 1:
            a0, a1 = at[k][0], at[k][1]  # the old text deleted, or the old offset inserted at
            spans = [(a0 + best[0], a0 + best[-1])]
            if tag == "delete":
                spans.append((a1 + best[0], a1 + best[-1]))
            unsure += [(a, b) for a, b in spans if old[a:b].strip()]
        d = min(best, key=abs)
        if prev:
            prev[1] += d
            prev[3] += d
        if nxt:
            nxt[0] += d
            nxt[2] += d
        at[k] = [x + d for x in at[k]]
    kept = tuple(
        (tag, a0, a1, b0, b1)
        for tag, (a0, a1, b0, b1) in zip(tags, at, strict=True)
        if a1 > a0 or b1 > b0
    )
    return Change(kept, kept, tuple(unsure))


def _cut_score(text: str, at: int) -> int:
    """How good a place ``at`` is for an edit to begin or end (diff-match-patch's semantic
    score, 0-6): the edge of the text, a blank line, a line break, a sentence's end, a space,
    a punctuation mark, inside a word."""
    if at <= 0 or at >= len(text):
        return 6
    one, two = text[at - 1], text[at]
    if text[max(0, at - 2) : at] == "\n\n" or text[at : at + 2] == "\n\n":
        return 5
    if one == "\n" or two == "\n":
        return 4
    if not one.isalnum() and not one.isspace() and two.isspace():
        return 3
    if one.isspace() or two.isspace():
        return 2
    if not one.isalnum() or not two.isalnum():
        return 1
    return 0


def _diff_tokens(
    old: str, new: str, a0: int, a1: int, b0: int, b1: int
) -> list[tuple[str, int, int, int, int]]:
    """Opcodes for ``old[a0:a1]`` against ``new[b0:b1]``, by words, spaces and punctuation."""
    if a0 == a1 and b0 == b1:
        return []
    ta, tb = _TOKEN.findall(old, a0, a1), _TOKEN.findall(new, b0, b1)
    pa, pb = _offsets(ta, a0), _offsets(tb, b0)
    return [(t, pa[i1], pa[i2], pb[j1], pb[j2]) for t, i1, i2, j1, j2 in _opcodes(ta, tb)]


def _opcodes(a: Sequence[str], b: Sequence[str]) -> list[tuple[str, int, int, int, int]]:
    """difflib-style opcodes of a longest-common-subsequence diff (rapidfuzz's bit-parallel
    ``Indel``, in C: difflib's matcher is quadratic on repetitive text), with each run of
    deletions and insertions between two equal stretches joined into one ``replace``."""
    out: list[tuple[str, int, int, int, int]] = []
    for op in Indel.opcodes(a, b):
        tag, i1, i2, j1, j2 = op.tag, op.src_start, op.src_end, op.dest_start, op.dest_end
        if tag != "equal" and out and out[-1][0] != "equal":
            _, pi1, _, pj1, _ = out.pop()
            tag = "replace" if (i2 > pi1 and j2 > pj1) else tag
            i1, j1 = pi1, pj1
        out.append((tag, i1, i2, j1, j2))
    return out


def _mid_word(old: str, new: str, at_old: int, at_new: int | None = None) -> bool:
    """Whether a cut at ``at_old`` / ``at_new`` falls inside a word of either text."""
    return not (_at_edge(old, at_old) and _at_edge(new, at_old if at_new is None else at_new))


def _offsets(tokens: Sequence[str], base: int) -> list[int]:
    out = [base]
    for token in tokens:
        out.append(out[-1] + len(token))
    return out


def _carry(old: str, new: str, ops: Opcodes, start: int, end: int) -> tuple[int, int]:
    """``[start, end)`` of ``old``, carried through ``ops`` to ``new``.

    Each edge is anchored on the first (last) of the tag's characters that are still there,
    or on a replacement like what it replaced (a changed figure, a corrected word). Text
    inserted at an edge, or replacing the tag's edge by something unlike it, stays outside: a
    diff cannot tell whether that is the tag's text rewritten or other text that moved.
    """
    inside = [op for op in ops if (op[1] < end and op[2] > start) or op[1] == op[2] == start]
    s = e = None
    for tag, i1, i2, j1, j2 in inside:
        if _anchors(old, new, tag, i1, i2, j1, j2, start, end):
            s = j1 + (max(i1, start) - i1) if tag == "equal" else j1
            break
    for tag, i1, i2, j1, j2 in reversed(inside):
        if _anchors(old, new, tag, i1, i2, j1, j2, start, end):
            e = j1 + (min(i2, end) - i1) if tag == "equal" else j2
            break
    if s is None or e is None:
        at = next((j1 for _, i1, _, j1, _ in ops if i1 >= start), ops[-1][4] if ops else 0)
        return at, at
    return s, e


def _anchors(
    old: str, new: str, tag: str, i1: int, i2: int, j1: int, j2: int, start: int, end: int
) -> bool:
    """Whether this piece of the diff can hold an edge of the tag: its own characters, not
    only spaces; or a replacement inside the tag that is like what it replaced."""
    if tag == "equal":
        return not old[max(i1, start) : min(i2, end)].isspace()
    if tag == "replace" and start <= i1 and i2 <= end:
        return fuzz.ratio(old[i1:i2], new[j1:j2]) >= MIN_SIMILARITY
    return False


def _word_edges(old: str, start: int, end: int, new: str, s: int, e: int) -> tuple[int, int]:
    """Boundaries that were at word edges in ``old`` moved to word edges in ``new`` (a diff
    can cut a replaced word in two), and no spaces gained at either end."""
    if _at_edge(old, start) and not _at_edge(new, s):
        while s > 0 and not _at_edge(new, s):
            s -= 1
    if _at_edge(old, end) and not _at_edge(new, e):
        while e < len(new) and not _at_edge(new, e):
            e += 1
    first, last = old[start : start + 1], old[end - 1 : end]
    # A diff cannot tell which of two equal neighbours went ("statement." deleted after
    # "violence."): an edge that was a letter or digit does not start on a space or a mark.
    while s < e and (new[s].isalnum() < first.isalnum() or (new[s].isspace() > first.isspace())):
        s += 1
    while e > s and (
        new[e - 1].isalnum() < last.isalnum() or (new[e - 1].isspace() > last.isspace())
    ):
        e -= 1
    return s, e


def _at_edge(text: str, pos: int) -> bool:
    """Whether ``pos`` is not inside a word."""
    return pos <= 0 or pos >= len(text) or not (text[pos - 1].isalnum() and text[pos].isalnum())


# ---------------------------------------------------------------------------------------------
# 2. The quote, in enough of its context


def candidates(text: str, quote: str, prefix: str, suffix: str) -> list[tuple[int, float]]:
    """The occurrences of ``quote`` in ``text`` in enough of the stored context to be taken,
    with their context scores (0-1). More than one in the text a tag was made on means that
    without that text a tag cannot be told from its twin."""
    found = _occurrences(text, quote)
    alone = len(found) == 1
    out = []
    for pos in found:
        score = _context_score(text, quote, prefix, suffix, pos, alone=alone)
        if score is not None:
            out.append((pos, score))
    return out


def _context_score(
    text: str,
    quote: str,
    prefix: str,
    suffix: str,
    pos: int,
    *,
    alone: bool,
    kept: tuple[bool, bool] = (False, False),
    edited: bool = False,
) -> float | None:
    """How much of the stored context surrounds ``quote`` at ``pos`` (0-1), or ``None`` if
    too little to say that this is the tagged occurrence: each side must keep some of its
    words, and both together enough. A side the diff shows ``kept`` (the tag's own neighbour
    still beside it) counts whole. An ``edited`` quote (found by its context, without the
    quote's own evidence) needs each side to keep as much as both together. Only a tag with no
    context at all (the whole text) is taken without it, if it is ``alone`` (nothing else
    could be it)."""
    end = pos + len(quote)
    # A whole word stays a whole word: "2" of "2,300" is not the "2" of a changed "320".
    if prefix and _at_edge(prefix + quote, len(prefix)) != _at_edge(text, pos):
        return None
    if suffix and _at_edge(quote + suffix, len(quote)) != _at_edge(text, end):
        return None
    before = _side(prefix, text[max(0, pos - len(prefix) - SLACK) : pos], before=True)
    after = _side(suffix, text[end : end + len(suffix) + SLACK], before=False)
    sides = [
        1.0 if whole else score
        for score, whole in ((before, kept[0]), (after, kept[1]))
        if score is not None
    ]
    if not sides:
        return 1.0 if alone else None
    mean = sum(sides) / len(sides)
    if min(sides) >= (MIN_CONTEXT if edited else MIN_SIDE) and mean >= MIN_CONTEXT:
        return mean
    return None


def _side(stored: str, around: str, *, before: bool) -> float | None:
    """Share (0-1) of the stored side's words found, in order and at about the same distance
    from the quote (within :data:`SLACK` characters), in ``around``, whatever their case;
    ``None`` when the stored side holds nothing to compare (the tag was at the start or end of
    the text)."""
    if not stored:
        return None
    words = _placed_words(stored, before=before)
    if len(stored) >= CONTEXT and len(words) > 1:
        words = words[:-1]  # the word cut by the window's far edge
    if not words:  # only spaces or punctuation: its marks must be there, as they were
        marks, there = _marks(stored), _marks(around)
        return 1.0 if (there.endswith(marks) if before else there.startswith(marks)) else 0.0
    found = _weighted_lcs(words, _placed_words(around, before=before))
    return found / sum(len(w) for w, _ in words)


def _marks(side: str) -> str:
    """A side's punctuation, without spaces, with straight quotation marks for curly ones."""
    return "".join(side.split()).translate(_STRAIGHT)


def _placed_words(side: str, *, before: bool) -> list[tuple[str, int]]:
    """The words of one side of a quote (case folded), nearest first, each with its distance
    from the quote."""
    found = [(m.group().casefold(), m.start(), m.end()) for m in _WORD.finditer(side)]
    if before:
        return [(word, len(side) - end) for word, _, end in reversed(found)]
    return [(word, start) for word, start, _ in found]


def _weighted_lcs(a: Sequence[tuple[str, int]], b: Sequence[tuple[str, int]]) -> int:
    """Longest common subsequence of words at compatible distances, each counted by length."""
    row = [0] * (len(b) + 1)
    for word, at in a:
        prev_diag = 0
        for j, (other, there) in enumerate(b, 1):
            keep = row[j]
            if word == other and abs(at - there) <= SLACK:
                row[j] = prev_diag + len(word)
            else:
                row[j] = max(row[j], row[j - 1])
            prev_diag = keep
    return row[-1]


def _occurrences(text: str, quote: str) -> list[int]:
    found: list[int] = []
    pos = text.find(quote)
    while pos >= 0 and len(found) < MAX_CANDIDATES:
        found.append(pos)
        pos = text.find(quote, pos + 1)
    return found


# ---------------------------------------------------------------------------------------------
# 3. The edited quote, between its own prefix and suffix


def _edited(text: str, quote: str, prefix: str, suffix: str) -> tuple[int, int] | None:
    """The edited quote where the stored ``prefix + quote + suffix`` aligns best with the
    text, if it passes there; ``None`` also when another place aligns as well and passes too
    (which of the two is the tag's cannot be told)."""
    if not text or not (prefix or suffix):
        return None
    needle = prefix + quote + suffix
    hit = fuzz.partial_ratio_alignment(needle, text, score_cutoff=FUZZY_REGION_SCORE)
    if hit is None:
        return None
    found = _edited_at(text, quote, prefix, suffix, hit.dest_start, hit.dest_end)
    if found is None:
        return None
    lo, hi = hit.dest_start, hit.dest_end
    masked = text[:lo] + "\0" * (hi - lo) + text[hi:]
    cutoff = max(FUZZY_REGION_SCORE, hit.score - 100 * TIE)
    rival = fuzz.partial_ratio_alignment(needle, masked, score_cutoff=cutoff)
    if rival is not None and _edited_at(
        masked, quote, prefix, suffix, rival.dest_start, rival.dest_end
    ):
        return None
    return found


def _edited_at(
    text: str, quote: str, prefix: str, suffix: str, lo: int, hi: int
) -> tuple[int, int] | None:
    """The edited quote in ``text[lo:hi]`` (where ``prefix + quote + suffix`` aligned), if it
    is like the quote, keeps its word edges and passes the context test there."""
    if hi <= lo:
        return None
    lo, hi = max(0, lo - SLACK), min(len(text), hi + SLACK)
    needle, region = prefix + quote + suffix, text[lo:hi]
    q0, q1 = len(prefix), len(prefix) + len(quote)
    change = diff(needle, region)
    if any(a < q1 and b > q0 for a, b in change.unsure):
        return None
    s, e = _carry(needle, region, change.ops, q0, q1)
    s, e = _word_edges(needle, q0, q1, region, s, e)
    if e <= s or not _same_edges(needle, q0, q1, region, s, e):
        return None
    s, e = s + lo, e + lo
    if fuzz.ratio(quote, text[s:e]) < MIN_SIMILARITY:
        return None
    if _context_score(text, text[s:e], prefix, suffix, s, alone=False, edited=True) is None:
        return None
    return s, e
