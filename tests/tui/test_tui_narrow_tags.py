"""The tag list in a narrow terminal: under the articles, not taking their width (issue 11:
at 60 columns it took half the width, at 30 the articles got none)."""

from __future__ import annotations

import pytest

from newsreader.tui.app import NewsreaderApp
from newsreader.tui.widgets.tag_list import TagList


@pytest.mark.parametrize("size", [(60, 24), (30, 20), (160, 48)])
async def test_tag_list_leaves_the_articles_their_width(corpus, analysis, store, size) -> None:  # type: ignore[no-untyped-def]
    app = NewsreaderApp(corpus, store, analysis=analysis, analyzer=None, poll_interval=0)
    width, _ = size
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        before = app.view.region.width
        await pilot.press("l")
        await pilot.pause()
        tags = app.query_one(TagList)
        assert tags.display and tags.region.width > 0 and tags.region.height > 0
        article = app.view.region
        if width < 100:
            # Narrow: the list is under the articles, which keep their width.
            assert tags.region.y >= article.bottom
            assert article.width == before
        else:
            # Wide: beside them, and the articles keep most of the screen.
            assert tags.region.x >= article.right
            assert tags.region.width <= width * 2 // 5
