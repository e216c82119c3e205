"""The provider registry an operation uses when the caller gives none.

Installed providers come from the ``gcx.providers`` entry point group. ``GCX_PROVIDERS`` adds
more without installing a package (a plugin path, like Pulumi's plugin directories):
``pkg=module:attribute[,pkg2=module2:attribute2]``, each attribute a zero-argument factory.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping

from gcx.engine.errors import EngineError
from gcx.engine.plugin import ProviderFactory, ProviderRegistry

PROVIDERS_ENV = "GCX_PROVIDERS"


def _load(spec: str) -> ProviderFactory:
    module_name, _, attribute = spec.partition(":")
    if not module_name or not attribute:
        raise EngineError(f"{PROVIDERS_ENV}: '{spec}' must look like module:attribute")
    try:
        return getattr(importlib.import_module(module_name), attribute)  # type: ignore[no-any-return]
    except (ImportError, AttributeError) as exc:
        raise EngineError(f"{PROVIDERS_ENV}: cannot load '{spec}': {exc}") from None


def default_registry(env: Mapping[str, str]) -> ProviderRegistry:
    registry = ProviderRegistry().load_entry_points()
    for entry in filter(None, (e.strip() for e in env.get(PROVIDERS_ENV, "").split(","))):
        package, sep, spec = entry.partition("=")
        if not sep or not package:
            raise EngineError(f"{PROVIDERS_ENV}: '{entry}' must look like package=module:attribute")
        registry.register(package.strip(), _load(spec.strip()))
    return registry
