"""The footer: Textual's, recomposed only when its keys change."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

Keys = tuple[tuple[str, str, str, bool, str], ...]


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
        app = self.app
        keys = [
            (binding.key, app.get_key_display(binding), binding.description, enabled, tooltip)
            for (_, binding, enabled, tooltip) in self.screen.active_bindings.values()
            if binding.show
        ]
        return (*keys, ("", app.COMMAND_PALETTE_BINDING, "", self.show_command_palette, ""))

    def compose(self) -> ComposeResult:
        if self._bindings_ready:
            self._drawn = self._keys()
        for widget in super().compose():
            if isinstance(widget, FooterKey):
                # Born compact, as the footer is: Textual sets the class once each key is
                # mounted, restyling it, and the first frame had the keys spread out. Not
                # restyled here either: mounting styles it, with its classes as they are then.
                widget.set_class(self.compact, "-compact", update=False)
            yield widget

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
