"""Figures that belong to their event (issue 8): on real news (ECB+ wording), identifiers,
measures of other things, background episodes, parts of a total and sports statistics are
not grouped with the story's counts, while true disagreements stay conflicts."""

from __future__ import annotations

from newsreader.core.model import Document, Mention, Quantity
from newsreader.core.numbers import extract_mentions, facets
from newsreader.core.quantities import group_quantities


def _docs(*texts: str) -> tuple[list[Document], list[Mention]]:
    docs = [Document(id=f"d{i}", path=f"d{i}.txt", title="", text=t) for i, t in enumerate(texts)]
    return docs, [m for d in docs for m in extract_mentions(d)]


def _at(docs: list[Document], mentions: list[Mention], doc: int, written: str) -> Mention:
    start = docs[doc].text.index(written)
    return next(m for m in mentions if m.doc == f"d{doc}" and m.start <= start < m.end)


def _group(
    docs: list[Document],
    mentions: list[Mention],
    linked: tuple[tuple[Mention, Mention], ...] | list[tuple[Mention, Mention]] = (),
) -> list[Quantity]:
    return group_quantities(mentions, [[d.id for d in docs]], [(a.id, b.id) for a, b in linked])


def test_phone_numbers_are_not_counts_even_at_the_same_place() -> None:
    docs, ms = _docs(
        "Anyone with information is asked to call police on 0845 125 2222 or Crimestoppers.",
        "Anyone with information is asked to call police on 0845 125 222 or Crimestoppers.",
    )
    a, b = _at(docs, ms, 0, "0845"), _at(docs, ms, 1, "0845")
    assert docs[0].text[a.start : a.end] == "0845 125 2222"
    assert (a.kind, a.low, facets(a)["unit"]) == ("other", None, "phone")
    assert _group(docs, ms, [(a, b), (_at(docs, ms, 0, "2222"), _at(docs, ms, 1, "222 "))]) == []


def test_street_blocks_and_calibres_are_identifiers() -> None:
    docs, ms = _docs(
        "shot to death outside an apartment in the 12000 block of East 223rd St. He pointed a. 357"
        " caliber revolver at them.",
        "shot to death outside an apartment in the 12500 block of East 223rd St. He pointed a. 38"
        " caliber revolver at them.",
    )
    pairs = [(_at(docs, ms, 0, "12000"), _at(docs, ms, 1, "12500"))]
    pairs.append((_at(docs, ms, 0, "357"), _at(docs, ms, 1, "38 ")))
    assert all(facets(m)["unit"] == "identifier" for pair in pairs for m in pair)
    assert _group(docs, ms, pairs) == []


def test_a_measure_is_linked_only_with_the_same_unit_and_words() -> None:
    docs, ms = _docs(
        "There were no reports of casualties at the camp, less than 25 km (15 miles) from the"
        " border. The 170, 000 - square - foot building was closed.",
        "Planes bombed Unity state on Thursday, less than 50 km (30 miles) from the tense"
        " border. The 15, 800 - square - metre building was closed.",
    )
    km = (_at(docs, ms, 0, "less than 25"), _at(docs, ms, 1, "less than 50"))
    miles = (_at(docs, ms, 0, "15 miles"), _at(docs, ms, 1, "30 miles"))
    area = (_at(docs, ms, 0, "170, 000"), _at(docs, ms, 1, "15, 800"))
    assert "conversion" in facets(miles[0]) and "conversion" in facets(miles[1])
    assert (facets(area[0])["unit"], facets(area[1])["unit"]) == ("sq ft", "m²")
    assert _group(docs, ms, [km, miles, area]) == []


def test_stocks_on_different_days_are_not_the_same_place() -> None:
    docs, ms = _docs(
        "Markets reacted with alarm as Greek stocks closed down 3.9 percent. Pushed to the brink.",
        "Markets reacted with alarm as Greek stocks plunged 5.4 per cent. The government said.",
    )
    pair = (_at(docs, ms, 0, "3.9"), _at(docs, ms, 1, "5.4"))
    assert _group(docs, ms, [pair]) == []


def test_a_reprinted_sentence_with_another_figure_stays_a_conflict() -> None:
    docs, ms = _docs(
        "Armenia has recorded 104 military deaths since the fighting began.",
        "Armenia has recorded 158 military deaths since the fighting began.",
    )
    pair = (_at(docs, ms, 0, "104"), _at(docs, ms, 1, "158"))
    [q] = _group(docs, ms, [pair])
    assert q.status == "conflict" and set(q.mentions) == {pair[0].id, pair[1].id}


def test_a_background_episode_is_not_the_story_count() -> None:
    docs, ms = _docs(
        "In February, a gunman killed five people and injured seven at a plant in California.",
        "He is suspected of shooting three people, killing one, at a suburban Detroit office.",
        "A gunman shot three people, killing one, at an accounting firm on Monday.",
    )
    assert facets(_at(docs, ms, 0, "five"))["episode"] == "in february"
    [q] = _group(docs, ms)
    assert q.status == "agree"
    assert set(q.mentions) == {_at(docs, ms, 1, "one,").id, _at(docs, ms, 2, "one,").id}


def test_a_separate_attack_and_an_earlier_disaster_are_other_episodes() -> None:
    docs, ms = _docs(
        "In a separate attack earlier in the day, three Palestinians were killed in Gaza.",
        "The rising toll, more than 640 Palestinians killed in Gaza, alarmed the UN.",
        "It was the first disaster in December 2003, in which more than 31, 000 people were"
        " killed. Ten people were killed in the quake on Sunday.",
        "The quake on Sunday killed 10 people, officials said.",
    )
    quantities = _group(docs, ms)
    grouped = {mid for q in quantities for mid in q.mentions}
    assert _at(docs, ms, 0, "three").id not in grouped
    assert _at(docs, ms, 2, "31, 000").id not in grouped
    assert [q.status for q in quantities] == ["agree"]


def test_the_tsunami_toll_stays_a_conflict() -> None:
    docs, ms = _docs(
        "The quake off Aceh in 2004 sparked a tsunami that killed 170, 000 people in the province.",
        "A quake off Indonesia in 2004 triggered a tsunami that killed 230, 000 people in 13"
        " countries.",
    )
    [q] = _group(docs, ms)
    assert q.status == "conflict" and len(q.mentions) == 2


def test_parts_of_a_total_are_not_totals() -> None:
    docs, ms = _docs(
        "The UN had confirmed 30 dead and 55 wounded, 15 critically.",
        "Some 30 people were killed and 55 others injured, five of them critically.",
        "Media originally reported that two of the three victims died.",
        "One victim died in the shooting on Monday.",
    )
    for doc, written in ((0, "15"), (1, "five"), (2, "two"), (2, "three")):
        assert "part" in facets(_at(docs, ms, doc, written)), written
    quantities = _group(docs, ms)
    grouped = {mid for q in quantities for mid in q.mentions}
    assert not grouped & {_at(docs, ms, 0, "15").id, _at(docs, ms, 2, "two").id}
    assert all(q.status == "agree" for q in quantities)  # 30 dead, 55 wounded


def test_sports_statistics_of_another_season_are_not_compared() -> None:
    docs, ms = _docs(
        "He finished his third season with just 404 yards and two touchdowns on 106 carries.",
        "He had only 269 yards and two touchdowns on 83 carries this season.",
    )
    pairs = [
        (_at(docs, ms, 0, "404"), _at(docs, ms, 1, "269")),
        (_at(docs, ms, 0, "106"), _at(docs, ms, 1, "83")),
    ]
    assert _group(docs, ms, pairs) == []


def test_mixed_fractions_in_tokenised_copy() -> None:
    docs, ms = _docs(
        "He spent the day discussing history after 4 1 / 2 hours of testimony.",
        "He spent the day discussing history after 4.5 hours of testimony.",
        "He kept the break-in quiet, and served 41 / 2 months in federal prison.",
    )
    a, b = _at(docs, ms, 0, "4 1 / 2"), _at(docs, ms, 1, "4.5")
    assert docs[0].text[a.start : a.end] == "4 1 / 2" and a.low == 4.5
    [q] = _group(docs, ms, [(a, b)])
    assert q.status == "agree"
    c = _at(docs, ms, 2, "41 / 2")
    assert (docs[2].text[c.start : c.end], c.low) == ("41 / 2", None)
