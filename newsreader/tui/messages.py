"""Messages named after what happened, posted to the app (some from worker threads)."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

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
