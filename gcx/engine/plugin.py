"""The contract between the offline engine and the providers it calls.

This mirrors Pulumi's provider gRPC interface (`pulumirpc.ResourceProvider`) as plain Python:
the engine calls `check_config/diff_config/configure` for each provider resource (explicit
`pulumi:providers:<pkg>` or the package's default provider) and `check/diff/create/read/update/
delete/invoke` for the resources and data sources it serves.

Values crossing this boundary are plain JSON-like Python values with the provider's wire
property names (camelCase for bridged Terraform providers):

- secrets are *stripped* on the way in (like a provider that does not accept secrets); the
  engine re-marks outputs as secret when the same-named input was secret, when the program
  asked for `additional_secret_outputs`, or when the provider wraps a value in `Secret`;
- numbers arrive as ``int`` when integral, else ``float`` (Pulumi sends doubles; the engine
  normalises so that providers and the checkpoint see ``10`` rather than ``10.0``);
- in a preview, any value may be ``pulumi.output.Unknown()`` (see `is_unknown`); `check` and
  `diff` must tolerate it, and `create`/`update` are called with ``preview=True`` so the
  provider can predict outputs (unknown where the server computes them) without API calls.

Providers are found through `ProviderRegistry`: an exact type token or a package name maps to a
factory; the engine makes one instance per provider resource and configures it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from importlib import metadata
from typing import Any, Protocol, runtime_checkable

from pulumi.output import Unknown

__all__ = [
    "CheckFailure",
    "CheckResult",
    "CreateResult",
    "DiffKind",
    "DiffResult",
    "InvokeResult",
    "ProviderRegistry",
    "ReadResult",
    "RecoverableProvider",
    "ResourceProvider",
    "Secret",
    "Unknown",
    "UpdateResult",
    "is_unknown",
    "package_of",
]


def is_unknown(value: Any) -> bool:
    """True for a value that is not known yet (only ever seen in a preview)."""
    return isinstance(value, Unknown)


@dataclass(frozen=True)
class Secret:
    """Wraps an output value the provider wants stored and shown as a secret."""

    value: Any


@dataclass(frozen=True)
class CheckFailure:
    """One validation problem; `property` is the wire name (dotted path for nested values)."""

    property: str
    reason: str


@dataclass
class CheckResult:
    inputs: dict[str, Any]
    failures: list[CheckFailure] = field(default_factory=list)


class DiffKind:
    """The `detailedDiff` kinds of Pulumi's `PropertyDiff`, as they appear in `--json`."""

    ADD = "add"
    ADD_REPLACE = "add-replace"
    DELETE = "delete"
    DELETE_REPLACE = "delete-replace"
    UPDATE = "update"
    UPDATE_REPLACE = "update-replace"


@dataclass
class DiffResult:
    """Result of `diff`. ``changes=None`` means "unknown": the engine then diffs the inputs itself.

    `detailed_diff` maps a property path (``"config.properties"``, ``"roles[0].roleId"``) to a
    `DiffKind`; when given, the engine uses it for `diffReasons`, `detailedDiff` and the text diff.
    """

    changes: bool | None
    replaces: list[str] = field(default_factory=list)
    stables: list[str] = field(default_factory=list)
    delete_before_replace: bool = False
    diffs: list[str] = field(default_factory=list)
    detailed_diff: dict[str, str] | None = None


@dataclass
class CreateResult:
    id: str
    outputs: dict[str, Any]


@dataclass
class UpdateResult:
    outputs: dict[str, Any]


@dataclass
class ReadResult:
    """Result of `read`. ``id=None`` means the object no longer exists.

    `inputs` are the inputs that would produce the live object (used by `refresh` and `import`);
    `outputs` are the live outputs.
    """

    id: str | None
    inputs: dict[str, Any] | None = None
    outputs: dict[str, Any] | None = None


@dataclass
class InvokeResult:
    outputs: dict[str, Any]
    failures: list[CheckFailure] = field(default_factory=list)


@runtime_checkable
class ResourceProvider(Protocol):
    """What the engine needs from a provider instance (one per provider resource)."""

    def check_config(self, olds: Mapping[str, Any], news: Mapping[str, Any]) -> CheckResult: ...

    def diff_config(
        self, olds: Mapping[str, Any], news: Mapping[str, Any]
    ) -> DiffResult: ...

    def configure(self, config: Mapping[str, Any]) -> None: ...

    def check(self, urn: str, olds: Mapping[str, Any], news: Mapping[str, Any]) -> CheckResult: ...

    def diff(
        self,
        urn: str,
        id: str,
        old_inputs: Mapping[str, Any],
        old_outputs: Mapping[str, Any],
        news: Mapping[str, Any],
        ignore_changes: list[str],
    ) -> DiffResult: ...

    def create(self, urn: str, news: Mapping[str, Any], preview: bool) -> CreateResult: ...

    def read(
        self, urn: str, id: str, inputs: Mapping[str, Any], outputs: Mapping[str, Any]
    ) -> ReadResult: ...

    def update(
        self,
        urn: str,
        id: str,
        old_outputs: Mapping[str, Any],
        news: Mapping[str, Any],
        old_inputs: Mapping[str, Any],
        preview: bool,
    ) -> UpdateResult: ...

    def delete(
        self, urn: str, id: str, old_outputs: Mapping[str, Any], old_inputs: Mapping[str, Any]
    ) -> None: ...

    def invoke(self, token: str, args: Mapping[str, Any]) -> InvokeResult: ...


@runtime_checkable
class RecoverableProvider(Protocol):
    """Optional extension: find an object whose create response the engine lost.

    Before each create the engine records a pending operation in the checkpoint. If the process
    dies (``kill -9``) between the provider's API call and the checkpoint write, the next run asks
    the provider to `find` the object by its inputs (for Genesys Cloud: by name, email or type)
    and adopts it, so nothing is orphaned or created twice. Return ``None`` when nothing matches;
    raise when several objects match (the engine reports it and leaves the choice to the user).
    Providers without this method get Pulumi's behaviour: a warning that the object may exist.
    """

    def find(self, urn: str, news: Mapping[str, Any]) -> ReadResult | None: ...


ProviderFactory = Callable[[], ResourceProvider]


def package_of(type_token: str) -> str:
    """The package of a type token: ``genesyscloud:index/group:Group`` -> ``genesyscloud``;
    a provider type ``pulumi:providers:genesyscloud`` -> ``genesyscloud``."""
    if type_token.startswith("pulumi:providers:"):
        return type_token.removeprefix("pulumi:providers:")
    return type_token.split(":", 1)[0]


class ProviderRegistry:
    """Maps an exact type token or a package name to a provider factory.

    `load_entry_points()` adds the factories installed under the ``gcx.providers`` entry-point
    group (this project registers ``genesyscloud``); tests register fakes directly.
    """

    ENTRY_POINT_GROUP = "gcx.providers"

    def __init__(self) -> None:
        self._by_token: dict[str, ProviderFactory] = {}
        self._by_package: dict[str, ProviderFactory] = {}

    def register(self, token_or_package: str, factory: ProviderFactory) -> None:
        target = self._by_token if ":" in token_or_package else self._by_package
        target[token_or_package] = factory

    def load_entry_points(self) -> ProviderRegistry:
        for ep in metadata.entry_points(group=self.ENTRY_POINT_GROUP):
            self._by_package.setdefault(ep.name, ep.load())
        return self

    def factory_for(self, type_token: str) -> ProviderFactory | None:
        """The factory serving a resource, data-source or provider type token, if any."""
        return self._by_token.get(type_token) or self._by_package.get(package_of(type_token))

    def packages(self) -> list[str]:
        return sorted(self._by_package)
