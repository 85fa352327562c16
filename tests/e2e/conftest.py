"""Fixtures shared by the end-to-end tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sshd_fixture import SSHServer, Unavailable, start_sshd


@pytest.fixture
def sshd(tmp_path: Path) -> Iterator[SSHServer]:
    try:
        server = start_sshd(tmp_path / "sshd")
    except Unavailable as exc:
        pytest.skip(f"no SSH server can run here: {exc}")
    try:
        yield server
    finally:
        server.stop()
