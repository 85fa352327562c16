"""Numeric mentions: values, hedges as intervals, kinds, spans and what each number counts."""

from __future__ import annotations

import re
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsreader.core.corpus import document_from_text, load_corpus
from newsreader.core.model import Document, Mention
from newsreader.core.numbers import (
    Figure,
    extract_mentions,
    extract_numbers,
    facets,
    scan,
    vocabulary,
)

CORPUS = Path(__file__).resolve().parents[2] / "corpus"


def only(text: str) -> Figure:
    """The single figure in ``text``."""
    figures = extract_numbers(text)
    assert len(figures) == 1, figures
    return figures[0]


def span(text: str, figure: Figure) -> str:
    return text[figure.start : figure.end]


def values(text: str) -> list[float]:
    return [n.value for f in extract_numbers(text) for n in f.numbers]


# ---------------------------------------------------------------------------------------------
# Values


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("2,300", 2300),
        ("1.5", 1.5),
        ("1,234.56", 1234.56),
        ("-42", -42),
        ("3/4", 0.75),
        ("2 1/4", 2.25),
        ("½", 0.5),
        ("1e3", 1000),
        ("10k", 10_000),
        ("1.5k", 1500),
        ("3 million", 3_000_000),
        ("1.2bn", 1.2e9),
        ("$20", 20),
        ("40 000", 40_000),
        ("five", 5),
        ("twenty-three", 23),
        ("fifty - two", 52),
        ("a dozen", 12),
        ("half a dozen", 6),
        ("two hundred", 200),
        ("a hundred", 100),
        ("two thousand and five", 2005),
        ("one hundred and sixty-one", 161),
        ("twenty-one trillion three hundred", 21_000_000_000_300),
        ("one and a half", 1.5),
        ("five and a half million", 5_500_000),
        ("three quarters", 0.75),
        ("two thirds", 2 / 3),
        ("a fifth", 0.2),
        ("one hundred thirty fifths", 100 / 35),
        ("twenty one fifths", 21 / 5),
        ("one in five", 0.2),
        ("minus five point five", -5.5),
        ("zero", 0),
        ("3 hundred and 21", 321),
    ],
)
def test_value(text: str, value: float) -> None:
    figure = only(text)
    assert figure.value == pytest.approx(value)
    assert span(text, figure).strip("$") == text.strip("$")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Lists and chains are several numbers, not one.
        ("22,24,26,31", [22, 24, 26, 31]),
        ("1, 234, 567", [1, 234, 567]),
        ("192.168.1.2", [192, 168, 1, 2]),
        ("3 hundred and 2 hundred", [300, 200]),
        ("4000 3 hundred and 21", [4000, 321]),
        ("three-nought-four", [3, 0, 4]),
        ("12 out of 10", [12, 10]),
    ],
)
def test_separate_numbers(text: str, expected: list[float]) -> None:
    assert values(text) == pytest.approx(expected)


@pytest.mark.parametrize(
    "text",
    [
        "V2food and MH17",
        "Which one do you prefer?",
        "The one you mentioned",
        "one of the largest",
        "1m isn't a number",
        "5G networks",
        "",
        "no numbers at all",
    ],
)
def test_not_numbers(text: str) -> None:
    assert extract_numbers(text) == []


# ---------------------------------------------------------------------------------------------
# Hedges, ranges and vague counts as intervals: (low, high, low_open, high_open, approximate)


@pytest.mark.parametrize(
    ("text", "hedged", "interval"),
    [
        ("more than 100 people", "more than 100", (100, None, True, False, False)),
        ("over 50 were hurt", "over 50", (50, None, True, False, False)),
        ("nearly 200 people", "Nearly 200", (None, 200, False, True, True)),
        ("almost 40", "almost 40", (None, 40, False, True, True)),
        ("at least 12 dead", "at least 12", (12, None, False, False, False)),
        ("about 300 protesters", "about 300", (300, 300, False, False, True)),
        ("around 5,000", "around 5,000", (5000, 5000, False, False, True)),
        ("an estimated 30,000 killed", "an estimated 30,000", (30000, 30000, False, False, True)),
        ("up to 700 jobs", "up to 700", (None, 700, False, False, False)),
        ("fewer than 10 soldiers", "fewer than 10", (None, 10, False, True, False)),
        ("no more than 50", "no more than 50", (None, 50, False, False, False)),
        ("between 20 and 30 people", "between 20 and 30", (20, 30, False, False, False)),
        ("from 5 to 10 days", "from 5 to 10", (5, 10, False, False, False)),
        ("1990-1994", "1990-1994", (1990, 1994, False, False, False)),
        ("two or three people", "two or three", (2, 3, False, False, True)),
        ("more than a dozen civilians", "more than a dozen", (12, None, True, False, False)),
        ("200 or more", "200 or more", (200, None, False, False, False)),
        ("500 or fewer", "500 or fewer", (None, 500, False, False, False)),
        ("200-odd villagers", "200-odd", (200, 200, False, False, True)),
        ("200+ migrants", "200+", (200, None, False, False, False)),
        ("above 10 and below 20", "above 10 and below 20", (10, 20, True, True, False)),
        ("dozens of people", "dozens", (24, 100, False, True, True)),
        ("hundreds more injured", "hundreds", (200, 1000, False, True, True)),
        ("tens of thousands of people", "tens of thousands", (2e4, 1e5, False, True, True)),
        ("several hundred protesters", "several hundred", (300, 1000, False, True, True)),
    ],
)
def test_hedges_are_intervals(
    text: str,
    hedged: str,
    interval: tuple[float | None, float | None, bool, bool, bool],
) -> None:
    figure = only(text)
    assert span(text, figure).lower() == hedged.lower()
    low, high, low_open, high_open, approximate = interval
    assert (figure.low, figure.high) == (low, high)
    assert (figure.low_open, figure.high_open, figure.approximate) == (
        low_open,
        high_open,
        approximate,
    )


def test_two_bounds_that_cannot_combine_stay_apart() -> None:
    figures = extract_numbers("More than 40 and less than 10 are two ranges")
    assert [(f.low, f.high) for f in figures][:2] == [(40, None), (None, 10)]


# ---------------------------------------------------------------------------------------------
# Kinds


@pytest.mark.parametrize(
    ("text", "target", "kind"),
    [
        ("a 1994 cease-fire", "1994", "year"),
        ("since 1994.", "1994", "year"),
        ("in the 1990s", "1990s", "year"),
        ("on October 1 the leaders", "October 1", "date"),
        ("Since September 27, 2020, fighting", "September 27, 2020", "date"),
        ("on 5 March 2021", "5 March 2021", "date"),
        ("on 5/17/2018 at noon", "5/17/2018", "date"),
        ("for a fifth day", "fifth", "ordinal"),
        ("entered a sixth day", "sixth", "ordinal"),
        ("the 21st century", "21st", "ordinal"),
        ("45% of voters", "45%", "other"),
        ("3.5 percent", "3.5 percent", "other"),
        ("$2.5 billion", "$2.5 billion", "other"),
        ("COVID-19 cases", "19", "other"),
        ("1500 people", "1500", "count"),
        ("104 military deaths", "104", "count"),
    ],
)
def test_kinds(text: str, target: str, kind: str) -> None:
    matches = [f for f in extract_numbers(text) if span(text, f) == target]
    assert len(matches) == 1, extract_numbers(text)
    assert matches[0].kind == kind


def test_dates_and_years_never_count() -> None:
    doc = document_from_text("Since fighting erupted on October 1, a 1994 truce was broken.\n")
    kinds = {doc.text[m.start : m.end]: m.kind for m in extract_mentions(doc)}
    assert kinds == {"October 1": "date", "1994": "year"}


def test_benchmark_style_excerpts() -> None:
    # A few shapes from the Recognizers-Text specs (small excerpts).
    assert only("1,674,200.5 M").value == pytest.approx(1_674_200_500_000)
    assert only("ninety - five hundred-fifths").value == pytest.approx(1900)
    assert only("1 over one hundred and twenty one").value == pytest.approx(1 / 121)
    assert only("Nissan plans to cut up to 700 workers").high == 700


# ---------------------------------------------------------------------------------------------
# Spans on arbitrary text

NUMBERISH = st.sampled_from(
    [
        "more than", "nearly", "about", "an estimated", "between", "and", "or more", "to",
        "a", "one", "twenty-three", "hundred", "thousand", "dozens", "half", "fifth", "-",
        "1,234", "2.5", "3/4", "10k", "1990s", "October", "$", "%", "killed", "people",
        "\x00", "\x1b", "\u200b", "\u202e", "İ", "ſix", "\u212a", "½", "٣", "\n", ",", ".",
        "minus", "negative", "$", "%", "per cent", "(", ":", "5/17", "st",
    ]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(NUMBERISH, st.text(max_size=4)), max_size=25).map(" ".join))
def test_spans_are_exact_slices(text: str) -> None:
    last = 0
    for figure in extract_numbers(text):
        assert last <= figure.start < figure.end <= len(text)
        piece = text[figure.start : figure.end]
        assert piece == piece.strip()
        for number in figure.numbers:
            assert figure.start <= number.start < number.end <= figure.end
        last = figure.end


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(NUMBERISH, st.sampled_from(["12", "1,300", "7.5", "2019", ":", "(", "10:30"])),
        max_size=20,
    ).map(" ".join)
)
def test_fast_path_reads_like_the_full_grammar(text: str) -> None:
    fast = extract_numbers(text)
    with mock.patch.object(scan, "_simple", lambda text, s, limit: None):
        assert extract_numbers(text) == fast


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(NUMBERISH, st.text(max_size=3)), max_size=12).map("".join))
def test_word_candidates_need_no_letter_digit_or_underscore_around(text: str) -> None:
    # The candidate pattern uses an ASCII \b on the lower-cased copy; it must find exactly
    # what the explicit look-around form finds.
    words = vocabulary._trie_pattern(vocabulary._CANDIDATE_WORDS)
    explicit = re.compile(rf"(?<![a-z0-9_])(?:{words})(?![a-z0-9_])")
    lowered = text.translate(vocabulary._ASCII_LOWER)
    assert [m.span() for m in vocabulary._WORD_CANDIDATE_RE.finditer(lowered)] == [
        m.span() for m in explicit.finditer(lowered)
    ]


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_mentions_on_any_text(text: str) -> None:
    doc = document_from_text(text)
    mentions = extract_mentions(doc)
    ids = [m.id for m in mentions]
    assert len(ids) == len(set(ids))
    for m in mentions:
        assert 0 <= m.start < m.end <= len(doc.text)
        assert m.id == f"{doc.id}:{m.start}-{m.end}"
        assert doc.text[m.start : m.end].strip() == doc.text[m.start : m.end]


def test_furniture_never_yields_a_mention() -> None:
    text = (
        "Join our Telegram channel with 40,000 subscribers for updates\n\n"
        "Officials said 12 people were killed.\n"
    )
    doc = document_from_text(text)
    assert doc.furniture, "the promo line is page furniture"
    assert [doc.text[m.start : m.end] for m in extract_mentions(doc)] == ["12"]


def test_mention_ids_are_stable() -> None:
    text = "At least 12 people were killed and 40 wounded.\n"
    first = extract_mentions(document_from_text(text))
    second = extract_mentions(document_from_text(text))
    assert [m.id for m in first] == [m.id for m in second]
    assert first == second


# ---------------------------------------------------------------------------------------------
# What each number counts: real sentences from the corpus


@pytest.fixture(scope="module")
def corpus_mentions() -> dict[str, list[tuple[Document, Mention]]]:
    """Mentions of each corpus file (by file-name prefix "000"...), with their documents."""
    out: dict[str, list[tuple[Document, Mention]]] = {}
    for doc in load_corpus(CORPUS).documents:
        out[Path(doc.path).name[:3]] = [(doc, m) for m in extract_mentions(doc)]
    return out


def find(
    corpus_mentions: dict[str, list[tuple[Document, Mention]]], key: str, text: str, after: str
) -> Mention:
    """The mention reading ``text`` in file ``key``, in the first sentence containing ``after``."""
    for doc, m in corpus_mentions[key]:
        if (
            doc.text[m.start : m.end] == text
            and after in doc.text[max(0, m.start - 200) : m.end + 80]
        ):
            return m
    raise AssertionError(f"no mention {text!r} near {after!r} in {key}")


@pytest.mark.parametrize(
    ("key", "text", "near", "what"),
    [
        ("000", "more than 100", "100 people have been killed", "people have been killed"),
        ("000", "104", "104 military deaths", "military deaths"),
        ("000", "23", "23 civilians killed", "civilians killed"),
        ("000", "2,300", "2,300 Karabakh", "killed … Karabakh separatist troops"),
        ("000", "130", "destroyed 130 tanks", "destroyed … tanks"),
        ("000", "200", "200 artillery units", "artillery units"),
        ("000", "25", "25 anti-aircraft units", "anti-aircraft units"),
        ("000", "five", "five ammunition depots", "ammunition depots"),
        ("000", "more than 40", "more than 40 wounded", "wounded"),
        ("000", "200", "another 200 were wounded", "wounded"),
        ("000", "an estimated 30,000", "30,000 killed", "killed"),
        ("001", "More than 100", "including many civilians, have been killed", "people … killed"),
        ("002", "Nearly 200", "confirmed killed", "people have been confirmed killed"),
        ("002", "54", "54 more of its troops", "deaths of … troops"),
        ("002", "158", "deaths of 158 soldiers", "deaths of … soldiers"),
        ("002", "13", "13 civilians", "civilians"),
        ("002", "19", "19 civilians were killed", "civilians were killed"),
        ("002", "30,000", "claimed 30,000 lives", "lives"),
        ("003", "Dozens", "Dozens of people have been killed", "people have been killed"),
        ("003", "hundreds", "hundreds more injured", "injured"),
        ("003", "more than 20,000", "killed more than 20,000 people", "killed … people"),
    ],
)  # fmt: skip
def test_what_a_number_counts(
    corpus_mentions: dict[str, list[tuple[Document, Mention]]],
    key: str,
    text: str,
    near: str,
    what: str,
) -> None:
    """``what`` quotes the article: slices of its text, joined by " … " where they are apart."""
    m = find(corpus_mentions, key, text, near)
    assert m.what == what
    doc = next(d for d, x in corpus_mentions[key] if x is m)
    assert all(piece in doc.text for piece in m.what.split(" … "))


ARM, AZE = "Armenia", "Azerbaijan"


@pytest.mark.parametrize(
    ("key", "text", "near", "expected"),
    [
        ("000", "104", "104 military", {"event": "killed", "subject": "military", "actor": ARM}),
        ("002", "158", "158 soldiers", {"event": "killed", "subject": "military", "actor": ARM}),
        ("000", "more than a dozen", "a dozen civilians", {"subject": "civilians", "actor": AZE}),
        ("002", "19", "19 civilians", {"subject": "civilians", "actor": AZE}),
        ("000", "more than 100", "100 people", {"event": "killed", "subject": "people"}),
        ("002", "30,000", "30,000 lives", {"event": "killed", "era": "1990s"}),
        ("003", "more than 20,000", "20,000 people", {"event": "killed", "era": "1990s"}),
        ("002", "54", "54 more", {"increment": "1"}),
        ("003", "hundreds", "hundreds more", {"event": "wounded", "increment": "1"}),
    ],
)  # fmt: skip
def test_facets_for_grouping(
    corpus_mentions: dict[str, list[tuple[Document, Mention]]],
    key: str,
    text: str,
    near: str,
    expected: dict[str, str],
) -> None:
    got = facets(find(corpus_mentions, key, text, near))
    assert {k: got.get(k) for k in expected} == expected
    if "actor" not in expected:
        assert "actor" not in got or expected.get("actor") == got["actor"]


def test_context_holds_content_words(
    corpus_mentions: dict[str, list[tuple[Document, Mention]]],
) -> None:
    m = find(corpus_mentions, "000", "104", "104 military")
    assert {"armenia", "recorded"} <= set(m.context)
    assert all(w == w.lower() and re.fullmatch(r"\w+", w) for w in m.context)


def test_facets_are_a_field_in_a_fixed_order(
    corpus_mentions: dict[str, list[tuple[Document, Mention]]],
) -> None:
    m = find(corpus_mentions, "000", "104", "104 military")
    assert [name for name, _ in m.facets] == ["event", "subject", "actor", "frame"]
    assert facets(m) == dict(m.facets)
    increment = find(corpus_mentions, "003", "hundreds", "hundreds more")
    assert increment.facets[-2] == ("increment", "1")
    assert increment.context == ()


def test_coordinated_counts_share_the_event() -> None:
    text = "The army said it destroyed 12 tanks, 30 drones and two helicopters.\n"
    mentions = extract_mentions(document_from_text(text))
    assert [facets(m).get("event") for m in mentions] == ["destroyed"] * 3
    assert [facets(m).get("subject") for m in mentions] == ["tank", "drone", "helicopter"]


def test_two_numbers_sharing_one_month_make_one_date() -> None:
    # Found by hypothesis: "fifth October" and "October 1" overlapped.
    figures = extract_numbers("the fifth October 1 meeting")
    assert [(f.start, f.end, f.kind) for f in figures] == [(4, 19, "date")]
    # ...and the year after it still belongs to that date.
    figures = extract_numbers("on the fifth October 1, 2020 there")
    assert [(f.start, f.end, f.kind) for f in figures] == [(7, 28, "date")]


def test_figures_are_described_within_whole_sentences() -> None:
    # One sentence splitter for the engine: "Mr." and "U.S." do not end a sentence.
    from newsreader.core.numbers.document import _DocContext

    text = "Earlier. Mr. Smith said the U.S. lost 100 troops. Later."
    ctx = _DocContext(text, [])
    start = text.index("100")
    s, e = ctx.sentence(start, start + 3)
    assert text[s:e] == "Mr. Smith said the U.S. lost 100 troops."
