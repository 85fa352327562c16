"""The JSON export the reader writes (``e``), through the store's exchange module.

If that module cannot be imported (a broken install), a plain ``json.dumps`` of the same
``newsreader-annotations`` shape is written instead, so the user's tags can always get out.
"""

from __future__ import annotations

import io
import json
import os
from datetime import UTC, datetime
from typing import Any


def export_preview(store: Any) -> tuple[str, int]:
    """``(json_text, annotation_count)``: what exporting every annotation writes now."""
    try:
        from newsreader.store.exchange import export_annotations
    except ImportError:
        return _fallback(store)
    buffer = io.StringIO()
    count = export_annotations(store, "json", buffer)
    return buffer.getvalue(), count


def export_file(store: Any, path: str) -> int:
    """Write every annotation to ``path`` (atomically: a temporary file renamed over it)."""
    try:
        from newsreader.store.exchange import export_to_file
    except ImportError:
        text, count = _fallback(store)
        tmp = f"{path}.tmp"
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
        return count
    return int(export_to_file(store, "json", path))


def _fallback(store: Any) -> tuple[str, int]:
    annotations = list(store.annotations())
    documents = {
        a.doc: {"id": a.doc, "path": a.doc_path, "title": a.doc_title} for a in annotations
    }
    keys = ("id", "doc", "start", "end", "quote", "prefix", "suffix", "label", "note", "author")
    payload = {
        "format": "newsreader-annotations",
        "version": 1,
        "exported": datetime.now(UTC).replace(microsecond=0).isoformat(),
        "documents": list(documents.values()),
        "annotations": [
            {**{k: getattr(a, k) for k in keys}, "created": a.created, "updated": a.updated}
            for a in annotations
        ],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n", len(annotations)
