"""Agreement between authors: span F1 and Krippendorff's unitized alpha."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from store_helpers import ARTICLE_A, ARTICLE_B, doc, run_cli

from newsreader.store import Store
from newsreader.store.agreement import (
    Coincidences,
    agreement,
    alpha_2016,
    coincidences,
    distance,
    f1_scores,
    merge,
    observed,
    segments,
    unitized_alpha,
)


def test_hand_computed_alpha():
    # L = 10; coder A marks [2,5), coder B marks [3,6).
    # Observed: the two units overlap: (2-3)^2 + (5-6)^2 = 2, counted for both orders = 4;
    #   Do = 4 / (m(m-1) L^2) = 4 / 200 = 0.02.
    # Expected: N = 2 units of length 3: each (N-1)(2*27 - 3*9 + 3)/3 = 10, plus
    #   3^2 * sum over gaps >= 3 of (gap - 3 + 1): gaps 2, 5 (A) and 3, 4 (B) -> 3 + 1 + 2 = 6
    #   -> 54; total 2 * 64 = 128; times 2/L = 25.6; over mL(mL-1) - sum l(l-1) = 380 - 12.
    #   De = 25.6 / 368.  Alpha = 1 - 0.02 / (25.6 / 368) = 0.7125.
    assert unitized_alpha([[(2, 5)], [(3, 6)]], 10) == pytest.approx(0.7125)


def test_hand_computed_alpha_2016():
    # L = 10; A marks [2,6), B marks [3,7). Segments: A gap 0-2, span 2-6, gap 6-10;
    # B gap 0-3, span 3-7, gap 7-10. Each character counted for (A, B) and (B, A), / (m-1)=1:
    #   gap-gap: 0-2 and 7-10 = 5 -> 10; gap-span: 2-3 and 6-7 = 2 -> 4; span-span 3-6 -> 6.
    #   n = 20, n_gap = 10 + 4/2 = 12, n_span = 6 + 4/2 = 8.
    #   C = gaps 2 + 4 + 3 + 3 = 12, spans 4^2 + 4^2 = 32: 44.
    #   expected = 2 * 12 * 8 / (20 - 44/20) = 192 / 17.8; observed = 4.
    #   alpha = 1 - 4 * 17.8 / 192 = 0.6291666...
    assert coincidences([[(2, 6)], [(3, 7)]], 10) == Coincidences(10, 4, 6, 44)
    assert alpha_2016([[(2, 6)], [(3, 7)]], 10) == pytest.approx(1 - 4 * 17.8 / 192)
    # Three authors: every pair counted, divided by m - 1 = 2, so n is still mL = 30.
    three = coincidences([[(2, 6)], [(3, 7)], [(2, 6)]], 10)
    assert three.gap_gap + three.gap_span + three.span_span == 30
    assert alpha_2016([[(2, 6)], [(2, 6)], [(2, 6)]], 10) == 1.0
    assert alpha_2016([[], []], 10) is None


def test_alpha_2016_scores_partial_agreement_between_disjoint_and_identical():
    """Issue 12's example: one author marks a span, the other 40% of it in four pieces. The
    1995 formula puts that far below marking unrelated text; the 2016 one between."""
    whole = [(100, 200)]
    pieces = [(100, 110), (125, 135), (150, 160), (175, 185)]
    unrelated = [(500, 600)]
    old = {n: unitized_alpha([whole, b], 1000) for n, b in [("part", pieces), ("off", unrelated)]}
    new = {n: alpha_2016([whole, b], 1000) for n, b in [("part", pieces), ("off", unrelated)]}
    assert old["part"] < old["off"] < 0  # -1.60 < -0.35: correct to the formula, baffling
    assert new["off"] < 0 < new["part"] < alpha_2016([whole, whole], 1000) == 1.0
    assert new["part"] == pytest.approx(0.541, abs=0.001)
    assert new["off"] == pytest.approx(-0.105, abs=0.001)


def test_perfect_and_missing_agreement():
    assert unitized_alpha([[(2, 5), (7, 9)], [(2, 5), (7, 9)], [(2, 5), (7, 9)]], 20) == 1.0
    assert unitized_alpha([[], []], 20) is None  # nothing marked: nothing to agree on
    assert unitized_alpha([[(0, 10)], [(10, 20)]], 20) < 0  # systematic disagreement


spans = st.lists(st.tuples(st.integers(0, 40), st.integers(1, 10)), max_size=5).map(
    lambda xs: merge((s, min(s + n, 50)) for s, n in xs)
)


@settings(max_examples=80, deadline=None)
@given(coders=st.lists(spans, min_size=2, max_size=4))
def test_sweep_matches_all_pairs(coders: list[list[tuple[int, int]]]):
    brute = 0
    for i, j in itertools.permutations(range(len(coders)), 2):
        for a in segments(coders[i], 50):
            for b in segments(coders[j], 50):
                if a[0] < b[1] and b[0] < a[1]:
                    brute += distance(a, b)
    assert observed(coders, 50) == brute
    alpha = unitized_alpha(coders, 50)
    for order in itertools.permutations(coders):  # the order of authors does not matter
        again = unitized_alpha(list(order), 50)
        assert again is None if alpha is None else again == pytest.approx(alpha)


def test_f1():
    a = [("d", 0, 5, "claim"), ("d", 10, 20, "claim")]
    b = [("d", 0, 5, "claim"), ("d", 12, 18, "claim"), ("d", 30, 40, "claim")]
    exact, overlap = f1_scores(a, b)
    assert exact == pytest.approx(2 * 1 / 5)
    precision, recall = 2 / 3, 1.0
    assert overlap == pytest.approx(2 * precision * recall / (precision + recall))
    assert f1_scores(a, []) == (0.0, 0.0) and f1_scores([], []) == (None, None)
    assert f1_scores(a, [("d", 0, 5, "quote")]) == (0.0, 0.0)  # labels must match


@pytest.mark.e2e  # runs the installed command
def test_report_per_label_and_document(tmp_path: Path):
    a, b = doc(ARTICLE_A, "a.txt"), doc(ARTICLE_B, "b.txt")
    db = tmp_path / "t.db"
    for user, shift in (("alice", 0), ("bob", 1)):
        with Store.open(db, user=user) as s:
            s.add(a, 10 + shift, 30, "claim")
            s.add(a, 50, 60, "figure")
    with Store.open(db, user="carol") as s:
        s.add(b, 0, 5, "claim")  # only one author on b: not compared
    with Store.open(db) as s:
        anns = s.annotations()
        lengths = {d.id: d.length for d in s.documents() if d.length}
    report = agreement(anns, lengths)
    assert report.documents == 1 and report.authors == ("alice", "bob")
    by_label = {g.key: g for g in report.by_label}
    assert by_label["figure"].alpha == 1.0 and by_label["figure"].mean_f1_exact == 1.0
    assert by_label["claim"].mean_f1_exact == 0.0 and by_label["claim"].mean_f1_overlap == 1.0
    assert 0 < by_label["claim"].alpha < 1
    assert by_label["figure"].alpha_2016 == 1.0 and 0 < by_label["claim"].alpha_2016 < 1
    length = lengths[a.id]
    pooled = coincidences([[(10, 30)], [(11, 30)]], length) + coincidences(
        [[(50, 60)], [(50, 60)]], length
    )
    assert report.overall.alpha_2016 == pytest.approx(pooled.alpha)  # labels pooled
    (only,) = report.by_document
    assert only.key == a.id and only.spans == 4
    assert report.overall.alpha == pytest.approx(only.alpha)
    assert agreement(anns, {}).notes  # unknown length is said
    assert [g.key for g in agreement(anns, lengths, label="figure").by_label] == ["figure"]

    proc = run_cli(["agreement", "--db", str(db), "--json"])
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["overall"]["alpha"] == pytest.approx(report.overall.alpha)
    assert data["overall"]["alpha_2016"] == pytest.approx(report.overall.alpha_2016)
    assert data["overall"]["pairs"][0]["first"] == "alice"
    text = run_cli(["agreement", "--db", str(db)])
    assert text.returncode == 0 and "By label" in text.stdout and "alice / bob" in text.stdout
    head = text.stdout.split("By label\n")[1].splitlines()[0].split("  ")
    assert [h.strip() for h in head if h.strip()][2:4] == ["ALPHA 2016", "ALPHA 1995"]
