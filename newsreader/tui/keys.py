"""Every key binding of the reader, in one list.

The same list makes the Textual bindings of each widget, the help screen and the command palette
entries, so they cannot disagree. ``scope`` says where a binding lives: ``app`` (everywhere),
``article`` (the focused article view) or ``tags`` (the tag list). Each ``id`` is what a
configured ``[keymap]`` rebinds (see :mod:`newsreader.config`).

Importing this module does not import Textual (only :func:`bindings_for` does), so
``newsreader config`` can check a keymap against the table without loading the UI.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.binding import BindingType


@dataclass(frozen=True, slots=True)
class Key:
    id: str
    keys: str
    action: str
    description: str
    group: str
    scope: str = "app"
    show: bool = False
    display: str | None = None
    palette: bool = True
    short: str = ""
    """A shorter description for the footer."""
    merge: str = ""
    """Keys with the same ``merge`` text share one row of the help screen."""


_A, _T = "article", "tags"
_MOVE, _SEL, _TAGS, _DOCS, _APP = "Move", "Select", "Tags", "Articles", "App"
_CURSOR, _EXTEND = "Move the cursor", "Extend the selection"

# fmt: off
KEYS: tuple[Key, ...] = (
    Key("cursor.left", "left", "cursor('left')", "Cursor left", _MOVE, _A,
        palette=False, merge=_CURSOR),
    Key("cursor.right", "right", "cursor('right')", "Cursor right", _MOVE, _A,
        palette=False, merge=_CURSOR),
    Key("cursor.up", "up", "cursor('up')", "Cursor up", _MOVE, _A,
        palette=False, merge=_CURSOR),
    Key("cursor.down", "down", "cursor('down')", "Cursor down", _MOVE, _A,
        palette=False, merge=_CURSOR),
    Key("cursor.word_left", "ctrl+left", "cursor('wordleft')", "Previous word", _MOVE, _A,
        palette=False, merge="Previous / next word"),
    Key("cursor.word_right", "ctrl+right", "cursor('wordright')", "Next word", _MOVE, _A,
        palette=False, merge="Previous / next word"),
    Key("cursor.page_up", "pageup", "cursor('pageup')", "Page up", _MOVE, _A,
        palette=False, merge="Page up / down"),
    Key("cursor.page_down", "pagedown", "cursor('pagedown')", "Page down", _MOVE, _A,
        palette=False, merge="Page up / down"),
    Key("cursor.home", "home", "cursor('home')", "Start of line", _MOVE, _A,
        palette=False, merge="Start / end of the line"),
    Key("cursor.end", "end", "cursor('end')", "End of line", _MOVE, _A,
        palette=False, merge="Start / end of the line"),
    Key("cursor.top", "ctrl+home", "cursor('top')", "Start of article", _MOVE, _A,
        palette=False, merge="Start / end of the article"),
    Key("cursor.bottom", "ctrl+end", "cursor('bottom')", "End of article", _MOVE, _A,
        palette=False, merge="Start / end of the article"),
    Key("column.next", "tab", "app.focus_column(1)", "Next column", _MOVE, _A,
        palette=False, merge="Next / previous column"),
    Key("column.previous", "shift+tab", "app.focus_column(-1)", "Previous column", _MOVE, _A,
        palette=False, merge="Next / previous column"),
    Key("passage.next", "n", "app.passage(1)", "Next shared passage", _MOVE,
        show=True, display="n/N", short="passage", merge="Next / previous shared passage"),
    Key("passage.previous", "N", "app.passage(-1)", "Previous shared passage", _MOVE,
        merge="Next / previous shared passage"),
    Key("conflict.next", "c", "app.conflict(1)", "Next conflicting number", _MOVE,
        show=True, display="c/C", short="conflict", merge="Next / previous conflicting number"),
    Key("conflict.previous", "C", "app.conflict(-1)", "Previous conflicting number", _MOVE,
        merge="Next / previous conflicting number"),
    Key("search.open", "/", "app.search", "Search in the article", _MOVE,
        show=True, short="search"),
    Key("search.corpus", "s", "app.search_corpus", "Search every article", _MOVE,
        short="search all"),
    Key("search.next", "f3", "app.search_step(1)", "Next match", _MOVE,
        merge="Next / previous match"),
    Key("search.previous", "shift+f3", "app.search_step(-1)", "Previous match", _MOVE,
        merge="Next / previous match"),
    Key("select.left", "shift+left", "cursor('left', True)", "Extend selection left", _SEL, _A,
        palette=False, merge=_EXTEND),
    Key("select.right", "shift+right", "cursor('right', True)", "Extend selection right", _SEL,
        _A, palette=False, merge=_EXTEND),
    Key("select.up", "shift+up", "cursor('up', True)", "Extend selection up", _SEL, _A,
        palette=False, merge=_EXTEND),
    Key("select.down", "shift+down", "cursor('down', True)", "Extend selection down", _SEL, _A,
        palette=False, merge=_EXTEND),
    Key("select.home", "shift+home", "cursor('home', True)", "Extend selection to line start",
        _SEL, _A, palette=False, merge="Extend the selection to the line start / end"),
    Key("select.end", "shift+end", "cursor('end', True)", "Extend selection to line end",
        _SEL, _A, palette=False, merge="Extend the selection to the line start / end"),
    Key("select.mode", "v", "toggle_select_mode", "Selection mode: plain arrows extend", _SEL,
        _A, show=True, short="select"),
    Key("select.cancel", "escape", "cancel", "Cancel the selection", _SEL, _A, palette=False),
    Key("select.copy", "y", "app.copy", "Copy the selection (OSC 52, works over SSH)", _SEL),
    Key("tag.add", "t", "app.tag(False)", "Tag the selection or word", _TAGS,
        show=True, short="tag"),
    Key("tag.everywhere", "T", "app.tag(True)", "Tag it in every article sharing the passage",
        _TAGS),
    Key("tag.edit", "r", "app.edit_tag", "Edit the tag at the cursor", _TAGS,
        merge="Edit / delete the tag at the cursor"),
    Key("tag.delete", "x", "app.delete_tag", "Delete the tag at the cursor", _TAGS,
        merge="Edit / delete the tag at the cursor"),
    Key("tag.retry", "R", "app.retry_save", "Retry saving a tag the database refused", _TAGS),
    Key("tag.undo", "u", "app.undo", "Undo the last delete", _TAGS),
    Key("tag.detail", "i", "app.tag_detail", "Details and history of the tag at the cursor",
        _TAGS, short="detail"),
    Key("tag.list", "l", "app.toggle_tags", "Show or hide the tag list", _TAGS, short="tags"),
    Key("tags.jump", "enter", "jump", "Jump to the tag", _TAGS, _T, palette=False,
        show=True, short="jump"),
    Key("tags.edit", "r", "edit", "Edit the tag's label or note", _TAGS, _T, palette=False,
        show=True, short="edit"),
    Key("tags.delete", "x,delete", "delete", "Delete the tag", _TAGS, _T, palette=False,
        display="x/Del", show=True, short="delete"),
    Key("number.show", "enter", "app.show_quantity", "All mentions of the number at the cursor",
        _DOCS, _A, short="number"),
    Key("passage.diff", "d", "app.passage_diff",
        "Diff of the shared passage: what the copy changed", _DOCS, _A, short="diff"),
    Key("passage.counterpart", "g", "app.passage_counterpart",
        "Go to the shared passage in its other article", _DOCS, _A, short="counterpart"),
    Key("doc.pick", "o", "app.pick_document", "Open a document in this column", _DOCS,
        short="open"),
    Key("doc.next", "]", "app.cycle_document(1)", "Next document in this column", _DOCS,
        merge="Next / previous document in this column"),
    Key("doc.previous", "[", "app.cycle_document(-1)", "Previous document in this column",
        _DOCS, merge="Next / previous document in this column"),
    Key("column.add", "+", "app.add_column", "Add a column", _DOCS,
        merge="Add a column / remove this one"),
    Key("column.remove", "-", "app.remove_column", "Remove this column", _DOCS,
        merge="Add a column / remove this one"),
    Key("export", "e", "app.export", "Export the annotations to JSON", _APP, short="export"),
    Key("help", "?", "app.help", "Help: every key", _APP, show=True, short="help"),
    Key("palette", "ctrl+p", "app.command_palette", "Command palette", _APP, palette=False,
        short="palette"),
    Key("quit", "q", "app.quit", "Quit", _APP, show=True, short="quit"),
)
# fmt: on

# Actions that open a text input (a dialog or the search box), and their default keys in
# Textual's names: see typeahead.py. A keymap moves them (``input_keys``).
INPUT_ACTIONS = frozenset(
    {"tag.add", "tag.everywhere", "tag.edit", "search.open", "search.corpus", "export"}
    | {"doc.pick", "palette"}
)


def textual_keys_of(ids: frozenset[str], keymap: Mapping[str, Sequence[str]]) -> frozenset[str]:
    """The keys (Textual names) of the actions ``ids`` once ``keymap`` (id -> Textual key
    names, as :meth:`newsreader.config.Config.textual_keymap` gives) is applied."""
    out: set[str] = set()
    for key in KEYS:
        if key.id in ids:
            out.update(keymap.get(key.id) or key.keys.split(","))
    return frozenset(_textual_name(k) for k in out)


def _textual_name(key: str) -> str:
    from newsreader.config import parse_key, textual_key

    return textual_key(parse_key(key))


INPUT_KEYS = textual_keys_of(INPUT_ACTIONS, {})
QUIT_KEYS = textual_keys_of(frozenset({"quit"}), {})

# xterm sends shift+F3 as ESC[1;2R (F3 with a modifier parameter), and so does tmux; Textual
# reads that as the reply to a cursor position request (row 1, column 2), which the reader never
# makes. The column is the xterm modifier code.
_F3_MODIFIERS = {2: "shift+", 3: "alt+", 5: "ctrl+", 6: "ctrl+shift+"}


def key_from_cursor_report(x: int, y: int) -> str | None:
    """The key an unrequested cursor position report ``ESC[1;<m>R`` stands for (Textual's
    ``CursorPosition`` is 0-based: ``x`` is ``m - 1``), or ``None``."""
    if y != 0 or x + 1 not in _F3_MODIFIERS:
        return None
    return f"{_F3_MODIFIERS[x + 1]}f3"


GROUPS = ("Move", "Select", "Tags", "Articles", "App")


def _local(action: str) -> str:
    return action.removeprefix("app.")


def bindings_for(scope: str) -> list[BindingType]:
    """Textual bindings for one scope (``app`` actions are run on the app itself)."""
    from textual.binding import Binding

    out: list[BindingType] = []
    for key in KEYS:
        if key.scope != scope:
            continue
        action = _local(key.action) if scope == "app" else key.action
        out.append(
            Binding(
                key.keys,
                action,
                key.short or key.description,
                show=key.show,
                key_display=key.display,
                # The palette opens from anywhere, over any input, as Textual's own binding
                # for it does (which this one replaces, so that a keymap can move it).
                priority=key.id == "palette",
                id=key.id,
            )
        )
    return out


def key_display(key: Key, keys: str | None = None) -> str:
    """How the help screen and the palette name the key(s) of ``key`` (or ``keys``, the ones a
    keymap gave it)."""
    if keys is not None and keys != key.keys:
        key = Key(key.id, keys, key.action, key.description, key.group)
    if key.display and "," in key.keys:
        return key.display
    names = {
        "pageup": "PgUp",
        "pagedown": "PgDn",
        "escape": "Esc",
        "enter": "Enter",
        "delete": "Del",
        "tab": "Tab",
        "left": "←",
        "right": "→",
        "up": "↑",
        "down": "↓",
    }
    shown = []
    for k in key.keys.split(","):
        parts = k.split("+")
        shown.append("+".join(names.get(p, p.capitalize() if len(p) > 1 else p) for p in parts))
    return " / ".join(shown)


def palette_keys() -> list[Key]:
    return [k for k in KEYS if k.palette]
