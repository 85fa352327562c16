"""What a figure counts: the noun phrase after it, a participle or verb saying what happened
(the event), the subject, and, for counts worth comparing, the actor and the era."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from newsreader.core.model import MentionKind
from newsreader.core.numbers.document import _DocContext
from newsreader.core.numbers.figure import Figure
from newsreader.core.numbers.lexicon import (
    _AUX_SKIP,
    _DEATH_NOUNS,
    _EVENT_HEADS,
    _GENERIC_HEADS,
    _MONEY,
    _NP_STOP,
    _OF_DETERMINERS,
    _PARENTHETICAL,
    _PAST,
    _PERSON_CLASSES,
    _PERSON_EVENTS,
    _VERBS_BEFORE,
    EVENTS,
    PARTICIPLES,
    SUBJECTS,
    UNITS,
    _is_plural,
    _singular,
)

_BACK_WORDS_RE = re.compile(
    r"[\s\"“”'‘’(]*([A-Za-z]+)(?:[\s\"“”'‘’(]+([A-Za-z]+)(?:\s+([A-Za-z]+)(?:\s+([A-Za-z]+))?)?)?"
)
_TOLL_VERBS = frozenset("to at of is was reached hit stood stands rose climbed".split())
_INHERIT_GAP_RE = re.compile(
    r"[\s,;]*(?:(?:and|or|while|whereas|but|plus|including|with|as well as)\s+)?"
    r"(?:(?:said|says|another|other|more|some|a further)\s+)*\Z",
    re.IGNORECASE,
)


@dataclass(slots=True)
class _About:
    """What a figure counts, found in its surroundings (internal)."""

    what: str = ""
    event: str = ""
    subject: str = ""
    actor: str = ""
    era: str = ""
    increment: bool = False
    tail: int = 0  # end of the words looked at after the figure
    sentence: tuple[int, int] = (0, 0)  # set only for figures worth grouping
    kind: MentionKind = "count"
    unit: str = ""


def _tokens_after(text: str, pos: int, limit: int = 11) -> list[str]:
    """Words (and single punctuation marks) after ``pos`` on the same line."""
    end = text.find("\n", pos, pos + 90)
    if end < 0:
        end = min(len(text), pos + 90)
    return _TOKEN_FIND_RE.findall(text, pos, end)[:limit]


def _advance(text: str, pos: int, tokens: Sequence[str]) -> int:
    """The end of ``tokens`` found one after the other from ``pos``."""
    for token in tokens:
        pos = text.find(token, pos) + len(token)
    return pos


_TOKEN_FIND_RE = re.compile(r"[A-Za-z][A-Za-z'’]*(?:-[A-Za-z]+)*|[^\sA-Za-z]")


def _noun_phrase(tokens: list[str], about: _About) -> tuple[list[str], str, int]:
    """The counted noun phrase after a figure and a participle after it.

    Returns ``(words, participle, tokens used)``: "23 civilians killed" -> (["civilians"],
    "killed"), "Dozens of people have been killed" -> (["people"], "killed"), "54 more of its
    troops" -> (["troops"], ""), "another 200 were wounded" -> ([], "wounded").
    """
    i = 0
    n = len(tokens)
    if n and tokens[0].lower() in ("more", "additional", "further", "extra", "other"):
        about.increment = tokens[0].lower() != "other"
        i = 1
    if i < n and tokens[i].lower() == "of":
        i += 1
        if i < n and tokens[i].lower() in _OF_DETERMINERS:
            i += 1
    np: list[str] = []
    used = 0
    while i < n and len(np) < 4:
        word = tokens[i]
        low = word.lower()
        if (
            not word[0].isalpha()
            or low in _NP_STOP
            or (low in PARTICIPLES and (np or low != "dead"))
        ):
            break
        np.append(word)
        i += 1
        used = i
        if _is_plural(low) and not (i < n and tokens[i].lower() in UNITS):
            break
    # A participle after the noun phrase: "have been killed", "were badly wounded".
    skipped = 0
    while i < n and skipped < 6:
        word = tokens[i].lower()
        if word in PARTICIPLES:
            return np, word, i + 1
        if word == "," and i + 1 < n and tokens[i + 1].lower() in _PARENTHETICAL:
            i += 2
            while i < n and tokens[i] != ",":
                i += 1
            i += 1
        elif word in _AUX_SKIP:
            i += 1
        else:
            break
        skipped += 1
    return np, "", used


def _describe(ctx: _DocContext, fig: Figure, prev: _About | None) -> _About:
    """What a count (or other figure) counts, from the words around it."""
    text = ctx.text
    about = _About(tail=fig.end)
    unit = fig.unit
    if unit in _MONEY or unit.endswith("$"):
        about.kind, about.unit = "other", _MONEY.get(unit[-1:], "money")
    elif unit == "%":
        about.kind, about.unit = "other", "percent"
    elif fig.kind == "other":
        about.kind = "other"
    if fig.end < len(text) and text[fig.end] == "-" and fig.hedge != "range":
        # "a five-year plan", "a 12-year-old": an adjective, a measure
        tokens = _tokens_after(text, fig.end + 1, 1)
        if tokens and text.startswith(tokens[0], fig.end + 1) and tokens[0][0].isalpha():
            about.kind = "other"
            about.what = tokens[0].lower()
            about.unit = _singular(about.what.split("-")[0])
            about.tail = fig.end + 1 + len(tokens[0])
            return about
    tokens = _tokens_after(text, fig.end)
    np, participle, used = _noun_phrase(tokens, about)
    about.tail = _advance(text, fig.end, tokens[:used])
    heads = [w.lower() for w in np]
    head = heads[-1] if heads else ""
    # Words before the figure: "killed more than 20,000", "the deaths of 158".
    bm = _BACK_WORDS_RE.match(text[max(0, fig.start - 40) : fig.start][::-1])
    before1 = bm.group(1)[::-1].lower() if bm else ""
    before2 = bm.group(2)[::-1].lower() if bm and bm.group(2) else ""
    if before1 == "another":
        about.increment = True
    event = event_word = ""
    if participle:
        event, event_word = EVENTS.get(participle, ""), participle
    elif head in EVENTS and head not in ("lost", "losing"):
        event = EVENTS[head]
    elif before1 == "of" and before2 in _DEATH_NOUNS:
        event, event_word = "killed", "killed"
    elif before1 in _TOLL_VERBS and bm and "llot" in (bm.group(2), bm.group(3), bm.group(4)):
        event = "killed"  # "the death toll rose to 57"
    elif before1 in ("claimed", "claiming"):
        event = "killed" if head == "lives" else ""
    elif before1 in _VERBS_BEFORE:
        event = EVENTS.get(before1, "")
        event_word = _PAST.get(before1, before1)
    elif before1 == "down" and before2 in ("shot", "shooting", "brought"):
        event, event_word = "destroyed", "shot down"
    # Subject: a class of people, or the head noun ("artillery unit" for generic heads).
    subject = ""
    if head in _EVENT_HEADS:
        subject = "people"
        for w in heads[:-1]:
            subject = SUBJECTS.get(w, subject)
    elif head in SUBJECTS:
        subject = SUBJECTS[head]
    elif head:
        subject = _singular(head)
        if subject in _GENERIC_HEADS and len(heads) > 1:
            subject = heads[-2] + " " + subject
    if event == "lost":
        event = "killed" if subject in _PERSON_CLASSES else "destroyed"
    if about.kind == "count":
        if head in UNITS:
            about.kind, about.unit = "other", _singular(head)
        elif fig.value is not None and fig.value != int(fig.value) and not _has_scale(text, fig):
            about.kind = "other"
    # Coordination: "the deaths of 158 soldiers and 13 civilians", "130 tanks, 200 units".
    inherited = False
    if (
        prev is not None
        and prev.tail <= fig.start
        and fig.start - prev.tail < 40
        and _INHERIT_GAP_RE.match(text, prev.tail, fig.start)
    ):
        inherited = True
        if not event and prev.event:
            event = prev.event
            if not event_word and prev.event == "killed":
                event_word = "killed"
        if not subject:
            subject = prev.subject
    if not subject and event in _PERSON_EVENTS:
        subject = "people"
    about.event, about.subject = event, subject
    what = " ".join(np)
    if participle or event_word:
        what = f"{what} {participle or event_word}".strip()
    about.what = what
    if _worth_grouping(about):
        # The actor: a place or side named in the noun phrase, else the nearest one before.
        about.sentence = ctx.sentence(fig.start, fig.end)
        for w in np[:-1]:
            if w[0].isupper() and ctx.is_name(w, initial=False):
                about.actor = ctx.canonical(w)
                break
        else:
            about.actor = ctx.actor_before(about.sentence[0], fig.start)
            if not about.actor and inherited and prev is not None:
                about.actor = prev.actor
        about.era = ctx.era(*about.sentence)
    return about


def _worth_grouping(about: _About) -> bool:
    """Only counts of an event the lexicon knows ("killed", "arrested", "destroyed"...) are
    compared across outlets; the rest gets no actor, era or context words, which also saves
    time on number-heavy text."""
    return bool(about.event) and not about.increment and about.kind == "count"


def _has_scale(text: str, fig: Figure) -> bool:
    if not fig.numbers:
        return False
    last = fig.numbers[-1]
    return any(ch.isalpha() for ch in text[last.start : last.end])
