"""Configuration in TOML: the keymap, a label set with keys and colours, and the theme.

Two files, both optional, read in this order (a later one wins, value by value):

- the user file: ``config.toml`` in the folder of the per-user settings (see
  :mod:`newsreader.settings`): the folder of ``$NEWSREADER_CONFIG`` when it is set, else
  ``$XDG_CONFIG_HOME/newsreader/``, else ``~/.config/newsreader/``;
- the project file: ``newsreader.toml`` in the corpus folder (never loaded as an article).

Precedence: command-line options over the project file over the user file over the defaults.
``theme`` is one value; ``labels`` is one value too (a project's label set replaces the user's,
it is not added to it); ``[keymap]`` is merged action by action. Every effective value keeps
its :class:`Source`, which ``newsreader config`` prints.

A file that cannot be used is a :class:`ConfigError`: one line naming the file, the line when it
is known and the entry. Nothing here imports Textual: the key table is passed in (anything with
``id``, ``keys``, ``scope`` and ``description``, as :data:`newsreader.tui.keys.KEYS`), and theme
names are checked by the caller, who knows the themes (:meth:`Config.check_theme`).
"""

from __future__ import annotations

import os
import re
import stat
import unicodedata
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, Protocol, TypeVar

from newsreader.settings import settings_path

PROJECT_FILE = "newsreader.toml"
USER_FILE = "config.toml"
MAX_BYTES = 1_000_000
MAX_NAME = 64
"""As long as a label the store accepts."""

SETTINGS = ("theme", "keymap", "labels")
LABEL_FIELDS = ("name", "key", "color", "style")
STYLE_WORDS = frozenset({"bold", "dim", "italic", "underline", "reverse", "strike", "overline"})


class ConfigError(Exception):
    """A configuration file that cannot be used: ``PATH:LINE: message`` (``PATH: message`` when
    the line is not known)."""

    def __init__(self, path: Path | str, line: int | None, message: str) -> None:
        self.path = str(path)
        self.line = line
        self.message = message
        where = f"{shown(self.path)}:{line}" if line else shown(self.path)
        super().__init__(f"{where}: {message}")


def shown(text: str) -> str:
    """``text`` safe for a terminal: every control, format (bidi) or other unprintable
    character is written as an escape (``\\x1b``, ``\\u202e``)."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode() for ch in text)


def quoted(text: str) -> str:
    """``text`` as a double-quoted TOML string, safe for a terminal."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{shown(escaped)}"'


# -- where values come from --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Source:
    """Where a value comes from: ``default``, ``user``, ``project`` or ``command line``, with
    the file for the two files."""

    kind: str
    path: str = ""

    def __str__(self) -> str:
        return f"{self.kind} {shown(self.path)}" if self.path else self.kind


DEFAULT = Source("default")
COMMAND_LINE = Source("command line")


T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Setting(Generic[T]):
    """A value and where it comes from (``line``: its line in that file, when known)."""

    value: T
    source: Source
    line: int | None = None


@dataclass(frozen=True, slots=True)
class LabelSpec:
    """A label of the configured set. ``key`` picks it in the tag dialog (see
    :func:`label_key_problem`); ``color`` is a Rich colour (a name or ``#rrggbb``), checked;
    ``style`` is attribute words (``bold underline``), checked."""

    name: str
    key: str = ""
    color: str = ""
    style: str = ""


class Action(Protocol):
    """One row of the key table (:class:`newsreader.tui.keys.Key` is one)."""

    @property
    def id(self) -> str: ...
    @property
    def keys(self) -> str: ...
    @property
    def scope(self) -> str: ...
    @property
    def description(self) -> str: ...


class LabelLike(Protocol):
    """A label as the store has it (:class:`newsreader.store.model.Label` is one)."""

    @property
    def name(self) -> str: ...
    @property
    def color(self) -> str: ...
    @property
    def style(self) -> str: ...


@dataclass(frozen=True, slots=True)
class ConfigFile:
    source: Source
    found: bool


@dataclass(frozen=True, slots=True)
class Config:
    """The effective configuration. ``keymap`` has every action of the key table, with its
    keys (canonical names, see :func:`parse_key`) and where they come from."""

    files: tuple[ConfigFile, ...] = ()
    theme: Setting[str] = Setting("", DEFAULT)
    keymap: Mapping[str, Setting[tuple[str, ...]]] = field(default_factory=dict)
    labels: Setting[tuple[LabelSpec, ...]] = Setting((), DEFAULT)

    def keys_of(self, action_id: str) -> tuple[str, ...]:
        setting = self.keymap.get(action_id)
        return setting.value if setting is not None else ()

    def textual_keymap(self) -> dict[str, str]:
        """What ``App.set_keymap`` takes: binding id -> Textual key names, for the actions the
        files rebind."""
        return {
            action_id: ",".join(textual_key(k) for k in setting.value)
            for action_id, setting in self.keymap.items()
            if setting.source != DEFAULT
        }

    def check_theme(self, themes: Collection[str]) -> None:
        """Raise :class:`ConfigError` if the configured theme is not one of ``themes``."""
        name, source = self.theme.value, self.theme.source
        if not name or name in themes:
            return
        message = f"theme: unknown theme {quoted(name)} (known: {', '.join(sorted(themes))})"
        if source == COMMAND_LINE:
            raise ConfigError("--theme", None, message.removeprefix("theme: "))
        raise ConfigError(source.path, self.theme.line, message)


# -- the two files -------------------------------------------------------------------------


def user_config_path() -> Path:
    """``config.toml`` beside the per-user settings file (see the module docstring)."""
    return settings_path().parent / USER_FILE


def project_config_path(corpus: str | os.PathLike[str]) -> Path:
    return Path(corpus) / PROJECT_FILE


def load(
    actions: Sequence[Action],
    corpus: str | os.PathLike[str] | None = None,
    *,
    theme: str | None = None,
    user_path: Path | None = None,
) -> Config:
    """The configuration from the user file, the project file of ``corpus`` (if given) and the
    command line (``theme``). Raises :class:`ConfigError`."""
    user = user_path if user_path is not None else user_config_path()
    places = [("user", user)]
    if corpus is not None:
        places.append(("project", project_config_path(corpus)))
    layers: list[_Layer] = []
    files: list[ConfigFile] = []
    for kind, path in places:
        source = Source(kind, str(path))
        text = _read(path)
        files.append(ConfigFile(source, text is not None))
        if text is not None:
            layers.append(_parse(text, source, actions))
    if theme is not None:
        if not theme.strip() or not theme.isprintable() or len(theme) > MAX_NAME:
            raise ConfigError("--theme", None, f"not a theme name: {quoted(theme)}")
        layers.append(_Layer(COMMAND_LINE, "", Setting(theme, COMMAND_LINE)))
    return _merge(actions, layers, tuple(files))


def _read(path: Path) -> str | None:
    """The text of ``path``; ``None`` when there is no such file (nor folder to hold it: a
    corpus that is not a folder is the reader's error to report)."""
    try:
        mode = path.stat().st_mode
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as exc:
        raise ConfigError(path, None, f"cannot read: {exc.strerror or exc}") from None
    if stat.S_ISDIR(mode):
        raise ConfigError(path, None, "is a folder, not a file")
    if not stat.S_ISREG(mode):  # a FIFO or a device would block or never end
        raise ConfigError(path, None, "not a regular file")
    try:
        with path.open("rb") as fh:
            data = fh.read(MAX_BYTES + 1)
    except OSError as exc:
        raise ConfigError(path, None, f"cannot read: {exc.strerror or exc}") from None
    if len(data) > MAX_BYTES:
        raise ConfigError(path, None, f"larger than {MAX_BYTES:,} bytes: not a config file")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ConfigError(path, line, "not UTF-8 text") from None


# -- one file ----------------------------------------------------------------------------------


@dataclass(slots=True)
class _Layer:
    source: Source
    text: str
    theme: Setting[str] | None = None
    keymap: dict[str, Setting[tuple[str, ...]]] = field(default_factory=dict)
    labels: Setting[tuple[LabelSpec, ...]] | None = None

    def error(self, message: str, section: str = "", key: str = "", nth: int = 0) -> ConfigError:
        return ConfigError(self.source.path, line_of(self.text, section, key, nth), message)


_AT_LINE = re.compile(r"\s*\(at line (\d+), column \d+\)\s*$")


def _parse(text: str, source: Source, actions: Sequence[Action]) -> _Layer:
    import tomllib  # only when there is a file: most starts have none

    layer = _Layer(source, text)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        found = _AT_LINE.search(message)
        line = int(found.group(1)) if found else None
        message = _AT_LINE.sub("", message).replace(" (at end of document)", "")
        raise ConfigError(source.path, line, f"TOML: {message}") from None
    except RecursionError:
        raise ConfigError(source.path, None, "TOML: nested too deeply") from None
    for name in data:
        if name not in SETTINGS:
            known = ", ".join(SETTINGS)
            raise layer.error(f"unknown setting {quoted(name)} (known: {known})", "", name)
    if "theme" in data:
        value = data["theme"]
        if not isinstance(value, str) or not value.strip() or not value.isprintable():
            raise layer.error("theme: must be a theme name (a string)", "", "theme")
        layer.theme = Setting(value.strip(), source, line_of(text, "", "theme"))
    if "keymap" in data:
        _parse_keymap(layer, data["keymap"], actions)
    if "labels" in data:
        labels = _parse_labels(layer, data["labels"])
        layer.labels = Setting(labels, source, line_of(text, "labels", "", 0))
    return layer


def _flatten(table: Mapping[str, Any], prefix: str = "") -> Iterable[tuple[str, Any]]:
    """``passage.next = "j"`` is a dotted key, read by TOML as ``{"passage": {"next": "j"}}``;
    the ids are the dotted names."""
    for key, value in table.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            yield from _flatten(value, f"{name}.")
        else:
            yield name, value


def _parse_keymap(layer: _Layer, table: object, actions: Sequence[Action]) -> None:
    if not isinstance(table, dict):
        raise layer.error("keymap: must be a table ([keymap])", "", "keymap")
    ids = {a.id for a in actions}
    for action_id, value in _flatten(table):

        def error(message: str, action_id: str = action_id) -> ConfigError:
            return layer.error(f"keymap.{shown(action_id)}: {message}", "keymap", action_id)

        if action_id not in ids:
            close = [i for i in sorted(ids) if i.split(".")[0] == action_id.split(".")[0]]
            hint = f" (did you mean {', '.join(close)}?)" if close else ""
            raise error(f"no action has this id{hint}; `newsreader config` lists them")
        if isinstance(value, str):
            names = [k.strip() for k in value.split(",")]
        elif isinstance(value, list) and all(isinstance(k, str) for k in value):
            names = [k.strip() for k in value]
        else:
            raise error("must be a key or a list of keys (strings)")
        if not names or not all(names):
            raise error("needs at least one key (an empty key is not one)")
        keys: list[str] = []
        for name in names:
            try:
                key = parse_key(name)
            except ValueError as exc:
                raise error(str(exc)) from None
            if key not in keys:
                keys.append(key)
        line = line_of(layer.text, "keymap", action_id)
        layer.keymap[action_id] = Setting(tuple(keys), layer.source, line)


def _parse_labels(layer: _Layer, entries: object) -> tuple[LabelSpec, ...]:
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise layer.error("labels: must be an array of tables ([[labels]])", "", "labels")
    out: list[LabelSpec] = []
    names: dict[str, int] = {}
    keys: dict[str, str] = {}
    for n, entry in enumerate(entries):

        def error(message: str, key: str = "", n: int = n) -> ConfigError:
            return layer.error(f"labels[{n + 1}]: {message}", "labels", key, n)

        for name in entry:
            if name not in LABEL_FIELDS:
                known = ", ".join(LABEL_FIELDS)
                raise error(f"unknown field {quoted(name)} (known: {known})", name)
        for name in LABEL_FIELDS:
            if name in entry and not isinstance(entry[name], str):
                raise error(f"{name} must be a string", name)
        if "name" not in entry:
            raise error("needs a name")
        label = " ".join(entry["name"].split())
        if not label or len(label) > MAX_NAME or not label.isprintable():
            raise error(f"name must be 1-{MAX_NAME} printable characters", "name")
        if label.casefold() in names:
            raise error(f"{quoted(label)} is already labels[{names[label.casefold()]}]", "name")
        names[label.casefold()] = n + 1
        key = ""
        if entry.get("key", "").strip():
            try:
                key = parse_key(entry["key"].strip())
            except ValueError as exc:
                raise error(f"key: {exc}", "key") from None
            problem = label_key_problem(key)
            if problem:
                raise error(f"key {quoted(key)}: {problem}", "key")
            if key in keys:
                raise error(f"key {quoted(key)} is already the key of {quoted(keys[key])}", "key")
            keys[key] = label
        color = entry.get("color", "").strip()
        if color and not valid_color(color):
            raise error(f"color {quoted(color)}: not a colour (a name such as red, or #rrggbb)",
                        "color")  # fmt: skip
        words = entry.get("style", "").split()
        bad = [w for w in words if w not in STYLE_WORDS]
        if bad:
            known = ", ".join(sorted(STYLE_WORDS))
            raise error(f"style {quoted(bad[0])}: not a style (known: {known})", "style")
        out.append(LabelSpec(label, key, color.lower(), " ".join(words)))
    return tuple(out)


def valid_color(color: str) -> bool:
    """A colour Rich draws: a name (``red``, ``bright_blue``, ``grey50``), ``#rrggbb``
    or ``rgb(r,g,b)``; not ``default``, and nothing that could reach the terminal as is."""
    if len(color) > 32 or not color.isascii() or not color.isprintable():
        return False
    from rich.color import Color, ColorParseError  # the colours label styles are drawn with

    try:
        parsed = Color.parse(color)
    except ColorParseError:
        return False
    return not parsed.is_default


# -- merging ----------------------------------------------------------------------------------


def _merge(
    actions: Sequence[Action], layers: Sequence[_Layer], files: tuple[ConfigFile, ...]
) -> Config:
    theme: Setting[str] = Setting("", DEFAULT)
    labels: Setting[tuple[LabelSpec, ...]] = Setting((), DEFAULT)
    keymap: dict[str, Setting[tuple[str, ...]]] = {
        a.id: Setting(tuple(parse_key(k) for k in a.keys.split(",")), DEFAULT) for a in actions
    }
    for layer in layers:
        if layer.theme is not None:
            theme = layer.theme
        if layer.labels is not None:
            labels = layer.labels
        keymap.update(layer.keymap)
    _check_clashes(actions, keymap, layers)
    return Config(files, theme, keymap, labels)


def _reach(scope: str) -> set[str]:
    """The scopes whose keys compete with ``scope``'s: the same one, and for the app and the
    article each other (the article has the focus while you read, so an article key on an app
    key's key would hide it). The tag list's keys are meant to stand in for the app's there."""
    return {"app", "article"} if scope in ("app", "article") else {scope}


def _check_clashes(
    actions: Sequence[Action],
    keymap: Mapping[str, Setting[tuple[str, ...]]],
    layers: Sequence[_Layer],
) -> None:
    by_id = {a.id: a for a in actions}
    rank = {layer.source: i for i, layer in enumerate(layers, 1)}
    holders: dict[tuple[str, str], str] = {}
    # Configured entries last, the highest precedence last of all: the error names the entry
    # that took a key already taken.
    order = sorted(keymap, key=lambda i: rank.get(keymap[i].source, 0))
    for action_id in order:
        setting = keymap[action_id]
        scope = by_id[action_id].scope
        for key in setting.value:
            for other_scope in _reach(scope):
                other = holders.get((other_scope, textual_key(key)))
                if other is None or other == action_id:
                    continue
                theirs = keymap[other].source
                where = "by default" if theirs == DEFAULT else f"in the {theirs}"
                raise ConfigError(
                    setting.source.path,
                    setting.line,
                    f"keymap.{action_id}: {quoted(key)} is already the key of {other} "
                    f"({by_id[other].description}) {where}; give that action another key too",
                )
            holders[(scope, textual_key(key))] = action_id


# -- labels ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LabelChoice:
    """A label as the reader offers it: the store's and the configured set's, merged."""

    name: str
    color: str
    style: str
    key: str
    configured: bool


def merge_labels(configured: Sequence[LabelSpec], stored: Iterable[LabelLike]) -> list[LabelChoice]:
    """The configured labels first (in their order), then the store's others (in theirs).

    For a label in both, the configured colour and style win (for display; the store keeps its
    own) when they are given. Only configured labels have keys."""
    stored_by_name = {lb.name: lb for lb in stored}
    out: list[LabelChoice] = []
    for spec in configured:
        known = stored_by_name.get(spec.name)
        color = spec.color or (known.color if known else "")
        style = spec.style or (known.style if known else "")
        out.append(LabelChoice(spec.name, color, style, spec.key, True))
    names = {spec.name for spec in configured}
    out.extend(
        LabelChoice(lb.name, lb.color, lb.style, "", False)
        for lb in stored_by_name.values()
        if lb.name not in names
    )
    return out


def label_key_problem(key: str) -> str:
    """Why ``key`` (canonical) cannot pick a label in the tag dialog, or ``""``.

    Typing a label must never be taken over: a digit acts only while the label field is empty,
    F1-F24 and alt+KEY act anywhere in the dialog; letters, the dialog's own keys (enter, esc,
    tab, arrows) and editing keys are refused."""
    mods, base = _split(key)
    if not mods and len(base) == 1 and base.isdigit():
        return ""
    if not mods and re.fullmatch(r"f([1-9]|1[0-9]|2[0-4])", base):
        return ""
    if mods == ["alt"]:
        return ""
    return "a label key must be a digit (0-9), F1-F24 or alt+KEY, so typing is never taken over"


# -- key names --------------------------------------------------------------------------------

MODIFIERS = ("alt", "ctrl", "hyper", "meta", "shift", "super")
"""In the order Textual names them (sorted)."""

NAMED_KEYS = frozenset(
    {"escape", "enter", "tab", "space", "backspace", "delete", "insert", "home", "end"}
    | {"pageup", "pagedown", "up", "down", "left", "right"}
    | {f"f{n}" for n in range(1, 25)}
)
_SHORT_NAMES = {"solidus": "slash", "reverse_solidus": "backslash", "commercial_at": "at",
                "hyphen_minus": "minus", "plus_sign": "plus", "low_line": "underscore"}  # fmt: skip
"""Textual's shorter names of some characters' Unicode names."""
_ALIASES = {"esc": "escape", "return": "enter", "del": "delete", "ins": "insert",
            "pgup": "pageup", "pgdn": "pagedown", "page_up": "pageup",
            "page_down": "pagedown"}  # fmt: skip


def _char_name(ch: str) -> str:
    """Textual's name of a character key (``?`` -> ``question_mark``, ``/`` -> ``slash``)."""
    if ch.isalnum():
        return ch
    try:
        name = unicodedata.name(ch).lower().replace("-", "_").replace(" ", "_")
    except ValueError:
        return ch
    return _SHORT_NAMES.get(name, name)


_ASCII_NAMES = {_char_name(chr(c)): chr(c) for c in range(33, 127)}


def _char_of(name: str) -> str | None:
    """The character a Textual key name stands for (``question_mark`` -> ``?``), or None."""
    if name in _ASCII_NAMES:
        return _ASCII_NAMES[name]
    try:
        ch = unicodedata.lookup(name.replace("_", " "))
    except KeyError:
        return None
    return ch if ch.isprintable() and not ch.isspace() and _char_name(ch) == name else None


def _split(key: str) -> tuple[list[str], str]:
    """Modifiers and key of ``ctrl+p``, ``+``, ``ctrl++``."""
    if key == "+":
        return [], "+"
    if key.endswith("++"):
        return key[:-2].split("+"), "+"
    *mods, base = key.split("+")
    return mods, base


def parse_key(text: str) -> str:
    """The canonical name of a key: modifiers sorted, lower case, then the key, a printable
    character as itself (``ctrl+p``, ``?``, ``alt+1``, ``shift+f3``; ``N`` for ``shift+n``, as a
    terminal sends it). Accepts Textual's names too (``question_mark``, ``ctrl+slash``). Raises
    ValueError saying why it is no key."""
    if not isinstance(text, str) or not text or len(text) > 40 or not text.isprintable():
        raise ValueError(f"{quoted(str(text))} is not a key")
    mods, base = _split(text)
    mods = [m.strip().lower() for m in mods]
    for m in mods:
        if m not in MODIFIERS:
            raise ValueError(
                f"{quoted(text)} is not a key: {quoted(m)} is not a modifier "
                f"({', '.join(MODIFIERS)})"
            )
    if len(set(mods)) != len(mods):
        raise ValueError(f"{quoted(text)} is not a key: a modifier is repeated")
    base = base.strip()
    if len(base) == 1:
        if base.isspace() or not base.isprintable():
            raise ValueError(f"{quoted(text)} is not a key")
        key = base.lower() if mods and base.isalpha() else base
        if mods == ["shift"] and base.isalpha():  # the terminal sends shift+n as "N"
            return base.upper()
    else:
        lowered = _ALIASES.get(base.lower(), base.lower())
        if lowered in NAMED_KEYS:
            key = lowered
        else:
            ch = _char_of(lowered)
            if ch is None:
                raise ValueError(
                    f"{quoted(text)} is not a key (a character such as t or ?, or a name such "
                    "as enter, escape, tab, space, up, pageup, f1, with modifiers: ctrl+p)"
                )
            key = ch.lower() if mods and ch.isalpha() else ch
    return "+".join([*sorted(mods), key])


def textual_key(key: str) -> str:
    """Textual's name of a canonical key (``?`` -> ``question_mark``, ``ctrl+/`` ->
    ``ctrl+slash``), as key events and ``App.set_keymap`` have it."""
    mods, base = _split(key)
    return "+".join([*mods, _char_name(base) if len(base) == 1 else base])


# -- where an entry is, for the error line ----------------------------------------------------

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\[\]]+?)\s*\]\]?\s*(#.*)?$")
_ASSIGN = re.compile(r"""^\s*((?:"[^"]*"|'[^']*'|[A-Za-z0-9_\-.\s])+?)\s*=""")


def _dotted(key: str) -> str:
    parts = re.findall(r""""([^"]*)"|'([^']*)'|([^.\s"']+)""", key)
    return ".".join(a or b or c for a, b, c in parts)


def line_of(text: str, section: str, key: str, nth: int = 0) -> int | None:
    """The line of ``key`` in table ``section`` (``""``: the top level; the ``nth`` one of an
    array of tables), or of the table's header, or None: a best effort for error messages
    (tomllib gives lines for syntax errors only)."""
    current, count = "", 0 if section == "" else -1
    header: int | None = None
    for number, line in enumerate(text.splitlines(), 1):
        head = _HEADER.match(line)
        if head:
            current = _dotted(head.group(2))
            if current == section:
                count += 1
                if count == nth and header is None:
                    header = number
            continue
        assign = _ASSIGN.match(line)
        if not assign:
            continue
        name = _dotted(assign.group(1))
        in_place = current == section and count == nth
        if key and in_place and name == key:
            return number
        if current == "" and section and name in (f"{section}.{key}", section):
            return number
        if (
            current
            and section
            and current != section
            and f"{current}.{name}" == (f"{section}.{key}")
        ):
            return number
    return header


# -- showing it ---------------------------------------------------------------------------------


def _toml_keys(keys: Sequence[str]) -> str:
    names = ["comma" if k == "," else k for k in keys]
    return quoted(names[0]) if len(names) == 1 else "[" + ", ".join(map(quoted, names)) + "]"


def _lines_with_sources(rows: Sequence[tuple[str, str]]) -> list[str]:
    width = min(48, max((len(text) for text, _ in rows), default=0))
    return [f"{text:<{width}}  # {note}" if note else text for text, note in rows]


def render(config: Config, actions: Sequence[Action] = ()) -> str:
    """The effective configuration as TOML (a file ``load`` reads back to the same values),
    each value followed by a comment saying where it comes from."""
    out = ["# newsreader configuration: every value and where it comes from.",
           "# Files, lowest precedence first (command-line options come last):"]  # fmt: skip
    for f in config.files:
        state = "found" if f.found else "not found"
        out.append(f"#   {f.source.kind:<8} {shown(f.source.path)} ({state})")
    out.append("")
    if config.theme.value:
        out += _lines_with_sources(
            [(f"theme = {quoted(config.theme.value)}", str(config.theme.source))]
        )
    else:
        out.append("# theme: not set (the reader opens with the theme last chosen in it)")
    out += ["", f"# labels: {config.labels.source}"]
    if not config.labels.value:
        out.append("# (none configured: the tag dialog offers the database's labels)")
    for label in config.labels.value:
        out.append("[[labels]]")
        out.append(f"name = {quoted(label.name)}")
        for name in ("key", "color", "style"):
            value = getattr(label, name)
            if value:
                out.append(f"{name} = {quoted(value)}")
    described = {a.id: a.description for a in actions}
    out += ["", "[keymap]"]
    rows = []
    for action_id, setting in config.keymap.items():
        note = str(setting.source)
        if action_id in described:
            note += f" · {described[action_id]}"
        rows.append((f"{quoted(action_id)} = {_toml_keys(setting.value)}", note))
    out += _lines_with_sources(rows)
    return "\n".join(out) + "\n"
