"""Handoff artifacts rendered from stack outputs: what a vendor or an on-premises admin receives.

- `transaction_object`: the Multicloud CX `hybrid_integration` Configuration Server object (spec
  model, JSON, INI-style option/annex files, GAX checklist).
- `handoff_at`: the one way a command finds a tenant's handoff in a stack's exported outputs,
  with an error that says which key is missing, what is there instead and what to do.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from gcx.engine.project import SECRET_MASK

__all__ = ["HandoffNotFoundError", "handoff_at"]


class HandoffNotFoundError(LookupError):
    """The stack outputs lack the handoff asked for; the message names the key and the fix."""

    def __str__(self) -> str:
        return str(self.args[0])


def handoff_at(outputs: Mapping[str, Any], path: Sequence[str], tenant: str) -> Any:
    """The value at `path` (``"{tenant}"`` in a part is replaced by `tenant`)."""
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
            hint = (
                "pass a tenant of this stack with --tenant"
                if key == tenant
                else "check that the stack program creates it, then run `gcx up`"
            )
            raise HandoffNotFoundError(f"{where} has no {key!r} (it has: {known}); {hint}")
        node = node[key]
        walked.append(key)
    return node
