"""Grouping mentions of the same quantity across outlets: agree, differ, conflict, no noise."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsreader.core.corpus import document_from_text, load_corpus
from newsreader.core.model import Document, Mention, Quantity
from newsreader.core.numbers import extract_mentions
from newsreader.core.quantities import compare, describe, group_quantities

CORPUS = Path(__file__).resolve().parents[2] / "corpus"


def mention(low: float | None, high: float | None, **kw: object) -> Mention:
    fields: dict[str, object] = {"id": f"m{low}-{high}", "doc": "d", "start": 0, "end": 1}
    fields.update(kw)
    return Mention(low=low, high=high, kind="count", what="", **fields)  # type: ignore[arg-type]


# ---------------------------------------------------------------------------------------------
# Comparing two figures


@pytest.mark.parametrize(
    ("a", "b", "status"),
    [
        (mention(104, 104), mention(158, 158), "conflict"),
        (mention(30000, 30000), mention(30000, 30000, approximate=True), "agree"),
        (mention(12, None, low_open=True), mention(19, 19), "differ"),
        (mention(100, None, low_open=True), mention(24, 100, high_open=True), "conflict"),
        (mention(100, None, low_open=True), mention(100, 100), "conflict"),
        (mention(100, None), mention(100, 100), "differ"),
        (mention(None, 200, high_open=True), mention(100, None, low_open=True), "differ"),
        (mention(100, 100, approximate=True), mention(104, 104), "differ"),
        (mention(100, 100, approximate=True), mention(158, 158), "conflict"),
        (mention(20, 30), mention(30, 30), "differ"),
        (mention(20, 30), mention(31, 31), "conflict"),
    ],
)
def test_compare(a: Mention, b: Mention, status: str) -> None:
    assert compare(a, b) == status
    assert compare(b, a) == status


def test_describe_reads_intervals() -> None:
    assert describe(mention(104, 104)) == "104"
    assert describe(mention(100, None, low_open=True)) == "more than 100"
    assert describe(mention(None, 200, high_open=True, approximate=True)) == "nearly 200"
    assert describe(mention(30000, 30000, approximate=True)) == "about 30,000"


# ---------------------------------------------------------------------------------------------
# The bundled corpus: the death tolls and casualty figures, and nothing else


@pytest.fixture(scope="module")
def corpus() -> tuple[list[Document], list[Mention], list[Quantity]]:
    docs = list(load_corpus(CORPUS).documents)
    mentions = [m for doc in docs for m in extract_mentions(doc)]
    quantities = group_quantities(mentions, [[d.id for d in docs]])
    return docs, mentions, quantities


def readable(
    docs: list[Document], mentions: list[Mention], q: Quantity
) -> frozenset[tuple[str, str]]:
    """A quantity as {(file prefix, mention text)}."""
    by_id = {m.id: m for m in mentions}
    by_doc = {d.id: d for d in docs}
    out = set()
    for mid in q.mentions:
        m = by_id[mid]
        doc = by_doc[m.doc]
        out.add((Path(doc.path).name[:3], doc.text[m.start : m.end]))
    return frozenset(out)


EXPECTED = {
    # The toll of the current fighting: "dozens" and "more than 100" cannot both hold.
    frozenset(
        {
            ("000", "more than 100"),
            ("001", "More than 100"),
            ("002", "Nearly 200"),
            ("003", "Dozens"),
        }
    ): "conflict",
    # Armenian military deaths: 104 vs 158.
    frozenset({("000", "104"), ("002", "158")}): "conflict",
    # Armenian civilians killed: 23 vs 13.
    frozenset({("000", "23"), ("002", "13")}): "conflict",
    # Azerbaijani civilians killed: "more than a dozen" and 19 can both hold.
    frozenset({("000", "more than a dozen"), ("002", "19")}): "differ",
    # The 1990s war: 30,000 (three times) and "more than 20,000".
    frozenset(
        {
            ("000", "an estimated 30,000"),
            ("001", "an estimated 30,000"),
            ("002", "30,000"),
            ("003", "more than 20,000"),
        }
    ): "differ",
}


def test_corpus_groups(corpus: tuple[list[Document], list[Mention], list[Quantity]]) -> None:
    docs, mentions, quantities = corpus
    got = {readable(docs, mentions, q): q.status for q in quantities}
    assert got == EXPECTED


def test_corpus_labels_and_reasons(
    corpus: tuple[list[Document], list[Mention], list[Quantity]],
) -> None:
    quantities = corpus[2]
    labels = {q.label for q in quantities}
    assert "military deaths (Armenia)" in labels
    assert "civilians killed (Azerbaijan)" in labels
    assert any("1990s" in label for label in labels)
    for q in quantities:
        assert q.reasons
        assert len({m.split(":")[0] for m in q.mentions}) >= 2
    military = next(q for q in quantities if q.label == "military deaths (Armenia)")
    assert any("104" in r and "158" in r for r in military.reasons)


def test_ids_are_stable(corpus: tuple[list[Document], list[Mention], list[Quantity]]) -> None:
    docs, mentions, quantities = corpus
    again = group_quantities(list(reversed(mentions)), [[d.id for d in docs]])
    assert {q.id for q in again} == {q.id for q in quantities}


def test_other_stories_are_not_compared(
    corpus: tuple[list[Document], list[Mention], list[Quantity]],
) -> None:
    docs, mentions, _ = corpus
    assert group_quantities(mentions, [[d.id] for d in docs]) == []
    # Two stories of two documents each: only 000/001 and 002/003 pairs can be grouped.
    split = group_quantities(mentions, [[docs[0].id, docs[1].id], [docs[2].id, docs[3].id]])
    for q in split:
        owners = {m.split(":")[0] for m in q.mentions}
        assert owners in ({docs[0].id, docs[1].id}, {docs[2].id, docs[3].id})


# ---------------------------------------------------------------------------------------------
# Made-up cases


def story(*texts: str) -> tuple[list[Document], list[Mention]]:
    docs = [document_from_text(t, f"doc{i}.txt") for i, t in enumerate(texts)]
    return docs, [m for d in docs for m in extract_mentions(d)]


def test_same_value_different_things_are_not_grouped() -> None:
    docs, mentions = story(
        "The army destroyed 130 tanks near the border.\n",
        "The army lost 130 troops near the border.\n",
    )
    assert group_quantities(mentions, [[d.id for d in docs]]) == []


def test_unrelated_counts_are_not_grouped() -> None:
    docs, mentions = story(
        "Macron said 300 fighters had passed through Turkey.\n",
        "The ministry said it destroyed 200 artillery units.\n",
        "The two leaders met for three hours.\n",
        "The two sides met in 1994.\n",
    )
    assert group_quantities(mentions, [[d.id for d in docs]]) == []


def test_actors_keep_figures_apart() -> None:
    docs, mentions = story(
        "Armenia said 20 soldiers were killed.\n",
        "Azerbaijan said 35 soldiers were killed.\n",
        "Armenia has recorded the deaths of 25 soldiers.\n",
    )
    quantities = group_quantities(mentions, [[d.id for d in docs]])
    assert len(quantities) == 1
    assert quantities[0].status == "conflict"
    assert quantities[0].label == "military deaths (Armenia)"
    assert {docs[0].id, docs[2].id} == {m.split(":")[0] for m in quantities[0].mentions}


def test_increments_are_not_totals() -> None:
    docs, mentions = story(
        "Officials said 54 more soldiers were killed on Friday.\n",
        "Officials said 300 soldiers have been killed since Sunday.\n",
    )
    assert group_quantities(mentions, [[d.id for d in docs]]) == []


def test_agreeing_figures() -> None:
    docs, mentions = story(
        "Police arrested about 300 protesters in the capital.\n",
        "Some 300 protesters were arrested in the capital.\n",
    )
    quantities = group_quantities(mentions, [[d.id for d in docs]])
    assert [(q.status, q.label) for q in quantities] == [("agree", "protesters arrested")]


def test_linked_mentions_are_always_grouped() -> None:
    # The same reprinted sentence with another figure, about something no lexicon knows.
    docs, mentions = story(
        "The committee approved 104 amendments on Tuesday.\n",
        "The committee approved 158 amendments on Tuesday.\n",
    )
    ids = [m.id for m in mentions]
    assert group_quantities(mentions, [[d.id for d in docs]]) == []
    quantities = group_quantities(mentions, [[d.id for d in docs]], linked=[(ids[0], ids[1])])
    assert len(quantities) == 1
    q = quantities[0]
    assert q.status == "conflict"
    assert set(q.mentions) == set(ids)
    assert q.reasons[0] == "same place in text shared by the outlets"


def test_linked_mentions_outside_stories_with_equal_values_agree() -> None:
    _, mentions = story(
        "The committee approved 104 amendments.\n", "The committee approved 104 amendments!\n"
    )
    linked = [(mentions[0].id, mentions[1].id)]
    assert [q.status for q in group_quantities(mentions, [], linked)] == ["agree"]


def test_three_thousand_reports_of_one_toll_are_one_quantity() -> None:
    # 3,000 documents reporting the same toll: one bucket. (Its cost is measured, not asserted
    # here: benchmarks/lean_bench.py times the quantities stage on feeds of growing size.)
    docs = [f"d{i}" for i in range(3000)]
    mentions = [
        Mention(
            id=f"d{i}:0-2", doc=f"d{i}", start=0, end=2, low=float(10 + i % 7),
            high=float(10 + i % 7), kind="count", what="people killed",
            facets=(("event", "killed"), ("subject", "people")),
        )
        for i in range(3000)
    ]  # fmt: skip
    quantities = group_quantities(mentions, [docs])
    assert len(quantities) == 1
    assert quantities[0].status == "conflict"
    assert len(quantities[0].mentions) == 3000


def test_same_document_disagreement_is_not_a_conflict() -> None:
    base = {
        "kind": "count",
        "what": "people killed",
        "facets": (("event", "killed"), ("subject", "people")),
    }
    mentions = [
        Mention(id="a:0", doc="a", start=0, end=1, low=10, high=10, **base),  # type: ignore[arg-type]
        Mention(id="a:5", doc="a", start=5, end=6, low=50, high=50, **base),  # type: ignore[arg-type]
        Mention(id="b:0", doc="b", start=0, end=1, low=10, high=None, **base),  # type: ignore[arg-type]
    ]
    quantities = group_quantities(mentions, [["a", "b"]])
    assert [q.status for q in quantities] == ["differ"]


def test_linked_years_only_when_they_differ() -> None:
    _, mentions = story(
        "The war ended in 1994 with a ceasefire on October 1.\n",
        "The war ended in 1992 with a ceasefire on October 1.\n",
        "The war ended in 1994 with a ceasefire on October 2.\n",
    )
    by_text = {(m.doc, m.kind): m.id for m in mentions}
    docs = sorted({m.doc for m in mentions}, key=[m.doc for m in mentions].index)
    years = [by_text[(d, "year")] for d in docs]
    dates = [by_text[(d, "date")] for d in docs]
    linked = [(years[0], years[1]), (years[0], years[2]), (dates[0], dates[2])]
    quantities = group_quantities(mentions, [docs], linked)
    assert [(q.status, set(q.mentions)) for q in quantities] == [("conflict", {years[0], years[1]})]
