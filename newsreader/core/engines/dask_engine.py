"""The analysis on Dask distributed, in the shape passim proved on Spark.

1. Per document, mapped over partitions of documents: words, n-gram hashes, numbers.
2. Postings grouped by n-gram (a shuffle: n-grams hash-partitioned). Each bucket first counts
   the documents of its n-grams; only the postings of n-grams in 2 to ``max_doc_freq``
   documents then move, and give candidate document pairs with their seeds.
3. Seeds grouped by document pair (a second shuffle), and each pair aligned where its seeds are;
   the words of the pair's documents are fetched from the workers that made them.
4. Stories, quantities and reuse on the gathered passages and numbers, here.

Results equal the local engine's. :func:`prepare`'s word ids depend on the documents it was
given, so each shard's ids are replaced by ids derived from the words themselves (60 bits of
their BLAKE2 hash), the same on every worker; only the equality of ids ever matters. The seeds
of a pair are the local engine's, and passages are listed in its order (by document pair).

Documents reach workers as text: scattered from here, or (``worker_corpus``) read by the workers
themselves from the corpus folder mounted where they run, with only the paths, ids and learned
page furniture sent from here.
"""

from __future__ import annotations

import hashlib
import itertools
import logging
import os
import time
from array import array
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsreader.core.analysis import AnalysisOptions, finish
from newsreader.core.corpus import DEFAULT_MAX_BYTES, Corpus, Undecodable, load_file
from newsreader.core.engines import EngineError
from newsreader.core.model import Analysis, Document, Mention
from newsreader.core.numbers import extract_mentions
from newsreader.core.passages import (
    Alignment,
    DocTokens,
    PassageOptions,
    align_pair,
    ngram_hashes,
    ngram_seeds,
    prepare,
)
from newsreader.core.stories import group_stories

if TYPE_CHECKING:
    from distributed import Client

CONNECT_TIMEOUT = 10.0
"""Seconds to reach a scheduler given by address, and for it to have a worker."""

Pair = tuple[int, int]
Seeds = list[tuple[int, int]]
Postings = dict[int, list[tuple[int, list[int]]]]  # n-gram -> (document, positions)


@dataclass(frozen=True, slots=True)
class DaskOptions:
    scheduler: str | None = None
    """Address of a running scheduler (``tcp://host:8786``); ``None``: a LocalCluster here."""
    workers: int = 2
    """Worker processes of the LocalCluster (one thread each)."""
    worker_corpus: str | None = None
    """The corpus folder as the workers see it (a shared mount); ``None``: text is sent."""
    partitions: int | None = None
    """Document partitions (and n-gram and pair partitions); ``None``: four per worker."""
    max_bytes: int = DEFAULT_MAX_BYTES
    """The size limit the corpus was loaded with, for workers reading files themselves."""


def analyze_on_dask(
    corpus: Corpus, options: AnalysisOptions | None = None, dask: DaskOptions | None = None
) -> Analysis:
    """What :func:`newsreader.core.analysis.analyze` finds, computed on a Dask cluster.

    A LocalCluster starts its workers as new processes, which import the calling script's
    main module: a script calling this needs the ``if __name__ == "__main__":`` guard.
    Raises :class:`EngineError` when the cluster cannot be used.
    """
    opts = options or AnalysisOptions()
    dopts = dask or DaskOptions()
    docs = list(corpus.documents)
    clock = _Clock()
    with _client(dopts) as client:
        from distributed import KilledWorker  # importable: the client is up

        clock.lap("cluster")
        count = dopts.partitions or 4 * max(1, len(client.scheduler_info()["workers"]))
        try:
            alignments, mentions, prepared = _run(client, corpus, docs, opts.passages, dopts, count)
        except (KilledWorker, ImportError) as exc:
            # A worker that died (out of memory, killed) or lacks newsreader: say so in a line.
            raise EngineError(f"the Dask cluster failed: {_line(exc)}") from None
        clock.lap("passages")  # the cluster's work, and the words stories need, made here
    shared = [(al.a, al.b, al.a_range[1] - al.a_range[0]) for al in alignments]
    stories = group_stories(prepared, shared, opts.stories)
    clock.lap("stories")
    return finish(corpus, prepared, alignments, mentions, stories, clock.stage, clock.timings)


def _line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


class _Clock:
    """Seconds per stage, as the local engine reports them in ``Analysis.timings``."""

    def __init__(self) -> None:
        self.timings: dict[str, float] = {}
        self._last = time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.timings[stage] = round(now - self._last, 4)
        self._last = now

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        """The stage ``name`` is what runs inside (the local engine's way of timing)."""
        self._last = time.perf_counter()
        yield
        self.lap(name)


@contextmanager
def _client(dopts: DaskOptions) -> Iterator[Client]:
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise EngineError(
            "--engine dask needs Dask distributed: pip install 'newsreader[dask]'"
        ) from None
    where = dopts.scheduler
    if where is not None:
        try:
            client = Client(where, timeout=CONNECT_TIMEOUT)
        except (OSError, ValueError, TypeError) as exc:
            raise EngineError(f"cannot use the Dask scheduler {where}: {_line(exc)}") from None
        with client:
            try:
                client.wait_for_workers(1, timeout=CONNECT_TIMEOUT)
            except TimeoutError:
                raise EngineError(f"the Dask scheduler {where} has no worker") from None
            yield client
        return
    with (
        LocalCluster(
            n_workers=dopts.workers,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
            # The scheduler's HTTP routes (health, metrics) stay on: on loopback, on a free
            # port, so that a second cluster here does not warn that 8787 is taken.
            scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
            silence_logs=logging.CRITICAL,
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client


def _run(
    client: Client,
    corpus: Corpus,
    docs: list[Document],
    popts: PassageOptions,
    dopts: DaskOptions,
    count: int,
) -> tuple[list[Alignment], list[Mention], list[DocTokens]]:
    bounds = _partition(docs, count)
    if dopts.worker_corpus is None:
        parts = client.scatter([docs[a:b] for a, b in bounds])
    else:
        parts = [
            client.submit(
                _read_partition,
                [(os.path.relpath(d.path, corpus.root), replace(d, text="")) for d in docs[a:b]],
                dopts.worker_corpus,
                dopts.max_bytes,
                pure=False,
            )
            for a, b in bounds
        ]
    # 1. Per document: n-gram hashes (kept on the worker that made them) and numbers.
    shards = [client.submit(_shard, part, popts.ngram, pure=False) for part in parts]
    mentions = [client.submit(_item, s, 2) for s in shards]
    # 2. N-grams hash-partitioned into `count` buckets. First each bucket counts the documents
    #    of its n-grams and keeps those in 2..max_doc_freq of them (most n-grams are in one
    #    document only); then only their postings are shuffled to their bucket, which turns them
    #    into the seeds of document pairs, pair-partitioned into `count` buckets.
    distinct = [client.submit(_distinct, s, count) for s in shards]
    shared = [
        client.submit(_shared, popts.max_doc_freq, *[client.submit(_item, d, r) for d in distinct])
        for r in range(count)
    ]
    postings = [
        client.submit(_postings, s, a, count, *shared)
        for s, (a, _) in zip(shards, bounds, strict=True)
    ]
    by_ngram = [
        client.submit(_seeds, popts, count, *[client.submit(_item, p, r) for p in postings])
        for r in range(count)
    ]
    # 3. Seeds grouped by pair; the words of the documents each pair bucket needs, fetched from
    #    the shards that hold them.
    by_pair = [
        client.submit(_merge_seeds, *[client.submit(_item, g, q) for g in by_ngram])
        for q in range(count)
    ]
    needed_f = [client.submit(_needed, m) for m in by_pair]
    # Meanwhile, here, the words that stories and reuse need.
    prepared = prepare(docs)
    needed = client.gather(needed_f)
    aligned = []
    for merged, wanted in zip(by_pair, needed, strict=True):
        picks = []
        for shard, (a, b) in zip(shards, bounds, strict=True):
            mine = [i for i in wanted if a <= i < b]
            if mine:
                picks.append(client.submit(_select, shard, a, mine))
        aligned.append(client.submit(_align, merged, popts, *picks))
    alignments = [al for found in client.gather(aligned) for al in found]
    alignments.sort(key=lambda al: (al.a, al.b))  # stable: a pair's passages keep their order
    found_mentions = [m for ms in client.gather(mentions) for m in ms]
    return alignments, found_mentions, prepared


def _partition(docs: Sequence[Document], count: int) -> list[tuple[int, int]]:
    """About ``count`` runs of consecutive documents of about equal characters."""
    total = sum(d.length for d in docs) or 1
    bounds: list[tuple[int, int]] = []
    start, chars = 0, 0
    for i, d in enumerate(docs):
        chars += d.length
        if chars * count >= total * (len(bounds) + 1) and i + 1 < len(docs):
            bounds.append((start, i + 1))
            start = i + 1
    bounds.append((start, len(docs)))
    return bounds


# ---------------------------------------------------------------------------------------------
# Tasks (run on the workers)


def _read_partition(stubs: list[tuple[str, Document]], root: str, max_bytes: int) -> list[Document]:
    """The documents, their text read from the corpus folder as this worker sees it."""
    texts: dict[str, dict[str, str]] = {}
    out: list[Document] = []
    for rel, stub in stubs:
        if rel not in texts:
            path = Path(root, rel)
            try:
                found, _ = load_file(path, stub.path, max_bytes)
            except (OSError, Undecodable) as exc:
                raise EngineError(f"a worker cannot read {path}: {exc}") from None
            texts[rel] = {d.id: d.text for d in found}
        text = texts[rel].get(stub.id)
        if text is None:
            raise EngineError(f"{Path(root, rel)} has changed since it was read: analyse again")
        out.append(replace(stub, text=text))
    return out


class _StableIds(dict[str, int]):
    """Word -> an id that is the same in every process: 60 bits of its BLAKE2 hash, below
    2**61 - 1 so that an id is its own hash (rapidfuzz compares elements by their hash)."""

    def __missing__(self, word: str) -> int:
        digest = hashlib.blake2b(word.encode("utf-8", "surrogatepass"), digest_size=8).digest()
        value = int.from_bytes(digest) >> 4
        self[word] = value
        return value


Shard = tuple[list[DocTokens], list["array[int]"], list[Mention]]


def _shard(docs: list[Document], n: int) -> Shard:
    """Each document's words with ids the same in every process, its n-gram hashes, and its
    numbers. The words stay on this worker until a pair bucket asks for them."""
    stable = _StableIds()
    prepared: list[DocTokens] = []
    hashes = []
    for dt in prepare(docs):
        # 60-bit ids: 8-byte arrays, where the local engine's 32-bit ids take 4.
        ids = array("q", [stable[w] for w in dt.tokens.words])
        # A digit word's key is the wildcard, which differs from its id; every other key is
        # the word's id.
        keys = array(
            "q", [s if key == i else key for s, i, key in zip(ids, dt.ids, dt.keys, strict=True)]
        )
        prepared.append(DocTokens(dt.doc, dt.tokens, ids, keys))
        hashes.append(array("q", ngram_hashes(keys, n)))
    return prepared, hashes, [m for d in docs for m in extract_mentions(d)]


def _item(x: Sequence[Any], k: int) -> Any:
    return x[k]


def _distinct(shard: Shard, count: int) -> list[array[int]]:
    """Each document's distinct n-grams, by bucket (one entry per document carrying one)."""
    out = [array("q") for _ in range(count)]
    for hs in shard[1]:
        for h in set(hs):
            out[h % count].append(h)
    return out


def _shared(max_doc_freq: int, *pieces: array[int]) -> set[int]:
    """The bucket's n-grams found in 2..max_doc_freq documents."""
    df = Counter(itertools.chain.from_iterable(pieces))
    return {h for h, c in df.items() if 2 <= c <= max_doc_freq}


def _postings(shard: Shard, first: int, count: int, *shared: set[int]) -> list[Postings]:
    """The shard's postings of shared n-grams, by bucket: n-gram -> [(document, positions)]."""
    wanted = set().union(*shared)
    out: list[Postings] = [{} for _ in range(count)]
    for k, hs in enumerate(shard[1]):
        mine = wanted.intersection(hs)
        if not mine:
            continue
        by_ngram: dict[int, list[int]] = {}
        for pos, h in [(pos, h) for pos, h in enumerate(hs) if h in mine]:
            by_ngram.setdefault(h, []).append(pos)
        for h, positions in by_ngram.items():
            out[h % count].setdefault(h, []).append((first + k, positions))
    return out


def _seeds(popts: PassageOptions, count: int, *pieces: Postings) -> list[dict[Pair, Seeds]]:
    """Seeds from one n-gram bucket; ``pieces`` come in document order, so each n-gram's
    postings stay in increasing document order."""
    postings: Postings = {}
    for piece in pieces:
        for h, entries in piece.items():
            postings.setdefault(h, []).extend(entries)
    out: list[dict[Pair, Seeds]] = [{} for _ in range(count)]
    for entries in postings.values():
        for pair, seeds in ngram_seeds(entries, popts):
            out[hash(pair) % count].setdefault(pair, []).extend(seeds)
    return out


def _merge_seeds(*pieces: dict[Pair, Seeds]) -> dict[Pair, Seeds]:
    merged: dict[Pair, Seeds] = {}
    for piece in pieces:
        for pair, seeds in piece.items():
            merged.setdefault(pair, []).extend(seeds)
    return merged


def _needed(merged: dict[Pair, Seeds]) -> list[int]:
    return sorted({i for pair in merged for i in pair})


def _select(shard: Shard, first: int, wanted: list[int]) -> list[tuple[int, DocTokens]]:
    return [(i, shard[0][i - first]) for i in wanted]


def _align(
    merged: dict[Pair, Seeds], popts: PassageOptions, *picks: list[tuple[int, DocTokens]]
) -> list[Alignment]:
    prepared = dict(p for pick in picks for p in pick)
    out: list[Alignment] = []
    for (a, b), seeds in sorted(merged.items()):
        out.extend(align_pair(prepared[a], prepared[b], a, b, seeds, popts))
    return out
