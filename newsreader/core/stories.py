"""Grouping documents into stories.

Two documents belong to one story when they share passages, or when their content words
overlap substantially (TF-IDF cosine). Candidate pairs come from an inverted index of content
words, skipping words so common that they say nothing about the story, so the cost follows the
corpus size rather than the number of pairs. Stories are the connected groups of that graph.
"""

from __future__ import annotations

import hashlib
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from newsreader.core.model import Story
from newsreader.core.passages import DocTokens

# Function words carry no topic; numbers are left out too.
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


CANDIDATE_TERMS = 20


@dataclass(frozen=True, slots=True)
class StoryOptions:
    min_cosine: float = 0.2
    """TF-IDF cosine of content words above which two documents are one story."""
    min_shared_words: int = 20
    """Words of shared passages above which two documents are one story."""
    max_doc_share: float = 0.2
    """Words found in more than this share of documents do not propose candidate pairs."""


def content_vectors(prepared: Sequence[DocTokens], top_terms: int = 60) -> list[dict[str, float]]:
    """Unit-length TF-IDF vectors of each document's ``top_terms`` heaviest content words."""
    counts = [
        Counter(w for w in d.tokens.words if len(w) > 2 and not w.isdigit() and w not in STOPWORDS)
        for d in prepared
    ]
    df: Counter[str] = Counter()
    for c in counts:
        df.update(c.keys())
    n = len(prepared)
    vectors: list[dict[str, float]] = []
    for c in counts:
        vec = {w: (1 + math.log(tf)) * (math.log((n + 1) / (df[w] + 1)) + 1) for w, tf in c.items()}
        if len(vec) > top_terms:
            vec = dict(sorted(vec.items(), key=lambda kv: (-kv[1], kv[0]))[:top_terms])
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        vectors.append({w: v / norm for w, v in vec.items()})
    return vectors


def similar_pairs(
    vectors: Sequence[dict[str, float]], min_cosine: float, max_doc_share: float
) -> dict[tuple[int, int], float]:
    """Document pairs whose cosine similarity reaches ``min_cosine``.

    Candidates are the pairs that share two of their ``CANDIDATE_TERMS`` heaviest words, among
    words found in at most ``max_doc_share`` of the documents (and at most 50); only those are
    compared, on their whole vectors.
    """
    n = len(vectors)
    cap = max(4, min(50, int(n * max_doc_share)))
    postings: dict[str, list[int]] = defaultdict(list)
    for i, vec in enumerate(vectors):
        for w in sorted(vec, key=vec.__getitem__, reverse=True)[:CANDIDATE_TERMS]:
            postings[w].append(i)
    common: Counter[tuple[int, int]] = Counter()
    for plist in postings.values():
        if 2 <= len(plist) <= cap:
            for x, i in enumerate(plist):
                for j in plist[x + 1 :]:
                    common[(i, j)] += 1
    out: dict[tuple[int, int], float] = {}
    for (i, j), shared in common.items():
        if shared < 2:
            continue
        vi, vj = vectors[i], vectors[j]
        if len(vj) < len(vi):
            vi, vj = vj, vi
        cos = sum(v * vj[w] for w, v in vi.items() if w in vj)
        if cos >= min_cosine:
            out[(i, j)] = cos
    return out


def group_stories(
    prepared: Sequence[DocTokens],
    shared_words: Iterable[tuple[int, int, int]],
    options: StoryOptions | None = None,
) -> list[Story]:
    """Stories from content similarity and from ``(doc_a, doc_b, words)`` shared passages."""
    opts = options or StoryOptions()
    n = len(prepared)
    parent = list(range(n))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a: int, b: int) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    shared: Counter[tuple[int, int]] = Counter()
    for a, b, words in shared_words:
        shared[(min(a, b), max(a, b))] += words
    for (a, b), words in shared.items():
        if words >= opts.min_shared_words:
            union(a, b)
    for a, b in similar_pairs(content_vectors(prepared), opts.min_cosine, opts.max_doc_share):
        union(a, b)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(n):
        groups[find(i)].append(i)
    stories = []
    for members in sorted(groups.values(), key=lambda m: (-len(m), m[0])):
        ids = tuple(prepared[i].doc.id for i in members)
        sid = "s" + hashlib.sha1(",".join(sorted(ids)).encode()).hexdigest()[:12]
        stories.append(Story(sid, ids))
    return stories
