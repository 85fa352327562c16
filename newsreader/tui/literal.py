"""Text from data as the reader draws it: literal, control-safe, and as wide as Rich says.

Headless (no Textual). Everything the reader shows that comes from data (article text, titles,
paths, labels, notes, authors, search queries, export previews) goes through :func:`literal`
and into a Rich ``Text`` or a Textual ``Content``, never a markup string.
"""

from __future__ import annotations

import re

from newsreader.core.text import display_safe

_ZERO_WIDTH = "\u200b"

# Code points whose width Rich 15 and terminals count differently. Rich joins a zero-width
# joiner with the character after it and widens a character before VS16, and counts skin-tone
# modifiers as zero cells; terminals that measure code point by code point (wcwidth: xterm,
# VTE, tmux) do neither. A line Rich thinks is 100 cells wide then takes 104 in the terminal and
# pushes the next column's border off the screen. Each becomes a character both count the same.
_WIDTH_STANDINS = {
    "\u200d": _ZERO_WIDTH,  # zero-width joiner: the joined emoji are drawn side by side
    "\ufe0f": _ZERO_WIDTH,  # variation selector 16 (emoji presentation)
    "\u2028": "\u2424",  # line separator: "␤"
    "\u2029": "\u00b6",  # paragraph separator: "¶"
    **{chr(c): _ZERO_WIDTH for c in range(0x1F3FB, 0x1F400)},  # skin-tone modifiers
}
_WIDTH_RE = re.compile("[\u200d\ufe0f\u2028\u2029\U0001f3fb-\U0001f3ff]")


def literal(text: str) -> str:
    """``text`` as drawn: :func:`display_safe` (control characters and bidi controls shown as
    visible stand-ins), and the code points terminals measure differently from Rich replaced.

    One code point for one, so offsets into ``text`` are offsets into the result.
    """
    text = display_safe(text)
    if not _WIDTH_RE.search(text):
        return text
    return _WIDTH_RE.sub(lambda m: _WIDTH_STANDINS[m.group()], text)
