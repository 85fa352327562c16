"""Re-anchoring under real edits (issue 12, item 9): what re-extracting a saved page, re-editing
or re-typesetting an article does, on the bundled articles.

A tag is made on a span of an article; the article is then edited as pages are: sentences and
paragraphs deleted, sentences and paragraphs of the other articles inserted (half the time one
holding the tag's quote: a lookalike), blank lines collapsed, lines re-wrapped, quotation marks
straightened or curled, figures changed, paragraphs moved. Each character of the edited text
remembers which original character it is (``edits.Tracked``), so "the text the tag was made
on" is known exactly, and every placement is checked against it.
"""

from __future__ import annotations

import random
import re

import pytest
from edits import (
    REALISTIC,
    Tracked,
    explain,
    made_on,
    realistic_edit,
    same_context,
    version_of_sentence,
)
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from store_helpers import REPO

from newsreader.core.corpus import document_from_text
from newsreader.store import Store
from newsreader.store.anchor import candidates, context, diff, locate

ARTICLES = [p.read_text(encoding="utf-8") for p in sorted((REPO / "corpus").glob("*.txt"))]
UNRELATED = [
    p.read_text(encoding="utf-8") for p in sorted((REPO / "tests/data/unrelated").glob("*.txt"))
]
SENTENCE = re.compile(r"[^.!?\n]+[.!?]+[\"”’]?[ \t]*")
WORD = re.compile(r"\w+")


def tag_on(text: str, quote: str, nth: int = 0) -> tuple[int, int, str, str]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(quote, start + 1)
    prefix, _, suffix = context(text, start, start + len(quote))
    return start, start + len(quote), prefix, suffix


def sentence_at(text: str, pos: int) -> tuple[int, int]:
    found = ((m.start(), m.end()) for m in SENTENCE.finditer(text) if m.end() > pos)
    return next(found, (text.rfind("\n", 0, pos) + 1, len(text)))


# ---------------------------------------------------------------------------------------------
# The reviewer's cases


def test_a_tag_whose_sentence_is_deleted_and_blank_lines_collapsed_is_orphaned(tmp_path):
    """Re-extracting a saved page: the tagged sentence gone and the blank lines collapsed.
    The diff used to pair the tag's "Azerbaijan" with the next paragraph's first word (both
    pairings cost it the same); the tag was "moved" there, starting mid-word."""
    original = ARTICLES[0]
    start, end, _, _ = tag_on(original, "Azerbaijan, as well as Turkey")
    end = start + len("Azerbaijan")
    a = original.index("The recent flare-up")
    b = original.index("October 1.", a) + len("October 1.")
    edited = Tracked.of(original)
    edited.replace(a, b, "")
    for m in reversed(list(re.finditer(r"\n{2,}", edited.text))):
        edited.replace(m.start(), m.end(), "\n")
    assert "The recent flare-up" not in edited.text
    with Store.open(tmp_path / "t.db", user="alice") as store:
        ann = store.add(document_from_text(original, "corpus/000.txt"), start, end, "claim")
        (placed,) = store.placed(document_from_text(edited.text, "corpus/000.txt"))
        assert placed.status == "orphaned"
        assert store.get(ann.id) == ann
    # Every other "Azerbaijan" of the article, all still there, is carried onto itself.
    for m in re.finditer("Azerbaijan", original):
        if a <= m.start() < b:
            continue
        prefix, quote, suffix = context(original, m.start(), m.end())
        where = locate(edited.text, quote, prefix, suffix, m.start(), m.end(), old_text=original)
        assert where[2] != "orphaned" and made_on(edited, original, m.start(), m.end(), *where[:2])


def test_a_paragraph_printed_twice_side_by_side_cannot_be_told_from_its_copy():
    """A paragraph pasted again right after itself: which copy is the original no diff can
    say (forwards it is the second, backwards the first). The tag is orphaned, not guessed."""
    original = ARTICLES[1]
    quote = "Turkey and Azerbaijan have denied the reports."
    start, end, prefix, suffix = tag_on(original, quote)
    edited = Tracked.of(original)
    edited.replace(end, end, "\n\n" + quote)
    where = locate(edited.text, quote, prefix, suffix, start, end, old_text=original)
    assert where[2] == "orphaned"
    # The same paragraph pasted elsewhere, away from itself, is no doubt: the tag stays.
    elsewhere = Tracked.of(original)
    elsewhere.replace(len(original), len(original), "\n\n" + quote)
    s, e, status = locate(elsewhere.text, quote, prefix, suffix, start, end, old_text=original)
    assert (s, e, status) == (start, end, "exact")


def test_a_lookalike_sentence_put_in_place_of_the_tagged_one_does_not_take_the_tag():
    """The tagged sentence replaced by another article's sentence that ends with the same
    words: the diff pairs them (they are next to the same text), but the tag's own neighbour
    on the left is gone, and its left context with it."""
    original = ARTICLES[0]
    quote = "statements backing Azerbaijan."
    start, end, prefix, suffix = tag_on(original, quote)
    a, b = sentence_at(original, start)
    edited = Tracked.of(original)
    edited.replace(a, b, "")
    edited.replace(a, a, "Ankara has issued statements backing Azerbaijan.")
    where = locate(edited.text, quote, prefix, suffix, start, end, old_text=original)
    assert where[2] == "orphaned", explain(edited, original, start, end, *where)


def test_without_the_old_text_a_passage_printed_twice_does_not_move_onto_its_twin():
    """Article 001 quotes the Kremlin twice. A tag reaching into the first copy's own
    introduction ("Earlier in the day") is told from the second by that context; when the
    first copy is deleted, the second, whose introduction differs, is not taken for it."""
    original = ARTICLES[1]
    quote = "Kremlin spokesman Dmitry Peskov said that “any participation"
    start, end, prefix, suffix = tag_on(original, "day, " + quote)
    start += len("day, ")
    prefix, _, suffix = context(original, start, end)
    assert [pos for pos, _ in candidates(original, quote, prefix, suffix)] == [start]
    a = original.rindex("\n", 0, start) + 1
    b = original.index("\n", start)
    edited = Tracked.of(original)
    edited.replace(a, b, "")
    assert quote in edited.text  # the twin is still there
    where = locate(edited.text, quote, prefix, suffix, start, end)
    assert where[2] == "orphaned", explain(edited, original, start, end, *where)


def test_without_the_old_text_two_equally_good_places_give_an_orphan():
    """The middle of the twice-printed quotation has the same 32 characters around it in both
    copies: with something inserted before both, neither is at the stored offset and
    neither can be preferred."""
    original = ARTICLES[1]
    quote = "third countries in this standoff"
    start, end, prefix, suffix = tag_on(original, quote)
    assert len(candidates(original, quote, prefix, suffix)) == 2
    edited = "UPDATE: corrected.\n\n" + original
    assert locate(edited, quote, prefix, suffix, start, end)[2] == "orphaned"
    # Unchanged, where it was: it is the one at the stored offset.
    assert locate(original, quote, prefix, suffix, start, end) == (start, end, "exact")


def test_a_deletion_between_two_copies_goes_where_its_edges_fall_best():
    """ "Vote. Putin won. Putin lost." less one sentence: the diff may as well delete
    "Putin won. " as " won. Putin"; it deletes " Putin won." (a sentence, from end to end), so
    the first "Putin" is gone and the second kept."""
    old, new = "Vote. Putin won. Putin lost.", "Vote. Putin lost."
    change = diff(old, new)
    assert change.ops == (("equal", 0, 5, 0, 5), ("delete", 5, 16, 5, 5), ("equal", 16, 28, 5, 17))
    assert change.unsure == ()
    first, second = old.index("Putin"), old.rindex("Putin")
    for start, placed in ((first, "orphaned"), (second, "moved")):
        prefix, quote, suffix = context(old, start, start + 5)
        where = locate(new, quote, prefix, suffix, start, start + 5, old_text=old)
        assert where[2] == placed


def test_where_two_places_are_as_good_the_copies_are_unsure():
    """ "Putin Putin" less one "Putin ": which one went cannot be told; both tags are
    orphaned rather than one put on the other's text."""
    old, new = "They said Putin Putin again.", "They said Putin again."
    change = diff(old, new)
    first, second = old.index("Putin"), old.rindex("Putin")
    assert any(a <= first < b for a, b in change.unsure)
    assert any(a <= second < b for a, b in change.unsure)
    for start in (first, second):
        prefix, quote, suffix = context(old, start, start + 5)
        where = locate(new, quote, prefix, suffix, start, start + 5, old_text=old)
        assert where[2] == "orphaned"


# ---------------------------------------------------------------------------------------------
# Property: realistic edits never move a tag onto text it was not made on


def other_stories(quote: str, articles: list[str]) -> list[str]:
    """``articles`` without their sentences holding ``quote``, and the unrelated documents:
    lookalikes from other stories only."""
    kept = [
        "\n".join(
            "".join(m.group() for m in SENTENCE.finditer(line) if quote not in m.group())
            for line in article.split("\n")
        )
        for article in articles
    ]
    return kept + UNRELATED


@st.composite
def tagged_and_edited(
    draw: st.DrawFn, same_story: bool = True
) -> tuple[str, int, int, Tracked, list[str]]:
    n = draw(st.integers(0, len(ARTICLES) - 1))
    text, others = ARTICLES[n], ARTICLES[:n] + ARTICLES[n + 1 :]
    rng = draw(st.randoms(use_true_random=False))
    words = [m.span() for m in WORD.finditer(text)]
    elsewhere = " ".join(ARTICLES)
    repeated = [k for k, (s, e) in enumerate(words) if elsewhere.count(text[s:e]) > 1]
    i = rng.choice(repeated) if repeated and rng.random() < 0.6 else rng.randrange(len(words))
    j = min(len(words) - 1, i + rng.choice([0, 0, 0, 1, 2, 4]))
    start, end = words[i][0], words[j][1]
    quote = text[start:end]
    if not same_story:
        others = other_stories(quote, others)
    edited = Tracked.of(text)
    kinds = []
    if rng.random() < 0.4:  # the tag's own sentence deleted, as in the review
        a, b = sentence_at(text, start)
        edited.replace(a, b, "")
        kinds.append("delete the tag's sentence")
    for _ in range(rng.randint(1, 5)):
        kinds.append(realistic_edit(edited, rng, others, quote))
    note = f"edits: {kinds}"
    return text, start, end, edited, [note]


@settings(max_examples=400, deadline=None)
@given(tagged_and_edited())
def test_realistic_edits_with_the_old_text_never_misplace_a_tag(case):
    """The reader's way (the store keeps the text each tag was made on): a tag lands on its
    own text, as edited, or is orphaned. No lookalike, ever."""
    text, start, end, edited, note = case
    prefix, quote, suffix = context(text, start, end)
    s, e, status = locate(edited.text, quote, prefix, suffix, start, end, old_text=text)
    if status == "orphaned":
        return
    why = f"{note}: {explain(edited, text, start, end, s, e, status)}"
    assert made_on(edited, text, start, end, s, e) or version_of_sentence(
        edited, text, start, end, s, e
    ), why
    assert (edited.text[s:e] == quote) == (status in ("exact", "moved")), why


@settings(max_examples=400, deadline=None)
@given(tagged_and_edited(same_story=False))
def test_realistic_edits_by_quote_and_context_never_misplace_a_tag(case):
    """An import's way (quote and context only), for tags their own article tells from any
    twin, with lookalikes from other stories (the article's own other uses of the quote are
    there too). Not tested here, because no method without the old text can pass it: the
    other bundled articles tell the same story, often in the same or reworded sentences; one
    of those put in place of the deleted tagged sentence is, by quote and context, the tagged
    sentence edited. That is what the reader's diff is for (the test above). Nor can any such
    method refuse a place that has come to hold the quote with the tag's whole context, word
    for word (article 001's twin Kremlin quotation, once the sentence that told the copies
    apart is deleted, found by this test)."""
    text, start, end, edited, note = case
    prefix, quote, suffix = context(text, start, end)
    assume([pos for pos, _ in candidates(text, quote, prefix, suffix)] == [start])
    s, e, status = locate(edited.text, quote, prefix, suffix, start, end)
    if status == "orphaned" or same_context(edited, text, start, end, s, e):
        return
    why = f"{note}: {explain(edited, text, start, end, s, e, status)}"
    assert made_on(edited, text, start, end, s, e), why
    assert (edited.text[s:e] == quote) == (status in ("exact", "moved")), why


NOTHING_LOST = ("collapse blank lines", "rewrap lines", "straighten quotes", "curl quotes")


@pytest.mark.parametrize("kind", REALISTIC)
def test_each_kind_of_edit_keeps_tags_on_their_own_text(kind: str):
    """Each edit by itself, on every article, 60 tags each: with the old text, none is
    misplaced; an edit that deletes nothing (spaces, line breaks, quotation marks) orphans
    none, and a changed figure only a one-digit tag on it."""
    rng = random.Random(kind)
    for n, text in enumerate(ARTICLES):
        others = ARTICLES[:n] + ARTICLES[n + 1 :]
        words = [m.span() for m in WORD.finditer(text)]
        for _ in range(60):
            i = rng.randrange(len(words))
            start, end = words[i][0], words[min(len(words) - 1, i + rng.randrange(3))][1]
            prefix, quote, suffix = context(text, start, end)
            edited = Tracked.of(text)
            realistic_edit(edited, rng, others, quote, kind)
            s, e, status = locate(edited.text, quote, prefix, suffix, start, end, old_text=text)
            why = f"{kind}: {explain(edited, text, start, end, s, e, status)}"
            if status != "orphaned":
                assert made_on(edited, text, start, end, s, e), why
            elif kind in NOTHING_LOST or kind == "change figure":
                assert kind == "change figure" and len(quote) <= 2, why
                assert not edited.intact(start, end, quote), why


def test_the_edit_tracker_counts_a_deletion_and_an_insertion_in_its_place_as_a_rewrite():
    """The judge of the tests above: text put where text was deleted (spaces apart) replaced
    it; text put elsewhere, or a moved paragraph's gap, is new."""
    doc = Tracked.of("One. Two three. Four.")
    doc.replace(5, 16, "")  # "Two three. " deleted
    doc.replace(5, 5, "Deux trois. ")  # ... and something put in its place
    assert doc.text == "One. Deux trois. Four."
    assert doc.own(5, 9, 14) and doc.own(15, 5, 6)  # it stands for the deleted "three"
    doc.replace(0, 0, "New. ")
    assert doc.lo[0] == -1  # nothing was deleted there
    moved = Tracked.of("A.\nB.\nC.")
    piece = moved.cut(3, 5)  # "B." moved to the end
    moved.paste(len(moved.text), piece, before="\n")
    moved.replace(3, 3, "X.")  # where "B." was: it is not a rewrite of "B."
    assert moved.text == "A.\nX.\nC.\nB." and moved.lo[3] == -1 and moved.lo[-2:] == [3, 4]
