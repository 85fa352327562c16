"""Messages named after what happened, posted to the app (some from worker threads)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from newsreader.core.corpus import Corpus
    from newsreader.core.model import Analysis


@dataclass
class AnalysisProgressed(Message):
    """The analysis worker reached ``fraction`` (0..1) of ``stage``."""

    stage: str
    fraction: float

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, AnalysisProgressed)


@dataclass
class AnalysisFinished(Message):
    """The analysis of the corpus is ready."""

    analysis: Analysis


@dataclass
class AnalysisFailed(Message):
    """The analysis raised; ``error`` is a one-line message for the user."""

    error: str


@dataclass
class CorpusProgressed(Message):
    """The corpus loader has read ``done`` of ``total`` files."""

    done: int
    total: int

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, CorpusProgressed)


@dataclass
class CorpusLoaded(Message):
    """The corpus is read (on the loader's thread)."""

    corpus: Corpus


@dataclass
class CorpusFailed(Message):
    """The corpus could not be read; ``error`` is one line for the user."""

    error: str
