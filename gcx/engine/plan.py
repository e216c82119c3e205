"""Deciding the step for a registration (the real engine's step generator, §4.3 of the notes).

Pure functions: given the old state, the checked new inputs and the provider's diff, say whether
the resource is the same, updated or replaced, and why. No provider calls, no state changes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from gcx.engine.plugin import DiffResult
from gcx.engine.props import changed_at, changed_keys, detailed_diff, top_level_key
from gcx.engine.steps import Op


@dataclass
class Plan:
    op: str
    diff_reasons: list[str]
    replace_reasons: list[str]
    detailed_diff: dict[str, str] | None
    delete_before_replace: bool = False


def plan_component(old_inputs: Mapping[str, Any] | None, new_inputs: Mapping[str, Any]) -> Plan:
    """Components and the Stack have no provider: created once, then same or updated by inputs."""
    if old_inputs is None:
        return Plan(Op.CREATE, [], [], None)
    keys = changed_keys(old_inputs, new_inputs)
    return Plan(Op.UPDATE if keys else Op.SAME, keys, [], None)


def plan_custom(
    old_inputs: Mapping[str, Any],
    new_inputs: Mapping[str, Any],
    diff: DiffResult,
    *,
    replace_on_changes: list[str],
    delete_before_replace: bool | None,
    provider_changed: bool,
) -> Plan:
    """The step for a custom resource that already exists."""
    if diff.changes is None:
        keys = changed_keys(old_inputs, new_inputs)
        changed = bool(keys)
    elif diff.changes:
        keys = list(diff.diffs)
        if not keys and diff.detailed_diff:
            keys = sorted({top_level_key(path) for path in diff.detailed_diff})
        if not keys:
            keys = changed_keys(old_inputs, new_inputs)
        changed = True
    else:
        keys, changed = [], False

    replace_keys = list(dict.fromkeys(diff.replaces))
    if changed:
        replace_keys += [
            p for p in replace_on_changes if p not in replace_keys and changed_at(old_inputs, new_inputs, p)
        ]
    dbr = bool(diff.delete_before_replace) if delete_before_replace is None else delete_before_replace

    if provider_changed or replace_keys:
        op = Op.REPLACE
    elif changed:
        op = Op.UPDATE
    else:
        return Plan(Op.SAME, [], [], None, dbr)

    details = (
        dict(diff.detailed_diff)
        if diff.detailed_diff
        else detailed_diff(old_inputs, new_inputs, keys, replace_keys)
    )
    return Plan(op, keys, replace_keys, details, dbr)
