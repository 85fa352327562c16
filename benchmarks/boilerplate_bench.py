"""Learned page furniture: reuse kept, trailers caught, on real news (ECB+), and its speed.

    python benchmarks/boilerplate_bench.py [ECBPLUS_DIR] [--files N]

ECBPLUS_DIR holds ``docs/`` and ``gold.json`` (default: ../shared/bench/ecbplus). Two kinds of
recurring line are added to the real articles, each line unique to its group of documents:

- *reuse*: a line added to k documents of one gold story (a wire paragraph the outlets of one
  story carry), which must stay text;
- *trailer*: a line added to k documents of k different gold stories (a site's trailer on
  unrelated articles), which must become furniture.

For every threshold pair on a small grid it prints the share of each kind judged furniture, for
k = 3, 5 and 10. Then it times ``load_corpus`` on a folder of N files (default 10,000) that all
end with the same trailer, with and without the learning step.
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from newsreader.core.boilerplate import BoilerplateOptions, recurring_regions
from newsreader.core.corpus import document_from_text, load_corpus
from newsreader.core.model import Document

HERE = Path(__file__).resolve().parent
DEFAULT = HERE.parent.parent / "shared" / "bench" / "ecbplus"
LETTERS = "alpha bravo charlie delta echo foxtrot golf hotel india juliet".split()
TRAILER = "Read more local stories like this one from the Riverside Gazette newsroom"


def _name(g: int, kind: str) -> str:
    """A line unique to group ``g`` (digits are ignored by the line keys, so spell them)."""
    spelled = " ".join(LETTERS[int(c)] for c in str(g))
    return f"{kind} line {spelled} carried by every document of this group"


def _groups(
    gold: dict[str, str], k: int, rng: random.Random
) -> tuple[list[list[str]], list[list[str]]]:
    by_story: dict[str, list[str]] = defaultdict(list)
    for name, story in sorted(gold.items()):
        by_story[story].append(name)
    reuse = [names[:k] for names in by_story.values() if len(names) >= k]
    stories = sorted(by_story)
    trailer = []
    for _ in range(len(reuse)):
        picked = rng.sample(stories, k)
        trailer.append([rng.choice(by_story[s]) for s in picked])
    return reuse, trailer


def judge(
    texts: dict[str, str], gold: dict[str, str], k: int, options: BoilerplateOptions
) -> tuple[float, float, int]:
    """Share of reuse lines and of trailer lines judged furniture, and the number of groups."""
    rng = random.Random(k)
    reuse, trailer = _groups(gold, k, rng)
    added: dict[str, list[str]] = defaultdict(list)
    for g, names in enumerate(reuse):
        for name in names:
            added[name].append(_name(g, "reuse"))
    for g, names in enumerate(trailer):
        for name in names:
            added[name].append(_name(g, "trailer"))
    docs: list[Document] = []
    for name in sorted(texts):
        body = texts[name].rstrip("\n")
        extra = "\n\n".join(added.get(name, []))
        docs.append(document_from_text(f"{body}\n\n{extra}\n" if extra else texts[name], name))
    regions = recurring_regions(docs, options)
    marked: dict[str, int] = defaultdict(int)
    for doc, rs in zip(docs, regions, strict=True):
        for r in rs:
            line = doc.text[r.start : r.end]
            if line.startswith(("reuse line", "trailer line")):
                marked[line.split(" carried")[0]] += 1
    reuse_hit = sum(1 for g in range(len(reuse)) if marked[_name(g, "reuse").split(" carried")[0]])
    trailer_hit = sum(
        1 for g in range(len(trailer)) if marked[_name(g, "trailer").split(" carried")[0]]
    )
    n = max(1, len(reuse))
    return reuse_hit / n, trailer_hit / n, len(reuse)


def time_folder(texts: dict[str, str], files: int) -> tuple[float, float, int]:
    """Seconds to load ``files`` articles ending with one trailer, with and without learning.

    Each article is eight real sentences drawn at random (seeded) from the ECB+ texts, so the
    articles differ from one another as a site's articles do.
    """
    sentences = [
        s.strip() + "."
        for name in sorted(texts)
        for s in texts[name].split("\n\n", 1)[-1].split(". ")
        if len(s.split()) > 6
    ]
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for i in range(files):
            rng = random.Random(i)
            body = " ".join(rng.sample(sentences, 8))
            title = rng.choice(sentences)[:80]
            (root / f"{i:05d}.txt").write_text(f"{title}\n\n{body}\n\n{TRAILER}\n", "utf-8")
        t0 = time.perf_counter()
        plain = load_corpus(root, boilerplate=None)
        t1 = time.perf_counter()
        learned = load_corpus(root)
        t2 = time.perf_counter()
        assert len(plain.documents) == len(learned.documents) == files
        caught = sum(
            1
            for doc in learned.documents
            if any(doc.text[r.start : r.end] == TRAILER for r in doc.furniture)
        )
    return t1 - t0, t2 - t1, caught


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("path", nargs="?", default=str(DEFAULT))
    ap.add_argument("--files", type=int, default=10_000)
    args = ap.parse_args()
    root = Path(args.path)
    gold = {n: e["story"] for n, e in json.loads((root / "gold.json").read_text())["docs"].items()}
    texts = {p.name: p.read_text("utf-8") for p in sorted((root / "docs").glob("*.txt"))}
    gold = {n: s for n, s in gold.items() if n in texts}
    print("share judged furniture: reuse (one story, must be 0) / trailer (must be 1)")
    for cosine in (0.05, 0.1, 0.15, 0.2):
        for share in (0.3, 0.5, 0.7):
            opts = BoilerplateOptions(related_cosine=cosine, max_related_share=share)
            cells = []
            for k in (3, 5, 10):
                r, t, n = judge(texts, gold, k, opts)
                cells.append(f"k={k} ({n} groups): {r:.2f} / {t:.2f}")
            print(f"cosine {cosine:.2f} share {share:.1f}  " + "   ".join(cells))
    plain_s, learned_s, caught = time_folder(texts, args.files)
    print(
        f"{args.files:,} files ending with one trailer: load {plain_s:.2f} s without learning, "
        f"{learned_s:.2f} s with it; trailer marked in {caught:,} of them"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
