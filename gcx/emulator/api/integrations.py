"""Integrations API: installed integrations, their config, the type catalog, credentials and UC apps.

Endpoints:
- GET    /api/v2/integrations -> get_integrations
- POST   /api/v2/integrations -> post_integrations
- GET    /api/v2/integrations/{integrationId} -> get_integration
- PATCH  /api/v2/integrations/{integrationId} -> patch_integration
- DELETE /api/v2/integrations/{integrationId} -> delete_integration
- GET    /api/v2/integrations/{integrationId}/config/current -> get_integration_config_current
- PUT    /api/v2/integrations/{integrationId}/config/current -> put_integration_config_current
- GET    /api/v2/integrations/types -> get_integrations_types
- GET    /api/v2/integrations/types/{typeId} -> get_integrations_type
- GET    /api/v2/integrations/types/{typeId}/configschemas/{configType} -> get_integrations_type_configschema
- GET    /api/v2/integrations/credentials -> get_integrations_credentials
- POST   /api/v2/integrations/credentials -> post_integrations_credentials
- GET    /api/v2/integrations/credentials/listing -> get_integrations_credentials_listing (cursor)
- GET    /api/v2/integrations/credentials/types -> get_integrations_credentials_types
- GET    /api/v2/integrations/credentials/{credentialId} -> get_integrations_credential
- PUT    /api/v2/integrations/credentials/{credentialId} -> put_integrations_credential
- DELETE /api/v2/integrations/credentials/{credentialId} -> delete_integrations_credential
- GET    /api/v2/integrations/unifiedcommunications/clientapps
  -> get_integrations_unifiedcommunications_clientapps
- GET    /api/v2/integrations/unifiedcommunications/clientapps/{ucIntegrationId}
  -> get_integrations_unifiedcommunications_clientapp
- PUT    /api/v2/integrations/unifiedcommunications/{ucIntegrationId}/thirdpartypresences
  -> put_integrations_unifiedcommunication_thirdpartypresences

Behaviour (`genesys-api.md` §4.1): a new integration is DISABLED with config version 1; PUT
config/current needs the current `version` (409 otherwise), checks `properties` against the
type's schema (and that `groups` ids exist) and the credentials against the type; the config
`name` is the integration's name. PATCH `intendedState` moves `reportedState` through
ACTIVATING/DEACTIVATING (for `integration_transition_seconds`) to ACTIVE/INACTIVE, or to ERROR
when the config is incomplete. DELETE returns the integration and GET answers 404 at once.

Credential values whose field is secret (`clientSecret`, `password`, ...) are stored only as
salted hashes and never returned; other fields read back. A credential still referenced by an
integration cannot be deleted (409). Each installed UC integration (8x8, Teams, Zoom,
RingCentral types) appears as a UC client app with the same id; its third-party presence
ingestion matches users by email and maps the presence onto the org's system presences.
"""

from __future__ import annotations

import time
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field
from starlette.responses import Response

from gcx.catalog.integration_types import (
    CREDENTIAL_TYPES,
    INTEGRATION_TYPES,
    IntegrationTypeSpec,
    credential_type,
    integration_type,
)
from gcx.emulator.api.presence import DefinitionRef as PresenceRef
from gcx.emulator.api.presence import PresenceBackend, UserPresenceBody
from gcx.emulator.auth import any_of, hash_secret
from gcx.emulator.context import Backend, Session
from gcx.emulator.errors import ApiError, bad_request, conflict, not_found
from gcx.emulator.paging import Cursor, Page, cursor_envelope, cursor_paging, envelope, paging
from gcx.emulator.schema_check import check
from gcx.emulator.wire import json_response, new_id, no_content, now_iso, reply

__all__ = ["IntegrationsBackend", "router"]

Doc = dict[str, Any]
VIEW, ADD, EDIT, DELETE = (f"integrations:integration:{a}" for a in ("view", "add", "edit", "delete"))
_TYPE_URI = "/api/v2/integrations/types/{}"


class _Body(BaseModel):
    model_config = ConfigDict(extra="ignore")


class TypeRef(_Body):
    id: str = Field(min_length=1)


class CreateIntegrationRequest(_Body):
    name: str | None = Field(None, max_length=200)
    integrationType: TypeRef


class IntegrationPatch(_Body):
    intendedState: Literal["ENABLED", "DISABLED", "DELETED", "RESTORED"] | None = None
    name: str | None = Field(None, min_length=1, max_length=200)
    notes: str | None = None


class CredentialRef(_Body):
    id: str = Field(min_length=1)


class IntegrationConfiguration(_Body):
    name: str | None = Field(None, max_length=200)
    version: int
    properties: dict[str, Any] = Field(default_factory=dict)
    advanced: dict[str, Any] = Field(default_factory=dict)
    notes: str | None = None
    credentials: dict[str, CredentialRef] = Field(default_factory=dict)


class CredentialTypeRef(_Body):
    name: str = Field(min_length=1)


class Credential(_Body):
    name: str | None = Field(None, max_length=200)
    type: CredentialTypeRef
    credentialFields: dict[str, str] = Field(default_factory=dict)


class ThirdPartyPresence(_Body):
    email: str = Field(min_length=3)
    presence: str = Field(min_length=1)
    message: str | None = None
    dateModified: str | None = None


def _type_view(spec: IntegrationTypeSpec) -> Doc:
    base = _TYPE_URI.format(spec.id)
    return {
        "id": spec.id,
        "name": spec.name,
        "description": spec.description,
        "provider": spec.provider,
        "category": spec.category,
        "images": [],
        "configPropertiesSchemaUri": f"{base}/configschemas/properties",
        "configAdvancedSchemaUri": f"{base}/configschemas/advanced",
        "vendorName": spec.vendor_name,
        "helpLinks": [],
        "credentials": {
            key: {"required": required, "title": title, "credentialTypes": list(types)}
            for key, (required, title, types) in spec.credentials.items()
        },
        "nonInstallable": False,
        "maxInstances": spec.max_instances,
        "userPermissions": list(spec.user_permissions),
        "vendorOAuthClientIds": [],
        "selfUri": base,
    }


def _type_ref(spec: IntegrationTypeSpec) -> Doc:
    return {
        "id": spec.id,
        "name": spec.name,
        "description": spec.description,
        "provider": spec.provider,
        "category": spec.category,
        "selfUri": _TYPE_URI.format(spec.id),
    }


class IntegrationsBackend(Backend):
    # ---- integrations ------------------------------------------------------------------------
    def _load(self, integration_id: str) -> Doc:
        return self.load("integration", integration_id, "integration")

    def _spec(self, integration: Doc) -> IntegrationTypeSpec:
        spec = integration_type(integration["integrationType"]["id"])
        assert spec is not None, "stored integrations always have a catalog type"
        return spec

    def _config_problem(self, integration: Doc) -> str | None:
        spec = self._spec(integration)
        config = integration["_config"]
        try:
            check(config["properties"], spec.properties_schema, "properties")
        except ApiError as exc:
            return exc.message
        for key, (required, _, _) in spec.credentials.items():
            if required and key not in config["credentials"]:
                return f"credential {key} is required"
        return None

    def _reported_state(self, integration: Doc) -> Doc:
        enabled = integration["intendedState"] == "ENABLED"
        changed = float(integration.get("_stateChangedAt", 0))
        settling = time.time() - changed < self.ctx.settings.integration_transition_seconds
        problem = self._config_problem(integration) if enabled else None
        if problem:
            code, detail = "ERROR", {"message": f"Configuration is incomplete: {problem}."}
        elif settling:
            code, detail = ("ACTIVATING" if enabled else "DEACTIVATING"), None
        else:
            code, detail = ("ACTIVE" if enabled else "INACTIVE"), None
        state: Doc = {
            "code": code,
            "effective": code.title(),
            "lastUpdated": integration.get("_stateChangedIso"),
        }
        if detail:
            state["detail"] = detail
        return state

    def _config_view(self, integration: Doc) -> Doc:
        config = integration["_config"]
        credentials = {}
        for key, ref in config["credentials"].items():
            stored = self.tx.get(self.org, "credential", ref["id"])
            credentials[key] = {"id": ref["id"], "name": (stored or {}).get("name", "")} | (
                {"type": stored["type"], "selfUri": f"/api/v2/integrations/credentials/{ref['id']}"}
                if stored
                else {}
            )
        return {
            "id": integration["id"],
            "name": config["name"],
            "version": config["version"],
            "properties": config["properties"],
            "advanced": config["advanced"],
            "notes": config["notes"],
            "credentials": credentials,
            "selfUri": f"/api/v2/integrations/{integration['id']}/config/current",
        }

    def integration_view(self, integration: Doc) -> Doc:
        return {k: v for k, v in integration.items() if not k.startswith("_")} | {
            "config": {"current": self._config_view(integration)},
            "reportedState": self._reported_state(integration),
            "selfUri": f"/api/v2/integrations/{integration['id']}",
        }

    def get_integrations(
        self, page: Page, type_id: str | None, reported: str | None
    ) -> tuple[list[Doc], int]:
        views = [self.integration_view(i) for i in self.tx.scan(self.org, "integration")]
        views = [
            v
            for v in views
            if (not type_id or v["integrationType"]["id"] == type_id)
            and (not reported or v["reportedState"]["code"] == reported)
        ]
        views.sort(key=lambda v: v["name"].lower())
        return page.slice(views), len(views)

    def post_integrations(self, body: CreateIntegrationRequest) -> Doc:
        spec = integration_type(body.integrationType.id)
        if spec is None:
            raise bad_request(
                f"Unknown integration type {body.integrationType.id!r}; see GET /api/v2/integrations/types.",
                "integrationType.id",
            )
        if spec.max_instances is not None:
            installed = sum(
                1 for i in self.tx.scan(self.org, "integration") if i["integrationType"]["id"] == spec.id
            )
            if installed >= spec.max_instances:
                raise bad_request(
                    f"The {spec.name} integration allows {spec.max_instances} instance(s) per organization.",
                    "integrationType.id",
                )
        name = body.name or spec.name
        stamp = now_iso()
        integration = {
            "id": new_id(),
            "name": name,
            "integrationType": _type_ref(spec),
            "notes": "",
            "intendedState": "DISABLED",
            "attributes": {},
            "_stateChangedAt": 0,
            "_stateChangedIso": stamp,
            "_config": {
                "name": name,
                "version": 1,
                "properties": {},
                "advanced": {},
                "notes": "",
                "credentials": {},
            },
        }
        return self.integration_view(self.save("integration", integration))

    def get_integration(self, integration_id: str) -> Doc:
        return self.integration_view(self._load(integration_id))

    def patch_integration(self, integration_id: str, body: IntegrationPatch) -> Doc:
        integration = self._load(integration_id)
        if body.intendedState in ("DELETED", "RESTORED"):
            raise bad_request(
                f"intendedState {body.intendedState} is not supported; use DELETE to remove an integration.",
                "intendedState",
            )
        if body.intendedState and body.intendedState != integration["intendedState"]:
            integration.update(
                intendedState=body.intendedState, _stateChangedAt=time.time(), _stateChangedIso=now_iso()
            )
        if body.name is not None:
            integration["name"] = integration["_config"]["name"] = body.name
        if body.notes is not None:
            integration["notes"] = body.notes
        return self.integration_view(self.save("integration", integration))

    def delete_integration(self, integration_id: str) -> Doc:
        integration = self._load(integration_id)
        view = self.integration_view(integration)
        self.tx.delete(self.org, "integration", integration_id)
        return view | {"intendedState": "DELETED"}

    def get_integration_config_current(self, integration_id: str) -> Doc:
        return self._config_view(self._load(integration_id))

    def put_integration_config_current(self, integration_id: str, body: IntegrationConfiguration) -> Doc:
        integration = self._load(integration_id)
        spec = self._spec(integration)
        config = integration["_config"]
        self.check_version("integration configuration", body.version, config["version"])
        check(body.properties, spec.properties_schema, "properties")
        for i, group_id in enumerate(
            body.properties.get("groups", []) if spec.id == "embedded-client-app" else []
        ):
            if self.tx.get(self.org, "group", group_id) is None:
                raise bad_request(f"Group {group_id} does not exist.", f"properties.groups[{i}]")
        credentials = {}
        for key, ref in body.credentials.items():
            stored = self.tx.get(self.org, "credential", ref.id)
            if stored is None:
                raise bad_request(f"Credential {ref.id} does not exist.", f"credentials.{key}.id")
            allowed = spec.credentials.get(key, (False, "", ()))[2]
            if allowed and stored["type"]["name"] not in allowed:
                raise bad_request(
                    f"Credential {key} must be of type {' or '.join(allowed)}, not {stored['type']['name']}.",
                    f"credentials.{key}",
                )
            credentials[key] = {"id": ref.id}
        for key, (required, title, _) in spec.credentials.items():
            if required and key not in credentials:
                raise bad_request(
                    f"The {spec.name} integration needs credential {key} ({title}).", f"credentials.{key}"
                )
        name = body.name or config["name"]
        integration["_config"] = {
            "name": name,
            "version": config["version"] + 1,
            "properties": body.properties,
            "advanced": body.advanced,
            "notes": body.notes or "",
            "credentials": credentials,
        }
        integration["name"] = name
        self.save("integration", integration)
        return self._config_view(integration)

    # ---- type catalog ------------------------------------------------------------------------
    @staticmethod
    def get_integrations_types() -> list[Doc]:
        return [_type_view(spec) for spec in sorted(INTEGRATION_TYPES, key=lambda s: s.name.lower())]

    @staticmethod
    def _type(type_id: str) -> IntegrationTypeSpec:
        spec = integration_type(type_id)
        if spec is None:
            raise not_found("integration type", type_id)
        return spec

    def get_integrations_type(self, type_id: str) -> Doc:
        return _type_view(self._type(type_id))

    def get_integrations_type_configschema(self, type_id: str, config_type: str) -> Doc:
        spec = self._type(type_id)
        if config_type == "properties":
            schema = spec.properties_schema
        elif config_type == "advanced":
            schema = {
                "$schema": "http://json-schema.org/draft-04/schema#",
                "title": "Advanced",
                "type": "object",
                "properties": {},
                "required": [],
            }
        else:
            raise not_found("config schema", config_type)
        return {"id": f"{type_id}/{config_type}", **schema}

    # ---- credentials -------------------------------------------------------------------------
    def _credential_doc(self, body: Credential, ident: str, created: str) -> Doc:
        spec = credential_type(body.type.name)
        if spec is None:
            known = ", ".join(c.name for c in CREDENTIAL_TYPES)
            raise bad_request(
                f"Unknown credential type {body.type.name!r}; use one of: {known}.", "type.name"
            )
        for field in spec.required:
            if not body.credentialFields.get(field):
                raise bad_request(
                    f"Credential field {field} is required for {spec.name}.", f"credentialFields.{field}"
                )
        if not spec.free_form:
            extra = [f for f in body.credentialFields if f not in spec.fields]
            if extra:
                raise bad_request(
                    f"{spec.name} credentials take only {', '.join(spec.fields)}.",
                    f"credentialFields.{extra[0]}",
                )
        plain = {k: v for k, v in body.credentialFields.items() if not spec.is_secret(k)}
        hidden = {k: hash_secret(v) for k, v in body.credentialFields.items() if spec.is_secret(k)}
        return {
            "id": ident,
            "name": body.name or f"{spec.name} credential",
            "type": {"name": spec.name},
            "createdDate": created,
            "modifiedDate": now_iso(),
            "_fields": plain,
            "_secretHashes": hidden,
        }

    @staticmethod
    def _credential_info(doc: Doc) -> Doc:
        return {k: v for k, v in doc.items() if not k.startswith("_")} | {
            "selfUri": f"/api/v2/integrations/credentials/{doc['id']}"
        }

    def get_integrations_credentials(self, page: Page) -> tuple[list[Doc], int]:
        docs, total = self.tx.page(self.org, "credential", limit=page.size, offset=page.offset)
        return [self._credential_info(d) for d in docs], total

    def get_integrations_credentials_listing(
        self, cursor: Cursor
    ) -> tuple[list[Doc], str | None, str | None]:
        found, previous, following = cursor.take(
            list(self.tx.scan(self.org, "credential")), key=lambda c: c["name"].lower()
        )
        return [self._credential_info(d) for d in found], previous, following

    def post_integrations_credentials(self, body: Credential) -> Doc:
        stamp = now_iso()
        return self._credential_info(self.save("credential", self._credential_doc(body, new_id(), stamp)))

    def get_integrations_credential(self, credential_id: str) -> Doc:
        doc = self.load("credential", credential_id, "credential")
        return {
            "id": doc["id"],
            "name": doc["name"],
            "type": doc["type"],
            "credentialFields": doc["_fields"],
            "selfUri": f"/api/v2/integrations/credentials/{doc['id']}",
        }

    def put_integrations_credential(self, credential_id: str, body: Credential) -> Doc:
        existing = self.load("credential", credential_id, "credential")
        doc = self._credential_doc(body, credential_id, existing["createdDate"])
        return self._credential_info(self.save("credential", doc))

    def delete_integrations_credential(self, credential_id: str) -> None:
        self.load("credential", credential_id, "credential")
        users = [
            i["name"]
            for i in self.tx.scan(self.org, "integration")
            if any(ref["id"] == credential_id for ref in i["_config"]["credentials"].values())
        ]
        if users:
            raise conflict(f"The credential is used by integration(s): {', '.join(users)}.")
        self.tx.delete(self.org, "credential", credential_id)

    @staticmethod
    def get_integrations_credentials_types() -> list[Doc]:
        return [
            {
                "id": spec.name,
                "name": spec.name,
                "properties": {
                    field: {"type": "string", "title": field, "x-secret": spec.is_secret(field)}
                    for field in spec.fields
                },
                "displayOrder": list(spec.fields),
                "required": list(spec.required),
            }
            for spec in CREDENTIAL_TYPES
        ]

    # ---- unified communications --------------------------------------------------------------
    def _uc_view(self, integration: Doc) -> Doc:
        spec = self._spec(integration)
        return {
            "id": integration["id"],
            "name": integration["name"],
            "ucIntegrationKey": {"id": spec.id, "selfUri": _TYPE_URI.format(spec.id)},
            "integrationPresenceSource": spec.presence_source,
            "pbxPermission": spec.user_permissions[0],
            "polledPresence": False,
            "includeBadge": True,
            "userPermissions": list(spec.user_permissions),
            "oauthScopes": [],
            "selfUri": f"/api/v2/integrations/unifiedcommunications/clientapps/{integration['id']}",
        }

    def _uc_integrations(self) -> list[Doc]:
        return [i for i in self.tx.scan(self.org, "integration") if self._spec(i).is_unified_communications]

    def get_integrations_unifiedcommunications_clientapps(self) -> list[Doc]:
        return [self._uc_view(i) for i in self._uc_integrations()]

    def _uc(self, uc_integration_id: str) -> Doc:
        integration = self.tx.get(self.org, "integration", uc_integration_id)
        if integration is None or not self._spec(integration).is_unified_communications:
            raise not_found("UC integration", uc_integration_id)
        return integration

    def get_integrations_unifiedcommunications_clientapp(self, uc_integration_id: str) -> Doc:
        return self._uc_view(self._uc(uc_integration_id))

    def put_integrations_unifiedcommunication_thirdpartypresences(
        self, uc_integration_id: str, presences: list[ThirdPartyPresence]
    ) -> str:
        integration = self._uc(uc_integration_id)
        if self._reported_state(integration)["code"] != "ACTIVE":
            raise bad_request(
                "The UC integration is not active; enable it before pushing presences.", "ucIntegrationId"
            )
        source = self._spec(integration).presence_source
        assert source is not None
        presence_api = self.other(PresenceBackend)
        users = {u["email"].lower(): u for u in self.tx.scan(self.org, "user") if u.get("state") != "deleted"}
        accepted = 0
        for i, item in enumerate(presences):
            definition = presence_api.definition_for(item.presence)
            if definition is None:
                raise bad_request(
                    f"Presence {item.presence!r} matches no system presence.", f"[{i}].presence"
                )
            user = users.get(item.email.lower())
            if user is None:
                continue
            presence_api.set_user_presence(
                user,
                source,
                UserPresenceBody(presenceDefinition=PresenceRef(id=definition["id"]), message=item.message),
            )
            accepted += 1
        return f"Accepted {accepted} of {len(presences)} presences"


router = APIRouter(tags=["Integrations"])
_View = Annotated[Session, Depends(any_of(VIEW))]
_Edit = Annotated[Session, Depends(any_of(EDIT))]
_UcView = Annotated[Session, Depends(any_of("integration:unifiedCommunications:view"))]


@router.get("/api/v2/integrations")
async def get_integrations(
    request: Request,
    session: _View,
    page: Annotated[Page, Depends(paging(cap=999))],
    integrationType: str | None = None,
    reportedState: Literal["ACTIVE", "ACTIVATING", "INACTIVE", "DEACTIVATING", "ERROR"] | None = None,
) -> Response:
    with session.open(IntegrationsBackend) as backend:
        entities, total = backend.get_integrations(page, integrationType, reportedState)
    return reply(envelope(request, entities, total, page))


@router.post("/api/v2/integrations")
async def post_integrations(
    body: CreateIntegrationRequest, session: Annotated[Session, Depends(any_of(ADD))]
) -> Response:
    with session.open(IntegrationsBackend) as backend:
        return reply(backend.post_integrations(body))


@router.get("/api/v2/integrations/types")
async def get_integrations_types(
    request: Request, session: _View, page: Annotated[Page, Depends(paging())]
) -> Response:
    types = IntegrationsBackend.get_integrations_types()
    return reply(envelope(request, page.slice(types), len(types), page))


@router.get("/api/v2/integrations/types/{typeId}")
async def get_integrations_type(typeId: str, session: _View) -> Response:
    with session.open(IntegrationsBackend) as backend:
        return reply(backend.get_integrations_type(typeId))


@router.get("/api/v2/integrations/types/{typeId}/configschemas/{configType}")
async def get_integrations_type_configschema(typeId: str, configType: str, session: _View) -> Response:
    with session.open(IntegrationsBackend) as backend:
        return reply(backend.get_integrations_type_configschema(typeId, configType))


@router.get("/api/v2/integrations/credentials")
async def get_integrations_credentials(
    request: Request, session: _View, page: Annotated[Page, Depends(paging())]
) -> Response:
    with session.open(IntegrationsBackend) as backend:
        entities, total = backend.get_integrations_credentials(page)
    return reply(envelope(request, entities, total, page))


@router.post("/api/v2/integrations/credentials")
async def post_integrations_credentials(
    body: Credential, session: Annotated[Session, Depends(any_of(ADD))]
) -> Response:
    with session.open(IntegrationsBackend) as backend:
        return reply(backend.post_integrations_credentials(body))


@router.get("/api/v2/integrations/credentials/listing")
async def get_integrations_credentials_listing(
    request: Request, session: _View, cursor: Annotated[Cursor, Depends(cursor_paging())]
) -> Response:
    with session.open(IntegrationsBackend) as backend:
        entities, previous, following = backend.get_integrations_credentials_listing(cursor)
    return reply(cursor_envelope(request, entities, previous, following))


@router.get("/api/v2/integrations/credentials/types")
async def get_integrations_credentials_types(session: _View) -> Response:
    return reply(IntegrationsBackend.get_integrations_credentials_types())


@router.get("/api/v2/integrations/credentials/{credentialId}")
async def get_integrations_credential(credentialId: str, session: _View) -> Response:
    with session.open(IntegrationsBackend) as backend:
        return reply(backend.get_integrations_credential(credentialId))


@router.put("/api/v2/integrations/credentials/{credentialId}")
async def put_integrations_credential(credentialId: str, body: Credential, session: _Edit) -> Response:
    with session.open(IntegrationsBackend) as backend:
        return reply(backend.put_integrations_credential(credentialId, body))


@router.delete("/api/v2/integrations/credentials/{credentialId}")
async def delete_integrations_credential(
    credentialId: str, session: Annotated[Session, Depends(any_of(DELETE))]
) -> Response:
    with session.open(IntegrationsBackend) as backend:
        backend.delete_integrations_credential(credentialId)
    return no_content()


@router.get("/api/v2/integrations/unifiedcommunications/clientapps")
async def get_integrations_unifiedcommunications_clientapps(
    request: Request, session: _UcView, page: Annotated[Page, Depends(paging())]
) -> Response:
    with session.open(IntegrationsBackend) as backend:
        apps = backend.get_integrations_unifiedcommunications_clientapps()
    return reply(envelope(request, page.slice(apps), len(apps), page))


@router.get("/api/v2/integrations/unifiedcommunications/clientapps/{ucIntegrationId}")
async def get_integrations_unifiedcommunications_clientapp(
    ucIntegrationId: str, session: _UcView
) -> Response:
    with session.open(IntegrationsBackend) as backend:
        return reply(backend.get_integrations_unifiedcommunications_clientapp(ucIntegrationId))


@router.put("/api/v2/integrations/unifiedcommunications/{ucIntegrationId}/thirdpartypresences")
async def put_integrations_unifiedcommunication_thirdpartypresences(
    ucIntegrationId: str,
    body: list[ThirdPartyPresence],
    session: Annotated[Session, Depends(any_of("integration:presence:edit"))],
) -> Response:
    with session.open(IntegrationsBackend) as backend:
        message = backend.put_integrations_unifiedcommunication_thirdpartypresences(ucIntegrationId, body)
    return json_response(message, 202)


@router.get("/api/v2/integrations/{integrationId}")
async def get_integration(integrationId: str, session: _View) -> Response:
    with session.open(IntegrationsBackend) as backend:
        return reply(backend.get_integration(integrationId))


@router.patch("/api/v2/integrations/{integrationId}")
async def patch_integration(integrationId: str, body: IntegrationPatch, session: _Edit) -> Response:
    with session.open(IntegrationsBackend) as backend:
        return reply(backend.patch_integration(integrationId, body))


@router.delete("/api/v2/integrations/{integrationId}")
async def delete_integration(
    integrationId: str, session: Annotated[Session, Depends(any_of(DELETE))]
) -> Response:
    with session.open(IntegrationsBackend) as backend:
        return reply(backend.delete_integration(integrationId))


@router.get("/api/v2/integrations/{integrationId}/config/current")
async def get_integration_config_current(integrationId: str, session: _View) -> Response:
    with session.open(IntegrationsBackend) as backend:
        return reply(backend.get_integration_config_current(integrationId))


@router.put("/api/v2/integrations/{integrationId}/config/current")
async def put_integration_config_current(
    integrationId: str, body: IntegrationConfiguration, session: _Edit
) -> Response:
    with session.open(IntegrationsBackend) as backend:
        return reply(backend.put_integration_config_current(integrationId, body))
