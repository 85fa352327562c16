"""``newsreader analyze``: shared passages, conflicting numbers and stories of a corpus."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from newsreader.commands import add_corpus_argument, whole_number

if TYPE_CHECKING:
    from newsreader.core.analysis import AnalysisOptions
    from newsreader.core.corpus import Corpus
    from newsreader.core.model import Analysis


def register(sub: Any) -> None:
    p = sub.add_parser(
        "analyze",
        help="find shared passages, conflicting numbers and stories in a corpus folder",
        description="Analyse a folder of .txt/.md articles: the passages they share, the numbers "
        "that disagree, and which articles tell one story. Prints a summary, or JSON with --json.",
    )
    p.set_defaults(func=run)
    # The defaults shown come from the engine, whose import is a third of the reader's
    # start-up beyond Textual's: added only when `analyze` is parsed or its help shown.
    p.defer(_add_arguments)


def _add_arguments(p: argparse.ArgumentParser) -> None:
    from newsreader.core.corpus import DEFAULT_MAX_BYTES
    from newsreader.core.engines import ENGINES
    from newsreader.core.passages import PassageOptions
    from newsreader.core.stories import StoryOptions

    po, so = PassageOptions(), StoryOptions()
    add_corpus_argument(p)
    p.add_argument("--json", action="store_true", help="print the full result as JSON on stdout")
    g = p.add_argument_group("shared passages")
    g.add_argument(
        "--min-words",
        type=whole_number,
        default=po.min_words,
        help=f"words a passage needs in both documents (default {po.min_words})",
    )
    g.add_argument(
        "--min-quote-words",
        type=whole_number,
        default=po.min_quote_words,
        help=f"words a shared quotation needs (default {po.min_quote_words})",
    )
    g.add_argument(
        "--min-similarity",
        type=_fraction,
        default=po.min_similarity,
        help=f"word similarity 0..1 a passage needs (default {po.min_similarity})",
    )
    g.add_argument(
        "--ngram",
        type=whole_number,
        default=po.ngram,
        help=f"words per seed n-gram (default {po.ngram})",
    )
    g.add_argument(
        "--max-gap",
        type=whole_number,
        default=po.max_gap,
        help=f"words between seeds still chained into one passage (default {po.max_gap})",
    )
    g = p.add_argument_group("stories")
    g.add_argument(
        "--min-cosine",
        type=_fraction,
        default=so.min_similarity,
        help=f"mean content similarity 0..1 between two groups of articles that makes them "
        f"one story (default {so.min_similarity})",
    )
    g = p.add_argument_group("engine")
    g.add_argument(
        "--engine",
        metavar="{" + ",".join(ENGINES) + "}",
        default="local",
        help="where the analysis runs: here (local), or on Dask distributed (dask: a cluster "
        "of --workers processes here, or the one at --scheduler); the results are the same",
    )
    g.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="with --engine dask: the scheduler of a running cluster (tcp://host:8786)",
    )
    g.add_argument(
        "--workers",
        type=whole_number,
        help="with --engine dask and no --scheduler: worker processes started here "
        "(default: one per core)",
    )
    g.add_argument(
        "--worker-corpus",
        metavar="PATH",
        help="with --engine dask: CORPUS_DIR as the workers see it (a shared folder); they "
        "read the articles there instead of being sent their text",
    )
    p.add_argument(
        "--max-bytes",
        type=whole_number,
        default=DEFAULT_MAX_BYTES,
        help=f"skip files larger than this (default {DEFAULT_MAX_BYTES:,})",
    )


def _fraction(value: str) -> float:
    try:
        x = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if not 0.0 <= x <= 1.0:
        raise argparse.ArgumentTypeError(f"must be between 0 and 1: {value}")
    return x


def run(args: argparse.Namespace) -> int:
    from newsreader.cli import CommandError
    from newsreader.commands import file_progress
    from newsreader.core.analysis import AnalysisOptions, analyze
    from newsreader.core.corpus import CorpusError, load_corpus
    from newsreader.core.passages import PassageOptions
    from newsreader.core.report import summary, write_json
    from newsreader.core.stories import StoryOptions
    from newsreader.core.text import display_safe

    if args.ngram > args.min_quote_words:
        raise CommandError("--ngram must not exceed --min-quote-words")
    from newsreader.core.engines import ENGINES

    if args.engine not in ENGINES:
        # Checked here, not by argparse's choices, so the error is one line without the usage.
        raise CommandError(f"unknown engine {args.engine!r} (choose from {', '.join(ENGINES)})")
    if args.engine != "dask":
        for name in ("scheduler", "workers", "worker_corpus"):
            if getattr(args, name) is not None:
                raise CommandError(f"--{name.replace('_', '-')} needs --engine dask")
    elif args.scheduler is not None and args.workers is not None:
        raise CommandError("--workers starts a cluster here: not with --scheduler")
    try:
        corpus = load_corpus(args.corpus, max_bytes=args.max_bytes, progress=file_progress())
    except CorpusError as exc:
        raise CommandError(str(exc)) from None
    for sk in corpus.skipped:
        print(
            f"newsreader: skipped {display_safe(sk.path)}: {display_safe(sk.reason)}",
            file=sys.stderr,
        )
    options = AnalysisOptions(
        passages=PassageOptions(
            ngram=args.ngram,
            min_words=args.min_words,
            min_quote_words=args.min_quote_words,
            min_similarity=args.min_similarity,
            max_gap=args.max_gap,
        ),
        stories=StoryOptions(min_similarity=args.min_cosine),
    )
    on_dask = args.engine == "dask"
    result = _on_dask(args, corpus, options) if on_dask else analyze(corpus, options)
    if args.json:
        write_json(result, sys.stdout)  # as it is made: a feed's JSON never exists whole
        sys.stdout.write("\n")
    else:
        sys.stdout.write(summary(result) + "\n")
    return 0


def _on_dask(args: argparse.Namespace, corpus: Corpus, options: AnalysisOptions) -> Analysis:
    import os

    from newsreader.cli import CommandError
    from newsreader.core.engines import EngineError
    from newsreader.core.engines.dask_engine import DaskOptions, analyze_on_dask

    dask = DaskOptions(
        scheduler=args.scheduler,
        workers=args.workers or os.cpu_count() or 1,
        worker_corpus=args.worker_corpus,
        max_bytes=args.max_bytes,
    )
    try:
        return analyze_on_dask(corpus, options, dask)
    except EngineError as exc:
        raise CommandError(str(exc)) from None
