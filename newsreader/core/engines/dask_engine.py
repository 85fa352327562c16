"""The analysis on Dask distributed, in the shape passim proved on Spark.

1. Per document, mapped over partitions of documents: words, n-gram hashes, numbers.
2. Postings grouped by n-gram (a shuffle: n-grams hash-partitioned); an n-gram in 2 to
   ``max_doc_freq`` documents gives candidate document pairs with their seeds.
3. Seeds grouped by document pair (a second shuffle), and each pair aligned where its seeds are;
   the texts of the pair's documents are fetched from the partitions that hold them.
4. Stories, quantities and reuse on the gathered passages and numbers, here.

Results equal the local engine's: word ids differ between processes, so the n-gram index uses
ids derived from the words themselves (63 bits of their BLAKE2 hash), and a pair is aligned
on ids from its own :func:`prepare` call; only the equality of ids ever matters. Pairs are
aligned and their passages listed in the local engine's order (by document pair).

Documents reach workers as text: scattered from here, or (``worker_corpus``) read by the workers
themselves from the corpus folder mounted where they run, with only the paths, ids and learned
page furniture sent from here.
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsreader.core.analysis import AnalysisOptions, _linked_mentions
from newsreader.core.corpus import DEFAULT_MAX_BYTES, Corpus, Undecodable, load_file
from newsreader.core.engines import EngineError
from newsreader.core.model import Analysis, Document, Mention
from newsreader.core.numbers import extract_mentions
from newsreader.core.passages import (
    Alignment,
    DocTokens,
    PassageOptions,
    align_pair,
    document_postings,
    ngram_seeds,
    prepare,
)
from newsreader.core.quantities import group_quantities
from newsreader.core.reuse import trace
from newsreader.core.stories import group_stories

if TYPE_CHECKING:
    from distributed import Client

CONNECT_TIMEOUT = "10s"

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
    """What :func:`newsreader.core.analysis.analyze` finds, computed on a Dask cluster."""
    opts = options or AnalysisOptions()
    dopts = dask or DaskOptions()
    docs = list(corpus.documents)
    with _client(dopts) as client:
        count = dopts.partitions or 4 * max(1, len(client.scheduler_info()["workers"]))
        alignments, mentions, prepared = _run(client, corpus, docs, opts.passages, dopts, count)
    shared = [(al.a, al.b, al.a_range[1] - al.a_range[0]) for al in alignments]
    stories = group_stories(prepared, shared, opts.stories)
    linked = list(_linked_mentions(prepared, alignments, mentions))
    dates = {d.id: d.date for d in docs}
    quantities = group_quantities(mentions, [s.documents for s in stories], linked, dates)
    passages, quantities, reprints = trace(prepared, alignments, mentions, quantities)
    return Analysis(
        documents=tuple(docs),
        passages=tuple(passages),
        mentions=tuple(mentions),
        quantities=tuple(quantities),
        stories=tuple(stories),
        skipped=corpus.skipped,
        near_duplicates=corpus.near_duplicates,
        reprints=tuple(reprints),
    )


@contextmanager
def _client(dopts: DaskOptions) -> Iterator[Client]:
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise EngineError(
            "--engine dask needs Dask distributed: pip install 'newsreader[dask]'"
        ) from None
    if dopts.scheduler is not None:
        try:
            client = Client(dopts.scheduler, timeout=CONNECT_TIMEOUT)
        except (OSError, ValueError, TypeError) as exc:
            reason = (str(exc).splitlines() or [type(exc).__name__])[0]
            where = dopts.scheduler
            raise EngineError(f"cannot use the Dask scheduler {where}: {reason}") from None
        with client:
            yield client
        return
    with (
        LocalCluster(
            n_workers=dopts.workers,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
            silence_logs=logging.ERROR,
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
    # 1. Per document: postings hash-partitioned into `count` n-gram buckets, and numbers.
    shards = [
        client.submit(_shard, part, a, popts.ngram, count, pure=False)
        for part, (a, _) in zip(parts, bounds, strict=True)
    ]
    mentions = [client.submit(_item, s, 1) for s in shards]
    # 2. Postings grouped by n-gram: seeds of each pair, pair-partitioned into `count` buckets.
    by_ngram = [
        client.submit(_seeds, popts, count, *[client.submit(_bucket, s, r) for s in shards])
        for r in range(count)
    ]
    # 3. Seeds grouped by pair; the documents each pair bucket needs, fetched from their parts.
    by_pair = [
        client.submit(_merge_seeds, *[client.submit(_item, g, q) for g in by_ngram])
        for q in range(count)
    ]
    needed = client.gather([client.submit(_needed, m) for m in by_pair])
    aligned = []
    for merged, wanted in zip(by_pair, needed, strict=True):
        picks = []
        for part, (a, b) in zip(parts, bounds, strict=True):
            mine = [i for i in wanted if a <= i < b]
            if mine:
                picks.append(client.submit(_select, part, a, mine))
        aligned.append(client.submit(_align, merged, popts, *picks))
    # Meanwhile, the words stories and reuse need, here (the cluster aligns).
    prepared = prepare(docs)
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
    """Word -> an id that is the same in every process (the first 63 bits of its BLAKE2)."""

    def __missing__(self, word: str) -> int:
        digest = hashlib.blake2b(word.encode("utf-8", "surrogatepass"), digest_size=8).digest()
        value = int.from_bytes(digest) >> 1
        self[word] = value
        return value


def _shard(
    docs: list[Document], first: int, n: int, count: int
) -> tuple[list[Postings], list[Mention]]:
    buckets: list[Postings] = [{} for _ in range(count)]
    stable = _StableIds()
    for k, dt in enumerate(prepare(docs)):
        # A digit word's key is the wildcard, which differs from its id; every other key is
        # the word's id, replaced by the word's stable id.
        keys = [stable[w] if key == i else key for w, i, key in zip(*_words(dt), strict=True)]
        for h, positions in document_postings(keys, n).items():
            buckets[h % count].setdefault(h, []).append((first + k, positions))
    mentions = [m for d in docs for m in extract_mentions(d)]
    return buckets, mentions


def _words(dt: DocTokens) -> tuple[Sequence[str], Sequence[int], Sequence[int]]:
    return dt.tokens.words, dt.ids, dt.keys


def _item(x: Sequence[Any], k: int) -> Any:
    return x[k]


def _bucket(shard: tuple[list[Postings], list[Mention]], r: int) -> Postings:
    return shard[0][r]


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


def _select(docs: list[Document], first: int, wanted: list[int]) -> list[tuple[int, Document]]:
    return [(i, docs[i - first]) for i in wanted]


def _align(
    merged: dict[Pair, Seeds], popts: PassageOptions, *picks: list[tuple[int, Document]]
) -> list[Alignment]:
    docs = dict(p for pick in picks for p in pick)
    order = sorted(docs)
    where = {i: k for k, i in enumerate(order)}
    prepared = prepare([docs[i] for i in order])
    out: list[Alignment] = []
    for (a, b), seeds in sorted(merged.items()):
        out.extend(align_pair(prepared[where[a]], prepared[where[b]], a, b, seeds, popts))
    return out
