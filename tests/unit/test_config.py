"""Configuration files: where they are, precedence and sources, key names, and bad files."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

import pytest

from newsreader import config as cfg
from newsreader import settings
from newsreader.config import (
    COMMAND_LINE,
    DEFAULT,
    ConfigError,
    LabelSpec,
    load,
    merge_labels,
    parse_key,
    render,
)
from newsreader.core import cache
from newsreader.store.model import Label
from newsreader.tui.keys import KEYS


@pytest.fixture
def user(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The user file's place (beside the settings file NEWSREADER_CONFIG names)."""
    monkeypatch.setenv("NEWSREADER_CONFIG", str(tmp_path / "home" / "settings.json"))
    return tmp_path / "home" / "config.toml"


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.txt").write_text("An article.\n", encoding="utf-8")
    return folder


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def error_of(text: str, tmp_path: Path) -> str:
    path = write(tmp_path / "bad" / "newsreader.toml", text)
    with pytest.raises(ConfigError) as caught:
        load(KEYS, path.parent, user_path=tmp_path / "none.toml")
    message = str(caught.value)
    assert "\n" not in message
    return message


# -- where the files are ---------------------------------------------------------------------


def test_user_file_sits_beside_the_settings_file(user: Path) -> None:
    assert cfg.user_config_path() == user


def test_user_file_under_xdg_config_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NEWSREADER_CONFIG", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    assert cfg.user_config_path() == tmp_path / "xdg" / "newsreader" / "config.toml"
    monkeypatch.setenv("XDG_CONFIG_HOME", "relative/dir")  # ignored, as XDG says
    monkeypatch.setenv("HOME", str(tmp_path / "h"))
    assert cfg.user_config_path() == tmp_path / "h" / ".config" / "newsreader" / "config.toml"
    # The settings the reader saves (the theme) and the cache follow the same rule.
    assert settings.settings_path().parent == cfg.user_config_path().parent
    monkeypatch.delenv("NEWSREADER_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/cache")
    assert cache.cache_dir() == tmp_path / "h" / ".cache" / "newsreader"


def test_no_files_means_defaults(user: Path, corpus: Path) -> None:
    config = load(KEYS, corpus)
    assert [(f.source.kind, f.found) for f in config.files] == [("user", False), ("project", False)]
    assert config.theme.value == "" and config.theme.source == DEFAULT
    assert config.labels.value == () and config.labels.source == DEFAULT
    assert config.keys_of("passage.next") == ("n",)
    assert config.keys_of("tags.delete") == ("x", "delete")
    assert config.textual_keymap() == {}
    assert set(config.keymap) == {k.id for k in KEYS}


# -- precedence and sources -------------------------------------------------------------------


def test_project_over_user_over_default_and_command_line_over_all(user: Path, corpus: Path) -> None:
    write(
        user,
        'theme = "nord"\n[keymap]\n"passage.next" = "j"\nquit = "ctrl+q"\n'
        '[[labels]]\nname = "mine"\n',
    )
    project = write(
        corpus / "newsreader.toml",
        'theme = "dracula"\n[keymap]\npassage.next = "J"\n'
        '[[labels]]\nname = "casualty figure"\nkey = "1"\ncolor = "Red"\n',
    )
    config = load(KEYS, corpus)
    assert config.theme.value == "dracula"
    assert config.theme.source == cfg.Source("project", str(project))
    assert config.theme.line == 1
    # The keymap merges action by action: the project's passage.next, the user's quit.
    assert config.keymap["passage.next"].value == ("J",)
    assert config.keymap["passage.next"].source.kind == "project"
    assert config.keymap["quit"].value == ("ctrl+q",)
    assert config.keymap["quit"].source == cfg.Source("user", str(user))
    assert config.keymap["conflict.next"].source == DEFAULT
    # The label set is one value: the project's replaces the user's.
    assert config.labels.value == (LabelSpec("casualty figure", "1", "red", ""),)
    assert config.textual_keymap() == {"passage.next": "J", "quit": "ctrl+q"}

    on_the_line = load(KEYS, corpus, theme="monokai")
    assert on_the_line.theme.value == "monokai" and on_the_line.theme.source == COMMAND_LINE


def test_without_a_corpus_only_the_user_file_counts(user: Path) -> None:
    write(user, 'theme = "nord"\n')
    config = load(KEYS)
    assert [f.source.kind for f in config.files] == ["user"]
    assert config.theme.value == "nord"


def test_dotted_and_quoted_ids_and_key_lists(user: Path, corpus: Path) -> None:
    write(
        corpus / "newsreader.toml",
        '[keymap]\ntag.add = ["a", "alt+t"]\n"tag.delete" = "k,delete"\n'
        "[keymap.help]\n# a sub-table is a dotted id too\n",
    )
    config = load(KEYS, corpus)
    assert config.keys_of("tag.add") == ("a", "alt+t")
    assert config.keys_of("tag.delete") == ("k", "delete")


def test_swapping_two_keys_is_no_clash(user: Path, corpus: Path) -> None:
    write(corpus / "newsreader.toml", '[keymap]\n"passage.next" = "c"\n"conflict.next" = "n"\n')
    config = load(KEYS, corpus)
    assert config.textual_keymap() == {"passage.next": "c", "conflict.next": "n"}


def test_render_reads_back_to_the_same_values(user: Path, corpus: Path) -> None:
    write(user, '[keymap]\n"search.open" = "?"\nhelp = "f1"\n')
    write(
        corpus / "newsreader.toml",
        'theme = "nord"\n[[labels]]\nname = "say \\"so\\""\nkey = "alt+1"\ncolor = "#ff0000"\n'
        'style = "bold"\n',
    )
    config = load(KEYS, corpus)
    text = render(config, KEYS)
    assert f"# project  {corpus / 'newsreader.toml'} (found)" in text.replace("#   ", "# ")
    back = write(corpus.parent / "again" / "newsreader.toml", text)
    again = load(KEYS, back.parent, user_path=corpus.parent / "nothing.toml")
    assert again.theme.value == config.theme.value
    assert again.labels.value == config.labels.value
    assert {i: s.value for i, s in again.keymap.items()} == {
        i: s.value for i, s in config.keymap.items()
    }
    assert tomllib.loads(text)["keymap"]["search.open"] == "?"


# -- labels -----------------------------------------------------------------------------------


def test_configured_labels_first_and_their_colours_win() -> None:
    configured = [LabelSpec("casualty figure", "1", "red", ""), LabelSpec("claim", "2")]
    stored = [Label("claim", "blue", "underline"), Label("source", "green", "")]
    merged = merge_labels(configured, stored)
    assert [(m.name, m.color, m.style, m.key, m.configured) for m in merged] == [
        ("casualty figure", "red", "", "1", True),
        ("claim", "blue", "underline", "2", True),  # no colour configured: the store's
        ("source", "green", "", "", False),
    ]
    assert merge_labels([LabelSpec("claim", "", "magenta")], stored)[0].color == "magenta"
    assert merge_labels([], stored) == merge_labels([], stored)
    assert [m.name for m in merge_labels([], stored)] == ["claim", "source"]


@pytest.mark.parametrize("key", ["1", "0", "f5", "alt+c", "alt+1"])
def test_label_keys_that_never_take_over_typing(key: str) -> None:
    assert cfg.label_key_problem(parse_key(key)) == ""


@pytest.mark.parametrize("key", ["c", "C", "enter", "tab", "escape", "ctrl+a", "shift+f1", "?"])
def test_label_keys_that_would_take_over_typing(key: str) -> None:
    assert "never taken over" in cfg.label_key_problem(parse_key(key))


@pytest.mark.parametrize("color", ["red", "bright_blue", "grey50", "#ff0000", "rgb(1,2,3)"])
def test_rich_colours_are_accepted(color: str) -> None:
    assert cfg.valid_color(color)


@pytest.mark.parametrize(
    "color",
    ["reddish", "default", "#f00", "#ff00", "red\x1b[0m", "\x1b]8;;http://x\x07", "red blink", ""],
)
def test_other_colours_are_refused(color: str) -> None:
    assert not cfg.valid_color(color)


# -- key names --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "canonical", "textual"),
    [
        ("t", "t", "t"),
        ("N", "N", "N"),
        ("shift+n", "N", "N"),
        ("?", "?", "question_mark"),
        ("question_mark", "?", "question_mark"),
        ("slash", "/", "slash"),
        ("ctrl+/", "ctrl+/", "ctrl+slash"),
        ("Shift+Ctrl+Up", "ctrl+shift+up", "ctrl+shift+up"),
        ("ctrl+A", "ctrl+a", "ctrl+a"),
        ("+", "+", "plus"),
        ("ctrl++", "ctrl++", "ctrl+plus"),
        ("comma", ",", "comma"),
        ("esc", "escape", "escape"),
        ("F3", "f3", "f3"),
    ],
)
def test_key_names(text: str, canonical: str, textual: str) -> None:
    assert parse_key(text) == canonical
    assert cfg.textual_key(canonical) == textual


@pytest.mark.parametrize("text", ["", " ", "foo", "ctlr+x", "ctrl+ctrl+x", "ctrl+", "\x1b", "f25"])
def test_not_keys(text: str) -> None:
    with pytest.raises(ValueError, match="not a key"):
        parse_key(text)


def test_every_default_key_is_a_key() -> None:
    for key in KEYS:
        for name in key.keys.split(","):
            assert parse_key(name)


# -- bad files: one line, with the file, the line and the entry ------------------------------


@pytest.mark.parametrize(
    ("text", "where", "says"),
    [
        ('theme = "nord"\n[keymap\n', ":2: ", "TOML: Expected ']'"),
        ("theme = 'a'\nx = = 1\n", ":2: ", "TOML: "),
        ("\n\ntheme = 3\n", ":3: ", "theme: must be a theme name"),
        ("# ok\ncolour = 'red'\n", ":2: ", 'unknown setting "colour"'),
        ('keymap = "q"\n', ":1: ", "keymap: must be a table"),
        ('[keymap]\n\n"no.such" = "z"\n', ":3: ", "keymap.no.such: no action has this id"),
        ("[keymap]\nquit = 5\n", ":2: ", "keymap.quit: must be a key or a list of keys"),
        ("[keymap]\nquit = []\n", ":2: ", "keymap.quit: needs at least one key"),
        ('[keymap]\nquit = "ctlr+q"\n', ":2: ", '"ctlr" is not a modifier'),
        ('[keymap]\nquit = "qq"\n', ":2: ", 'keymap.quit: "qq" is not a key'),
        (
            '[keymap]\nexport = "y"\n',
            ":2: ",
            'keymap.export: "y" is already the key of select.copy',
        ),
        (  # an app key an article key would hide
            '[keymap]\nhelp = "v"\n',
            ":2: ",
            'keymap.help: "v" is already the key of select.mode',
        ),
        (
            '[keymap]\n"doc.next" = "z"\n"doc.previous" = "z"\n',
            ":3: ",
            'keymap.doc.previous: "z" is already the key of doc.next',
        ),
        ('labels = "claim"\n', ":1: ", "labels: must be an array of tables"),
        ("[[labels]]\nkey = '1'\n", ":1: ", "labels[1]: needs a name"),
        (
            "[[labels]]\nname = 'a'\n[[labels]]\nname = 'b'\ncolour = 'red'\n",
            ":5: ",
            'labels[2]: unknown field "colour"',
        ),
        ("[[labels]]\nname = 'a'\ncolor = 'reddish'\n", ":3: ", 'color "reddish": not a colour'),
        ("[[labels]]\nname = 'a'\ncolor = 7\n", ":3: ", "labels[1]: color must be a string"),
        ("[[labels]]\nname = 'a'\nstyle = 'blink'\n", ":3: ", 'style "blink": not a style'),
        ("[[labels]]\nname = 'a'\nkey = 'c'\n", ":3: ", 'key "c": a label key must be'),
        (
            "[[labels]]\nname = 'a'\nkey = '1'\n[[labels]]\nname = 'b'\nkey = '1'\n",
            ":6: ",
            'labels[2]: key "1" is already the key of "a"',
        ),
        (
            "[[labels]]\nname = 'a'\n[[labels]]\nname = 'A'\n",
            ":4: ",
            'labels[2]: "A" is already labels[1]',
        ),
        ("[[labels]]\nname = '  '\n", ":2: ", "name must be 1-64 printable characters"),
        ('[[labels]]\nname = "a\\u001b[31m"\n', ":2: ", "name must be 1-64 printable"),
    ],
)
def test_bad_files(tmp_path: Path, text: str, where: str, says: str) -> None:
    message = error_of(text, tmp_path)
    path = str(tmp_path / "bad" / "newsreader.toml")
    assert message.startswith(path + where), message
    assert says in message, message


def test_a_clash_names_the_file_that_made_it(user: Path, corpus: Path) -> None:
    write(user, '[keymap]\n"doc.next" = "z"\n')
    project = write(corpus / "newsreader.toml", '\n[keymap]\n"doc.previous" = "z"\n')
    with pytest.raises(ConfigError) as caught:
        load(KEYS, corpus)
    assert str(caught.value).startswith(f"{project}:3: keymap.doc.previous:")
    assert f"in the user {user}" in str(caught.value)


def test_unreadable_files(tmp_path: Path) -> None:
    assert error_of("\ufeff", tmp_path)  # a BOM is not TOML
    folder = tmp_path / "dir"
    (folder / "newsreader.toml").mkdir(parents=True)
    with pytest.raises(ConfigError, match="is a folder, not a file"):
        load(KEYS, folder, user_path=tmp_path / "none.toml")
    fifo = tmp_path / "fifo" / "newsreader.toml"
    fifo.parent.mkdir()
    os.mkfifo(fifo)
    with pytest.raises(ConfigError, match="not a regular file"):
        load(KEYS, fifo.parent, user_path=tmp_path / "none.toml")
    not_a_folder = write(tmp_path / "file.txt", "An article.\n")
    assert load(KEYS, not_a_folder, user_path=tmp_path / "none.toml").files[1].found is False
    binary = write(tmp_path / "bin" / "newsreader.toml", "")
    binary.write_bytes(b'theme = "a"\n\xff\xfe\n')
    with pytest.raises(ConfigError, match=r"newsreader\.toml:2: not UTF-8 text"):
        load(KEYS, binary.parent, user_path=tmp_path / "none.toml")
    deep = write(tmp_path / "deep" / "newsreader.toml", "a = " + "[" * 100_000)
    with pytest.raises(ConfigError, match="TOML"):
        load(KEYS, deep.parent, user_path=tmp_path / "none.toml")
    big = write(tmp_path / "big" / "newsreader.toml", "# " + "x" * cfg.MAX_BYTES)
    with pytest.raises(ConfigError, match="larger than"):
        load(KEYS, big.parent, user_path=tmp_path / "none.toml")


def test_hostile_text_in_messages_is_escaped(tmp_path: Path) -> None:
    message = error_of('[keymap]\n"\x1b]0;pwned\x07" = "z"\n', tmp_path)
    assert "\x1b" not in message and "\x07" not in message
    assert "\\x1b" in message
    folder = tmp_path / "evil\x1b[2Jdir"
    write(folder / "newsreader.toml", "theme = 1\n")
    with pytest.raises(ConfigError) as caught:
        load(KEYS, folder, user_path=tmp_path / "none.toml")
    assert "\x1b" not in str(caught.value)


def test_unknown_theme_names_its_line(tmp_path: Path) -> None:
    path = write(tmp_path / "p" / "newsreader.toml", '# colours\ntheme = "no-such"\n')
    config = load(KEYS, path.parent, user_path=tmp_path / "none.toml")
    with pytest.raises(ConfigError) as caught:
        config.check_theme({"nord", "dracula"})
    assert str(caught.value).startswith(f'{path}:2: theme: unknown theme "no-such"')
    load(KEYS, path.parent, user_path=tmp_path / "none.toml", theme="nord").check_theme({"nord"})
    with pytest.raises(ConfigError, match=r"^--theme: unknown theme"):
        load(KEYS, theme="nope", user_path=tmp_path / "none.toml").check_theme({"nord"})
