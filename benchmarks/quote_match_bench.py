"""Matching another tool's annotations to articles by quote (issue 12): how long it takes and
how often it is right, on a corpus whose articles have no addresses.

    python benchmarks/quote_match_bench.py [CORPUS] [--quotes 200] [--seed 1]

Quotes of 30 characters with 32 characters of context either side are cut at random from the
corpus's own articles (default: ``../shared/bench/ecbplus/docs``, 982 news articles, some of them
the same story twice), then found with ``DocumentFinder.by_quote`` as ``import --corpus`` finds a
web annotation whose page address no article has. Each is *placed* on its own article, *wrong*
(placed on another), *ambiguous* (the same words in the same context elsewhere: skipped) or
*missed*. Times are CPU time (``time.process_time``: the machine is shared), the first search
included (it flattens each article's whitespace once).
"""

from __future__ import annotations

import argparse
import os
import random
import time

from newsreader.core.corpus import load_corpus
from newsreader.store.formats.finder import DocumentFinder

DEFAULT = os.path.join(os.path.dirname(__file__), "..", "..", "shared", "bench", "ecbplus", "docs")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", default=DEFAULT)
    parser.add_argument("--quotes", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    documents = [d for d in load_corpus(args.corpus).documents if len(d.text) >= 200]
    finder = DocumentFinder(documents)
    rng = random.Random(args.seed)
    cases = []
    for _ in range(args.quotes):
        doc = rng.choice(documents)
        at = rng.randrange(40, len(doc.text) - 80)
        cases.append(
            (doc.id, doc.text[at : at + 30], doc.text[at - 32 : at], doc.text[at + 30 : at + 62])
        )
    began = time.process_time()
    found = [finder.by_quote(quote, prefix, suffix) for _, quote, prefix, suffix in cases]
    spent = time.process_time() - began
    pairs = list(zip(found, (own for own, *_ in cases), strict=True))
    placed = sum(m.doc is not None and m.doc.id == own for m, own in pairs)
    wrong = sum(m.doc is not None and m.doc.id != own for m, own in pairs)
    ambiguous = sum("ambiguous" in m.why for m in found)
    missed = len(cases) - placed - wrong - ambiguous
    print(
        f"{len(cases)} quotes in {len(documents)} articles ({os.cpu_count()} cores): "
        f"{spent:.2f} s CPU ({spent / len(cases) * 1000:.1f} ms each); placed {placed}, "
        f"wrong {wrong}, ambiguous {ambiguous}, missed {missed}"
    )


if __name__ == "__main__":
    main()
