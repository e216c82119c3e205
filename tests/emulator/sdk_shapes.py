"""Check emulator JSON against the official SDK's models (field names, JSON types, enum values).

The route table is read from the installed `PureCloudPlatformClientV2` API modules (resource
path, HTTP method, response type) and the model facts from its `swagger_types`,
`attribute_map` and the `allowed_values` in each setter, so the emulator is compared with the
SDK's own description of the API rather than with a copy of it.
"""

from __future__ import annotations

import ast
import inspect
import re
from functools import cache
from pathlib import Path
from typing import Any

import PureCloudPlatformClientV2
import PureCloudPlatformClientV2.models as sdk_models

_APIS = (
    "authorization",
    "groups",
    "identity_provider",
    "integrations",
    "o_auth",
    "organization",
    "presence",
    "routing",
    "scim",
    "tokens",
    "users",
    "voicemail",
)
_PRIMITIVES: dict[str, tuple[type, ...]] = {
    "str": (str,),
    "int": (int,),
    "float": (int, float),
    "bool": (bool,),
    "datetime": (str,),
    "date": (str,),
    "object": (object,),
}


@cache
def routes() -> list[tuple[str, re.Pattern[str], str]]:
    """(method, path regex, response type) for every SDK operation of the emulated areas."""
    found: dict[tuple[str, str], str] = {}
    api_dir = Path(PureCloudPlatformClientV2.__file__).parent / "apis"
    for name in _APIS:
        source = (api_dir / f"{name}_api.py").read_text()
        for block in re.split(r"\n    def ", source):
            path = re.search(r"resource_path = '([^']+)'", block)
            method = re.search(r"call_api\(resource_path, '(\w+)'", block)
            response = re.search(r"response_type='([^']+)'", block)
            if path and method:
                found[(method.group(1), path.group(1))] = response.group(1) if response else ""
    table = []
    for (method, path), response in found.items():
        # SCIM paths are also served capitalised (/Users), so match without regard to case.
        regex = re.compile("^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(path)) + "$", re.IGNORECASE)
        table.append((method, regex, response))
    # Literal segments must win over path parameters (`/groups/search` over `/groups/{id}`).
    table.sort(key=lambda r: r[1].pattern.count("[^/]+"))
    return table


def response_type(method: str, path: str) -> str | None:
    for m, regex, response in routes():
        if m == method and regex.match(path):
            return response
    return None


@cache
def _allowed_values(model_name: str) -> dict[str, list[str]]:
    cls = getattr(sdk_models, model_name)
    source = inspect.getsource(cls)
    allowed = {}
    for attr in cls().swagger_types:
        start = source.find(f"def {attr}(self, {attr}")
        if start < 0:
            continue
        end = source.find("@property", start)
        match = re.search(r"allowed_values = (\[.*?\])", source[start : end if end > 0 else len(source)])
        if match:
            allowed[attr] = ast.literal_eval(match.group(1))
    return allowed


def problems(value: Any, type_name: str, where: str = "$") -> list[str]:
    """Every way `value` differs from the SDK type `type_name` (empty when it conforms)."""
    if value is None:
        return []
    if type_name.startswith("list["):
        if not isinstance(value, list):
            return [f"{where}: expected a list for {type_name}"]
        inner = type_name[5:-1]
        return [p for i, item in enumerate(value) for p in problems(item, inner, f"{where}[{i}]")]
    if type_name.startswith("dict("):
        if not isinstance(value, dict):
            return [f"{where}: expected an object for {type_name}"]
        inner = type_name[type_name.index(",") + 1 : -1].strip()
        return [p for k, item in value.items() for p in problems(item, inner, f"{where}.{k}")]
    if type_name in _PRIMITIVES:
        ok = isinstance(value, _PRIMITIVES[type_name]) and not (
            type_name in ("int", "float") and isinstance(value, bool)
        )
        return [] if ok else [f"{where}: expected {type_name}, got {type(value).__name__} {value!r}"]
    cls = getattr(sdk_models, type_name, None)
    if cls is None:
        return [f"{where}: unknown SDK type {type_name}"]
    if not isinstance(value, dict):
        return [f"{where}: expected a {type_name} object, got {type(value).__name__}"]
    instance = cls()
    by_wire = {wire: attr for attr, wire in instance.attribute_map.items()}
    allowed = _allowed_values(type_name)
    found = []
    for key, item in value.items():
        attr = by_wire.get(key)
        if attr is None:
            found.append(f"{where}.{key}: not a field of {type_name}")
            continue
        if attr in allowed and item is not None:
            items = item if isinstance(item, list) else [item]
            bad = [v for v in items if v not in allowed[attr]]
            if bad:
                found.append(f"{where}.{key}: {bad} not in {allowed[attr]}")
                continue
        found.extend(problems(item, instance.swagger_types[attr], f"{where}.{key}"))
    return found


def check_response(method: str, path: str, status: int, body: Any) -> list[str]:
    """Problems of one emulator response measured against the SDK (errors against ErrorBody)."""
    if status >= 400:
        return problems(body, "ScimError" if "/scim/" in path else "ErrorBody", f"{method} {path}")
    kind = response_type(method, path)
    if not kind or body is None:
        return []
    return problems(body, kind, f"{method} {path}")
