"""Live progress while an operation runs.

On a terminal: a `rich` live view with the steps in flight and running totals, changes printed
above it as they finish. Elsewhere (CI logs, pipes): one plain line per finished change, as
Pulumi's non-interactive display prints them. Both are event sinks (`EventSink`) and are
thread-safe, since steps finish on worker threads.
"""

from __future__ import annotations

import threading
import time
from types import TracebackType
from typing import TextIO

from rich.console import Console, Group
from rich.live import Live
from rich.text import Text

from gcx.engine.display.diff_text import is_shown
from gcx.engine.display.summary import step_line
from gcx.engine.events import DiagnosticReported, EngineEvent, Severity, StepFailed, StepFinished, StepStarted
from gcx.engine.steps import Op, Step
from gcx.engine.urns import urn_name

_MAX_IN_FLIGHT_SHOWN = 10


class PlainProgress:
    """One line per finished change (and per failure or warning) on a plain stream."""

    def __init__(self, stream: TextIO, dry_run: bool) -> None:
        self._stream = stream
        self._dry_run = dry_run
        self._lock = threading.Lock()

    def _emit(self, line: str) -> None:
        with self._lock:
            self._stream.write(line + "\n")
            self._stream.flush()

    def __call__(self, event: EngineEvent) -> None:
        if isinstance(event, StepFinished) and is_shown(event.step) and event.step.op != Op.SAME:
            self._emit(step_line(event.step, done=not self._dry_run))
        elif isinstance(event, StepFailed):
            self._emit(f" {step_line(event.step, done=False).strip()} failed: {event.error.splitlines()[0]}")
        elif isinstance(event, DiagnosticReported) and event.diagnostic.severity == Severity.WARNING:
            self._emit(f"warning: {event.diagnostic.message.splitlines()[0]}")

    def __enter__(self) -> PlainProgress:
        return self

    def __exit__(self, *exc: object) -> None:
        return None


class LiveProgress:
    """A `rich` live view: in-flight steps with their elapsed time, plus totals."""

    def __init__(self, console: Console, dry_run: bool, title: str) -> None:
        self._console = console
        self._dry_run = dry_run
        self._title = title
        self._lock = threading.Lock()
        self._running: dict[str, tuple[Step, float]] = {}
        self._finished = 0
        self._live = Live(self._render(), console=console, refresh_per_second=8, transient=True)

    def _render(self) -> Group:
        now = time.monotonic()
        rows = [Text(f"{self._title}  {self._finished} done, {len(self._running)} in progress", style="bold")]
        for step, started in list(self._running.values())[:_MAX_IN_FLIGHT_SHOWN]:
            rows.append(Text(f"   {step.type} {urn_name(step.urn)} {step.op}... ({now - started:.1f}s)"))
        return Group(*rows)

    def __call__(self, event: EngineEvent) -> None:
        with self._lock:
            if isinstance(event, StepStarted):
                self._running[event.step.urn] = (event.step, time.monotonic())
            elif isinstance(event, StepFinished | StepFailed):
                self._running.pop(event.step.urn, None)
                self._finished += 1
                if isinstance(event, StepFailed):
                    self._console.print(Text(f"{step_line(event.step, False)} failed", style="red"))
                elif is_shown(event.step) and event.step.op != Op.SAME:
                    self._console.print(Text(step_line(event.step, done=not self._dry_run)))
            self._live.update(self._render())

    def __enter__(self) -> LiveProgress:
        self._live.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._live.stop()


def progress_for(stream: TextIO, dry_run: bool, title: str) -> PlainProgress | LiveProgress:
    """Live progress on a terminal, plain lines otherwise."""
    if stream.isatty():
        return LiveProgress(Console(file=stream), dry_run, title)
    return PlainProgress(stream, dry_run)
