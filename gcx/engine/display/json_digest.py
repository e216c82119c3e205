"""`gcx preview --json`: Pulumi's `PreviewDigest` (notes §5.5), as `json.MarshalIndent` writes it.

``{"config", "steps", "diagnostics", "duration", "changeSummary", "maybeCorrupt"}`` with Go's
``omitempty`` rules (``detailedDiff`` is always written, ``null`` when absent), maps with sorted
keys, four-space indentation and Go's HTML-safe escaping of ``<``, ``>`` and ``&``. Steps are the
ones the diff display shows; ``oldState``/``newState`` are `ResourceV3` records with every secret
replaced by ``"[secret]"`` (unknown values keep Pulumi's sentinel string). ``newState`` is the goal
state of the step, so it carries no id or outputs until the step has run.
"""

from __future__ import annotations

import json
from typing import Any

from gcx.engine.display.diff_text import display_order, is_shown
from gcx.engine.display.values import SECRET_TEXT
from gcx.engine.result import OperationResult
from gcx.engine.state import ResourceState, resource_to_json
from gcx.engine.steps import Op, Step
from gcx.engine.wire import is_secret

# Ops whose new state already holds the provider's answer when the step is announced.
_NEW_STATE_COMPLETE = frozenset({Op.READ, Op.IMPORT, Op.REFRESH})


def _mask(value: Any, where: str = "") -> Any:
    if is_secret(value):
        return SECRET_TEXT
    if isinstance(value, dict):
        return {k: _mask(value[k]) for k in sorted(value)}
    if isinstance(value, list):
        return [_mask(v) for v in value]
    return value


def _state_json(state: ResourceState, goal: bool) -> dict[str, Any]:
    data = resource_to_json(state, _mask)
    if goal:
        for key in ("id", "outputs", "created", "modified"):
            data.pop(key, None)
    return data


def _step_json(step: Step) -> dict[str, Any]:
    data: dict[str, Any] = {"op": step.op, "urn": step.urn}
    if step.provider:
        data["provider"] = step.provider
    if step.old is not None:
        data["oldState"] = _state_json(step.old, goal=False)
    if step.new is not None:
        data["newState"] = _state_json(step.new, goal=step.op not in _NEW_STATE_COMPLETE)
    if step.diff_reasons:
        data["diffReasons"] = list(step.diff_reasons)
    if step.replace_reasons:
        data["replaceReasons"] = list(step.replace_reasons)
    data["detailedDiff"] = (
        {path: {"kind": kind, "inputDiff": False} for path, kind in sorted(step.detailed_diff.items())}
        if step.detailed_diff
        else None
    )
    return data


def digest(result: OperationResult) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if result.config:
        out["config"] = {k: result.config[k] for k in sorted(result.config)}
    steps = [_step_json(s) for s in display_order(result.steps) if is_shown(s)]
    if steps:
        out["steps"] = steps
    diagnostics = [
        {k: v for k, v in (("urn", d.urn), ("message", d.message), ("severity", d.severity)) if v}
        for d in result.diagnostics
        if d.severity != "debug"
    ]
    if diagnostics:
        out["diagnostics"] = diagnostics
    if result.duration_ns:
        out["duration"] = result.duration_ns
    if result.change_summary:
        out["changeSummary"] = {k: result.change_summary[k] for k in sorted(result.change_summary)}
    return out


def render_json(result: OperationResult) -> str:
    text = json.dumps(digest(result), indent=4, ensure_ascii=False)
    for char, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(char, escaped)
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029") + "\n"
