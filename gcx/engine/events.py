"""What an operation reports while it runs: step progress and diagnostics.

`Stack.preview/up/...(on_event=...)` receives these as they happen (from worker threads, so
callbacks must be thread-safe); the CLI turns them into live progress.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from gcx.engine.steps import Step


class Severity:
    DEBUG = "debug"
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"


@dataclass(frozen=True)
class Diagnostic:
    """A message for the user; `urn` is empty for messages about the whole run."""

    severity: str
    message: str
    urn: str = ""


@dataclass(frozen=True)
class StepStarted:
    step: Step


@dataclass(frozen=True)
class StepFinished:
    step: Step


@dataclass(frozen=True)
class StepFailed:
    step: Step
    error: str


@dataclass(frozen=True)
class DiagnosticReported:
    diagnostic: Diagnostic


EngineEvent = StepStarted | StepFinished | StepFailed | DiagnosticReported
EventSink = Callable[[EngineEvent], None]


def ignore_event(event: EngineEvent) -> None:
    """The default sink."""
