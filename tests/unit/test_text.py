"""Offset-preserving text helpers."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from newsreader.core.text import display_safe, fold, sentences, tokenize


def test_tokenize_folds_and_keeps_offsets() -> None:
    text = "Élysée said: “Don’t SHOOT” -- now"
    toks = tokenize(text)
    assert toks.words == ["elysee", "said", "don", "t", "shoot", "now"]
    for word, s, e in zip(toks.words, toks.starts, toks.ends, strict=True):
        assert fold(text[s:e]) == word


def test_tokenize_skips_ranges() -> None:
    text = "keep this drop these keep"
    toks = tokenize(text, [(10, 20)])
    assert toks.words == ["keep", "this", "keep"]


def test_sentences_respect_abbreviations() -> None:
    text = "Mr. Erdogan spoke. The U.S. agreed! Then? Yes.\nNew line"
    got = [text[s:e] for s, e in sentences(text)]
    assert got == ["Mr. Erdogan spoke.", "The U.S. agreed!", "Then?", "Yes.", "New line"]


def test_display_safe_replaces_controls_one_for_one() -> None:
    text = "a\x1b[2Jb\x07c\x9bd\u202ee\tf\ng"
    safe = display_safe(text)
    assert len(safe) == len(text)
    assert "\x1b" not in safe and "\x07" not in safe and "\x9b" not in safe
    assert "\u202e" not in safe
    assert safe.index("\n") == text.index("\n")
    assert safe.startswith("a␛[2Jb␇c")


@given(st.text())
def test_display_safe_property(text: str) -> None:
    safe = display_safe(text)
    assert len(safe) == len(text)
    for ch in safe:
        assert ch == "\n" or not (ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F)


@given(st.text())
def test_sentences_are_in_bounds_and_ordered(text: str) -> None:
    last = 0
    for s, e in sentences(text):
        assert last <= s < e <= len(text)
        assert text[s:e] == text[s:e].strip()
        last = e


@given(st.text())
def test_tokens_are_folded_slices(text: str) -> None:
    toks = tokenize(text)
    for word, s, e in zip(toks.words, toks.starts, toks.ends, strict=True):
        assert fold(text[s:e]) == word


def test_tokenize_with_length_changing_lowercase() -> None:
    text = "İstanbul said İzmir had 5 dead"
    toks = tokenize(text)
    assert [text[s:e] for s, e in zip(toks.starts, toks.ends, strict=True)][:2] == [
        "İstanbul",
        "said",
    ]
