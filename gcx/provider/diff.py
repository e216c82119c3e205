"""`diff` for the ``genesyscloud:*`` types: compare checked inputs with the last known state.

The comparison follows the Terraform plan rules the bridge relies on:

- a ForceNew attribute that changes (anywhere under it) makes the resource replace;
- JSON strings (`config.properties`, `config.advanced`) are equal when their JSON is equal;
- sets compare without order, sets of blocks too (each new element is matched with an equal old one);
- a Computed attribute the program leaves out never diffs (the server owns its value), at any depth;
- ``None``, ``""``, ``[]`` and ``{}`` all mean "not set", as in the Terraform SDK;
- an `Unknown` new value is a change (it cannot be shown equal).

The result is always an explicit `DiffResult` whose `detailed_diff` uses wire paths such as
``config.properties`` or ``roles[1].roleId``; entries matching `ignore_changes` are dropped.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from gcx.engine.plugin import DiffKind, DiffResult, Secret, is_unknown
from gcx.provider.check import format_path
from gcx.provider.schema import Attr, Block, Collection, ResourceSchema

__all__ = ["diff_block", "diff_resource"]

_REPLACING = {
    DiffKind.ADD: DiffKind.ADD_REPLACE,
    DiffKind.DELETE: DiffKind.DELETE_REPLACE,
    DiffKind.UPDATE: DiffKind.UPDATE_REPLACE,
}


def _plain(value: Any) -> Any:
    return value.value if isinstance(value, Secret) else value


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, str | list | dict) and not value)


def _json_equal(old: Any, new: Any) -> bool:
    try:
        return json.loads(old) == json.loads(new)
    except (TypeError, json.JSONDecodeError):
        return old == new


class _Differ:
    def __init__(self) -> None:
        self.entries: dict[str, str] = {}

    def record(self, path: tuple[Any, ...], kind: str, replace: bool) -> None:
        self.entries.setdefault(format_path(path), _REPLACING[kind] if replace else kind)

    def block(
        self, block: Block, old: Mapping[str, Any], new: Mapping[str, Any], prefix: tuple, replace: bool
    ) -> None:
        for attr in block.inputs:
            self.attr(attr, _plain(old.get(attr.wire_name)), new.get(attr.wire_name), prefix, replace)

    def attr(self, attr: Attr, old: Any, new: Any, prefix: tuple, replace: bool) -> None:
        path = (*prefix, attr.wire_name)
        replace = replace or attr.force_new
        if _empty(new) and not is_unknown(new):
            if not attr.computed and not _empty(old):
                self.record(path, DiffKind.DELETE, replace)
            return
        if _empty(old):
            self.record(path, DiffKind.ADD, replace)
        elif is_unknown(new):
            self.record(path, DiffKind.UPDATE, replace)
        elif attr.block is not None and attr.single:
            if isinstance(old, Mapping) and isinstance(new, Mapping):
                self.block(attr.block, old, new, path, replace)
            else:
                self.record(path, DiffKind.UPDATE, replace)
        elif attr.plural and isinstance(old, list) and isinstance(new, list):
            self.items(attr, old, new, path, replace)
        elif not self.same_value(attr, old, new):
            self.record(path, DiffKind.UPDATE, replace)

    def same_value(self, attr: Attr, old: Any, new: Any) -> bool:
        if attr.json:
            return _json_equal(old, new)
        if attr.collection is Collection.MAP and isinstance(new, Mapping):
            return not any(is_unknown(v) for v in new.values()) and dict(new) == old
        return old == new

    def same_item(self, attr: Attr, old: Any, new: Any) -> bool:
        if is_unknown(new):
            return False
        if attr.block is None:
            return old == new
        if not (isinstance(old, Mapping) and isinstance(new, Mapping)):
            return old == new
        probe = _Differ()
        probe.block(attr.block, old, new, (), False)
        return not probe.entries

    def items(self, attr: Attr, old: list[Any], new: list[Any], path: tuple, replace: bool) -> None:
        if attr.is_set:
            pairs, unmatched_new, unmatched_old = self.match_set(attr, old, new)
            if not unmatched_new and not unmatched_old:
                return
            # Left-over elements are paired in order so that a changed element shows as an update
            # of its fields rather than a delete plus an add.
            pairs = list(zip(unmatched_old, unmatched_new, strict=False))
            extra_new = unmatched_new[len(pairs) :]
            extra_old = unmatched_old[len(pairs) :]
        else:
            pairs = list(zip(range(len(old)), range(len(new)), strict=False))
            extra_new = list(range(len(old), len(new)))
            extra_old = list(range(len(new), len(old)))
        for old_index, new_index in pairs:
            old_item, new_item = _plain(old[old_index]), new[new_index]
            if self.same_item(attr, old_item, new_item):
                continue
            if attr.block is not None and isinstance(old_item, Mapping) and isinstance(new_item, Mapping):
                self.block(attr.block, old_item, new_item, (*path, new_index), replace)
            else:
                self.record((*path, new_index), DiffKind.UPDATE, replace)
        for new_index in extra_new:
            self.record((*path, new_index), DiffKind.ADD, replace)
        for old_index in extra_old:
            self.record((*path, old_index), DiffKind.DELETE, replace)

    def match_set(self, attr: Attr, old: list[Any], new: list[Any]) -> tuple[list, list[int], list[int]]:
        free_old = list(range(len(old)))
        pairs: list[tuple[int, int]] = []
        unmatched_new: list[int] = []
        for new_index, new_item in enumerate(new):
            match = next((i for i in free_old if self.same_item(attr, _plain(old[i]), new_item)), None)
            if match is None:
                unmatched_new.append(new_index)
            else:
                free_old.remove(match)
                pairs.append((match, new_index))
        return pairs, unmatched_new, free_old


def _ignored(path: str, patterns: list[re.Pattern[str]]) -> bool:
    return any(p.match(path) for p in patterns)


def _ignore_pattern(path: str) -> re.Pattern[str]:
    text = re.escape(path).replace(r"\[\*\]", r"\[\d+\]").replace(r"\*", r"[^.\[]+")
    return re.compile(rf"^{text}($|\.|\[)")


def _root(path: str) -> str:
    return re.split(r"[.\[]", path, maxsplit=1)[0]


def diff_block(
    block: Block,
    old: Mapping[str, Any],
    new: Mapping[str, Any],
    ignore_changes: list[str] | tuple[str, ...] = (),
) -> dict[str, str]:
    """The detailed diff (wire path -> `DiffKind`) of `new` against `old` under `block`."""
    differ = _Differ()
    differ.block(block, old, new, (), False)
    patterns = [_ignore_pattern(p) for p in ignore_changes]
    return {path: kind for path, kind in differ.entries.items() if not _ignored(path, patterns)}


def diff_resource(
    schema: ResourceSchema,
    old_inputs: Mapping[str, Any],
    old_outputs: Mapping[str, Any],
    news: Mapping[str, Any],
    ignore_changes: list[str] | tuple[str, ...] = (),
) -> DiffResult:
    """Diff checked `news` against the old state (outputs; the old inputs when there are none)."""
    old = old_outputs or old_inputs
    detailed = diff_block(schema.block, old, news, ignore_changes)
    replaces = sorted({_root(p) for p, kind in detailed.items() if kind in _REPLACING.values()})
    return DiffResult(
        changes=bool(detailed),
        replaces=replaces,
        diffs=sorted({_root(p) for p in detailed}),
        delete_before_replace=bool(replaces) and schema.delete_before_replace,
        detailed_diff=detailed,
    )
