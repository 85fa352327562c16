"""The annotation store: SQLite (plain ``sqlite3``) in WAL mode, safe for many users at once.

Headless: nothing here imports Textual or rich. The reader UI uses :class:`Store`; the
``newsreader export/import/tags/agreement`` commands use :mod:`newsreader.store.exchange` and
:mod:`newsreader.store.agreement`.
"""

from newsreader.store.annotations import DocumentInfo, Store, default_user
from newsreader.store.errors import (
    Conflict,
    InvalidInput,
    NotADatabase,
    NotAuthor,
    NotFound,
    ReadOnlyStore,
    SchemaTooNew,
    StoreError,
    StoreLocked,
)
from newsreader.store.model import Annotation, Label, Placed, PlacementStatus

__all__ = [
    "Annotation",
    "Conflict",
    "DocumentInfo",
    "InvalidInput",
    "Label",
    "NotADatabase",
    "NotAuthor",
    "NotFound",
    "Placed",
    "PlacementStatus",
    "ReadOnlyStore",
    "SchemaTooNew",
    "Store",
    "StoreError",
    "StoreLocked",
    "default_user",
]
