"""The Multicloud CX transaction object `hybrid_integration`: its spec model and pure renderers.

Genesys documents one way to create it: by hand in Genesys Administrator Extension (GAX), as a
Configuration Server `CfgTransaction` of type List (`CFGTRTList`) named and aliased
``hybrid_integration`` (seed 003; `integrations.md` §2). `TransactionObjectSpec` is the single
source of truth (the JSON spec a component hands off); the renderers turn it into:

- the JSON spec itself (`render_json`);
- INI-style ``hybrid_integration.options.cfg`` and ``hybrid_integration.annex.cfg`` files
  (`render_options_cfg`, `render_annex_cfg`); whether GAX imports that format for Transaction
  objects is unverified, and every file says so in its header;
- a Markdown step-by-step checklist for GAX (`render_checklist_md`), with the firewall hosts
  of the region (from `gcx.regions`) and the multi-tenant READ-access warning.

Options and the annex are two separate dictionaries everywhere: how GAX maps its Options and
Annex tabs onto a Transaction's user properties is unverified. Options named in
`SECRET_OPTIONS` are shown as ``[secret]`` unless a renderer is asked to show secrets.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from enum import StrEnum
from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic.alias_generators import to_camel

from gcx.engine.project import SECRET_MASK
from gcx.regions import Region, region_for_domain

__all__ = [
    "ANNEX_SECTION",
    "ENVIRONMENT_TENANT",
    "FILE_STEM",
    "FORMATS",
    "MULTI_TENANT_READ_ACCESS_WARNING",
    "OBJECT_CLASS",
    "OBJECT_NAME",
    "OBJECT_TYPE",
    "SECRET_OPTIONS",
    "Deployment",
    "Placement",
    "TransactionObjectSpec",
    "render_annex_cfg",
    "render_checklist_md",
    "render_files",
    "render_json",
    "render_options_cfg",
]

OBJECT_CLASS = "CfgTransaction"
OBJECT_TYPE = "CFGTRTList"
OBJECT_NAME = "hybrid_integration"
FILE_STEM = OBJECT_NAME
ENVIRONMENT_TENANT = "Environment"
DEFAULT_FOLDER = "Transactions"
# The guide lists organization_domain_suffix with the `general` options but says to create it in
# the Annex; which annex section it belongs to is not documented (unverified), `general` is our pick.
ANNEX_SECTION = "general"
SECRET_OPTIONS = frozenset({"password", "pkey"})
FORMATS = ("json", "cfg", "md")

MULTI_TENANT_READ_ACCESS_WARNING = (
    "Workspace Desktop Edition 8.5.133.02: make sure the agents of a tenant do not have READ access "
    "on the 'hybrid_integration' Transaction objects of the other tenants."
)

V = TypeVar("V")


class Deployment(StrEnum):
    SINGLE_TENANT = "single-tenant"
    MULTI_TENANT = "multi-tenant"


class Placement(BaseModel):
    """Where the object lives in Configuration Server (camelCase keys in stack YAML)."""

    model_config = ConfigDict(frozen=True, extra="forbid", alias_generator=to_camel, populate_by_name=True)

    deployment: Deployment = Field(
        Deployment.SINGLE_TENANT,
        description=(
            "`single-tenant`: the object goes in the Environment (or Resources) tenant; "
            "`multi-tenant`: one object under each tenant, since each tenant has its own Genesys Cloud org."
        ),
    )
    tenant: str = Field(
        ENVIRONMENT_TENANT,
        min_length=1,
        description="Configuration Server tenant holding the object (required for multi-tenant deployments).",
    )
    folder: str = Field(
        DEFAULT_FOLDER,
        min_length=1,
        description="Folder of the tenant where the Transaction object is created.",
    )

    @model_validator(mode="after")
    def _tenant_fits_deployment(self) -> Placement:
        if self.deployment is Deployment.MULTI_TENANT and self.tenant == ENVIRONMENT_TENANT:
            raise ValueError(
                "placement.tenant: a multi-tenant deployment needs one transaction object under each "
                "tenant; the Environment tenant cannot be shared across tenants. Set placement.tenant "
                "to the Configuration Server tenant of this Genesys Cloud org"
            )
        return self

    def warnings(self) -> tuple[str, ...]:
        return (MULTI_TENANT_READ_ACCESS_WARNING,) if self.deployment is Deployment.MULTI_TENANT else ()


class TransactionObjectSpec(BaseModel, Generic[V]):
    """The JSON spec. ``TransactionObjectSpec[str]`` parses a resolved spec; a component builds
    ``TransactionObjectSpec[Any]`` whose option values may be Pulumi Outputs (see `build`)."""

    model_config = ConfigDict(frozen=True, extra="forbid", hide_input_in_errors=True)

    object: Literal["CfgTransaction"] = OBJECT_CLASS
    type: Literal["CFGTRTList"] = OBJECT_TYPE
    name: Literal["hybrid_integration"] = OBJECT_NAME
    alias: Literal["hybrid_integration"] = OBJECT_NAME
    placement: Placement
    options: dict[str, dict[str, V]]
    annex: dict[str, dict[str, V]]
    warnings: tuple[str, ...] = ()

    @classmethod
    def build(
        cls,
        placement: Placement,
        options: Mapping[str, Mapping[str, V]],
        annex: Mapping[str, Mapping[str, V]],
    ) -> TransactionObjectSpec[V]:
        """A spec with the placement's warnings (option values are kept as they are)."""
        return cls(
            placement=placement,
            options={section: dict(values) for section, values in options.items()},
            annex={section: dict(values) for section, values in annex.items()},
            warnings=placement.warnings(),
        )

    def document(self) -> dict[str, Any]:
        """The JSON-shaped spec (Outputs among the values are left in place)."""
        return self.model_dump(mode="python", by_alias=True)

    def option(self, section: str, name: str) -> V | None:
        return self.options.get(section, {}).get(name)

    def region(self) -> Region:
        """The Genesys Cloud region, found from ``general/base_auth_url``."""
        url = self.option("general", "base_auth_url")
        if not isinstance(url, str):
            raise ValueError("the spec has no options.general.base_auth_url, so its region is unknown")
        return region_for_domain(url)


def _shown(name: str, value: Any, show_secrets: bool) -> str:
    return SECRET_MASK if name in SECRET_OPTIONS and not show_secrets else str(value)


def _sections(sections: Mapping[str, Mapping[str, Any]], show_secrets: bool) -> dict[str, dict[str, str]]:
    return {
        section: {name: _shown(name, value, show_secrets) for name, value in values.items()}
        for section, values in sections.items()
    }


def render_json(spec: TransactionObjectSpec[Any], show_secrets: bool = False) -> str:
    document = spec.document()
    document["options"] = _sections(spec.options, show_secrets)
    document["annex"] = _sections(spec.annex, show_secrets)
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _cfg_header(spec: TransactionObjectSpec[Any], part: str) -> list[str]:
    place = spec.placement
    return [
        f"# {FILE_STEM}.{part}.cfg: the {part} of the Configuration Server object {spec.name!r}",
        f"# ({spec.object}, type {spec.type}, alias {spec.alias!r}) in tenant {place.tenant!r}, "
        f"folder {place.folder!r}.",
        "# UNVERIFIED: whether Genesys Administrator Extension imports this [section] / option=value",
        "# format for Transaction objects. If it does not, enter the values by hand:",
        "# gcx transaction-object --format md prints the step-by-step checklist.",
    ]


def _cfg_body(sections: Mapping[str, Mapping[str, str]]) -> list[str]:
    lines: list[str] = []
    for section, values in sections.items():
        lines += ["", f"[{section}]"]
        for name, value in values.items():
            if "\n" in value or "\r" in value:
                raise ValueError(
                    f"option {section}/{name} holds a line break, which an option=value file cannot carry; "
                    "enter it by hand (gcx transaction-object --format md)"
                )
            lines.append(f"{name}={value}")
    return lines


def render_options_cfg(spec: TransactionObjectSpec[Any], show_secrets: bool = False) -> str:
    return "\n".join(_cfg_header(spec, "options") + _cfg_body(_sections(spec.options, show_secrets))) + "\n"


def render_annex_cfg(spec: TransactionObjectSpec[Any], show_secrets: bool = False) -> str:
    return "\n".join(_cfg_header(spec, "annex") + _cfg_body(_sections(spec.annex, show_secrets))) + "\n"


def _cell(text: str) -> str:
    # A bare "|" would end a Markdown table cell early.
    return text.replace("|", "\\|")


def _table(values: Mapping[str, str]) -> list[str]:
    rows = ["| Option | Value |", "|---|---|"]
    rows += [f"| `{name}` | `{_cell(value)}` |" for name, value in values.items()]
    return rows


def _where(place: Placement) -> list[str]:
    if place.deployment is Deployment.MULTI_TENANT:
        return [
            "Multi-tenant deployment: create a separate object under each tenant; each tenant has its own "
            "Genesys Cloud org, so an object in the Environment tenant cannot be shared.",
            f"For this org: tenant **{place.tenant}**, folder **{place.folder}**.",
        ]
    return [
        "Single-tenant deployment: the object goes in the Transactions folder of the Environment "
        "(or Resources) structure.",
        f"Here: tenant **{place.tenant}**, folder **{place.folder}**.",
    ]


def render_checklist_md(spec: TransactionObjectSpec[Any], show_secrets: bool = False) -> str:
    region = spec.region()
    place = spec.placement
    options = _sections(spec.options, show_secrets)
    annex = _sections(spec.annex, show_secrets)
    masked = not show_secrets and any(
        name in SECRET_OPTIONS for values in [*spec.options.values(), *spec.annex.values()] for name in values
    )
    lines = [
        f"# Genesys Multicloud CX: the `{spec.name}` transaction object",
        "",
        f"Genesys Cloud region: {region.location} (`{region.aws_region}`). "
        "Enter everything below in Genesys Administrator Extension (GAX).",
    ]
    if masked:
        lines += [
            "",
            f"Values shown as `{SECRET_MASK}` are secrets. To see them, run `gcx transaction-object` again "
            "with `--show-secrets` in a private terminal; never paste them into tickets or chat.",
        ]
    lines += ["", "## 1. Where to create it", "", *(f"- {line}" for line in _where(place))]
    for warning in spec.warnings:
        lines += ["", f"> **Warning:** {warning}"]
    lines += [
        "",
        "## 2. Create the object",
        "",
        f"1. In GAX, open Configuration Manager and go to tenant **{place.tenant}**, "
        f"folder **{place.folder}**.",
        "2. Create a new Transaction with:",
        f"   - Name: `{spec.name}`",
        f"   - Alias: `{spec.alias}`",
        "   - Type: **List**",
        "3. Save it before adding options.",
        "",
        "## 3. Options (Options tab)",
        "",
        "Create each section, then each option in it, exactly as written:",
    ]
    for section, values in options.items():
        lines += ["", f"### Section `{section}`", "", *_table(values)]
    lines += ["", "## 4. Annex (Annex tab)", ""]
    for section, values in annex.items():
        lines += [f"In the annex section `{section}`:", "", *_table(values), ""]
    lines += [
        "If an agent's Multicloud CX username is not an email address, this suffix is appended to the "
        "organization short name to make one.",
        "",
        "## 5. Key material: already done for you",
        "",
        "The guide's OpenSSL steps are done by gcx; you do not need to run them:",
        "",
        "- `openssl req -new -x509 -days 3652 -nodes -out cert.pem -keyout key.pem`: the SAML key pair "
        "(or the certificate and key you supplied).",
        "- `openssl base64 -in cert.pem`: the value of `saml/certificate` (on one line).",
        "- `openssl rsa -in key.pem -out key.pem.enc -aes256` with `saml/password` as the pass phrase, then "
        "`openssl base64 -in key.pem.enc`: the value of `saml/pkey` (PKCS#8, AES-256, on one line).",
        "",
        "To check them: decode `saml/pkey` with `openssl base64 -d -A`, then "
        "`openssl pkey -in key.pem.enc -noout` asks for `saml/password` and must succeed.",
        "",
        "## 6. Open your network",
        "",
        "Allow outbound HTTPS (TCP 443) from the Multicloud CX components and agent desktops to:",
        "",
        f"- `{region.login_host}` (authentication, `base_auth_url`)",
        f"- `{region.api_host}` (Genesys Cloud services, `base_service_url`)",
        f"- `{region.apps_host}` (Genesys Cloud applications and the desktop sign-in redirect)",
        "",
        "## 7. Check",
        "",
        "- `saml/issuer` must match the Genesys Cloud PureEngage identity provider's issuer URI exactly, "
        "and no other identity provider of the org may use the same issuer.",
        "- The identity provider provisions users automatically (`autoProvisionUsers`); new users get the "
        f"`{spec.option('general', 'default_agent_role_name') or 'employee'}` role, which now carries the "
        "Predictive Engagement permissions.",
        "- `saml/expire_time` is a request: Genesys Cloud may issue shorter tokens.",
    ]
    return "\n".join(lines) + "\n"


def render_files(spec: TransactionObjectSpec[Any], fmt: str, show_secrets: bool = False) -> dict[str, str]:
    """File name -> content for one output format (``json``, ``cfg`` or ``md``)."""
    if fmt == "json":
        return {f"{FILE_STEM}.json": render_json(spec, show_secrets)}
    if fmt == "cfg":
        return {
            f"{FILE_STEM}.options.cfg": render_options_cfg(spec, show_secrets),
            f"{FILE_STEM}.annex.cfg": render_annex_cfg(spec, show_secrets),
        }
    if fmt == "md":
        return {f"{FILE_STEM}.md": render_checklist_md(spec, show_secrets)}
    raise ValueError(f"unknown format {fmt!r}; use one of: {', '.join(FORMATS)}")
