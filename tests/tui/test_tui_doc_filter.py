"""The document picker's filter: words of titles, outlets and paths, each query word a prefix."""

from __future__ import annotations

import dataclasses

from newsreader.core.corpus import document_from_text
from newsreader.core.model import Document
from newsreader.tui.screens.doc_picker import DocumentPicker, filter_documents


def _doc(title: str, path: str, outlet: str | None = None) -> Document:
    doc = document_from_text(f"{title}\n\nBody of {path}.", path)
    return dataclasses.replace(doc, title=title, outlet=outlet)


DOCS = [
    _doc("Spain considering paying damages for anti-Basque death squad", "corpus/spain.txt"),
    _doc("Earthquake shakes Japan's north-east coast", "corpus/quake.txt", "Reuters"),
    _doc("Séisme au Japon: la côte nord-est secouée", "corpus/seisme.txt", "Le Monde"),
    _doc("Rescue teams reach the coast", "corpus/a_rescue_earthquake.txt", "AFP"),
]


def test_a_word_does_not_match_letters_scattered_in_other_words() -> None:
    # rapidfuzz's partial_ratio over characters matched this title ("...death squad").
    assert filter_documents("earthquake", DOCS) == [1, 3]
    assert 0 not in filter_documents("earthquake", DOCS)
    assert filter_documents("squad", DOCS) == [0]


def test_every_query_word_is_a_word_prefix_of_title_outlet_or_path() -> None:
    assert filter_documents("earth", DOCS) == [1, 3]
    assert filter_documents("arth", DOCS) == []  # inside a word is not the start of one
    assert filter_documents("japan coast", DOCS) == [1]
    assert filter_documents("reut earth", DOCS) == [1]  # outlet and title together
    assert filter_documents("rescue afp", DOCS) == [3]
    assert filter_documents("quake", DOCS) == [1]  # the path's word "quake"
    assert filter_documents("japan nowhere", DOCS) == []


def test_case_and_accents_do_not_matter() -> None:
    assert filter_documents("SEISME cote", DOCS) == [2]
    assert filter_documents("le monde", DOCS) == [2]


def test_titles_that_have_the_words_in_full_come_first() -> None:
    docs = [
        _doc("Rescue teams reach the coast", "corpus/flood_report.txt"),  # "flood" in the path
        _doc("Flood waters rise", "corpus/b.txt"),  # "flood" in full in the title
        _doc("Floods close schools", "corpus/c.txt"),  # "flood" starts a title word
    ]
    assert filter_documents("flood", docs) == [1, 0, 2]
    assert filter_documents("floods", docs) == [2]
    assert filter_documents("coast", DOCS) == [1, 3]


def test_an_empty_or_punctuation_query_shows_everything() -> None:
    assert filter_documents("", DOCS) == [0, 1, 2, 3]
    assert filter_documents("  -- ", DOCS) == [0, 1, 2, 3]


async def test_the_picker_lists_only_matching_documents(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, DocumentPicker)
        await pilot.press(*"govern")
        await pilot.pause()
        picker = app.screen
        assert [app.docs[i].title for i in picker._shown] == ["Governor visits storm victims"]
        await pilot.press("enter")
        await pilot.pause()
        assert app.view.document is not None
        assert app.view.document.title == "Governor visits storm victims"
