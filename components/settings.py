"""The stack config of the `genesys-integrations` project as pydantic models, checked before any resource.

Two project keys hold it (see `Pulumi.dev.yaml`):

- ``tenants`` (plain): one entry per org, ``{region, orgShortName, orgName, oauthClientId, catalog}``
  plus one section per integration, each validated by that component's own Args model
  (``eightByEight``, ``unifiedCommunications``, ``ucModel``, ``emite``, ``hybrid``, ``pureConnect``);
- ``tenantSecrets`` (secure leaves only, same shape as ``tenants``): the deploy client's
  ``oauthClientSecret``, the SMS ``webhookPassword`` s and an optional SAML ``privateKeyPem``.
  Pulumi marks a whole top-level key secret when any leaf in it is ``secure:``, so the secrets
  live apart and ``tenants`` stays readable in previews.

The tenant passes its region, short name and catalog overrides down to the sections that take
them (a section may repeat a value, not contradict it) and the tenant's `GenesysConnectionArgs`
to the sections whose dynamic resources call the API. Cross-component rules live here, asked
through each component's own helper: PureConnect writes users' Fax into Other Phone
(`fax_to_other_phone_users`), which must not meet a UC segment mapping a number there too
(`segments_mapping_other_phone`).

Every problem becomes one line naming the YAML path the user wrote and the fix, e.g.
``genesys-integrations:tenants.acme-eu.emite.orgShortName: must be lower case ...``; values are
never echoed (they may be secrets). `SettingsError` is a `pulumi.RunError`, so the Pulumi CLI
prints it without a stack trace.
"""

from __future__ import annotations

import inspect
import json
import re
import types
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Union, get_args, get_origin

import pulumi
from pydantic import (
    BaseModel,
    Field,
    SecretStr,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic.alias_generators import to_camel, to_snake

from components.base import CatalogFacts, ComponentArgs
from components.emite import EmiteIntegrationArgs
from components.hybrid import HybridTransactionObjectArgs
from components.pureconnect import PureConnectIntegrationArgs
from components.uc_model import UnifiedCommunicationsModelArgs
from components.unified_communications import (
    EightByEightIntegrationArgs,
    UnifiedCommunicationsIntegrationArgs,
)
from gcx.dynamic.connection import GenesysConnectionArgs
from gcx.regions import get_region

__all__ = [
    "NAMESPACE",
    "SECRETS_KEY",
    "SECRET_FIELDS",
    "TENANTS_KEY",
    "SettingsError",
    "StackSettings",
    "TenantSettings",
    "load_settings",
    "parse_settings",
    "settings_from_config",
]

NAMESPACE = "genesys-integrations"
TENANTS_KEY = "tenants"
SECRETS_KEY = "tenantSecrets"
# The settings that are secrets, by YAML key: they live in tenantSecrets and nowhere else.
SECRET_FIELDS = frozenset({"oauthClientSecret", "webhookPassword", "privateKeyPem"})
# Section field <- tenant field: what a tenant hands down to the sections that take it.
INHERITED = {"region": "region", "orgShortName": "orgShortName", "catalog": "catalog"}
CONNECTION = "connection"
_TENANT_NAME = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$")

YamlPath = tuple[str | int, ...]


# --- problems and the error ---------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """One bad setting: the project key, the path under it, and what to do."""

    key: str
    path: YamlPath
    message: str

    def __str__(self) -> str:
        return f"{NAMESPACE}:{self.key}{render_path(self.path)}: {self.message}"


def render_path(path: Iterable[str | int]) -> str:
    return "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in path)


class SettingsError(pulumi.RunError):
    """The stack config is invalid; one line per problem, raised before any resource exists."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        count = len(self.problems)
        lines = [f"the stack config has {count} problem{'s' if count != 1 else ''}; nothing was deployed:"]
        lines += [f"  {problem}" for problem in self.problems]
        super().__init__("\n".join(lines))


class _SecretText(str):
    """A secret string whose repr never shows it (Args and their connection may be printed)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "'[secret]'"


def tenant_connection(region: Any, client_id: Any, client_secret: Any) -> GenesysConnectionArgs:
    """How the tenant's dynamic resources reach its org: the same values as its provider."""
    secret = _SecretText(client_secret) if isinstance(client_secret, str) else None
    return GenesysConnectionArgs(aws_region=region, oauthclient_id=client_id, oauthclient_secret=secret)


# --- the models ---------------------------------------------------------------------------------


class _Settings(BaseModel):
    # The Args' rules: frozen, unknown keys rejected, camelCase YAML, Outputs allowed, and values
    # (client secrets, keys, passwords) never in errors, which the outermost model decides.
    model_config = ComponentArgs.model_config


class TenantSettings(_Settings):
    """One tenant: one Genesys Cloud org, its deploy credentials and the integrations it runs."""

    region: str = Field(description="The org's Genesys Cloud region (AWS name, e.g. eu-west-1).")
    org_short_name: str = Field(
        description="The organization short name (Admin > Organization Settings), lower case; eMite's "
        "redirect URL uses it and the embedded emulator names the org with it."
    )
    org_name: str | None = Field(
        default=None, description="The organization's display name (the emulator's org); default the tenant."
    )
    oauth_client_id: str = Field(
        min_length=1,
        description="Client id of the org's client-credentials OAuth client that deploys the stack (admin "
        "role); its secret goes to tenantSecrets.<tenant>.oauthClientSecret.",
    )
    oauth_client_secret: SecretStr = Field(
        description="Secret of that client (from tenantSecrets; never in tenants)."
    )
    catalog: CatalogFacts = Field(
        default_factory=CatalogFacts,
        description="Catalog overrides for unverified permission strings, integration type ids and "
        "built-in role names; every section without its own catalog uses these.",
    )
    eight_by_eight: EightByEightIntegrationArgs | None = Field(
        default=None, description="The 8x8 integration (seed 000)."
    )
    unified_communications: UnifiedCommunicationsIntegrationArgs | None = Field(
        default=None, description="Another UC vendor's integration: Microsoft Teams, Zoom Phone, RingCentral."
    )
    uc_model: UnifiedCommunicationsModelArgs | None = Field(
        default=None, description="The UC business model: user segments and their SCIM plans (seed 004)."
    )
    emite: EmiteIntegrationArgs | None = Field(default=None, description="eMite analytics (seed 002).")
    hybrid: HybridTransactionObjectArgs | None = Field(
        default=None, description="Genesys Multicloud CX hybrid provisioning (seed 003)."
    )
    pure_connect: PureConnectIntegrationArgs | None = Field(
        default=None, description="Genesys Cloud for PureConnect (seed 001)."
    )

    @field_validator("region")
    @classmethod
    def _known_region(cls, value: str) -> str:
        get_region(value)
        return value

    @model_validator(mode="before")
    @classmethod
    def _hand_down(cls, data: Any) -> Any:
        """Give each section the tenant's shared values it takes but does not set itself."""
        if not isinstance(data, Mapping):
            return data
        connection = tenant_connection(
            data.get("region"), data.get("oauthClientId"), data.get("oauthClientSecret")
        )
        shared = dict(data)
        for alias, args in section_models().items():
            section = data.get(alias)
            if not isinstance(section, Mapping):
                continue
            fields = _fields_by_alias(args)
            section = dict(section)
            for field, source in INHERITED.items():
                if field in fields and not _given(section, field) and data.get(source) is not None:
                    section[field] = data[source]
            if CONNECTION in fields and CONNECTION not in section:
                section[CONNECTION] = connection
            shared[alias] = section
        return shared

    @model_validator(mode="after")
    def _sections_agree(self) -> TenantSettings:
        for alias, args in self.sections().items():
            for field, source in (("region", self.region), ("org_short_name", self.org_short_name)):
                value = getattr(args, field, source)
                if value != source:
                    name = to_camel(field)
                    raise ValueError(
                        f"{alias}.{name}: {value!r} differs from the tenant's {name} {source!r}; one org has "
                        f"one {name}: remove it here (the tenant's applies)"
                    )
        self._check_other_phone()
        return self

    def _check_other_phone(self) -> None:
        if self.pure_connect is None or self.uc_model is None:
            return
        fax_users = self.pure_connect.fax_to_other_phone_users()
        mapped = self.uc_model.segments_mapping_other_phone()
        if not fax_users or not mapped:
            return
        places = []
        for i, segment in enumerate(self.uc_model.segments):
            for j, mapping in enumerate(segment.phone_mappings):
                if mapped.get(segment.name) == mapping.source and mapping.lands_in_other_phone:
                    places.append(f"ucModel.segments[{i}].phoneMappings[{j}]")
        users = ", ".join(fax_users[:3]) + (f" and {len(fax_users) - 3} more" if len(fax_users) > 3 else "")
        also = f" (so does {', '.join(places[1:])})" if len(places) > 1 else ""
        raise ValueError(
            f"{places[0]}: this segment maps a number into Other Phone{also}, and PureConnect writes the Fax "
            f"of {users} into Other Phone too (pureConnect.cicExport); Other Phone holds one number, so the "
            "two syncs would overwrite each other: clear those users' Fax in Interaction Administrator and "
            "the export, or drop pureConnect or this segment from the tenant"
        )

    def sections(self) -> dict[str, ComponentArgs]:
        """The configured integrations: YAML key -> validated Args (in declaration order)."""
        return {
            alias: args
            for alias, (name, _) in _sections().items()
            if (args := getattr(self, name)) is not None
        }

    @property
    def connection(self) -> GenesysConnectionArgs:
        return tenant_connection(
            self.region, self.oauth_client_id, self.oauth_client_secret.get_secret_value()
        )


def _given(section: Mapping[str, Any], alias: str) -> bool:
    """Whether a section sets a field (by its YAML alias or, as pydantic also accepts, its name)."""
    return alias in section or to_snake(alias) in section


class StackSettings(_Settings):
    """The whole stack: its tenants by name."""

    tenants: dict[str, TenantSettings] = Field(min_length=1, description="Tenants (orgs) by name.")


@cache
def _sections() -> dict[str, tuple[str, type[ComponentArgs]]]:
    """YAML key -> (field name, Args model) of every integration section of `TenantSettings`."""
    found = {}
    for name, field in TenantSettings.model_fields.items():
        model = _component_args(field.annotation)
        if model is not None:
            found[field.alias or name] = (name, model)
    return found


def section_models() -> dict[str, type[ComponentArgs]]:
    """YAML key -> Args model of every integration section."""
    return {alias: model for alias, (_, model) in _sections().items()}


def _component_args(annotation: Any) -> type[ComponentArgs] | None:
    return next(
        (
            c
            for c in _candidates(annotation)
            if inspect.isclass(c) and issubclass(c, ComponentArgs) and c is not CatalogFacts
        ),
        None,
    )


# --- reading the config -------------------------------------------------------------------------


def load_settings(base_dir: Path | str, config: pulumi.Config | None = None) -> StackSettings:
    """The stack settings from the program's config (`base_dir`: where relative file paths start)."""
    config = config or pulumi.Config(NAMESPACE)
    return parse_settings(config.get(TENANTS_KEY), config.get(SECRETS_KEY), base_dir)


def settings_from_config(values: Mapping[str, str], base_dir: Path | str) -> StackSettings:
    """The stack settings from resolved config as the language host gets it (``{"ns:key": text}``)."""
    return parse_settings(
        values.get(f"{NAMESPACE}:{TENANTS_KEY}"), values.get(f"{NAMESPACE}:{SECRETS_KEY}"), base_dir
    )


def parse_settings(tenants_text: str | None, secrets_text: str | None, base_dir: Path | str) -> StackSettings:
    """Validate both keys' JSON text; raise `SettingsError` listing every problem."""
    problems: list[Problem] = []
    tenants = _read_object(TENANTS_KEY, tenants_text, problems, required=True)
    secrets = _read_object(SECRETS_KEY, secrets_text, problems, required=False)
    problems += _check_tenant_names(tenants)
    problems += _check_placement(tenants, secrets)
    merged = _merge(tenants, secrets, (), problems)
    try:
        settings = StackSettings.model_validate({TENANTS_KEY: merged}, context={"base_dir": Path(base_dir)})
    except ValidationError as exc:
        problems += _problems(exc, merged)
        settings = None
    if problems or settings is None:
        raise SettingsError(_unique(problems))
    return settings


def _read_object(key: str, text: str | None, problems: list[Problem], *, required: bool) -> dict[str, Any]:
    if text is None or text == "":
        if required:
            problems.append(
                Problem(
                    key, (), f"required; describe each tenant under {NAMESPACE}:{key} (see Pulumi.dev.yaml)"
                )
            )
        return {}
    try:
        value = json.loads(text)
    except ValueError:
        value = None
    if not isinstance(value, dict):
        problems.append(Problem(key, (), "must be a mapping of tenant name to settings"))
        return {}
    return value


def _check_tenant_names(tenants: Mapping[str, Any]) -> list[Problem]:
    return [
        Problem(
            TENANTS_KEY,
            (name,),
            "tenant names must be 1-40 lower-case letters, digits and inner hyphens (they name resources "
            "and the --tenant option), e.g. acme-eu",
        )
        for name in tenants
        if not _TENANT_NAME.match(str(name))
    ]


def _check_placement(tenants: Any, secrets: Any, path: YamlPath = ()) -> list[Problem]:
    """Secret settings only in tenantSecrets, and only secret settings there."""
    problems = []
    for key, value in _children(tenants):
        if key in SECRET_FIELDS and value is not None and isinstance(key, str):
            problems.append(
                Problem(
                    TENANTS_KEY,
                    (*path, key),
                    "is a secret and must not be stored in plain text: remove it here and run "
                    f"`gcx config set --secret --path '{SECRETS_KEY}{render_path((*path, key))}' VALUE`",
                )
            )
        else:
            problems += _check_placement(value, None, (*path, key))
    for key, value in _children(secrets):
        where = (*path, key)
        if isinstance(value, dict | list):
            problems += _check_placement(None, value, where)
        elif key not in SECRET_FIELDS:
            problems.append(
                Problem(
                    SECRETS_KEY,
                    where,
                    f"is not a secret setting; move it to {TENANTS_KEY}{render_path(where)} "
                    f"(secret settings: {', '.join(sorted(SECRET_FIELDS))})",
                )
            )
    return problems


def _children(node: Any) -> list[tuple[str | int, Any]]:
    if isinstance(node, dict):
        return list(node.items())
    if isinstance(node, list):
        return list(enumerate(node))
    return []


def _merge(plain: Any, secret: Any, path: YamlPath, problems: list[Problem]) -> Any:
    """`plain` with the secret leaves laid over it (mappings by key, lists by position)."""
    if isinstance(secret, dict):
        plain = {} if plain is None else plain
        if not isinstance(plain, dict):
            problems.append(Problem(SECRETS_KEY, path, f"{TENANTS_KEY}{render_path(path)} is not a mapping"))
            return plain
        merged = dict(plain)
        for key, value in secret.items():
            if not path and key not in plain:
                problems.append(
                    Problem(
                        SECRETS_KEY,
                        (key,),
                        f"no tenant {key!r} in {TENANTS_KEY}; add it there or remove this",
                    )
                )
                continue
            merged[key] = _merge(plain.get(key), value, (*path, key), problems)
        return merged
    if isinstance(secret, list):
        if not isinstance(plain, list):
            problems.append(Problem(SECRETS_KEY, path, f"{TENANTS_KEY}{render_path(path)} is not a list"))
            return plain
        if len(secret) > len(plain):
            problems.append(
                Problem(
                    SECRETS_KEY,
                    path,
                    f"has {len(secret)} entries but {TENANTS_KEY}{render_path(path)} has {len(plain)}; "
                    "entries pair up by position",
                )
            )
        pairs = enumerate(zip(plain, secret, strict=False))
        return [_merge(p, s, (*path, i), problems) for i, (p, s) in pairs] + plain[len(secret) :]
    return plain if secret is None else secret


# --- pydantic errors as YAML paths --------------------------------------------------------------


_PREFIXES = ("Value error, ", "Assertion failed, ")
_FIELD_PREFIX = re.compile(r"^([A-Za-z_]\w*(?:\[\d+\]|\.[A-Za-z_]\w*)*): (.*)$", re.DOTALL)
_PATH_PART = re.compile(r"\.?([A-Za-z_]\w*)|\[(\d+)\]")


def _problems(exc: ValidationError, merged: Mapping[str, Any]) -> list[Problem]:
    problems = []
    for error in exc.errors(include_input=False, include_url=False):
        loc = error["loc"]
        if error["type"] == "extra_forbidden":
            # The unknown key matches no field, so it would be dropped like a union-member tag.
            path, annotation = _yaml_path(loc[:-1])
            path = (*path, loc[-1])
        else:
            path, annotation = _yaml_path(loc)
        message = str(error["msg"])
        for prefix in _PREFIXES:
            message = message.removeprefix(prefix)
        path, message = _field_from_message(path, annotation, message)
        problems.append(_explain(error["type"], path, message, merged))
    return problems


def _explain(kind: str, path: YamlPath, message: str, merged: Mapping[str, Any]) -> Problem:
    tail = path[1:]  # below the tenants key
    inherited = _inherited_from_tenant(tail, merged) if len(tail) >= 3 else None
    if inherited is not None:
        return Problem(TENANTS_KEY, inherited, f"{message} (the {tail[1]} section uses it)")
    if kind == "missing" and tail and tail[-1] in SECRET_FIELDS:
        return Problem(
            SECRETS_KEY,
            tail,
            "required secret; set it with "
            f"`gcx config set --secret --path '{SECRETS_KEY}{render_path(tail)}' VALUE`",
        )
    if kind == "missing":
        return Problem(TENANTS_KEY, tail, "required; add it")
    if kind == "extra_forbidden":
        known = _known_fields(path[:-1])
        return Problem(
            TENANTS_KEY,
            tail,
            "unknown setting; check the spelling"
            + (f" (settings here: {', '.join(known)})" if known else ""),
        )
    if kind == "is_instance_of" and tail and tail[-1] == CONNECTION:
        return Problem(
            TENANTS_KEY,
            tail,
            "is set by the tenant from its region, oauthClientId and oauthClientSecret; remove it",
        )
    return Problem(TENANTS_KEY, tail, message)


def _inherited_from_tenant(tail: YamlPath, merged: Mapping[str, Any]) -> YamlPath | None:
    """The tenant-level path of a value the tenant handed down to a section (None if the section set it)."""
    tenant, section, field, *below = tail
    source = INHERITED.get(str(field))
    if source is None or section not in section_models():
        return None
    raw = merged.get(str(tenant))
    raw_section = raw.get(str(section)) if isinstance(raw, dict) else None
    if isinstance(raw_section, dict) and field in raw_section:
        return None
    return (tenant, source, *below)


def _field_from_message(path: YamlPath, annotation: Any, message: str) -> tuple[YamlPath, str]:
    """A model-level message that starts with a field path (``ringsOn: ...``) moves onto that field."""
    match = _FIELD_PREFIX.match(message)
    if match is None:
        return path, message
    parts: list[str | int] = [
        name if name else int(index) for name, index in _PATH_PART.findall(match.group(1))
    ]
    if tuple(path[-len(parts) :]) == tuple(parts):
        return path, match.group(2)
    node = annotation
    for part in parts:
        matched, node = _step(node, part)
        if not matched:
            return path, message
    return (*path, *parts), match.group(2)


def _yaml_path(loc: Sequence[str | int]) -> tuple[YamlPath, Any]:
    """The YAML path of an error location (union-member tags dropped) and the annotation there."""
    path: list[str | int] = []
    node: Any = StackSettings
    for part in loc:
        matched, node_after = _step(node, part)
        if matched:
            path.append(part)
            node = node_after
    return tuple(path), node


def _known_fields(path: YamlPath) -> list[str]:
    _, node = _yaml_path(path)
    for candidate in _candidates(node):
        if inspect.isclass(candidate) and issubclass(candidate, BaseModel):
            return [alias for alias in _fields_by_alias(candidate) if alias != CONNECTION]
    return []


def _step(annotation: Any, part: str | int) -> tuple[bool, Any]:
    for candidate in _candidates(annotation):
        origin = get_origin(candidate)
        args = get_args(candidate)
        if isinstance(part, int) and origin in (list, tuple, Sequence) and args:
            return True, args[0]
        if isinstance(part, str):
            if inspect.isclass(candidate) and issubclass(candidate, BaseModel):
                field = _fields_by_alias(candidate).get(part)
                if field is not None:
                    return True, field.annotation
            if origin in (dict, Mapping) and len(args) == 2:
                return True, args[1]
    return False, annotation


def _candidates(annotation: Any) -> list[Any]:
    """The types an annotation may hold: Annotated and unions unwrapped, None left out."""
    origin = get_origin(annotation)
    if origin is Annotated:
        return _candidates(get_args(annotation)[0])
    if origin in (Union, types.UnionType):
        return [c for arg in get_args(annotation) if arg is not type(None) for c in _candidates(arg)]
    return [annotation]


@cache
def _fields_by_alias(model: type[BaseModel]) -> dict[str, Any]:
    return {field.alias or name: field for name, field in model.model_fields.items()}


def _unique(problems: list[Problem]) -> list[Problem]:
    """One line per path: a value failing every member of a union reports each member's complaint."""
    seen: set[tuple[str, YamlPath]] = set()
    unique = []
    for problem in problems:
        if (problem.key, problem.path) not in seen:
            seen.add((problem.key, problem.path))
            unique.append(problem)
    return unique
