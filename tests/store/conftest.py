"""Fixtures for the store tests: a real database file per test, closed afterwards."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from store_helpers import ARTICLE_A, ARTICLE_B, doc

from newsreader.core.model import Document
from newsreader.store import Store


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "annotations.db"


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:
    with Store.open(db_path, user="alice") as s:
        yield s


@pytest.fixture
def doc_a() -> Document:
    return doc(ARTICLE_A, "corpus/a.txt")


@pytest.fixture
def doc_b() -> Document:
    return doc(ARTICLE_B, "corpus/b.txt")


@pytest.fixture
def tagged(tmp_path: Path) -> Path:
    """alice and bob both tagged a.txt; only alice tagged b.txt."""
    db = tmp_path / "annotations.db"
    a, b = doc(ARTICLE_A, "corpus/a.txt"), doc(ARTICLE_B, "corpus/b.txt")
    with Store.open(db, user="alice") as s:
        s.add(a, 0, 9, "claim")
        s.add(b, 0, 5, "quote")
    with Store.open(db, user="bob") as s:
        s.add(a, 2, 9, "claim")
    return db
