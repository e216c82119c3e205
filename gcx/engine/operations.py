"""The engine operations: update (and its preview), destroy, refresh and import.

Each operation: resolve the config (bad input fails here, before anything runs), take the stack
lock unless it only previews, load the old state, recover operations an interrupted run left
pending, optionally refresh, run the program in a `ProgramSession` (not for destroy, refresh and
import), delete what the program no longer declares, save the final checkpoint and append the
history entry. Failures keep everything already done in the state and surface as one
`OperationError` carrying the partial result.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field

from gcx.engine.checkpoint import CheckpointWriter
from gcx.engine.deletes import run_deletes
from gcx.engine.deployment import Deployment, Registration
from gcx.engine.errors import EngineError
from gcx.engine.events import EventSink, Severity, ignore_event
from gcx.engine.importing import import_resource
from gcx.engine.monitor import EngineLog, ResourceMonitor
from gcx.engine.plugin import ProviderRegistry
from gcx.engine.project import ResolvedConfig
from gcx.engine.providers import ProviderSet
from gcx.engine.recovery import recover_pending_operations
from gcx.engine.refresh import refresh
from gcx.engine.result import OperationError, OperationResult, change_summary
from gcx.engine.runner import ProgramError, ProgramSession, current_sequence
from gcx.engine.state import ResourceState
from gcx.engine.steps import Op
from gcx.engine.urns import STACK_TYPE, make_urn
from gcx.engine.workspace import Workspace

NO_CHANGES_EXPECTED = "no changes were expected but changes were proposed"


@dataclass
class Options:
    kind: str
    dry_run: bool
    refresh: bool = False
    targets: tuple[str, ...] = ()
    parallel: int = 10
    expect_no_changes: bool = False
    on_event: EventSink = ignore_event
    program_env: Mapping[str, str] = field(default_factory=dict)


class Operation:
    """One run of one operation against one stack."""

    def __init__(
        self, workspace: Workspace, stack: str, registry: ProviderRegistry, options: Options
    ) -> None:
        self.workspace = workspace
        self.stack = workspace.stack_name(stack)
        self.registry = registry
        self.options = options
        self.deployment: Deployment | None = None
        self._cancel_requested = False

    def cancel(self) -> None:
        """Stop starting new steps; those in flight finish and are recorded."""
        self._cancel_requested = True
        if self.deployment is not None:
            self.deployment.cancelled.set()

    # ------------------------------------------------------------------ set-up

    def _prepare(self, config: ResolvedConfig) -> tuple[Deployment, CheckpointWriter]:
        project = self.workspace.project
        old = self.workspace.load_snapshot(self.stack)
        old_providers = {(r.urn, r.id): r for r in (old.resources if old else []) if r.is_provider}
        providers = ProviderSet(
            self.registry,
            project=project.name,
            stack_config=config.values,
            secret_keys=config.secret_keys,
            old_providers=old_providers,
        )
        writer_ref: list[CheckpointWriter] = []
        deployment = Deployment(
            project=project.name,
            stack=self.stack,
            old=old,
            providers=providers,
            dry_run=self.options.dry_run,
            parallel=self.options.parallel,
            targets=self.options.targets,
            on_event=self.options.on_event,
            persist=lambda generation, wait: writer_ref[0].save(generation, wait),
        )
        writer = CheckpointWriter(
            self.workspace.backend,
            project.name,
            self.stack,
            crypter=lambda create: self.workspace.crypter(self.stack, create=create),
            collect=deployment.ledger.view,
            salt_state=self.workspace.stack_file(self.stack).encryptionsalt,
        )
        writer_ref.append(writer)
        if self._cancel_requested:
            deployment.cancelled.set()
        self.deployment = deployment
        return deployment, writer

    def _session(self, deployment: Deployment, config: ResolvedConfig) -> ProgramSession:
        project = self.workspace.project
        return ProgramSession(
            program_dir=project.dir,
            main_path=project.main_path,
            project=project.name,
            stack=self.stack,
            monitor=ResourceMonitor(deployment, current_sequence),
            engine=EngineLog(deployment),
            config=config.values,
            secret_keys=config.secret_keys,
            dry_run=self.options.dry_run,
            parallel=self.options.parallel,
            env=self.options.program_env,
            on_stdout=lambda line: deployment.diagnose(Severity.INFO, line),
            on_program_error=lambda _exc: deployment.program_failed.set(),
        )

    @contextmanager
    def _locked(self) -> Iterator[None]:
        if self.options.dry_run:
            yield
        else:
            with self.workspace.lock(self.stack):
                yield

    # ------------------------------------------------------------------ running

    def run(self, body: Callable[[Deployment, ProgramSession], None]) -> OperationResult:
        config = self.workspace.config(self.stack)
        started_wall, started = time.time(), time.monotonic_ns()
        with self._locked():
            deployment, writer = self._prepare(config)
            error: BaseException | None = None
            with ExitStack() as stack:
                session = stack.enter_context(self._session(deployment, config))
                try:
                    session.run(lambda: recover_pending_operations(deployment))
                    if self.options.refresh:
                        session.run(lambda: refresh(deployment))
                    body(deployment, session)
                except BaseException as exc:
                    error = deployment.failure or exc
                    if isinstance(error, ProgramError):
                        deployment.diagnose(Severity.ERROR, str(error), self._stack_urn())
                    if isinstance(error, KeyboardInterrupt):
                        error = EngineError("update canceled")
            result = self._result(deployment, config, started)
            result.failed = error is not None
            if not self.options.dry_run:
                if error is None or deployment.ledger.generation:
                    writer.close(deployment.mark_changed())
                self.workspace.record_update(
                    self.stack,
                    self.options.kind,
                    {
                        "result": "failed" if error else "succeeded",
                        "startTime": int(started_wall),
                        "endTime": int(time.time()),
                        "resourceChanges": result.change_summary,
                    },
                )
        if error is not None:
            raise OperationError(_message(error), result) from error
        if self.options.expect_no_changes and result.has_changes:
            raise OperationError(NO_CHANGES_EXPECTED, result)
        return result

    def _stack_urn(self) -> str:
        project = self.workspace.project.name
        return make_urn(self.stack, project, STACK_TYPE, f"{project}-{self.stack}")

    def _result(self, deployment: Deployment, config: ResolvedConfig, started: int) -> OperationResult:
        steps = sorted(deployment.steps, key=lambda s: s.sequence)
        stack_state = next((s.new for s in steps if s.type == STACK_TYPE and s.new is not None), None)
        return OperationResult(
            kind=self.options.kind,
            dry_run=self.options.dry_run,
            stack=self.stack,
            steps=steps,
            change_summary=change_summary(steps),
            outputs=dict(stack_state.outputs) if stack_state is not None else {},
            diagnostics=list(deployment.diagnostics),
            duration_ns=time.monotonic_ns() - started,
            config=config.display_values(),
        )


def _message(error: BaseException) -> str:
    if isinstance(error, ProgramError):
        return error.summary  # the traceback is in the diagnostics
    if isinstance(error, EngineError):
        return str(error)
    return f"{type(error).__name__}: {error}"


# ---------------------------------------------------------------------- operation bodies


def update_body(deployment: Deployment, session: ProgramSession) -> None:
    """Run the program, then delete what it no longer declares."""
    try:
        session.run_program()
    except BaseException as exc:
        if deployment.failure is not None:
            raise deployment.failure from exc
        raise ProgramError(exc, session.program_dir) from exc
    session.run(lambda: run_deletes(deployment))


def destroy_body(deployment: Deployment, session: ProgramSession) -> None:
    session.run(lambda: run_deletes(deployment))


def refresh_body(deployment: Deployment, session: ProgramSession) -> None:
    """`refresh` alone: the refresh already ran; keep everything else as it is."""
    deployment.ledger.keep_unclaimed()


def import_body(
    type_token: str, name: str, resource_id: str, parent_urn: str | None, provider_urn: str | None
) -> Callable[[Deployment, ProgramSession], None]:
    """Read one existing object into the state (under the root Stack unless a parent is given)."""

    def body(deployment: Deployment, session: ProgramSession) -> None:
        root = _ensure_root_stack(deployment)
        provider_ref = ""
        if provider_urn:
            state = deployment.ledger.get(provider_urn)
            if state is None or not state.is_provider:
                raise EngineError(f"provider '{provider_urn}' is not in the stack")
            provider_ref = state.provider_ref()
            deployment.providers.for_old_resource(provider_ref)
        reg = Registration(
            type=type_token,
            name=name,
            parent=parent_urn or root,
            custom=True,
            inputs={},
            provider=provider_ref,
        )
        session.run(lambda: import_resource(deployment, reg, resource_id))
        deployment.ledger.keep_unclaimed()

    return body


def _ensure_root_stack(deployment: Deployment) -> str:
    """Register the root Stack (created, or kept as it is) so imported resources follow it."""
    name = f"{deployment.project}-{deployment.stack}"
    old = deployment.ledger.get(make_urn(deployment.stack, deployment.project, STACK_TYPE, name))
    inputs = dict(old.inputs) if old is not None else {}
    return deployment.register(
        Registration(type=STACK_TYPE, name=name, parent="", custom=False, inputs=inputs)
    ).urn


def imported_state(result: OperationResult) -> ResourceState | None:
    return next((s.new for s in result.steps if s.op == Op.IMPORT), None)
