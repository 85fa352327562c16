"""The driver of a reader that ``newsreader serve`` runs for one browser tab.

Textual's ``WebDriver`` reads the browser's keys and textual-serve's messages from stdin, and
stops reading when stdin ends, but the app goes on running: a reader whose ``serve`` was
killed is left behind with no one to talk to. This one quits the app when its input ends
without the app having asked to stop.
"""

from __future__ import annotations

from textual import messages
from textual.drivers.web_driver import WebDriver


class ReaderWebDriver(WebDriver):
    def run_input_thread(self) -> None:
        try:
            super().run_input_thread()
        finally:
            if not self.exit_event.is_set():  # input ended: serve is gone
                self._app.post_message(messages.ExitApp())
