"""Re-anchoring on issue 12's scenarios: tags on the bundled articles, the articles edited, the
tags placed again, each placement judged against where its own characters went.

    python benchmarks/reanchor_bench.py [--tags 120] [--seeds 1]

Tags are saved with the real store (a temporary database on disk), 30 per article for 120:
a third on words the article repeats (names), a fifth on numbers, the rest phrases. Each
article is then edited in one of two ways (``tests/store/edits.py``):

* **the issue's**: as the issue lists (sentences deleted, figures changed, context rewritten,
  paragraphs inserted, opening quotation marks lost, typos fixed);
* **realistic**: what re-extracting or re-editing a page does: the sentences of a third of the
  tags deleted, then eight edits drawn from ``REALISTIC`` (sentences and paragraphs deleted,
  the other articles' sentences and paragraphs inserted, half the time ones holding a tag's
  quote, blank lines collapsed, lines re-wrapped, quotation marks straightened or curled,
  figures changed, paragraphs moved).

Two ways of placing them are counted:

* **reader**: ``Store.placed`` on the edited article (the database keeps the text each tag was
  made on, so the edit is diffed);
* **import**: ``anchor.locate`` with the stored quote, prefix and suffix only, as
  ``newsreader import --corpus`` has them.

A placement is *right* if it begins and ends on the tag's own characters (or what replaced
them) with its word edges kept (``edits.made_on``), or lies on another outlet's copy of the
tag's sentence put in by the edits (``edits.version_of_sentence``: no method can tell those
apart); *wrong* otherwise; *orphaned* if not placed. An orphan whose text is still there,
unedited, is counted apart. Run it on older code to compare (it uses no API newer than the
first store). Times are CPU time (``time.process_time``): the machine is shared.
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "store"))

from edits import (  # noqa: E402
    REALISTIC,
    Tracked,
    edit_like_the_issue,
    made_on,
    realistic_edit,
    tags_for,
    version_of_sentence,
)

from newsreader.core.corpus import document_from_text  # noqa: E402
from newsreader.store import Store  # noqa: E402
from newsreader.store.anchor import diff, locate  # noqa: E402

CORPUS = ROOT / "corpus"


SENTENCE = re.compile(r"[^.!?\n]+[.!?]+[\"”’]?[ \t]*")


def edit_realistically(
    text: str, spans: list[tuple[int, int]], others: list[str], rng: random.Random
) -> Tracked:
    """The sentences of a third of the tags deleted, then eight realistic edits."""
    doc = Tracked.of(text)
    doomed = {
        next((m.start(), m.end()) for m in SENTENCE.finditer(text) if m.end() > s)
        for s, _ in rng.sample(spans, len(spans) // 3)
        if any(m.end() > s for m in SENTENCE.finditer(text))
    }
    for a, b in sorted(doomed, reverse=True):
        doc.replace(a, b, "")
    for _ in range(8):
        s, e = rng.choice(spans)
        realistic_edit(doc, rng, others, text[s:e], rng.choice(REALISTIC))
    return doc


def verdict(doc: Tracked, original: str, span: tuple[int, int], where: tuple[int, int, str]) -> str:
    (start, end), (s, e, status) = span, where
    if status == "orphaned":
        return "orphaned, text intact" if doc.intact(start, end, original[start:end]) else status
    if made_on(doc, original, start, end, s, e) or version_of_sentence(
        doc, original, start, end, s, e
    ):
        return "right"
    return "wrong"


def run(
    tags_per_article: int, seed: int, realistic: bool
) -> tuple[Counter[str], Counter[str], Counter[str]]:
    rng = random.Random(seed)
    reader: Counter[str] = Counter()
    importing: Counter[str] = Counter()
    statuses: Counter[str] = Counter()
    paths = sorted(CORPUS.glob("*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in paths]
    with tempfile.TemporaryDirectory() as tmp, Store.open(Path(tmp) / "t.db", user="b") as store:
        for n, path in enumerate(paths):
            doc = document_from_text(texts[n], f"corpus/{path.name}")
            spans = tags_for(doc.text, tags_per_article, rng)
            anns = {store.add(doc, s, e, "claim").id: (s, e) for s, e in spans}
            if realistic:
                edited = edit_realistically(doc.text, spans, texts[:n] + texts[n + 1 :], rng)
            else:
                edited = edit_like_the_issue(doc.text, spans, rng)
            new_doc = document_from_text(edited.text, doc.path)
            for placed in store.placed(new_doc):
                span = anns[placed.annotation.id]
                said = verdict(edited, doc.text, span, (placed.start, placed.end, placed.status))
                reader[said] += 1
                statuses[f"{placed.status}:{said}"] += 1
                ann = placed.annotation
                where = locate(new_doc.text, ann.quote, ann.prefix, ann.suffix, *span)
                importing[verdict(edited, doc.text, span, where)] += 1
    return reader, importing, statuses


def diff_times() -> tuple[float, float]:
    """Median seconds to diff an article against its edited version (edits at the top, in
    the middle and at the end, so no common beginning or end is set aside): the bundled
    articles (about 4 KB) and all four repeated to 1 MB (repetitive: a diff's worst case)."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))]
    big = "\n\n".join(texts) * 60

    def edited(text: str) -> str:
        half = len(text) // 2
        return "UPDATE. " + text[:half] + " inserted words " + text[half:] + " END"

    out = []
    for olds in (texts, [big]):
        runs = []
        for _ in range(3):
            diff.cache_clear()
            t0 = time.process_time()
            for text in olds:
                diff(text, edited(text))
            runs.append((time.process_time() - t0) / len(olds))
        out.append(statistics.median(runs))
    return out[0], out[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tags", type=int, default=120, help="tags in all (30 per article)")
    parser.add_argument("--seeds", type=int, default=1, help="scenarios to run (seeds 0..N-1)")
    args = parser.parse_args()
    per_article = max(1, args.tags // 4)
    for realistic in (False, True):
        total_reader: Counter[str] = Counter()
        total_import: Counter[str] = Counter()
        total_status: Counter[str] = Counter()
        for seed in range(args.seeds):
            reader, importing, statuses = run(per_article, seed, realistic)
            total_reader.update(reader)
            total_import.update(importing)
            total_status.update(statuses)
        n = sum(total_reader.values())
        name = "realistic edits" if realistic else "the issue's edits"
        print(
            f"{name}: {n} tags on {len(list(CORPUS.glob('*.txt')))} articles, {args.seeds} seed(s)"
        )
        ways = (("reader (Store.placed)", total_reader), ("import (locate)", total_import))
        for way, counts in ways:
            print(
                f"  {way:22} right {counts['right']:4}  wrong {counts['wrong']:4}  orphaned "
                f"{counts['orphaned'] + counts['orphaned, text intact']:4} (of which the tag's "
                f"text was intact: {counts['orphaned, text intact']})"
            )
        print("  reader by status:", ", ".join(f"{k} {v}" for k, v in sorted(total_status.items())))
    small, big = diff_times()
    print(
        f"diff of an edited article: 4 KB {small * 1000:.1f} ms, 1 MB {big:.2f} s "
        "(CPU time, medians of 3)"
    )


if __name__ == "__main__":
    main()
