"""Many OS processes writing one database at once: nothing lost, no 'database is locked'."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from store_helpers import ARTICLE_A, env_for_cli, write_import_file

from newsreader.store import Store

pytestmark = pytest.mark.e2e  # many OS processes write one database at once

PER_FILE = 400
PER_WORKER = 150

API_WORKER = """
import json, os, sys, time
from newsreader.core.corpus import document_from_text
from newsreader.store import Store
db, article, go, user, count = sys.argv[1:6]
doc = document_from_text(open(article).read(), "corpus/a.txt")
while not os.path.exists(go):
    time.sleep(0.005)
ids = []
with Store.open(db, user=user) as s:
    for i in range(int(count)):
        ann = s.add(doc, i, i + 12, "claim", f"{user} {i}")
        if i % 10 == 0:
            s.update(ann.id, note=f"{user} {i} edited")
        ids.append(ann.id)
print(json.dumps(ids))
"""


def test_eight_processes_write_at_once(tmp_path: Path):
    db = tmp_path / "shared.db"  # does not exist yet: the processes also race to create it
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE_A)
    go = tmp_path / "go"
    files = [tmp_path / f"import{k}.jsonl" for k in range(3)]
    file_ids = [write_import_file(f, f"importer{k}", PER_FILE) for k, f in enumerate(files)]
    env = env_for_cli()
    importers = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "newsreader",
                "import",
                str(f),
                "--db",
                str(db),
                "--keep-authors",
            ],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for f in [*files, files[0]]  # the same file twice at once: still one row per id
    ]
    workers = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                API_WORKER,
                *map(str, (db, article, go, f"user{n}", PER_WORKER)),
            ],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(4)
    ]
    go.touch()  # the API workers start together; the importers are starting meanwhile
    worker_ids: list[str] = []
    for proc in importers + workers:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        assert "locked" not in err.lower()
        if proc in workers:
            worker_ids += json.loads(out)
    assert len(importers + workers) >= 8
    with Store.open(db) as store:
        stored = {a.id: a for a in store.annotations()}
    expected = {i for ids in file_ids for i in ids} | set(worker_ids)
    assert set(stored) == expected
    assert len(stored) == 3 * PER_FILE + 4 * PER_WORKER
    edited = [a for a in stored.values() if a.note.endswith("edited")]
    assert len(edited) == 4 * (PER_WORKER // 10)
