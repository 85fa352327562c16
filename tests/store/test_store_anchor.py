"""Re-anchoring: tags found again after the article text changed, never dropped."""

from __future__ import annotations

from pathlib import Path

from edits import Tracked
from hypothesis import given, settings
from hypothesis import strategies as st
from store_helpers import ARTICLE_A, doc

from newsreader.store import Store
from newsreader.store.anchor import CONTEXT, candidates, context, locate

TAG = "Witnesses disputed the figure"


def tagged(text: str = ARTICLE_A, quote: str = TAG) -> tuple[int, int, str, str]:
    start = text.index(quote)
    prefix, _, suffix = context(text, start, start + len(quote))
    return start, start + len(quote), prefix, suffix


def test_unchanged_text_is_exact():
    start, end, prefix, suffix = tagged()
    assert locate(ARTICLE_A, TAG, prefix, suffix, start, end) == (start, end, "exact")


def test_insert_before_moves_the_tag():
    start, end, prefix, suffix = tagged()
    new = ARTICLE_A.replace("Ceasefire talks", "UPDATED 14:02. Ceasefire talks")
    s, e, status = locate(new, TAG, prefix, suffix, start, end)
    assert status == "moved" and new[s:e] == TAG and s == start + len("UPDATED 14:02. ")


def test_deletion_before_moves_the_tag():
    start, end, prefix, suffix = tagged()
    new = ARTICLE_A.replace("on Tuesday, ", "")
    s, e, status = locate(new, TAG, prefix, suffix, start, end)
    assert (status, new[s:e], s) == ("moved", TAG, start - len("on Tuesday, "))


def test_edit_right_around_the_tag_still_exact_or_moved():
    start, end, prefix, suffix = tagged()
    new = ARTICLE_A.replace(
        "officials. Witnesses disputed the figure and", "police. Witnesses disputed the figure, and"
    )
    s, e, status = locate(new, TAG, prefix, suffix, start, end)
    assert status == "moved" and new[s:e] == TAG


def test_edit_inside_the_tag_is_fuzzy():
    start, end, prefix, suffix = tagged()
    new = ARTICLE_A.replace(TAG, "Witnesses disputed that figure")
    s, e, status = locate(new, TAG, prefix, suffix, start, end)
    assert status == "fuzzy"
    assert new[s:e] in ("Witnesses disputed that figure", "Witnesses disputed that figur")


def test_deleted_passage_is_orphaned_not_dropped():
    start, end, prefix, suffix = tagged()
    new = ARTICLE_A.replace("Witnesses disputed the figure and said the real toll was higher. ", "")
    s, e, status = locate(new, TAG, prefix, suffix, start, end)
    assert status == "orphaned" and 0 <= s <= e <= len(new)


def test_repeated_quote_is_placed_by_its_context():
    text = "The ministry said so. Later the ministry said no. " * 2
    quote = "the ministry said"
    second = text.index(quote)  # "Later the ministry said no. The ministry said so."
    prefix, _, suffix = context(text, second, second + len(quote))
    new = "Breaking: " + text
    s, _, status = locate(new, quote, prefix, suffix, second, second + len(quote))
    assert status == "moved" and s == second + len("Breaking: ")


def test_two_places_with_the_same_context_are_not_guessed_between():
    """The last "the ministry said" has only " no. " after it (the text ends); the first has
    " no. " after it too, and the same words before. Moved by an insertion, neither is at the
    stored offset: which one is the tag cannot be told, so it is orphaned, not put on the
    nearer. Unmoved, the one at the stored offset is taken."""
    text = "The ministry said so. Later the ministry said no. " * 2
    quote = "the ministry said"
    last = text.rindex(quote)
    prefix, _, suffix = context(text, last, last + len(quote))
    assert len(candidates(text, quote, prefix, suffix)) == 2
    new = "Breaking: " + text
    assert locate(new, quote, prefix, suffix, last, last + len(quote))[2] == "orphaned"
    assert locate(text + "More.", quote, prefix, suffix, last, last + len(quote)) == (
        last,
        last + len(quote),
        "exact",
    )


@settings(max_examples=60, deadline=None)
@given(
    before=st.text(alphabet="abc XYZ.\n", max_size=40),
    after=st.text(alphabet="abc XYZ.\n", max_size=40),
    where=st.integers(min_value=0, max_value=len(ARTICLE_A)),
)
def test_inserting_text_outside_the_tag_keeps_it_found(before: str, after: str, where: int):
    """Text inserted anywhere outside the tag. With the old text (the diff) the tag is always
    found on its own text; by quote and context alone it is found when its context is intact,
    and never misplaced. Only text glued to its first or last word ("figureX") makes that word
    part of the edited tag (fuzzy)."""
    start, end, prefix, suffix = tagged()
    cut_before = min(where, start)  # somewhere before the tag
    cut_after = max(where, end)  # somewhere after it
    edited = Tracked.of(ARTICLE_A)
    edited.replace(cut_after, cut_after, after)
    edited.replace(cut_before, cut_before, before)
    new = edited.text
    glued = (before[-1:].isalnum() and cut_before == start) or (
        after[:1].isalnum() and cut_after == end
    )
    s, e, status = locate(new, TAG, prefix, suffix, start, end, old_text=ARTICLE_A)
    # Glued at both ends ("XXXWitnesses ... figureXXX"), the edited tag may be too unlike its
    # quote to place: an orphan then, never another place (found by Hypothesis: 13 and 9 X).
    allowed = {"right", "orphaned"} if glued else {"right"}
    assert edited.judge(start, end, s, e, status) in allowed
    if not glued:
        assert (new[s:e], s) == (TAG, start + len(before))
        assert status == ("exact" if not before else "moved")
    s, e, status = locate(new, TAG, prefix, suffix, start, end)
    assert edited.judge(start, end, s, e, status) != "wrong"
    if start - cut_before >= CONTEXT and cut_after - end >= CONTEXT:
        moved = "exact" if not before else "moved"
        assert (new[s:e], s, status) == (TAG, start + len(before), moved)


def test_store_places_tags_on_an_edited_file(tmp_path: Path):
    old = doc(ARTICLE_A, "corpus/a.txt")
    with Store.open(tmp_path / "t.db", user="alice") as store:
        start = ARTICLE_A.index(TAG)
        kept = store.add(old, start, start + len(TAG), "disputed")
        gone_start = ARTICLE_A.index("talks would resume")
        gone = store.add(old, gone_start, gone_start + 18, "claim")
        edited_text = "UPDATE: " + ARTICLE_A.replace("talks would resume next week", "a decision")
        edited = doc(edited_text, "corpus/a.txt")
        assert edited.id != old.id
        placed = {p.annotation.id: p for p in store.placed(edited)}
        assert placed[kept.id].status == "moved"
        assert edited_text[placed[kept.id].start : placed[kept.id].end] == TAG
        assert placed[gone.id].status == "orphaned"
        # nothing was rewritten: the stored tags are as saved
        assert store.get(kept.id) == kept and store.get(gone.id) == gone
