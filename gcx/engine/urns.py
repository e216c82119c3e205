"""Pulumi's naming rules: resource URNs, alias URNs, provider references and default providers.

A URN is ``urn:pulumi:<stack>::<project>::<qualified type>::<name>``. The qualified type is the
resource's own type prefixed with ``<parent qualified type>$`` unless the parent is the root
Stack (the real engine's `generateURN`; the SDK's mock monitor gets this wrong).

A provider reference is ``<provider urn>::<provider id>``; default providers are named
``default`` or ``default_<version with dots as underscores>``.
"""

from __future__ import annotations

from dataclasses import dataclass

from gcx.engine.wire import UNKNOWN

STACK_TYPE = "pulumi:pulumi:Stack"
PROVIDER_TYPE_PREFIX = "pulumi:providers:"
DYNAMIC_PACKAGE = "pulumi-python"
DEFAULT_PROVIDER_NAME = "default"


def make_urn(stack: str, project: str, type_: str, name: str, parent_urn: str = "") -> str:
    qualified = type_
    if parent_urn:
        parent_qualified = qualified_type(parent_urn)
        if parent_qualified != STACK_TYPE:
            qualified = f"{parent_qualified}${type_}"
    return f"urn:pulumi:{stack}::{project}::{qualified}::{name}"


def _parts(urn: str) -> list[str]:
    parts = urn.split("::", 3)
    if len(parts) != 4 or not parts[0].startswith("urn:pulumi:"):
        raise ValueError(f"not a Pulumi URN: {urn!r}")
    return parts


def qualified_type(urn: str) -> str:
    return _parts(urn)[2]


def urn_type(urn: str) -> str:
    """The resource's own type (the last segment of the qualified type)."""
    return qualified_type(urn).rsplit("$", 1)[-1]


def urn_name(urn: str) -> str:
    return _parts(urn)[3]


def is_provider_type(type_: str) -> bool:
    return type_.startswith(PROVIDER_TYPE_PREFIX)


def provider_type(package: str) -> str:
    return f"{PROVIDER_TYPE_PREFIX}{package}"


def default_provider_name(version: str = "") -> str:
    """Pulumi's name for a package's default provider instance."""
    if not version:
        return DEFAULT_PROVIDER_NAME
    safe = version.replace(".", "_").replace("-", "_").replace("+", "_")
    return f"{DEFAULT_PROVIDER_NAME}_{safe}"


def is_default_provider_urn(urn: str) -> bool:
    return is_provider_type(urn_type(urn)) and (
        urn_name(urn) == DEFAULT_PROVIDER_NAME or urn_name(urn).startswith(DEFAULT_PROVIDER_NAME + "_")
    )


@dataclass(frozen=True)
class ProviderRef:
    """A parsed provider reference ``urn::id`` (the id is `UNKNOWN` for a provider not created yet)."""

    urn: str
    id: str

    @classmethod
    def parse(cls, ref: str) -> ProviderRef:
        urn, sep, id_ = ref.rpartition("::")
        if not sep or not is_provider_type(urn_type(urn)):
            raise ValueError(f"not a provider reference: {ref!r}")
        return cls(urn, id_)

    def __str__(self) -> str:
        return f"{self.urn}::{self.id or UNKNOWN}"

    @property
    def package(self) -> str:
        return urn_type(self.urn).removeprefix(PROVIDER_TYPE_PREFIX)


def inherited_alias_urns(
    parent_alias_urns: list[str], parent_urn: str, child_type: str, child_name: str, stack: str, project: str
) -> list[str]:
    """Alias URNs a child inherits from its parent's aliases (the Go engine's `inheritedChildAlias`).

    The SDK only sends a resource's own aliases, so children of a renamed or re-parented component
    would look new. For each alias of the parent, the child may have lived under that alias; if the
    child's name starts with the parent's name (the usual ``f"{name}-role"`` convention), the old
    child name used the parent's old name as its prefix.
    """
    parent_name = urn_name(parent_urn)
    result: list[str] = []
    for alias in parent_alias_urns:
        alias_name = urn_name(alias)
        name = child_name
        if child_name.startswith(parent_name):
            name = alias_name + child_name[len(parent_name) :]
        result.append(make_urn(stack, project, child_type, name, alias))
    return result
