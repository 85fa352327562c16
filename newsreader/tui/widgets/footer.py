"""The footer: Textual's, recomposed only when its keys change."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

Keys = tuple[tuple[str, str, str, bool, str], ...]
_ALWAYS = frozenset({"help", "quit"})


class KeyFooter(Footer):
    """Textual's ``Footer`` recomposes after the next frame once per change of the bindings
    (the focus moving, a screen opening): at start-up its keys came in the fourth frame,
    after four recomposes, and moving between columns recomposed it for the same keys. This
    one recomposes once, after the next frame, for any number of changes before it, and only
    if the keys differ; the app has it draw its first keys before the first frame
    (:meth:`show_keys`, issue 11)."""

    def __init__(self, *, compact: bool = False) -> None:
        super().__init__(compact=compact)
        self._drawn: Keys | None = None
        self._pending = False

    def _keys(self) -> Keys:
        """The keys shown: the active bindings that fit the footer's one row (Textual lets
        the rest run on under the palette's key, which at 80 columns showed "palettet")."""
        app = self.app
        bindings: dict[str, tuple[Binding, bool, str]] = {}
        for _, binding, enabled, tooltip in self.screen.active_bindings.values():
            if binding.show:  # as Textual's footer: the first key of each action
                bindings.setdefault(binding.action, (binding, enabled, tooltip))

        # Each key takes its display, a space, its description and a space; the palette's
        # key (docked right) its edge, display, a space and "palette". Help and quit stay
        # whatever the width; the others are kept, in order, where they fit.
        width = app.size.width
        palette = self.screen.active_bindings.get(app.COMMAND_PALETTE_BINDING)
        if palette is not None and self.show_command_palette:
            width -= (
                cell_len(app.get_key_display(palette[1])) + cell_len(palette[1].description) + 2
            )
        keys = [
            (binding, app.get_key_display(binding), enabled, tooltip)
            for binding, enabled, tooltip in bindings.values()
        ]
        cells = [cell_len(shown) + cell_len(b.description) + 2 for b, shown, _, _ in keys]
        width -= sum(c for (b, _, _, _), c in zip(keys, cells, strict=True) if b.id in _ALWAYS)
        kept: list[tuple[str, str, str, bool, str]] = []
        for (binding, shown, enabled, tooltip), needed in zip(keys, cells, strict=True):
            if binding.id not in _ALWAYS:
                if needed > width:
                    continue
                width -= needed
            kept.append((binding.key, shown, binding.description, enabled, tooltip))
        return (*kept, ("", app.COMMAND_PALETTE_BINDING, "", self.show_command_palette, ""))

    def compose(self) -> ComposeResult:
        if self._bindings_ready and self._drawn is None:
            self._drawn = self._keys()  # else update_keys has just worked them out
        shown = {(key, description) for key, _, description, _, _ in self._drawn or ()}
        for widget in super().compose():
            if isinstance(widget, FooterKey):
                if not (
                    widget.has_class("-command-palette")
                    or (widget.key, widget.description) in shown
                ):
                    continue  # does not fit the row
                # Born compact, as the footer is: Textual sets the class once each key is
                # mounted, restyling it, and the first frame had the keys spread out. Not
                # restyled here either: mounting styles it, with its classes as they are then.
                widget.set_class(self.compact, "-compact", update=False)
            yield widget

    def on_resize(self) -> None:
        # Another width may fit other keys: recomposed only if the keys that fit differ.
        self.bindings_changed(self.screen)

    def bindings_changed(self, screen: Screen[Any]) -> None:
        if self._pending or not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen:
            self._pending = True
            self.call_after_refresh(self.update_keys)

    async def update_keys(self) -> None:
        """Show the keys of the bindings now active, if they are not the ones shown."""
        self._pending = False
        self._bindings_ready = True
        if not self.is_attached:
            return
        keys = self._keys()
        if keys != self._drawn:
            self._drawn = keys  # before the await: a call meanwhile finds them being drawn
            await self.recompose()

    def show_keys(self, then: Callable[[], None]) -> None:
        """Show the active keys in the footer's next turn (compose binds to the footer's own
        reactives, so it runs there), then call ``then``."""

        async def run() -> None:
            try:
                await self.update_keys()
            finally:
                then()

        self.call_next(run)
