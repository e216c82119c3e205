"""Token introspection and revocation for the calling token.

Endpoints:
- GET    /api/v2/tokens/me -> get_tokens_me
- HEAD   /api/v2/tokens/me -> head_tokens_me
- DELETE /api/v2/tokens/me -> delete_tokens_me

`OAuthClient.organization.id` is the caller's org id; the Terraform provider compares it with
`purecloud-builtin` (UI-issued tokens), which the emulator never issues.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends
from starlette.responses import Response

from gcx.emulator.auth import authenticated
from gcx.emulator.context import Backend, Session
from gcx.emulator.errors import not_found
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
