"""Provider instances for one operation: default and explicit, live and from old state.

Every provider resource (`pulumi:providers:<pkg>`, explicit or the package's default) gets its
own instance from the `ProviderRegistry`, is checked and configured with its inputs, and is
found again by its reference ``urn::id``. Default provider inputs are the stack config keys in
the package's namespace (plus ``version``); the dynamic-provider package (``pulumi-python``)
is served by `DynamicProviderAdapter`, which is configured with the whole stack config.

Resources removed from the program are deleted with the provider they were created with: if
this run no longer has an instance with that exact reference, one is built from the provider's
old state (its recorded inputs).
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from gcx.engine.dynamic import DynamicProviderAdapter
from gcx.engine.errors import EngineError
from gcx.engine.plugin import ProviderRegistry, ResourceProvider
from gcx.engine.props import to_provider
from gcx.engine.state import ResourceState
from gcx.engine.urns import DYNAMIC_PACKAGE, ProviderRef, provider_type
from gcx.engine.wire import UNKNOWN, make_secret


class ProviderNotFound(EngineError):
    """No provider is registered for a package, or a reference names no known provider."""


@dataclass
class ProviderInstance:
    urn: str
    id: str
    package: str
    provider: ResourceProvider

    @property
    def ref(self) -> str:
        return f"{self.urn}::{self.id or UNKNOWN}"


class ProviderSet:
    def __init__(
        self,
        registry: ProviderRegistry,
        *,
        project: str,
        stack_config: Mapping[str, str],
        secret_keys: list[str],
        old_providers: Mapping[tuple[str, str], ResourceState],
    ) -> None:
        self._registry = registry
        self._project = project
        self._stack_config = dict(stack_config)
        self._secret_keys = set(secret_keys)
        self._old_providers = dict(old_providers)
        self._by_ref: dict[tuple[str, str], ProviderInstance] = {}
        self._latest_by_urn: dict[str, ProviderInstance] = {}
        self._lock = threading.RLock()

    # -- making instances

    def new_provider(self, package: str) -> ResourceProvider:
        if package == DYNAMIC_PACKAGE:
            return DynamicProviderAdapter(self._stack_config, self._project)
        factory = self._registry.factory_for(provider_type(package))
        if factory is None:
            known = ", ".join(self._registry.packages()) or "none"
            raise ProviderNotFound(
                f"no provider is installed for package '{package}' (installed: {known}); install the "
                f"package that registers it under the 'gcx.providers' entry point"
            )
        return factory()

    def default_inputs(self, package: str, version: str = "") -> dict[str, Any]:
        """A default provider's inputs: the stack config in the package's namespace (wire model)."""
        if package == DYNAMIC_PACKAGE:
            return {}
        prefix = f"{package}:"
        inputs: dict[str, Any] = {}
        for key, value in self._stack_config.items():
            if key.startswith(prefix):
                name = key[len(prefix) :]
                inputs[name] = make_secret(value) if key in self._secret_keys else value
        if version:
            inputs["version"] = version
        return inputs

    def configure(self, provider: ResourceProvider, package: str, inputs: Mapping[str, Any]) -> None:
        """Configure with the provider's own inputs; dynamic providers get the whole stack config."""
        if package == DYNAMIC_PACKAGE:
            provider.configure(dict(self._stack_config))
        else:
            provider.configure(to_provider(dict(inputs)))

    def add(self, instance: ProviderInstance) -> None:
        with self._lock:
            self._by_ref[(instance.urn, instance.id)] = instance
            self._latest_by_urn[instance.urn] = instance

    # -- finding instances

    def live(self, ref: str) -> ProviderInstance | None:
        """The instance registered in this run for a reference (unknown ids match by URN)."""
        parsed = ProviderRef.parse(ref)
        with self._lock:
            if parsed.id in ("", UNKNOWN):
                return self._latest_by_urn.get(parsed.urn)
            return self._by_ref.get((parsed.urn, parsed.id))

    def for_old_resource(self, ref: str) -> ProviderInstance:
        """The provider that manages an existing resource: live, or rebuilt from its old state."""
        instance = self.live(ref)
        if instance is not None:
            return instance
        parsed = ProviderRef.parse(ref)
        with self._lock:
            instance = self._by_ref.get((parsed.urn, parsed.id))
            if instance is not None:
                return instance
            old = self._old_providers.get((parsed.urn, parsed.id))
            package = parsed.package
            if old is None and package != DYNAMIC_PACKAGE:
                raise ProviderNotFound(f"unknown provider '{ref}': it is not in the state")
            provider = self.new_provider(package)
            self.configure(provider, package, old.inputs if old else {})
            instance = ProviderInstance(parsed.urn, parsed.id, package, provider)
            self._by_ref[(parsed.urn, parsed.id)] = instance
            return instance
