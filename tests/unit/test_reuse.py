"""Where each shared passage came from, what the copy changed, and who carries it (issue 10)."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsreader.core.analysis import analyze
from newsreader.core.corpus import Corpus, document_from_text, load_corpus
from newsreader.core.model import Analysis, Passage, Span
from newsreader.core.provenance import canonical_outlet, carriers, earlier
from newsreader.core.report import summary, to_json
from newsreader.core.reuse import outlets_carrying, source_line

ROOT = Path(__file__).resolve().parents[2]
RFE_TEXT = (ROOT / "corpus" / "000_e93cb827ff4b5212.txt").read_text(encoding="utf-8")

WIRE = (
    "Heavy clashes -- including the use of armed drones, tanks, helicopters, and "
    "multiple-rocket systems -- have been reported along much of the line of contact that "
    "separates the ethnic Armenian forces who control Nagorno-Karabakh from Azerbaijan's troops. "
    "Armenia has recorded 104 military deaths and 23 civilians killed since the fighting began, "
    'and officials said the "cease-fire" talks had stalled over 2,300 kilometres of front.'
)
FILLER = [
    "Markets in Tokyo rose sharply on Tuesday as investors weighed fresh economic data.",
    "A local bakery won a regional prize for its rye bread after a tense final round.",
    "The city council approved a new cycling lane along the river after a long debate.",
]


def _analyze(*docs: tuple[str, str | None, str | None]) -> Analysis:
    """Documents given as (text, outlet, date)."""
    built = []
    for k, (text, outlet, date) in enumerate(docs):
        meta = {key: value for key, value in (("outlet", outlet), ("date", date)) if value}
        built.append(document_from_text(text, f"doc{k}.txt", meta=meta))
    return analyze(Corpus("mem", tuple(built), ()))


def _between(result: Analysis, a: str, b: str) -> list[Passage]:
    return [p for p in result.passages if {s.doc for s in p.spans} == {a, b}]


def _text(result: Analysis, doc: str, start: int, end: int) -> str:
    return result.document(doc).text[start:end]


# ---------------------------------------------------------------------------------------------
# Direction


def test_bundled_corpus_credits_rfe_rl_as_the_source_of_amn() -> None:
    result = analyze(load_corpus(ROOT / "corpus"))
    by_outlet = {d.outlet: d.id for d in result.documents}
    rfe, amn, ft = by_outlet["RFE/RL"], by_outlet["AMN"], by_outlet["Financial Times"]
    shared = _between(result, rfe, amn)
    assert len(shared) >= 4
    for p in shared:
        assert p.source == rfe
        assert p.source_reason == "credit"
        assert p.credit is not None and p.credit.doc == amn
        assert "originally published by Radio Free Europe/Radio Liberty" in _text(
            result, amn, p.credit.start, p.credit.end
        )
    # AMN and the FT quote the same statement on the same day, neither credits the other.
    quoted = _between(result, amn, ft)
    assert quoted and all(p.source is None and p.source_reason is None for p in quoted)
    (family,) = result.reprints
    assert set(family.documents) == {rfe, amn} and family.source == rfe
    assert family.outlet == "RFE/RL"
    assert all(p.reprint == family.id for p in shared)
    assert all(p.reprint is None for p in quoted)


def test_a_credit_outranks_an_earlier_date() -> None:
    # The copy is dated a day before the original: its "(AP)" dateline still wins.
    result = _analyze(
        (f"{FILLER[0]}\n\n{WIRE}\n", "Associated Press", "2020-10-02"),
        (f"WASHINGTON (AP) — {WIRE}\n\n{FILLER[1]}\n", "Daily Bugle", "2020-10-01"),
    )
    (p,) = result.passages
    original = result.documents[0].id
    assert (p.source, p.source_reason) == (original, "credit")
    assert p.credit is not None
    assert _text(result, p.credit.doc, p.credit.start, p.credit.end) == "(AP) —"


def test_without_a_credit_the_earlier_date_decides_and_equal_dates_say_nothing() -> None:
    later, first = "2020-10-02", "2020-10-01"
    one, two = f"{WIRE}\n\n{FILLER[0]}", f"{FILLER[1]}\n\n{WIRE}"
    result = _analyze((one, "A", later), (two, "B", first))
    (p,) = result.passages
    assert (p.source, p.source_reason) == (result.documents[1].id, "date")
    assert p.credit is None
    result = _analyze((one, "A", first), (two, "B", first))
    assert [(p.source, p.source_reason) for p in result.passages] == [(None, None)]
    result = _analyze((one, "A", None), (two, "B", first))
    assert [p.source for p in result.passages] == [None]


def test_two_copies_of_a_third_outlet_are_not_each_others_source() -> None:
    result = _analyze(
        (f"{WIRE}\n\n{FILLER[0]}\n\n— Reuters", "Daily Bugle", "2020-10-01"),
        (f"{FILLER[1]}\n\n{WIRE}\n\n(Reuters)", "Morning Star", "2020-10-02"),
    )
    (p,) = result.passages
    assert p.source is None
    (family,) = result.reprints
    assert family.source is None and family.outlet == "Reuters"


def test_a_photo_credit_or_a_mention_in_the_text_is_no_credit() -> None:
    result = _analyze(
        (f"{WIRE}\n\n{FILLER[0]}", "AFP", "2020-10-02"),
        (
            f"{FILLER[1]}\n\nA woman in a basement in Martuni (AFP via Getty Images)\n\n"
            f"Two sources told AFP that the talks stalled.\n\n{WIRE}",
            "Daily Bugle",
            "2020-10-01",
        ),
    )
    (p,) = result.passages
    assert (p.source, p.source_reason) == (result.documents[1].id, "date")


@pytest.mark.parametrize(
    ("a", "b", "before"),
    [
        ("2020-10-01", "2020-10-02", True),
        ("2020-10-02", "2020-10-01", False),
        ("2020-10-01", "2020-10-01", False),
        ("2020-10-01", "2020-10-01T17:30:00+00:00", False),  # the same day
        ("2020-10-01T08:00:00+00:00", "2020-10-01T09:00:00+02:00", False),  # 07:00 UTC
        ("2020-10-01T06:00:00+00:00", "2020-10-01T09:00:00+02:00", True),
        ("2020", "2020-10-01", False),
        ("2019", "2020-10-01", True),
        ("2020-09", "2020-10-01", True),
        (None, "2020-10-01", False),
    ],
)
def test_earlier_compares_at_the_precision_both_have(a: str | None, b: str, before: bool) -> None:
    assert earlier(a, b) is before


@pytest.mark.parametrize(
    ("outlet", "canonical"),
    [
        ("Radio Free Europe/Radio Liberty", "RFE/RL"),
        ("RFE/RL", "RFE/RL"),
        ("The Associated Press", "AP"),
        ("apnews.com", "AP"),
        ("www.reuters.com", "Reuters"),
        ("Agence France-Presse", "AFP"),
        ("Xinhua News Agency", "Xinhua"),
        ("Daily Bugle", "Daily Bugle"),
        ("", None),
    ],
)
def test_outlets_and_their_short_forms(outlet: str, canonical: str | None) -> None:
    assert canonical_outlet(outlet) == canonical


# ---------------------------------------------------------------------------------------------
# Edits


def test_a_reprint_with_a_changed_figure_and_word_shows_exactly_those_edits(
    tmp_path: Path,
) -> None:
    copy = RFE_TEXT.replace("104 military deaths", "112 military deaths").replace(
        "The violence is the worst in years", "The violence is the deadliest in years"
    )
    # Typography alone is no edit: quotes, dashes, spacing, case.
    copy = (
        copy.replace('"Vladimir Putin', "“Vladimir Putin")
        .replace('restraint,"', "restraint,”")
        .replace(" -- ", " — ")
        .replace("Heavy clashes", "HEAVY  clashes")
        .replace("With reporting by AFP and Reuters", "")
    )
    assert copy.count("112") == 1 and "deadliest" in copy
    (tmp_path / "orig.txt").write_text(RFE_TEXT, encoding="utf-8")
    (tmp_path / "copy.txt").write_text(copy, encoding="utf-8")
    (tmp_path / "metadata.csv").write_text(
        "file,outlet,date\norig.txt,RFE/RL,2020-10-01\ncopy.txt,Daily Bugle,2020-10-02\n"
    )
    result = analyze(load_corpus(tmp_path))
    orig = next(d.id for d in result.documents if d.outlet == "RFE/RL")
    dup = next(d.id for d in result.documents if d.outlet == "Daily Bugle")
    edits = [e for p in result.passages for e in p.edits]
    assert [(e.op, e.figure) for e in edits] == [("replace", False), ("replace", True)]
    word, figure = edits
    assert [s.doc for s in word.spans] == [orig, dup]  # from the source to the copy
    assert [_text(result, s.doc, s.start, s.end) for s in word.spans] == ["worst", "deadliest"]
    assert [_text(result, s.doc, s.start, s.end) for s in figure.spans] == ["104", "112"]
    assert word.quantity is None
    quantity = next(q for q in result.quantities if q.id == figure.quantity)
    assert quantity.edits == (figure.id,)
    assert quantity.status == "updated"  # a higher count a day later
    mentions = {m.id: m for m in result.mentions}
    assert {mentions[m].low for m in quantity.mentions} == {104, 112}
    assert all(q.edits == () for q in result.quantities if q.id != quantity.id)


def test_split_words_and_separators_are_typography() -> None:
    edited = WIRE.replace("cease-fire", "ceasefire").replace("2,300", "2300")
    edited = edited.replace("Heavy clashes", "Heavy Clashes").replace("--", "–")
    one, two = f"{WIRE}\n\n{FILLER[0]}", f"{FILLER[1]}\n\n{edited}"
    result = _analyze((one, "A", None), (two, "B", None))
    (p,) = result.passages
    assert p.edits == ()


def test_inserted_and_deleted_words_have_an_empty_span_at_the_place() -> None:
    edited = WIRE.replace("armed drones", "drones").replace(
        "23 civilians killed", "23 civilians killed and 40 wounded"
    )
    result = _analyze(
        (f"{WIRE}\n\n{FILLER[0]}", "A", "2020-10-01"),
        (f"{FILLER[1]}\n\n{edited}", "B", "2020-10-02"),
    )
    (p,) = result.passages
    source, copy = result.documents[0], result.documents[1]
    assert p.source == source.id
    ops = [(e.op, e.figure) for e in p.edits]
    assert ops == [("delete", False), ("insert", True)]
    delete, insert = p.edits
    gone, place = delete.spans
    assert source.text[gone.start : gone.end] == "armed"
    assert place.start == place.end and copy.text[place.start :].startswith("drones")
    at, added = insert.spans
    assert at.start == at.end and source.text[at.start :].startswith("since the fighting")
    assert copy.text[added.start : added.end] == "and 40 wounded"


def test_every_text_is_exactly_the_slice() -> None:
    data = to_json(analyze(load_corpus(ROOT / "corpus")))
    texts = {d["id"]: (ROOT / d["path"]).read_text(encoding="utf-8") for d in data["documents"]}
    edits = [e for p in data["passages"] for e in p["edits"]]
    assert edits
    for e in edits:
        assert e["op"] in ("replace", "insert", "delete")
        for s in e["spans"]:
            assert texts[s["doc"]][s["start"] : s["end"]] == s["text"]
        empty = [s for s in e["spans"] if s["start"] == s["end"]]
        assert bool(empty) == (e["op"] != "replace")


# ---------------------------------------------------------------------------------------------
# Families and carriers


def test_one_wire_story_carried_by_three_outlets() -> None:
    result = _analyze(
        (f"WASHINGTON (AP) — {WIRE}\n\n{FILLER[0]}", "AP", "2020-10-01"),
        (f"{FILLER[1]}\n\n{WIRE}\n\nCopyright 2020 The Associated Press.", "Daily Bugle", None),
        (f"{WIRE} (AP)\n\n{FILLER[2]}", "Morning Star", None),
    )
    ap = result.documents[0].id
    assert len(result.passages) == 3
    everyone = tuple(d.id for d in result.documents)
    assert all(p.carried_by == everyone for p in result.passages)
    docs = {d.id: d for d in result.documents}
    assert all(outlets_carrying(p, docs) == 3 for p in result.passages)
    (family,) = result.reprints
    assert family.documents == everyone and family.source == ap and family.outlet == "AP"
    for p in result.passages:
        if ap in {s.doc for s in p.spans}:
            assert (p.source, p.source_reason) == (ap, "credit")


def test_json_adds_keys_and_removes_none() -> None:
    data = to_json(analyze(load_corpus(ROOT / "corpus")))
    p = data["passages"][0]
    assert {"id", "score", "spans"} <= set(p)
    assert {"source", "source_reason", "credit", "edits", "reprint", "carried_by"} <= set(p)
    assert all("edits" in q and "reasons" in q for q in data["quantities"])
    assert data["reprints"] and set(data["reprints"][0]) == {"id", "source", "outlet", "documents"}


def test_a_changed_date_is_a_figure_edit() -> None:
    edited = WIRE.replace("since the fighting began", "since October 4")
    original = WIRE.replace("since the fighting began", "since October 1")
    result = _analyze(
        (f"{original}\n\n{FILLER[0]}", "A", "2020-10-01"),
        (f"{FILLER[1]}\n\n{edited}", "B", "2020-10-05"),
    )
    (p,) = result.passages
    (edit,) = p.edits
    texts = [_text(result, s.doc, s.start, s.end) for s in edit.spans]
    assert (edit.op, edit.figure, texts) == ("replace", True, ["1", "4"])


def test_passages_are_one_text_where_they_overlap_over_half_the_shorter() -> None:
    def passage(pid: str, *spans: tuple[str, int, int]) -> Passage:
        return Passage(pid, 1.0, tuple(Span(d, s, e) for d, s, e in spans))

    found = carriers(
        [
            passage("ab", ("A", 0, 100), ("B", 0, 100)),
            passage("ac", ("A", 40, 120), ("C", 0, 80)),  # 60 of its 80 in A's span: the same
            passage("ad", ("A", 110, 300), ("D", 0, 190)),  # 10 of 190: another text of A
            passage("de", ("D", 0, 190), ("E", 5, 195)),
        ]
    )
    assert found == [("A", "B", "C"), ("A", "B", "C"), ("A", "D", "E"), ("A", "D", "E")]


def test_the_summary_says_where_each_pair_s_text_came_from() -> None:
    text = summary(analyze(load_corpus(ROOT / "corpus")))
    assert "[1] ~ [2]: 5 passage(s); from [1], credited: This article was originally" in text
    assert "[2] ~ [4]: 2 passage(s)\n" in text
    assert "(2 edits, 0 of a figure)" in text


def test_what_the_reader_will_say_of_a_passage() -> None:
    result = analyze(load_corpus(ROOT / "corpus"))
    docs = {d.id: d for d in result.documents}
    lines = {source_line(p, docs) for p in result.passages}
    assert lines == {"from RFE/RL, credited", None}
    assert {outlets_carrying(p, docs) for p in result.passages} == {2}
    dated = _analyze((f"{WIRE}\n\n{FILLER[0]}", "AFP", "2020-10-01"), (WIRE, None, "2020-10-02"))
    (p,) = dated.passages
    assert source_line(p, {d.id: d for d in dated.documents}) == "from AFP, published earlier"


def test_an_outlet_named_by_a_common_word_is_never_credited() -> None:
    result = _analyze(
        (f"{WIRE}\n\n{FILLER[0]}", "News", "2020-10-02"),
        (f"{FILLER[1]}\n\n{WIRE}\n\nWith reporting by the news staff", "Daily Bugle", "2020-10-01"),
    )
    (p,) = result.passages
    assert (p.source, p.source_reason) == (result.documents[1].id, "date")


def test_carriers_count_an_outlet_under_two_spellings_once():
    """ "AP" and "Associated Press" are one outlet for credits, and so for "carried by N"."""
    from dataclasses import replace as _replace

    from newsreader.core.corpus import document_from_text
    from newsreader.core.model import Passage, Span
    from newsreader.core.reuse import outlets_carrying

    base = document_from_text("Storm kills 12 on the coast.\n", "corpus/a.txt")
    docs = {
        d.id: d
        for d in (
            _replace(base, id="a", outlet="AP"),
            _replace(base, id="b", outlet="Associated Press"),
            _replace(base, id="c", outlet="Reuters"),
        )
    }
    passage = Passage("p", 1.0, (Span("a", 0, 5), Span("b", 0, 5)), carried_by=("a", "b", "c"))
    assert outlets_carrying(passage, docs) == 2
