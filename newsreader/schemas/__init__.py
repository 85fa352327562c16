"""The published JSON Schemas, shipped in the package (``newsreader/schemas/*.json``), and one
example file per export format made from a fixed small store (``examples/``):

- ``annotations.schema.json``: ``export --format json``; ``$defs/annotation`` is one line of
  ``--format jsonl`` (made from the record shapes: ``python -m newsreader.store.formats.schema``);
- ``w3c.schema.json``: ``export --format w3c``, the W3C Web Annotation collection as written;
- ``csv.schema.json``: one row of ``export --format csv`` as a CSV reader gives it (column
  name to cell text), the columns in order in ``required``;
- ``analyze.schema.json``: ``analyze --json``;
- ``history.schema.json``: ``history --json``.

Tests check real output and the examples against them (``tests/store/test_store_schemas.py``,
``tests/store/test_store_golden.py``).
"""

from __future__ import annotations

import json
from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import Any

SCHEMAS = (
    "annotations.schema.json",
    "w3c.schema.json",
    "csv.schema.json",
    "analyze.schema.json",
    "history.schema.json",
)
# The example of each export format, by format: examples/annotations.<extension>.
EXAMPLES = {"json": "json", "jsonl": "jsonl", "w3c": "jsonld", "csv": "csv"}


def path(name: str) -> Traversable:
    """A schema (``"w3c.schema.json"``) or an example (``"examples/annotations.csv"``)."""
    return files(__name__).joinpath(*name.split("/"))


def load(name: str) -> dict[str, Any]:
    """A schema, parsed."""
    schema: dict[str, Any] = json.loads(path(name).read_text(encoding="utf-8"))
    return schema


def example(fmt: str) -> str:
    """The example export in ``fmt`` (json, jsonl, w3c or csv), as its file holds it."""
    data = path(f"examples/annotations.{EXAMPLES[fmt]}").read_bytes()
    return data.decode("utf-8")
