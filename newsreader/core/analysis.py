"""One entry point for the whole analysis, used by the command line, the reader and benchmarks."""

from __future__ import annotations

import bisect
import contextlib
import multiprocessing
import operator
import os
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field, fields
from typing import Any

from newsreader.core.collector import collector_paused
from newsreader.core.corpus import Corpus
from newsreader.core.model import Analysis, Document, Mention, Story
from newsreader.core.numbers import extract_mentions
from newsreader.core.passages import (
    Alignment,
    DocTokens,
    PassageOptions,
    aligned_numbers,
    find_passages,
    prepare,
)
from newsreader.core.quantities import group_quantities
from newsreader.core.reuse import trace
from newsreader.core.stories import StoryOptions, group_stories

Progress = Callable[[str, float], None]


PARALLEL_MIN_CHARS = 1_000_000


@dataclass(frozen=True, slots=True)
class AnalysisOptions:
    passages: PassageOptions = field(default_factory=PassageOptions)
    stories: StoryOptions = field(default_factory=StoryOptions)
    parallel: bool | None = None
    """Extract numbers in a second process while passages are found. ``None``: when the machine
    has two cores or more and the corpus holds at least ``PARALLEL_MIN_CHARS`` characters."""


def _start_numbers(
    docs: Sequence[Document], stack: contextlib.ExitStack
) -> Future[list[tuple[Any, ...]]] | None:
    """Numbers extracted in a second process, or ``None`` when one cannot be started.

    Starting it can fail where the analysis runs: inside the reader, Textual has replaced
    ``sys.stderr`` with an object whose file descriptor multiprocessing cannot pass on ("bad
    value(s) in fds_to_keep"), which failed every analysis of a folder over a million
    characters. The resource tracker, and so the worker, is started with the process's real
    standard error; if that still fails, the numbers are extracted here, serially.
    """
    # "spawn", not "fork": the reader calls this from a worker thread, and forking a threaded
    # process is unsafe.
    try:
        with _real_stderr():
            # Even making the pool starts the resource tracker (its queue's lock registers).
            pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"))
            stack.callback(pool.shutdown, wait=False, cancel_futures=True)
            return pool.submit(_mention_rows, docs)
    except (OSError, ValueError, BrokenProcessPool):
        return None


@contextmanager
def _real_stderr() -> Iterator[None]:
    """``sys.stderr`` as the process's own fd 2 while a child process is started."""
    current = sys.stderr
    try:
        usable = current is not None and current.fileno() >= 0
    except (AttributeError, OSError, ValueError):
        usable = False
    if usable or sys.__stderr__ is None:
        yield
        return
    with _STDERR_LOCK:
        sys.stderr = sys.__stderr__
        try:
            yield
        finally:
            sys.stderr = current


_STDERR_LOCK = threading.Lock()


def _all_mentions(docs: Sequence[Document]) -> list[Mention]:
    mentions: list[Mention] = []
    with collector_paused():
        for doc in docs:
            mentions.extend(extract_mentions(doc))
    return mentions


_MENTION_ROW = operator.attrgetter(*(f.name for f in fields(Mention)))


def _mention_rows(docs: Sequence[Document]) -> list[tuple[Any, ...]]:
    """The numbers worker's answer: each mention as the plain tuple of its fields, which
    crosses the process boundary in about half the time of the pickled dataclasses."""
    return list(map(_MENTION_ROW, _all_mentions(docs)))


def analyze(
    corpus: Corpus, options: AnalysisOptions | None = None, progress: Progress | None = None
) -> Analysis:
    """Shared passages, numeric mentions, quantities and stories of a loaded corpus.

    ``progress(stage, fraction)`` is called now and then (from the calling thread), so a UI can
    show how far the work has come.
    """
    with collector_paused():
        return _analyze(corpus, options, progress)


def _analyze(
    corpus: Corpus, options: AnalysisOptions | None, progress: Progress | None
) -> Analysis:
    opts = options or AnalysisOptions()
    report: Progress = progress or (lambda stage, fraction: None)
    timings: dict[str, float] = {}

    @contextmanager
    def stage(name: str) -> Iterator[None]:
        report(name, 0.0)
        t0 = time.perf_counter()
        yield
        timings[name] = round(time.perf_counter() - t0, 4)
        report(name, 1.0)

    docs = corpus.documents
    parallel = opts.parallel
    if parallel is None:
        parallel = (os.cpu_count() or 1) > 1 and sum(d.length for d in docs) >= PARALLEL_MIN_CHARS
    with contextlib.ExitStack() as stack:
        pending: Future[list[tuple[Any, ...]]] | None = None
        if parallel:
            pending = _start_numbers(docs, stack)
        with stage("tokens"):
            prepared = prepare(docs)
        with stage("passages"):
            alignments = find_passages(prepared, opts.passages, report)
        with stage("stories"):
            shared = [(al.a, al.b, al.a_range[1] - al.a_range[0]) for al in alignments]
            stories = group_stories(prepared, shared, opts.stories)
        with stage("numbers"):
            mentions = None
            if pending is not None:
                with contextlib.suppress(BrokenProcessPool):  # the worker died: do it here
                    mentions = [Mention(*row) for row in pending.result()]
            if mentions is None:
                mentions = _all_mentions(docs)
    return finish(corpus, prepared, alignments, mentions, stories, stage, timings)


def finish(
    corpus: Corpus,
    prepared: Sequence[DocTokens],
    alignments: Sequence[Alignment],
    mentions: Sequence[Mention],
    stories: Sequence[Story],
    stage: Callable[[str], AbstractContextManager[object]],
    timings: dict[str, float],
) -> Analysis:
    """The analysis's last, whole-corpus stages, on what every engine gathers (passages,
    mentions, stories): quantities, then sources, edits and reprints. ``stage(name)`` times
    each into ``timings``."""
    docs = corpus.documents
    with stage("quantities"):
        linked = list(_linked_mentions(prepared, alignments, mentions))
        dates = {d.id: d.date for d in docs}
        quantities = group_quantities(mentions, [s.documents for s in stories], linked, dates)
    with stage("reuse"):
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
        timings=timings,
    )


def _linked_mentions(
    prepared: Sequence[DocTokens], alignments: Sequence[Alignment], mentions: Sequence[Mention]
) -> Iterator[tuple[str, str]]:
    """Mention pairs standing at the same place in the two spans of a shared passage."""
    by_doc: dict[str, list[Mention]] = {}
    for m in mentions:
        by_doc.setdefault(m.doc, []).append(m)
    starts: dict[str, list[int]] = {}
    for doc_id, ms in by_doc.items():
        ms.sort(key=lambda m: m.start)
        starts[doc_id] = [m.start for m in ms]

    def mention_at(doc_id: str, pos: int) -> Mention | None:
        ms = by_doc.get(doc_id)
        if not ms:
            return None
        i = bisect.bisect_right(starts[doc_id], pos) - 1
        if i >= 0 and ms[i].start <= pos < ms[i].end:
            return ms[i]
        return None

    seen: set[tuple[str, str]] = set()
    for al in alignments:
        doc_a = prepared[al.a].doc.id
        doc_b = prepared[al.b].doc.id
        for (sa, _ea), (sb, _eb) in aligned_numbers(prepared, al):
            ma, mb = mention_at(doc_a, sa), mention_at(doc_b, sb)
            if ma is None or mb is None or ma.kind != mb.kind:
                continue
            pair = (ma.id, mb.id)
            if pair not in seen:
                seen.add(pair)
                yield pair
