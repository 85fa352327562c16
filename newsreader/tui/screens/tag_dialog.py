"""The tag dialog: pick or type a label (fuzzy filtered), add an optional note.

Labels of a configured label set may have keys (see :mod:`newsreader.config`): a digit picks
its label and saves while the label field is empty (so typing a label is never taken over: once
a character is typed, digits are text), F1-F24 and alt+KEY pick theirs from anywhere in the
dialog. The note typed so far is saved with it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from rich.style import Style
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from newsreader.config import LabelChoice, textual_key
from newsreader.tui.literal import literal
from newsreader.tui.session import label_style
from newsreader.tui.typeahead import DialogStayed
from newsreader.tui.widgets.inputs import ReaderInput


@dataclass(frozen=True, slots=True)
class TagChoice:
    label: str
    note: str


def label_choices(query: str, labels: list[str]) -> list[str]:
    """What enter may pick, best first: an exact label, prefix matches, then the typed text as
    a new label, then other (fuzzy) matches."""
    typed = " ".join(query.split())
    if not typed:
        return list(labels)
    exact = [lb for lb in labels if lb.casefold() == typed.casefold()]
    if exact:
        return exact + [lb for lb in filter_labels(typed, labels) if lb not in exact]
    found = filter_labels(typed, labels)
    prefix = [lb for lb in found if lb.casefold().startswith(typed.casefold())]
    others = [lb for lb in found if lb not in prefix]
    return [*prefix, typed, *others]


def filter_labels(query: str, labels: list[str], limit: int = 50) -> list[str]:
    """Labels matching ``query``: prefix matches, then substrings, then fuzzy matches."""
    query = query.strip().casefold()
    if not query:
        return labels[:limit]
    prefix = [lb for lb in labels if lb.casefold().startswith(query)]
    inner = [lb for lb in labels if query in lb.casefold() and lb not in prefix]
    rest = [lb for lb in labels if lb not in prefix and lb not in inner]
    fuzzy: list[str] = []
    if rest:
        from rapidfuzz import fuzz, process

        found = process.extract(query, rest, scorer=fuzz.WRatio, score_cutoff=60, limit=limit)
        fuzzy = [name for name, _score, _i in found]
    return (prefix + inner + fuzzy)[:limit]


class TagDialog(ModalScreen[TagChoice | None]):
    """Ask for a label and a note. Enter saves, escape cancels, a label's key picks it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", show=True),
        Binding("down", "move(1)", "Next label", show=False),
        Binding("up", "move(-1)", "Previous label", show=False),
        # Priority: a key is handed to the focused input as soon as it arrives, and a plain
        # binding runs only when the input passes the key on, too late when keys come in a
        # burst (fast typing over a slow SSH link): "claim<tab>note" would all land in the
        # label. A priority binding moves the focus before the next key is handed over.
        Binding("tab", "switch('#tag-note')", "Note", show=False, priority=True),
        Binding("shift+tab", "switch('#tag-label')", "Label", show=False, priority=True),
    ]

    def __init__(
        self,
        excerpt: str,
        labels: list[str],
        *,
        label: str = "",
        note: str = "",
        title: str = "Tag",
        extra: str = "",
        label_keys: Mapping[str, str] | None = None,
        label_styles: Mapping[str, Style] | None = None,
    ) -> None:
        """``label_keys``: label -> key (canonical, as :func:`newsreader.config.parse_key`
        gives; checked by :func:`newsreader.config.label_key_problem`); ``label_styles``:
        label -> how it is shown in the list."""
        super().__init__()
        self.excerpt = excerpt
        self.labels = labels
        self.label_keys = dict(label_keys or {})
        self.label_styles = dict(label_styles or {})
        self._keyed = list(self.label_keys.items())
        # A digit is text to the label input (Textual gives an input the printable keys before
        # any binding): it is seen as the label changing from empty to that digit. The other
        # keys are priority bindings, which act before the focused input.
        self._by_digit = {key: name for name, key in self._keyed if key.isdigit()}
        for i, (_name, key) in enumerate(self._keyed):
            if not key.isdigit():
                self._bindings.bind(textual_key(key), f"label_key({i})", show=False, priority=True)
        self._label_before = label
        self.initial_label = label
        self.initial_note = note
        self.title_text = title
        self.extra = extra
        self._shown: list[str] = []
        self._done = False
        """Dismissed: a second Enter (or Escape) already queued must not dismiss it again,
        which would pop the screen below it."""

    @classmethod
    def for_labels(cls, excerpt: str, labels: Sequence[LabelChoice], **options: Any) -> TagDialog:
        """The dialog over merged labels (:func:`newsreader.config.merge_labels`): their names,
        keys and colours."""
        return cls(
            excerpt,
            [lb.name for lb in labels],
            label_keys={lb.name: lb.key for lb in labels if lb.key},
            label_styles={lb.name: label_style(lb.color, lb.style) for lb in labels},
            **options,
        )

    def compose(self) -> ComposeResult:
        with Vertical(id="tag-dialog", classes="dialog"):
            yield Static(Text(self.title_text, style="bold"), classes="dialog--title")
            quote = literal(" ".join(self.excerpt.split()))
            if len(quote) > 200:
                quote = quote[:199] + "…"
            yield Static(Text(f"“{quote}”", style="italic"), id="tag-excerpt")
            if self.extra:
                yield Static(Text(self.extra, style="dim"), id="tag-extra")
            yield ReaderInput(
                self.initial_label, placeholder="label (type to filter or add)", id="tag-label"
            )
            yield OptionList(id="tag-labels")
            yield ReaderInput(self.initial_note, placeholder="note (optional)", id="tag-note")
            hint = "enter save · esc cancel · ↑↓ pick a label · tab note"
            if self._keyed:
                hint += " · a label's key picks it (a digit: on an empty label)"
            yield Static(Text(hint, style="dim"), classes="dialog--keys")

    def on_mount(self) -> None:
        self.query_one("#tag-labels", OptionList).can_focus = False
        self._refilter(self.initial_label)
        self.query_one("#tag-label", Input).focus()

    def _refilter(self, query: str) -> None:
        options = self.query_one("#tag-labels", OptionList)
        self._shown = label_choices(query, self.labels)
        options.clear_options()
        width = max((len(k) for k in self.label_keys.values()), default=0)
        for i, name in enumerate(self._shown):
            is_new = name not in self.labels
            if is_new:
                prompt = Text(f"+ new label: {literal(name)}")
            else:
                prompt = Text(literal(name), style=self.label_styles.get(name, ""))
            if width:
                prompt = Text(f"{self.label_keys.get(name, ''):<{width}}  ", "bold") + prompt
            options.add_option(Option(prompt, id=f"label-{i}"))
        options.display = bool(self._shown)
        options.highlighted = 0 if self._shown else None

    @on(Input.Changed, "#tag-label")
    def _label_changed(self, event: Input.Changed) -> None:
        before, self._label_before = self._label_before, event.value
        if not before and event.value in self._by_digit:
            self._save(self._by_digit[event.value])
            return
        self._refilter(event.value)

    def action_move(self, step: int) -> None:
        options = self.query_one("#tag-labels", OptionList)
        if self._shown:
            current = options.highlighted
            options.highlighted = 0 if current is None else (current + step) % len(self._shown)

    @on(OptionList.OptionSelected, "#tag-labels")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._save(self._shown[event.option_index])

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        index = self.query_one("#tag-labels", OptionList).highlighted
        if index is not None and index < len(self._shown):
            self._save(self._shown[index])
        else:
            self._save(self.query_one("#tag-label", Input).value)

    def _save(self, label: str) -> None:
        if self._done:
            return
        label = " ".join(label.split())
        if not label:
            self.notify("A tag needs a label", severity="warning")
            self.app.post_message(DialogStayed())
            return
        note = self.query_one("#tag-note", Input).value.strip()
        self._finish(TagChoice(label, note))

    def _finish(self, choice: TagChoice | None) -> None:
        if not self._done:
            self._done = True
            self.dismiss(choice)

    def action_label_key(self, index: int) -> None:
        self._save(self._keyed[index][0])

    def action_switch(self, selector: str) -> None:
        # Focus at once (not after a refresh) so keys typed right after tab land in the note.
        self.set_focus(self.query_one(selector, ReaderInput))

    def action_cancel(self) -> None:
        self._finish(None)
