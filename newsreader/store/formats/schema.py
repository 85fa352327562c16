"""The published JSON Schema of the export format, made from the record shapes in
:mod:`.native`; ``python -m newsreader.store.formats.schema >
newsreader/schemas/annotations.schema.json`` rewrites the file shipped in the package (a test
checks the two agree)."""

from __future__ import annotations

import json
import sys
from typing import Any

from newsreader.store.formats.native import AnnotationRecord, DocumentRecord, FileHeader
from newsreader.store.formats.shape import json_schema
from newsreader.store.model import FORMAT_NAME

SCHEMA_ID = "urn:newsreader:schema:annotations"


def annotations_schema() -> dict[str, Any]:
    """``export --format json`` (the whole file) with ``$defs/annotation``, which is also one
    line of ``export --format jsonl``. Keys may be added, never removed."""
    header = json_schema(FileHeader)
    header["properties"]["format"] = {"const": FORMAT_NAME}
    header["properties"]["documents"] = {"type": "array", "items": {"$ref": "#/$defs/document"}}
    header["properties"]["annotations"] = {
        "type": "array",
        "items": {"$ref": "#/$defs/annotation"},
    }
    header["required"].append("annotations")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "newsreader annotations (export --format json; one $defs/annotation a line "
        "for jsonl)",
        **header,
        "$defs": {
            "annotation": json_schema(AnnotationRecord),
            "document": json_schema(DocumentRecord),
        },
    }


def main() -> int:
    json.dump(annotations_schema(), sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
