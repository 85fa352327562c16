"""Per-user settings that outlive a session (the reader's theme), in a small JSON file.

The file is ``$NEWSREADER_CONFIG``, else ``$XDG_CONFIG_HOME/newsreader/settings.json``, else
``~/.config/newsreader/settings.json``. Settings are a convenience: a file that is missing,
unreadable, damaged or of another shape reads as no settings, and one that cannot be written is
left alone, never an error. Values are checked where they are used (a theme the reader does not
know is ignored).
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

ENV = "NEWSREADER_CONFIG"


def xdg_home(variable: str, fallback: str) -> Path:
    """``$XDG_CONFIG_HOME`` or ``$XDG_CACHE_HOME`` (``variable``), else ``~/fallback``. A
    relative value is ignored, as the XDG base directory rules say: it would name a different
    folder in every working directory."""
    base = os.environ.get(variable, "")
    return Path(base) if os.path.isabs(base) else Path(os.path.expanduser("~")) / fallback


def settings_path() -> Path:
    configured = os.environ.get(ENV)
    if configured:
        return Path(configured)
    return xdg_home("XDG_CONFIG_HOME", ".config") / "newsreader" / "settings.json"


def load() -> dict[str, Any]:
    """The saved settings ({} when there are none or they cannot be read)."""
    try:
        data = json.loads(settings_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def save(**changes: Any) -> None:
    """Merge ``changes`` into the saved settings (atomically: a temporary file, then rename)."""
    path = settings_path()
    data = {**load(), **changes}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".settings-", suffix=".json")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh, indent=1)
        os.replace(tmp, path)
    except OSError:
        return
