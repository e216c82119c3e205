"""Routing utilization of one agent: how many interactions of each media type the agent may take.

Endpoints:
- GET    /api/v2/routing/users/{userId}/utilization -> get_routing_user_utilization
- PUT    /api/v2/routing/users/{userId}/utilization -> put_routing_user_utilization
- DELETE /api/v2/routing/users/{userId}/utilization -> delete_routing_user_utilization

Permissions as the SDK documents them: GET any of `routing:utilization:manage|view`, PUT and
DELETE `routing:utilization:manage`. An agent without settings of its own reads the org default
with `level: Organization`; PUT stores the agent's settings (`level: Agent`) and DELETE reverts
to the default. The SDK has no PATCH here.

Rules: `maximumCapacity` is 0-25 and a media type may only be interrupted by the other media
types (the Terraform provider's documented ranges). Choices: the media types are the five the
provider manages (call, callback, chat, email, message); media a PUT leaves out keep the org
default, so a read always lists all five; the org default (`DEFAULT_UTILIZATION`) follows the
admin UI's out-of-the-box values; label utilizations are stored as given (there are no labels
to check them against).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends
from pydantic import BaseModel, ConfigDict, Field
from starlette.responses import Response

from gcx.emulator.api.users import UsersBackend
from gcx.emulator.auth import any_of
from gcx.emulator.context import Backend, Session
from gcx.emulator.errors import bad_request
from gcx.emulator.wire import no_content, reply

__all__ = ["DEFAULT_UTILIZATION", "MEDIA_TYPES", "UtilizationBackend", "router"]

Doc = dict[str, Any]
MEDIA_TYPES = ("call", "callback", "chat", "email", "message")
DEFAULT_UTILIZATION: dict[str, Doc] = {
    media: {"maximumCapacity": capacity, "interruptableMediaTypes": [], "includeNonAcd": False}
    for media, capacity in (("call", 1), ("callback", 1), ("chat", 4), ("email", 1), ("message", 4))
}


class _Body(BaseModel):
    model_config = ConfigDict(extra="ignore")


class MediaUtilization(_Body):
    maximumCapacity: int = Field(ge=0, le=25)
    interruptableMediaTypes: list[str] = Field(default_factory=list)
    includeNonAcd: bool = False


class LabelUtilization(_Body):
    maximumCapacity: int = Field(ge=0, le=25)
    interruptingLabelIds: list[str] = Field(default_factory=list)


class UtilizationRequest(_Body):
    utilization: dict[str, MediaUtilization] = Field(default_factory=dict)
    labelUtilizations: dict[str, LabelUtilization] = Field(default_factory=dict)


class UtilizationBackend(Backend):
    def _view(self, stored: Doc | None) -> Doc:
        utilization = {media: dict(settings) for media, settings in DEFAULT_UTILIZATION.items()}
        utilization |= (stored or {}).get("utilization", {})
        return {
            "utilization": utilization,
            "labelUtilizations": (stored or {}).get("labelUtilizations", {}),
            "level": "Agent" if stored is not None else "Organization",
        }

    def get_routing_user_utilization(self, user_id: str) -> Doc:
        self.other(UsersBackend).load_user(user_id)
        return self._view(self.tx.get(self.org, "utilization", user_id))

    def put_routing_user_utilization(self, user_id: str, body: UtilizationRequest) -> Doc:
        self.other(UsersBackend).load_user(user_id)
        for media, settings in body.utilization.items():
            if media not in MEDIA_TYPES:
                raise bad_request(
                    f"Unknown media type {media!r}; use one of: {', '.join(MEDIA_TYPES)}.",
                    f"utilization.{media}",
                )
            for other in settings.interruptableMediaTypes:
                if other not in MEDIA_TYPES or other == media:
                    raise bad_request(
                        f"A {media} can be interrupted only by another media type "
                        f"({', '.join(m for m in MEDIA_TYPES if m != media)}), not {other!r}.",
                        f"utilization.{media}.interruptableMediaTypes",
                    )
        stored = {
            "id": user_id,
            "utilization": {media: s.model_dump() for media, s in body.utilization.items()},
            "labelUtilizations": {label: u.model_dump() for label, u in body.labelUtilizations.items()},
        }
        return self._view(self.save("utilization", stored, name=""))

    def delete_routing_user_utilization(self, user_id: str) -> None:
        self.other(UsersBackend).load_user(user_id)
        self.tx.delete(self.org, "utilization", user_id)


router = APIRouter(tags=["Routing"])
_Manage = Annotated[Session, Depends(any_of("routing:utilization:manage"))]
_View = Annotated[Session, Depends(any_of("routing:utilization:manage", "routing:utilization:view"))]


@router.get("/api/v2/routing/users/{userId}/utilization")
async def get_routing_user_utilization(userId: str, session: _View) -> Response:
    with session.open(UtilizationBackend) as backend:
        return reply(backend.get_routing_user_utilization(userId))


@router.put("/api/v2/routing/users/{userId}/utilization")
async def put_routing_user_utilization(userId: str, body: UtilizationRequest, session: _Manage) -> Response:
    with session.open(UtilizationBackend) as backend:
        return reply(backend.put_routing_user_utilization(userId, body))


@router.delete("/api/v2/routing/users/{userId}/utilization")
async def delete_routing_user_utilization(userId: str, session: _Manage) -> Response:
    with session.open(UtilizationBackend) as backend:
        backend.delete_routing_user_utilization(userId)
    return no_content()
