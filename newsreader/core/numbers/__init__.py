"""Numeric mentions: numbers in digits and words, hedges as intervals, and what each counts.

Two layers:

* :func:`extract_numbers` works on a bare string. It finds every numeric expression (digits
  with separators and decimals, fractions, scientific notation, number words, ordinals, vague
  counts such as "dozens") and turns hedges and ranges into intervals: "more than 100" is
  ``(100, ∞)``, "nearly 200" is ``(-∞, 200)``, "between 20 and 30" is ``[20, 30]``. It knows
  nothing about documents; the benchmark measures it.
* :func:`extract_mentions` runs it on a :class:`~newsreader.core.model.Document` (skipping page
  furniture) and says what each count counts ("people killed", "military deaths"), with the
  facets and content words that :mod:`newsreader.core.quantities` uses to group mentions.

Everything is found with precompiled regular expressions in one left-to-right pass: a
candidate (a digit or a number word) is expanded into a phrase of number atoms, the phrase is
parsed into numbers, and each number is then looked at in its surroundings (hedge before,
"or more" after, a range with the next number, a month name next to it). Offsets are Python
``str`` indices into the text as given.

What a count counts is read from the words after it (the noun phrase, then a participle:
"23 civilians killed", "more than 100 people have been killed") and before it ("killed more
than 20,000 people", "the deaths of 158 soldiers"); counts listed together share their event
("destroyed 130 tanks, 200 artillery units"). A small lexicon (``EVENTS``, ``SUBJECTS``,
``UNITS``) turns words into facets, which :func:`extract_mentions` puts in
``Mention.facets`` as ``(name, value)`` pairs (see :func:`facets`):

* ``event``: killed, wounded, casualties, arrested, displaced, evacuated, missing, captured,
  destroyed;
* ``subject``: people, civilians, military, children, women, police, journalists,
  protesters, migrants, or the head noun ("tank", "artillery unit");
* ``actor``: the name nearest before the figure in its clause ("Armenia has recorded..."),
  or one inside the noun phrase ("2,300 Karabakh separatist troops"), in its shortest form in
  the document ("Armenian" -> "Armenia");
* ``place``: a place named after the figure in its clause ("500 people were killed in Izmit");
* ``era``: the decade of a year named in the same sentence ("the 1990s war");
* ``episode``: a named other event in the sentence ("World War II", "Hurricane Mitch");
* ``unit``: for figures of kind "other": a unit or currency ("GB", "kg", "km²", "percent",
  "dollars", "US dollars", "yuan"; see ``units``), ``score`` ("won 3-1"), ``magnitude``
  ("the 7.4 quake") or ``identifier`` ("iPhone 11", "S&P 500", "Section 427", "No. 1");
* ``increment``: ``"1"`` for "another 200", "54 more" (an addition, not a total).

Actor, era and content words (``Mention.context``) are only looked for on counts with an
event, the ones :mod:`newsreader.core.quantities` compares.

Modules, in the order a text goes through them:

* ``vocabulary``: number words, scales, vague counts, candidate patterns;
* ``atoms``: collecting the atoms of a number phrase from a candidate (and digit chains);
* ``grammar``: parsing a phrase of atoms into numbers (words, fractions, ratios, vague counts);
* ``units``: units and currencies next to a figure, and the one name of each;
* ``hedges``: hedges and ranges as intervals, units, scores, kinds (year, date, ordinal...);
* ``scan``: the pass over the text, with a fast path for plain numerals; ``extract_numbers``;
* ``figure``: :class:`Number` and :class:`Figure`, the results of the string layer;
* ``lexicon``: ``EVENTS``, ``PARTICIPLES``, ``SUBJECTS``, ``UNITS`` and other word lists;
* ``document``: per-document look-ups (sentences, names and actors, eras); ``actor_key``;
* ``describe``: what a figure counts (noun phrase, event, subject, actor, era);
* ``mentions``: ``extract_mentions`` and ``facets``.
"""

from __future__ import annotations

from newsreader.core.numbers.document import actor_key
from newsreader.core.numbers.figure import Figure, Number
from newsreader.core.numbers.lexicon import EVENTS, PARTICIPLES, SUBJECTS, UNITS
from newsreader.core.numbers.mentions import extract_mentions, facets
from newsreader.core.numbers.scan import extract_numbers

__all__ = [
    "EVENTS",
    "PARTICIPLES",
    "SUBJECTS",
    "UNITS",
    "Figure",
    "Number",
    "actor_key",
    "extract_mentions",
    "extract_numbers",
    "facets",
]
