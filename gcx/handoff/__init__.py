"""Handoff artifacts rendered from stack outputs: what a vendor or an on-premises admin receives.

- `transaction_object`: the Multicloud CX `hybrid_integration` Configuration Server object (spec
  model, JSON, INI-style option/annex files, GAX checklist).
- `handoff_at`: the one way a command finds a tenant's handoff in a stack's exported outputs,
  with an error that says which key is missing, what is there instead and what to do.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from gcx.engine.project import SECRET_MASK

__all__ = ["HandoffNotFoundError", "handoff_at", "handoff_model"]

M = TypeVar("M", bound=BaseModel)


class HandoffNotFoundError(LookupError):
    """The stack outputs lack the handoff asked for; the message names the key and the fix."""

    def __str__(self) -> str:
        return str(self.args[0])


def handoff_at(
    outputs: Mapping[str, Any],
    path: Sequence[str],
    tenant: str,
    hints: Mapping[str, str] | None = None,
) -> Any:
    """The value at `path` (``"{tenant}"`` in a part is replaced by `tenant`).

    `hints` maps a path part to what the user should do when that part is missing (``{tenant}``
    is formatted in the hint too); the default hint says to run `gcx up`.
    """
    node: Any = outputs
    walked: list[str] = []
    for part in path:
        key = part.format(tenant=tenant)
        where = ".".join(walked) or "the stack outputs"
        if node == SECRET_MASK:
            raise HandoffNotFoundError(
                f"{where} is stored as one secret, so its parts cannot be shown with secrets masked; "
                "pass --show-secrets, or export the handoff as a dict whose leaves are the secrets"
            )
        if not isinstance(node, Mapping) or key not in node:
            known = ", ".join(sorted(node)) if isinstance(node, Mapping) and node else "nothing"
            if key == tenant:
                hint = "pass a tenant of this stack with --tenant"
            elif hints and part in hints:
                hint = hints[part].format(tenant=tenant)
            else:
                hint = "check that the stack program creates it, then run `gcx up`"
            raise HandoffNotFoundError(f"{where} has no {key!r} (it has: {known}); {hint}")
        node = node[key]
        walked.append(key)
    return node


def handoff_model(
    outputs: Mapping[str, Any],
    path: Sequence[str],
    tenant: str,
    model: type[M],
    what: str,
    hints: Mapping[str, str] | None = None,
) -> M:
    """The handoff at `path` validated as `model`; errors say where, what is wrong, and the fix."""
    found = handoff_at(outputs, path, tenant, hints)
    try:
        return model.model_validate(found)
    except ValidationError as exc:
        where = ".".join(part.format(tenant=tenant) for part in path)
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise HandoffNotFoundError(
            f"{where} is not {what} ({problems}); run `gcx up` with the current program"
        ) from None
