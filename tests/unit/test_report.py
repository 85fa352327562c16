"""The figures as the summary and the reader's mentions panel show them."""

from __future__ import annotations

import pytest

from newsreader.core.model import Mention
from newsreader.core.report import format_figure


def _m(low: float | None, high: float | None, kind: str = "count", **kw: bool) -> Mention:
    return Mention("m", "d", 0, 1, low, high, kind, "", **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("mention", "shown"),
    [
        (_m(104, 104), "104"),
        (_m(2300, 2300), "2,300"),
        (_m(1.5, 1.5), "1.5"),
        (_m(1234.5, 1234.5), "1,234.5"),
        (_m(1994, 1994, "year"), "1994"),
        (_m(30000, 30000, approximate=True), "≈30,000"),
        (_m(24, 100, high_open=True), "24–100"),
        (_m(100, None, low_open=True), "> 100"),
        (_m(12, None), "≥ 12"),
        (_m(None, 200, high_open=True), "< 200"),
        (_m(None, None), "?"),
    ],
)
def test_format_figure(mention: Mention, shown: str) -> None:
    assert format_figure(mention) == shown


def test_written_json_is_the_same_characters_as_dumps() -> None:
    import io
    from pathlib import Path

    from newsreader.core.analysis import analyze
    from newsreader.core.corpus import load_corpus
    from newsreader.core.model import Analysis
    from newsreader.core.report import dumps, to_json, write_json

    corpus = Path(__file__).resolve().parents[2] / "corpus"
    full = analyze(load_corpus(corpus))
    assert full.passages and full.mentions and full.quantities  # every kind of section
    for analysis in (full, Analysis(documents=full.documents[:1]), Analysis(documents=())):
        out = io.StringIO()
        write_json(analysis, out)
        assert out.getvalue() == dumps(to_json(analysis))
