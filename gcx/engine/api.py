"""The engine's public entry point: `Stack(workspace, name).preview() / up() / destroy() / ...`.

Every method returns an `OperationResult` (steps, change summary, stack outputs, diagnostics,
duration) or raises an `EngineError`; a failed operation raises `OperationError` whose `result`
holds what happened before the failure. Render results with `gcx.engine.display`.

`registry` defaults to the providers installed under the ``gcx.providers`` entry point;
`program_env` holds environment variables set while the program and the providers run.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from gcx.engine.deployment import Deployment
from gcx.engine.events import EventSink, ignore_event
from gcx.engine.operations import (
    Operation,
    Options,
    destroy_body,
    import_body,
    refresh_body,
    update_body,
)
from gcx.engine.plugin import ProviderRegistry
from gcx.engine.result import Kind, OperationResult
from gcx.engine.runner import ProgramSession
from gcx.engine.workspace import Workspace

Body = Callable[[Deployment, ProgramSession], None]


class Stack:
    def __init__(
        self,
        workspace: Workspace,
        name: str,
        registry: ProviderRegistry | None = None,
        program_env: Mapping[str, str] | None = None,
    ) -> None:
        self.workspace = workspace
        self.name = workspace.stack_name(name)
        self.registry = registry if registry is not None else ProviderRegistry().load_entry_points()
        self.program_env = dict(program_env or {})
        self._current: Operation | None = None

    def cancel(self) -> None:
        """Ask the running operation to stop (safe from a signal handler): steps in flight finish,
        no new step starts, the state is saved and the lock released."""
        if self._current is not None:
            self._current.cancel()

    def _operate(self, kind: str, dry_run: bool, body: Body, **options: Any) -> OperationResult:
        options["on_event"] = options.get("on_event") or ignore_event
        operation = Operation(
            self.workspace,
            self.name,
            self.registry,
            Options(kind=kind, dry_run=dry_run, program_env=self.program_env, **options),
        )
        self._current = operation
        try:
            return operation.run(body)
        finally:
            self._current = None

    def preview(
        self,
        *,
        diff: bool = False,
        refresh: bool = False,
        targets: Sequence[str] = (),
        parallel: int = 10,
        expect_no_changes: bool = False,
        on_event: EventSink | None = None,
    ) -> OperationResult:
        """What `up` would do, without changing anything. `diff` only matters to the display."""
        return self._operate(
            Kind.UPDATE, True, update_body, refresh=refresh, targets=tuple(targets), parallel=parallel,
            expect_no_changes=expect_no_changes, on_event=on_event,
        )  # fmt: skip

    def up(
        self,
        *,
        refresh: bool = False,
        targets: Sequence[str] = (),
        parallel: int = 10,
        expect_no_changes: bool = False,
        on_event: EventSink | None = None,
    ) -> OperationResult:
        """Run the program and bring the stack's resources in line with it."""
        return self._operate(
            Kind.UPDATE, False, update_body, refresh=refresh, targets=tuple(targets), parallel=parallel,
            expect_no_changes=expect_no_changes, on_event=on_event,
        )  # fmt: skip

    def destroy(
        self,
        *,
        targets: Sequence[str] = (),
        parallel: int = 10,
        preview_only: bool = False,
        on_event: EventSink | None = None,
    ) -> OperationResult:
        """Delete every resource in the stack (or only `targets`) without running the program."""
        return self._operate(
            Kind.DESTROY,
            preview_only,
            destroy_body,
            targets=tuple(targets),
            parallel=parallel,
            on_event=on_event,
        )

    def refresh(
        self,
        *,
        preview_only: bool = False,
        parallel: int = 10,
        expect_no_changes: bool = False,
        on_event: EventSink | None = None,
    ) -> OperationResult:
        """Read every resource from its provider; record drift; drop what no longer exists."""
        return self._operate(
            Kind.REFRESH, preview_only, refresh_body, refresh=True, parallel=parallel,
            expect_no_changes=expect_no_changes, on_event=on_event,
        )  # fmt: skip

    def import_resource(
        self,
        type_token: str,
        name: str,
        id: str,
        *,
        parent_urn: str | None = None,
        provider_urn: str | None = None,
        on_event: EventSink | None = None,
    ) -> OperationResult:
        """Adopt an existing object: read it via its provider and add it to the state (protected)."""
        body = import_body(type_token, name, id, parent_urn, provider_urn)
        return self._operate(Kind.IMPORT, False, body, parallel=1, on_event=on_event)
