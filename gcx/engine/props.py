"""Property values on their way between the SDK, the engine and the providers.

Everything inside the engine is in the wire model of `gcx.engine.wire`. This module converts:

- protobuf `Struct` (what the SDK sends) <-> wire dicts, normalising numbers on the way in;
- wire -> provider values (secrets stripped, resource references collapsed to id or URN,
  unknowns as `pulumi.output.Unknown()`), and provider results -> wire (`Secret` and `Unknown`
  mapped back);
- the secret rules of the real engine: outputs whose same-named input was secret stay secret
  (`annotateSecrets`), plus `additionalSecretOutputs`;
- property paths (``a.b[0]["c.d"]``) used by `ignoreChanges`, `replaceOnChanges` and detailed diffs;
- the engine's own input diff, used when a provider answers "don't know".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from google.protobuf import struct_pb2

from gcx.engine.plugin import DiffKind, Secret, Unknown
from gcx.engine.wire import (
    RESOURCE_SIG,
    SIG_KEY,
    UNKNOWN,
    contains_secret,
    contains_unknown,
    is_secret,
    make_secret,
    strip_secrets,
)

# --------------------------------------------------------------------------- protobuf Struct


def _value_to_wire(value: struct_pb2.Value) -> Any:
    kind = value.WhichOneof("kind")
    if kind == "string_value":
        return value.string_value
    if kind == "number_value":
        number = value.number_value
        return int(number) if number.is_integer() else number
    if kind == "bool_value":
        return value.bool_value
    if kind == "struct_value":
        return {k: _value_to_wire(v) for k, v in value.struct_value.fields.items()}
    if kind == "list_value":
        return [_value_to_wire(v) for v in value.list_value.values]
    return None


def struct_to_wire(struct: struct_pb2.Struct) -> dict[str, Any]:
    """A protobuf Struct as a wire dict (integral numbers become ints)."""
    return {k: _value_to_wire(v) for k, v in struct.fields.items()}


def wire_to_struct(props: Mapping[str, Any]) -> struct_pb2.Struct:
    struct = struct_pb2.Struct()
    struct.update(dict(props))
    return struct


# --------------------------------------------------------------------------- provider boundary


def to_provider(value: Any) -> Any:
    """Wire -> what a provider receives: no secret wrappers, references as ids, `Unknown()`."""
    if isinstance(value, str):
        return Unknown() if value == UNKNOWN else value
    if isinstance(value, dict):
        sig = value.get(SIG_KEY)
        if sig is not None:
            if is_secret(value):
                return to_provider(value["value"])
            if sig == RESOURCE_SIG:
                return value.get("id") or value["urn"]
        return {k: to_provider(v) for k, v in value.items()}
    if isinstance(value, list):
        return [to_provider(v) for v in value]
    return value


def from_provider(value: Any) -> Any:
    """A provider's result -> wire (`Unknown()` -> UNKNOWN, `Secret(v)` -> secret, tuples -> lists)."""
    if isinstance(value, Unknown):
        return UNKNOWN
    if isinstance(value, Secret):
        return make_secret(from_provider(value.value))
    if isinstance(value, dict):
        return {str(k): from_provider(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [from_provider(v) for v in value]
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def annotate_secrets(outputs: dict[str, Any], inputs: Mapping[str, Any]) -> dict[str, Any]:
    """Copy secretness from inputs to same-named outputs, as Pulumi's engine does (annotateSecrets).

    Where both values are plain objects the rule recurses, so a secret nested in an input object
    (a client secret inside a `connection`) makes only that output leaf secret; any other value
    whose input holds a secret anywhere (an array, a scalar) becomes one secret as a whole.
    """
    for key, value in inputs.items():
        if key not in outputs:
            continue
        out = outputs[key]
        if _plain_object(out) and _plain_object(value):
            outputs[key] = annotate_secrets(dict(out), value)
        elif not is_secret(out) and contains_secret(value):
            outputs[key] = make_secret(out)
    return outputs


def _plain_object(value: Any) -> bool:
    return isinstance(value, dict) and SIG_KEY not in value


def mark_secret_outputs(outputs: dict[str, Any], keys: Iterable[str]) -> dict[str, Any]:
    """Apply `additionalSecretOutputs`."""
    for key in keys:
        if key in outputs and not is_secret(outputs[key]):
            outputs[key] = make_secret(outputs[key])
    return outputs


# --------------------------------------------------------------------------- property paths

_PATH_TOKEN = re.compile(r'\.?([^.\[\]"]+)|\[(\d+|\*)\]|\["((?:[^"\\]|\\.)*)"\]')

PathElement = str | int


def parse_path(path: str) -> list[PathElement]:
    """``a.b[0]["c.d"]`` -> ``["a", "b", 0, "c.d"]``; ``*`` elements match anything."""
    elements: list[PathElement] = []
    position = 0
    while position < len(path):
        match = _PATH_TOKEN.match(path, position)
        if match is None or match.end() == position:
            raise ValueError(f"invalid property path {path!r} at position {position}")
        name, index, quoted = match.groups()
        if name is not None:
            elements.append(name)
        elif index is not None:
            elements.append("*" if index == "*" else int(index))
        else:
            elements.append(quoted.replace('\\"', '"'))
        position = match.end()
    return elements


def format_path(elements: Iterable[PathElement]) -> str:
    out = ""
    for element in elements:
        if isinstance(element, int):
            out += f"[{element}]"
        elif re.fullmatch(r"[A-Za-z_$][\w$-]*", element):
            out += f".{element}" if out else element
        else:
            escaped = element.replace('"', '\\"')
            out += f'["{escaped}"]'
    return out


_MISSING = object()


def _child(container: Any, element: PathElement) -> Any:
    container = container["value"] if is_secret(container) else container
    if isinstance(element, int):
        if isinstance(container, list) and 0 <= element < len(container):
            return container[element]
        return _MISSING
    if isinstance(container, dict):
        return container.get(element, _MISSING)
    return _MISSING


def _expand(value: Any, elements: list[PathElement], prefix: list[PathElement]) -> list[list[PathElement]]:
    """Concrete paths present in `value` that match `elements` (wildcards expanded)."""
    if not elements:
        return [prefix]
    head, rest = elements[0], elements[1:]
    inner = value["value"] if is_secret(value) else value
    if head == "*":
        keys: Iterable[PathElement] = (
            range(len(inner)) if isinstance(inner, list) else inner.keys() if isinstance(inner, dict) else ()
        )
        return [p for k in keys for p in _expand(_child(value, k), rest, [*prefix, k])]
    child = _child(value, head)
    if child is _MISSING:
        return [[*prefix, head, *rest]] if not any(e == "*" for e in rest) else []
    return _expand(child, rest, [*prefix, head])


def get_path(value: Any, elements: list[PathElement]) -> Any:
    """The value at a concrete path, or `_MISSING`."""
    for element in elements:
        value = _child(value, element)
        if value is _MISSING:
            return _MISSING
    return value


def _set_path(target: Any, elements: list[PathElement], new: Any) -> bool:
    """Set (or with `_MISSING` delete) the value at a path, creating objects on the way."""
    for position, element in enumerate(elements):
        if is_secret(target):
            target = target["value"]
        last = position == len(elements) - 1
        if isinstance(element, int):
            if not isinstance(target, list) or element >= len(target):
                return False
            if last:
                if new is _MISSING:
                    return False
                target[element] = new
                return True
            target = target[element]
        else:
            if not isinstance(target, dict):
                return False
            if last:
                if new is _MISSING:
                    target.pop(element, None)
                else:
                    target[element] = new
                return True
            if element not in target:
                if new is _MISSING:
                    return True
                target[element] = {}
            target = target[element]
    return False


def _deep_copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _deep_copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_deep_copy(v) for v in value]
    return value


def apply_ignore_changes(
    old_inputs: Mapping[str, Any], new_inputs: Mapping[str, Any], paths: Iterable[str]
) -> dict[str, Any]:
    """New inputs with the old values kept at every `ignoreChanges` path (nested paths too)."""
    result = _deep_copy(dict(new_inputs))
    for path in paths:
        elements = parse_path(path)
        for concrete in _expand(old_inputs, elements, []) + _expand(result, elements, []):
            old_value = get_path(old_inputs, concrete)
            _set_path(result, concrete, _deep_copy(old_value))
    return result


def path_matches(pattern: str, path: str) -> bool:
    """Does a property path (from a diff) fall under a `replaceOnChanges`/`ignoreChanges` pattern?"""
    want, have = parse_path(pattern), parse_path(path)
    if want == ["*"]:
        return True
    if len(want) > len(have):
        return False
    return all(w == "*" or w == h for w, h in zip(want, have, strict=False))


# --------------------------------------------------------------------------- diffs


def comparable(value: Any) -> Any:
    """The value as the engine compares it: secrets unwrapped, references by URN and id."""
    return strip_secrets(value)


def values_differ(old: Any, new: Any) -> bool:
    """An input counts as changed when it differs or is not known yet."""
    if contains_unknown(new):
        return True
    return comparable(old) != comparable(new)


def changed_keys(old: Mapping[str, Any], new: Mapping[str, Any], ignore: Iterable[str] = ()) -> list[str]:
    """Top-level keys whose values differ (the engine's diff when a provider answers "unknown")."""
    skip = set(ignore)
    keys = sorted(set(old) | set(new))
    return [k for k in keys if k not in skip and values_differ(old.get(k), new.get(k))]


def detailed_diff(
    old: Mapping[str, Any], new: Mapping[str, Any], keys: Iterable[str], replace_keys: Iterable[str]
) -> dict[str, str]:
    """Per-key `DiffKind`s for the changed top-level keys, marking the ones that force a replace."""
    replacing = set(replace_keys)
    result: dict[str, str] = {}
    for key in keys:
        if key not in old or old[key] is None:
            kind = DiffKind.ADD
        elif key not in new or new[key] is None:
            kind = DiffKind.DELETE
        else:
            kind = DiffKind.UPDATE
        if key in replacing or any(path_matches(r, key) or path_matches(key, r) for r in replacing):
            kind += "-replace"
        result[key] = kind
    return result


def top_level_key(path: str) -> str:
    first = parse_path(path)[0]
    return str(first)


def changed_at(old: Mapping[str, Any], new: Mapping[str, Any], pattern: str) -> bool:
    """Does any value matched by a property path pattern (``*`` wildcards allowed) differ?"""
    elements = parse_path(pattern)
    if elements == ["*"]:
        return bool(changed_keys(old, new))
    paths = {format_path(p) for p in _expand(old, elements, []) + _expand(new, elements, [])}
    for path in paths:
        concrete = parse_path(path)
        before, after = get_path(old, concrete), get_path(new, concrete)
        before = None if before is _MISSING else before
        after = None if after is _MISSING else after
        if values_differ(before, after):
            return True
    return False
