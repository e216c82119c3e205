"""Declarative tables between a resource's wire properties and the API document it maps to.

A `Shape` is a tuple of `Field`s; each field names the wire property (camelCase, as the engine sees
it), the dotted path of the value in the API document (``acwSettings.wrapupPrompt``,
``queueFlow.id``), a `Codec` for values whose form differs (ids <-> ``{"id": ...}`` references,
JSON text <-> objects) and, for blocks, the nested `Shape` applied to the object or to each item.
`to_api` builds a request body from wire values (unset values are left out); `from_api` reads wire
values back from an API answer (absent values become None). Handlers describe their attributes
with these tables instead of writing the same copying code per attribute.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

__all__ = [
    "IDENTITY",
    "JSON_TEXT",
    "REF_IDS",
    "REF_MAP",
    "Codec",
    "Field",
    "Shape",
    "dig",
    "put",
]


@dataclass(frozen=True)
class Codec:
    to_api: Callable[[Any], Any]
    from_api: Callable[[Any], Any]


IDENTITY = Codec(lambda v: v, lambda v: v)

# A set of ids <-> a list of ``{"id": ...}`` references.
REF_IDS = Codec(
    lambda ids: [{"id": i} for i in ids],
    lambda refs: [r["id"] for r in refs or [] if isinstance(r, Mapping) and r.get("id")],
)

# A map of key -> id <-> a map of key -> ``{"id": ...}`` reference.
REF_MAP = Codec(
    lambda ids: {k: {"id": v} for k, v in ids.items()},
    lambda refs: {k: r["id"] for k, r in (refs or {}).items() if isinstance(r, Mapping) and r.get("id")},
)

# A JSON object kept as text in the program (``properties``) <-> the object itself.
JSON_TEXT = Codec(
    lambda text: json.loads(text) if isinstance(text, str) and text else {},
    lambda obj: json.dumps(obj, sort_keys=True, separators=(",", ":")) if obj is not None else None,
)


def dig(doc: Any, path: str) -> Any:
    """The value at a dotted path, or None when any step is missing."""
    for part in path.split("."):
        if not isinstance(doc, Mapping):
            return None
        doc = doc.get(part)
    return doc


def put(doc: dict[str, Any], path: str, value: Any) -> None:
    """Set a value at a dotted path, creating the objects on the way."""
    *parents, last = path.split(".")
    for part in parents:
        doc = doc.setdefault(part, {})
    doc[last] = value


@dataclass(frozen=True)
class Field:
    wire: str
    api: str
    codec: Codec = IDENTITY
    shape: Shape | None = None

    def encode(self, value: Any) -> Any:
        if self.shape is not None:
            if isinstance(value, list):
                return [self.shape.to_api(item) for item in value]
            return self.shape.to_api(value)
        return self.codec.to_api(value)

    def decode(self, value: Any) -> Any:
        if value is None:
            return None
        if self.shape is not None:
            if isinstance(value, list):
                return [self.shape.from_api(item) for item in value]
            return self.shape.from_api(value)
        return self.codec.from_api(value)


class Shape:
    def __init__(self, *fields: Field) -> None:
        self.fields = fields

    def to_api(self, values: Mapping[str, Any]) -> dict[str, Any]:
        body: dict[str, Any] = {}
        for field in self.fields:
            value = values.get(field.wire)
            if value is not None:
                put(body, field.api, field.encode(value))
        return body

    def from_api(self, doc: Mapping[str, Any]) -> dict[str, Any]:
        return {field.wire: field.decode(dig(doc, field.api)) for field in self.fields}

    @property
    def wires(self) -> frozenset[str]:
        return frozenset(f.wire for f in self.fields)
