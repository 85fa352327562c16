"""Helpers for the store tests: sample documents and running the real command in a process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from collections.abc import Sequence
from pathlib import Path

from newsreader.core.corpus import document_from_text
from newsreader.core.model import Document

REPO = Path(__file__).resolve().parents[2]

ARTICLE_A = (
    "Ceasefire talks collapse in the north\n\n"
    "The ministry said 42 people were killed on Tuesday, according to officials. "
    "Witnesses disputed the figure and said the real toll was higher. "
    "The ministry said talks would resume next week in Geneva.\n"
)
ARTICLE_B = (
    "Talks stall as fighting goes on\n\n"
    "At least 40 people died, a spokesman said. Reuters could not verify the claim. "
    "Negotiators are expected in Geneva next week.\n"
)


def doc(text: str = ARTICLE_A, path: str = "corpus/a.txt") -> Document:
    return document_from_text(text, path)


def env_for_cli(extra: dict[str, str] | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "NEWSREADER_DB"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH", "")]))
    env.update(extra or {})
    return env


def run_cli(
    args: Sequence[str],
    *,
    cwd: str | os.PathLike[str] | None = None,
    env: dict[str, str] | None = None,
    prefix: Sequence[str] = (),
    timeout: float = 120,
) -> subprocess.CompletedProcess[str]:
    """``python -m newsreader ARGS`` in a new process (``prefix``: e.g. a setpriv command)."""
    return subprocess.run(
        [*prefix, sys.executable, "-m", "newsreader", *args],
        cwd=cwd,
        env=env_for_cli(env),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def run_python(
    code: str, *args: str, prefix: Sequence[str] = (), timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a new interpreter (``sys.argv[1:]`` are ``args``)."""
    return subprocess.run(
        [*prefix, sys.executable, "-c", code, *args],
        env=env_for_cli(),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def assert_one_line_error(proc: subprocess.CompletedProcess[str], status: int | None = None) -> str:
    """A clear failure: non-zero exit, no traceback, a ``newsreader: error:`` line."""
    assert proc.returncode != 0, proc.stdout
    if status is not None:
        assert proc.returncode == status, proc.stderr
    assert "Traceback" not in proc.stderr, proc.stderr
    errors = [ln for ln in proc.stderr.splitlines() if ln.startswith("newsreader: error:")]
    assert len(errors) == 1, proc.stderr
    return errors[0]


def file_state(path: Path) -> tuple[bytes, int]:
    return path.read_bytes(), path.stat().st_mtime_ns


def replay(db: Path) -> tuple[dict[str, dict[str, object]], dict[str, dict[str, object]]]:
    """The annotations table rebuilt from the trail alone, beside the table itself (both as
    rows keyed by id, as the trail keeps them). Each event must start from the state the events
    before it left: an edit's or a delete's ``before`` is the row as the trail had it."""
    import json
    import sqlite3

    from newsreader.store.trail import ROW_KEYS

    state: dict[str, dict[str, object]] = {}
    conn = sqlite3.connect(db)
    try:
        events = conn.execute("SELECT seq, action, tag, before, after FROM events ORDER BY seq")
        for seq, action, tag, before, after in events.fetchall():
            if tag is None:
                continue
            b = None if before is None else json.loads(before)
            assert state.get(tag) == b, f"event {seq} ({action}) starts from another row"
            if after is None:
                del state[tag]
            else:
                state[tag] = json.loads(after)
        columns = ", ".join(f'"{k}"' for k in ROW_KEYS)
        table = {
            str(row[0]): dict(zip(ROW_KEYS, row, strict=True))
            for row in conn.execute(f"SELECT {columns} FROM annotations")
        }
    finally:
        conn.close()
    return state, table


def write_import_file(path: Path, author: str, n: int) -> list[str]:
    """A JSONL import file of ``n`` tags by ``author`` on :data:`ARTICLE_A`; their ids."""
    d = doc(ARTICLE_A, "corpus/a.txt")
    ids = [str(uuid.uuid4()) for _ in range(n)]
    with path.open("w") as fh:
        for i, ann_id in enumerate(ids):
            start = i % 200
            record = {
                "id": ann_id,
                "doc": d.id,
                "start": start,
                "end": start + 7,
                "quote": d.text[start : start + 7],
                "label": "source",
                "author": author,
                "doc_path": d.path,
            }
            fh.write(json.dumps(record) + "\n")
    return ids
