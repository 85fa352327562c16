"""Finding a tagged span again after the article's text changed (pure functions, no I/O).

The rule: a tag lands on its own text (as edited) in its own context, or it is orphaned. A
lookalike elsewhere, the same quote in another sentence, never wins on the quote alone.

1. **The document's change, when the text at tagging time is known** (``old_text``): a diff of
   old and new text carries the tag's boundaries across the edit. Nothing is searched: the
   span is wherever its own characters went. The same quote there is ``exact`` (same offsets)
   or ``moved``; an edited quote still like the original (:data:`MIN_SIMILARITY`) is ``fuzzy``;
   a deleted or rewritten one is ``orphaned``.
2. **Otherwise, by quote and context** (``prefix``/``suffix``, 32 characters each side): each
   exact occurrence of the quote is scored by how much of the stored context surrounds it (the
   share of the context's words, weighted by length, found in order on each side at about the
   same distance from the quote). A whole word must still be a whole word there. One is
   taken only if both sides keep some of their words (:data:`MIN_SIDE`) and on average enough
   (:data:`MIN_CONTEXT`); a long quote (:data:`LONG_QUOTE`) that occurs once may keep one side
   only, whole. Among occurrences that pass, the best context wins, then the nearest to the
   stored offset.
3. **An edited quote in its own context**: the stored ``prefix + quote + suffix`` is aligned
   (rapidfuzz) with the text, the alignment is diffed as in 1, and the quote's boundaries are
   carried across; the result must pass the same context test and be like the quote. That is
   ``fuzzy``: placed, highlighted, and said so.

Anything else is ``orphaned``: kept and listed, never dropped, never guessed. Boundaries that
were at word edges stay at word edges. Nothing here changes the stored quote, prefix or suffix.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from rapidfuzz import fuzz
from rapidfuzz.distance import Indel

from newsreader.store.model import PlacementStatus

CONTEXT = 32  # characters of prefix/suffix stored with each annotation
SLACK = 16  # how far a context word may have shifted (text inserted or deleted beside a tag)
MIN_SIDE = 0.34  # each side of a candidate keeps at least this share of its context's words
MIN_CONTEXT = 0.6  # and both sides together, on average, this share
LONG_QUOTE = 20  # a quote this long occurring once may rely on one side's whole context
MIN_SIMILARITY = 60.0  # rapidfuzz ratio (0-100) of an edited quote to the original
FUZZY_REGION_SCORE = 60.0  # rapidfuzz partial ratio for the region of an edited quote
MAX_CANDIDATES = 10_000
TOKEN_DIFF_LIMIT = 40_000  # characters (old + new) diffed word by word; longer: lines first

_TOKEN = re.compile(r"\w+|\s|[^\w\s]", re.UNICODE)
_WORD = re.compile(r"\w+", re.UNICODE)
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
        return _through_diff(old_text, text, quote, start, end)
    if text[start:end] == quote and _accepts(text, quote, prefix, suffix, start, unique=False):
        return start, end, "exact"
    found = _exact(text, quote, prefix, suffix, start)
    if found is not None:
        return found, found + len(quote), "exact" if found == start else "moved"
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
    old: str, new: str, quote: str, start: int, end: int
) -> tuple[int, int, PlacementStatus]:
    s, e = _carry(old, new, diff(old, new), start, end)
    s, e = _word_edges(old, start, end, new, s, e)
    if e <= s:
        return _clamp(new, s, s)
    if new[s:e] == quote:
        return s, e, "exact" if s == start else "moved"
    if fuzz.ratio(quote, new[s:e]) >= MIN_SIMILARITY:
        return s, e, "fuzzy"
    return _clamp(new, s, e)


@lru_cache(maxsize=16)
def diff(old: str, new: str) -> Opcodes:
    """Character opcodes (as difflib's) turning ``old`` into ``new``.

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
    return tuple(ops)


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
    unique = len(found) == 1
    out = []
    for pos in found:
        score = _context_score(text, quote, prefix, suffix, pos, unique=unique)
        if score is not None:
            out.append((pos, score))
    return out


def _exact(text: str, quote: str, prefix: str, suffix: str, start: int) -> int | None:
    best = max(
        candidates(text, quote, prefix, suffix),
        key=lambda c: (round(c[1], 2), -abs(c[0] - start)),
        default=None,
    )
    return None if best is None else best[0]


def _accepts(text: str, quote: str, prefix: str, suffix: str, pos: int, *, unique: bool) -> bool:
    return _context_score(text, quote, prefix, suffix, pos, unique=unique) is not None


def _context_score(
    text: str, quote: str, prefix: str, suffix: str, pos: int, *, unique: bool
) -> float | None:
    """How much of the stored context surrounds ``quote`` at ``pos`` (0-1), or ``None`` if
    too little to say that this is the tagged occurrence."""
    end = pos + len(quote)
    # A whole word stays a whole word: "2" of "2,300" is not the "2" of a changed "320".
    if prefix and _at_edge(prefix + quote, len(prefix)) != _at_edge(text, pos):
        return None
    if suffix and _at_edge(quote + suffix, len(quote)) != _at_edge(text, end):
        return None
    sides = [
        score
        for score in (
            _side(prefix, text[max(0, pos - len(prefix) - SLACK) : pos], before=True),
            _side(suffix, text[end : end + len(suffix) + SLACK], before=False),
        )
        if score is not None
    ]
    if not sides:
        return 1.0 if unique else None
    mean = sum(sides) / len(sides)
    if min(sides) >= MIN_SIDE and mean >= MIN_CONTEXT:
        return mean
    if unique and len(quote) >= LONG_QUOTE and max(sides) >= 0.99:
        return mean
    return None


def _side(stored: str, around: str, *, before: bool) -> float | None:
    """Share (0-1) of the stored side's words found, in order and at about the same distance
    from the quote (within :data:`SLACK` characters), in ``around``; ``None`` when the stored
    side holds nothing to compare (the tag was at the start or end of the text)."""
    if not stored:
        return None
    words = _placed_words(stored, before=before)
    if len(stored) >= CONTEXT and len(words) > 1:
        words = words[:-1]  # the word cut by the window's far edge
    if not words:  # only spaces or punctuation: it must be there, as it was
        same = around.endswith(stored) if before else around.startswith(stored)
        return 1.0 if same else 0.0
    found = _weighted_lcs(words, _placed_words(around, before=before))
    return found / sum(len(w) for w, _ in words)


def _placed_words(side: str, *, before: bool) -> list[tuple[str, int]]:
    """The words of one side of a quote, nearest first, each with its distance from it."""
    if before:
        return [(m.group(), len(side) - m.end()) for m in reversed(list(_WORD.finditer(side)))]
    return [(m.group(), m.start()) for m in _WORD.finditer(side)]


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
    if not text or not (prefix or suffix):
        return None
    needle = prefix + quote + suffix
    hit = fuzz.partial_ratio_alignment(needle, text, score_cutoff=FUZZY_REGION_SCORE)
    if hit is None or hit.dest_end <= hit.dest_start:
        return None
    lo = max(0, hit.dest_start - SLACK)
    hi = min(len(text), hit.dest_end + SLACK)
    region = text[lo:hi]
    q0, q1 = len(prefix), len(prefix) + len(quote)
    s, e = _carry(needle, region, diff(needle, region), q0, q1)
    s, e = _word_edges(needle, q0, q1, region, s, e)
    if e <= s:
        return None
    s, e = s + lo, e + lo
    if fuzz.ratio(quote, text[s:e]) < MIN_SIMILARITY:
        return None
    if _context_score(text, text[s:e], prefix, suffix, s, unique=False) is None:
        return None
    return s, e
