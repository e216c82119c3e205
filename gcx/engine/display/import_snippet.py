"""The program code `gcx import` prints for an imported resource (what `pulumi import` generates).

A type token ``<pkg>:<module>/<name>:<Class>`` becomes ``pulumi_<pkg>[.<module>].<Class>``
(``index`` is the package root); wire property names become the SDK's snake_case argument
names. Secret values are never printed: the snippet reads them from stack config instead.
"""

from __future__ import annotations

import keyword
import re
from typing import Any

from gcx.engine.state import ResourceState
from gcx.engine.wire import is_secret


def _snake(wire_name: str) -> str:
    from gcx.provider.naming import snake  # the bridge's naming rule (one table for it)

    return snake(wire_name)


def _variable(name: str) -> str:
    text = re.sub(r"\W+", "_", name).strip("_").lower() or "resource"
    if text[0].isdigit() or keyword.iskeyword(text):
        text = f"r_{text}"
    return text


def _literal(value: Any, indent: int, secret_key: str) -> str:
    if is_secret(value):
        return f'pulumi.Config().require_secret("{secret_key}")'
    pad = "    " * (indent + 1)
    if isinstance(value, dict):
        if not value:
            return "{}"
        items = [
            f"{pad}{_snake(k)!r}: {_literal(v, indent + 1, secret_key)}," for k, v in sorted(value.items())
        ]
        return "{\n" + "\n".join(items) + "\n" + "    " * indent + "}"
    if isinstance(value, list):
        if not value:
            return "[]"
        items = [f"{pad}{_literal(v, indent + 1, secret_key)}," for v in value]
        return "[\n" + "\n".join(items) + "\n" + "    " * indent + "]"
    return repr(value)


def python_snippet(state: ResourceState, name: str) -> str:
    package, module, class_name = ([*state.type.split(":"), "", ""])[:3]
    module_path = module.split("/")[0] if "/" in module else module
    alias = re.sub(r"\W", "_", package)
    qualifier = alias if module_path in ("index", "") else f"{alias}.{module_path}"
    lines = ["import pulumi", f"import pulumi_{alias} as {alias}", ""]
    lines.append(f"{_variable(name)} = {qualifier}.{class_name}(")
    lines.append(f"    {name!r},")
    for key in sorted(state.inputs):
        if key.startswith("__") or state.inputs[key] is None:
            continue
        arg = _snake(key)
        lines.append(f"    {arg}={_literal(state.inputs[key], 1, f'{_variable(name)}_{arg}')},")
    lines.append("    opts=pulumi.ResourceOptions(protect=True),")
    lines.append(")")
    return "\n".join(lines) + "\n"
