"""The embedded emulator behind a dev stack: `emulator_environment(workspace, stack)`.

A stack whose config says ``gcx:emulator: embedded`` targets an emulator that gcx runs itself,
in-process, persisted to ``gcx:emulatorDb`` (default ``.gcx/emulator.db`` under the project).
For such a stack `emulator_environment` starts `EmulatorServer`, makes sure each tenant's org
exists there (created through the admin API ``POST /_emulator/orgs`` with the tenant's org name,
region and short name, and the tenant's own deploy client as ``bootstrapClient``, so the stack's
secret config logs in unchanged), and yields the ``GENESYSCLOUD_GATEWAY_*`` variables that send
the provider and the dynamic resources there, for ``Stack(..., program_env=env)``. Any other
stack gets ``{}``: real orgs are reached through their regions.

Only the tenant facts an org needs are read here (`DevTenant`); the stack program validates the
rest (`components.settings`), before any API call. The Pulumi CLI ignores the ``gcx:`` keys.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from gcx.engine.errors import EngineError, ExitCode
from gcx.engine.workspace import Workspace
from gcx.regions import REGIONS

__all__ = [
    "DEFAULT_DB",
    "EMBEDDED",
    "EMULATOR_DB_KEY",
    "EMULATOR_KEY",
    "TENANT_FIELDS",
    "DevStackError",
    "DevTenant",
    "dev_tenants",
    "emulator_db",
    "emulator_environment",
    "ensure_org",
]

EMULATOR_KEY = "gcx:emulator"
EMULATOR_DB_KEY = "gcx:emulatorDb"
EMBEDDED = "embedded"
DEFAULT_DB = ".gcx/emulator.db"
TENANTS, SECRETS = "tenants", "tenantSecrets"
# The tenant settings an emulator org is made from (YAML keys of `components.settings.TenantSettings`).
TENANT_FIELDS = ("orgName", "orgShortName", "region", "oauthClientId", "oauthClientSecret")
_ADMIN_TIMEOUT = 30.0

OrgReport = Callable[["DevTenant", bool], None]


class DevStackError(EngineError):
    """The dev stack's config cannot describe its emulator orgs, or the emulator refused one."""

    exit_code = ExitCode.BAD_INPUT


@dataclass(frozen=True)
class DevTenant:
    """One tenant's org in the emulator."""

    name: str
    org_name: str
    short_name: str
    region: str
    client_id: str
    client_secret: str = field(repr=False)


def emulator_db(values: Mapping[str, str], project_dir: Path) -> Path | None:
    """The database of the embedded emulator this stack targets; None for a stack of real orgs."""
    mode = values.get(EMULATOR_KEY)
    if mode in (None, ""):
        return None
    if mode != EMBEDDED:
        raise DevStackError(
            f"{EMULATOR_KEY}: {mode!r} is not supported; use {EMBEDDED!r} (gcx runs the emulator itself) "
            "or remove the key to deploy to the tenants' real regions"
        )
    db = Path(values.get(EMULATOR_DB_KEY) or DEFAULT_DB).expanduser()
    return db if db.is_absolute() else project_dir / db


def _object(values: Mapping[str, str], key: str) -> dict[str, Any]:
    text = values.get(key)
    try:
        value = json.loads(text) if text else {}
    except ValueError:
        value = None
    if not isinstance(value, dict):
        raise DevStackError(f"{key}: must be a mapping of tenant name to settings")
    return value


def dev_tenants(values: Mapping[str, str], namespace: str) -> list[DevTenant]:
    """The emulator orgs the stack's tenants need (`namespace`: the project name)."""
    tenants = _object(values, f"{namespace}:{TENANTS}")
    secrets = _object(values, f"{namespace}:{SECRETS}")
    if not tenants:
        raise DevStackError(f"{namespace}:{TENANTS}: required; describe each tenant (see Pulumi.dev.yaml)")
    found, problems = [], []
    org_name, short_name, region, client_id, client_secret = TENANT_FIELDS
    for name, raw in tenants.items():
        plain = raw if isinstance(raw, dict) else {}
        hidden = secrets.get(name) if isinstance(secrets.get(name), dict) else {}
        facts = {key: plain.get(key) for key in TENANT_FIELDS} | {client_secret: hidden.get(client_secret)}
        missing = [
            key for key in (short_name, region, client_id, client_secret) if not isinstance(facts[key], str)
        ]
        for key in missing:
            where = SECRETS if key == client_secret else TENANTS
            problems.append(f"{namespace}:{where}.{name}.{key}: required to create the tenant's emulator org")
        if isinstance(facts[region], str) and facts[region] not in REGIONS:
            problems.append(
                f"{namespace}:{TENANTS}.{name}.{region}: unknown Genesys Cloud region {facts[region]!r}; "
                f"use one of: {', '.join(REGIONS)}"
            )
        if not missing:
            found.append(
                DevTenant(
                    name=name,
                    org_name=str(facts[org_name] or name),
                    short_name=facts[short_name],
                    region=facts[region],
                    client_id=facts[client_id],
                    client_secret=facts[client_secret],
                )
            )
    if problems:
        raise DevStackError(
            "the dev stack cannot create its emulator orgs:\n" + "\n".join(f"  {p}" for p in problems)
        )
    return found


def ensure_org(base_url: str, tenant: DevTenant, namespace: str) -> bool:
    """Create the tenant's org unless the emulator has it; True when it was created now."""
    with httpx.Client(base_url=base_url, timeout=_ADMIN_TIMEOUT) as admin:
        listed = admin.get("/_emulator/orgs", params={"shortName": tenant.short_name})
        listed.raise_for_status()
        existing = listed.json()["entities"]
        if existing:
            if existing[0]["region"] != tenant.region:
                raise DevStackError(
                    f"{namespace}:{TENANTS}.{tenant.name}.region: the emulator's org {tenant.short_name!r} "
                    f"is in {existing[0]['region']}, not {tenant.region}; delete the emulator database to "
                    "start over, or give the tenant another orgShortName"
                )
            return False
        created = admin.post(
            "/_emulator/orgs",
            json={
                "name": tenant.org_name,
                "region": tenant.region,
                "shortName": tenant.short_name,
                "bootstrapClient": {"clientId": tenant.client_id, "clientSecret": tenant.client_secret},
            },
        )
    if created.status_code != 201:
        body = (
            created.json() if created.headers.get("content-type", "").startswith("application/json") else {}
        )
        culprit = _CULPRITS.get(_field_of(body), (TENANTS, "orgShortName"))
        raise DevStackError(
            f"{namespace}:{culprit[0]}.{tenant.name}.{culprit[1]}: the emulator refused the tenant's org: "
            f"{body.get('message') or created.reason_phrase}"
        )
    return True


# Emulator admin request field -> (config key, tenant setting) it came from.
_CULPRITS = {
    "name": (TENANTS, "orgName"),
    "region": (TENANTS, "region"),
    "shortName": (TENANTS, "orgShortName"),
    "bootstrapClient.clientId": (TENANTS, "oauthClientId"),
    "bootstrapClient.clientSecret": (SECRETS, "oauthClientSecret"),
}


def _field_of(body: Mapping[str, Any]) -> str:
    """The request field an emulator error names (its first ``details`` entry)."""
    details = body.get("details") or []
    first = details[0] if details and isinstance(details[0], Mapping) else {}
    return str(first.get("fieldName") or "")


@contextmanager
def emulator_environment(
    workspace: Workspace, stack_name: str, on_org: OrgReport | None = None
) -> Iterator[dict[str, str]]:
    """For an embedded-emulator stack: the emulator running, its orgs present, and the gateway env.

    `on_org(tenant, created)` hears about each tenant's org once it is there.
    """
    values = workspace.config(stack_name).values
    db = emulator_db(values, workspace.project_dir)
    if db is None:
        yield {}
        return
    tenants = dev_tenants(values, workspace.project.name)
    db.parent.mkdir(parents=True, exist_ok=True)
    # Imported here: the emulator (FastAPI) costs most of `gcx`'s start-up, and only stacks that
    # name an embedded emulator need it.
    from gcx.emulator import EmulatorServer

    with EmulatorServer(db=str(db)) as server:
        for tenant in tenants:
            created = ensure_org(server.url, tenant, workspace.project.name)
            if on_org is not None:
                on_org(tenant, created)
        yield {
            "GENESYSCLOUD_GATEWAY_HOST": server.host,
            "GENESYSCLOUD_GATEWAY_PORT": str(server.port),
            "GENESYSCLOUD_GATEWAY_PROTOCOL": "http",
        }
