"""The corpus search engine, without an app: folding, offsets into the original, cap, context."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsreader.core.corpus import document_from_text, load_corpus
from newsreader.core.model import Span
from newsreader.core.search import (
    MAX_HITS,
    FoldedText,
    SearchIndex,
    context,
    fold_text,
    search,
)

DOCS = (
    document_from_text("Le Président a parlé à l'Élysée.\nLa présidente aussi.", "a.txt"),
    document_from_text("STRASSE or Straße? The street (straße) is long.", "b.txt"),
    document_from_text("Cafe\u0301 noir, café au lait, CAFÉ.", "c.txt"),
    document_from_text("Nothing here but the president.", "d.txt"),
)


def _texts(result_hits: tuple[Span, ...]) -> list[str]:
    by_id = {d.id: d for d in DOCS}
    return [by_id[h.doc].text[h.start : h.end] for h in result_hits]


def test_case_and_accent_insensitive_with_original_offsets() -> None:
    result = search(DOCS, "president")
    assert _texts(result.hits) == ["Président", "présidente"[:9], "president"]
    assert [h.doc for h in result.hits] == [DOCS[0].id, DOCS[0].id, DOCS[3].id]
    assert not result.capped
    # The query is folded too: accents in the query do not matter either.
    assert _texts(search(DOCS, "ÉLYSÉE").hits) == ["Élysée"]


def test_query_is_matched_as_typed_across_spaces_and_line_breaks() -> None:
    assert _texts(search(DOCS, "a parlé à").hits) == ["a parlé à"]
    assert _texts(search(DOCS, "parle a l'elysee").hits) == ["parlé à l'Élysée"]
    assert search(DOCS, "parlé l'Élysée").hits == ()
    assert _texts(search(DOCS, ".\nla").hits) == [".\nLa"]


def test_characters_that_fold_longer_or_shorter_keep_offsets_right() -> None:
    # "ß" folds to "ss", a combining accent to nothing: hits still slice the original.
    assert _texts(search(DOCS, "strasse").hits) == ["STRASSE", "Straße", "straße"]
    assert _texts(search(DOCS, "street (strasse) is").hits) == ["street (straße) is"]
    assert _texts(search(DOCS, "cafe").hits) == ["Cafe\u0301", "café", "CAFÉ"]
    assert _texts(search(DOCS, "cafe noir").hits) == ["Cafe\u0301 noir"]
    # Half of an "ß" is the whole "ß", once.
    assert _texts(search([DOCS[1]], "ße?").hits) == ["ße?"]


def test_folded_text_maps_every_folded_offset_back() -> None:
    text = "aß\u0301bÉ"
    ft = FoldedText.of(text)
    assert ft.folded == "assbe" == fold_text(text)
    assert [ft.original(f) for f in range(len(ft.folded))] == [0, 1, 1, 3, 4]
    assert ft.span(3, 5) == (3, 5)


def test_empty_query_finds_nothing() -> None:
    assert search(DOCS, "").hits == ()
    assert search(DOCS, "   ").hits == ()


def test_hits_are_capped_and_say_so() -> None:
    many = document_from_text("ab " * 2000, "many.txt")
    result = SearchIndex([many]).search("ab")
    assert len(result.hits) == MAX_HITS
    assert result.capped
    assert len(SearchIndex([many]).search("ab", limit=10_000).hits) == 2000
    assert not SearchIndex([many]).search("ab", limit=10_000).capped
    assert [h.start for h in result.hits[:3]] == [0, 3, 6]


def test_context_is_one_line_of_the_articles_own_characters() -> None:
    text = "First line.\nThe storm\r\nkilled 12\tpeople on Monday, officials said."
    start = text.index("killed")
    ctx = context(text, start, start + 6, width=30)
    assert ctx.match == "killed"
    line = ctx.before + ctx.match + ctx.after
    assert "\n" not in line and "\r" not in line and "\t" not in line
    assert len(line) == 30
    assert ctx.before.endswith("storm  ")
    # Character for character the original (breaks as spaces): offsets still line up.
    lo = start - len(ctx.before)
    assert line == text[lo : lo + 30].replace("\n", " ").replace("\r", " ").replace("\t", " ")
    # At the edges of the text, the context is what there is.
    assert context("short", 0, 5).before == "" and context("short", 0, 5).after == ""


BENCH = Path(__file__).resolve().parents[3] / "shared" / "bench" / "pan13" / "docs"


@pytest.mark.e2e  # the whole PAN 2013 benchmark folder
@pytest.mark.skipif(not BENCH.is_dir(), reason="the pan13 benchmark folder is not here")
def test_searches_a_big_corpus_and_finds_what_str_find_finds() -> None:
    docs = load_corpus(BENCH).documents
    index = SearchIndex(docs)
    result = index.search("Earthquake", limit=100_000)
    expected = sum(d.text.lower().count("earthquake") for d in docs)
    assert len(result.hits) == expected > 0
    assert not result.capped
