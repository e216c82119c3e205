"""Serves `pulumi.dynamic.Resource` types in-process, the way Pulumi's `pulumi-python` host does.

Each dynamic resource carries its provider as a base64 dill pickle in the ``__provider`` input.
The adapter unpickles it inside `pulumi.runtime._serialization._deserialize` (as
`pulumi/dynamic/__main__.py` does), caches one configured instance per pickle string, guards
`dill.loads` with a lock (it is not re-entrant), and configures the instance with the *whole*
stack config (dynamic providers always get all namespaced keys).

Behaviour of the real host and engine that the adapter keeps:
- `check`, `diff`, `update` and `delete` see the old OUTPUTS as ``olds``;
- ``__provider`` is added back to every result;
- in a preview, `create`/`update` are not called: the checked inputs are returned as the outputs,
  so output-only properties are unknown to the program;
- ``DiffResult.changes=None`` is reported as unknown, so the engine diffs the inputs itself.
"""

from __future__ import annotations

import base64
import threading
from collections.abc import Mapping
from typing import Any

import dill
from pulumi.dynamic import ConfigureRequest
from pulumi.dynamic import ResourceProvider as DynamicProvider
from pulumi.dynamic.config import Config as DynamicConfig
from pulumi.runtime._serialization import _deserialize

from gcx.engine.plugin import (
    CheckFailure,
    CheckResult,
    CreateResult,
    DiffResult,
    InvokeResult,
    ReadResult,
    UpdateResult,
    is_unknown,
)

PROVIDER_KEY = "__provider"


class DynamicProviderError(Exception):
    """A dynamic resource's provider could not be loaded."""


class DynamicProviderAdapter:
    """A `ResourceProvider` (plugin contract) for every ``pulumi-python:dynamic*`` type."""

    def __init__(self, stack_config: Mapping[str, str] | None = None, project: str = "") -> None:
        self._config = dict(stack_config or {})
        self._project = project
        self._cache: dict[str, DynamicProvider] = {}
        self._lock = threading.Lock()

    # -- provider-level calls: the dynamic host has no provider configuration of its own

    def check_config(self, olds: Mapping[str, Any], news: Mapping[str, Any]) -> CheckResult:
        return CheckResult(dict(news))

    def diff_config(self, olds: Mapping[str, Any], news: Mapping[str, Any]) -> DiffResult:
        return DiffResult(changes=False)

    def configure(self, config: Mapping[str, Any]) -> None:
        """The engine passes the whole stack config here (not only a package namespace)."""
        self._config = dict(config)

    # -- loading

    def provider_for(self, *candidates: Mapping[str, Any]) -> DynamicProvider:
        """The configured provider pickled in the first candidate whose ``__provider`` is known."""
        for props in candidates:
            pickled = props.get(PROVIDER_KEY)
            if isinstance(pickled, str) and not is_unknown(pickled):
                return self._load(pickled)
        raise DynamicProviderError(
            f"the resource has no known {PROVIDER_KEY} property to load its provider from"
        )

    def _load(self, pickled: str) -> DynamicProvider:
        provider = self._cache.get(pickled)
        if provider is not None:
            return provider
        with self._lock:
            provider = self._cache.get(pickled)
            if provider is None:
                try:
                    provider = _deserialize(lambda: dill.loads(base64.b64decode(pickled)))
                except Exception as exc:
                    raise DynamicProviderError(
                        f"cannot load the dynamic provider pickled in {PROVIDER_KEY} "
                        f"({type(exc).__name__}: {exc}); the provider class must stay importable "
                        "at the path it had when the resource was created"
                    ) from exc
                provider.configure(ConfigureRequest(DynamicConfig(dict(self._config), self._project)))
                self._cache[pickled] = provider
        return provider

    # -- resource calls

    def check(self, urn: str, olds: Mapping[str, Any], news: Mapping[str, Any]) -> CheckResult:
        provider = self.provider_for(news, olds)
        result = provider.check(dict(olds), dict(news))
        inputs = dict(result.inputs if result.inputs is not None else news)
        inputs[PROVIDER_KEY] = news.get(PROVIDER_KEY)
        failures = [CheckFailure(f.property, f.reason) for f in (result.failures or [])]
        return CheckResult(inputs, failures)

    def diff(
        self,
        urn: str,
        id: str,
        old_inputs: Mapping[str, Any],
        old_outputs: Mapping[str, Any],
        news: Mapping[str, Any],
        ignore_changes: list[str],
    ) -> DiffResult:
        provider = self.provider_for(news, old_outputs, old_inputs)
        result = provider.diff(id, dict(old_outputs), dict(news))
        return DiffResult(
            changes=result.changes,
            replaces=list(result.replaces or []),
            stables=list(result.stables or []),
            delete_before_replace=bool(result.delete_before_replace),
        )

    def create(self, urn: str, news: Mapping[str, Any], preview: bool) -> CreateResult:
        if preview:
            return CreateResult("", dict(news))
        provider = self.provider_for(news)
        result = provider.create(dict(news))
        outputs = dict(result.outs or {})
        outputs[PROVIDER_KEY] = news[PROVIDER_KEY]
        return CreateResult(str(result.id), outputs)

    def update(
        self,
        urn: str,
        id: str,
        old_outputs: Mapping[str, Any],
        news: Mapping[str, Any],
        old_inputs: Mapping[str, Any],
        preview: bool,
    ) -> UpdateResult:
        if preview:
            return UpdateResult(dict(news))
        provider = self.provider_for(news)
        result = provider.update(id, dict(old_outputs), dict(news))
        outputs = dict(result.outs or {})
        outputs[PROVIDER_KEY] = news[PROVIDER_KEY]
        return UpdateResult(outputs)

    def read(self, urn: str, id: str, inputs: Mapping[str, Any], outputs: Mapping[str, Any]) -> ReadResult:
        props = dict(outputs) if outputs else dict(inputs)
        provider = self.provider_for(props, inputs)
        result = provider.read(id, props)
        if not result.id:
            return ReadResult(None)
        pickled = props.get(PROVIDER_KEY, inputs.get(PROVIDER_KEY))
        live = dict(result.outs or {})
        live[PROVIDER_KEY] = pickled
        read_inputs = dict(result.inputs) if result.inputs is not None else dict(inputs)
        read_inputs[PROVIDER_KEY] = pickled
        return ReadResult(str(result.id), read_inputs, live)

    def delete(
        self, urn: str, id: str, old_outputs: Mapping[str, Any], old_inputs: Mapping[str, Any]
    ) -> None:
        provider = self.provider_for(old_outputs, old_inputs)
        provider.delete(id, dict(old_outputs))

    def invoke(self, token: str, args: Mapping[str, Any]) -> InvokeResult:
        raise DynamicProviderError(f"unknown function {token}: dynamic providers have no functions")
