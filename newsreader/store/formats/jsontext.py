"""JSON text from a file nobody vouches for: nesting, numbers and surrogates kept in bounds."""

from __future__ import annotations

import json

from newsreader.store.formats.limits import MAX_DEPTH


class BadJSON(ValueError):
    """Not JSON we read; ``str()`` is one line, ``line`` the line it is on when known."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


def loads(text: str) -> object:
    """``json.loads(text)``, with a one-line :class:`BadJSON` for anything it cannot take:
    syntax errors, nesting deeper than ``MAX_DEPTH`` (checked without recursion, so 100,000
    levels are refused as quickly as 65), integers too long to convert."""
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        where = f"{exc.msg} at line {exc.lineno} column {exc.colno}"
        raise BadJSON(f"not JSON ({where})", exc.lineno) from None
    except RecursionError:
        raise BadJSON(f"not JSON we read: nested more than {MAX_DEPTH} levels deep") from None
    except ValueError as exc:  # e.g. an integer of more than 4,300 digits
        raise BadJSON(f"not JSON we read: {exc}") from None
    if _deeper_than(value, MAX_DEPTH):
        raise BadJSON(f"not JSON we read: nested more than {MAX_DEPTH} levels deep")
    return value


def _deeper_than(value: object, limit: int) -> bool:
    stack: list[tuple[object, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children: list[object] = list(item.values())
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return False


def is_object_line(line: str) -> bool:
    """Whether ``line`` alone is a JSON object (for telling JSON Lines from other text)."""
    try:
        return isinstance(loads(line), dict)
    except BadJSON:
        return False
