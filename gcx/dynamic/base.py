"""What every gcx dynamic provider shares: pickling by reference, explicit diffs, check helpers.

Provider classes live in this package (never in a program's ``__main__``), hold no state and
capture nothing, so ``__provider`` in state is a short reference to an import path and holds no
secret (`serialize_as_secret_always = False`). Those import paths are part of the state format:
renaming a provider module or class breaks every stack that holds one.

`diff_inputs` gives the explicit answer Pulumi needs (``changes`` is never ``None``; otherwise
the engine would diff ``__provider`` too): declared replace keys, declared update keys, optional
keys whose ``None`` means "whatever the server chose" (for example a number found by search),
and the ``connection`` rule (another region is another org: replace; new credentials: update).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from pulumi.dynamic import CheckFailure, CheckResult, DiffResult, ReadResult, ResourceProvider

from gcx.dynamic.connection import CONNECTION, connection_failures, same_org
from gcx.engine.plugin import is_unknown

__all__ = ["GenesysDynamicProvider", "as_int", "checked", "contains_unknown", "diff_inputs", "failures_of"]


class GenesysDynamicProvider(ResourceProvider):
    """Base of the gcx dynamic providers (stateless; see the module docstring)."""

    serialize_as_secret_always = False


class StateOnlyProvider(GenesysDynamicProvider):
    """A value made once and kept only in the Pulumi state (a password, a key pair...).

    Nothing outside the state holds it: reading returns what the state has, and deleting is
    forgetting it.
    """

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        return ReadResult(id_, dict(props))

    def delete(self, _id: str, _props: dict[str, Any]) -> None:
        return None


def contains_unknown(value: Any) -> bool:
    if is_unknown(value):
        return True
    if isinstance(value, Mapping):
        return any(contains_unknown(v) for v in value.values())
    if isinstance(value, list | tuple):
        return any(contains_unknown(v) for v in value)
    return False


def _same(old: Any, new: Any) -> bool:
    if contains_unknown(new):
        return False
    if isinstance(old, float | int) and isinstance(new, float | int) and not isinstance(old, bool):
        return float(old) == float(new)
    return old == new


def diff_inputs(
    olds: Mapping[str, Any],
    news: Mapping[str, Any],
    *,
    replace: Iterable[str] = (),
    update: Iterable[str] = (),
    optional: Iterable[str] = (),
    with_connection: bool = True,
    delete_before_replace: bool = False,
) -> DiffResult:
    """Compare the old outputs with the new inputs, key by key (see the module docstring)."""
    skip_when_unset = set(optional)

    def changed(key: str) -> bool:
        new = news.get(key)
        if key in skip_when_unset and new is None:
            return False
        return not _same(olds.get(key), new)

    replaces = [key for key in replace if changed(key)]
    updates = [key for key in update if changed(key)]
    if with_connection:
        old_conn, new_conn = olds.get(CONNECTION), news.get(CONNECTION)
        if not same_org(old_conn, new_conn):
            replaces.append(CONNECTION)
        elif not _same(old_conn, new_conn):
            updates.append(CONNECTION)
    return DiffResult(
        changes=bool(replaces or updates),
        replaces=replaces,
        stables=[],
        delete_before_replace=delete_before_replace and bool(replaces),
    )


def as_int(value: Any) -> Any:
    """Pulumi sends numbers as doubles: ``10.0`` becomes ``10``; anything else is left alone."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def failures_of(pairs: Iterable[tuple[str, str]]) -> list[CheckFailure]:
    return [CheckFailure(prop, reason) for prop, reason in pairs]


def checked(inputs: Mapping[str, Any], problems: list[tuple[str, str]]) -> CheckResult:
    """The checked `inputs` with `problems` and the ``connection`` input's own failures."""
    found = connection_failures(inputs.get(CONNECTION)) + list(problems)
    return CheckResult(dict(inputs), failures_of(found))
