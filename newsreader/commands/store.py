"""``newsreader export``, ``import``, ``tags``, ``history`` and ``agreement``: the annotation
store's commands.

Argument parsing and printing only; the work is in :mod:`newsreader.store` (imported lazily).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypedDict, TypeVar

from newsreader.cli import CommandError
from newsreader.commands import DB_ENV, DEFAULT_DB, db_path, whole_number

if TYPE_CHECKING:
    from newsreader.core.model import Document
    from newsreader.store import Store
    from newsreader.store.agreement import GroupScore
    from newsreader.store.exchange import ImportPlan
    from newsreader.store.model import Placed

_T = TypeVar("_T")
MAX_SKIPPED_SHOWN = 20  # records an import skipped, listed on stderr


def register(subparsers: Any) -> None:
    common = argparse.ArgumentParser(add_help=False)
    group = common.add_argument_group("database")
    group.add_argument(
        "--db",
        metavar="PATH",
        help=f"annotation database (default: ${DB_ENV} or {DEFAULT_DB})",
    )
    group.add_argument("--user", help="author name for new tags (default: your OS user name)")
    group.add_argument(
        "--admin", action="store_true", help="allow changing other authors' tags (import)"
    )
    group.add_argument(
        "--timeout",
        type=_seconds,
        default=10.0,
        metavar="SECONDS",
        help="how long to wait for other writers before giving up (default: 10)",
    )
    filters = argparse.ArgumentParser(add_help=False)
    fgroup = filters.add_argument_group("filters")
    fgroup.add_argument("--doc", metavar="ID_OR_PATH", help="only this document's tags")
    fgroup.add_argument("--label", metavar="L", help="only tags with this label")
    fgroup.add_argument("--author", metavar="U", help="only this author's tags")

    p = subparsers.add_parser(
        "export",
        parents=[common, filters],
        help="write annotations as json, jsonl, W3C Web Annotation or csv",
        description="Write annotations to stdout, or atomically to --out FILE, which must not "
        "exist unless --force is given.",
    )
    p.add_argument("--format", choices=("json", "jsonl", "w3c", "csv"), default="json")
    p.add_argument("--out", metavar="FILE", help="write here (temporary file, then rename)")
    p.add_argument(
        "--force", action="store_true", help="replace --out FILE if it exists (default: refuse)"
    )
    p.set_defaults(func=run_export)

    p = subparsers.add_parser(
        "import",
        parents=[common],
        help="read annotations from a json, jsonl, W3C or Hypothesis file (all or nothing)",
        description=(
            "Import annotations in one transaction. Every bad record is reported and nothing "
            "is written from a file that fails validation. Importing twice changes nothing."
        ),
    )
    p.add_argument("file", metavar="FILE")
    p.add_argument(
        "--corpus",
        metavar="DIR",
        help="articles to re-anchor against and to match web addresses to (default: the paths "
        "named in the file, if present)",
    )
    p.add_argument(
        "--format",
        choices=("json", "jsonl", "w3c", "hypothesis"),
        help="the file's format (default: from its extension, .json .jsonl .jsonld; "
        "else from its content)",
    )
    p.add_argument(
        "--keep-authors",
        action="store_true",
        help="add other people's tags under their own names (a curator merging files); "
        "without it, new tags must be yours",
    )
    p.set_defaults(func=run_import)

    p = subparsers.add_parser(
        "tags",
        parents=[common, filters],
        help="list annotations",
        description=(
            "List annotations as a table, or as JSON with --json. With --corpus, each tag's "
            "placement on its article's current text, as the reader places it."
        ),
    )
    p.add_argument("--json", action="store_true", help="JSON for scripts")
    p.add_argument(
        "--corpus",
        metavar="DIR",
        help="articles: show where each tag lands on their current text "
        "(exact, moved, fuzzy or orphaned; '-' for an article not there)",
    )
    p.set_defaults(func=run_tags)

    p = subparsers.add_parser(
        "history",
        parents=[common],
        help="who did what: every add, edit, delete, restore and import, oldest first",
        description=(
            "The trail of changes to the tags: one line per event, oldest first (the newest "
            "last), with when (UTC), who (the OS account, and 'as NAME' when the author name "
            "claimed differs), what, the tag and what changed. Read-only: the database is "
            "never created or changed."
        ),
    )
    p.add_argument("--tag", metavar="ID", help="only this tag (its id, or 4+ first characters)")
    p.add_argument("--doc", metavar="ID_OR_PATH", help="only this document's tags")
    p.add_argument("--author", metavar="U", help="only changes made under this author name")
    p.add_argument("--account", metavar="A", help="only changes made from this OS account")
    p.add_argument("--limit", type=whole_number, metavar="N", help="only the newest N events")
    p.add_argument("--json", action="store_true", help="JSON for scripts")
    p.set_defaults(func=run_history)

    p = subparsers.add_parser(
        "agreement",
        parents=[common],
        help="inter-annotator agreement: pairwise span F1, Krippendorff's unitized alpha",
        description=(
            "Where several authors tagged the same documents: span F1 (exact and overlap) for "
            "each pair of authors and Krippendorff's unitized alpha (the 2016 coincidence form "
            "and the 1995 formula), per label and document."
        ),
    )
    p.add_argument("--label", metavar="L", help="only this label")
    p.add_argument("--corpus", metavar="DIR", help="articles, for document lengths if unknown")
    p.add_argument("--json", action="store_true", help="JSON for scripts")
    p.set_defaults(func=run_agreement)


# ---------------------------------------------------------------------------------------------


@contextmanager
def opened(args: argparse.Namespace, *, create: bool) -> Iterator[Store]:
    """The store, with its errors turned into one-line command errors."""
    from newsreader.store import Store, StoreError

    try:
        store = Store.open(
            db_path(args), user=args.user, admin=args.admin, create=create, timeout=args.timeout
        )
    except StoreError as exc:
        raise CommandError(str(exc), exc.status) from None
    for warning in store.warnings:
        print(f"newsreader: warning: {warning}", file=sys.stderr)
    try:
        yield store
    except StoreError as exc:
        raise CommandError(str(exc), exc.status) from None
    finally:
        store.close()


def _corpus(path: str | None) -> Sequence[Document]:
    if path is None:
        return ()
    from newsreader.core.corpus import CorpusError, load_corpus

    try:
        return load_corpus(path).documents
    except CorpusError as exc:
        raise CommandError(str(exc)) from None


def _seconds(value: str) -> float:
    """``--timeout``: a finite number of seconds, not negative."""
    try:
        seconds = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {value!r}") from None
    if not math.isfinite(seconds) or seconds < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more seconds, not {value!r}")
    return seconds


class _Filters(TypedDict):
    doc: str | None
    label: str | None
    author: str | None


def _filters(store: Store, args: argparse.Namespace) -> _Filters:
    """``--doc``, ``--label``, ``--author``, checked: an unknown document or label is bad
    input (a typo would otherwise give an empty result and exit status 0)."""
    doc = None if args.doc is None else store.document_key(args.doc)
    if args.label is not None:
        store.require_label(args.label)
    return {"doc": doc, "label": args.label, "author": args.author}


def run_export(args: argparse.Namespace) -> int:
    from newsreader.store.errors import FileExists
    from newsreader.store.exchange import export_annotations, export_to_file

    if args.out is not None and not args.out.strip():
        raise CommandError("--out needs a file name (it was empty)")
    if args.force and args.out is None:
        raise CommandError("--force only applies to --out FILE", 2)
    with opened(args, create=False) as store:
        filters = _filters(store, args)
        if args.out is not None:
            try:
                count = export_to_file(
                    store, args.format, args.out, overwrite=args.force, **filters
                )
            except FileExists as exc:
                raise CommandError(f"{exc} (--force replaces it)", exc.status) from None
            print(f"exported {count} annotation(s) to {args.out}", file=sys.stderr)
        else:
            export_annotations(store, args.format, sys.stdout, **filters)
            sys.stdout.flush()
    return 0


def run_import(args: argparse.Namespace) -> int:
    import os

    from newsreader.store.exchange import apply_import

    documents = _corpus(args.corpus)
    # A database that is there is checked first (its errors come before the file's); one that
    # is not is created only once the whole file has been checked.
    plan = None if os.path.exists(db_path(args)) else _prepare_import(args, documents)
    with opened(args, create=True) as store:
        plan = plan or _prepare_import(args, documents)
        report = _reporting_problems(lambda: apply_import(store, plan))
    for kind, lines in (("skipped", report.skipped), ("orphaned", report.orphans)):
        for line in lines[:MAX_SKIPPED_SHOWN]:
            print(f"newsreader: {kind}: {args.file}: {line}", file=sys.stderr)
        if len(lines) > MAX_SKIPPED_SHOWN:
            more = len(lines) - MAX_SKIPPED_SHOWN
            print(f"newsreader: {kind}: ... and {more} more", file=sys.stderr)
    print(f"{args.file}: {report.summary()}")
    return 0


def _prepare_import(args: argparse.Namespace, documents: Sequence[Document]) -> ImportPlan:
    from newsreader.store import StoreError
    from newsreader.store.annotations import resolve_user
    from newsreader.store.exchange import prepare_import, read_import_file

    try:
        text = read_import_file(args.file)
        return _reporting_problems(
            lambda: prepare_import(
                text,
                args.file,
                user=resolve_user(args.user),
                documents=documents,
                fmt=args.format,
                keep_authors=args.keep_authors,
            )
        )
    except StoreError as exc:
        raise CommandError(str(exc), exc.status) from None


def _reporting_problems(call: Callable[[], _T]) -> _T:
    """``call()``; if the import fails, each bad record is printed before the error."""
    from newsreader.store.exchange import ImportFailed

    try:
        return call()
    except ImportFailed as exc:
        for problem in exc.problems:
            print(f"newsreader: {problem}", file=sys.stderr)
        raise


def run_tags(args: argparse.Namespace) -> int:
    from newsreader.store.exchange import annotation_record

    documents = _corpus(args.corpus)
    with opened(args, create=False) as store:
        anns = store.annotations(**_filters(store, args))
        placed = _placements(store, documents) if args.corpus is not None else None
    if args.json:
        records = [annotation_record(a) for a in anns]
        if placed is not None:
            for record, a in zip(records, anns, strict=True):
                where = placed.get(a.id)
                record["placement"] = (
                    None
                    if where is None
                    else {"status": where.status, "start": where.start, "end": where.end}
                )
        json.dump(records, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return 0
    head = ["ID", "DOCUMENT", "SPAN", "LABEL", "AUTHOR", "QUOTE", "NOTE"]
    rows = [
        [
            a.id[:8],
            _clip(a.doc_title or a.doc_path or a.doc, 28),
            f"{a.start}-{a.end}",
            a.label,
            a.author,
            _clip(a.quote, 40),
            _clip(a.note, 30),
        ]
        for a in anns
    ]
    if placed is not None:
        head.insert(3, "PLACED")
        for row, a in zip(rows, anns, strict=True):
            row.insert(3, _placed_cell(placed.get(a.id)))
    _table(head, rows)
    print(f"{len(anns)} annotation(s)", file=sys.stderr)
    return 0


def _placements(store: Store, documents: Sequence[Document]) -> dict[str, Placed]:
    """Each tag placed on the current text of its document in ``documents`` (as the reader
    places it: exact, moved, fuzzy or orphaned); a tag whose document is not there has none."""
    out: dict[str, Placed] = {}
    for doc in documents:
        for where in store.placed(doc):
            ann = where.annotation
            if ann.id not in out or ann.doc == doc.id:  # its own id first, else by path
                out[ann.id] = where
    return out


def _placed_cell(where: Placed | None) -> str:
    """``exact``, ``moved 120-129``, ``fuzzy 120-131``, ``orphaned``, or ``-`` (no article)."""
    if where is None:
        return "-"
    if where.status in ("moved", "fuzzy"):
        return f"{where.status} {where.start}-{where.end}"
    return where.status


def run_history(args: argparse.Namespace) -> int:
    from newsreader.store import Store, StoreError
    from newsreader.store.trail import VERBS, describe, when, who

    try:
        # Read-only: an older database is read as it is, not upgraded; nothing is created.
        store = Store.open(
            db_path(args), user=args.user, create=False, timeout=args.timeout, read_only=True
        )
    except StoreError as exc:
        raise CommandError(str(exc), exc.status) from None
    try:
        for warning in store.warnings:
            if "read-only was asked" not in warning:  # asked for here: not news
                print(f"newsreader: warning: {warning}", file=sys.stderr)
        found = store.history(
            tag=args.tag, doc=args.doc, author=args.author, account=args.account, limit=args.limit
        )
    except StoreError as exc:
        raise CommandError(str(exc), exc.status) from None
    finally:
        store.close()
    for note in found.notes:
        print(f"newsreader: note: {_clip(note, 400)}", file=sys.stderr)
    if args.json:
        json.dump([e.record() for e in found.events], sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return 0
    rows = [
        (
            when(e),
            _clip(who(e), 50),
            VERBS[e.action],
            (e.tag or "")[:8],
            _clip(describe(e), 200),
        )
        for e in found.events
    ]
    _table(("WHEN (UTC)", "WHO", "WHAT", "TAG", "DETAIL"), rows)
    print(f"{len(found.events)} event(s)", file=sys.stderr)
    return 0


def run_agreement(args: argparse.Namespace) -> int:
    from newsreader.store.agreement import agreement

    documents = _corpus(args.corpus)
    with opened(args, create=False) as store:
        if args.label is not None:
            store.require_label(args.label)
        anns = store.annotations()
        lengths = {d.id: d.length for d in store.documents() if d.length is not None}
    lengths.update({d.id: len(d.text) for d in documents})
    report = agreement(anns, lengths, label=args.label)
    if args.json:
        json.dump(_report_json(report), sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return 0
    for note in report.notes:
        print(f"newsreader: note: {note}", file=sys.stderr)
    if not report.documents:
        print("no document was tagged by two or more authors: nothing to compare")
        return 0
    print(
        f"{report.documents} document(s) tagged by two or more of: {', '.join(report.authors)}\n"
        "alpha = Krippendorff's unitized alpha (1 = perfect, 0 = chance): 2016, the "
        "coincidence form, scores\npartial agreement between disjoint and identical; 1995, "
        "the original formula, can score it far\nbelow unrelated text. "
        "F1 = mean over pairs of authors\n"
    )
    head = ("", "DOCS", "SPANS", "ALPHA 2016", "ALPHA 1995", "F1 EXACT", "F1 OVERLAP")
    print("By label")
    # With --label the overall row is that label's row: shown once.
    groups = report.by_label if args.label else (*report.by_label, report.overall)
    _table(head, [_group_row(g, g.key) for g in groups])
    print("\nBy document")
    _table(head, [_group_row(g, _clip(g.title, 40)) for g in report.by_document])
    print(f"\nPairs of authors ({args.label or 'all labels'})")
    _table(
        ("AUTHORS", "DOCS", "SPANS", "F1 EXACT", "F1 OVERLAP"),
        [
            (
                f"{p.first} / {p.second}",
                str(p.documents),
                f"{p.first_spans} / {p.second_spans}",
                _num(p.f1_exact),
                _num(p.f1_overlap),
            )
            for p in report.overall.pairs
        ],
    )
    return 0


# ---------------------------------------------------------------------------------------------


def _group_row(g: GroupScore, name: str) -> tuple[str, ...]:
    return (
        name,
        str(g.documents),
        str(g.spans),
        _num(g.alpha_2016),
        _num(g.alpha),
        _num(g.mean_f1_exact),
        _num(g.mean_f1_overlap),
    )


def _report_json(report: Any) -> dict[str, Any]:
    from dataclasses import asdict

    def group(g: GroupScore) -> dict[str, Any]:
        out = asdict(g)
        out["mean_f1_exact"], out["mean_f1_overlap"] = g.mean_f1_exact, g.mean_f1_overlap
        return out

    return {
        "authors": list(report.authors),
        "documents": report.documents,
        "overall": group(report.overall),
        "by_label": [group(g) for g in report.by_label],
        "by_document": [group(g) for g in report.by_document],
        "notes": list(report.notes),
    }


def _num(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def _clip(text: str, width: int) -> str:
    """One line of printable text, at most ``width`` characters."""
    flat = "".join(
        " " if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") else ch for ch in text
    )
    flat = " ".join(flat.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def _table(head: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    widths = [max([len(h), *(len(r[i]) for r in rows)]) for i, h in enumerate(head)]
    for row in (head, *rows):
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
