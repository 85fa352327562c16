"""Record shapes declared once, as dataclasses: one reader checks a JSON object against a
shape and says what is wrong field by field (``'start' must be an integer``), and the same
declaration gives the JSON Schema published in ``newsreader/schemas/``.

A shape's fields are typed ``str``, ``int``, ``list[str]``, ``object`` (anything JSON) or one
of those ``| None`` (optional, no default). Limits go in the field's metadata via :func:`text`
and :func:`integer`. Field names that are not Python names (``@context``) use ``key``.
"""

from __future__ import annotations

import dataclasses
import functools
import types
import typing
from collections.abc import Mapping
from typing import Any, TypeVar

from newsreader.store.formats.limits import MAX_TEXT

_S = TypeVar("_S")


def text(
    *,
    default: str | object | None = dataclasses.MISSING,
    max_length: int = MAX_TEXT,
    non_empty: bool = False,
    key: str | None = None,
    doc: str = "",
) -> Any:
    """A string field: at most ``max_length`` characters, never a lone surrogate."""
    meta = {"max_length": max_length, "non_empty": non_empty, "key": key, "doc": doc}
    if default is dataclasses.MISSING:
        return dataclasses.field(metadata=meta)
    return dataclasses.field(default=default, metadata=meta)


def integer(
    *, default: int | object | None = dataclasses.MISSING, minimum: int | None = 0, doc: str = ""
) -> Any:
    """An integer field (``true``/``false`` and ``1.0`` are not integers)."""
    meta = {"minimum": minimum, "doc": doc}
    if default is dataclasses.MISSING:
        return dataclasses.field(metadata=meta)
    return dataclasses.field(default=default, metadata=meta)


def strings(*, max_length: int = MAX_TEXT, doc: str = "") -> Any:
    """A list of strings, empty when missing."""
    meta = {"max_length": max_length, "non_empty": False, "key": None, "doc": doc}
    return dataclasses.field(default_factory=list, metadata=meta)


def _key(f: dataclasses.Field[Any]) -> str:
    return str(f.metadata.get("key") or f.name)


def _kind(hint: object) -> tuple[object, bool]:
    """``(base type, optional)`` of a field's type hint."""
    args = typing.get_args(hint)
    if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
        rest = [a for a in args if a is not type(None)]
        return rest[0], len(rest) != len(args)
    return hint, False


@dataclasses.dataclass(frozen=True, slots=True)
class _Field:
    name: str
    key: str
    base: object
    optional: bool
    default: object  # dataclasses.MISSING when required
    factory: Any  # dataclasses.MISSING, or what makes the default
    meta: Mapping[str, Any]


@functools.cache
def _plan(shape: type[Any]) -> tuple[_Field, ...]:
    """Each field of ``shape``, worked out once per shape (``get_type_hints`` is slow)."""
    hints = typing.get_type_hints(shape)
    return tuple(
        _Field(f.name, _key(f), *_kind(hints[f.name]), f.default, f.default_factory, f.metadata)
        for f in dataclasses.fields(shape)
    )


def read(shape: type[_S], obj: object) -> tuple[_S | None, list[str]]:
    """``obj`` as an instance of ``shape``, or ``None`` and every problem found."""
    if not isinstance(obj, Mapping):
        return None, ["not a JSON object"]
    values: dict[str, Any] = {}
    problems: list[str] = []
    for f in _plan(typing.cast(Any, shape)):
        key = f.key
        raw = obj.get(key)
        if raw is None:
            if f.default is not dataclasses.MISSING:
                values[f.name] = f.default
            elif f.factory is not dataclasses.MISSING:
                values[f.name] = f.factory()
            elif f.optional or (key in obj and f.base is object):
                values[f.name] = None
            else:
                problems.append(f"'{key}' is missing" if key not in obj else _wrong(key, f.base))
            continue
        value, problem = _check(key, raw, f.base, f.meta)
        if problem:
            problems.append(problem)
        values[f.name] = value
    if problems:
        return None, problems
    return shape(**values), []


def _wrong(key: str, base: object) -> str:
    if base is str:
        return f"'{key}' must be a string"
    if base is int:
        return f"'{key}' must be an integer"
    return f"'{key}' must be a list of strings"


def _check(key: str, value: object, base: object, meta: Mapping[str, Any]) -> tuple[Any, str]:
    if base is str:
        if not isinstance(value, str):
            return None, f"'{key}' must be a string"
        return value, _check_text(key, value, meta)
    if base is int:
        if not isinstance(value, int) or isinstance(value, bool):
            return None, f"'{key}' must be an integer"
        minimum = meta.get("minimum")
        if minimum is not None and value < minimum:
            return None, f"'{key}' must be {minimum} or more (got {value})"
        return value, ""
    if typing.get_origin(base) is list:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            return None, f"'{key}' must be a list of strings"
        for item in value:
            problem = _check_text(key, item, meta)
            if problem:
                return None, problem
        return list(value), ""
    return value, ""  # object: any JSON value, checked by the format that reads it


def _check_text(key: str, value: str, meta: Mapping[str, Any]) -> str:
    limit: int = meta["max_length"]
    if len(value) > limit:
        return f"'{key}' is longer than {limit:,} characters ({len(value):,})"
    if not value and meta["non_empty"]:
        return f"'{key}' must not be empty"
    if not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as exc:
            return f"'{key}' holds an unpaired surrogate (\\u{ord(value[exc.start]):04x})"
    return ""


def json_schema(shape: type[Any], *, title: str = "", closed: bool = False) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12 vocabulary, no references) of ``shape``."""
    hints = typing.get_type_hints(shape)
    properties: dict[str, Any] = {}
    required: list[str] = []
    for f in dataclasses.fields(shape):
        key = _key(f)
        base, optional = _kind(hints[f.name])
        prop: dict[str, Any]
        if base is str:
            prop = {"type": "string", "maxLength": f.metadata.get("max_length", MAX_TEXT)}
            if f.metadata.get("non_empty"):
                prop["minLength"] = 1
        elif base is int:
            prop = {"type": "integer"}
            if f.metadata.get("minimum") is not None:
                prop["minimum"] = f.metadata["minimum"]
        elif typing.get_origin(base) is list:
            prop = {"type": "array", "items": {"type": "string"}}
        else:
            prop = {}
        if optional or f.default is None:
            prop = {"anyOf": [prop, {"type": "null"}]} if prop else prop
        if f.metadata.get("doc"):
            prop["description"] = f.metadata["doc"]
        properties[key] = prop
        defaulted = f.default is not dataclasses.MISSING
        if not defaulted and f.default_factory is dataclasses.MISSING and not optional:
            required.append(key)
    schema: dict[str, Any] = {"type": "object", "properties": properties, "required": required}
    if title:
        schema = {"title": title, **schema}
    if closed:
        schema["additionalProperties"] = False
    return schema
