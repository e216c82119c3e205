"""Errors a step can end with, worded like the Pulumi CLI words them.

All are `EngineError`s with exit code 1 (an operation error). The monitor raises them back into
the program (so its outputs fail), and the operation reports the first one.
"""

from __future__ import annotations

from collections.abc import Sequence

from gcx.engine.errors import EngineError
from gcx.engine.plugin import CheckFailure


class StepError(EngineError):
    """A resource step could not be carried out."""

    exit_code = 1


class CheckFailed(StepError):
    """The provider rejected a resource's inputs."""

    def __init__(self, type_: str, name: str, failures: Sequence[CheckFailure]) -> None:
        self.failures = list(failures)
        lines = [
            f"{type_} resource '{name}' has a problem: {f.reason.rstrip('.')}. "
            f"Examine values at '{name}.{f.property}'."
            for f in failures
        ]
        super().__init__("\n".join(lines))


class ProtectedResourceError(StepError):
    def __init__(self, urn: str, action: str) -> None:
        super().__init__(
            f'unable to {action} resource "{urn}"\nas it is currently marked for protection. To unprotect '
            "the resource, remove the `protect` flag from the resource in your Pulumi program and run "
            "`gcx up`"
        )


class ProviderCallFailed(StepError):
    def __init__(self, action: str, urn: str, cause: BaseException) -> None:
        self.cause = cause
        super().__init__(f"{urn}: {action} failed: {cause}")


class DuplicateResourceError(StepError):
    def __init__(self, urn: str) -> None:
        super().__init__(f"Duplicate resource URN '{urn}'; try giving it a unique name")


class Cancelled(StepError):
    def __init__(self) -> None:
        super().__init__("update canceled: the operation was interrupted; no new steps were started")


class DeploymentStopped(StepError):
    """A registration arrived after another step had failed; it was not started."""

    def __init__(self, urn: str) -> None:
        super().__init__(f"{urn}: not started because an earlier step failed")
