"""Token introspection and revocation for the calling token, and the org's idle token timeout.

Endpoints:
- GET    /api/v2/tokens/me -> get_tokens_me
- HEAD   /api/v2/tokens/me -> head_tokens_me
- DELETE /api/v2/tokens/me -> delete_tokens_me
- GET    /api/v2/tokens/timeout -> get_tokens_timeout
- PUT    /api/v2/tokens/timeout -> put_tokens_timeout

`OAuthClient.organization.id` is the caller's org id; the Terraform provider compares it with
`purecloud-builtin` (UI-issued tokens), which the emulator never issues.

The idle token timeout (IdleTokenTimeout) is 5 minutes to 8 hours, at most 15 minutes while the
org's `hipaa` feature is on (the Terraform provider's documented bounds); GET needs any valid
token, PUT `directory:organization:admin`. Choices: a new org has it off at 15 minutes; PUT
replaces the setting (a field left out takes its default); the emulator stores the setting but
does not expire idle tokens (none of its clients keeps a browser session).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends
from pydantic import BaseModel, ConfigDict
from starlette.responses import Response

from gcx.emulator.api.organizations import ADMIN, OrganizationsBackend
from gcx.emulator.auth import any_of, authenticated
from gcx.emulator.context import Backend, Session
from gcx.emulator.errors import bad_request, not_found
from gcx.emulator.wire import no_content, reply

__all__ = ["TokensBackend", "router"]

Doc = dict[str, Any]
_CLIENT_FIELDS = (
    "id",
    "name",
    "dateCreated",
    "dateModified",
    "createdBy",
    "modifiedBy",
    "authorizedGrantType",
    "scope",
    "roleDivisions",
    "state",
)
MIN_IDLE_SECONDS, MAX_IDLE_SECONDS, MAX_HIPAA_IDLE_SECONDS = 300, 28_800, 900
DEFAULT_IDLE_TIMEOUT: Doc = {"idleTokenTimeoutSeconds": 900, "enableIdleTokenTimeout": False}


class IdleTokenTimeout(BaseModel):
    model_config = ConfigDict(extra="ignore")

    idleTokenTimeoutSeconds: int | None = None
    enableIdleTokenTimeout: bool | None = None


class TokensBackend(Backend):
    def get_tokens_me(self) -> Doc:
        caller = self.ctx.caller
        assert caller is not None
        org = self.tx.get("", "org", self.org)
        client = self.tx.get(self.org, "oauth_client", caller.client_id)
        if org is None or client is None:
            raise not_found("token")
        org_ref = {"id": org["id"], "name": org["name"]}
        return {
            "organization": org_ref,
            "homeOrganization": org_ref,
            "authorizedScope": list(caller.scopes),
            "OAuthClient": {k: client[k] for k in _CLIENT_FIELDS if k in client} | {"organization": org_ref},
        }

    def delete_tokens_me(self) -> None:
        caller = self.ctx.caller
        assert caller is not None
        self.tx.delete(self.org, "token", caller.token_hash)

    def get_tokens_timeout(self) -> Doc:
        stored = self.tx.get(self.org, "settings", "tokenTimeout") or {}
        return DEFAULT_IDLE_TIMEOUT | {k: v for k, v in stored.items() if k != "id"}

    def put_tokens_timeout(self, body: IdleTokenTimeout) -> Doc:
        wanted = DEFAULT_IDLE_TIMEOUT | body.model_dump(exclude_none=True)
        seconds = wanted["idleTokenTimeoutSeconds"]
        features = self.other(OrganizationsBackend).org_doc().get("features") or {}
        ceiling = MAX_HIPAA_IDLE_SECONDS if features.get("hipaa") else MAX_IDLE_SECONDS
        if not MIN_IDLE_SECONDS <= seconds <= ceiling:
            hipaa = " while the org's hipaa feature is on" if ceiling == MAX_HIPAA_IDLE_SECONDS else ""
            raise bad_request(
                f"idleTokenTimeoutSeconds must be {MIN_IDLE_SECONDS} to {ceiling} seconds{hipaa}, "
                f"not {seconds}.",
                "idleTokenTimeoutSeconds",
            )
        self.save("settings", {"id": "tokenTimeout", **wanted}, name="")
        return wanted


router = APIRouter(tags=["Tokens"])
_AnyToken = Annotated[Session, Depends(authenticated)]


@router.get("/api/v2/tokens/me")
async def get_tokens_me(session: _AnyToken, preserveIdleTTL: bool = False) -> Response:
    with session.open(TokensBackend) as backend:
        return reply(backend.get_tokens_me())


@router.head("/api/v2/tokens/me")
async def head_tokens_me(session: _AnyToken) -> Response:
    return Response(status_code=200)


@router.delete("/api/v2/tokens/me")
async def delete_tokens_me(session: _AnyToken) -> Response:
    with session.open(TokensBackend) as backend:
        backend.delete_tokens_me()
    return no_content()


@router.get("/api/v2/tokens/timeout")
async def get_tokens_timeout(session: _AnyToken) -> Response:
    with session.open(TokensBackend) as backend:
        return reply(backend.get_tokens_timeout())


@router.put("/api/v2/tokens/timeout")
async def put_tokens_timeout(
    session: Annotated[Session, Depends(any_of(ADMIN))], body: IdleTokenTimeout | None = None
) -> Response:
    with session.open(TokensBackend) as backend:
        return reply(backend.put_tokens_timeout(body or IdleTokenTimeout()))
