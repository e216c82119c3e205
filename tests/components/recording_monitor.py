"""Pulumi mocks for component unit tests: every registration recorded with its parent and provider.

`RecordingMonitor` wraps `pulumi.runtime.mocks.MockMonitor`; `EchoMocks` answers each new
resource with its inputs plus the few values a real create adds (ids, an OAuth client's id and
secret). `run_program` runs a component under the mocks until every registration is done and
resolves the handoff it returns: per leaf path, the value and whether it is a secret, so tests
can check that exactly the secret leaves are secret.
Mock URNs prefix top-level resources with the Stack type (pulumi-engine.md pitfall 1): compare
parents by URN taken from the recorded component, never by a hand-written URN.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import pulumi
from pulumi.runtime import mocks, rpc
from pulumi.runtime.sync_await import _sync_await

from components.genesyscloud import genesyscloud
from tests.support.pulumi_mocks import install_monitor

OAUTH_CLIENT = "genesyscloud:index/oauthClient:OauthClient"
AUTH_ROLE = "genesyscloud:index/authRole:AuthRole"
GROUP = "genesyscloud:index/group:Group"
INTEGRATION = "genesyscloud:index/integration:Integration"
PROVIDER = "pulumi:providers:genesyscloud"
SUBJECT_ROLE_GRANT = "pulumi-python:dynamic/gcx:SubjectRoleGrant"


def tenant_opts(region: str) -> pulumi.ResourceOptions:
    """The options a `TenantStack` gives its components: the tenant's explicit genesyscloud provider."""
    provider = genesyscloud.Provider("tenant", aws_region=region)
    return pulumi.ResourceOptions(providers=[provider])


@dataclass
class Registered:
    type: str
    name: str
    urn: str
    parent: str
    provider: str
    custom: bool
    inputs: dict[str, Any]  # deserialized, secret wrappers removed; numbers are floats
    secret_inputs: set[str]  # top-level input keys sent as secrets


def _unwrap(value: Any) -> Any:
    if isinstance(value, Mapping):
        if value.get(rpc._special_sig_key) == rpc._special_secret_sig:
            return _unwrap(value["value"])
        return {k: _unwrap(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_unwrap(v) for v in value]
    return value


def _is_secret(value: Any) -> bool:
    return isinstance(value, Mapping) and value.get(rpc._special_sig_key) == rpc._special_secret_sig


class EchoMocks(pulumi.runtime.Mocks):
    def new_resource(self, args: pulumi.runtime.MockResourceArgs) -> tuple[str, dict]:
        outputs = dict(args.inputs)
        if args.typ == OAUTH_CLIENT:
            outputs.update(clientId=f"{args.name}-client-id", clientSecret=f"{args.name}-secret")
        return f"{args.name}-id", outputs

    def call(self, args: pulumi.runtime.MockCallArgs) -> dict:
        return {"id": "looked-up", **args.args}


class RecordingMonitor(mocks.MockMonitor):
    def __init__(self) -> None:
        super().__init__(EchoMocks())
        self.registrations: list[Registered] = []

    def RegisterResource(self, request: Any) -> Any:
        response = super().RegisterResource(request)
        if request.type == "pulumi:pulumi:Stack":
            return response
        inputs = rpc.deserialize_properties(request.object, keep_internal=True)
        self.registrations.append(
            Registered(
                type=request.type,
                name=request.name,
                urn=response.urn,
                parent=request.parent,
                provider=request.provider,
                custom=request.custom,
                inputs=_unwrap(inputs),
                secret_inputs={k for k, v in inputs.items() if _is_secret(v)},
            )
        )
        if request.additionalSecretOutputs:
            # What the engine does for `additional_secret_outputs` (the mock monitor does not).
            state = rpc.deserialize_properties(response.object)
            for key in request.additionalSecretOutputs:
                if state.get(key) is not None:
                    state[key] = {rpc._special_sig_key: rpc._special_secret_sig, "value": state[key]}
            response.object.CopyFrom(_sync_await(rpc.serialize_properties(state, {})))
        return response

    def named(self, name: str) -> Registered:
        found = [r for r in self.registrations if r.name == name]
        assert len(found) == 1, f"{name!r} registered {len(found)} times"
        return found[0]

    def of_type(self, type_token: str) -> list[Registered]:
        return [r for r in self.registrations if r.type == type_token]

    def children_of(self, parent_name: str) -> list[Registered]:
        parent = self.named(parent_name)
        return [r for r in self.registrations if r.parent == parent.urn]


def install_mocks() -> RecordingMonitor:
    """Fresh mocks for one test (call it from a fixture; tests share the process-wide runtime)."""
    return install_monitor(RecordingMonitor())


def _leaves(value: Any, path: str = "") -> Iterator[tuple[str, Any]]:
    if isinstance(value, Mapping):
        for key, item in value.items():
            yield from _leaves(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list | tuple):
        for i, item in enumerate(value):
            yield from _leaves(item, f"{path}[{i}]")
    else:
        yield path, value


async def _resolve(handoff: Mapping[str, Any]) -> dict[str, tuple[Any, bool]]:
    async def one(leaf: Any) -> tuple[Any, bool]:
        if isinstance(leaf, pulumi.Output):
            return await leaf.future(), await leaf.is_secret()
        return leaf, False

    paths, leaves = zip(*_leaves(handoff), strict=True)
    values = await asyncio.gather(*(one(leaf) for leaf in leaves))
    return dict(zip(paths, values, strict=True))


def resolve_handoff(handoff: Mapping[str, Any]) -> pulumi.Output[dict[str, tuple[Any, bool]]]:
    """``{"a.b[0]": (value, is_secret)}`` for every leaf of a handoff dict."""
    return pulumi.Output.from_input(_resolve(handoff))


def run_program(program: Callable[[], Mapping[str, Any] | None]) -> dict[str, tuple[Any, bool]]:
    """Run `program` under the installed mocks until every registration is done.

    Returns the resolved leaves (see `resolve_handoff`) of the handoff the program returns, so
    tests assert in plain Python after the whole component has registered.
    """
    leaves: dict[str, tuple[Any, bool]] = {}

    @pulumi.runtime.test
    def body() -> pulumi.Output[Any] | None:
        handoff = program()
        return None if handoff is None else resolve_handoff(handoff).apply(leaves.update)

    body()
    return leaves
