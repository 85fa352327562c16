"""What the app's mixins (tagging, navigation, type-ahead) may use of the app, for the type checker.

The mixins are parts of :class:`newsreader.tui.app.NewsreaderApp` split out by topic: they use
the Textual ``App`` API and the members below, which ``NewsreaderApp`` (or another mixin)
provides. When type checking, :class:`ReaderBase` is an abstract ``App`` that declares those
members, so every use in a mixin is checked, and so is ``NewsreaderApp``: it must implement
each abstract member to be instantiated. At run time ``ReaderBase`` is ``object``, so the
mixins stay plain mixins and the app's method resolution order is unchanged.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from abc import abstractmethod
    from typing import Any

    from textual.app import App
    from textual.screen import Screen

    from newsreader.core.model import Document
    from newsreader.store import Store
    from newsreader.tui.highlights import AnalysisIndex
    from newsreader.tui.widgets.article import ArticleView
    from newsreader.tui.widgets.column import ArticleColumn

    class ReaderBase(App[None]):
        # Set by NewsreaderApp.__init__.
        docs: list[Document]
        store: Store | None
        index: AnalysisIndex | None
        analysis_state: str
        export_path: str
        keymap: dict[str, str]
        _current: ArticleView | None

        # NewsreaderApp.
        @property
        @abstractmethod
        def main_screen(self) -> Screen[Any]: ...

        @property
        @abstractmethod
        def columns(self) -> list[ArticleColumn]: ...

        @property
        @abstractmethod
        def views(self) -> list[ArticleView]: ...

        @property
        @abstractmethod
        def view(self) -> ArticleView: ...

        @abstractmethod
        def column_of(self, view: ArticleView) -> ArticleColumn: ...

        @abstractmethod
        def doc_number(self, doc_id: str) -> int: ...

        @abstractmethod
        def refresh_marks(self, doc_id: str | None = None) -> None: ...

        @abstractmethod
        def update_status(self) -> None: ...

        @abstractmethod
        def _update_layout(self) -> None: ...

        # TaggingMixin.
        @abstractmethod
        def reload_tags(self) -> None: ...

        # NavigationMixin.
        @abstractmethod
        def jump_to(
            self,
            doc_id: str,
            offset: int,
            *,
            keep: ArticleView | None = None,
            end: int | None = None,
        ) -> None: ...

else:
    ReaderBase = object
