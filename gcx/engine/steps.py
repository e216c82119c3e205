"""Steps: what the engine did (or would do) to each resource, with Pulumi's step operations.

`OPS` is the one table of step operations: display prefix, past tense and whether the op counts
as a change in the ``Resources:`` summary, in Pulumi's `StepOps` order (which is also the
order of the summary lines).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class OpInfo:
    prefix: str
    past: str
    counted_as_change: bool


class Op:
    SAME = "same"
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"
    REPLACE = "replace"
    CREATE_REPLACEMENT = "create-replacement"
    DELETE_REPLACED = "delete-replaced"
    READ = "read"
    READ_REPLACEMENT = "read-replacement"
    REFRESH = "refresh"
    DISCARD = "discard"
    DISCARD_REPLACED = "discard-replaced"
    REMOVE_PENDING_REPLACE = "remove-pending-replace"
    IMPORT = "import"
    IMPORT_REPLACEMENT = "import-replacement"


OPS: dict[str, OpInfo] = {
    Op.SAME: OpInfo("  ", "same", False),
    Op.CREATE: OpInfo("+ ", "created", True),
    Op.UPDATE: OpInfo("~ ", "updated", True),
    Op.DELETE: OpInfo("- ", "deleted", True),
    Op.REPLACE: OpInfo("+-", "replaced", True),
    Op.CREATE_REPLACEMENT: OpInfo("++", "create-replacementd", True),
    Op.DELETE_REPLACED: OpInfo("--", "deleted", True),
    Op.READ: OpInfo("> ", "read", False),
    Op.READ_REPLACEMENT: OpInfo(">>", "read-replacementd", False),
    Op.REFRESH: OpInfo("~ ", "refreshed", True),
    Op.DISCARD: OpInfo("< ", "discarded", False),
    Op.DISCARD_REPLACED: OpInfo("<<", "discarded", True),
    Op.REMOVE_PENDING_REPLACE: OpInfo("~ ", "removed", True),
    Op.IMPORT: OpInfo("= ", "imported", True),
    Op.IMPORT_REPLACEMENT: OpInfo("=>", "imported", True),
}

# Steps that are part of a replacement and hidden unless replacement steps are asked for.
REPLACEMENT_PARTS = frozenset({Op.CREATE_REPLACEMENT, Op.DELETE_REPLACED})


@dataclass
class Step:
    """One step. `old`/`new` are `state.ResourceState` objects (or None)."""

    op: str
    urn: str
    type: str
    old: Any = None
    new: Any = None
    provider: str = ""
    diff_reasons: list[str] = field(default_factory=list)
    replace_reasons: list[str] = field(default_factory=list)
    detailed_diff: dict[str, str] | None = None
    # Hidden from displays and counts (default providers; replacement halves).
    hidden: bool = False
    # For `refresh` steps: the op the refresh amounted to (same, update or delete).
    result_op: str = ""
    duration_ns: int = 0
    # Order of registration (deletes come after every registration, in the order they ran).
    sequence: int = 0

    @property
    def resource(self) -> Any:
        return self.new if self.new is not None else self.old

    @property
    def counted_op(self) -> str:
        """The op this step adds to the change summary."""
        return self.result_op or self.op
