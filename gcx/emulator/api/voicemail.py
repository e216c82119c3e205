"""Voicemail policy of one user: whether voicemail answers, after how long, and email alerts.

Endpoints:
- GET   /api/v2/voicemail/userpolicies/{userId} -> get_voicemail_userpolicy
- PATCH /api/v2/voicemail/userpolicies/{userId} -> patch_voicemail_userpolicy
- PUT   /api/v2/voicemail/userpolicies/{userId} -> put_voicemail_userpolicy

Permissions: any of `telephony:plugin:all`, `voicemail:userPolicy:viewOther` (what the SDK docs
list for GET and PATCH; PUT is taken to need the same). PATCH changes the fields it names, PUT
replaces the policy (fields left out take their defaults). The voicemail `pin` is write-only: it
is kept as a salted hash and never returned. Choices: a user's policy starts as voicemail on, 30
seconds of ringing, no email notifications; `alertTimeoutSeconds` must be at least 1; `pin` is
4-15 digits.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends
from pydantic import BaseModel, ConfigDict, Field
from starlette.responses import Response

from gcx.emulator.api.users import UsersBackend
from gcx.emulator.auth import any_of, hash_secret
from gcx.emulator.context import Backend, Session
from gcx.emulator.wire import now_iso, reply

__all__ = ["DEFAULT_POLICY", "VoicemailBackend", "router"]

Doc = dict[str, Any]
DEFAULT_POLICY: Doc = {"enabled": True, "alertTimeoutSeconds": 30, "sendEmailNotifications": False}


class VoicemailUserPolicy(BaseModel):
    model_config = ConfigDict(extra="ignore")

    enabled: bool | None = None
    alertTimeoutSeconds: int | None = Field(None, ge=1)
    sendEmailNotifications: bool | None = None
    pin: str | None = Field(None, pattern=r"^[0-9]{4,15}$")


class VoicemailBackend(Backend):
    def _stored(self, user_id: str) -> Doc:
        self.other(UsersBackend).load_user(user_id)
        return self.tx.get(self.org, "voicemail_policy", user_id) or {"id": user_id, **DEFAULT_POLICY}

    def _write(self, policy: Doc, body: VoicemailUserPolicy) -> Doc:
        changes = body.model_dump(exclude_none=True, exclude={"pin"})
        if body.pin is not None:
            changes["_pinHash"] = hash_secret(body.pin)
        policy = policy | changes | {"modifiedDate": now_iso()}
        return self.save("voicemail_policy", policy, name="")

    def get_voicemail_userpolicy(self, user_id: str) -> Doc:
        return self._stored(user_id)

    def patch_voicemail_userpolicy(self, user_id: str, body: VoicemailUserPolicy) -> Doc:
        return self._write(self._stored(user_id), body)

    def put_voicemail_userpolicy(self, user_id: str, body: VoicemailUserPolicy) -> Doc:
        self._stored(user_id)
        return self._write({"id": user_id, **DEFAULT_POLICY}, body)


router = APIRouter(tags=["Voicemail"])
_Policy = Annotated[Session, Depends(any_of("telephony:plugin:all", "voicemail:userPolicy:viewOther"))]


def _view(policy: Doc) -> Doc:
    return {k: v for k, v in policy.items() if k != "id"}


@router.get("/api/v2/voicemail/userpolicies/{userId}")
async def get_voicemail_userpolicy(userId: str, session: _Policy) -> Response:
    with session.open(VoicemailBackend) as backend:
        return reply(_view(backend.get_voicemail_userpolicy(userId)))


@router.patch("/api/v2/voicemail/userpolicies/{userId}")
async def patch_voicemail_userpolicy(userId: str, body: VoicemailUserPolicy, session: _Policy) -> Response:
    with session.open(VoicemailBackend) as backend:
        return reply(_view(backend.patch_voicemail_userpolicy(userId, body)))


@router.put("/api/v2/voicemail/userpolicies/{userId}")
async def put_voicemail_userpolicy(userId: str, body: VoicemailUserPolicy, session: _Policy) -> Response:
    with session.open(VoicemailBackend) as backend:
        return reply(_view(backend.put_voicemail_userpolicy(userId, body)))
