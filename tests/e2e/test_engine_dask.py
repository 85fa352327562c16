"""``analyze --engine dask`` finds what the local engine finds, on a real LocalCluster.

The cluster is two worker processes on 127.0.0.1, started here for the module and closed at its
end; the command-line tests start their own through ``--workers 2``.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from newsreader.core.analysis import analyze
from newsreader.core.corpus import load_corpus
from newsreader.core.engines import EngineError
from newsreader.core.engines.dask_engine import DaskOptions, analyze_on_dask
from newsreader.core.model import Analysis
from newsreader.core.report import to_json

distributed = pytest.importorskip("distributed")

PAN13 = Path(__file__).resolve().parents[3] / "shared" / "bench" / "pan13"


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    with distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
        scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
    ) as cluster:
        yield cluster.scheduler_address


def _json(result: Analysis) -> dict[str, Any]:
    out = to_json(result)
    del out["timings"]  # how long each stage took is not a result
    return out


@pytest.fixture(scope="module")
def pan_sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The documents of 25 PAN 2013 gold pairs and 15 unrelated ones, as a corpus folder."""
    if not (PAN13 / "gold.jsonl").is_file():
        pytest.skip(f"PAN 2013 not found at {PAN13}")
    names: list[str] = []
    for line in (PAN13 / "gold.jsonl").read_text().splitlines()[:25]:
        case = json.loads(line)
        names += [case["source"], case["suspicious"]]
    names += sorted(p.name for p in (PAN13 / "docs").glob("*.txt"))[-15:]
    folder = tmp_path_factory.mktemp("pan13")
    for name in dict.fromkeys(names):
        shutil.copy(PAN13 / "docs" / name, folder / name)
    return folder


def test_bundled_corpus_same_as_local(scheduler: str, corpus_dir: Path) -> None:
    corpus = load_corpus(corpus_dir)
    local = analyze(corpus)
    assert local.passages and local.quantities  # something to agree on
    assert _json(analyze_on_dask(corpus, dask=DaskOptions(scheduler=scheduler))) == _json(local)


@pytest.mark.parametrize("partitions", [1, 3, 7])
def test_pan_sample_same_as_local_however_partitioned(
    scheduler: str, pan_sample: Path, partitions: int
) -> None:
    corpus = load_corpus(pan_sample)
    local = analyze(corpus)
    assert len(local.passages) >= 25
    dask = DaskOptions(scheduler=scheduler, partitions=partitions)
    assert _json(analyze_on_dask(corpus, dask=dask)) == _json(local)


def test_workers_read_the_shared_folder(scheduler: str, corpus_dir: Path, tmp_path: Path) -> None:
    """With ``worker_corpus`` the text comes from the folder as the workers see it (here a
    copy at another path), and an article changed there since loading is a one-line error."""
    shared = tmp_path / "mount"
    shutil.copytree(corpus_dir, shared)
    corpus = load_corpus(corpus_dir)
    dask = DaskOptions(scheduler=scheduler, worker_corpus=str(shared))
    assert _json(analyze_on_dask(corpus, dask=dask)) == _json(analyze(corpus))

    changed = sorted(shared.rglob("*.txt"))[0]
    changed.write_text(changed.read_text(encoding="utf-8") + "\nA new line.\n", encoding="utf-8")
    with pytest.raises(EngineError, match="has changed since it was read") as err:
        analyze_on_dask(corpus, dask=dask)
    assert "\n" not in str(err.value)


def _newsreader(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "newsreader", "analyze", *args],
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_cli_dask_json_equals_local(corpus_dir: Path) -> None:
    local = _newsreader(str(corpus_dir), "--json")
    dask = _newsreader(str(corpus_dir), "--json", "--engine", "dask", "--workers", "2")
    assert local.returncode == 0 and dask.returncode == 0, dask.stderr
    assert "Traceback" not in dask.stderr
    a, b = json.loads(local.stdout), json.loads(dask.stdout)
    del a["timings"], b["timings"]
    assert a["passages"] and a == b


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.parametrize(
    "address", [f"tcp://127.0.0.1:{_closed_port()}", "nosuch://nowhere", "tcp://"]
)
def test_bad_scheduler_is_one_line_exit_2(corpus_dir: Path, address: str) -> None:
    proc = _newsreader(str(corpus_dir), "--engine", "dask", "--scheduler", address)
    assert proc.returncode == 2
    assert proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("newsreader: error: cannot use the Dask "), (
        proc.stderr
    )


def test_local_cluster_is_loopback_processes_of_one_thread() -> None:
    from newsreader.core.engines.dask_engine import _client

    with _client(DaskOptions(workers=2)) as client:
        info = client.scheduler_info()
        workers = info["workers"]
        assert info["address"].startswith("tcp://127.0.0.1:")
        assert len(workers) == 2
        assert all(a.startswith("tcp://127.0.0.1:") for a in workers)
        assert [w["nthreads"] for w in workers.values()] == [1, 1]
        pids = client.run(os.getpid)  # processes, not threads of one process
        assert len(set(pids.values())) == 2 and os.getpid() not in pids.values()
        assert info["services"]["dashboard"] != 8787  # only the health routes, on a free port


def test_scheduler_without_workers_is_one_line() -> None:
    with distributed.LocalCluster(
        n_workers=0,
        host="127.0.0.1",
        dashboard_address=None,
        scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
    ) as empty:
        corpus = load_corpus(Path(__file__).resolve().parents[2] / "corpus")
        with pytest.raises(EngineError, match="has no worker"):
            analyze_on_dask(corpus, dask=DaskOptions(scheduler=empty.scheduler_address))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--engine", "nosuch"], "unknown engine 'nosuch' (choose from local, dask)"),
        (["--scheduler", "tcp://127.0.0.1:8786"], "--scheduler needs --engine dask"),
        (["--engine", "dask", "--scheduler", "tcp://h:1", "--workers", "2"], "--workers"),
    ],
)
def test_engine_options_misused_one_line(corpus_dir: Path, args: list[str], message: str) -> None:
    proc = _newsreader(str(corpus_dir), *args)
    assert proc.returncode == 2
    assert proc.stderr.splitlines() == [proc.stderr.strip()]
    assert message in proc.stderr
