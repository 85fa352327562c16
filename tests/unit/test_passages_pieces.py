"""The index and the alignment in pieces (what the Dask engine runs on its workers) find exactly
what :func:`find_passages` finds, without Dask: one document's n-grams at a time, one n-gram's
seeds at a time, one pair at a time, on word ids from separate :func:`prepare` calls."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsreader.core.corpus import load_corpus
from newsreader.core.passages import (
    Alignment,
    PassageOptions,
    align_pair,
    find_passages,
    ngram_hashes,
    ngram_seeds,
    prepare,
)


def _in_pieces(docs: list, opts: PassageOptions) -> list[Alignment]:
    # Each document prepared alone: its ids agree with no other document's, so the index is
    # built on the words' own text, as the workers build it on ids derived from the words.
    alone = [prepare([d])[0] for d in docs]
    postings: dict[int, list[tuple[int, list[int]]]] = {}
    for k, dt in enumerate(alone):
        words = [
            w if key == i else "#"
            for w, i, key in zip(dt.tokens.words, dt.ids, dt.keys, strict=True)
        ]
        by_ngram: dict[int, list[int]] = {}
        for pos, h in enumerate(ngram_hashes([hash(w) for w in words], opts.ngram)):
            by_ngram.setdefault(h, []).append(pos)
        for h, positions in by_ngram.items():
            postings.setdefault(h, []).append((k, positions))
    seeds: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for entries in postings.values():
        for pair, found in ngram_seeds(entries, opts):
            seeds.setdefault(pair, []).extend(found)
    together = prepare(docs)  # one vocabulary for the pairs, as a pair bucket has
    out: list[Alignment] = []
    for (a, b), pair_seeds in sorted(seeds.items()):
        out.extend(align_pair(together[a], together[b], a, b, pair_seeds, opts))
    return out


SHARED = (
    "The regional council said on Tuesday that 40 families had been moved out of the valley "
    "after the river rose above the old stone bridge, and that the school would stay closed "
    "until engineers had checked the embankment on both banks of the river."
)
REPEATED = "the school would stay closed until engineers had checked the embankment"


def _feed(folder: Path) -> Path:
    """Four articles: one paragraph in three of them (once with a changed figure), and a phrase
    repeated inside one, so n-grams have more than two documents and more than one position."""
    texts = [
        f"Flood in the valley\n\n{SHARED}\n\nResidents gathered in the town hall at night.\n",
        f"Valley evacuated\n\nOfficials met early.\n\n{SHARED}\n\nAgain: {REPEATED}.\n",
        f"River rises\n\n{SHARED.replace('40', '45')}\n\nMore rain is forecast this week.\n",
        "Market report\n\nPrices of wheat and barley fell slightly as the harvest began.\n",
    ]
    for k, text in enumerate(texts):
        (folder / f"{k}.txt").write_text(text, encoding="utf-8")
    return folder


@pytest.mark.parametrize("which", ["bundled", "feed"])
def test_pieces_find_what_find_passages_finds(corpus_dir: Path, tmp_path: Path, which: str) -> None:
    folder = corpus_dir if which == "bundled" else _feed(tmp_path)
    docs = list(load_corpus(folder, boilerplate=None).documents)
    opts = PassageOptions()
    whole = find_passages(prepare(docs), opts)
    assert len(whole) >= 3
    assert _in_pieces(docs, opts) == whole
