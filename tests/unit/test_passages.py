"""Shared passages: reuse in any order, typography, small edits, quotations, no coincidences."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsreader.core.corpus import document_from_text, load_corpus
from newsreader.core.model import Document
from newsreader.core.passages import (
    Alignment,
    PassageOptions,
    aligned_numbers,
    find_passages,
    prepare,
)

WIRE = (
    "Heavy clashes -- including the use of armed drones, tanks, helicopters, and "
    "multiple-rocket systems -- have been reported along much of the line of contact that "
    "separates the ethnic Armenian forces who control Nagorno-Karabakh from Azerbaijan's troops."
)
OTHER = (
    "The potential for robust Turkish involvement in the conflict is being watched closely by "
    "Russia, which is already on opposing sides with the NATO member in conflicts in Libya."
)
FILLER_A = "Markets in Tokyo rose sharply on Tuesday as investors weighed fresh economic data."
FILLER_B = "A local bakery won a regional prize for its rye bread after a tense final round."


def _docs(*texts: str) -> list[Document]:
    return [document_from_text(t, f"doc{i}.txt") for i, t in enumerate(texts)]


def _find(*texts: str, **options: int | float) -> tuple[list[Document], list[Alignment]]:
    docs = _docs(*texts)
    return docs, find_passages(prepare(docs), PassageOptions(**options))  # type: ignore[arg-type]


def _texts(docs: list[Document], al: Alignment) -> tuple[str, str]:
    by_id = {d.id: d for d in docs}
    a, b = al.passage.spans
    return by_id[a.doc].text[a.start : a.end], by_id[b.doc].text[b.start : b.end]


def test_verbatim_reuse_in_any_order() -> None:
    docs, found = _find(f"{WIRE}\n\n{FILLER_A}\n\n{OTHER}\n", f"{OTHER}\n\n{FILLER_B}\n\n{WIRE}\n")
    assert len(found) == 2
    got = sorted(_texts(docs, al)[0] for al in found)
    assert got[0].startswith("Heavy clashes") and got[0].endswith("troops.")
    assert got[1].startswith("The potential") and got[1].endswith("Libya.")
    assert all(al.passage.score == 1.0 for al in found)


def test_typography_case_and_spacing_do_not_matter() -> None:
    edited = (
        WIRE.replace("--", "\u2014")
        .replace("'", "\u2019")
        .replace("line of contact", "Line of  Contact")
    )
    docs, found = _find(f"{FILLER_A}\n{WIRE}\n", f"{FILLER_B}\n{edited}\n")
    assert len(found) == 1
    a, b = _texts(docs, found[0])
    assert a == WIRE and b == edited
    assert found[0].passage.score == 1.0


@pytest.mark.parametrize(
    "edit",
    [
        lambda s: s.replace("armed drones", "armed combat drones"),  # a word added
        lambda s: s.replace("much of the line", "the line"),  # words dropped
        lambda s: s.replace("helicopters", "warplanes"),  # a word changed
    ],
)
def test_small_edits_keep_one_passage(edit: object) -> None:
    edited = edit(WIRE)  # type: ignore[operator]
    docs, found = _find(f"{FILLER_A} {WIRE}", f"{edited} {FILLER_B}")
    assert len(found) == 1
    a, b = _texts(docs, found[0])
    assert a.startswith("Heavy clashes") and a.endswith("troops.")
    assert b == edited
    assert 0.75 <= found[0].passage.score < 1.0


def test_shared_quotation_inside_different_sentences() -> None:
    quote = "This is a very serious new fact, which changes the situation"
    docs, found = _find(
        f"Macron, arriving in Brussels, added, \u201c{quote}.\u201d",
        f"\u201c{quote},\u201d he told reporters on the sidelines of a summit.",
    )
    assert len(found) == 1
    a, b = _texts(docs, found[0])
    assert quote in a and quote in b
    assert "Brussels" not in a and "reporters" not in b


def test_short_common_phrases_are_not_passages() -> None:
    phrase = "between Armenian and Azerbaijani forces"
    _, found = _find(
        f"Heavy shelling {phrase} persisted for a fifth day on Friday.",
        f"Leaders demanded an immediate ceasefire {phrase}, as the toll rose.",
    )
    assert found == []


def test_unquoted_run_below_min_words_is_not_a_passage() -> None:
    run = "the two leaders spoke by phone on Thursday evening"  # 9 words, not a quotation
    _, found = _find(f"Officials said {run} about trade.", f"It emerged {run} and agreed.")
    assert found == []
    _, found = _find(
        f"Officials said {run} about trade.", f"It emerged {run} and agreed.", min_words=8
    )
    assert len(found) == 1


def test_changed_figure_inside_shared_sentence_is_aligned() -> None:
    tail = "civilians killed since the fighting began on Sunday morning."
    a = f"{FILLER_A} Armenia has recorded 104 military deaths and 23 {tail}"
    b = f"Armenia has recorded 158 military deaths and 13 {tail} {FILLER_B}"
    docs, found = _find(a, b)
    assert len(found) == 1
    prepared = prepare(docs)
    pairs = aligned_numbers(prepared, found[0])
    got = [(docs[0].text[x[0] : x[1]], docs[1].text[y[0] : y[1]]) for x, y in pairs]
    assert got == [("104", "158"), ("23", "13")]


def test_furniture_never_becomes_a_passage() -> None:
    promo = "Join our brand new verified AMN Telegram channel and get important news uncensored!"
    _, found = _find(f"{promo}\n\n{FILLER_A}\n", f"{promo}\n\n{FILLER_B}\n", min_words=5)
    assert found == []


def test_bundled_corpus(corpus_dir: Path) -> None:
    docs = list(load_corpus(corpus_dir).documents)
    found = find_passages(prepare(docs))
    name = {d.id: Path(d.path).name[:3] for d in docs}
    by_pair: dict[tuple[str, str], list[str]] = {}
    for al in found:
        a, _ = _texts(docs, al)
        key = (name[al.passage.spans[0].doc], name[al.passage.spans[1].doc])
        by_pair.setdefault(key, []).append(a)
    # The RFE/RL article (000) is reprinted by 001: its paragraphs come back.
    rfe = " ".join(by_pair[("000", "001")])
    for needle in (
        "Heavy clashes -- including the use of armed drones",
        "The potential for robust Turkish involvement",
        "has threatened to draw in Russia",
        "implement an immediate and full cease-fire",
        "locked in conflict over the mountain region",
    ):
        assert needle in rfe
    # 001 and the FT (003) share two quotations.
    ft = " ".join(by_pair[("001", "003")])
    assert "This is a very serious new fact, which changes the situation" in ft
    assert "immediate cessation of hostilities between the relevant military forces" in ft
    # AFP (002) shares no passage; nothing else is reported.
    assert set(by_pair) == {("000", "001"), ("001", "003")}
    for al in found:
        a, b = _texts(docs, al)
        assert len(a.split()) >= 8 and len(b.split()) >= 8


words = st.sampled_from(
    """the a storm city river council vote budget minister said on in after police fire water
    north south Monday 12 104 tanks people killed""".split()
)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(words, min_size=0, max_size=40),
    st.lists(words, min_size=0, max_size=40),
    st.lists(words, min_size=0, max_size=40),
    st.sampled_from([" ", "  ", "\n", " -- ", ", "]),
)
def test_spans_are_valid_slices(
    pre: list[str], shared: list[str], post: list[str], sep: str
) -> None:
    a = " ".join(pre) + "\n" + sep.join(shared) + "\n" + " ".join(post)
    b = sep.join(post) + " \x1b[1m " + " ".join(shared).upper() + " " + " ".join(pre)
    docs = _docs(a, b)
    for al in find_passages(prepare(docs), PassageOptions(min_words=4, min_quote_words=4, ngram=3)):
        for span in al.passage.spans:
            doc = next(d for d in docs if d.id == span.doc)
            assert 0 <= span.start < span.end <= len(doc.text)
            assert doc.text[span.start].isalnum() or doc.text[span.start] == "_"
        assert 0.0 <= al.passage.score <= 1.0


def test_prepared_words_are_compact_and_shared() -> None:
    # One string object per distinct word across the corpus; ids and keys as 4-byte arrays,
    # every all-digit word under one wildcard key that is no word's id.
    from array import array

    a, b = prepare(
        _docs("Armenia said 104 soldiers died.", "Soldiers died, 158 of them, said Armenia.")
    )
    assert isinstance(a.ids, array) and a.ids.itemsize == 4
    assert isinstance(a.tokens.starts, array) and isinstance(b.keys, array)
    shared = {w: k for k, w in enumerate(a.tokens.words)}
    for k, w in enumerate(b.tokens.words):
        if w in shared:
            assert w is a.tokens.words[shared[w]]
            assert b.ids[k] == a.ids[shared[w]]
    (wild,) = {a.keys[a.tokens.words.index("104")], b.keys[b.tokens.words.index("158")]}
    assert wild not in set(a.ids) | set(b.ids)
    assert [k == wild for k in b.keys] == [w.isdigit() for w in b.tokens.words]


def _seeds_by_dicts(prepared: list, opts: PassageOptions) -> dict:  # type: ignore[type-arg]
    """The index as dicts of lists, one document at a time (the engine before numpy, and the
    shape a distributed engine builds): the oracle for the array-built one."""
    from newsreader.core.passages import ngram_hashes

    postings: dict[int, dict[int, list[int]]] = {}
    for d, dt in enumerate(prepared):
        for pos, h in enumerate(ngram_hashes(dt.keys, opts.ngram)):
            postings.setdefault(h, {}).setdefault(d, []).append(pos)
    seeds: dict[tuple[int, int], list[tuple[int, int]]] = {}
    cap = opts.max_per_doc
    for by_doc in postings.values():
        if not 2 <= len(by_doc) <= opts.max_doc_freq:
            continue
        docs = sorted(by_doc.items())
        for i, (da, pa) in enumerate(docs):
            for db, pb in docs[i + 1 :]:
                seeds.setdefault((da, db), []).extend((x, y) for x in pa[:cap] for y in pb[:cap])
    return {pair: sorted(found) for pair, found in seeds.items()}


@pytest.mark.parametrize("ngram", [3, 5])
def test_array_index_gives_the_seeds_of_the_dict_index(ngram: int) -> None:
    from newsreader.core.passages import _seed_pairs

    root = Path(__file__).resolve().parents[1] / "data"
    docs = list(load_corpus(root / "unrelated", boilerplate=None).documents)
    docs += _docs(
        WIRE + " " + FILLER_A,
        FILLER_B + " " + WIRE,
        WIRE + " " + WIRE + " 12 34 56",
        " ".join([FILLER_A] * 6),  # more positions of one n-gram in a document than seed
    )
    prepared = prepare(docs)
    opts = PassageOptions(ngram=ngram, max_doc_freq=3)
    oracle = _seeds_by_dicts(prepared, opts)
    assert len(oracle) >= 3
    found = {pair: sorted(seeds) for pair, seeds in _seed_pairs(prepared, opts).items()}
    assert found == oracle


def testngram_hashes_are_the_same_for_the_same_keys_anywhere() -> None:
    from newsreader.core.passages import ngram_hashes

    big = [2**60 + 7, -(2**63), 5, 2**31 - 1, -1]
    one = ngram_hashes([9, *big, 9], 5)
    assert len(one) == 3 and all(-(2**63) <= h < 2**63 for h in one)
    assert one[1] == ngram_hashes(big, 5)[0]  # the same window, another list
    assert one[0] != one[1] != one[2]
    assert ngram_hashes([1, 2], 5) == []
