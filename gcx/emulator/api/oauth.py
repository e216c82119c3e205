"""OAuth: the login service's token endpoint, OAuth clients and the scope catalog.

Endpoints:
- POST   /oauth/token (also /login/oauth/token, for a gateway `login` path) -> token
- GET    /api/v2/oauth/clients -> get_oauth_clients
- POST   /api/v2/oauth/clients -> post_oauth_clients
- GET    /api/v2/oauth/clients/{clientId} -> get_oauth_client
- PUT    /api/v2/oauth/clients/{clientId} -> put_oauth_client
- DELETE /api/v2/oauth/clients/{clientId} -> delete_oauth_client
- POST   /api/v2/oauth/clients/{clientId}/secret -> post_oauth_client_secret
- GET    /api/v2/oauth/scopes -> get_oauth_scopes
- GET    /api/v2/oauth/scopes/{scopeId} -> get_oauth_scope

Token grants: `client_credentials` (Basic auth), `password` (username + password of a user with
a password) and `urn:ietf:params:oauth:grant-type:saml2-bearer` (`orgName` = the org short name
and an `assertion` signed by the org's PureEngage IdP; with `autoProvisionUsers` an unknown
NameID becomes a new user holding the `employee` role). Browser flows (code, implicit) are not
emulated. Token errors use the login service's `{error, description, error_description}` body;
a throttled token request is 400 `invalid_request` "rate limit exceeded; ..." (what the
Terraform provider retries).

Client rules (catalog `gcx.catalog.oauth`): the secret is returned only by POST and by
POST .../secret and stored hashed; `roleDivisions` only for CLIENT-CREDENTIALS (required),
`scope` only for the other grants (required, from the scope catalog); CODE and TOKEN need a
redirect URI; validity 300-172,800 s (CLIENT-CREDENTIALS up to 38,880,000 s). Choices: a client
may be deleted in any state; its tokens stop working at once; GET answers 404 right away.
"""

from __future__ import annotations

import base64
import binascii
import secrets
from typing import Annotated, Any, Literal
from urllib.parse import parse_qsl, urlparse

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field
from starlette.responses import Response

from gcx.catalog import oauth as catalog
from gcx.emulator.api.authorization import AuthorizationBackend
from gcx.emulator.api.users import UsersBackend
from gcx.emulator.auth import any_of, authenticated, hash_secret, issue_token, secret_matches
from gcx.emulator.context import Backend, Context, EmulatorState, Session
from gcx.emulator.errors import bad_request, not_found
from gcx.emulator.saml import SamlError, verify_assertion
from gcx.emulator.wire import json_response, new_id, no_content, now_iso, reply

__all__ = ["OAuthBackend", "OAuthClientRequest", "login_router", "router"]

Doc = dict[str, Any]
SAML2_BEARER = "urn:ietf:params:oauth:grant-type:saml2-bearer"


class RoleDivision(BaseModel):
    model_config = ConfigDict(extra="ignore")
    roleId: str = Field(min_length=1)
    divisionId: str | None = None


class OAuthClientRequest(BaseModel):
    model_config = ConfigDict(extra="ignore")
    name: str = Field(min_length=1, max_length=200)
    description: str | None = None
    accessTokenValiditySeconds: int | None = None
    registeredRedirectUri: list[str] | None = None
    roleIds: list[str] | None = None
    authorizedGrantType: Literal[
        "CODE", "TOKEN", "SAML2-BEARER", "SAML2BEARER", "PASSWORD", "CLIENT-CREDENTIALS"
    ]
    scope: list[str] | None = None
    roleDivisions: list[RoleDivision] | None = None
    state: Literal["active", "disabled", "inactive"] | None = None


class TokenError(Exception):
    """A login-service error: `{error, description, error_description}`."""

    def __init__(self, status: int, error: str, description: str) -> None:
        super().__init__(description)
        self.status, self.error, self.description = status, error, description

    def response(self) -> Response:
        body = {"error": self.error, "description": self.description, "error_description": self.description}
        return json_response(body, self.status)


def _client_uri(ident: str) -> str:
    return f"/api/v2/oauth/clients/{ident}"


class OAuthBackend(Backend):
    def _view(self, client: Doc, secret: str | None = None) -> Doc:
        view = client | {"selfUri": _client_uri(client["id"])}
        if secret is not None:
            view["secret"] = secret
        return view

    def _load_client(self, client_id: str) -> Doc:
        return self.load("oauth_client", client_id, "OAuth client")

    def _actor(self) -> Doc:
        caller = self.ctx.caller
        ident = (caller.user_id or caller.client_id) if caller else "purecloud-builtin"
        return {"id": ident, "selfUri": f"/api/v2/users/{ident}"}

    def _validated(self, body: OAuthClientRequest) -> Doc:
        grant = catalog.grant_type(body.authorizedGrantType)
        validity = body.accessTokenValiditySeconds or catalog.DEFAULT_TOKEN_VALIDITY_SECONDS
        if not catalog.MIN_TOKEN_VALIDITY_SECONDS <= validity <= grant.max_validity_seconds:
            raise bad_request(
                f"accessTokenValiditySeconds must be between {catalog.MIN_TOKEN_VALIDITY_SECONDS} and "
                f"{grant.max_validity_seconds} for {grant.api_value} clients; got {validity}.",
                "accessTokenValiditySeconds",
            )
        pairs = [rd.model_dump() for rd in body.roleDivisions or []]
        pairs += [{"roleId": r, "divisionId": None} for r in body.roleIds or []]
        scopes = list(dict.fromkeys(body.scope or []))
        redirects = list(body.registeredRedirectUri or [])
        if grant.uses_scopes:
            if pairs:
                raise bad_request(
                    f"roleDivisions apply only to CLIENT-CREDENTIALS clients, not {grant.api_value}; "
                    "give this client scopes instead.",
                    "roleDivisions",
                )
            if not scopes:
                raise bad_request(f"{grant.api_value} clients need at least one scope.", "scope")
            unknown = [s for s in scopes if s not in catalog.SCOPES]
            if unknown:
                raise bad_request(
                    f"Unknown scope(s): {', '.join(unknown)}; see GET /api/v2/oauth/scopes.", "scope"
                )
        else:
            if not pairs:
                raise bad_request(
                    "CLIENT-CREDENTIALS clients need at least one role in roleDivisions.", "roleDivisions"
                )
            scopes = []
        if grant.needs_redirect_uri and not redirects:
            raise bad_request(
                f"{grant.api_value} clients need a registeredRedirectUri.", "registeredRedirectUri"
            )
        for uri in redirects:
            parsed = urlparse(uri)
            if parsed.scheme not in ("http", "https") or not parsed.netloc:
                raise bad_request(
                    f"Redirect URI {uri!r} is not an absolute http(s) URL.", "registeredRedirectUri"
                )
        authz = self.other(AuthorizationBackend)
        home = authz.home_division()["id"]
        role_divisions = []
        for i, pair in enumerate(pairs):
            authz.load_role(pair["roleId"], field=f"roleDivisions[{i}].roleId")
            division = pair["divisionId"] or home
            if division != "*":
                authz.division_ref(division, field=f"roleDivisions[{i}].divisionId")
            if {"roleId": pair["roleId"], "divisionId": division} not in role_divisions:
                role_divisions.append({"roleId": pair["roleId"], "divisionId": division})
        return {
            "name": body.name,
            "description": body.description or "",
            "accessTokenValiditySeconds": validity,
            "registeredRedirectUri": redirects,
            "authorizedGrantType": grant.api_value,
            "scope": scopes,
            "roleDivisions": role_divisions,
            "roleIds": sorted({rd["roleId"] for rd in role_divisions}),
            "state": body.state or "active",
        }

    def create_client(self, fields: Doc, client_id: str | None = None, secret: str | None = None) -> Doc:
        secret = secret or secrets.token_urlsafe(32)
        stamp = now_iso()
        client = {
            "id": client_id or new_id(),
            **fields,
            "dateCreated": stamp,
            "dateModified": stamp,
            "createdBy": self._actor(),
            "modifiedBy": self._actor(),
            "_secretHash": hash_secret(secret),
        }
        return self._view(self.save("oauth_client", client), secret)

    def get_oauth_clients(self) -> list[Doc]:
        clients = sorted(self.tx.scan(self.org, "oauth_client"), key=lambda c: c["name"].lower())
        return [self._view(c) for c in clients]

    def post_oauth_clients(self, body: OAuthClientRequest) -> Doc:
        return self.create_client(self._validated(body))

    def get_oauth_client(self, client_id: str) -> Doc:
        return self._view(self._load_client(client_id))

    def put_oauth_client(self, client_id: str, body: OAuthClientRequest) -> Doc:
        client = self._load_client(client_id)
        client.update(self._validated(body), dateModified=now_iso(), modifiedBy=self._actor())
        return self._view(self.save("oauth_client", client))

    def delete_oauth_client(self, client_id: str) -> None:
        self._load_client(client_id)
        self.tx.delete(self.org, "oauth_client", client_id)

    def post_oauth_client_secret(self, client_id: str) -> Doc:
        client = self._load_client(client_id)
        secret = secrets.token_urlsafe(32)
        client.update(_secretHash=hash_secret(secret), dateModified=now_iso(), modifiedBy=self._actor())
        return self._view(self.save("oauth_client", client), secret)


def _scope_entities() -> list[Doc]:
    return [
        {"id": name, "description": text, "selfUri": f"/api/v2/oauth/scopes/{name}"}
        for name, text in sorted(catalog.SCOPES.items())
    ]


# ---- the token endpoint -------------------------------------------------------------------------


def _basic_credentials(request: Request, form: dict[str, str]) -> tuple[str, str]:
    header = request.headers.get("authorization", "")
    if header.lower().startswith("basic "):
        try:
            decoded = base64.b64decode(header[6:].strip()).decode()
        except (binascii.Error, UnicodeDecodeError):
            raise TokenError(
                401, "invalid_client", "The Basic authorization header is not valid base64."
            ) from None
        client_id, _, client_secret = decoded.partition(":")
        return client_id, client_secret
    return form.get("client_id", ""), form.get("client_secret", "")


def _user_by_login(ctx: Context, login: str) -> Doc | None:
    wanted = login.strip().lower()
    for user in ctx.tx.scan(ctx.org_id, "user"):
        if user.get("state") != "deleted" and wanted in (
            user.get("email", "").lower(),
            user.get("username", "").lower(),
        ):
            return user
    return None


def _saml_user(ctx: Context, form: dict[str, str]) -> Doc:
    org = ctx.tx.get("", "org", ctx.org_id) or {}
    if form.get("orgName", "").lower() != str(org.get("thirdPartyOrgName", "")).lower():
        raise TokenError(400, "invalid_grant", "orgName does not name the organization of this OAuth client.")
    idp = ctx.tx.get(ctx.org_id, "identity_provider", "pureengage")
    if idp is None or idp.get("disabled"):
        raise TokenError(
            400, "invalid_grant", "The organization has no enabled PureEngage identity provider."
        )
    certificates = [c for c in [idp.get("certificate"), *(idp.get("certificates") or [])] if c]
    try:
        subject = verify_assertion(form.get("assertion", ""), certificates, idp.get("issuerURI", ""))
    except SamlError as exc:
        raise TokenError(400, "invalid_grant", f"The SAML assertion was rejected: {exc}") from None
    user = _user_by_login(ctx, subject.name_id)
    if user is not None:
        return user
    if not idp.get("autoProvisionUsers"):
        raise TokenError(400, "invalid_grant", f"No user matches the assertion's NameID {subject.name_id!r}.")
    return UsersBackend(ctx).provision_saml_user(subject.name_id)


def _token(state: EmulatorState, request: Request, form: dict[str, str]) -> Doc:
    grant_name = form.get("grant_type", "")
    if not grant_name:
        raise TokenError(400, "invalid_request", "The grant_type form field is required.")
    grant = catalog.grant_for_token_request(grant_name)
    if grant is None:
        raise TokenError(
            400,
            "unsupported_grant_type",
            f"grant_type {grant_name!r} is not supported by the emulator; use client_credentials, password "
            f"or {SAML2_BEARER}.",
        )
    client_id, client_secret = _basic_credentials(request, form)
    retry_after = state.limiter.check(f"login:{client_id}", state.settings.rate_limit_per_minute)
    if retry_after is not None:
        raise TokenError(400, "invalid_request", f"rate limit exceeded; retry after {retry_after} seconds")
    with state.store.transaction() as tx:
        found = tx.locate("oauth_client", client_id) if client_id else None
        if found is None or not secret_matches(client_secret, found[1].get("_secretHash")):
            raise TokenError(
                401, "invalid_client", "Client authentication failed: unknown client or wrong secret."
            )
        org_id, client = found
        if client.get("state") != "active":
            raise TokenError(
                400, "invalid_client", f"The OAuth client is {client.get('state')}; no tokens are issued."
            )
        if client["authorizedGrantType"] != grant.api_value:
            raise TokenError(
                400,
                "unauthorized_client",
                f"This client's grant type is {client['authorizedGrantType']}, not {grant.api_value}.",
            )
        ctx = Context(tx, org_id, None, str(request.base_url).rstrip("/"), state.settings)
        if grant.api_value == "CLIENT-CREDENTIALS":
            return issue_token(tx, org_id, client, None, [])
        if grant.api_value == "PASSWORD":
            user = _user_by_login(ctx, form.get("username", ""))
            if user is None or not secret_matches(form.get("password", ""), user.get("_passwordHash")):
                raise TokenError(400, "invalid_grant", "Unknown username or wrong password.")
        else:
            user = _saml_user(ctx, form)
        if user.get("state") != "active":
            raise TokenError(400, "invalid_grant", f"The user is {user.get('state')} and cannot sign in.")
        return issue_token(tx, org_id, client, user["id"], client.get("scope") or [])


login_router = APIRouter(tags=["Login"])


@login_router.post("/oauth/token")
@login_router.post("/login/oauth/token", include_in_schema=False)
async def token(request: Request) -> Response:
    state: EmulatorState = request.app.state.emulator
    if "application/x-www-form-urlencoded" not in request.headers.get("content-type", ""):
        return TokenError(
            400, "invalid_request", "The body must be application/x-www-form-urlencoded."
        ).response()
    try:
        form = dict(parse_qsl((await request.body()).decode(), keep_blank_values=True))
    except (UnicodeDecodeError, ValueError):
        return TokenError(400, "invalid_request", "The form body cannot be decoded.").response()
    try:
        return json_response(_token(state, request, form))
    except TokenError as exc:
        return exc.response()


router = APIRouter(tags=["OAuth"])
_View = Annotated[Session, Depends(any_of("oauth:client:view"))]
_Edit = Annotated[Session, Depends(any_of("oauth:client:edit"))]


@router.get("/api/v2/oauth/clients")
async def get_oauth_clients(session: _View) -> Response:
    with session.open(OAuthBackend) as backend:
        clients = backend.get_oauth_clients()
    total = len(clients)
    return reply(
        {
            "entities": clients,
            "pageSize": total,
            "pageNumber": 1,
            "total": total,
            "pageCount": 1,
            "selfUri": "/api/v2/oauth/clients",
        }
    )


@router.post("/api/v2/oauth/clients")
async def post_oauth_clients(
    body: OAuthClientRequest, session: Annotated[Session, Depends(any_of("oauth:client:add"))]
) -> Response:
    with session.open(OAuthBackend) as backend:
        return reply(backend.post_oauth_clients(body))


@router.get("/api/v2/oauth/clients/{clientId}")
async def get_oauth_client(clientId: str, session: _View) -> Response:
    with session.open(OAuthBackend) as backend:
        return reply(backend.get_oauth_client(clientId))


@router.put("/api/v2/oauth/clients/{clientId}")
async def put_oauth_client(clientId: str, body: OAuthClientRequest, session: _Edit) -> Response:
    with session.open(OAuthBackend) as backend:
        return reply(backend.put_oauth_client(clientId, body))


@router.delete("/api/v2/oauth/clients/{clientId}")
async def delete_oauth_client(
    clientId: str, session: Annotated[Session, Depends(any_of("oauth:client:delete"))]
) -> Response:
    with session.open(OAuthBackend) as backend:
        backend.delete_oauth_client(clientId)
    return no_content()


@router.post("/api/v2/oauth/clients/{clientId}/secret")
async def post_oauth_client_secret(clientId: str, session: _Edit) -> Response:
    with session.open(OAuthBackend) as backend:
        return reply(backend.post_oauth_client_secret(clientId))


@router.get("/api/v2/oauth/scopes")
async def get_oauth_scopes(session: Annotated[Session, Depends(authenticated)]) -> Response:
    entities = _scope_entities()
    return reply({"total": len(entities), "entities": entities, "selfUri": "/api/v2/oauth/scopes"})


@router.get("/api/v2/oauth/scopes/{scopeId}")
async def get_oauth_scope(scopeId: str, session: Annotated[Session, Depends(authenticated)]) -> Response:
    for entity in _scope_entities():
        if entity["id"] == scopeId:
            return reply(entity)
    raise not_found("OAuth scope", scopeId)
