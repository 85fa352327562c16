"""Property tests over the whole analysis: every span is a valid slice of its document."""

from __future__ import annotations

import codecs
import json
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsreader.core.analysis import analyze
from newsreader.core.corpus import load_corpus
from newsreader.core.report import dumps, to_json

SENTENCES = [
    "Armenia has recorded 104 military deaths and 23 civilians killed since Sunday.",
    "More than 100 people, including many civilians, have been killed since September 27.",
    "Nearly 200 people have been confirmed killed, including more than 30 civilians.",
    "Dozens of people have been killed and hundreds more injured in the fighting.",
    "“This is a very serious new fact, which changes the situation,” he told reporters.",
    "The fifth day of shelling began on October 1, 1994 style, with 2,300 troops and 1.5 tanks.",
    "A [bold]markup[/bold] line and an \x1b[31mescape\x1b[0m and a tab\there.",
    "Élysée officials said twenty-three people died; a dozen more were hurt.",
]

piece = st.one_of(
    st.sampled_from(SENTENCES),
    st.text(min_size=1, max_size=60),
)
article = st.lists(piece, min_size=1, max_size=8).map(lambda parts: "\n\n".join(parts))
encoding = st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252-ish", "crlf"])


def _encode(text: str, how: str) -> bytes:
    if how == "utf-8-sig":
        return codecs.BOM_UTF8 + text.encode("utf-8", "surrogatepass")
    if how == "utf-16":
        return text.encode("utf-16", "surrogatepass")
    if how == "crlf":
        return text.replace("\n", "\r\n").encode("utf-8", "surrogatepass")
    return text.encode("utf-8", "surrogatepass")


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.lists(st.tuples(article, encoding), min_size=1, max_size=4))
def test_every_span_is_its_documents_slice(articles: list[tuple[str, str]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        for i, (text, how) in enumerate(articles):
            Path(tmp, f"{i}.txt").write_bytes(_encode(text, how))
        try:
            corpus = load_corpus(tmp)
        except Exception as exc:  # every article may be skipped (e.g. no letters)
            assert "no article" in str(exc)
            return
        data = json.loads(dumps(to_json(analyze(corpus))))
    texts = {d.id: d.text for d in corpus.documents}
    for d in data["documents"]:
        assert d["length"] == len(texts[d["id"]])
    for p in data["passages"]:
        assert len(p["spans"]) >= 2
        for s in p["spans"]:
            assert 0 <= s["start"] < s["end"] <= len(texts[s["doc"]])
            assert s["text"] == texts[s["doc"]][s["start"] : s["end"]]
    for m in data["mentions"]:
        assert 0 <= m["start"] < m["end"] <= len(texts[m["doc"]])
        assert m["text"] == texts[m["doc"]][m["start"] : m["end"]]
        if m["low"] is not None and m["high"] is not None:
            assert m["low"] <= m["high"]
    mention_ids = {m["id"] for m in data["mentions"]}
    for q in data["quantities"]:
        assert set(q["mentions"]) <= mention_ids
    assert sorted(i for s in data["stories"] for i in s["documents"]) == sorted(texts)


def test_numbers_from_the_worker_process_are_the_serial_ones(monkeypatch: Any) -> None:
    # The worker sends its mentions back as plain tuples; rebuilt, they must be the same.
    from newsreader.core import analysis

    started: list[object] = []

    def start(*args: Any) -> Any:
        started.append(real(*args))
        return started[-1]

    real = analysis._start_numbers
    monkeypatch.setattr(analysis, "_start_numbers", start)
    corpus = load_corpus(Path(__file__).resolve().parents[2] / "corpus")
    serial = analyze(corpus, analysis.AnalysisOptions(parallel=False))
    parallel = analyze(corpus, analysis.AnalysisOptions(parallel=True))
    assert len(started) == 1 and started[0] is not None  # a worker process did the numbers
    assert serial.mentions and serial.quantities
    assert parallel == serial
