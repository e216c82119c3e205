"""The outcome of one engine operation, and the error that carries a partial outcome."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from gcx.engine.errors import EngineError
from gcx.engine.events import Diagnostic
from gcx.engine.steps import OPS, Step
from gcx.engine.urns import STACK_TYPE


class Kind:
    """Pulumi's update kinds (as recorded in history and shown in headers)."""

    UPDATE = "update"
    PREVIEW = "preview"
    DESTROY = "destroy"
    REFRESH = "refresh"
    IMPORT = "import"


def change_summary(steps: list[Step]) -> dict[str, int]:
    """Op -> count over the steps a user sees (replacement halves and default providers excluded)."""
    counts: dict[str, int] = {}
    for step in steps:
        if not step.hidden:
            counts[step.counted_op] = counts.get(step.counted_op, 0) + 1
    return counts


@dataclass
class OperationResult:
    kind: str
    dry_run: bool
    stack: str
    steps: list[Step] = field(default_factory=list)
    change_summary: dict[str, int] = field(default_factory=dict)
    outputs: dict[str, Any] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    duration_ns: int = 0
    config: dict[str, str] = field(default_factory=dict)
    # The operation stopped on an error (the result holds what happened before it).
    failed: bool = False

    @property
    def has_changes(self) -> bool:
        return any(n and OPS[op].counted_as_change for op, n in self.change_summary.items())

    @property
    def stack_step(self) -> Step | None:
        return next((s for s in self.steps if s.type == STACK_TYPE), None)


class OperationError(EngineError):
    """An operation failed part-way; `result` holds what happened up to the failure."""

    def __init__(self, message: str, result: OperationResult) -> None:
        super().__init__(message)
        self.result = result
