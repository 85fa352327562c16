"""Grouping numeric mentions from different documents that measure the same quantity.

Two mentions measure the same quantity when they come from documents of the same story and
agree on what is counted: the *event* (killed, wounded, arrested...), the *subject* (people,
civilians, military, tanks...), the *actor* (the place or side named in the clause: "Armenia
has recorded...", "Azerbaijani officials said..."), the *place* named after it ("500 people
were killed in Izmit" is not the quake's whole toll), the *era* (a decade named in the same
sentence, so the 1990s war toll is not compared with this week's) and the *episode* (a named
other event in the sentence: "World War II", "Hurricane Mitch"). Groups never cross stories:
the story is part of every bucket's key. These facets are put in
``Mention.facets`` by :func:`newsreader.core.numbers.extract_mentions`. Mentions are bucketed
by them, so the cost is linear in the number of mentions (and so is the status of a group);
increments ("another 200", "54 more"), counts without an event ("300 fighters"),
percentages, money, years, dates and ordinals are not bucketed.

Pairs of mentions that the passage detector found in the same place of shared (reprinted)
text are always grouped, whatever they count (years and ordinals only when they differ; dates
never, they carry no value).

A group's status compares its figures as intervals: ``agree`` when they all state the same
figure, ``conflict`` when two cannot both be true (104 and 158 as the same count; "dozens" and
"more than 100"), ``differ`` otherwise ("more than a dozen" and 19).

Figures over time: a running count (``RUNNING`` events: the dead, the wounded, the displaced,
the evacuated, the arrested, what was destroyed) only grows as later reports revise it. A group
in conflict whose documents are all dated to the day is ``updated`` instead when every clash
is a later report above an earlier one: no two reports of the same day disagree, and no later
figure lies below an earlier one (a toll that drops under an earlier "at least 600" is still a
conflict). When every report also gives its time with an offset, reports are ordered by the
instant and "the same day" becomes "the same moment": a toll revised from 08:00 to 14:00 is an
update. Its mentions are then listed in date order. Undated reports, month-only dates and
counts that can fall ("missing") keep the conflict: nothing says which figure came first.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime

from newsreader.core.model import Mention, Quantity, QuantityStatus
from newsreader.core.numbers import SUBJECTS, actor_key, facets

# An approximate point ("about 100", "an estimated 30,000") is read as this relative band.
APPROXIMATE_TOLERANCE = 0.15

_PERSON_CLASSES = frozenset(SUBJECTS.values())
SHARED_TEXT = "same place in text shared by the outlets"

Key = tuple[int, str, str, str, str, str, str]
# Figures that are names, not amounts ("0845 125 2222", "Flight 370", "the 12000 block of").
_NOT_COMPARED = frozenset({"identifier", "phone", "chain", "fraction", "score"})
# Parts of a total ("15 of them"), a measure restated in brackets ("(15 miles)") and sports
# statistics (another game or season, as often as not) are not linked either.
_NOT_LINKED = ("part", "conversion", "stat")
# Counts that only grow as reports come in: a later, higher figure revises an earlier one.
RUNNING = frozenset(
    {"killed", "wounded", "casualties", "displaced", "evacuated", "arrested", "destroyed"}
)


def _key(story: int, mention: Mention) -> Key | None:
    """The bucket of a mention, or ``None`` if it is not a comparable count.

    Only counts of an event are compared ("23 civilians killed", "130 tanks destroyed"):
    inventory figures ("300 fighters", "four ships") are too often different things that share
    a noun. Percentages and money are left out too: what they measure is usually said before
    them ("turnout was 52%"). Both are still grouped when linked.
    """
    if mention.kind != "count":
        return None
    f = facets(mention)
    if "increment" in f or "part" in f or "conversion" in f or "stat" in f:
        return None
    event = f.get("event", "")
    subject = f.get("subject", "")
    if not subject or not event:
        return None
    actor = actor_key(f["actor"]) if f.get("actor") else ""
    place = actor_key(f["place"]) if f.get("place") else ""
    return story, event, subject, actor, place, f.get("era", ""), f.get("episode", "")


def group_quantities(
    mentions: Sequence[Mention],
    stories: Sequence[Sequence[str]],
    linked: Iterable[tuple[str, str]] = (),
    dates: Mapping[str, str | None] | None = None,
) -> list[Quantity]:
    """Group mentions of the same quantity across documents of the same story.

    ``stories`` are lists of document ids; ``linked`` are pairs of mention ids found at the same
    place of shared text (always grouped); ``dates`` are the documents' ISO publication dates,
    which tell a revised running count (``updated``) from a contradiction. Each quantity holds
    mentions from two or more documents.
    """
    story_of: dict[str, int] = {}
    for index, docs in enumerate(stories):
        for doc in docs:
            story_of.setdefault(doc, index)
    by_id = {m.id: m for m in mentions}
    order = {m.id: i for i, m in enumerate(mentions)}

    parent: dict[str, str] = {}

    def find(x: str) -> str:
        root = x
        while parent.get(root, root) != root:
            root = parent[root]
        while parent.get(x, x) != root:
            parent[x], x = root, parent[x]
        return root

    def union(a: str, b: str) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            if order[ra] > order[rb]:
                ra, rb = rb, ra
            parent[rb] = ra

    buckets: dict[Key, list[Mention]] = defaultdict(list)
    for m in mentions:
        story = story_of.get(m.doc)
        if story is None:
            continue
        key = _key(story, m)
        if key is not None:
            buckets[key].append(m)
    _fold_unnamed_actors(buckets)
    grouped: set[str] = set()
    for members in buckets.values():
        if len({m.doc for m in members}) < 2:
            continue
        for m in members[1:]:
            union(members[0].id, m.id)
        grouped.update(m.id for m in members)
    partners: dict[str, list[str]] = defaultdict(list)
    for a, b in linked:
        if a in by_id and b in by_id and _link_worth_showing(by_id[a], by_id[b]):
            union(a, b)
            grouped.update((a, b))
            partners[a].append(b)

    groups: dict[str, list[Mention]] = defaultdict(list)
    for mid in grouped:
        groups[find(mid)].append(by_id[mid])
    quantities: list[Quantity] = []
    for members in groups.values():
        members.sort(key=lambda m: order[m.id])
        if len({m.doc for m in members}) < 2:
            continue
        # A linked pair always ends up in one group (union above).
        quantities.append(_quantity(members, any(m.id in partners for m in members), dates or {}))
    quantities.sort(key=lambda q: order[q.mentions[0]])
    return quantities


def _fold_unnamed_actors(buckets: dict[Key, list[Mention]]) -> None:
    """Counts that name no actor join the one actor the story names for the same thing.

    The actor keeps the sides of a war apart ("Armenia has recorded 104..." against
    "Azerbaijan said 19..."). When a story names only one, the reports that name none count
    the same thing ("the toll from Turkey's earthquake rose to 7,085" and "at least 600 people
    were killed"), so they are one quantity. With two or more actors, unnamed counts stay apart:
    nothing says whose they are.
    """
    actors: dict[Key, set[str]] = defaultdict(set)  # keyed with the actor left empty
    for key in buckets:
        story, event, subject, actor, place, era, episode = key
        actors[(story, event, subject, "", place, era, episode)].add(actor)
    for unnamed, named in actors.items():
        if "" in named and len(named) == 2:
            (actor,) = named - {""}
            story, event, subject, _, place, era, episode = unnamed
            target = (story, event, subject, actor, place, era, episode)
            buckets[target].extend(buckets.pop(unnamed))


def _link_worth_showing(a: Mention, b: Mention) -> bool:
    """Counts and other figures at the same place of shared text are shown when they stand
    between the same words (their ``frame``, on one side for a count, on both for a measure:
    the passage detector aligns a figure with one that may sit in another sentence of a
    loosely shared paragraph), in the same unit, and
    are amounts: not names (phone numbers, addresses, calibres, flight numbers), parts of a
    total, measures restated in brackets or sports statistics. Years and ordinals are shown
    only when they differ (a reprint saying 1992 where the original says 1994); dates have no
    value to compare."""
    if a.doc == b.doc or a.kind == "date" or b.kind == "date":
        return False
    if a.kind in ("year", "ordinal") or b.kind in ("year", "ordinal"):
        return compare(a, b) != "agree"
    if (a.low is None and a.high is None) or (b.low is None and b.high is None):
        return False  # phone numbers, digit chains, scores: no value to compare
    fa, fb = facets(a), facets(b)
    for f in (fa, fb):
        if f.get("unit") in _NOT_COMPARED or any(name in f for name in _NOT_LINKED):
            return False
    if fa.get("unit", "") != fb.get("unit", ""):
        return False  # "170,000-square-foot" and "15,800-square-metre"; km and miles
    frame_a, frame_b = fa.get("frame"), fb.get("frame")
    if frame_a is None or frame_b is None:
        return True
    if fa.get("unit"):
        return frame_a == frame_b  # a measure: the same words on both sides, the same thing
    before_a, _, after_a = frame_a.partition("|")
    before_b, _, after_b = frame_b.partition("|")
    return before_a == before_b or after_a == after_b


def _quantity(members: list[Mention], linked: bool, dates: Mapping[str, str | None]) -> Quantity:
    reasons: list[str] = [SHARED_TEXT] if linked else []
    ids = tuple(m.id for m in members)
    status: QuantityStatus = "agree"
    clash = _conflict(members)
    if clash is not None:
        in_order = _revisions(members, dates)
        if in_order is not None:
            status = "updated"
            members = in_order
            ids = tuple(m.id for m in members)
            reasons.append(_timeline(members, dates))
        else:
            status = "conflict"
            first, second = sorted(clash, key=members.index)
            reasons.append(_reason(first, second, "conflict"))
    distinct: list[Mention] = []
    for m in members:
        if not any(_same_figure(m, d) for d in distinct):
            distinct.append(m)
            if len(distinct) == 5:
                break
    if len(distinct) > 1 and status == "agree":
        status = "differ"
    if len(distinct) == 1:
        reasons.append(f"all say {describe(distinct[0])}")
    for i, a in enumerate(distinct):
        for b in distinct[i + 1 :]:
            reason = _reason(a, b, compare(a, b))
            if reason not in reasons:
                reasons.append(reason)
    digest = hashlib.sha1("\n".join(sorted(ids)).encode("utf-8")).hexdigest()[:12]
    return Quantity(
        id=f"q-{digest}",
        label=label(members),
        status=status,
        mentions=ids,
        reasons=tuple(reasons[:6]),
    )


def _day(iso: str | None) -> str | None:
    """The day of an ISO date or date-time ("2020-10-01"), or ``None`` when not that precise."""
    if iso is None or len(iso) < 10 or iso[4] != "-" or iso[7] != "-":
        return None
    return iso[:10]


def _moments(members: Sequence[Mention], dates: Mapping[str, str | None]) -> dict[str, str] | None:
    """When each member was reported, as sortable text: the UTC instant when every report has
    a time with its offset, else the day (a report of 08:00 and one of 14:00 on one day are
    then in order, and ``23:00-05:00`` is after ``01:00+00:00`` of the next morning only when
    both say so). ``None`` when a report is not dated to the day."""
    days = {m.id: _day(dates.get(m.doc)) for m in members}
    if any(d is None for d in days.values()):
        return None
    instants: dict[str, str] = {}
    for m in members:
        iso = dates.get(m.doc) or ""
        try:
            when = datetime.fromisoformat(iso)
        except ValueError:
            when = None
        if when is None or len(iso) <= 10 or when.tzinfo is None:
            return {k: v or "" for k, v in days.items()}
        instants[m.id] = when.astimezone(UTC).isoformat()
    return instants


def _revisions(members: list[Mention], dates: Mapping[str, str | None]) -> list[Mention] | None:
    """The members in date order when their clashes are all a running count revised upward by
    later reports; ``None`` when it is a contradiction (or nothing says which came first)."""
    if not all(facets(m).get("event") in RUNNING for m in members):
        return None
    when = _moments(members, dates)
    if when is None:
        return None
    by_moment: dict[str, list[Mention]] = defaultdict(list)
    for m in members:
        by_moment[when[m.id]].append(m)
    if len(by_moment) < 2:
        return None
    floor: Mention | None = None  # the highest lower bound reported so far
    for moment in sorted(by_moment):
        now = by_moment[moment]
        if _conflict(now) is not None:
            return None  # two reports of one moment that cannot both hold
        if floor is not None and any(_above(floor, m) for m in now):
            return None  # a later figure below an earlier one: a count that only grows
        top = max(now, key=_low_key)
        if floor is None or _low_key(top) > _low_key(floor):
            floor = top
    return sorted(members, key=lambda m: (when[m.id], members.index(m)))


def _timeline(members: Sequence[Mention], dates: Mapping[str, str | None]) -> str:
    """ "revised as reports came in: 600 (1999-08-17) → 7,085 (1999-08-19) → ..." """
    steps: list[str] = []
    for m in members:
        step = f"{describe(m)} ({_day(dates.get(m.doc))})"
        if not steps or steps[-1] != step:
            steps.append(step)
    if len(steps) > 6:
        steps = [*steps[:3], "…", *steps[-2:]]
    return "revised as reports came in: " + " → ".join(steps)


def _conflict(members: Sequence[Mention]) -> tuple[Mention, Mention] | None:
    """Two mentions from different documents that cannot both hold, found in linear time.

    On a line, intervals that pairwise overlap share a point, so it is enough to test the
    mention whose interval starts highest against the one that ends lowest (and, when those
    come from the same document, the best of the other documents on either side).
    """
    top = max(members, key=_low_key)
    bottom = min(members, key=_high_key)
    if not _above(top, bottom):
        return None
    if top.doc != bottom.doc:
        return top, bottom
    others = [m for m in members if m.doc != top.doc]
    if not others:
        return None
    bottom2 = min(others, key=_high_key)
    if _above(top, bottom2):
        return top, bottom2
    top2 = max(others, key=_low_key)
    if _above(top2, bottom):
        return top2, bottom
    return None


def _low_key(m: Mention) -> tuple[float, int]:
    low, _, low_open, _ = _bounds(m)
    return low, int(low_open)


def _high_key(m: Mention) -> tuple[float, int]:
    _, high, _, high_open = _bounds(m)
    return high, int(not high_open)


def _above(a: Mention, b: Mention) -> bool:
    """Does ``a`` lie entirely above ``b`` (so they cannot both hold)?"""
    a_low, _, a_lo, _ = _bounds(a)
    _, b_high, _, b_ho = _bounds(b)
    return a_low > b_high or (a_low == b_high and (a_lo or b_ho))


# ---------------------------------------------------------------------------------------------
# Comparing figures


def _bounds(m: Mention) -> tuple[float, float, bool, bool]:
    low = -float("inf") if m.low is None else m.low
    high = float("inf") if m.high is None else m.high
    low_open = m.low_open and m.low is not None
    high_open = m.high_open and m.high is not None
    if m.approximate and m.low is not None and m.low == m.high:
        band = abs(m.low) * APPROXIMATE_TOLERANCE
        low, high = m.low - band, m.low + band
    return low, high, low_open, high_open


def _same_figure(a: Mention, b: Mention) -> bool:
    return (
        a.low,
        a.high,
        a.low_open and a.low is not None,
        a.high_open and a.high is not None,
    ) == (
        b.low,
        b.high,
        b.low_open and b.low is not None,
        b.high_open and b.high is not None,
    )


def compare(a: Mention, b: Mention) -> QuantityStatus:
    """``agree`` (same figure), ``differ`` (both can hold) or ``conflict`` (they cannot).

    Figures are intervals; an approximate point ("about 100") stands for a band of
    ``APPROXIMATE_TOLERANCE`` either side. An excluded end point does not touch: "more than
    100" and "dozens" ([24, 100)) cannot both hold.
    """
    if _same_figure(a, b):
        return "agree"
    if _above(a, b) or _above(b, a):
        return "conflict"
    return "differ"


def format_number(value: float, kind: str = "count") -> str:
    """A figure as readers write it: "2,300", "1.5", "1,234.5"; a year without a comma."""
    if value == int(value):
        return str(int(value)) if kind == "year" else f"{int(value):,}"
    return f"{value:,.6f}".rstrip("0").rstrip(".")


def describe(m: Mention) -> str:
    """A short reading of a mention's interval: "104", "more than 100", "24 to under 100"."""
    low, high = m.low, m.high
    if low is not None and low == high:
        return ("about " if m.approximate else "") + format_number(low, m.kind)
    if low is not None and high is not None:
        upper = f"under {format_number(high)}" if m.high_open else format_number(high)
        return ("roughly " if m.approximate else "") + f"{format_number(low)} to {upper}"
    if low is not None:
        return ("more than " if m.low_open else "at least ") + format_number(low)
    if high is not None:
        if m.approximate:
            return ("nearly " if m.high_open else "up to about ") + format_number(high)
        return ("under " if m.high_open else "at most ") + format_number(high)
    return "unknown"


def _reason(a: Mention, b: Mention, verdict: QuantityStatus) -> str:
    if verdict == "conflict":
        if a.low == a.high and b.low == b.high and not (a.approximate or b.approximate):
            return f"{describe(a)} vs {describe(b)}: different figures for the same count"
        return f"{describe(a)} vs {describe(b)}: cannot both be true"
    return f"{describe(a)} vs {describe(b)}: compatible but not the same"


def label(members: Sequence[Mention]) -> str:
    """A readable name for a quantity: "military deaths (Armenia)", "people killed (1990s)"."""
    votes: Counter[tuple[str, ...]] = Counter()
    whats: Counter[str] = Counter()
    names = ("event", "subject", "actor", "place", "era", "episode")
    for m in members:
        f = facets(m)
        votes[tuple(f.get(name, "") for name in names)] += 1
        if m.what:
            whats[m.what] += 1
    (event, subject, actor, place, era, episode), _ = votes.most_common(1)[0]
    if not event and not subject:
        base = whats.most_common(1)[0][0] if whats else members[0].kind
    elif subject == "military" and event == "killed":
        base = "military deaths"
    elif subject == "military" and event == "wounded":
        base = "military wounded"
    elif subject == "military":
        base = f"troops {event}".strip()
    else:
        noun = subject if subject in _PERSON_CLASSES else _plural(subject)
        base = f"{noun} {event}".strip()
    extras = list(dict.fromkeys(x for x in (actor, place and f"in {place}", era, episode) if x))
    return f"{base} ({', '.join(extras)})" if extras else base


_IRREGULAR_PLURALS = frozenset(
    "men women people children police personnel staff aircraft crew cattle livestock militia"
    " sheep fish deer".split()
)


def _plural(noun: str) -> str:
    if not noun or noun.endswith("s") or noun.split()[-1] in _IRREGULAR_PLURALS:
        return noun
    if noun.endswith("y") and noun[-2:-1] not in "aeiou":
        return noun[:-1] + "ies"
    return noun + "s"
