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
    _NP_STOP,
    _OF_DETERMINERS,
    _PARENTHETICAL,
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
from newsreader.core.numbers.units import unit_name

_BACK_WORDS_RE = re.compile(
    r"[\s\"“”'‘’(]*([A-Za-z]+)(?:[\s\"“”'‘’(]+([A-Za-z]+)(?:\s+([A-Za-z]+)(?:\s+([A-Za-z]+))?)?)?"
)
_TOLL_VERBS = frozenset(
    "to at of is was reach reached reaches reaching hit hits stood stands rose risen rises"
    " climbed climbs"
    " jumped surged".split()
)
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
    place: str = ""  # a place named after the figure in its clause ("killed in Izmit")
    episode: str = ""  # a named other event in the sentence ("World War II", "Hurricane Mitch")
    part: str = ""  # "part" ("15 of them", "two of the three"), "whole" ("of the three victims")
    conversion: bool = False  # restates the measure before it ("25 km (15 miles)")
    stat: bool = False  # a sports statistic ("106 carries", "404 yards")


def _tokens_after(text: str, pos: int, limit: int = 11) -> list[str]:
    """Words (and single punctuation marks) after ``pos`` on the same line."""
    end = text.find("\n", pos, pos + 90)
    if end < 0:
        end = min(len(text), pos + 90)
    return _TOKEN_FIND_RE.findall(text, pos, end)[:limit]


def _token_spans(text: str, pos: int, tokens: Sequence[str]) -> list[tuple[int, int]]:
    """Where ``tokens`` (from :func:`_tokens_after` at ``pos``) are: ``text[start:end]``."""
    spans: list[tuple[int, int]] = []
    for token in tokens:
        start = text.find(token, pos)
        pos = start + len(token)
        spans.append((start, pos))
    return spans


def _quote(text: str, pieces: Sequence[tuple[int, int]], fig: Figure) -> str:
    """Pieces of the article as written: one slice where they follow each other in a short
    stretch without a comma or the figure ("people have been killed"), else slices joined by
    " … " ("killed … people", "deaths of … soldiers"). Never words re-joined by spaces: a
    reader checks it word for word."""
    out: list[str] = []
    start = end = -1
    for s, e in sorted(p for p in pieces if p[0] < p[1]):
        if (
            start >= 0
            and s - end <= 24
            and not (end <= fig.start < s)
            and not any(c in ",;:()\n" for c in text[end:s])
        ):
            end = max(end, e)
            continue
        if start >= 0:
            out.append(text[start:end])
        start, end = s, e
    if start >= 0:
        out.append(text[start:end])
    return " … ".join(out)


# "N of them", "N of the M victims": a part of a set named after it, not a total.
_PARTITIVE = frozenset("them the those these whom which".split())
_DEGREE_ADVERBS = frozenset(
    "critically seriously badly severely gravely fatally mortally lightly slightly".split()
)
_WHOLE_BEFORE_RE = re.compile(r"\bof[ \t]+(?:the|those|these)[ \t]+\Z", re.IGNORECASE)
# Sports statistics: comparable only for the same player, game and season, which the words
# around a figure rarely say; they are never compared.
_STATS = frozenset(
    "yard yards carry carries touchdown touchdowns rebound rebounds assist assists reception"
    " receptions catch catches tackle tackles sack sacks interception interceptions strikeout"
    " strikeouts inning innings wicket wickets homer homers rbi rbis birdie birdies bogey bogeys"
    " goal goals point points game games start starts appearance appearances save saves"
    " attempt attempts completion completions".split()
)
# A measure restated in brackets after another: "25 km (15 miles)", "€110 billion ($158 billion)".
_CONVERSION_BEFORE_RE = re.compile(r"\([ \t]*(?:about|some|around|roughly|nearly|almost)?[ \t]*\Z")
# Identifiers that follow a lower-case word or a shape: "flight 370", "the 12000 block of",
# "a .357 caliber revolver", "1600 Pennsylvania Avenue".
_IDENT_WORDS_BEFORE = frozenset(
    "flight flights route routes highway interstate bus room rooms platform gate exit channel"
    " model number no no. apartment suite seat row pier terminal track chapter section article"
    " page pages version bill case lot code line lines category grade level"
    " rule amendment resolution".split()
)
_CALIBRE_WORDS = frozenset("caliber calibre gauge magnum".split())
_STREET_AFTER_RE = re.compile(
    r"(?:[ \t]+[A-Z][a-z]+\.?){1,3}[ \t]+(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Drive"
    r"|Lane|Ln|Way|Place|Court|Terrace|Parkway|Pkwy)\b\.?"
)
_WORD_BEFORE_RE = re.compile(r"([A-Za-z]+\.?)[ \t]+\Z")
_SPACED_ADJ_RE = re.compile(r"[ \t]+-[ \t]+([A-Za-z]+(?:[ \t]*-[ \t]*[A-Za-z]+)*)")


def _shape_identifier(text: str, fig: Figure, tokens: Sequence[str], heads: Sequence[str]) -> str:
    """The kind of identifier a figure is by its shape or the word before it, or ``""``:
    "the 12000 block of" (an address), "a .357 caliber" (a calibre), "Flight 370"."""
    if fig.hedge or fig.value is None:
        return ""
    head = heads[-1] if heads else (tokens[0].lower() if tokens else "")
    if head in _CALIBRE_WORDS or (
        text[max(0, fig.start - 2) : fig.start].rstrip(" ").endswith(".")
        and tokens[:1]
        and tokens[0].lower() in _CALIBRE_WORDS
    ):
        return "calibre"
    if fig.value != int(fig.value):
        return ""
    if head == "block" and tokens[len(heads) : len(heads) + 1] == ["of"]:
        return "address"
    if fig.value >= 1 and _STREET_AFTER_RE.match(text, fig.end):
        return "address"
    wm = _WORD_BEFORE_RE.search(text, max(0, fig.start - 16), fig.start)
    if wm and wm.group(1).lower() in _IDENT_WORDS_BEFORE:
        return "name"
    return ""


_TOKEN_FIND_RE = re.compile(r"[A-Za-z][A-Za-z'’]*(?:-[A-Za-z]+)*|[^\sA-Za-z]")


def _noun_phrase(tokens: list[str], about: _About) -> tuple[list[str], str, int, int]:
    """The counted noun phrase after a figure and a participle after it.

    Returns ``(words, participle, tokens used, index of the first word)``; the participle,
    when there is one, is the last token used. "23 civilians killed" -> (["civilians"],
    "killed", 2, 0); "Dozens of people have been killed" -> (["people"], "killed");
    "54 more of its troops" -> (["troops"], ""); "another 200 were wounded" -> ([],
    "wounded").
    """
    i = 0
    n = len(tokens)
    if n and tokens[0].lower() in ("more", "additional", "further", "extra", "other"):
        about.increment = tokens[0].lower() != "other"
        i = 1
    if i < n and tokens[i].lower() == "of":
        i += 1
        if i < n and tokens[i].lower() in _PARTITIVE:
            about.part = "part"  # "15 of them", "two of the three victims", "25 of the injured"
        if i < n and tokens[i].lower() in _OF_DETERMINERS:
            i += 1
    elif i < n and tokens[i].lower() in _DEGREE_ADVERBS and i == 0:
        about.part = "part"  # "55 wounded, 15 critically": how many of them, not a total
    np: list[str] = []
    used = 0
    first = i
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
            return np, word, i + 1, first
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
    return np, "", used, first


_NON_UNITS = frozenset({"date", "time", "chain"})
_QUAKE_WORDS = frozenset(
    "quake quakes earthquake earthquakes tremor tremors temblor temblors aftershock aftershocks"
    " magnitude richter".split()
)
_MAGNITUDE_BEFORE_RE = re.compile(r"(?:magnitude|Richter)[ -]\Z", re.IGNORECASE)
_TOLL_BEFORE_RE = re.compile(r"\btolls?\b(?![^.;:!?]*[.;:!?])[^\n]*\Z", re.IGNORECASE)
# A name right before a figure ("iPhone 11", "S&P 500", "Section 427", "No. 1").
_NAME_BEFORE_RE = re.compile(r"(?<![\w&.'’-])([A-Za-z][\w&'’-]*\.?|#) ?\Z")
_PLACE_AFTER_RE = re.compile(
    r"[ \t]+(?:in|at|near|outside|across)[ \t]+(?:the[ \t]+)?"
    r"([A-Z][A-Za-z'’-]+(?:[ \t][A-Z][A-Za-z'’-]+)*)"
)
_EPISODE_RE = re.compile(
    r"\b(?:(?:First|Second)\s+World\s+War|World\s+War\s+(?:One|Two|I{1,2}|[12])\b"
    r"|(?:Hurricane|Typhoon|Cyclone|Tropical\s+Storm|Storm)\s+[A-Z][a-z]+)"
)
# A time or an event other than the story's own named in the sentence: "In February, a gunman
# killed five", "in a separate attack earlier in the day", "last year", "since December 27".
_MONTH_NAMES = (
    "January|February|March|April|May|June|July|August|September|October|November|December"
)
_ANCHOR_RE = re.compile(
    r"\b(?:(?:in|since|during|until|by|early|late|mid|last|previous)[ \t-]+(?:"
    + _MONTH_NAMES
    + r")\b"
    r"|(?:last|previous|past)[ \t]+(?:year|month|week|summer|winter|spring|autumn|fall|decade)\b"
    r"|(?:a|one)[ \t]+(?:year|month|week|decade)s?[ \t]+(?:ago|earlier|before)\b"
    r"|(?:earlier|later)[ \t]+(?:in[ \t]+the[ \t]+(?:day|week|month|year)"
    r"|this[ \t]+(?:year|month|week)|that[ \t]+(?:day|week|month|year))\b"
    r"|(?:a|an|another|the)[ \t]+(?:separate|earlier|previous|similar|unrelated|other|first)[ \t]+"
    r"(?:attack|incident|shooting|strike|raid|bombing|blast|explosion|clash|quake|earthquake"
    r"|tremor|disaster|tsunami|fire|crash|riot|protest)s?\b)",
    re.IGNORECASE,
)
_CLAUSE_AFTER_RE = re.compile(
    r"\b(?:where|which|who|whom|whose|that|while|whereas|although|though|when)\b|[;:]"
)
_EVENT_VERBS = frozenset(EVENTS) | _VERBS_BEFORE | PARTICIPLES


def _identifier(ctx: _DocContext, fig: Figure, heads: Sequence[str]) -> tuple[int, int] | None:
    """The name a bare integer belongs to ("iPhone 11", "Apple Watch 5", "S&P 500", "the Big
    12", "Section 427 Row 21", "No. 1", "#3"): where the name is, or ``None``.

    The name is the word right before the figure: written in mixed case or with "&" ("iPhone",
    "S&P"), or a capitalised word the document uses as a name (not a month, a weekday, a
    sentence's first word seen in lower case elsewhere, nor a headline's "Kills"). A figure
    followed by people or deaths is a count even so ("in Izmit 500 people").
    """
    if fig.hedge or not fig.numbers or fig.numbers[0].start != fig.start:
        return None
    if fig.value is None or fig.value != int(fig.value):
        return None
    text = ctx.text
    s = fig.start
    if s < 2 or text[s - 1] not in " #":
        return None
    # Cheap test first: most figures follow a lower-case word ("of 23", "killed 17,000").
    j = s - 2
    while j >= 0 and (text[j].isalnum() or text[j] in "&'’-."):
        j -= 1
    word = text[j + 1 : s - 1]
    if text[s - 1] == " " and not any(c.isupper() or c == "&" for c in word):
        return None
    m = _NAME_BEFORE_RE.search(text, max(0, s - 40), s)
    if m is None:
        return None
    word = m.group(1)
    if word == "#" or word in ("No.", "Nos.", "no.", "nos."):
        return m.span(1)
    if m.end(1) == fig.start or word.endswith("."):
        return None  # "v2", "U.S. 500": not a name and a figure
    for head in heads:
        if head in SUBJECTS or head in EVENTS or head in _EVENT_HEADS:
            return None
    lower = word.lower()
    if lower in _EVENT_VERBS or lower in _NP_STOP or lower in _TOLL_VERBS:
        return None
    if "&" in word or any(c.isupper() for c in word[1:]):
        if word.isupper() and not any(c.islower() for c in text[max(0, s - 40) : s]):
            return None  # a headline in capitals: "QUAKE KILLS 500"
        return m.span(1)
    if not word[0].isupper():
        return None
    before = text[max(0, m.start(1) - 3) : m.start(1)].rstrip(" \t\"'“‘(")
    initial = not before or before[-1] in ".!?\n"
    return m.span(1) if ctx.is_name(word, initial) else None


def _describe(ctx: _DocContext, fig: Figure, prev: _About | None) -> _About:
    """What a count (or other figure) counts, from the words around it."""
    text = ctx.text
    about = _About(tail=fig.end)
    unit = fig.unit
    if unit and unit not in _NON_UNITS:
        about.kind, about.unit = "other", unit
    elif fig.kind == "other":
        about.kind = "other"
    sm = (
        _SPACED_ADJ_RE.match(text, fig.end)
        if text.startswith(" - ", fig.end) and fig.hedge != "range"
        else None
    )
    if sm is not None:
        # "a 170, 000 - square - foot building" (tokenised copy): an adjective, a measure
        word = re.sub(r"[ \t]*-[ \t]*", "-", sm.group(1))
        about.kind = "other"
        about.what = sm.group(1)
        about.unit = about.unit or unit_name(word) or _singular(word.lower().split("-")[0])
        about.tail = sm.end()
        return about
    if fig.end < len(text) and text[fig.end] == "-" and fig.hedge != "range":
        # "a five-year plan", "a 12-year-old", "a 7.4-magnitude quake": an adjective, a measure
        after = _tokens_after(text, fig.end + 1, 1)
        if after and text.startswith(after[0], fig.end + 1) and after[0][0].isalpha():
            word = after[0]
            about.kind = "other"
            about.what = word
            about.unit = about.unit or unit_name(word) or _singular(word.lower().split("-")[0])
            about.tail = fig.end + 1 + len(word)
            return about
    tokens = _tokens_after(text, fig.end)
    np, participle, used, first = _noun_phrase(tokens, about)
    spans = _token_spans(text, fig.end, tokens[:used])
    about.tail = spans[used - 1][1] if used else fig.end
    heads = [w.lower() for w in np]
    head = heads[-1] if heads else ""
    pieces: list[tuple[int, int]] = []
    if np:
        pieces.append((spans[first][0], spans[first + len(np) - 1][1]))
    if participle:
        pieces.append(spans[used - 1])
    if about.kind == "count":
        name = _identifier(ctx, fig, heads)
        if name is not None:
            about.kind, about.unit, about.what = "other", "identifier", text[name[0] : name[1]]
            return about
        shape = _shape_identifier(text, fig, tokens, heads)
        if shape:
            about.kind, about.unit = "other", "identifier"
            about.what = _quote(text, pieces, fig) or shape
            return about
    if head in _STATS:
        about.stat = True
    if (
        prev is not None
        and (prev.unit or about.unit)
        and fig.start - prev.tail < 12
        and _CONVERSION_BEFORE_RE.search(text, max(0, fig.start - 16), fig.start)
    ):
        about.conversion = True
    if fig.value is not None and abs(fig.value) < 10:
        near = heads[:3] or [t.lower() for t in tokens[:3]]
        if any(w in _QUAKE_WORDS for w in near) or _MAGNITUDE_BEFORE_RE.search(
            text, max(0, fig.start - 12), fig.start
        ):
            about.kind, about.unit = "other", "magnitude"  # "the 7.4 killer quake"
            about.what = _quote(text, pieces, fig)
            return about
    # Words before the figure: "killed more than 20,000", "the deaths of 158".
    window = max(0, fig.start - 40)
    bm = _BACK_WORDS_RE.match(text[window : fig.start][::-1])
    before1 = bm.group(1)[::-1].lower() if bm else ""
    before2 = bm.group(2)[::-1].lower() if bm and bm.group(2) else ""
    if before1 == "another":
        about.increment = True
    event = ""
    if participle:
        event = EVENTS.get(participle, "")
    elif head in EVENTS and head not in ("lost", "losing"):
        event = EVENTS[head]
    elif before1 == "of" and before2 in _DEATH_NOUNS and bm:
        event = "killed"
        pieces.append((fig.start - bm.end(2), fig.start - bm.start(1)))  # "deaths of"
    elif before1 in _TOLL_VERBS and _TOLL_BEFORE_RE.search(text, max(0, fig.start - 90), fig.start):
        event = "killed"  # "the death toll rose to 57", "the toll from the quake has risen to"
    elif before1 in ("claimed", "claiming"):
        event = "killed" if head == "lives" else ""
    elif before1 in _VERBS_BEFORE and bm:
        event = EVENTS.get(before1, "")
        pieces.append((fig.start - bm.end(1), fig.start - bm.start(1)))  # "killed"
    elif before1 == "down" and before2 in ("shot", "shooting", "brought") and bm:
        event = "destroyed"
        pieces.append((fig.start - bm.end(2), fig.start - bm.start(1)))
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
    if about.kind == "other" and not about.unit and (head in UNITS or unit_name(head)):
        about.unit = unit_name(head) or _singular(head)  # "4 1 / 2 hours", "0.5 miles"
    if about.kind == "count":
        if head in UNITS or unit_name(head):
            about.kind, about.unit = "other", unit_name(head) or _singular(head)
        elif fig.value is not None and fig.value != int(fig.value) and not _has_scale(text, fig):
            about.kind = "other"
    # Coordination: "the deaths of 158 soldiers and 13 civilians", "130 tanks, 200 units".
    inherited = False
    if (
        prev is not None
        and prev.tail <= fig.start
        and fig.start - prev.tail < 40
        and prev.unit == about.unit
        and _INHERIT_GAP_RE.match(text, prev.tail, fig.start)
    ):
        inherited = True
        if not event and prev.event:
            event = prev.event
        if not subject:
            subject = prev.subject
    if not subject and event in _PERSON_EVENTS:
        subject = "people"
    if (
        prev is not None
        and prev.part == "part"
        and head not in _EVENT_HEADS
        and _WHOLE_BEFORE_RE.search(text, max(0, fig.start - 12), fig.start)
    ):
        about.part = "whole"  # "two of the three victims died": three did not die
    about.event, about.subject = event, subject
    about.what = _quote(text, pieces, fig)
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
        pm = _PLACE_AFTER_RE.match(text, about.tail)
        if pm and pm.end() <= about.sentence[1] and ctx.is_name(pm.group(1).split()[0], False):
            about.place = " ".join(ctx.canonical(w) for w in pm.group(1).split())
        elif inherited and prev is not None:
            about.place = prev.place
        em = _EPISODE_RE.search(text, *about.sentence)
        if em:
            about.episode = " ".join(em.group().split())
        # Before the figure, the whole sentence ("In February, a gunman killed five"); after
        # it, up to the next clause ("..., where rebels have fought since June" is not it).
        cm = _CLAUSE_AFTER_RE.search(text, about.tail, about.sentence[1])
        am = _ANCHOR_RE.search(text, about.sentence[0], cm.start() if cm else about.sentence[1])
        if am:
            anchor = " ".join(am.group().lower().split())
            about.episode = f"{about.episode}, {anchor}" if about.episode else anchor
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
