"""Organization API: the caller's org, its feature flags and its authentication settings.

Endpoints:
- GET /api/v2/organizations/me -> get_organizations_me
- PUT /api/v2/organizations/me -> put_organizations_me
- PATCH /api/v2/organizations/features/{featureName} -> patch_organizations_feature
- GET /api/v2/organizations/authentication/settings -> get_organizations_authentication_settings
- PATCH /api/v2/organizations/authentication/settings -> patch_organizations_authentication_settings

`thirdPartyOrgName` is the org short name: set at creation, unique, never changed. Orgs are
stored outside any org (org key ``""``, kind ``org``) with the short name as the indexed name.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends
from pydantic import BaseModel, ConfigDict, Field
from starlette.responses import Response

from gcx.emulator.auth import any_of, authenticated
from gcx.emulator.context import Backend, Session
from gcx.emulator.errors import bad_request, not_found
from gcx.emulator.wire import reply

__all__ = ["FEATURE_NAMES", "OrganizationsBackend", "router"]

Doc = dict[str, Any]
ADMIN = "directory:organization:admin"

FEATURE_NAMES = (
    "realtimeCIC",
    "purecloud",
    "hipaa",
    "ucEnabled",
    "pci",
    "purecloudVoice",
    "xmppFederation",
    "chat",
    "informalPhotos",
    "directory",
    "contactCenter",
    "unifiedCommunications",
    "custserv",
)

DEFAULT_AUTH_SETTINGS: Doc = {
    "multifactorAuthenticationRequired": False,
    "domainAllowlistEnabled": False,
    "domainAllowlist": [],
    "ipAddressAllowlist": [],
    "passwordRequirements": {
        "minimumLength": 8,
        "minimumDigits": 1,
        "minimumLetters": 0,
        "minimumUpper": 1,
        "minimumLower": 1,
        "minimumSpecials": 1,
        "minimumAgeSeconds": 0,
        "expirationDays": 0,
    },
    "inactivityTimeoutExclusions": [],
    "universalLogout": False,
    "tokenStorageLocation": "persistent",
}


class _Body(BaseModel):
    model_config = ConfigDict(extra="ignore")


class OrganizationUpdate(_Body):
    name: str | None = Field(None, min_length=1)
    defaultLanguage: str | None = None
    defaultCountryCode: str | None = Field(None, pattern=r"^[A-Z]{2}$")
    thirdPartyOrgName: str | None = None
    thirdPartyURI: str | None = None
    domain: str | None = None
    supportURI: str | None = None
    voicemailEnabled: bool | None = None
    version: int


class FeatureUpdate(_Body):
    enabled: bool


class PasswordRequirements(_Body):
    minimumLength: int | None = Field(None, ge=8, le=64)
    minimumDigits: int | None = Field(None, ge=0)
    minimumLetters: int | None = Field(None, ge=0)
    minimumUpper: int | None = Field(None, ge=0)
    minimumLower: int | None = Field(None, ge=0)
    minimumSpecials: int | None = Field(None, ge=0)
    minimumAgeSeconds: int | None = Field(None, ge=0)
    expirationDays: int | None = Field(None, ge=0)


class OrgAuthSettingsPatch(_Body):
    multifactorAuthenticationRequired: bool | None = None
    domainAllowlistEnabled: bool | None = None
    domainAllowlist: list[str] | None = None
    ipAddressAllowlist: list[str] | None = None
    passwordRequirements: PasswordRequirements | None = None
    inactivityTimeoutExclusions: list[str] | None = None
    universalLogout: bool | None = None
    tokenStorageLocation: Literal["persistent", "session"] | None = None


class OrganizationsBackend(Backend):
    def org_doc(self) -> Doc:
        doc = self.tx.get("", "org", self.org)
        if doc is None:
            raise not_found("organization", self.org)
        return doc

    def get_organizations_me(self) -> Doc:
        return self.org_doc() | {"selfUri": f"/api/v2/organizations/{self.org}"}

    def put_organizations_me(self, body: OrganizationUpdate) -> Doc:
        doc = self.org_doc()
        self.check_version("organization", body.version, doc["version"])
        if body.thirdPartyOrgName is not None and body.thirdPartyOrgName != doc["thirdPartyOrgName"]:
            raise bad_request(
                "thirdPartyOrgName (the organization short name) cannot be changed.", "thirdPartyOrgName"
            )
        changes = body.model_dump(exclude_none=True, exclude={"version", "thirdPartyOrgName"})
        doc.update(changes, version=doc["version"] + 1)
        self.tx.put("", "org", doc, name=doc["thirdPartyOrgName"])
        return self.get_organizations_me()

    def patch_organizations_feature(self, feature_name: str, enabled: bool) -> Doc:
        if feature_name not in FEATURE_NAMES:
            raise bad_request(
                f"Unknown feature {feature_name!r}; use one of: {', '.join(FEATURE_NAMES)}.", "featureName"
            )
        doc = self.org_doc()
        doc["features"] = {**doc.get("features", {}), feature_name: enabled}
        self.tx.put("", "org", doc, name=doc["thirdPartyOrgName"])
        return {name: bool(doc["features"].get(name, False)) for name in FEATURE_NAMES} | {"id": self.org}

    def get_organizations_authentication_settings(self) -> Doc:
        stored = self.tx.get(self.org, "settings", "authentication")
        return {
            k: v
            for k, v in (stored or {"id": "authentication", **DEFAULT_AUTH_SETTINGS}).items()
            if k != "id"
        }

    def patch_organizations_authentication_settings(self, body: OrgAuthSettingsPatch) -> Doc:
        current = self.get_organizations_authentication_settings()
        changes = body.model_dump(exclude_none=True)
        if "passwordRequirements" in changes:
            changes["passwordRequirements"] = (
                current["passwordRequirements"] | changes["passwordRequirements"]
            )
        updated = current | changes
        self.save("settings", {"id": "authentication", **updated}, name="")
        return updated


router = APIRouter(tags=["Organization"])


@router.get("/api/v2/organizations/me")
async def get_organizations_me(session: Annotated[Session, Depends(authenticated)]) -> Response:
    with session.open(OrganizationsBackend) as backend:
        return reply(backend.get_organizations_me())


@router.put("/api/v2/organizations/me")
async def put_organizations_me(
    body: OrganizationUpdate, session: Annotated[Session, Depends(any_of(ADMIN))]
) -> Response:
    with session.open(OrganizationsBackend) as backend:
        return reply(backend.put_organizations_me(body))


@router.patch("/api/v2/organizations/features/{featureName}")
async def patch_organizations_feature(
    featureName: str,
    body: FeatureUpdate,
    session: Annotated[Session, Depends(any_of(ADMIN))],
) -> Response:
    with session.open(OrganizationsBackend) as backend:
        return reply(backend.patch_organizations_feature(featureName, body.enabled))


@router.get("/api/v2/organizations/authentication/settings")
async def get_organizations_authentication_settings(
    session: Annotated[Session, Depends(any_of(ADMIN))],
) -> Response:
    with session.open(OrganizationsBackend) as backend:
        return reply(backend.get_organizations_authentication_settings())


@router.patch("/api/v2/organizations/authentication/settings")
async def patch_organizations_authentication_settings(
    body: OrgAuthSettingsPatch, session: Annotated[Session, Depends(any_of(ADMIN))]
) -> Response:
    with session.open(OrganizationsBackend) as backend:
        return reply(backend.patch_organizations_authentication_settings(body))
