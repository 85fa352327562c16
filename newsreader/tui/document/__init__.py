"""The article document model: what the article view shows, and where its cursor is.

Headless (no Textual; Rich only for its table of cell widths, so the model measures text as the
view draws it). The view renders rows and forwards keys; everything it draws is computed here
and tested without an app (``tests/document``):

- :mod:`.document`: the text, its display form (:func:`~newsreader.tui.literal.literal`, same
  offsets) and its words;
- :mod:`.wrapping`: rows of the display text for a width, and offsets to cells and back;
- :mod:`.marks`: highlighted ranges indexed by row;
- :mod:`.navigation`: every motion as a named entry of one table;
- :mod:`.model`: the state (cursor, selection anchor, select mode, goal column) and the
  operations on it.
"""
