"""The emulator's own admin API (`/_emulator/*`): orgs, reset, run-time settings and stats.

Endpoints (no authentication: the emulator is a local test double):
- POST   /_emulator/orgs            create an org seeded like a new real one; 201 with its bootstrap
                                    client id and secret (the only time the secret is shown)
- GET    /_emulator/orgs            list orgs (`?shortName=` filters); never returns secrets
- DELETE /_emulator/orgs/{orgId}    remove an org and everything in it
- POST   /_emulator/reset           remove every org
- GET    /_emulator/settings        rate limit, faults, simulated delays
- PUT    /_emulator/settings        change them (fields left out keep their value)
- GET    /_emulator/stats           request counts per (method, route template) since the last reset
- DELETE /_emulator/stats           start counting again

A new org gets: its Organization record (`thirdPartyOrgName` = the short name), a home division,
the built-in roles, the system presence definitions, and a client-credentials OAuth client
holding the `admin` role in the home division. `bootstrapClient` (an emulator extension) lets a
dev stack choose that client's id and secret so it can keep them as ordinary secret config.

Choices: short names are lower-case `[a-z0-9]+`, derived from the name when omitted (with a
number appended when taken); a taken explicit short name is 409. `defaultCountryCode` follows
the region's country (`_REGION_COUNTRY`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, ConfigDict, Field
from starlette.responses import Response

from gcx.emulator.api.authorization import AuthorizationBackend
from gcx.emulator.api.oauth import OAuthBackend
from gcx.emulator.api.presence import PresenceBackend
from gcx.emulator.context import Context, EmulatorState
from gcx.emulator.errors import bad_request, conflict, not_found
from gcx.emulator.settings import EmulatorSettings
from gcx.emulator.store import Store
from gcx.emulator.wire import json_response, new_id, no_content, now_iso
from gcx.regions import UnknownRegionError, get_region

__all__ = ["CreatedOrg", "create_org", "list_orgs", "reset_all", "router"]

_SHORT_NAME = re.compile(r"^[a-z0-9]+$")
_REGION_COUNTRY = {
    "us-east-1": "US",
    "us-east-2": "US",
    "us-west-2": "US",
    "ca-central-1": "CA",
    "sa-east-1": "BR",
    "mx-central-1": "MX",
    "eu-west-1": "IE",
    "eu-west-2": "GB",
    "eu-central-1": "DE",
    "eu-central-2": "CH",
    "me-central-1": "AE",
    "ap-south-1": "IN",
    "ap-southeast-1": "SG",
    "ap-southeast-2": "AU",
    "ap-northeast-1": "JP",
    "ap-northeast-2": "KR",
    "ap-northeast-3": "JP",
    "eusc-de-east-1": "DE",
}


class BootstrapClient(BaseModel):
    model_config = ConfigDict(extra="forbid")
    clientId: str = Field(min_length=1, max_length=200)
    clientSecret: str = Field(min_length=8, max_length=500)


class OrgRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=200)
    region: str = "us-east-1"
    shortName: str | None = None
    bootstrapClient: BootstrapClient | None = None


class SettingsUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    rateLimitPerMinute: int | None = Field(None, ge=0)
    errorRate: float | None = Field(None, ge=0, le=1)
    latencyMs: float | None = Field(None, ge=0, le=60_000)
    readAfterWriteLagMs: float | None = Field(None, ge=0, le=600_000)
    seed: int | None = None
    smsProvisioningSeconds: float | None = Field(None, ge=0, le=3600)
    smsProvisioningFailures: int | None = Field(None, ge=0, le=10_000)
    integrationTransitionSeconds: float | None = Field(None, ge=0, le=3600)


@dataclass(frozen=True)
class CreatedOrg:
    org_id: str
    name: str
    short_name: str
    region: str
    client_id: str
    client_secret: str

    def to_wire(self) -> dict[str, str]:
        return {
            "orgId": self.org_id,
            "name": self.name,
            "shortName": self.short_name,
            "region": self.region,
            "clientId": self.client_id,
            "clientSecret": self.client_secret,
        }


def _short_name(store_tx: Any, name: str, wanted: str | None) -> str:
    if wanted is not None:
        if not _SHORT_NAME.match(wanted):
            raise bad_request(
                f"shortName {wanted!r} must be lower-case letters and digits only (for example 'acme').",
                "shortName",
            )
        if store_tx.find_by_name("", "org", wanted) is not None:
            raise conflict(f"The short name {wanted!r} is taken by another organization.", "shortName")
        return wanted
    base = re.sub(r"[^a-z0-9]", "", name.lower()) or "org"
    candidate, n = base, 1
    while store_tx.find_by_name("", "org", candidate) is not None:
        n += 1
        candidate = f"{base}{n}"
    return candidate


def create_org(
    store: Store,
    settings: EmulatorSettings,
    request: OrgRequest,
    base_url: str = "http://localhost",
) -> CreatedOrg:
    """Create and seed an org in one transaction; the bootstrap secret is returned only here."""
    try:
        region = get_region(request.region)
    except UnknownRegionError as exc:
        raise bad_request(str(exc), "region") from None
    with store.transaction() as tx:
        short_name = _short_name(tx, request.name, request.shortName)
        wanted_client = request.bootstrapClient
        if wanted_client and tx.locate("oauth_client", wanted_client.clientId) is not None:
            raise conflict(
                f"The OAuth client id {wanted_client.clientId!r} is already in use.",
                "bootstrapClient.clientId",
            )
        org_id = new_id()
        tx.put(
            "",
            "org",
            {
                "id": org_id,
                "name": request.name,
                "defaultLanguage": "en-us",
                "defaultCountryCode": _REGION_COUNTRY.get(region.aws_region, "US"),
                "thirdPartyOrgName": short_name,
                "thirdPartyURI": "",
                "domain": short_name,
                "features": {},
                "version": 1,
                "state": "active",
                "voicemailEnabled": True,
                "productPlatform": "GenesysCloud",
                "_region": region.aws_region,
                "_created": now_iso(),
            },
            name=short_name,
        )
        ctx = Context(tx, org_id, None, base_url, settings)
        authz = AuthorizationBackend(ctx)
        home = authz.seed_home_division()
        roles = authz.seed_built_in_roles()
        PresenceBackend(ctx).seed_system_presences()
        client = OAuthBackend(ctx).create_client(
            {
                "name": "Emulator bootstrap client",
                "description": "Client-credentials client created with the organization (admin role).",
                "accessTokenValiditySeconds": 86_400,
                "registeredRedirectUri": [],
                "authorizedGrantType": "CLIENT-CREDENTIALS",
                "scope": [],
                "roleDivisions": [{"roleId": roles["admin"]["id"], "divisionId": home["id"]}],
                "roleIds": [roles["admin"]["id"]],
                "state": "active",
            },
            client_id=wanted_client.clientId if wanted_client else None,
            secret=wanted_client.clientSecret if wanted_client else None,
        )
    return CreatedOrg(org_id, request.name, short_name, region.aws_region, client["id"], client["secret"])


def list_orgs(store: Store, short_name: str | None = None) -> list[dict[str, str]]:
    with store.transaction() as tx:
        orgs = list(tx.scan("", "org"))
    return [
        {"orgId": o["id"], "name": o["name"], "shortName": o["thirdPartyOrgName"], "region": o["_region"]}
        for o in orgs
        if short_name is None or o["thirdPartyOrgName"] == short_name.lower()
    ]


def reset_all(state: EmulatorState) -> None:
    with state.store.transaction() as tx:
        tx.delete_everything()
    state.auth.forget()
    state.limiter.reset()
    state.stats.reset()


router = APIRouter(prefix="/_emulator", tags=["Emulator admin"])


def _state(request: Request) -> EmulatorState:
    return request.app.state.emulator


@router.post("/orgs", status_code=201)
async def post_orgs(body: OrgRequest, request: Request) -> Response:
    state = _state(request)
    created = create_org(state.store, state.settings, body, str(request.base_url).rstrip("/"))
    return json_response(created.to_wire(), 201)


@router.get("/orgs")
async def get_orgs(request: Request, shortName: Annotated[str | None, Query()] = None) -> Response:
    orgs = list_orgs(_state(request).store, shortName)
    return json_response({"entities": orgs, "total": len(orgs)})


@router.delete("/orgs/{orgId}")
async def delete_org(orgId: str, request: Request) -> Response:
    state = _state(request)
    with state.store.transaction() as tx:
        if tx.get("", "org", orgId) is None:
            raise not_found("organization", orgId)
        tx.delete("", "org", orgId)
        tx.delete_org(orgId)
        for claim in list(tx.scan("", "sms_claim")):
            if claim.get("orgId") == orgId:
                tx.delete("", "sms_claim", claim["id"])
    state.auth.forget()
    return no_content()


@router.post("/reset")
async def post_reset(request: Request) -> Response:
    reset_all(_state(request))
    return no_content()


@router.get("/settings")
async def get_settings(request: Request) -> Response:
    return json_response(_state(request).settings.to_wire())


@router.put("/settings")
async def put_settings(body: SettingsUpdate, request: Request) -> Response:
    settings = _state(request).settings
    fields = body.model_fields_set
    if "rateLimitPerMinute" in fields:
        settings.rate_limit_per_minute = body.rateLimitPerMinute or None
    if body.errorRate is not None:
        settings.faults.error_rate = body.errorRate
    if body.latencyMs is not None:
        settings.faults.latency_ms = body.latencyMs
    if body.readAfterWriteLagMs is not None:
        settings.faults.read_after_write_lag_ms = body.readAfterWriteLagMs
    if "seed" in fields:
        settings.faults.seed = body.seed
    if body.smsProvisioningSeconds is not None:
        settings.sms_provisioning_seconds = body.smsProvisioningSeconds
    if body.smsProvisioningFailures is not None:
        settings.sms_provisioning_failures = body.smsProvisioningFailures
    if body.integrationTransitionSeconds is not None:
        settings.integration_transition_seconds = body.integrationTransitionSeconds
    return json_response(settings.to_wire())


@router.get("/stats")
async def get_stats(request: Request) -> Response:
    return json_response({"requests": _state(request).stats.snapshot()})


@router.delete("/stats")
async def delete_stats(request: Request) -> Response:
    _state(request).stats.reset()
    return no_content()
