"""``newsreader report [CORPUS_DIR] --out story.html``: the story report for editors."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsreader.commands import DB_ENV, DEFAULT_DB, add_corpus_argument, db_path

if TYPE_CHECKING:
    from newsreader.core.model import Document
    from newsreader.core.story_page import Tag


def register(sub: Any) -> None:
    p = sub.add_parser(
        "report",
        help="write one self-contained HTML page: articles side by side, passages, conflicts, "
        "sources, edits, charts and tags",
        description="Analyse a corpus folder and write a story report for editors: one HTML "
        "file that makes no network request, with the articles side by side, shared passages "
        "and disputed numbers highlighted, where each passage came from and what the copy "
        "changed, each quantity's figures as a chart, and the tags from the annotation "
        "database.",
    )
    add_corpus_argument(p)
    p.add_argument(
        "--out", required=True, metavar="FILE", help="the HTML file to write (atomically)"
    )
    p.add_argument(
        "--db",
        default=None,
        metavar="PATH",
        help=f"annotation database for the tags (default: ${DB_ENV}, else {DEFAULT_DB}; "
        "without one the report has no tags)",
    )
    p.add_argument("--title", default=None, help="the page's title (default: the story's label)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from newsreader.cli import CommandError
    from newsreader.commands import file_progress
    from newsreader.core.analysis import analyze
    from newsreader.core.corpus import CorpusError, load_corpus
    from newsreader.core.story_page import render

    if not str(args.out).strip():
        raise CommandError("--out needs a path (it was empty)")
    target = Path(args.out)
    if target.is_dir():
        raise CommandError(f"--out {args.out} is a folder; give a file name")
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise CommandError(f"cannot write {target}: folder {folder} does not exist")
    explicit_db = args.db is not None or bool(os.environ.get(DB_ENV))
    path = db_path(args)
    try:
        corpus = load_corpus(args.corpus, progress=file_progress())
    except CorpusError as exc:
        raise CommandError(str(exc)) from None
    tags = _tags(path, corpus.documents, required=explicit_db)
    result = analyze(corpus)
    stories = sorted(result.stories, key=lambda s: -len(s.documents))
    title = args.title or (f"Story report: {stories[0].label}" if stories else "Story report")
    _write_atomically(target, render(result, tags, title))
    print(
        f"newsreader: wrote {target} ({len(result.documents)} articles, "
        f"{len(result.passages)} passages, {len(tags)} tags)",
        file=sys.stderr,
    )
    return 0


def _tags(path: str, documents: tuple[Document, ...], *, required: bool) -> list[Tag]:
    """The tags placed on the documents' current text, read through the store (read-only)."""
    from newsreader.cli import CommandError
    from newsreader.core.story_page import Tag
    from newsreader.store import Store, StoreError

    if not Path(path).exists():
        if required:  # named by --db or $NEWSREADER_DB: a typo, not "no tags yet"
            raise CommandError(f"no annotation database at {path}")
        return []
    try:
        store = Store.open(path, create=False, read_only=True)
    except StoreError as exc:
        raise CommandError(str(exc), exc.status) from None
    try:
        colors = {label.name: label.color for label in store.labels()}
        out: list[Tag] = []
        for doc in documents:
            for placed in store.placed(doc):
                if placed.status == "orphaned":
                    continue
                ann = placed.annotation
                out.append(
                    Tag(
                        doc.id,
                        placed.start,
                        placed.end,
                        ann.label,
                        ann.note,
                        ann.author,
                        colors.get(ann.label, ""),
                    )
                )
    except StoreError as exc:
        raise CommandError(str(exc), exc.status) from None
    finally:
        store.close()
    return out


def _write_atomically(target: Path, page: str) -> None:
    """A temporary file in the same folder, then renamed over ``target``: a reader never sees
    half a page, and a failure leaves an existing report as it was."""
    from newsreader.cli import EXIT_FAILURE, CommandError

    folder = target.parent if str(target.parent) else Path(".")
    tmp = folder / f".{target.name}.{uuid.uuid4().hex[:8]}.tmp"
    try:
        with open(tmp, "w", encoding="utf-8", errors="replace", newline="") as fh:
            fh.write(page)
        os.replace(tmp, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise CommandError(f"cannot write {target}: {exc.strerror or exc}", EXIT_FAILURE) from None
