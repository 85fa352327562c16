"""The quantity panel quotes each figure in the article's own words: sliced, not re-joined."""

from __future__ import annotations

from newsreader.core.model import Document, Mention
from newsreader.tui.screens.quantity import context, mention_row

TEXT = (
    "Quake zone covers a wide area.\nThe region (19,000 sq. kms) was hit, and about\n"
    "150, 000 people fled (officials said)."
)


def _doc(title: str = "Quake  hits:\tregion (AFP)") -> Document:
    return Document(id="d1", path="a.txt", title=title, text=TEXT)


def _mention(written: str) -> Mention:
    start = TEXT.index(written)
    return Mention(
        id=f"d1:{start}", doc="d1", start=start, end=start + len(written),
        low=1.0, high=1.0, kind="count", what="",
    )  # fmt: skip


def test_context_slices_the_article_verbatim() -> None:
    doc = _doc()
    area = context(doc, _mention("19,000 sq. kms"), 30).plain
    assert "(19,000 sq. kms)" in area
    assert area in TEXT.replace("\n", " ")
    fled = context(doc, _mention("150, 000"), 30).plain
    assert "about 150, 000 people fled (officials" in fled
    assert fled in TEXT.replace("\n", " ")


def test_context_marks_the_figure_and_only_the_figure_in_bold() -> None:
    text = context(_doc(), _mention("150, 000"), 30)
    bold = [text.plain[s.start : s.end] for s in text.spans if "bold" in str(s.style)]
    assert bold == ["150, 000"]


def test_mention_row_title_as_written() -> None:
    row = mention_row(1, _doc(), _mention("150, 000"), here=False).plain
    assert "Quake  hits: region (AFP)" in row
