"""Re-anchoring on issue 12's scenario: tags on the bundled articles, the articles edited, the
tags placed again, each placement judged against where its own characters went.

    python benchmarks/reanchor_bench.py [--tags 120] [--seeds 1]

Tags are saved with the real store (a temporary database on disk), 30 per article for 120:
a third on words the article repeats (names), a fifth on numbers, the rest phrases. Each
article is then edited as the issue lists (``tests/store/edits.py``: sentences deleted, figures
changed, context rewritten, paragraphs inserted, opening quotation marks lost, typos fixed).
Two ways of placing them are counted:

* **reader**: ``Store.placed`` on the edited article (the database keeps the text each tag was
  made on, so the edit is diffed);
* **import**: ``anchor.locate`` with the stored quote, prefix and suffix only, as
  ``newsreader import --corpus`` has them.

A placement is *right* if it lies on the tag's own text (as edited), *wrong* if it covers any
other original text, *orphaned* if not placed; an orphan whose text is still there unedited
(its context rewritten) is counted apart. Run it on older code to compare (it uses no API
newer than the first store).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "store"))

from edits import edit_like_the_issue, tags_for  # noqa: E402

from newsreader.core.corpus import document_from_text  # noqa: E402
from newsreader.store import Store  # noqa: E402
from newsreader.store.anchor import diff, locate  # noqa: E402

CORPUS = ROOT / "corpus"


def run(tags_per_article: int, seed: int) -> tuple[Counter[str], Counter[str], Counter[str]]:
    rng = random.Random(seed)
    reader: Counter[str] = Counter()
    importing: Counter[str] = Counter()
    statuses: Counter[str] = Counter()
    with tempfile.TemporaryDirectory() as tmp, Store.open(Path(tmp) / "t.db", user="b") as store:
        for path in sorted(CORPUS.glob("*.txt")):
            text = path.read_text(encoding="utf-8")
            doc = document_from_text(text, f"corpus/{path.name}")
            spans = tags_for(doc.text, tags_per_article, rng)
            anns = {store.add(doc, s, e, "claim").id: (s, e) for s, e in spans}
            edited = edit_like_the_issue(doc.text, spans, rng)
            new_doc = document_from_text(edited.text, doc.path)
            for placed in store.placed(new_doc):
                s, e = anns[placed.annotation.id]
                verdict = edited.judge(s, e, placed.start, placed.end, placed.status)
                ann = placed.annotation
                if verdict == "orphaned" and edited.intact(s, e, ann.quote):
                    verdict = "orphaned, text intact"
                reader[verdict] += 1
                statuses[f"{placed.status}:{verdict}"] += 1
                where = locate(new_doc.text, ann.quote, ann.prefix, ann.suffix, s, e)
                verdict = edited.judge(s, e, *where)
                if verdict == "orphaned" and edited.intact(s, e, ann.quote):
                    verdict = "orphaned, text intact"
                importing[verdict] += 1
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
            t0 = time.perf_counter()
            for text in olds:
                diff(text, edited(text))
            runs.append((time.perf_counter() - t0) / len(olds))
        out.append(statistics.median(runs))
    return out[0], out[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tags", type=int, default=120, help="tags in all (30 per article)")
    parser.add_argument("--seeds", type=int, default=1, help="scenarios to run (seeds 0..N-1)")
    args = parser.parse_args()
    per_article = max(1, args.tags // 4)
    total_reader: Counter[str] = Counter()
    total_import: Counter[str] = Counter()
    total_status: Counter[str] = Counter()
    for seed in range(args.seeds):
        reader, importing, statuses = run(per_article, seed)
        total_reader.update(reader)
        total_import.update(importing)
        total_status.update(statuses)
    n = sum(total_reader.values())
    print(f"{n} tags on {len(list(CORPUS.glob('*.txt')))} articles, {args.seeds} scenario(s)")
    ways = (("reader (Store.placed)", total_reader), ("import (locate)", total_import))
    for name, counts in ways:
        print(
            f"  {name:22} right {counts['right']:4}  wrong {counts['wrong']:4}  orphaned "
            f"{counts['orphaned'] + counts['orphaned, text intact']:4} (of which the tag's text "
            f"was intact: {counts['orphaned, text intact']})"
        )
    print("  reader by status:", ", ".join(f"{k} {v}" for k, v in sorted(total_status.items())))
    small, big = diff_times()
    print(f"diff of an edited article: 4 KB {small * 1000:.1f} ms, 1 MB {big:.2f} s (medians of 3)")


if __name__ == "__main__":
    main()
