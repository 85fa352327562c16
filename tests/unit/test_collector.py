"""The garbage collector is paused while the engine works and comes back as it was."""

from __future__ import annotations

import gc
import threading
from pathlib import Path

import pytest

from newsreader.core.collector import collector_paused


def test_paused_inside_back_after_even_on_error() -> None:
    assert gc.isenabled()
    with pytest.raises(RuntimeError), collector_paused():
        assert not gc.isenabled()
        raise RuntimeError("boom")
    assert gc.isenabled()


def test_nested_pauses_end_with_the_outermost() -> None:
    with collector_paused():
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the inner end does not bring it back
    assert gc.isenabled()


def test_a_collector_off_before_stays_off() -> None:
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_overlapping_pauses_in_two_threads() -> None:
    inside, release = threading.Event(), threading.Event()

    def other() -> None:
        with collector_paused():
            inside.set()
            release.wait(10)

    t = threading.Thread(target=other)
    t.start()
    inside.wait(10)
    with collector_paused():
        pass
    assert not gc.isenabled()  # the other thread's pause is still on
    release.set()
    t.join(10)
    assert gc.isenabled()


def test_loading_and_analysing_leave_it_on() -> None:
    from newsreader.core.analysis import AnalysisOptions, analyze
    from newsreader.core.corpus import load_corpus

    corpus = load_corpus(Path(__file__).resolve().parents[2] / "corpus")
    analyze(corpus, AnalysisOptions(parallel=False))
    assert gc.isenabled()
