"""The trail under many OS processes writing at once: every change has its event, every event
its change, in the order they were committed."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from store_helpers import ARTICLE_A, env_for_cli, replay, write_import_file

pytestmark = pytest.mark.e2e  # several OS processes write one database at once

PER_FILE = 300
PER_WORKER = 120

WORKER = """
import json, os, sys, time
from newsreader.core.corpus import document_from_text
from newsreader.store import Store
db, article, go, user, count = sys.argv[1:6]
doc = document_from_text(open(article).read(), "corpus/a.txt")
while not os.path.exists(go):
    time.sleep(0.005)
done = {"add": 0, "edit": 0, "delete": 0, "restore": 0}
with Store.open(db, user=user) as s:
    for i in range(int(count)):
        ann = s.add(doc, i, i + 12, "claim", f"{user} {i}")
        done["add"] += 1
        if i % 5 == 0:
            s.update(ann.id, note=f"{user} {i} edited")
            done["edit"] += 1
        if i % 7 == 0:
            gone = s.delete(ann.id)
            done["delete"] += 1
            if i % 14 == 0:
                s.restore(gone)
                done["restore"] += 1
print(json.dumps(done))
"""


def test_every_change_of_many_processes_has_its_event(tmp_path: Path):
    db = tmp_path / "shared.db"  # the processes also race to create it (one "begin")
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE_A)
    go = tmp_path / "go"
    files = [tmp_path / f"import{k}.jsonl" for k in range(2)]
    for k, f in enumerate(files):
        write_import_file(f, f"colleague{k}", PER_FILE)
    env = env_for_cli()
    command = [sys.executable, "-m", "newsreader"]
    importers = [
        subprocess.Popen(
            [*command, "import", str(f), "--db", str(db), "--keep-authors", "--user", "curator"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for f in [*files, files[0]]  # the same file twice at once: its tags are recorded once
    ]
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, *map(str, (db, article, go, f"user{n}", PER_WORKER))],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(3)
    ]
    go.touch()
    done: dict[str, dict[str, int]] = {}
    for proc in importers + workers:
        out, err = proc.communicate(timeout=180)
        assert proc.returncode == 0, err
        if proc in workers:
            done[f"user{workers.index(proc)}"] = json.loads(out)
    # Read while nothing writes any more: the whole trail, through the command.
    history = subprocess.run(
        [*command, "history", "--db", str(db), "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert history.returncode == 0, history.stderr
    assert "missing" not in history.stderr
    events = json.loads(history.stdout)

    state, table = replay(db)  # each event starts from the row the events before it left
    assert state == table and len(table) > 0
    assert [e["seq"] for e in events] == list(range(1, len(events) + 1))
    assert [e["action"] for e in events].count("begin") == 1
    for user, counts in done.items():
        mine = [e for e in events if e["author"] == user]
        for action, n in counts.items():
            assert sum(e["action"] == action for e in mine) == n, (user, action)
    for f in files:
        imported = [e for e in events if e["import"] and e["import"]["file"] == str(f)]
        assert len(imported) == PER_FILE and all(e["action"] == "import" for e in imported)
        assert all(e["author"] == "curator" and e["import"]["keep_authors"] for e in imported)
    with sqlite3.connect(db) as conn:
        kinds = dict(conn.execute("SELECT action, count(*) FROM events GROUP BY action"))
    expected = {
        "add": 3 * PER_WORKER,
        "import": 2 * PER_FILE,
        "begin": 1,
        **{a: sum(c[a] for c in done.values()) for a in ("edit", "delete", "restore")},
    }
    assert kinds == expected
