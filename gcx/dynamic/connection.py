"""How a dynamic resource reaches one Genesys Cloud org: `GenesysConnectionArgs` and its checks.

The connection travels as an ordinary input (``connection``), so its client secret and access
token are Pulumi secrets in state and previews, and the provider reads it afresh on every call
from the properties the engine hands over. Nothing about the org is kept on the provider object,
which is pickled into state.

Where requests go (the region's hosts, or a gateway such as the emulator) is decided the way the
Terraform provider decides it: `gcx.provider.config.parse_provider_config`, with the process
environment supplying ``GENESYSCLOUD_GATEWAY_*``, proxy and retry settings. Credential and
region variables (``GENESYSCLOUD_OAUTHCLIENT_*``, ``GENESYSCLOUD_ACCESS_TOKEN``,
``GENESYSCLOUD_REGION``) are ignored here: a resource must never fall back to whichever org the
shell happens to point at. The token pool holds one token unless ``GENESYSCLOUD_TOKEN_POOL_SIZE``
says otherwise.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pulumi

from gcx.engine.plugin import is_unknown
from gcx.provider.config import ProviderConfig, ProviderConfigError, parse_provider_config
from gcx.regions import REGIONS

__all__ = [
    "CONNECTION",
    "GenesysConnectionArgs",
    "connection_failures",
    "connection_provider_config",
    "same_org",
]

CONNECTION = "connection"
# Keys of the ``connection`` input (dynamic resources keep Python names on the wire).
_FIELDS = ("aws_region", "oauthclient_id", "oauthclient_secret", "access_token")
_WIRE_NAMES = {
    "aws_region": "awsRegion",
    "oauthclient_id": "oauthclientId",
    "oauthclient_secret": "oauthclientSecret",
    "access_token": "accessToken",
}
_POOL_ENV = "GENESYSCLOUD_TOKEN_POOL_SIZE"
# Environment variables that would pick an org; only transport settings may come from the shell.
_ORG_ENV = frozenset(
    {
        "GENESYSCLOUD_OAUTHCLIENT_ID",
        "GENESYSCLOUD_OAUTHCLIENT_SECRET",
        "GENESYSCLOUD_ACCESS_TOKEN",
        "GENESYSCLOUD_REGION",
    }
)


@dataclass(frozen=True)
class GenesysConnectionArgs:
    """One tenant org: its region and a client-credentials client (or a ready access token).

    `oauthclient_secret` and `access_token` are always sent as Pulumi secrets.
    """

    aws_region: pulumi.Input[str]
    oauthclient_id: pulumi.Input[str] | None = None
    oauthclient_secret: pulumi.Input[str] | None = None
    access_token: pulumi.Input[str] | None = None

    def to_input(self) -> dict[str, Any]:
        """The ``connection`` input value (secrets wrapped; unset fields left out)."""
        value: dict[str, Any] = {"aws_region": self.aws_region}
        if self.oauthclient_id is not None:
            value["oauthclient_id"] = self.oauthclient_id
        if self.oauthclient_secret is not None:
            value["oauthclient_secret"] = pulumi.Output.secret(self.oauthclient_secret)
        if self.access_token is not None:
            value["access_token"] = pulumi.Output.secret(self.access_token)
        return value


def connection_failures(value: Any) -> list[tuple[str, str]]:
    """(property, reason) pairs for a ``connection`` input; unknown values pass (preview)."""
    if value is None:
        return [(CONNECTION, "connection is required: pass GenesysConnectionArgs(aws_region=..., ...)")]
    if is_unknown(value):
        return []
    if not isinstance(value, Mapping):
        return [(CONNECTION, "connection must be a GenesysConnectionArgs (region and credentials)")]
    failures: list[tuple[str, str]] = []
    for key in value:
        if key not in _FIELDS:
            failures.append(
                (f"{CONNECTION}.{key}", f"connection has no field {key!r}; fields: {', '.join(_FIELDS)}")
            )
    region = value.get("aws_region")
    if region is None:
        failures.append((f"{CONNECTION}.aws_region", "connection.aws_region is required, e.g. 'us-east-1'"))
    elif not is_unknown(region) and str(region).lower() not in REGIONS:
        failures.append(
            (
                f"{CONNECTION}.aws_region",
                f"connection.aws_region {region!r} is not a Genesys Cloud region; use one of "
                + ", ".join(REGIONS),
            )
        )

    def given(key: str) -> bool:
        return value.get(key) not in (None, "")

    if not given("access_token"):
        if not given("oauthclient_id"):
            failures.append(
                (
                    f"{CONNECTION}.oauthclient_id",
                    "connection needs oauthclient_id and oauthclient_secret (a client-credentials "
                    "client of the org), or access_token",
                )
            )
        elif not given("oauthclient_secret"):
            failures.append(
                (
                    f"{CONNECTION}.oauthclient_secret",
                    "connection.oauthclient_secret is required with oauthclient_id; pass it as a secret",
                )
            )
    return failures


def connection_provider_config(
    props: Mapping[str, Any], env: Mapping[str, str] | None = None
) -> ProviderConfig:
    """The API client configuration for the ``connection`` in a resource's properties."""
    connection = props.get(CONNECTION)
    problems = connection_failures(connection)
    if problems:
        raise ValueError("; ".join(reason for _, reason in problems))
    assert isinstance(connection, Mapping)
    raw = {_WIRE_NAMES[k]: v for k, v in connection.items() if v not in (None, "")}
    transport_env = {k: v for k, v in (os.environ if env is None else env).items() if k not in _ORG_ENV}
    if _POOL_ENV not in transport_env:
        # A handful of calls per resource: one token serves them; a pool would mint one per slot.
        raw["tokenPoolSize"] = 1
    try:
        return parse_provider_config(raw, env=transport_env)
    except ProviderConfigError as exc:
        raise ValueError(f"connection: {exc}") from None


def same_org(old: Any, new: Any) -> bool:
    """False when the connection points at another region (hence another org)."""
    if not isinstance(old, Mapping) or not isinstance(new, Mapping):
        return old == new
    old_region, new_region = old.get("aws_region"), new.get("aws_region")
    if is_unknown(new_region):
        return False
    return str(old_region).lower() == str(new_region).lower()
