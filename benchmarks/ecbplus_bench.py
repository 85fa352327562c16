"""Story grouping against ECB+ gold events (982 real news articles, 43 pairs of near-miss events).

    python benchmarks/ecbplus_bench.py [ECBPLUS_DIR] [--json] [--folders]

ECBPLUS_DIR holds ``docs/`` and ``gold.json`` (default: ../shared/bench/ecbplus). The whole
``docs/`` folder is analysed as one corpus with no hint of the events; the stories found are
scored as a clustering of the documents: BCubed precision / recall / F1 (per document: the share
of its found story that is of its gold story, and the share of its gold story it was put with)
and pairwise precision / recall. Files skipped as exact duplicates, or loaded once as the same
article, belong to their original's story. Also printed: the number and largest size of the
stories, how many passages join documents of different gold stories, and the time of the
analysis.

With ``--folders`` the small-folder cases are measured too: each gold story alone as a folder
(one event followed by ~11 outlets: the stories found per folder should be 1) and each topic
alone (its two near-miss events, ~22 articles: BCubed F1 per folder, averaged).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

from newsreader.core.corpus import load_corpus
from newsreader.core.model import Document
from newsreader.core.passages import find_passages, prepare
from newsreader.core.stories import group_stories

HERE = Path(__file__).resolve().parent
DEFAULT = HERE.parent.parent / "shared" / "bench" / "ecbplus"


def bcubed(found: dict[str, str], gold: dict[str, str]) -> tuple[float, float, float]:
    """BCubed precision, recall and F1 of the clustering ``found`` (item -> cluster)."""
    by_found: dict[str, list[str]] = defaultdict(list)
    by_gold: dict[str, list[str]] = defaultdict(list)
    for item, cluster in found.items():
        by_found[cluster].append(item)
        by_gold[gold[item]].append(item)
    p = r = 0.0
    for item, cluster in found.items():
        mates = by_found[cluster]
        same = sum(1 for other in mates if gold[other] == gold[item])
        p += same / len(mates)
        r += same / len(by_gold[gold[item]])
    p, r = p / len(found), r / len(found)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def pairwise(found: dict[str, str], gold: dict[str, str]) -> tuple[float, float]:
    """Precision and recall over the pairs of items put in one cluster."""

    def pairs(groups: Counter[str]) -> int:
        return sum(n * (n - 1) // 2 for n in groups.values())

    both = pairs(Counter((found[i], gold[i]) for i in found))
    found_pairs = pairs(Counter(found.values()))
    gold_pairs = pairs(Counter(gold[i] for i in found))
    return (both / found_pairs if found_pairs else 1.0, both / gold_pairs if gold_pairs else 1.0)


def _stories_of(docs: list[Document]) -> dict[str, str]:
    """Story id of each document (by file name), through the calls `analyze` makes."""
    prepared = prepare(docs)
    shared = [(al.a, al.b, al.a_range[1] - al.a_range[0]) for al in find_passages(prepared)]
    return {
        os.path.basename(d.path): story.id
        for story in group_stories(prepared, shared)
        for d in docs
        if d.id in story.documents
    }


def small_folders(
    docs: list[Document], gold: dict[str, str], topic: dict[str, str]
) -> dict[str, float]:
    """Each gold story alone, and each topic alone, as a folder of its own."""
    by_story: dict[str, list[Document]] = defaultdict(list)
    by_topic: dict[str, list[Document]] = defaultdict(list)
    for d in docs:
        name = os.path.basename(d.path)
        by_story[gold[name]].append(d)
        by_topic[topic[name]].append(d)
    per_story = [len(set(_stories_of(group).values())) for group in by_story.values()]
    per_topic = [bcubed(_stories_of(group), gold)[2] for group in by_topic.values()]
    return {
        "one_event_folders": len(per_story),
        "stories_per_one_event_folder": round(sum(per_story) / len(per_story), 3),
        "one_event_folders_in_one_story": sum(1 for k in per_story if k == 1),
        "near_miss_folders": len(per_topic),
        "near_miss_folder_bcubed_f1": round(sum(per_topic) / len(per_topic), 4),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("bench", nargs="?", default=str(DEFAULT))
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument(
        "--folders", action="store_true", help="also each story and each topic as its own folder"
    )
    args = parser.parse_args(argv)
    bench = Path(args.bench)
    gold_data = json.loads((bench / "gold.json").read_text())
    gold = {name: entry["story"] for name, entry in gold_data["docs"].items()}
    topic = {name: entry["topic"] for name, entry in gold_data["docs"].items()}

    # The calls `analyze` makes for stories (numbers are not needed for them).
    t0 = time.perf_counter()
    corpus = load_corpus(bench / "docs")
    prepared = prepare(corpus.documents)
    alignments = find_passages(prepared)
    t1 = time.perf_counter()
    shared = [(al.a, al.b, al.a_range[1] - al.a_range[0]) for al in alignments]
    stories = group_stories(prepared, shared)
    t2 = time.perf_counter()
    seconds, story_seconds = t2 - t0, t2 - t1

    name_of = {d.id: os.path.basename(d.path) for d in corpus.documents}
    found: dict[str, str] = {}
    for story in stories:
        for doc_id in story.documents:
            found[name_of[doc_id]] = story.id
    for skipped in corpus.skipped:
        m = re.match(
            r"(?:duplicate of|the same article as) (.+?)(?: \(loaded once\))?$", skipped.reason
        )
        if m:
            found[os.path.basename(skipped.path)] = found[os.path.basename(m.group(1))]
    missing = set(gold) - set(found)
    if missing:
        print(f"documents not loaded: {sorted(missing)[:5]}...", file=sys.stderr)
        return 1
    p, r, f1 = bcubed(found, gold)
    pp, pr = pairwise(found, gold)
    crossing = sum(
        1 for al in alignments if len({gold[name_of[s.doc]] for s in al.passage.spans}) > 1
    )
    sizes = sorted((len(s.documents) for s in stories), reverse=True)
    figures = {
        "documents": len(found),
        "gold_stories": len(set(gold.values())),
        "stories": len(stories),
        "largest_story": sizes[0],
        "singletons": sum(1 for n in sizes if n == 1),
        "bcubed_precision": round(p, 4),
        "bcubed_recall": round(r, 4),
        "bcubed_f1": round(f1, 4),
        "pairwise_precision": round(pp, 4),
        "pairwise_recall": round(pr, 4),
        "passages": len(alignments),
        "passages_crossing_stories": crossing,
        "seconds": round(seconds, 2),
        "stories_seconds": round(story_seconds, 2),
        "cores": os.cpu_count(),
    }
    if args.folders:
        figures.update(small_folders(list(corpus.documents), gold, topic))
    if args.json:
        print(json.dumps(figures))
        return 0
    print(
        f"ECB+ stories: {figures['documents']} documents, {figures['gold_stories']} gold stories;"
        f" found {figures['stories']} (largest {sizes[0]}, {figures['singletons']} single)\n"
        f"BCubed P {p:.3f} R {r:.3f} F1 {f1:.3f}; pairwise P {pp:.3f} R {pr:.3f}\n"
        f"passages {figures['passages']}, crossing gold stories {crossing}\n"
        f"load, passages and stories {seconds:.2f} s (stories {story_seconds:.2f} s), "
        f"{figures['cores']} cores"
    )
    if args.folders:
        print(
            f"one event per folder: {figures['stories_per_one_event_folder']} stories per folder,"
            f" {figures['one_event_folders_in_one_story']} of {figures['one_event_folders']}"
            f" folders one story\n"
            f"two near-miss events per folder: BCubed F1 {figures['near_miss_folder_bcubed_f1']}"
            f" (mean of {figures['near_miss_folders']} folders)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
