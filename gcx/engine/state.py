"""Deployment state: Pulumi's `ResourceV3` records, the snapshot, and the checkpoint v3 format.

In memory (`ResourceState`, `Snapshot`) property values are in the wire model of `gcx.engine.wire`
(secrets are ``{sig: secret, value: v}``). On disk (`snapshot_to_checkpoint`) the shape is
Pulumi's `apitype.VersionedCheckpoint`:

``{"version": 3, "checkpoint": {"stack": "organization/<project>/<stack>", "latest": {"manifest":
{time, magic, version}, "secrets_providers": {"type": "passphrase", "state": {"salt": ...}},
"resources": [ResourceV3...], "pending_operations": [...]}}}``

with `ResourceV3` keys in Go declaration order and Go's ``omitempty`` (empty strings, false,
empty lists and maps are left out; `custom` is always written), property maps with sorted keys,
and secrets as ``{sig: secret, ciphertext: encrypt(json(value))}`` (``plaintext`` for
``--show-secrets`` exports). Unknown values can never be saved. `verify_integrity` ports the
rules of Pulumi's `snapshot.VerifyIntegrity`.
"""

from __future__ import annotations

import contextlib
import hashlib
import heapq
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime
from typing import Any

from gcx import __version__
from gcx.engine.errors import PassphraseError, StateError
from gcx.engine.secrets import CiphertextError, PassphraseCrypter
from gcx.engine.urns import STACK_TYPE, ProviderRef, is_provider_type
from gcx.engine.wire import SECRET_SIG, SIG_KEY, UNKNOWN, is_secret, make_secret, strip_secrets

CHECKPOINT_VERSION = 3
ENGINE_VERSION = f"v{__version__}-gcx"
ORGANIZATION = "organization"  # the DIY backend's only organization
PASSPHRASE_PROVIDER = "passphrase"


def utc_timestamp() -> str:
    """RFC 3339 with nanosecond-style precision, as Go's `time.Time` marshals."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def magic_of(version: str) -> str:
    return hashlib.sha256(version.encode("utf-8")).hexdigest()


@dataclass
class Manifest:
    time: str = field(default_factory=utc_timestamp)
    version: str = ENGINE_VERSION
    magic: str = ""
    plugins: list[dict[str, Any]] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.magic:
            self.magic = magic_of(self.version)


@dataclass(kw_only=True)
class ResourceState:
    """One `apitype.ResourceV3`; fields in the Go declaration order, which is the JSON order
    (keyword-only, so required fields can sit where Go puts them)."""

    urn: str
    custom: bool
    delete: bool = False
    id: str = ""
    type: str
    inputs: dict[str, Any] = field(default_factory=dict)
    outputs: dict[str, Any] = field(default_factory=dict)
    parent: str = ""
    protect: bool = False
    taint: bool = False
    external: bool = False
    dependencies: list[str] = field(default_factory=list)
    init_errors: list[str] = field(default_factory=list)
    provider: str = ""
    property_dependencies: dict[str, list[str]] = field(default_factory=dict)
    pending_replacement: bool = False
    additional_secret_outputs: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    custom_timeouts: dict[str, Any] = field(default_factory=dict)
    import_id: str = ""
    retain_on_delete: bool = False
    deleted_with: str = ""
    replace_with: list[str] = field(default_factory=list)
    created: str = ""
    modified: str = ""
    source_position: str = ""
    stack_trace: list[dict[str, Any]] = field(default_factory=list)
    ignore_changes: list[str] = field(default_factory=list)
    hide_diff: list[str] = field(default_factory=list)
    replace_on_changes: list[str] = field(default_factory=list)
    replacement_trigger: Any = None
    refresh_before_update: bool = False
    view_of: str = ""
    resource_hooks: dict[str, list[str]] = field(default_factory=dict)

    @property
    def is_provider(self) -> bool:
        return is_provider_type(self.type)

    def provider_ref(self) -> str:
        """How other resources refer to this provider: ``<urn>::<id>``."""
        return str(ProviderRef(self.urn, self.id))

    def depends_on(self) -> set[str]:
        """URNs this resource must come after: parent, dependencies, property deps, deletedWith, provider."""
        urns = set(self.dependencies)
        for deps in self.property_dependencies.values():
            urns.update(deps)
        urns.update(u for u in (self.parent, self.deleted_with) if u)
        if self.provider:
            # A malformed reference orders nothing; verify_integrity reports it.
            with contextlib.suppress(ValueError):
                urns.add(ProviderRef.parse(self.provider).urn)
        return urns


def _json_key(name: str) -> str:
    if name == "import_id":
        return "importID"
    head, *rest = name.split("_")
    return head + "".join(part.capitalize() for part in rest)


# One table for the attribute <-> JSON key mapping, derived from the dataclass itself.
_RESOURCE_KEYS: tuple[tuple[str, str], ...] = tuple(
    (f.name, _json_key(f.name)) for f in fields(ResourceState)
)
_ALWAYS_WRITTEN = {"urn", "custom", "type"}
_PROPERTY_FIELDS = ("inputs", "outputs")


@dataclass
class PendingOperation:
    """An operation the engine started but did not see finish (`apitype.OperationV2`)."""

    resource: ResourceState
    type: str  # creating | updating | deleting | reading | importing


@dataclass
class Snapshot:
    resources: list[ResourceState] = field(default_factory=list)
    secrets_salt: str | None = None
    manifest: Manifest = field(default_factory=Manifest)
    pending_operations: list[PendingOperation] = field(default_factory=list)
    metadata: dict[str, Any] = field(default_factory=dict)

    def root_stack(self) -> ResourceState | None:
        return next((r for r in self.resources if r.type == STACK_TYPE and not r.delete), None)


# ---------------------------------------------------------------------------------------------
# property values: wire <-> checkpoint


def _sorted_json(value: Any) -> Any:
    """Go marshals maps with sorted keys; mirror that for property values."""
    if isinstance(value, dict):
        return {k: _sorted_json(value[k]) for k in sorted(value)}
    if isinstance(value, list):
        return [_sorted_json(v) for v in value]
    return value


def _secret_text(value: Any) -> str:
    return json.dumps(_sorted_json(strip_secrets(value)), separators=(",", ":"), ensure_ascii=False)


class _BadValue(Exception):
    """Raised deep inside a property value; collects the path on the way out for the message."""

    def __init__(self, problem: str) -> None:
        super().__init__(problem)
        self.problem = problem
        self.path: list[str] = []

    def message(self, where: str) -> str:
        return self.problem.format(at=f"{where}{''.join(reversed(self.path))}")


_SCALAR_TYPES = frozenset({int, float, bool, type(None)})


def _transform(value: Any, on_secret: Callable[[Mapping[str, Any]], Any]) -> Any:
    """`value` with each secret replaced by `on_secret(secret)` and map keys sorted (Go marshals
    maps sorted). Unknowns cannot be stored, so meeting one is an error.

    Hot path (every checkpoint save walks every property): exact type checks, and the location
    of a bad value is assembled only when one is found.
    """
    kind = type(value)
    if kind is str:
        if value == UNKNOWN:
            raise _BadValue("an unknown value at {at} cannot be stored: unknowns never reach the state")
        return value
    if kind in _SCALAR_TYPES:
        return value
    if kind is dict or isinstance(value, dict):
        if SIG_KEY in value and is_secret(value):
            return on_secret(value)
        out = {}
        for key in sorted(value):
            try:
                out[key] = _transform(value[key], on_secret)
            except _BadValue as exc:
                exc.path.append(f".{key}")
                raise
        return out
    if kind is list or isinstance(value, list):
        items = []
        for index, item in enumerate(value):
            try:
                items.append(_transform(item, on_secret))
            except _BadValue as exc:
                exc.path.append(f"[{index}]")
                raise
        return items
    return value


def _decode_secret(value: Mapping[str, Any], decrypt: Callable[[str], str]) -> Any:
    if "ciphertext" in value:
        text = decrypt(value["ciphertext"])
    elif "plaintext" in value:
        text = value["plaintext"]
    elif "value" in value:  # already in wire form
        return make_secret(value["value"])
    else:
        raise _BadValue("the secret at {at} has neither ciphertext nor plaintext")
    try:
        return make_secret(json.loads(text))
    except json.JSONDecodeError:
        raise _BadValue("the secret at {at} does not hold JSON") from None


def _convert(convert: Callable[[Any], Any], value: Any, where: str) -> Any:
    try:
        return convert(value)
    except _BadValue as exc:
        raise StateError(exc.message(where)) from None


def resource_to_json(resource: ResourceState, encode: Callable[[Any, str], Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    values = resource.__dict__
    for attr, key in _RESOURCE_KEYS:
        value = values[attr]
        # Go's omitempty: false, "", empty lists and maps are left out; an `any` only when nil.
        if not value and key not in _ALWAYS_WRITTEN and (value is None or attr != "replacement_trigger"):
            continue
        if attr in _PROPERTY_FIELDS:
            value = encode(value, f"{resource.urn} {key}")
        elif attr == "property_dependencies":
            value = {k: list(value[k]) for k in sorted(value)}
        out[key] = value
    return out


def resource_from_json(data: Mapping[str, Any], decode: Callable[[Any, str], Any]) -> ResourceState:
    if not isinstance(data, Mapping):
        raise StateError(f"resource entry must be an object, got {type(data).__name__}")
    known = {key for _, key in _RESOURCE_KEYS}
    unknown = sorted(set(data) - known)
    if unknown:
        raise StateError(
            f"resource {data.get('urn', '?')} has fields this engine does not know: {', '.join(unknown)}"
        )
    kwargs: dict[str, Any] = {}
    for attr, key in _RESOURCE_KEYS:
        if key not in data or data[key] is None:
            continue
        value = data[key]
        if attr in _PROPERTY_FIELDS:
            value = decode(value, f"{data.get('urn', '?')} {key}")
        kwargs[attr] = value
    for required in ("urn", "type"):
        if not isinstance(kwargs.get(required), str) or not kwargs[required]:
            raise StateError(f"resource entry is missing required field '{required}'")
    kwargs.setdefault("custom", False)
    return ResourceState(**kwargs)


# ---------------------------------------------------------------------------------------------
# snapshot <-> checkpoint


def stack_fqn(project: str, stack: str) -> str:
    return f"{ORGANIZATION}/{project}/{stack}"


def _encoder(crypter: PassphraseCrypter | None, show_secrets: bool) -> Callable[[Any, str], Any]:
    def encrypt(text: str) -> dict[str, str]:
        if show_secrets:
            return {SIG_KEY: SECRET_SIG, "plaintext": text}
        if crypter is None:
            raise PassphraseError.missing("needed to encrypt secrets in the state")
        return {SIG_KEY: SECRET_SIG, "ciphertext": crypter.encrypt(text)}

    def on_secret(secret: Mapping[str, Any]) -> dict[str, str]:
        return encrypt(_secret_text(secret["value"]))

    return lambda value, where: _convert(lambda v: _transform(v, on_secret), value, where)


def _decoder(crypter: PassphraseCrypter | None) -> Callable[[Any, str], Any]:
    def decrypt(ciphertext: str) -> str:
        if crypter is None:
            raise PassphraseError.missing("needed to decrypt secrets in the state")
        try:
            return crypter.decrypt(ciphertext)
        except CiphertextError as exc:
            raise StateError(f"cannot decrypt a secret in the state: {exc}") from None

    return lambda value, where: _convert(
        lambda v: _transform(v, lambda secret: _decode_secret(secret, decrypt)), value, where
    )


def snapshot_to_deployment(
    snapshot: Snapshot, crypter: PassphraseCrypter | None, show_secrets: bool = False
) -> dict[str, Any]:
    """`apitype.DeploymentV3` as a JSON-ready dict (the `latest` of a checkpoint)."""
    encode = _encoder(crypter, show_secrets)
    manifest: dict[str, Any] = {
        "time": snapshot.manifest.time,
        "magic": snapshot.manifest.magic,
        "version": snapshot.manifest.version,
    }
    if snapshot.manifest.plugins:
        manifest["plugins"] = snapshot.manifest.plugins
    deployment: dict[str, Any] = {"manifest": manifest}
    salt = crypter.salt_state if crypter is not None else snapshot.secrets_salt
    if salt:
        deployment["secrets_providers"] = {"type": PASSPHRASE_PROVIDER, "state": {"salt": salt}}
    if snapshot.resources:
        deployment["resources"] = [resource_to_json(r, encode) for r in snapshot.resources]
    if snapshot.pending_operations:
        deployment["pending_operations"] = [
            {"resource": resource_to_json(op.resource, encode), "type": op.type}
            for op in snapshot.pending_operations
        ]
    if snapshot.metadata:
        deployment["metadata"] = snapshot.metadata
    return deployment


def snapshot_to_checkpoint(
    snapshot: Snapshot,
    project: str,
    stack: str,
    crypter: PassphraseCrypter | None,
    show_secrets: bool = False,
) -> dict[str, Any]:
    """The versioned checkpoint stored at `.pulumi/stacks/<project>/<stack>.json`."""
    return {
        "version": CHECKPOINT_VERSION,
        "checkpoint": {
            "stack": stack_fqn(project, stack),
            "latest": snapshot_to_deployment(snapshot, crypter, show_secrets),
        },
    }


def empty_checkpoint(project: str, stack: str) -> dict[str, Any]:
    """What `stack init` writes: a stack with no deployment yet."""
    return {"version": CHECKPOINT_VERSION, "checkpoint": {"stack": stack_fqn(project, stack)}}


def deployment_salt(deployment: Mapping[str, Any]) -> str | None:
    """The passphrase salt state recorded in a deployment, if any; rejects other providers."""
    providers = deployment.get("secrets_providers")
    if not providers:
        return None
    if providers.get("type") != PASSPHRASE_PROVIDER:
        raise StateError(
            f"the state uses the '{providers.get('type')}' secrets provider; gcx supports only 'passphrase'"
        )
    salt = (providers.get("state") or {}).get("salt")
    return salt if isinstance(salt, str) and salt else None


def deployment_has_ciphertext(value: Any) -> bool:
    if isinstance(value, dict):
        if value.get(SIG_KEY) == SECRET_SIG and "ciphertext" in value:
            return True
        return any(deployment_has_ciphertext(v) for v in value.values())
    if isinstance(value, list):
        return any(deployment_has_ciphertext(v) for v in value)
    return False


def deployment_to_snapshot(deployment: Mapping[str, Any], crypter: PassphraseCrypter | None) -> Snapshot:
    if not isinstance(deployment, Mapping):
        raise StateError("the deployment must be a JSON object")
    decode = _decoder(crypter)
    raw_manifest = deployment.get("manifest") or {}
    manifest = Manifest(
        time=raw_manifest.get("time", ""),
        version=raw_manifest.get("version", ""),
        plugins=list(raw_manifest.get("plugins") or []),
    )
    # As stored, not recomputed, so verify_integrity can see a missing or tampered magic.
    manifest.magic = raw_manifest.get("magic", "")
    resources = [resource_from_json(r, decode) for r in deployment.get("resources") or []]
    pending = [
        PendingOperation(
            resource=resource_from_json(op.get("resource") or {}, decode), type=op.get("type", "")
        )
        for op in deployment.get("pending_operations") or []
    ]
    return Snapshot(
        resources=resources,
        secrets_salt=deployment_salt(deployment),
        manifest=manifest,
        pending_operations=pending,
        metadata=dict(deployment.get("metadata") or {}),
    )


def checkpoint_latest(data: Mapping[str, Any]) -> Mapping[str, Any] | None:
    """The `latest` deployment of a versioned checkpoint (None for a stack never deployed)."""
    if not isinstance(data, Mapping) or "checkpoint" not in data:
        raise StateError('not a Pulumi checkpoint: expected {"version": 3, "checkpoint": {...}}')
    version = data.get("version")
    if version != CHECKPOINT_VERSION:
        raise StateError(
            f"unsupported checkpoint version {version!r}; gcx reads version {CHECKPOINT_VERSION}"
        )
    checkpoint = data["checkpoint"] or {}
    return checkpoint.get("latest") or None


def checkpoint_to_snapshot(data: Mapping[str, Any], crypter: PassphraseCrypter | None) -> Snapshot:
    """Read a versioned checkpoint; secrets come back in wire form ``{sig, value}``."""
    latest = checkpoint_latest(data)
    return deployment_to_snapshot(latest, crypter) if latest is not None else Snapshot()


# ---------------------------------------------------------------------------------------------
# integrity and ordering


def _provider_ref_problem(res: ResourceState, providers: set[tuple[str, str]]) -> str | None:
    try:
        ref = ProviderRef.parse(res.provider)
    except ValueError as exc:
        return f"failed to parse provider reference for resource {res.urn}: {exc}"
    if not ref.id:
        return f"failed to parse provider reference for resource {res.urn}: {res.provider!r} has no ID"
    if (ref.urn, ref.id) not in providers and not res.pending_replacement:
        return f"resource {res.urn} refers to unknown provider {res.provider}"
    return None


def verify_integrity(snapshot: Snapshot) -> list[str]:
    """Every violation of Pulumi's snapshot integrity rules (empty when the snapshot is sound)."""
    problems: list[str] = []
    if snapshot.manifest.magic != magic_of(snapshot.manifest.version):
        problems.append("magic cookie mismatch: possible tampering/corruption detected")
    seen: dict[str, list[ResourceState]] = {}
    later: dict[str, int] = {}
    for index, res in enumerate(snapshot.resources):
        later.setdefault(res.urn, index)
    providers: set[tuple[str, str]] = set()

    def check_ref(res: ResourceState, index: int, urn: str, what: str) -> None:
        if urn in seen:
            return
        if later.get(urn, -1) > index:
            problems.append(f"resource {res.urn}'s {what} {urn} comes after it")
        else:
            problems.append(f"resource {res.urn} refers to missing {what} {urn}")

    for index, res in enumerate(snapshot.resources):
        if not res.urn:
            problems.append(f"resource at index {index} missing required 'urn' field")
            continue
        if not res.type:
            problems.append(f"resource '{res.urn}' missing required 'type' field")
        if not res.custom and res.id:
            problems.append(f"resource '{res.urn}' has custom false but non-empty ID")
        if res.is_provider:
            if not res.id:
                problems.append(f"provider {res.urn} is not referenceable: it has no ID")
            else:
                providers.add((res.urn, res.id))
        problem = _provider_ref_problem(res, providers) if res.provider else None
        if problem:
            problems.append(problem)
        if res.parent:
            check_ref(res, index, res.parent, "parent")
        for dep in res.dependencies:
            check_ref(res, index, dep, "dependency")
        for deps in res.property_dependencies.values():
            for dep in deps:
                check_ref(res, index, dep, "property dependency")
        if res.deleted_with:
            check_ref(res, index, res.deleted_with, "deleted-with target")
        seen.setdefault(res.urn, []).append(res)
    for urn, states in seen.items():
        deletes = sum(1 for s in states if s.delete)
        if len(states) > 1 and deletes < len(states) - 1:
            problems.append(f"duplicate resource {urn} (not marked for deletion)")
    return problems


def topological_order(resources: Iterable[ResourceState]) -> list[ResourceState]:
    """Resources reordered so each follows everything it depends on, otherwise keeping their order.

    A reference to a URN waits for its live copy (the entries not marked `delete`), or for all
    copies when every one is marked. References to URNs outside the list are ignored.
    """
    items = list(resources)
    by_urn: dict[str, list[int]] = {}
    for index, res in enumerate(items):
        by_urn.setdefault(res.urn, []).append(index)
    waits_on: list[set[int]] = []
    for index, res in enumerate(items):
        targets: set[int] = set()
        for urn in res.depends_on():
            copies = by_urn.get(urn, [])
            live = [i for i in copies if not items[i].delete]
            targets.update(i for i in (live or copies) if i != index)
        waits_on.append(targets)
    dependants: list[list[int]] = [[] for _ in items]
    remaining = [len(t) for t in waits_on]
    for index, targets in enumerate(waits_on):
        for target in targets:
            dependants[target].append(index)
    ready = [i for i, n in enumerate(remaining) if n == 0]
    heapq.heapify(ready)
    order: list[int] = []
    while ready:
        index = heapq.heappop(ready)
        order.append(index)
        for dependant in dependants[index]:
            remaining[dependant] -= 1
            if remaining[dependant] == 0:
                heapq.heappush(ready, dependant)
    if len(order) != len(items):
        stuck = sorted({items[i].urn for i, n in enumerate(remaining) if n > 0})
        raise StateError("dependency cycle among resources: " + ", ".join(stuck))
    return [items[i] for i in order]
