"""Numbers as news writes them: wire-copy sentences on the 1999 Izmit earthquake, product
launches, sports results and market reports. Every test quotes the exact span of the article
(``text == doc_text[start:end]``) with its value, kind and facets."""

from __future__ import annotations

import pytest

from newsreader.core.corpus import document_from_text
from newsreader.core.model import Mention
from newsreader.core.numbers import extract_mentions, facets
from newsreader.core.quantities import group_quantities


def mentions(text: str) -> tuple[str, list[Mention]]:
    doc = document_from_text(text)
    found = extract_mentions(doc)
    for m in found:
        assert m.id.endswith(f":{m.start}-{m.end}")
    return doc.text, found


def mention(text: str, quoted: str) -> Mention:
    """The one mention whose span reads exactly ``quoted``."""
    doc_text, found = mentions(text)
    hits = [m for m in found if doc_text[m.start : m.end] == quoted]
    assert len(hits) == 1, [doc_text[m.start : m.end] for m in found]
    return hits[0]


def spans(text: str) -> list[str]:
    doc_text, found = mentions(text)
    return [doc_text[m.start : m.end] for m in found]


# ---------------------------------------------------------------------------------------------
# "150, 000": a thousands comma typed with a space after it


def test_space_after_thousands_comma_is_one_figure() -> None:
    text = "Officials said the death toll could reach 150, 000 as rescuers dug through rubble.\n"
    m = mention(text, "150, 000")
    assert (m.low, m.high, m.kind) == (150_000, 150_000, "count")
    assert facets(m)["event"] == "killed"
    assert "000" not in spans(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Readings of 100, 200 and 300 were posted.\n", ["100", "200", "300"]),
        ("On March 3, 200 protesters marched in Ankara.\n", ["March 3", "200"]),
        ("See pages 259, 269-271, 274 of the report.\n", ["259", "269-271", "274"]),
    ],
)
def test_lists_and_dates_keep_their_commas(text: str, expected: list[str]) -> None:
    assert spans(text) == expected


# ---------------------------------------------------------------------------------------------
# Years, magnitudes and tolls


def test_a_year_before_a_plural_noun_after_a_possessive_is_a_year() -> None:
    text = "Families of the miners marked the anniversary of their 1994 deaths on Sunday.\n"
    m = mention(text, "1994")
    assert m.kind == "year" and m.low == 1994


def test_a_magnitude_is_not_a_count() -> None:
    text = "Survivors of the 7.4 killer quake slept in parks for fear of aftershocks.\n"
    m = mention(text, "7.4")
    assert (m.kind, m.low, facets(m).get("unit")) == ("other", 7.4, "magnitude")
    assert "event" not in facets(m)
    text = "A 7.4-magnitude quake struck near Izmit before dawn on Tuesday.\n"
    m = mention(text, "7.4")
    assert (m.kind, facets(m).get("unit"), m.what) == ("other", "magnitude", "magnitude")


def test_a_risen_death_toll_counts_the_dead() -> None:
    text = "The death toll from Tuesday's earthquake has risen to 7,085, the government said.\n"
    m = mention(text, "7,085")
    assert (m.kind, m.low) == ("count", 7085)
    assert facets(m)["event"] == "killed" and facets(m)["subject"] == "people"


# ---------------------------------------------------------------------------------------------
# Names with numbers are identifiers, not counts


@pytest.mark.parametrize(
    ("text", "quoted", "name"),
    [
        ("Apple unveiled the iPhone 11 at its Cupertino campus on Tuesday.\n", "11", "iPhone"),
        ("The Apple Watch 5 goes on sale on Friday.\n", "5", "Watch"),
        ("The S&P 500 closed down 1.2% on Wednesday.\n", "500", "S&P"),
        ("Nebraska left the Big 12 for the Big Ten in 2011.\n", "12", "Big"),
        ("He was sitting in Section 427 when the fight broke out.\n", "427", "Section"),
        ("Fans in Section 427 Row 21 were moved.\n", "21", "Row"),
        ("Djokovic returned to world No. 1 on Monday.\n", "1", "No."),
    ],
)
def test_a_name_with_a_number_is_an_identifier(text: str, quoted: str, name: str) -> None:
    m = mention(text, quoted)
    assert (m.kind, facets(m).get("unit"), m.what) == ("other", "identifier", name)
    assert m.what in text


def test_a_place_then_people_is_still_a_count() -> None:
    m = mention("In Izmit 500 people were killed.\n", "500")
    assert m.kind == "count" and facets(m)["event"] == "killed"


# ---------------------------------------------------------------------------------------------
# Units and currencies are facets


@pytest.mark.parametrize(
    ("text", "quoted", "value", "unit"),
    [
        ("The new model comes with 256GB of storage.\n", "256GB", 256, "GB"),
        ("Each bag of cement weighs 10kg.\n", "10kg", 10, "kg"),
        ("Rescue dogs carried 25lbs of gear.\n", "25lbs", 25, "lb"),
        ("The base model costs $99.99 in the United States.\n", "$99.99", 99.99, "dollars"),
        ("Apple became the first company worth $2.174T.\n", "$2.174T", 2.174e12, "dollars"),
        ("Ankara pledged US$ 5 million in aid.\n", "US$ 5 million", 5e6, "US dollars"),
        ("The fine was €20 per day.\n", "€20", 20, "euros"),
        ("Tickets cost £15 each.\n", "£15", 15, "pounds"),
        ("Winds reached 120 km/h on the coast.\n", "120 km/h", 120, "km/h"),
        ("Temperatures hit 35°C in Istanbul.\n", "35°C", 35, "°C"),
        ("Inflation rose 5 per cent in August.\n", "5 per cent", 5, "percent"),
        ("The area covers (19,000 sq. kms) of land.\n", "19,000 sq. kms", 19_000, "km²"),
    ],
)
def test_units_and_currencies(text: str, quoted: str, value: float, unit: str) -> None:
    m = mention(text, quoted)
    assert m.kind == "other"
    assert m.low == pytest.approx(value) and m.high == pytest.approx(value)
    assert facets(m)["unit"] == unit


@pytest.mark.parametrize(
    ("text", "quoted", "unit"),
    [
        ("China's central bank injected 300 yuan per household.\n", "300", "yuan"),
        ("The ticket was sold for 40 dollars.\n", "40", "dollars"),
    ],
)
def test_currency_words_after_a_figure(text: str, quoted: str, unit: str) -> None:
    m = mention(text, quoted)
    assert (m.kind, facets(m)["unit"]) == ("other", unit)


def test_a_range_with_units() -> None:
    text = "Doctors prescribed doses from 44 mg to 50 mg a day.\n"
    m = mention(text, "from 44 mg to 50 mg")
    assert (m.low, m.high, m.kind, facets(m)["unit"]) == (44, 50, "other", "mg")


def test_money_never_groups_with_people() -> None:
    a = document_from_text("The government said $5 million was spent and 5 million were killed.\n")
    found = extract_mentions(a)
    money = next(m for m in found if a.text[m.start : m.end] == "$5 million")
    assert money.kind == "other" and facets(money)["unit"] == "dollars"


# ---------------------------------------------------------------------------------------------
# Sports scores


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ("Galatasaray won 3-1 in Istanbul on Saturday.\n", "3-1"),
        ("The Chiefs held on for a 24-17 win over Denver.\n", "24-17"),
        ("Fenerbahce drew 1-1 with Besiktas.\n", "1-1"),
        ("Denver fell to a 17-24 defeat at home.\n", "17-24"),
    ],
)
def test_a_score_is_one_figure_and_not_a_count(text: str, quoted: str) -> None:
    m = mention(text, quoted)
    assert (m.kind, m.low, m.high, facets(m)["unit"]) == ("other", None, None, "score")
    assert len(spans(text)) == 1


def test_a_range_is_not_a_score() -> None:
    m = mention("Between 20-30 people were hurt.\n", "Between 20-30")
    assert (m.low, m.high) == (20, 30)


# ---------------------------------------------------------------------------------------------
# Quoting the article word for word


def test_what_quotes_the_article() -> None:
    text = "More than 100 people ,  including many  civilians, have been killed in the town.\n"
    m = mention(text, "More than 100")
    assert m.what == "people … killed"
    for piece in m.what.split(" … "):
        assert piece in text
    text = "The quake killed  more than 17,000 people.\n"
    m = mention(text, "more than 17,000")
    assert m.what == "killed … people"


def test_every_mention_text_is_a_slice() -> None:
    text = "Quake toll (150, 000) in 19,000 sq. kms; the iPhone 11 costs $999.\n"
    doc = document_from_text(text)
    for m in extract_mentions(doc):
        assert doc.text[m.start : m.end] == doc.text[m.start : m.end].strip()
    assert spans(text) == ["150, 000", "19,000 sq. kms", "11", "$999"]


# ---------------------------------------------------------------------------------------------
# Quantities belong to one event


def test_a_toll_in_one_city_is_not_the_quakes_toll() -> None:
    a = document_from_text(
        "Officials said 500 people were killed in Izmit. The quake killed 17,000 people.\n"
    )
    b = document_from_text(
        "At least 600 people were killed in Izmit alone. The quake killed 17,000 people.\n"
    )
    ma, mb = extract_mentions(a), extract_mentions(b)
    izmit = next(m for m in ma if a.text[m.start : m.end] == "500")
    assert facets(izmit)["place"] == "Izmit"
    quantities = group_quantities([*ma, *mb], [[a.id, b.id]])
    by_label = {q.label: q for q in quantities}
    assert set(by_label) == {"people killed (in Izmit)", "people killed"}
    assert by_label["people killed (in Izmit)"].status == "conflict"
    assert by_label["people killed"].status == "agree"


def test_the_1990s_war_toll_and_a_named_war_stay_apart() -> None:
    a = document_from_text(
        "The quake killed 17,000 people. The 1990s war killed 30,000 people.\n"
        "World War II killed 40,000 people in the region.\n"
    )
    b = document_from_text(
        "The quake killed 18,000 people. The 1990s war killed 30,000 people.\n"
        "World War II killed 45,000 people in the region.\n"
    )
    quantities = group_quantities([*extract_mentions(a), *extract_mentions(b)], [[a.id, b.id]])
    labels = sorted(q.label for q in quantities)
    assert labels == ["people killed", "people killed (1990s)", "people killed (World War II)"]


def test_grouping_never_crosses_stories() -> None:
    a = document_from_text("The quake killed 17,000 people, officials said.\n")
    b = document_from_text("The quake killed 18,000 people, officials said.\n")
    ms = [*extract_mentions(a), *extract_mentions(b)]
    assert group_quantities(ms, [[a.id], [b.id]]) == []
    assert len(group_quantities(ms, [[a.id, b.id]])) == 1
