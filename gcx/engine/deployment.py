"""One deployment: registrations in, steps out, the state saved as it goes.

The monitor hands every registration to `Deployment.register` (from many threads at once). For
each one the deployment finds the old state (by URN or alias, including aliases inherited from a
renamed parent), resolves its provider (explicit, or the package's default provider, which is
itself a resource), asks the provider to check and diff, decides the step (`plan`), carries it out
(or, in a preview, asks the provider to predict it), records it and answers the program. Reads,
invokes and stack outputs come through here too.

The states live in the `Ledger`; what happens around the program has its own module: recovering
interrupted operations (`recovery`), refreshing (`refresh`), deleting (`deletes`) and importing
(`importing`). Every provider mutation is preceded by a pending operation that is on disk.
"""

from __future__ import annotations

import contextlib
import dataclasses
import fnmatch
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, TypeVar

from gcx.engine.events import (
    Diagnostic,
    DiagnosticReported,
    EngineEvent,
    EventSink,
    StepFailed,
    StepFinished,
    StepStarted,
    ignore_event,
)
from gcx.engine.failures import (
    Cancelled,
    CheckFailed,
    DeploymentStopped,
    DuplicateResourceError,
    ProtectedResourceError,
    ProviderCallFailed,
    StepError,
)
from gcx.engine.ledger import Ledger
from gcx.engine.plan import Plan, plan_component, plan_custom
from gcx.engine.plugin import CheckFailure, package_of
from gcx.engine.props import (
    annotate_secrets,
    apply_ignore_changes,
    changed_keys,
    from_provider,
    mark_secret_outputs,
    to_provider,
)
from gcx.engine.providers import ProviderInstance, ProviderSet
from gcx.engine.state import ResourceState, Snapshot, utc_timestamp
from gcx.engine.steps import Op, Step
from gcx.engine.urns import (
    STACK_TYPE,
    ProviderRef,
    default_provider_name,
    inherited_alias_urns,
    is_default_provider_urn,
    is_provider_type,
    make_urn,
    provider_type,
)
from gcx.engine.wire import UNKNOWN, contains_unknown

T = TypeVar("T")


@dataclass
class Registration:
    """A `RegisterResource` (or `ReadResource`) request in engine terms (values in the wire model)."""

    type: str
    name: str
    parent: str
    custom: bool
    inputs: dict[str, Any]
    provider: str = ""
    dependencies: list[str] = field(default_factory=list)
    property_dependencies: dict[str, list[str]] = field(default_factory=dict)
    protect: bool = False
    delete_before_replace: bool | None = None
    ignore_changes: list[str] = field(default_factory=list)
    replace_on_changes: list[str] = field(default_factory=list)
    additional_secret_outputs: list[str] = field(default_factory=list)
    retain_on_delete: bool = False
    deleted_with: str = ""
    alias_urns: list[str] = field(default_factory=list)
    version: str = ""
    package_ref: str = ""
    import_id: str = ""
    custom_timeouts: dict[str, Any] = field(default_factory=dict)
    sequence: int = 0


@dataclass
class RegisterResult:
    urn: str
    id: str
    outputs: dict[str, Any]


@dataclass(frozen=True)
class PackageInfo:
    """What `RegisterPackage` told us about a (parameterized) package."""

    name: str
    version: str


class Deployment:
    """Registrations in, steps out (see the module docstring); its state lives in `ledger`."""

    def __init__(
        self,
        *,
        project: str,
        stack: str,
        old: Snapshot | None,
        providers: ProviderSet,
        dry_run: bool,
        parallel: int = 10,
        targets: Iterable[str] = (),
        on_event: EventSink = ignore_event,
        persist: Callable[[int, bool], None] | None = None,
    ) -> None:
        self.project = project
        self.stack = stack
        self.dry_run = dry_run
        self.providers = providers
        self.targets = list(targets)
        self.parallel = max(1, parallel)
        self.ledger = Ledger(old)
        self.cancelled = threading.Event()
        self.program_failed = threading.Event()
        self.failure: BaseException | None = None
        self.steps: list[Step] = []
        self.diagnostics: list[Diagnostic] = []
        self._sink = on_event
        self._persist = persist
        self._lock = threading.RLock()
        self._default_lock = threading.Lock()
        self._calls = threading.BoundedSemaphore(self.parallel)
        self._registered: set[str] = set()
        self._aliases: dict[str, list[str]] = {}
        self._defaults: dict[tuple[str, str], ProviderInstance] = {}
        self._packages: dict[str, PackageInfo] = {}
        self._step_by_urn: dict[str, Step] = {}
        self._delete_sequence = 1 << 40

    # ------------------------------------------------------------------ shared by every step

    def save(self, wait: bool = False) -> None:
        """Record a state change; `wait` until it is on disk (before any provider mutation)."""
        if self._persist is not None and not self.dry_run:
            self._persist(self.ledger.bump(), wait)

    def mark_changed(self) -> int:
        """Force the next save (the final checkpoint is written even for a no-op update)."""
        return self.ledger.bump()

    def emit(self, event: EngineEvent) -> None:
        """Tell the caller; a failing display must never fail a step."""
        with contextlib.suppress(Exception):
            self._sink(event)

    def diagnose(self, severity: str, message: str, urn: str = "") -> None:
        diagnostic = Diagnostic(severity, message, urn)
        with self._lock:
            self.diagnostics.append(diagnostic)
        self.emit(DiagnosticReported(diagnostic))

    def record_step(self, step: Step) -> None:
        with self._lock:
            if step.op in (Op.DELETE, Op.DELETE_REPLACED, Op.DISCARD):
                self._delete_sequence += 1
                step.sequence = self._delete_sequence
            self.steps.append(step)
            self._step_by_urn[step.urn] = step

    @contextmanager
    def pending_operation(self, state: ResourceState, kind: str) -> Iterator[None]:
        """Record a pending operation, on disk, around a provider mutation (not in a preview)."""
        if self.dry_run:
            yield
            return
        key = self.ledger.begin(state, kind)
        self.save(wait=True)
        try:
            yield
        finally:
            self.ledger.end(key)

    def provider_call(self, action: str, urn: str, fn: Callable[[], T], *, bounded: bool = True) -> T:
        """A provider call; failures name the resource and the action. Calls that reach the
        cloud are `bounded` by ``-p``; local ones (check, diff, configure) are not."""
        with self._calls if bounded else contextlib.nullcontext():
            try:
                return fn()
            except StepError:
                raise
            except Exception as exc:
                raise ProviderCallFailed(action, urn, exc) from exc

    def _check_running(self, urn: str) -> None:
        if self.cancelled.is_set():
            raise Cancelled()
        if self.failure is not None:
            raise DeploymentStopped(urn)

    def fail(self, exc: BaseException) -> None:
        with self._lock:
            if self.failure is None:
                self.failure = exc

    def is_targeted(self, urn: str) -> bool:
        return not self.targets or any(fnmatch.fnmatchcase(urn, t) for t in self.targets)

    # ------------------------------------------------------------------ packages and providers

    def register_package(self, name: str, version: str) -> str:
        ref = f"{name}-{version or 'unversioned'}-{uuid.uuid5(uuid.NAMESPACE_URL, name + version)}"
        with self._lock:
            self._packages[ref] = PackageInfo(name, version)
        return ref

    def _version_for(self, version: str, package_ref: str) -> str:
        if package_ref:
            info = self._packages.get(package_ref)
            if info is not None:
                return info.version
        return version

    def provider_for(
        self, type_token: str, ref: str, version: str = "", package_ref: str = ""
    ) -> ProviderInstance:
        """The provider serving a registration, invoke or read: explicit, or the package default."""
        if ref:
            instance = self.providers.live(ref)
            if instance is None:
                raise StepError(f"unknown provider '{ref}' for {type_token}: register the provider first")
            return instance
        package = package_of(type_token)
        if package_ref in self._packages:
            package = self._packages[package_ref].name
        return self._default_provider(package, self._version_for(version, package_ref))

    def _default_provider(self, package: str, version: str) -> ProviderInstance:
        key = (package, version)
        instance = self._defaults.get(key)
        if instance is not None:
            return instance
        with self._default_lock:
            instance = self._defaults.get(key)
            if instance is None:
                name = default_provider_name(version)
                urn = make_urn(self.stack, self.project, provider_type(package), name)
                reg = Registration(
                    type=provider_type(package),
                    name=name,
                    parent="",
                    custom=True,
                    inputs=self.providers.default_inputs(package, version),
                )
                instance = self._register_provider(reg, urn, self.ledger.claim(urn, []), default=True)
                self._defaults[key] = instance
        return instance

    def _provider_changed(self, old_ref: str, new_ref: str) -> bool:
        if old_ref == new_ref or not old_ref:
            return False
        old, new = ProviderRef.parse(old_ref), ProviderRef.parse(new_ref)
        if self.ledger.claimed_as(old.urn) == new.urn and old.urn != new.urn:
            return old.id != new.id and new.id not in ("", UNKNOWN)
        # A different version of the default provider manages the same objects.
        version_bump = is_default_provider_urn(old.urn) and is_default_provider_urn(new.urn)
        return not (version_bump and old.urn != new.urn)

    def _register_provider(
        self, reg: Registration, urn: str, old: ResourceState | None, *, default: bool
    ) -> ProviderInstance:
        package = reg.type.removeprefix("pulumi:providers:")
        provider = self.providers.new_provider(package)
        olds = old.inputs if old else {}
        check = self.provider_call(
            "check config", urn, lambda: provider.check_config(to_provider(olds), to_provider(reg.inputs)),
            bounded=False,
        )  # fmt: skip
        if check.failures:
            raise CheckFailed(reg.type, reg.name, check.failures)
        checked = annotate_secrets(from_provider(check.inputs), reg.inputs)
        plan = Plan(Op.CREATE, [], [], None)
        if old is not None:
            old_inputs = to_provider(old.inputs)
            diff = self.provider_call(
                "diff config",
                urn,
                lambda: provider.diff_config(old_inputs, to_provider(checked)),
                bounded=False,
            )
            keys = changed_keys(old.inputs, checked) if diff.changes is None else list(diff.diffs)
            changed = bool(keys) if diff.changes is None else bool(diff.changes)
            if diff.replaces:
                plan = Plan(Op.REPLACE, keys, list(diff.replaces), None)
            else:
                plan = Plan(Op.UPDATE if changed else Op.SAME, keys if changed else [], [], None)
        if plan.op in (Op.CREATE, Op.REPLACE):
            provider_id = "" if self.dry_run else str(uuid.uuid4())
        else:
            provider_id = old.id if old else ""
        self.provider_call(
            "configure", urn, lambda: self.providers.configure(provider, package, checked), bounded=False
        )
        instance = ProviderInstance(urn, provider_id, package, provider)
        self.providers.add(instance)
        state = self.new_state(reg, urn, old, plan.op, inputs=checked, outputs=checked, id=provider_id)
        step = Step(
            plan.op,
            urn,
            reg.type,
            old,
            state,
            "",
            plan.diff_reasons,
            plan.replace_reasons,
            hidden=default,
            sequence=reg.sequence,
        )
        self.record_step(step)
        self.emit(StepFinished(step))
        self.ledger.record(state if plan.op != Op.SAME or state != old else old, old)
        if plan.op == Op.REPLACE and old is not None:
            self.ledger.queue_replaced(old)
        if plan.op != Op.SAME or state != old:
            self.save()
        return instance

    # ------------------------------------------------------------------ registration

    def aliases_for(self, reg: Registration, urn: str) -> list[str]:
        aliases = list(reg.alias_urns)
        if reg.parent:
            with self._lock:
                parent_aliases = list(self._aliases.get(reg.parent, ()))
            aliases += inherited_alias_urns(
                parent_aliases, reg.parent, reg.type, reg.name, self.stack, self.project
            )
        return [a for a in dict.fromkeys(aliases) if a != urn]

    def register(self, reg: Registration) -> RegisterResult:
        urn = make_urn(self.stack, self.project, reg.type, reg.name, reg.parent)
        try:
            self._check_running(urn)
            aliases = self.aliases_for(reg, urn)
            with self._lock:
                if urn in self._registered:
                    raise DuplicateResourceError(urn)
                self._registered.add(urn)
                self._aliases[urn] = aliases
            old = self.ledger.claim(urn, aliases)
            if reg.custom and is_provider_type(reg.type):
                instance = self._register_provider(reg, urn, old, default=False)
                return RegisterResult(urn, instance.id, dict(self.ledger.new(urn).outputs))
            if not reg.custom:
                return self._register_component(reg, urn, old)
            return self._register_custom(reg, urn, old)
        except BaseException as exc:
            self.fail(exc)
            raise

    def new_state(
        self,
        reg: Registration,
        urn: str,
        old: ResourceState | None,
        op: str,
        *,
        inputs: dict[str, Any],
        outputs: dict[str, Any],
        id: str = "",
        provider: str = "",
        external: bool = False,
    ) -> ResourceState:
        now = utc_timestamp()
        created = (
            old.created if old is not None and old.created and op not in (Op.CREATE, Op.REPLACE) else now
        )
        modified = old.modified if old is not None and op == Op.SAME and old.modified else now
        return ResourceState(
            urn=urn,
            custom=reg.custom,
            type=reg.type,
            id=id,
            inputs=inputs,
            outputs=outputs,
            parent=reg.parent,
            protect=reg.protect,
            external=external,
            dependencies=list(reg.dependencies),
            provider=provider,
            property_dependencies={k: list(v) for k, v in reg.property_dependencies.items()},
            additional_secret_outputs=list(reg.additional_secret_outputs),
            aliases=list(reg.alias_urns),
            custom_timeouts=dict(reg.custom_timeouts),
            import_id=reg.import_id,
            retain_on_delete=reg.retain_on_delete,
            deleted_with=reg.deleted_with,
            created=created,
            modified=modified,
            ignore_changes=list(reg.ignore_changes),
            replace_on_changes=list(reg.replace_on_changes),
        )

    def _register_component(self, reg: Registration, urn: str, old: ResourceState | None) -> RegisterResult:
        plan = plan_component(old.inputs if old else None, reg.inputs)
        outputs = dict(old.outputs) if old is not None else {}
        state = self.new_state(reg, urn, old, plan.op, inputs=dict(reg.inputs), outputs=outputs)
        if old is not None and plan.op == Op.SAME and state == old:
            state = old
        step = Step(plan.op, urn, reg.type, old, state, "", plan.diff_reasons, sequence=reg.sequence)
        self.record_step(step)
        self.emit(StepFinished(step))
        self.ledger.record(state, old)
        if state is not old:
            self.save()
        return RegisterResult(urn, "", dict(reg.inputs))

    def _register_custom(self, reg: Registration, urn: str, old: ResourceState | None) -> RegisterResult:
        instance = self.provider_for(reg.type, reg.provider, reg.version, reg.package_ref)
        provider = instance.provider
        usable_old = old if old is not None and not old.pending_replacement else None
        news = reg.inputs
        if usable_old is not None and reg.ignore_changes:
            news = apply_ignore_changes(usable_old.inputs, news, reg.ignore_changes)
        olds = usable_old.inputs if usable_old is not None else {}
        check = self.provider_call(
            "check", urn, lambda: provider.check(urn, to_provider(olds), to_provider(news)), bounded=False
        )
        if check.failures:
            raise CheckFailed(reg.type, reg.name, check.failures)
        checked = annotate_secrets(from_provider(check.inputs), news)

        if not self.is_targeted(urn):
            return self._untargeted(reg, urn, old, checked)

        if usable_old is None:
            plan = Plan(Op.CREATE, [], [], None)
        else:
            diff = self.provider_call(
                "diff",
                urn,
                lambda: provider.diff(
                    urn, usable_old.id, to_provider(usable_old.inputs), to_provider(usable_old.outputs),
                    to_provider(checked), list(reg.ignore_changes),
                ),
                bounded=False,
            )  # fmt: skip
            plan = plan_custom(
                usable_old.inputs,
                checked,
                diff,
                replace_on_changes=reg.replace_on_changes,
                delete_before_replace=reg.delete_before_replace,
                provider_changed=self._provider_changed(usable_old.provider, instance.ref),
            )
            if plan.op == Op.REPLACE and usable_old.protect:
                raise ProtectedResourceError(urn, "replace")

        step = Step(
            plan.op,
            urn,
            reg.type,
            old,
            None,
            instance.ref,
            plan.diff_reasons,
            plan.replace_reasons,
            plan.detailed_diff,
            sequence=reg.sequence,
        )
        self.emit(StepStarted(step))
        started = time.monotonic_ns()
        try:
            state = self._apply_custom(reg, urn, usable_old, old, plan, checked, instance)
        except BaseException as exc:
            self.emit(StepFailed(step, str(exc)))
            raise
        step.new = state
        step.duration_ns = time.monotonic_ns() - started
        self.record_step(step)
        self.emit(StepFinished(step))
        result_id = state.id if plan.op not in (Op.CREATE, Op.REPLACE) or not self.dry_run else ""
        return RegisterResult(urn, result_id, dict(state.outputs))

    def _untargeted(
        self, reg: Registration, urn: str, old: ResourceState | None, checked: dict[str, Any]
    ) -> RegisterResult:
        """Outside `--target`: keep the old state as it is, or create nothing."""
        if old is None:
            return RegisterResult(urn, "", checked)
        step = Step(Op.SAME, urn, reg.type, old, old, old.provider, sequence=reg.sequence)
        self.record_step(step)
        self.ledger.record(old, old)
        return RegisterResult(urn, old.id, dict(old.outputs))

    def outputs_of(self, reg: Registration, raw: dict[str, Any], inputs: dict[str, Any]) -> dict[str, Any]:
        outputs = annotate_secrets(from_provider(raw), inputs)
        return mark_secret_outputs(outputs, reg.additional_secret_outputs)

    def _apply_custom(
        self,
        reg: Registration,
        urn: str,
        usable_old: ResourceState | None,
        old: ResourceState | None,
        plan: Plan,
        checked: dict[str, Any],
        instance: ProviderInstance,
    ) -> ResourceState:
        provider = instance.provider
        op = plan.op
        if op == Op.SAME:
            assert usable_old is not None
            state = self.new_state(
                reg,
                urn,
                usable_old,
                op,
                inputs=checked,
                outputs=dict(usable_old.outputs),
                id=usable_old.id,
                provider=instance.ref,
            )
            if state == usable_old:
                state = usable_old
            self.ledger.record(state, old)
            if state is not usable_old:
                self.save()
            return state

        if not self.dry_run and contains_unknown(checked):
            raise StepError(f"{urn}: inputs are still unknown after the program ran; cannot {op}")

        if op == Op.UPDATE:
            assert usable_old is not None
            with self.pending_operation(usable_old, "updating"):
                result = self.provider_call(
                    "update",
                    urn,
                    lambda: provider.update(
                        urn,
                        usable_old.id,
                        to_provider(usable_old.outputs),
                        to_provider(checked),
                        to_provider(usable_old.inputs),
                        self.dry_run,
                    ),
                )
                state = self.new_state(
                    reg,
                    urn,
                    usable_old,
                    op,
                    inputs=checked,
                    outputs=self.outputs_of(reg, result.outputs, checked),
                    id=usable_old.id,
                    provider=instance.ref,
                )
                self.ledger.record(state, old)
            self.save()
            return state

        # create, or replace (create-before-delete unless delete-before-replace)
        if op == Op.REPLACE and plan.delete_before_replace and usable_old is not None:
            self._delete_for_replacement(usable_old)
        draft = self.new_state(reg, urn, usable_old, op, inputs=checked, outputs={}, provider=instance.ref)
        with self.pending_operation(draft, "creating"):
            result = self.provider_call(
                "create", urn, lambda: provider.create(urn, to_provider(checked), self.dry_run)
            )
            state = dataclasses.replace(
                draft,
                id="" if self.dry_run else str(result.id),
                outputs=self.outputs_of(reg, result.outputs, checked),
            )
            if not self.dry_run and not state.id:
                raise StepError(f"{urn}: the provider created the resource but returned no id")
            self.ledger.record(state, old)
            if op == Op.REPLACE and usable_old is not None and not plan.delete_before_replace:
                self.ledger.queue_replaced(usable_old)
        self.save()
        return state

    def _delete_for_replacement(self, old: ResourceState) -> None:
        """Delete-before-replace: the old object goes first; its record waits as pendingReplacement."""
        if not self.dry_run:
            self.delete_object(
                old, lambda: self.ledger.replace_old(dataclasses.replace(old, pending_replacement=True))
            )
            self.save()

    def delete_object(self, state: ResourceState, record: Callable[[], None]) -> None:
        """Delete `state`'s object through its provider under a pending ``deleting`` operation;
        `record` updates the ledger before that operation is cleared (never in a preview)."""
        instance = self.providers.for_old_resource(state.provider)
        with self.pending_operation(state, "deleting"):
            self.provider_call(
                "delete",
                state.urn,
                lambda: instance.provider.delete(
                    state.urn, state.id, to_provider(state.outputs), to_provider(state.inputs)
                ),
            )
            record()

    # ------------------------------------------------------------------ outputs, reads, invokes

    def register_outputs(self, urn: str, outputs: dict[str, Any]) -> None:
        with self._lock:
            state = self.ledger.new(urn)
            if state is None:
                raise StepError(f"outputs registered for unknown resource {urn}")
            if state.type == STACK_TYPE and self.program_failed.is_set():
                return  # a failed program exported only part of its outputs: keep the recorded ones
            if state.outputs == outputs:
                return
            updated = dataclasses.replace(state, outputs=dict(outputs))
            self.ledger.record(updated)
            step = self._step_by_urn.get(urn)
            if step is not None and step.new is state:
                step.new = updated
        self.save()

    def read(self, reg: Registration, resource_id: str) -> RegisterResult:
        """`ReadResource` (`Resource.get`): read a live object into the state as external."""
        urn = make_urn(self.stack, self.project, reg.type, reg.name, reg.parent)
        try:
            self._check_running(urn)
            instance = self.provider_for(reg.type, reg.provider, reg.version, reg.package_ref)
            result = self.provider_call(
                "read", urn, lambda: instance.provider.read(urn, resource_id, to_provider(reg.inputs), {})
            )
            if not result.id:
                raise StepError(f"reading {reg.type} '{reg.name}': resource '{resource_id}' does not exist")
            inputs = from_provider(result.inputs) if result.inputs is not None else dict(reg.inputs)
            old = self.ledger.claim(urn, [])
            state = self.new_state(
                reg,
                urn,
                old,
                Op.READ,
                inputs=inputs,
                outputs=self.outputs_of(reg, result.outputs or {}, inputs),
                id=str(result.id),
                provider=instance.ref,
                external=True,
            )
            if old is not None and state.outputs == old.outputs and state.inputs == old.inputs:
                state = dataclasses.replace(state, created=old.created, modified=old.modified)
            step = Step(Op.READ, urn, reg.type, old, state, instance.ref, sequence=reg.sequence)
            self.record_step(step)
            self.emit(StepFinished(step))
            self.ledger.record(state, old)
            if state != old:
                self.save()
            return RegisterResult(urn, state.id, dict(state.outputs))
        except BaseException as exc:
            self.fail(exc)
            raise

    def invoke(
        self,
        token: str,
        args: dict[str, Any],
        provider_ref: str = "",
        version: str = "",
        package_ref: str = "",
    ) -> tuple[dict[str, Any], list[CheckFailure]]:
        if token == "pulumi:pulumi:getResource":
            state = self.ledger.get(str(args.get("urn", "")))
            if state is None:
                return {}, [CheckFailure("urn", f"resource {args.get('urn')!r} is not in this stack")]
            return {"urn": state.urn, "id": state.id, "state": dict(state.outputs)}, []
        instance = self.provider_for(token, provider_ref, version, package_ref)
        result = self.provider_call(
            "invoke", token, lambda: instance.provider.invoke(token, to_provider(args))
        )
        return from_provider(result.outputs), list(result.failures)
