"""Finding a tagged span again after the article's text changed (pure functions, no I/O).

Order of attempts: the stored offsets; every exact occurrence of the quote, ranked by how well
the prefix/suffix around it match and then by distance from the stored offset; a fuzzy match
(rapidfuzz) of prefix+quote+suffix, then of the quote alone. What is not found is orphaned.
"""

from __future__ import annotations

from rapidfuzz import fuzz

from newsreader.store.model import PlacementStatus

CONTEXT = 32  # characters of prefix/suffix stored with each annotation
FUZZY_MIN_SCORE = 75.0  # rapidfuzz ratio (0-100) for a fuzzy match to count
MIN_FUZZY_QUOTE = 8  # shorter quotes are only matched fuzzily with their context
MAX_CANDIDATES = 10_000


def context(text: str, start: int, end: int) -> tuple[str, str, str]:
    """``(prefix, quote, suffix)`` for ``text[start:end]``."""
    return text[max(0, start - CONTEXT) : start], text[start:end], text[end : end + CONTEXT]


def locate(
    text: str, quote: str, prefix: str, suffix: str, start: int, end: int
) -> tuple[int, int, PlacementStatus]:
    """Where ``quote`` (tagged at ``[start, end)``) is in ``text`` now, and how it was found."""
    if not quote:
        return _clamp(text, start, end)
    if text[start:end] == quote and _context_score(text, start, end, prefix, suffix) == 1.0:
        return start, end, "exact"
    candidates = _occurrences(text, quote)
    if candidates:

        def rank(p: int) -> tuple[float, int]:
            return _context_score(text, p, p + len(quote), prefix, suffix), -abs(p - start)

        best = max(candidates, key=rank)
        return best, best + len(quote), "exact" if best == start else "moved"
    found = _fuzzy(text, quote, prefix, suffix)
    if found is not None:
        return found[0], found[1], "fuzzy"
    return _clamp(text, start, end)


def _clamp(text: str, start: int, end: int) -> tuple[int, int, PlacementStatus]:
    n = len(text)
    s = min(max(start, 0), n)
    return s, min(max(end, s), n), "orphaned"


def _occurrences(text: str, quote: str) -> list[int]:
    found: list[int] = []
    pos = text.find(quote)
    while pos >= 0 and len(found) < MAX_CANDIDATES:
        found.append(pos)
        pos = text.find(quote, pos + 1)
    return found


def _context_score(text: str, start: int, end: int, prefix: str, suffix: str) -> float:
    """Share of prefix/suffix characters that match next to ``[start, end)`` (1.0 = all)."""
    total = len(prefix) + len(suffix)
    if total == 0:
        return 1.0
    before = text[max(0, start - len(prefix)) : start]
    after = text[end : end + len(suffix)]
    same = 0
    for a, b in zip(reversed(before), reversed(prefix), strict=False):
        if a != b:
            break
        same += 1
    for a, b in zip(after, suffix, strict=False):
        if a != b:
            break
        same += 1
    return same / total


def _fuzzy(text: str, quote: str, prefix: str, suffix: str) -> tuple[int, int] | None:
    if not text:
        return None
    needle = prefix + quote + suffix
    if prefix or suffix:
        around = fuzz.partial_ratio_alignment(needle, text, score_cutoff=FUZZY_MIN_SCORE)
        if around is not None and around.dest_end > around.dest_start:
            slack = max(8, len(quote) // 2)
            lo = max(0, around.dest_start - slack)
            hi = min(len(text), around.dest_end + slack)
            inner = _align(quote, text, lo, hi)
            if inner is not None:
                return inner
    if len(quote) >= MIN_FUZZY_QUOTE:
        return _align(quote, text, 0, len(text))
    return None


def _align(quote: str, text: str, lo: int, hi: int) -> tuple[int, int] | None:
    """Best fuzzy span for ``quote`` within ``text[lo:hi]``, boundaries refined by ratio."""
    hit = fuzz.partial_ratio_alignment(quote, text[lo:hi], score_cutoff=FUZZY_MIN_SCORE)
    if hit is None or hit.dest_end <= hit.dest_start:
        return None
    s, e = lo + hit.dest_start, lo + hit.dest_end
    reach = min(32, len(quote) // 2 + 2)

    def score(a: int, b: int) -> float:
        return float(fuzz.ratio(quote, text[a:b])) if b > a else 0.0

    best = score(s, e)
    for cand in range(max(s + 1, e - reach), min(len(text), e + reach) + 1):
        value = score(s, cand)
        if value > best:
            best, e = value, cand
    for cand in range(max(0, s - reach), min(e - 1, s + reach) + 1):
        value = score(cand, e)
        if value > best:
            best, s = value, cand
    if best < FUZZY_MIN_SCORE:
        return None
    return s, e
