"""Presence API: presence definitions (both API generations), sources and user presences.

Endpoints:
- GET    /api/v2/presencedefinitions -> get_presencedefinitions
- POST   /api/v2/presencedefinitions -> post_presencedefinitions
- GET    /api/v2/presencedefinitions/{presenceId} -> get_presencedefinition
- PUT    /api/v2/presencedefinitions/{presenceId} -> put_presencedefinition
- DELETE /api/v2/presencedefinitions/{presenceId} -> delete_presencedefinition
- GET    /api/v2/presence/definitions -> get_presence_definitions
- POST   /api/v2/presence/definitions -> post_presence_definitions
- GET    /api/v2/presence/definitions/{definitionId} -> get_presence_definition
- PUT    /api/v2/presence/definitions/{definitionId} -> put_presence_definition
- DELETE /api/v2/presence/definitions/{definitionId} -> delete_presence_definition
- GET    /api/v2/presence/sources -> get_presence_sources
- POST   /api/v2/presence/sources -> post_presence_sources
- GET    /api/v2/presence/sources/{sourceId} -> get_presence_source
- PUT    /api/v2/presence/sources/{sourceId} -> put_presence_source
- DELETE /api/v2/presence/sources/{sourceId} -> delete_presence_source
- GET    /api/v2/presence/users/{userId}/primarysource -> get_presence_user_primarysource
- PUT    /api/v2/presence/users/{userId}/primarysource -> put_presence_user_primarysource
- PUT    /api/v2/users/presences/bulk -> put_users_presences_bulk
- GET    /api/v2/users/presences/{sourceId}/bulk -> get_users_presence_bulk
- GET    /api/v2/users/{userId}/presences/{sourceId} -> get_user_presence (also `purecloud`)
- PATCH  /api/v2/users/{userId}/presences/{sourceId} -> patch_user_presence (also `purecloud`)

Both definition generations read the same stored definitions. System definitions and sources
(`gcx.catalog.presence`) cannot be deleted. UC integrations push presences through
`set_user_presence` (see the integrations API's `thirdpartypresences`).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field
from starlette.responses import Response

from gcx.catalog.presence import PRESENCE_SOURCES, SYSTEM_PRESENCES, presence_source
from gcx.emulator.auth import all_of, any_of, authenticated
from gcx.emulator.context import Backend, Session
from gcx.emulator.errors import bad_request, conflict, not_found
from gcx.emulator.paging import Page, envelope, paging
from gcx.emulator.params import QueryList
from gcx.emulator.wire import new_id, no_content, now_iso, reply

__all__ = ["PresenceBackend", "router"]

Doc = dict[str, Any]
SystemPresenceName = Literal[
    "Available", "Away", "Busy", "Offline", "Idle", "OnQueue", "Meal", "Training", "Meeting", "Break"
]
DEFAULT_SOURCE = "purecloud"
_DEFAULT_SOURCE_ID = next(s.id for s in PRESENCE_SOURCES if s.path_id == DEFAULT_SOURCE)


class _Body(BaseModel):
    model_config = ConfigDict(extra="ignore")


class PresenceDefinitionBody(_Body):
    name: str | None = None
    languageLabels: dict[str, str] = Field(min_length=1)
    systemPresence: SystemPresenceName
    deactivated: bool | None = None
    divisionId: str | None = None


class SourceBody(_Body):
    name: str = Field(min_length=1, max_length=200)
    description: str | None = None
    deactivated: bool | None = None


class DefinitionRef(_Body):
    id: str = Field(min_length=1)


class UserPresenceBody(_Body):
    presenceDefinition: DefinitionRef | None = None
    message: str | None = None
    primary: bool | None = None


class MutableUserPresence(UserPresenceBody):
    id: str = Field(min_length=1, description="The user id")
    source: str | None = None
    sourceId: str | None = None


class PrimarySourceBody(_Body):
    sourceId: str | None = None
    id: str | None = None


class PresenceBackend(Backend):
    # ---- definitions -------------------------------------------------------------------------
    def seed_system_presences(self) -> None:
        stamp = now_iso()
        for presence in SYSTEM_PRESENCES:
            self.save(
                "presence_definition",
                {
                    "id": presence.id,
                    "name": presence.label,
                    "type": "System",
                    "languageLabels": {"en_US": presence.label},
                    "systemPresence": presence.system_presence,
                    "deactivated": False,
                    "primary": presence.primary,
                    "divisionId": "*",
                    "createdDate": stamp,
                    "modifiedDate": stamp,
                },
            )

    @staticmethod
    def _definition_view(doc: Doc) -> Doc:
        fields = ("id", "name", "type", "languageLabels", "systemPresence", "divisionId", "deactivated")
        return {k: doc[k] for k in fields if k in doc} | {
            "selfUri": f"/api/v2/presence/definitions/{doc['id']}"
        }

    @staticmethod
    def _legacy_view(doc: Doc) -> Doc:
        fields = (
            "id",
            "name",
            "languageLabels",
            "systemPresence",
            "deactivated",
            "primary",
            "createdDate",
            "modifiedDate",
        )
        return {k: doc[k] for k in fields if k in doc} | {
            "selfUri": f"/api/v2/presencedefinitions/{doc['id']}"
        }

    def _definitions(self, deactivated: str) -> list[Doc]:
        docs = list(self.tx.scan(self.org, "presence_definition"))
        if deactivated in ("true", "false"):
            docs = [d for d in docs if bool(d.get("deactivated")) == (deactivated == "true")]
        return docs

    def _load_definition(self, ident: str) -> Doc:
        return self.load("presence_definition", ident, "presence definition")

    def _create_definition(self, body: PresenceDefinitionBody) -> Doc:
        label = body.name or next(iter(body.languageLabels.values()))
        stamp = now_iso()
        doc = {
            "id": new_id(),
            "name": label,
            "type": "User",
            "languageLabels": body.languageLabels,
            "systemPresence": body.systemPresence,
            "deactivated": bool(body.deactivated),
            "primary": False,
            "divisionId": body.divisionId or "*",
            "createdDate": stamp,
            "modifiedDate": stamp,
        }
        return self.save("presence_definition", doc)

    def _update_definition(self, ident: str, body: PresenceDefinitionBody) -> Doc:
        doc = self._load_definition(ident)
        if doc["type"] == "System" and body.systemPresence != doc["systemPresence"]:
            raise bad_request(
                "The systemPresence of a system presence definition cannot change.", "systemPresence"
            )
        doc.update(
            name=body.name or next(iter(body.languageLabels.values())),
            languageLabels=body.languageLabels,
            systemPresence=body.systemPresence,
            modifiedDate=now_iso(),
        )
        if body.deactivated is not None:
            doc["deactivated"] = body.deactivated
        return self.save("presence_definition", doc)

    def _delete_definition(self, ident: str) -> None:
        doc = self._load_definition(ident)
        if doc["type"] == "System":
            raise bad_request("System presence definitions cannot be deleted.", "definitionId")
        self.tx.delete(self.org, "presence_definition", ident)

    def get_presence_definitions(self, deactivated: str) -> list[Doc]:
        return [self._definition_view(d) for d in self._definitions(deactivated)]

    def post_presence_definitions(self, body: PresenceDefinitionBody) -> Doc:
        return self._definition_view(self._create_definition(body))

    def get_presence_definition(self, ident: str) -> Doc:
        return self._definition_view(self._load_definition(ident))

    def put_presence_definition(self, ident: str, body: PresenceDefinitionBody) -> Doc:
        return self._definition_view(self._update_definition(ident, body))

    def delete_presence_definition(self, ident: str) -> None:
        self._delete_definition(ident)

    def get_presencedefinitions(self, deleted: str) -> list[Doc]:
        return [self._legacy_view(d) for d in self._definitions(deleted)]

    def post_presencedefinitions(self, body: PresenceDefinitionBody) -> Doc:
        return self._legacy_view(self._create_definition(body))

    def get_presencedefinition(self, ident: str) -> Doc:
        return self._legacy_view(self._load_definition(ident))

    def put_presencedefinition(self, ident: str, body: PresenceDefinitionBody) -> Doc:
        return self._legacy_view(self._update_definition(ident, body))

    def delete_presencedefinition(self, ident: str) -> None:
        self._delete_definition(ident)

    def definition_for(self, system_presence: str) -> Doc | None:
        """The primary definition of a system presence (UC presences map onto these)."""
        wanted = system_presence.lower()
        return next(
            (
                d
                for d in self.tx.scan(self.org, "presence_definition")
                if d["systemPresence"].lower() == wanted and d.get("type") == "System"
            ),
            None,
        )

    # ---- sources ------------------------------------------------------------------------------
    @staticmethod
    def _system_sources() -> list[Doc]:
        return [
            {
                "id": s.id,
                "name": s.name,
                "description": f"{s.name} presence",
                "type": "System",
                "deactivated": False,
            }
            for s in PRESENCE_SOURCES
        ]

    def _source(self, source_id: str) -> Doc:
        system = presence_source(source_id)
        if system is not None:
            return next(s for s in self._system_sources() if s["id"] == system.id)
        return self.load("presence_source", source_id, "presence source")

    @staticmethod
    def _source_view(doc: Doc) -> Doc:
        return doc | {"selfUri": f"/api/v2/presence/sources/{doc['id']}"}

    def get_presence_sources(self, deactivated: str) -> list[Doc]:
        sources = self._system_sources() + list(self.tx.scan(self.org, "presence_source"))
        if deactivated in ("true", "false"):
            sources = [s for s in sources if bool(s.get("deactivated")) == (deactivated == "true")]
        return [self._source_view(s) for s in sources]

    def post_presence_sources(self, body: SourceBody) -> Doc:
        if presence_source(body.name) or self.tx.find_by_name(self.org, "presence_source", body.name):
            raise conflict(f"A presence source named '{body.name}' already exists.", "name")
        doc = {
            "id": new_id(),
            "name": body.name,
            "description": body.description or "",
            "type": "User",
            "deactivated": bool(body.deactivated),
        }
        return self._source_view(self.save("presence_source", doc))

    def get_presence_source(self, source_id: str) -> Doc:
        return self._source_view(self._source(source_id))

    def put_presence_source(self, source_id: str, body: SourceBody) -> Doc:
        doc = self._source(source_id)
        if doc["type"] == "System":
            raise bad_request("System presence sources cannot be changed.", "sourceId")
        doc.update(name=body.name, description=body.description or "")
        if body.deactivated is not None:
            doc["deactivated"] = body.deactivated
        return self._source_view(self.save("presence_source", doc))

    def delete_presence_source(self, source_id: str) -> None:
        doc = self._source(source_id)
        if doc["type"] == "System":
            raise bad_request("System presence sources cannot be deleted.", "sourceId")
        self.tx.delete(self.org, "presence_source", source_id)

    # ---- user presences ----------------------------------------------------------------------
    def _user(self, user_id: str) -> Doc:
        user = self.tx.get(self.org, "user", user_id)
        if user is None or user.get("state") == "deleted":
            raise not_found("user", user_id)
        return user

    def _source_key(self, source_id: str) -> tuple[str, Doc]:
        system = presence_source(source_id)
        if system is not None:
            return system.path_id, self._source(system.id)
        doc = self._source(source_id)
        return doc["id"], doc

    def _presence_view(self, user: Doc, key: str, source: Doc) -> Doc:
        stored = user.get("_presences", {}).get(key)
        definition_id = stored["presenceDefinitionId"] if stored else None
        definition = self.tx.get(self.org, "presence_definition", definition_id) if definition_id else None
        if definition is None:
            definition = self.definition_for("Offline") or {"id": "", "systemPresence": "Offline"}
        return {
            "id": key,
            "name": source["name"],
            "source": source["name"],
            "sourceId": source["id"],
            "primary": source["id"] == (user.get("_primarySource") or _DEFAULT_SOURCE_ID),
            "presenceDefinition": {
                "id": definition["id"],
                "systemPresence": definition["systemPresence"],
                "selfUri": f"/api/v2/presencedefinitions/{definition['id']}",
            },
            "message": (stored or {}).get("message", ""),
            "modifiedDate": (stored or {}).get("modifiedDate", user.get("_created", now_iso())),
            "selfUri": f"/api/v2/users/{user['id']}/presences/{key}",
        }

    def get_user_presence(self, user_id: str, source_id: str) -> Doc:
        key, source = self._source_key(source_id)
        return self._presence_view(self._user(user_id), key, source)

    def set_user_presence(self, user: Doc, source_id: str, body: UserPresenceBody) -> Doc:
        key, source = self._source_key(source_id)
        entry = dict(user.get("_presences", {}).get(key, {}))
        if body.presenceDefinition is not None:
            definition = self.tx.get(self.org, "presence_definition", body.presenceDefinition.id)
            if definition is None or definition.get("deactivated"):
                raise bad_request(
                    f"Presence definition {body.presenceDefinition.id} does not exist.",
                    "presenceDefinition.id",
                )
            entry["presenceDefinitionId"] = definition["id"]
        if body.message is not None:
            entry["message"] = body.message
        entry["modifiedDate"] = now_iso()
        user.setdefault("_presences", {})[key] = entry
        if body.primary:
            user["_primarySource"] = source["id"]
        self.save("user", user)
        return self._presence_view(user, key, source)

    def patch_user_presence(self, user_id: str, source_id: str, body: UserPresenceBody) -> Doc:
        return self.set_user_presence(self._user(user_id), source_id, body)

    def put_users_presences_bulk(self, body: list[MutableUserPresence]) -> list[Doc]:
        views = []
        for i, item in enumerate(body):
            source = item.sourceId or item.source or DEFAULT_SOURCE
            user = self.tx.get(self.org, "user", item.id)
            if user is None or user.get("state") == "deleted":
                raise bad_request(f"User {item.id} does not exist.", f"[{i}].id")
            views.append(self.set_user_presence(user, source, item))
        return views

    def get_users_presence_bulk(self, source_id: str, user_ids: list[str]) -> list[Doc]:
        key, source = self._source_key(source_id)
        views = []
        for user_id in user_ids:
            user = self.tx.get(self.org, "user", user_id)
            if user is not None and user.get("state") != "deleted":
                view = self._presence_view(user, key, source)
                views.append(
                    {k: view[k] for k in ("name", "source", "sourceId", "presenceDefinition", "message")}
                    | {"id": key, "userId": user_id, "modifiedDate": view["modifiedDate"]}
                )
        return views

    def get_presence_user_primarysource(self, user_id: str) -> Doc:
        user = self._user(user_id)
        source = self._source(user.get("_primarySource") or _DEFAULT_SOURCE_ID)
        return {
            "id": user_id,
            "name": source["name"],
            "sourceId": source["id"],
            "registered": source["type"] == "System",
            "selfUri": f"/api/v2/presence/users/{user_id}/primarysource",
        }

    def put_presence_user_primarysource(self, user_id: str, body: PrimarySourceBody) -> Doc:
        user = self._user(user_id)
        wanted = body.sourceId or body.id
        if not wanted:
            raise bad_request("sourceId is required.", "sourceId")
        user["_primarySource"] = self._source(wanted)["id"]
        self.save("user", user)
        return self.get_presence_user_primarysource(user_id)


router = APIRouter(tags=["Presence"])
_AnyToken = Annotated[Session, Depends(authenticated)]
_DefView = Annotated[Session, Depends(all_of("presence:presenceDefinition:view"))]
_DefAdd = Annotated[Session, Depends(all_of("presence:presenceDefinition:add"))]
_DefEdit = Annotated[Session, Depends(all_of("presence:presenceDefinition:edit"))]
_Flag = Literal["true", "false", "all"]


@router.get("/api/v2/presencedefinitions")
async def get_presencedefinitions(
    request: Request, session: _AnyToken, page: Annotated[Page, Depends(paging())], deleted: _Flag = "false"
) -> Response:
    with session.open(PresenceBackend) as backend:
        entities = backend.get_presencedefinitions(deleted)
    return reply(envelope(request, page.slice(entities), len(entities), page))


@router.post("/api/v2/presencedefinitions")
async def post_presencedefinitions(body: PresenceDefinitionBody, session: _DefAdd) -> Response:
    with session.open(PresenceBackend) as backend:
        return reply(backend.post_presencedefinitions(body))


@router.get("/api/v2/presencedefinitions/{presenceId}")
async def get_presencedefinition(presenceId: str, session: _DefView) -> Response:
    with session.open(PresenceBackend) as backend:
        return reply(backend.get_presencedefinition(presenceId))


@router.put("/api/v2/presencedefinitions/{presenceId}")
async def put_presencedefinition(
    presenceId: str, body: PresenceDefinitionBody, session: _DefEdit
) -> Response:
    with session.open(PresenceBackend) as backend:
        return reply(backend.put_presencedefinition(presenceId, body))


@router.delete("/api/v2/presencedefinitions/{presenceId}")
async def delete_presencedefinition(
    presenceId: str, session: Annotated[Session, Depends(all_of("presence:presenceDefinition:delete"))]
) -> Response:
    with session.open(PresenceBackend) as backend:
        backend.delete_presencedefinition(presenceId)
    return no_content()


@router.get("/api/v2/presence/definitions")
async def get_presence_definitions(session: _DefView, deactivated: _Flag = "false") -> Response:
    with session.open(PresenceBackend) as backend:
        entities = backend.get_presence_definitions(deactivated)
    return reply({"total": len(entities), "entities": entities, "selfUri": "/api/v2/presence/definitions"})


@router.post("/api/v2/presence/definitions")
async def post_presence_definitions(body: PresenceDefinitionBody, session: _DefAdd) -> Response:
    with session.open(PresenceBackend) as backend:
        return reply(backend.post_presence_definitions(body))


@router.get("/api/v2/presence/definitions/{definitionId}")
async def get_presence_definition(definitionId: str, session: _DefView) -> Response:
    with session.open(PresenceBackend) as backend:
        return reply(backend.get_presence_definition(definitionId))


@router.put("/api/v2/presence/definitions/{definitionId}")
async def put_presence_definition(
    definitionId: str, body: PresenceDefinitionBody, session: _DefEdit
) -> Response:
    with session.open(PresenceBackend) as backend:
        return reply(backend.put_presence_definition(definitionId, body))


@router.delete("/api/v2/presence/definitions/{definitionId}")
async def delete_presence_definition(
    definitionId: str,
    session: Annotated[
        Session, Depends(any_of("presence:presenceDefinition:delete", "presence:presenceDefinition:edit"))
    ],
) -> Response:
    with session.open(PresenceBackend) as backend:
        backend.delete_presence_definition(definitionId)
    return no_content()


@router.get("/api/v2/presence/sources")
async def get_presence_sources(
    session: Annotated[Session, Depends(all_of("presence:source:view"))], deactivated: _Flag = "false"
) -> Response:
    with session.open(PresenceBackend) as backend:
        entities = backend.get_presence_sources(deactivated)
    return reply({"total": len(entities), "entities": entities, "selfUri": "/api/v2/presence/sources"})


@router.post("/api/v2/presence/sources")
async def post_presence_sources(
    body: SourceBody, session: Annotated[Session, Depends(all_of("presence:source:add"))]
) -> Response:
    with session.open(PresenceBackend) as backend:
        return reply(backend.post_presence_sources(body))


@router.get("/api/v2/presence/sources/{sourceId}")
async def get_presence_source(
    sourceId: str, session: Annotated[Session, Depends(all_of("presence:source:view"))]
) -> Response:
    with session.open(PresenceBackend) as backend:
        return reply(backend.get_presence_source(sourceId))


@router.put("/api/v2/presence/sources/{sourceId}")
async def put_presence_source(
    sourceId: str, body: SourceBody, session: Annotated[Session, Depends(all_of("presence:source:edit"))]
) -> Response:
    with session.open(PresenceBackend) as backend:
        return reply(backend.put_presence_source(sourceId, body))


@router.delete("/api/v2/presence/sources/{sourceId}")
async def delete_presence_source(
    sourceId: str,
    session: Annotated[Session, Depends(any_of("presence:source:delete", "presence:source:edit"))],
) -> Response:
    with session.open(PresenceBackend) as backend:
        backend.delete_presence_source(sourceId)
    return no_content()


@router.get("/api/v2/presence/users/{userId}/primarysource")
async def get_presence_user_primarysource(
    userId: str, session: Annotated[Session, Depends(all_of("presence:userPrimarySource:view"))]
) -> Response:
    with session.open(PresenceBackend) as backend:
        return reply(backend.get_presence_user_primarysource(userId))


@router.put("/api/v2/presence/users/{userId}/primarysource")
async def put_presence_user_primarysource(
    userId: str,
    body: PrimarySourceBody,
    session: Annotated[Session, Depends(all_of("presence:userPrimarySource:edit"))],
) -> Response:
    with session.open(PresenceBackend) as backend:
        return reply(backend.put_presence_user_primarysource(userId, body))


@router.put("/api/v2/users/presences/bulk")
async def put_users_presences_bulk(
    body: list[MutableUserPresence],
    session: Annotated[Session, Depends(any_of("presence:userPresence:edit"))],
) -> Response:
    with session.open(PresenceBackend) as backend:
        return reply(backend.put_users_presences_bulk(body))


@router.get("/api/v2/users/presences/{sourceId}/bulk")
async def get_users_presence_bulk(
    sourceId: str, session: _AnyToken, id: QueryList = None
) -> Response:
    with session.open(PresenceBackend) as backend:
        return reply(backend.get_users_presence_bulk(sourceId, id or []))


@router.get("/api/v2/users/{userId}/presences/{sourceId}")
async def get_user_presence(userId: str, sourceId: str, session: _AnyToken) -> Response:
    with session.open(PresenceBackend) as backend:
        return reply(backend.get_user_presence(userId, sourceId))


@router.patch("/api/v2/users/{userId}/presences/{sourceId}")
async def patch_user_presence(
    userId: str, sourceId: str, body: UserPresenceBody, session: _AnyToken
) -> Response:
    with session.open(PresenceBackend) as backend:
        return reply(backend.patch_user_presence(userId, sourceId, body))
