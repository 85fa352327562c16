"""Helpers for the document model tests: a model at a width, with the cursor somewhere."""

from __future__ import annotations

from newsreader.tui.document.model import ArticleModel


def model(text: str, width: int = 80, cursor: int = 0) -> ArticleModel:
    m = ArticleModel(width=width)
    m.load(text, cursor)
    return m


def rows(m: ArticleModel) -> list[str]:
    """The text of each row, as drawn."""
    return [m.wrap.text[s:e] for s, e in zip(m.wrap.starts, m.wrap.ends, strict=True)]
