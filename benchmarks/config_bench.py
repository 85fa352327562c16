"""What reading the configuration adds to the reader's start.

    python benchmarks/config_bench.py [--rounds 200]

Times, in this process, ``newsreader.config.load`` over a user file and a project file like the
README's example (keymap, two labels, a theme), after a first call that pays the imports; and,
in fresh interpreters (bytecode cached, as installed), the import of ``newsreader.config`` with
the key table, as ``-X importtime`` counts it (what ``newsreader config`` and the reader load
before anything else; tomllib and re are most of it). Medians are printed.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

USER = '[keymap]\nhelp = "f1"\nquit = "ctrl+q"\n'
PROJECT = """theme = "nord"
[keymap]
"tag.add" = "a"
"passage.next" = ["j", "n"]
palette = "ctrl+k"
[[labels]]
name = "casualty figure"
key = "1"
color = "red"
style = "bold"
[[labels]]
name = "source"
key = "alt+s"
color = "#2aa198"
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        home, corpus = Path(tmp, "home"), Path(tmp, "corpus")
        home.mkdir()
        corpus.mkdir()
        (home / "config.toml").write_text(USER)
        (corpus / "newsreader.toml").write_text(PROJECT)
        os.environ["NEWSREADER_CONFIG"] = str(home / "settings.json")
        from newsreader.config import load
        from newsreader.tui.keys import KEYS

        load(KEYS, corpus)
        times = []
        for _ in range(args.rounds):
            start = time.perf_counter()
            load(KEYS, corpus)
            times.append(time.perf_counter() - start)
        print(f"load (user + project file): median {statistics.median(times) * 1000:.2f} ms")
        code = "import newsreader.config, newsreader.tui.keys"
        # As installed: bytecode cached (a first run writes it), not compiled at each start.
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        subprocess.run([sys.executable, "-c", code], check=True, env=env)
        imports = []
        for _ in range(max(5, args.rounds // 20)):
            done = subprocess.run(
                [sys.executable, "-X", "importtime", "-c", code],
                check=True,
                env=env,
                capture_output=True,
                text=True,
            )
            cumulative = sum(
                int(line.split("|")[1])
                for line in done.stderr.splitlines()
                if line.rstrip().endswith(("| newsreader.config", "| newsreader.tui.keys"))
            )
            imports.append(cumulative / 1000)
        print(f"import config + key table: median {statistics.median(imports):.1f} ms")


if __name__ == "__main__":
    main()
