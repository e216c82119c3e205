"""Errors the engine reports to users: one clear message each, and the process exit code.

Every error a user can cause (bad project or stack file, missing or wrong passphrase, unknown or
locked stack, bad config, corrupt state) is an `EngineError`. The CLI prints ``error: <message>``
on stderr and exits with `exit_code`; nothing else is printed, so no secret can leak through a
traceback. Messages name the file, the key and the fix.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path


class ExitCode:
    """Process exit codes, one per kind of failure (0 is success)."""

    FAILURE = 1
    BAD_INPUT = 2  # project file, stack file or config value
    PASSPHRASE = 3
    NO_SUCH_STACK = 4
    STACK_LOCKED = 5
    BAD_STATE = 6


class EngineError(Exception):
    """Base of every user-facing engine error."""

    exit_code: int = ExitCode.FAILURE

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class ProjectFileError(EngineError):
    """`Pulumi.yaml` or `Pulumi.<stack>.yaml` is malformed; names the file and the key."""

    exit_code = ExitCode.BAD_INPUT

    def __init__(self, path: Path | str, key: str | None, cause: str) -> None:
        self.path = Path(path)
        self.key = key
        self.cause = cause
        where = f"{self.path}: key '{key}'" if key else str(self.path)
        super().__init__(f"{where}: {cause}")


class ConfigError(EngineError):
    """A config value is missing, has the wrong type, or cannot be decrypted."""

    exit_code = ExitCode.BAD_INPUT

    def __init__(self, key: str, cause: str, path: Path | str | None = None) -> None:
        self.key = key
        self.cause = cause
        self.path = Path(path) if path is not None else None
        where = f"{self.path}: " if self.path is not None else ""
        super().__init__(f"{where}config key '{key}': {cause}")


class PassphraseError(EngineError):
    """No passphrase was given, or it does not open the stack's secrets."""

    exit_code = ExitCode.PASSPHRASE

    MISSING = (
        "passphrase must be set with PULUMI_CONFIG_PASSPHRASE or PULUMI_CONFIG_PASSPHRASE_FILE "
        "environment variables"
    )
    INCORRECT = "incorrect passphrase"

    @classmethod
    def missing(cls, purpose: str = "") -> PassphraseError:
        return cls(f"{cls.MISSING}{f' ({purpose})' if purpose else ''}")

    @classmethod
    def incorrect(cls, where: str = "") -> PassphraseError:
        hint = (
            ", please set PULUMI_CONFIG_PASSPHRASE to the correct passphrase or set "
            "PULUMI_CONFIG_PASSPHRASE_FILE to a file containing the passphrase"
        )
        return cls(f"{cls.INCORRECT}{f' for {where}' if where else ''}{hint}")


class StackNotFoundError(EngineError):
    exit_code = ExitCode.NO_SUCH_STACK

    def __init__(self, stack: str, hint: str = "") -> None:
        self.stack = stack
        super().__init__(
            f"no stack named '{stack}' found"
            + (f"; {hint}" if hint else f"; create it with `gcx stack init {stack}`")
        )


class StackAlreadyExistsError(EngineError):
    exit_code = ExitCode.NO_SUCH_STACK

    def __init__(self, stack: str) -> None:
        self.stack = stack
        super().__init__(f"stack '{stack}' already exists")


@dataclass(frozen=True)
class LockHolder:
    """Who holds a stack lock, as read from the lock file."""

    url: str
    username: str
    hostname: str
    pid: int
    timestamp: str

    def describe(self) -> str:
        return f"{self.url}: created by {self.username}@{self.hostname} (pid {self.pid}) at {self.timestamp}"


class StackLockedError(EngineError):
    """Another process holds the stack lock (Pulumi's wording, our command name)."""

    exit_code = ExitCode.STACK_LOCKED

    def __init__(self, holders: Sequence[LockHolder]) -> None:
        self.holders = list(holders)
        lines = [
            f"the stack is currently locked by {len(self.holders)} lock(s). Either wait for the other "
            "process(es) to end or delete the lock file with `gcx cancel`."
        ]
        lines += [f"  {holder.describe()}" for holder in self.holders]
        super().__init__("\n".join(lines))


class StateError(EngineError):
    """The stored checkpoint is unusable: corrupt, from another format, or fails integrity."""

    exit_code = ExitCode.BAD_STATE


class BackendError(EngineError):
    """The backend URL is unsupported, or the state store cannot be read or written."""

    exit_code = ExitCode.FAILURE
