"""Grouping documents into stories: one real event's coverage, however many days it runs.

Each document becomes a TF-IDF vector of its content words, its word bigrams ("injured
reserve"), its names (words capitalised inside a sentence, counted ``NAME_WEIGHT`` times: names,
places and dates are the strongest evidence of *which* event) and its figures. Inverse document
frequency is taken over the corpus *plus a background of general English* (``BACKGROUND_DOCS``
pseudo-articles whose word frequencies come from wordfreq). In a small folder about one
earthquake the words every article shares ("earthquake", "Izmit") are then still heavy, because
they are rare in English, while "said" or "officials" weigh nothing; in a day's feed the corpus
itself tells which words are common.

Candidate pairs come from an inverted index of each document's ``CANDIDATE_TERMS`` heaviest
features (a feature carried by more than ``MAX_POSTING`` documents proposes no pair), so cost
follows the corpus size, not the number of pairs. Only candidate pairs are compared.

Grouping is average linkage (UPGMA) over that sparse graph: two groups merge while the *mean*
similarity over all their document pairs, missing pairs counting 0, reaches ``min_similarity``.
Unlike single linkage it does not chain: one boilerplate paragraph or one shared name joining
two articles of different events cannot merge their stories. A refinement pass then moves each
document to the story whose centroid it is closest to (a k-means step), which mends the early,
greedy merges of average linkage. Long shared passages (reprints) count as similarity too.
"""

from __future__ import annotations

import hashlib
import heapq
import itertools
import math
import operator
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import compress, repeat

from newsreader.core.model import Story
from newsreader.core.passages import DocTokens

# Function words carry no topic; the background frequencies weigh them down anyway, but leaving
# them out keeps vectors and bigrams small.
STOPWORDS = frozenset(
    """
    a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing down during each few
    for from further had has have having he her here hers herself him himself his how i if
    in into is it its itself just me more most my myself no nor not now of off on once only
    or other our ours ourselves out over own same she should so some such than that the
    their theirs them themselves then there these they this those through to too under until
    up very was we were what when where which while who whom why will with would you your
    yours yourself said says say told one two three new like get got would could may might
    must us mr mrs ms per since
    """.split()
)

NAME_WEIGHT = 3
"""A word capitalised inside a sentence (a name) counts this many times."""
BACKGROUND_DOCS = 1000
"""Pseudo-articles of general English mixed into the document frequencies."""
BACKGROUND_WORDS = 400
"""Words per background pseudo-article (a short news article)."""
CANDIDATE_TERMS = 30
"""A document's heaviest features that propose candidate pairs."""
MIN_SHARED_TERMS = 2
"""Heaviest features two documents must share to be compared at all."""
MAX_POSTING = 400
"""A feature carried by more documents than this proposes no pair (it is not about one story)."""
REFINE_ROUNDS = 3
NEAREST = 10
"""A document may move only to the group of one of its ``NEAREST`` most similar documents."""

_OPENERS = frozenset(" \t\"'“‘(«[-—–")
_ENDERS = frozenset(".!?\n:")


@dataclass(frozen=True, slots=True)
class StoryOptions:
    min_similarity: float = 0.25
    """Mean TF-IDF cosine between two groups of documents above which they are one story."""
    min_shared_words: int = 20
    """Words of shared passages from which a pair's reuse counts as similarity."""


@lru_cache(maxsize=1)
def _english() -> dict[str, float]:
    """Word frequencies of general English (wordfreq's large list; loaded once, ~0.2 s)."""
    import wordfreq

    freq = dict(wordfreq.get_frequency_dict("en", "large"))
    # wordfreq keeps its own copies (the list it read and the dict); ours is the one used, and
    # the others would hold another 10 MB for as long as the process lives.
    wordfreq.get_frequency_dict.cache_clear()
    wordfreq.get_frequency_list.cache_clear()
    return freq


def _background_share(feature: str, english: dict[str, float]) -> float:
    """Expected share of general-English articles that carry ``feature``."""
    if feature[0] == "#":  # a figure: specific to its story
        return 0.0
    if " " in feature:
        first, second = feature.split(" ", 1)
        # Bigrams are far rarer than their words; a word pair seen together is close to as
        # rare as its rarer word.
        freq = min(english.get(first, 0.0), english.get(second, 0.0)) * 0.05
    else:
        freq = english.get(feature, 0.0)
    return 1.0 - math.exp(-BACKGROUND_WORDS * freq)


def features(doc: DocTokens) -> Counter[str]:
    """Content words, bigrams of adjacent content words, names (weighted) and figures.

    Written as whole-list passes (comprehensions, ``compress``, ``Counter``) rather than one
    loop with branches per word: the same result in a third of the time.
    """
    text = doc.doc.text
    words, starts, ends = doc.tokens.words, doc.tokens.starts, doc.tokens.ends
    content = [len(w) > 2 and w not in STOPWORDS and not w.isdigit() for w in words]
    out: Counter[str] = Counter(compress(words, content))
    out.update("#" + w for w in filter(str.isdigit, words))
    # A name: a capitalised content word inside a sentence (not after . ! ? : or a line break,
    # quotes and brackets skipped) counts NAME_WEIGHT times.
    for k in compress(range(len(words)), content):
        s = starts[k]
        if text[s].isupper():
            j = s - 1
            while j >= 0 and text[j] in _OPENERS:
                j -= 1
            if j >= 0 and text[j] not in _ENDERS:
                out[words[k]] += NAME_WEIGHT - 1
    # A bigram only across plain spacing, not across a sentence or clause break.
    pairs = zip(words, words[1:], content, content[1:], ends, starts[1:], strict=False)
    out.update(a + " " + b for a, b, ca, cb, e, s in pairs if ca and cb and text[e:s].isspace())
    return out


def content_vectors(prepared: Sequence[DocTokens]) -> list[dict[str, float]]:
    """Unit-length TF-IDF vectors; features found in one document only are left out.

    Each document's counts are kept as two ``array("i")`` (feature ids, counts, in the
    counter's order) rather than held as counters while the corpus is read: a feed's counters
    were the largest thing in memory. Every vector's keys are one shared string per feature.
    """
    import numpy as np

    # feature -> its id, in order of first appearance
    number: defaultdict[str, int] = defaultdict(itertools.count().__next__)
    rows: list[tuple[array[int], array[int]]] = []
    for d in prepared:
        c = features(d)
        rows.append((array("i", map(number.__getitem__, c.keys())), array("i", c.values())))
    names = list(number)
    del number
    df = np.zeros(len(names), dtype=np.int64)
    for ids, _ in rows:
        df[np.frombuffer(ids, dtype=np.intc)] += 1
    english = _english()
    n = len(prepared)
    total = n + BACKGROUND_DOCS + 1
    weight: list[float | None] = [None] * len(names)
    for f in np.flatnonzero(df >= 2).tolist():
        w, k = names[f], int(df[f])
        idf = math.log(total / (k + BACKGROUND_DOCS * _background_share(w, english) + 1))
        if idf > 0:
            weight[f] = idf
    top = max((max(tfs, default=0) for _, tfs in rows), default=0)
    lift = [0.0, *(1 + math.log(tf) for tf in range(1, top + 1))]  # of a term count, once
    vectors: list[dict[str, float]] = []
    for k, (ids, tfs) in enumerate(rows):
        vec = {
            names[f]: lift[tf] * wf
            for f, tf in zip(ids, tfs, strict=True)
            if (wf := weight[f]) is not None
        }
        rows[k] = (array("i"), array("i"))
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        vectors.append({w: v / norm for w, v in vec.items()})
    return vectors


def _dot(a: dict[str, float], b: dict[str, float]) -> float:
    # One pass over the smaller vector, all in C (a centroid holds thousands of features, a
    # document a few hundred); a feature missing from the other adds an exact 0.0. fsum, not
    # sum: exactly rounded, so the order of the terms cannot move a result across a threshold.
    if len(b) < len(a):
        a, b = b, a
    return math.fsum(map(operator.mul, a.values(), map(b.get, a.keys(), repeat(0.0))))


def candidate_pairs(vectors: Sequence[dict[str, float]]) -> dict[tuple[int, int], float]:
    """Cosine of every pair sharing two of their heaviest features (an inverted index)."""
    postings: dict[str, list[int]] = defaultdict(list)
    for i, vec in enumerate(vectors):
        for w in heapq.nlargest(CANDIDATE_TERMS, vec, key=vec.__getitem__):
            postings[w].append(i)
    common: Counter[tuple[int, int]] = Counter()
    for plist in postings.values():
        if 2 <= len(plist) <= MAX_POSTING:
            for x, i in enumerate(plist):
                for j in plist[x + 1 :]:
                    common[(i, j)] += 1
    out: dict[tuple[int, int], float] = {}
    for (i, j), shared in common.items():
        if shared >= MIN_SHARED_TERMS:
            cos = _dot(vectors[i], vectors[j])
            if cos > 0:
                out[(i, j)] = cos
    return out


def average_linkage(n: int, sim: dict[tuple[int, int], float], threshold: float) -> list[int]:
    """Average-linkage clusters of ``n`` items over a sparse similarity (absent pairs are 0).

    Returns each item's cluster representative. Ties merge in a fixed order, so the result is
    the same on every run.
    """
    size = [1] * n
    rep = list(range(n))
    links: list[dict[int, float]] = [{} for _ in range(n)]  # summed similarity between groups
    for (i, j), s in sim.items():
        links[i][j] = links[i].get(j, 0.0) + s
        links[j][i] = links[i][j]
    heap = [(-s, i, j) for (i, j), s in sim.items() if s >= threshold]
    heapq.heapify(heap)
    alive = [True] * n
    while heap:
        neg, i, j = heapq.heappop(heap)
        if not (alive[i] and alive[j]):
            continue
        mean = links[i].get(j, 0.0) / (size[i] * size[j])
        if abs(mean + neg) > 1e-12 or mean < threshold:
            continue  # stale entry: the groups changed since it was pushed
        # Merge j into i.
        alive[j] = False
        links[i].pop(j, None)
        size[i] += size[j]
        rep[j] = i
        for k, s in links[j].items():
            if k == i:
                continue
            del links[k][j]
            links[i][k] = links[i].get(k, 0.0) + s
            links[k][i] = links[i][k]
        links[j] = {}
        for k, s in links[i].items():
            mean = s / (size[i] * size[k])
            if mean >= threshold:
                heapq.heappush(heap, (-mean, min(i, k), max(i, k)))

    def root(x: int) -> int:
        while rep[x] != x:
            rep[x] = rep[rep[x]]
            x = rep[x]
        return x

    return [root(x) for x in range(n)]


def refine(
    vectors: Sequence[dict[str, float]],
    assign: list[int],
    neighbours: Sequence[Iterable[int]],
    threshold: float,
    rounds: int = REFINE_ROUNDS,
) -> list[int]:
    """Move each document to the group whose centroid (without itself) it is closest to.

    Only the groups of a document's candidate neighbours are considered; a document moves when
    another group's centroid is closer than its own and at least ``threshold`` close.
    """
    assign = list(assign)
    sums: dict[int, dict[str, float]] = defaultdict(dict)
    for d, g in enumerate(assign):
        _add(sums[g], vectors[d], 1.0)
    norms = {g: _norm(acc) for g, acc in sums.items()}
    # A document's dot product with a group's sum is computed again only once that sum has
    # changed: later rounds move few documents, and most sums stay as they were.
    changes: defaultdict[int, int] = defaultdict(int)
    known: dict[tuple[int, int], tuple[int, float]] = {}

    def dot(d: int, g: int) -> float:
        seen = known.get((d, g))
        if seen is not None and seen[0] == changes[g]:
            return seen[1]
        value = _dot(vectors[d], sums[g])
        known[(d, g)] = (changes[g], value)
        return value

    for _ in range(rounds):
        moves: list[tuple[int, int]] = []
        for d, vec in enumerate(vectors):
            own = assign[d]
            others = {assign[k] for k in neighbours[d]} - {own}
            if not others:
                continue  # its nearest documents are all in its own group
            dot_own = dot(d, own)
            # |S - v|^2 = |S|^2 - 2 v.S + |v|^2, with |v| = 1 (or 0 for an empty vector).
            rest = norms[own] ** 2 - 2 * dot_own + (1.0 if vec else 0.0)
            own_score = (dot_own - (1.0 if vec else 0.0)) / math.sqrt(rest) if rest > 1e-9 else 0.0
            best, best_group = own_score, own
            for g in sorted(others):
                score = dot(d, g) / norms[g] if norms[g] else 0.0
                if score > best:
                    best, best_group = score, g
            if best_group != own and best >= threshold:
                moves.append((d, best_group))
        if not moves:
            break
        # All of a round's moves are decided on the same centroids, then applied.
        for d, g in moves:
            old = assign[d]
            changes[old] += 1
            changes[g] += 1
            _add(sums[old], vectors[d], -1.0)
            _add(sums[g], vectors[d], 1.0)
            assign[d] = g
            norms[old], norms[g] = _norm(sums[old]), _norm(sums[g])
    return assign


def _add(acc: dict[str, float], vec: dict[str, float], sign: float) -> None:
    for w, v in vec.items():
        acc[w] = acc.get(w, 0.0) + sign * v


def _norm(acc: dict[str, float]) -> float:
    return math.sqrt(sum(v * v for v in acc.values()))


def group_stories(
    prepared: Sequence[DocTokens],
    shared_words: Iterable[tuple[int, int, int]],
    options: StoryOptions | None = None,
) -> list[Story]:
    """Stories from content similarity and from ``(doc_a, doc_b, words)`` shared passages."""
    opts = options or StoryOptions()
    n = len(prepared)
    vectors = content_vectors(prepared)
    sim = candidate_pairs(vectors)
    # Reuse is similarity too: a pair sharing passages gets at least the share of the shorter
    # document's words that they cover (a full reprint is 1).
    shared: Counter[tuple[int, int]] = Counter()
    for a, b, words in shared_words:
        shared[(min(a, b), max(a, b))] += words
    for (a, b), words in shared.items():
        if words >= opts.min_shared_words:
            shorter = max(1, min(len(prepared[a].ids), len(prepared[b].ids)))
            sim[(a, b)] = max(sim.get((a, b), 0.0), min(1.0, words / shorter))
    assign = average_linkage(n, sim, opts.min_similarity)
    near: list[list[tuple[float, int]]] = [[] for _ in range(n)]
    for (i, j), s in sim.items():
        near[i].append((s, j))
        near[j].append((s, i))
    neighbours = [[k for _, k in heapq.nlargest(NEAREST, ns)] for ns in near]
    assign = refine(vectors, assign, neighbours, opts.min_similarity)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(n):
        groups[assign[i]].append(i)
    stories = []
    for members in sorted(groups.values(), key=lambda m: (-len(m), m[0])):
        ids = tuple(prepared[i].doc.id for i in members)
        sid = "s" + hashlib.sha1(",".join(sorted(ids)).encode()).hexdigest()[:12]
        label = story_label([prepared[i] for i in members], vectors, members)
        stories.append(Story(sid, ids, label))
    return stories


def story_label(
    docs: Sequence[DocTokens], vectors: Sequence[dict[str, float]], members: Sequence[int]
) -> str:
    """A few words a story is about: its heaviest features, names first, as the text has them."""
    weight: dict[str, float] = defaultdict(float)
    for i in members:
        for w, v in vectors[i].items():
            if w[0] != "#":
                weight[w] += v
    chosen: list[str] = []
    heaviest = heapq.nsmallest(40, weight.items(), key=lambda kv: (-kv[1], kv[0]))
    for w, _ in heaviest:
        if any(w in c or c in w for c in chosen):
            continue
        chosen.append(w)
        if len(chosen) == 4:
            break
    # The spelling is the same in any few of a story's articles; five are enough to vote.
    surface = _surfaces(docs[:5], set(chosen))
    return ", ".join(surface.get(w, w) for w in chosen)


def _surfaces(docs: Sequence[DocTokens], wanted: set[str]) -> dict[str, str]:
    """The most common spelling in the text of each wanted word or adjacent word pair."""
    seen: dict[str, Counter[str]] = defaultdict(Counter)
    for d in docs:
        text, words, starts, ends = d.doc.text, d.tokens.words, d.tokens.starts, d.tokens.ends
        for k, w in enumerate(words):
            if w in wanted:
                seen[w][text[starts[k] : ends[k]]] += 1
            if k and words[k - 1] + " " + w in wanted:
                seen[words[k - 1] + " " + w][" ".join(text[starts[k - 1] : ends[k]].split())] += 1
    return {w: c.most_common(1)[0][0] for w, c in seen.items()}
