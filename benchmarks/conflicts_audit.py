"""How many of the conflicts the engine reports on real news are true: an audit sample.

Usage: ``python benchmarks/conflicts_audit.py [DOCS] [--sample N] [--all]`` (default DOCS:
``../shared/bench/ecbplus/docs`` next to the repository, 982 real articles on 86 events).
Runs the whole analysis (stories, shared passages, numbers, quantities), prints the number of
quantities in ``conflict`` and ``differ``, then a deterministic sample of N of them (default
40, evenly spaced over the disputed quantities in the report's order: conflicts first, by
label), each with its figures and their context, for a reader to judge by hand. Each sampled
quantity has a key (``label | figures``); the judgments made on it are in
``conflicts_audit.json`` next to this script, and the tally of the judged ones in the current
sample is printed at the end.

Judging rule. A quantity is **true** when at least two of its figures, from different
outlets, state the same quantity (the same thing counted or measured, the same event or
episode, the same time frame as far as the articles say) and really differ as the status
says; **false** when the figures are of different things (a phone number, an address, a
calibre, a measure of something else, a background event, a part of a total, another season,
a figure misread) so the status is wrong; **unclear** when the articles do not say enough
(a toll reported on different days, two riot nights). A conflict whose flagged pair is false
but which holds a true pair among its other figures is judged true.

Measured (ECB+, 982 documents):

* before (commit b3bf4c9): 44 conflicts, 10 differ; every one judged: conflicts 6 true,
  31 false, 7 unclear; differ 7 true, 3 false. (One conflict first judged true, the Qeshm
  toll 3 vs at least 7, proved false when the episode rule showed the seven were killed by an
  earlier quake, "in September".)
* after (issue 8): 23 conflicts, 8 differ; every one judged: conflicts 5 true, 10 false,
  8 unclear; differ 6 true, 1 false, 1 unclear. The true conflict lost is "55 wounded, 15
  critically" vs "five of them critically": parts of a total are no longer compared.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from newsreader.core.analysis import analyze
from newsreader.core.corpus import load_corpus
from newsreader.core.model import Analysis, Quantity
from newsreader.core.report import format_figure

HERE = Path(__file__).resolve().parent
DEFAULT = HERE.parent.parent / "shared" / "bench" / "ecbplus" / "docs"
JUDGED = HERE / "conflicts_audit.json"


def disputed(analysis: Analysis) -> list[Quantity]:
    """Conflicts then differs, by label (the report's order)."""
    qs = [q for q in analysis.quantities if q.status != "agree"]
    return sorted(qs, key=lambda q: (q.status != "conflict", q.label, q.mentions))


def key(analysis: Analysis, q: Quantity) -> str:
    mentions = {m.id: m for m in analysis.mentions}
    figures = sorted({format_figure(mentions[mid]) for mid in q.mentions})
    return f"{q.label} | {' / '.join(figures)}"


def sample(items: list[Quantity], n: int) -> list[Quantity]:
    """``n`` items evenly spaced over ``items`` (all of them when there are fewer)."""
    if len(items) <= n:
        return list(items)
    return [items[i * len(items) // n] for i in range(n)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("docs", nargs="?", default=str(DEFAULT))
    parser.add_argument("--sample", type=int, default=40)
    parser.add_argument("--all", action="store_true", help="print every disputed quantity")
    args = parser.parse_args()
    corpus = load_corpus(Path(args.docs))
    analysis = analyze(corpus)
    docs = {d.id: d for d in analysis.documents}
    number = {d.id: i + 1 for i, d in enumerate(analysis.documents)}
    mentions = {m.id: m for m in analysis.mentions}
    items = disputed(analysis)
    counts = Counter(q.status for q in items)
    print(
        f"{len(analysis.documents)} documents, {len(analysis.quantities)} quantities, "
        f"{counts['conflict']} conflict, {counts['differ']} differ"
    )
    chosen = items if args.all else sample(items, args.sample)
    judged: dict[str, str] = {}
    if JUDGED.exists():
        for table in json.loads(JUDGED.read_text(encoding="utf-8")).values():
            if isinstance(table, dict):
                judged.update(table.get("judgments", {}))
    tally: Counter[str] = Counter()
    for i, q in enumerate(chosen, 1):
        k = key(analysis, q)
        verdict = judged.get(k, "")
        if verdict:
            tally[f"{q.status} {verdict.split(':')[0]}"] += 1
        print(f"\n{i:>3}. {q.status.upper()}  {k}" + (f"   [{verdict}]" if verdict else ""))
        for mid in q.mentions:
            m = mentions[mid]
            text = docs[m.doc].text
            lo, hi = max(0, m.start - 70), min(len(text), m.end + 50)
            around = " ".join(text[lo:hi].split())
            print(f"     [{number[m.doc]}] {format_figure(m):>12}  …{around}…")
    if tally:
        print("\njudged in this sample: " + ", ".join(f"{k} {v}" for k, v in sorted(tally.items())))


if __name__ == "__main__":
    main()
