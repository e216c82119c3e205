"""The schema table of every ``genesyscloud_*`` type this project serves, by Pulumi token.

One module per Terraform resource type; each defines `RESOURCE` and/or `DATA_SOURCES` and is
found automatically. The provider configuration lives in `provider`.
"""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType

from gcx.provider.schema import DataSourceSchema, ResourceSchema
from gcx.provider.schemas.provider import PROVIDER

# Every module of this package except `provider` describes one Terraform type.
_MODULES: tuple[ModuleType, ...] = tuple(
    importlib.import_module(f"{__name__}.{info.name}")
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name)
    if info.name != "provider"
)

RESOURCES: dict[str, ResourceSchema] = {
    m.RESOURCE.token: m.RESOURCE for m in _MODULES if hasattr(m, "RESOURCE")
}
DATA_SOURCES: dict[str, DataSourceSchema] = {
    ds.token: ds for m in _MODULES for ds in getattr(m, "DATA_SOURCES", ())
}

__all__ = [
    "DATA_SOURCES",
    "PROVIDER",
    "RESOURCES",
    "UnknownTypeError",
    "data_source_schema",
    "resource_schema",
]


class UnknownTypeError(LookupError):
    """A type token this provider does not serve."""


def resource_schema(token: str) -> ResourceSchema:
    try:
        return RESOURCES[token]
    except KeyError:
        raise UnknownTypeError(
            f"genesyscloud has no resource type {token!r}; known types: {', '.join(sorted(RESOURCES))}"
        ) from None


def data_source_schema(token: str) -> DataSourceSchema:
    try:
        return DATA_SOURCES[token]
    except KeyError:
        raise UnknownTypeError(
            f"genesyscloud has no data source {token!r}; known: {', '.join(sorted(DATA_SOURCES))}"
        ) from None
