"""Check integration config `properties` against the type's JSON schema (the subset the catalog uses).

Supported keywords: `type` (object, array, string, integer, number, boolean), `required`,
`properties`, `additionalProperties: false`, `items`, `enum`, `format: uri`, and the catalog's
`x-tokens` (a comma-separated string whose tokens must come from a list, such as iframe sandbox
flags). The first problem found becomes a 400 naming the field, e.g. `properties.displayType`.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlparse

from gcx.emulator.errors import ApiError, bad_request, invalid_value

__all__ = ["check"]

_TYPES: dict[str, tuple[type, ...]] = {
    "object": (dict,),
    "array": (list,),
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
}


def _type_ok(value: Any, expected: str) -> bool:
    if expected in ("integer", "number") and isinstance(value, bool):
        return False
    return isinstance(value, _TYPES.get(expected, (object,)))


def check(value: Any, schema: dict[str, Any], path: str) -> None:
    """Raise a 400 `ApiError` naming the first field of `value` that breaks `schema`."""
    problem = _first_problem(value, schema, path)
    if problem is not None:
        raise problem


def _first_problem(value: Any, schema: dict[str, Any], path: str) -> ApiError | None:
    expected = schema.get("type")
    if expected and not _type_ok(value, expected):
        return bad_request(f"{path} must be of JSON type {expected}.", path)
    if "enum" in schema and value not in schema["enum"]:
        return invalid_value(path, value, [str(v) for v in schema["enum"]])
    if schema.get("format") == "uri" and isinstance(value, str):
        parsed = urlparse(value)
        if parsed.scheme not in ("http", "https") or not parsed.netloc:
            return bad_request(f"{path} must be an absolute http(s) URL; got {value!r}.", path)
    if "x-tokens" in schema and isinstance(value, str):
        allowed = set(schema["x-tokens"])
        unknown = [t.strip() for t in value.split(",") if t.strip() and t.strip() not in allowed]
        if unknown:
            return bad_request(
                f"{path} has unknown token(s) {', '.join(unknown)}; "
                f"allowed: {', '.join(schema['x-tokens'])}.",
                path,
            )
    if isinstance(value, dict):
        for name in schema.get("required", []):
            if name not in value or value[name] in (None, ""):
                return bad_request(f"{path}.{name} is required.", f"{path}.{name}")
        properties = schema.get("properties", {})
        for name, item in value.items():
            if name in properties:
                problem = _first_problem(item, properties[name], f"{path}.{name}")
                if problem is not None:
                    return problem
            elif schema.get("additionalProperties") is False:
                known = ", ".join(properties) or "none"
                return bad_request(
                    f"{path}.{name} is not a known property (known: {known}).", f"{path}.{name}"
                )
    if isinstance(value, list) and "items" in schema:
        for i, item in enumerate(value):
            problem = _first_problem(item, schema["items"], f"{path}[{i}]")
            if problem is not None:
                return problem
    return None
