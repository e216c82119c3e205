"""Routing API: queues (with members and wrap-up codes), skills, languages and wrap-up codes.

Endpoints:
- GET    /api/v2/routing/queues -> get_routing_queues
- POST   /api/v2/routing/queues -> post_routing_queues
- GET    /api/v2/routing/queues/{queueId} -> get_routing_queue
- PUT    /api/v2/routing/queues/{queueId} -> put_routing_queue
- DELETE /api/v2/routing/queues/{queueId} -> delete_routing_queue
- GET    /api/v2/routing/queues/{queueId}/members -> get_routing_queue_members
- POST   /api/v2/routing/queues/{queueId}/members -> post_routing_queue_members
- PATCH  /api/v2/routing/queues/{queueId}/members -> patch_routing_queue_members
- GET    /api/v2/routing/queues/{queueId}/wrapupcodes -> get_routing_queue_wrapupcodes
- POST   /api/v2/routing/queues/{queueId}/wrapupcodes -> post_routing_queue_wrapupcodes
- DELETE /api/v2/routing/queues/{queueId}/wrapupcodes/{codeId} -> delete_routing_queue_wrapupcode
- GET    /api/v2/users/{userId}/queues -> get_user_queues
- PATCH  /api/v2/users/{userId}/queues -> patch_user_queues
- GET    /api/v2/routing/skills -> get_routing_skills
- POST   /api/v2/routing/skills -> post_routing_skills
- GET    /api/v2/routing/skills/{skillId} -> get_routing_skill
- PATCH  /api/v2/routing/skills/{skillId} -> patch_routing_skill
- DELETE /api/v2/routing/skills/{skillId} -> delete_routing_skill
- GET    /api/v2/routing/languages -> get_routing_languages
- POST   /api/v2/routing/languages -> post_routing_languages
- GET    /api/v2/routing/languages/{languageId} -> get_routing_language
- DELETE /api/v2/routing/languages/{languageId} -> delete_routing_language
- GET    /api/v2/routing/wrapupcodes -> get_routing_wrapupcodes
- POST   /api/v2/routing/wrapupcodes -> post_routing_wrapupcodes
- GET    /api/v2/routing/wrapupcodes/{codeId} -> get_routing_wrapupcode
- PUT    /api/v2/routing/wrapupcodes/{codeId} -> put_routing_wrapupcode
- DELETE /api/v2/routing/wrapupcodes/{codeId} -> delete_routing_wrapupcode

Rules (`genesys-api.md` §4.9, `genesys-provider.md` Routing): queue enums and ranges
(alerting timeout >= 7 s, service level 0-1, ACW timeout 0-86,400,000 ms, at most 6 routing
rules); member and wrap-up-code bulk posts take at most 100 entries; queue members are listed
at most 100 per page. Skill names filter by prefix, queue names by exact match with `*`
wildcards. Choices: names of queues, skills, languages and wrap-up codes are unique per org
(409); deleting a skill, language or wrap-up code also removes it from users and queues.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field
from starlette.responses import Response

from gcx.emulator.api.authorization import AuthorizationBackend
from gcx.emulator.api.users import UsersBackend
from gcx.emulator.auth import all_of, any_of, authenticated
from gcx.emulator.context import Backend, Session
from gcx.emulator.errors import bad_request, not_found
from gcx.emulator.paging import Page, envelope, name_like, paging
from gcx.emulator.params import QueryList
from gcx.emulator.wire import new_id, no_content, now_iso, reply

__all__ = ["RoutingBackend", "router"]

Doc = dict[str, Any]
MAX_BULK = 100


class _Body(BaseModel):
    model_config = ConfigDict(extra="ignore")


class ServiceLevel(_Body):
    percentage: float | None = Field(None, ge=0, le=1)
    durationMs: int | None = Field(None, ge=1000)


class MediaSettings(_Body):
    alertingTimeoutSeconds: int | None = Field(None, ge=7, le=86_400)
    serviceLevel: ServiceLevel | None = None
    enableAutoAnswer: bool | None = None
    autoAnswerAlertToneSeconds: float | None = None
    manualAnswerAlertToneSeconds: float | None = None
    mode: str | None = None
    enableAutoDialAndEnd: bool | None = None
    autoDialDelaySeconds: int | None = None
    autoEndDelaySeconds: int | None = None
    subTypeSettings: dict[str, Any] | None = None


class QueueMediaSettings(_Body):
    call: MediaSettings | None = None
    callback: MediaSettings | None = None
    chat: MediaSettings | None = None
    email: MediaSettings | None = None
    message: MediaSettings | None = None


class AcwSettings(_Body):
    wrapupPrompt: (
        Literal["MANDATORY", "OPTIONAL", "MANDATORY_TIMEOUT", "MANDATORY_FORCED_TIMEOUT", "AGENT_REQUESTED"]
        | None
    ) = None
    timeoutMs: int | None = Field(None, ge=0, le=86_400_000)


class DivisionRef(_Body):
    id: str | None = None
    name: str | None = None


class EntityRef(_Body):
    id: str = Field(min_length=1)
    name: str | None = None


class MemberGroup(_Body):
    id: str = Field(min_length=1)
    type: Literal["TEAM", "GROUP", "SKILLGROUP"]


class QueueRequest(_Body):
    name: str = Field(min_length=1, max_length=200)
    division: DivisionRef | None = None
    description: str | None = None
    mediaSettings: QueueMediaSettings | None = None
    routingRules: list[dict[str, Any]] | None = Field(None, max_length=6)
    conditionalGroupRouting: dict[str, Any] | None = None
    conditionalGroupActivation: dict[str, Any] | None = None
    bullseye: dict[str, Any] | None = None
    scoringMethod: Literal["TimestampAndPriority", "PriorityOnly"] | None = None
    lastAgentRoutingMode: Literal["Disabled", "QueueMembersOnly", "AnyAgent"] | None = None
    acwSettings: AcwSettings | None = None
    skillEvaluationMethod: Literal["NONE", "BEST", "ALL"] | None = None
    memberGroups: list[MemberGroup] | None = None
    queueFlow: EntityRef | None = None
    emailInQueueFlow: EntityRef | None = None
    messageInQueueFlow: EntityRef | None = None
    whisperPrompt: EntityRef | None = None
    onHoldPrompt: EntityRef | None = None
    defaultMediaLanguage: str | None = None
    autoAnswerOnly: bool | None = None
    cannedResponseLibraries: dict[str, Any] | None = None
    enableTranscription: bool | None = None
    enableAudioMonitoring: bool | None = None
    enableManualAssignment: bool | None = None
    agentOwnedRouting: dict[str, Any] | None = None
    directRouting: dict[str, Any] | None = None
    callingPartyName: str | None = None
    callingPartyNumber: str | None = None
    defaultScripts: dict[str, Any] | None = None
    outboundMessagingAddresses: dict[str, Any] | None = None
    outboundEmailAddress: dict[str, Any] | None = None
    peerId: str | None = None
    suppressInQueueCallRecording: bool | None = None


class MemberRef(_Body):
    id: str = Field(min_length=1)


class QueueMemberUpdate(_Body):
    id: str = Field(min_length=1)
    joined: bool | None = None
    ringNumber: int | None = Field(None, ge=1, le=6)


class UserQueueUpdate(_Body):
    id: str = Field(min_length=1)
    joined: bool


class CreateRoutingSkill(_Body):
    name: str = Field(min_length=1, max_length=200)
    divisionId: str | None = None


class SkillDivisionUpdate(_Body):
    divisionId: str = Field(min_length=1)


class LanguageBody(_Body):
    name: str = Field(min_length=1, max_length=200)


class WrapupCodeRequest(_Body):
    name: str = Field(min_length=1, max_length=200)
    division: DivisionRef | None = None
    description: str | None = Field(None, max_length=200)


def _media_defaults() -> Doc:
    level = {"percentage": 0.8, "durationMs": 20_000}
    media = {"alertingTimeoutSeconds": 8, "serviceLevel": level, "enableAutoAnswer": False}
    return {kind: dict(media) for kind in ("call", "callback", "chat", "email", "message")}


_QUEUE_DEFAULTS: Doc = {
    "description": "",
    "scoringMethod": "TimestampAndPriority",
    "skillEvaluationMethod": "ALL",
    "acwSettings": {"wrapupPrompt": "MANDATORY_TIMEOUT", "timeoutMs": 300_000},
    "autoAnswerOnly": True,
    "enableTranscription": False,
    "enableAudioMonitoring": False,
    "enableManualAssignment": False,
    "suppressInQueueCallRecording": True,
    "routingRules": [],
    "memberGroups": [],
}


class RoutingBackend(Backend):
    # ---- helpers -----------------------------------------------------------------------------
    def _division(self, division_id: str | None, field: str) -> Doc:
        return self.other(AuthorizationBackend).division_ref(division_id, field=field)

    def _actor(self) -> str:
        caller = self.ctx.caller
        return (caller.user_id or caller.client_id) if caller else ""

    def _live_user(self, user_id: str, field: str) -> Doc:
        user = self.tx.get(self.org, "user", user_id)
        if user is None or user.get("state") == "deleted":
            raise bad_request(f"User {user_id} does not exist.", field)
        return user

    # ---- queues ------------------------------------------------------------------------------
    def _load_queue(self, queue_id: str) -> Doc:
        return self.load("queue", queue_id, "queue")

    def queue_view(self, queue: Doc) -> Doc:
        members = queue.get("_members", {})
        return {k: v for k, v in queue.items() if not k.startswith("_")} | {
            "memberCount": len(members),
            "userMemberCount": len(members),
            "joinedMemberCount": sum(1 for m in members.values() if m.get("joined")),
            "selfUri": f"/api/v2/routing/queues/{queue['id']}",
        }

    def _queue_fields(self, body: QueueRequest, current_division: str | None = None) -> Doc:
        """The stored fields for a create or a PUT; a PUT without `division` keeps the queue's own
        (as wrap-up codes do) rather than moving it to the home division."""
        fields = body.model_dump(exclude_none=True, exclude={"division", "mediaSettings", "acwSettings"})
        media = _media_defaults()
        for kind, settings in (
            body.mediaSettings.model_dump(exclude_none=True) if body.mediaSettings else {}
        ).items():
            media[kind] = media[kind] | settings
        fields["mediaSettings"] = media
        acw = dict(_QUEUE_DEFAULTS["acwSettings"])
        if body.acwSettings:
            acw |= body.acwSettings.model_dump(exclude_none=True)
        fields["acwSettings"] = acw
        division = body.division.id if body.division else current_division
        fields["division"] = self._division(division, "division.id")
        return {k: v for k, v in _QUEUE_DEFAULTS.items() if k not in fields} | fields

    def get_routing_queues(
        self, page: Page, name: str | None, ids: list[str] | None, divisions: list[str] | None, desc: bool
    ) -> tuple[list[Doc], int]:
        if divisions:
            queues = [
                q
                for q in sorted(
                    self.tx.scan(self.org, "queue"), key=lambda q: q["name"].lower(), reverse=desc
                )
                if q["division"]["id"] in divisions and (not ids or q["id"] in ids)
            ]
            if name:
                queues = [q for q in queues if q["name"].lower() == name.lower()]
            return [self.queue_view(q) for q in page.slice(queues)], len(queues)
        docs, total = self.tx.page(
            self.org,
            "queue",
            limit=page.size,
            offset=page.offset,
            name_like=name_like(name),
            ids=ids,
            descending=desc,
        )
        return [self.queue_view(q) for q in docs], total

    def post_routing_queues(self, body: QueueRequest) -> Doc:
        self.ensure_unique_name("queue", body.name)
        stamp = now_iso()
        queue = {
            "id": new_id(),
            **self._queue_fields(body),
            "dateCreated": stamp,
            "dateModified": stamp,
            "createdBy": self._actor(),
            "modifiedBy": self._actor(),
            "_members": {},
            "_wrapupCodes": [],
        }
        return self.queue_view(self.save("queue", queue))

    def get_routing_queue(self, queue_id: str) -> Doc:
        return self.queue_view(self._load_queue(queue_id))

    def put_routing_queue(self, queue_id: str, body: QueueRequest) -> Doc:
        queue = self._load_queue(queue_id)
        self.ensure_unique_name("queue", body.name, queue_id)
        kept = {k: queue[k] for k in ("id", "dateCreated", "createdBy", "_members", "_wrapupCodes")}
        fields = self._queue_fields(body, queue["division"]["id"])
        updated = kept | fields | {"dateModified": now_iso(), "modifiedBy": self._actor()}
        return self.queue_view(self.save("queue", updated))

    def delete_routing_queue(self, queue_id: str) -> None:
        self._load_queue(queue_id)
        self.tx.delete(self.org, "queue", queue_id)

    def get_routing_queue_members(self, queue_id: str, joined: bool | None, name: str | None) -> list[Doc]:
        queue = self._load_queue(queue_id)
        users = self.other(UsersBackend)
        members = []
        for user_id, member in queue.get("_members", {}).items():
            user = self.tx.get(self.org, "user", user_id)
            if user is None or user.get("state") == "deleted":
                continue
            if joined is not None and bool(member.get("joined")) != joined:
                continue
            if name and name.lower() not in user["name"].lower():
                continue
            members.append(
                {
                    "id": user_id,
                    "name": user["name"],
                    "user": users.user_view(user),
                    "ringNumber": member.get("ringNumber", 1),
                    "joined": bool(member.get("joined")),
                    "memberBy": "user",
                    "selfUri": f"/api/v2/routing/queues/{queue_id}/members/{user_id}",
                }
            )
        return sorted(members, key=lambda m: m["name"].lower())

    def post_routing_queue_members(self, queue_id: str, body: list[MemberRef], delete: bool) -> None:
        if len(body) > MAX_BULK:
            raise bad_request(f"At most {MAX_BULK} members can be changed per request.", "body")
        queue = self._load_queue(queue_id)
        members = queue.setdefault("_members", {})
        for i, ref in enumerate(body):
            if delete:
                members.pop(ref.id, None)
            else:
                self._live_user(ref.id, f"[{i}].id")
                members.setdefault(ref.id, {"ringNumber": 1, "joined": False})
        self.save("queue", queue)

    def patch_routing_queue_members(self, queue_id: str, body: list[QueueMemberUpdate]) -> list[Doc]:
        queue = self._load_queue(queue_id)
        members = queue.get("_members", {})
        for i, update in enumerate(body):
            if update.id not in members:
                raise bad_request(f"User {update.id} is not a member of the queue.", f"[{i}].id")
            members[update.id] |= update.model_dump(exclude_none=True, exclude={"id"})
        self.save("queue", queue)
        return self.get_routing_queue_members(queue_id, None, None)

    def _code_view(self, code: Doc) -> Doc:
        return code | {"selfUri": f"/api/v2/routing/wrapupcodes/{code['id']}"}

    def get_routing_queue_wrapupcodes(self, queue_id: str, name: str | None) -> list[Doc]:
        queue = self._load_queue(queue_id)
        codes = [self.tx.get(self.org, "wrapupcode", c) for c in queue.get("_wrapupCodes", [])]
        views = [self._code_view(c) for c in codes if c is not None]
        if name:
            views = [v for v in views if v["name"].lower() == name.lower()]
        return sorted(views, key=lambda v: v["name"].lower())

    def post_routing_queue_wrapupcodes(self, queue_id: str, body: list[MemberRef]) -> list[Doc]:
        if len(body) > MAX_BULK:
            raise bad_request(f"At most {MAX_BULK} wrap-up codes can be added per request.", "body")
        queue = self._load_queue(queue_id)
        codes = queue.setdefault("_wrapupCodes", [])
        added = []
        for i, ref in enumerate(body):
            code = self.tx.get(self.org, "wrapupcode", ref.id)
            if code is None:
                raise bad_request(f"Wrap-up code {ref.id} does not exist.", f"[{i}].id")
            if ref.id not in codes:
                codes.append(ref.id)
            added.append(self._code_view(code))
        self.save("queue", queue)
        return added

    def delete_routing_queue_wrapupcode(self, queue_id: str, code_id: str) -> None:
        queue = self._load_queue(queue_id)
        if code_id not in queue.get("_wrapupCodes", []):
            raise not_found("wrap-up code of the queue", code_id)
        queue["_wrapupCodes"].remove(code_id)
        self.save("queue", queue)

    def get_user_queues(self, user_id: str, joined: bool | None) -> list[Doc]:
        self.other(UsersBackend).load_user(user_id)
        views = []
        for queue in sorted(self.tx.scan(self.org, "queue"), key=lambda q: q["name"].lower()):
            member = queue.get("_members", {}).get(user_id)
            if member is not None and (joined is None or bool(member.get("joined")) == joined):
                view = {k: v for k, v in self.queue_view(queue).items() if k != "autoAnswerOnly"}
                views.append(view | {"joined": bool(member.get("joined"))})
        return views

    def patch_user_queues(self, user_id: str, body: list[UserQueueUpdate]) -> list[Doc]:
        self.other(UsersBackend).load_user(user_id)
        for i, update in enumerate(body):
            queue = self.tx.get(self.org, "queue", update.id)
            if queue is None or user_id not in queue.get("_members", {}):
                raise bad_request(f"The user is not a member of queue {update.id}.", f"[{i}].id")
            queue["_members"][user_id]["joined"] = update.joined
            self.save("queue", queue)
        return self.get_user_queues(user_id, None)

    # ---- skills and languages ----------------------------------------------------------------
    def _skill_view(self, skill: Doc) -> Doc:
        return skill | {"selfUri": f"/api/v2/routing/skills/{skill['id']}"}

    def _language_view(self, language: Doc) -> Doc:
        return language | {"selfUri": f"/api/v2/routing/languages/{language['id']}"}

    def get_routing_skills(
        self, page: Page, name: str | None, ids: list[str] | None
    ) -> tuple[list[Doc], int]:
        docs, total = self.tx.page(
            self.org,
            "skill",
            limit=page.size,
            offset=page.offset,
            name_like=name_like(name, "prefix"),
            ids=ids,
        )
        return [self._skill_view(d) for d in docs], total

    def post_routing_skills(self, body: CreateRoutingSkill) -> Doc:
        self.ensure_unique_name("skill", body.name)
        skill = {
            "id": new_id(),
            "name": body.name,
            "division": self._division(body.divisionId, "divisionId"),
            "dateModified": now_iso(),
            "state": "active",
            "version": "1",
        }
        return self._skill_view(self.save("skill", skill))

    def get_routing_skill(self, skill_id: str) -> Doc:
        return self._skill_view(self.load("skill", skill_id, "skill"))

    def patch_routing_skill(self, skill_id: str, body: SkillDivisionUpdate) -> Doc:
        skill = self.load("skill", skill_id, "skill")
        skill.update(
            division=self._division(body.divisionId, "divisionId"),
            dateModified=now_iso(),
            version=str(int(skill["version"]) + 1),
        )
        return self._skill_view(self.save("skill", skill))

    def _forget_assignment(self, kind: str, ident: str) -> None:
        for user in self.tx.scan(self.org, "user"):
            if ident in user.get(f"_{kind}s", {}):
                del user[f"_{kind}s"][ident]
                self.save("user", user)

    def delete_routing_skill(self, skill_id: str) -> None:
        self.load("skill", skill_id, "skill")
        self._forget_assignment("skill", skill_id)
        self.tx.delete(self.org, "skill", skill_id)

    def get_routing_languages(
        self, page: Page, name: str | None, ids: list[str] | None, desc: bool
    ) -> tuple[list[Doc], int]:
        docs, total = self.tx.page(
            self.org,
            "language",
            limit=page.size,
            offset=page.offset,
            name_like=name_like(name, "prefix"),
            ids=ids,
            descending=desc,
        )
        return [self._language_view(d) for d in docs], total

    def post_routing_languages(self, body: LanguageBody) -> Doc:
        self.ensure_unique_name("language", body.name)
        language = {
            "id": new_id(),
            "name": body.name,
            "dateModified": now_iso(),
            "state": "active",
            "version": "1",
        }
        return self._language_view(self.save("language", language))

    def get_routing_language(self, language_id: str) -> Doc:
        return self._language_view(self.load("language", language_id, "language"))

    def delete_routing_language(self, language_id: str) -> None:
        self.load("language", language_id, "language")
        self._forget_assignment("language", language_id)
        self.tx.delete(self.org, "language", language_id)

    # ---- wrap-up codes -----------------------------------------------------------------------
    def get_routing_wrapupcodes(
        self,
        page: Page,
        name: str | None,
        ids: list[str] | None,
        divisions: list[str] | None,
        order: str,
        desc: bool,
    ) -> tuple[list[Doc], int]:
        codes = [
            c
            for c in self.tx.scan(self.org, "wrapupcode")
            if (not ids or c["id"] in ids) and (not divisions or c["division"]["id"] in divisions)
        ]
        if name:
            pattern = name.lower().strip("*")
            codes = [c for c in codes if pattern in c["name"].lower()]
        codes.sort(key=lambda c: c[order].lower(), reverse=desc)
        return [self._code_view(c) for c in page.slice(codes)], len(codes)

    def post_routing_wrapupcodes(self, body: WrapupCodeRequest) -> Doc:
        self.ensure_unique_name("wrapupcode", body.name, what="wrap-up code")
        stamp = now_iso()
        code = {
            "id": new_id(),
            "name": body.name,
            "division": self._division(body.division.id if body.division else None, "division.id"),
            "description": body.description or "",
            "dateCreated": stamp,
            "dateModified": stamp,
            "createdBy": self._actor(),
            "modifiedBy": self._actor(),
        }
        return self._code_view(self.save("wrapupcode", code))

    def get_routing_wrapupcode(self, code_id: str) -> Doc:
        return self._code_view(self.load("wrapupcode", code_id, "wrap-up code"))

    def put_routing_wrapupcode(self, code_id: str, body: WrapupCodeRequest) -> Doc:
        code = self.load("wrapupcode", code_id, "wrap-up code")
        self.ensure_unique_name("wrapupcode", body.name, code_id, what="wrap-up code")
        division = body.division.id if body.division else code["division"]["id"]
        code.update(
            name=body.name,
            description=body.description or "",
            division=self._division(division, "division.id"),
            dateModified=now_iso(),
            modifiedBy=self._actor(),
        )
        return self._code_view(self.save("wrapupcode", code))

    def delete_routing_wrapupcode(self, code_id: str) -> None:
        self.load("wrapupcode", code_id, "wrap-up code")
        for queue in self.tx.scan(self.org, "queue"):
            if code_id in queue.get("_wrapupCodes", []):
                queue["_wrapupCodes"].remove(code_id)
                self.save("queue", queue)
        self.tx.delete(self.org, "wrapupcode", code_id)


router = APIRouter(tags=["Routing"])
_Paged = Annotated[Page, Depends(paging())]
_QueueView = Annotated[Session, Depends(any_of("routing:queue:view"))]
_QueueEdit = Annotated[Session, Depends(any_of("routing:queue:edit"))]
_QueueViewAll = Annotated[Session, Depends(all_of("routing:queue:view"))]
_QueueEditAll = Annotated[Session, Depends(all_of("routing:queue:edit"))]
_MembersView = Annotated[
    Session,
    Depends(
        any_of(
            "routing:queue:view", "routing:queue:edit", "routing:queue:readonly", "routing:queueMember:manage"
        )
    ),
]
_MembersEdit = Annotated[Session, Depends(any_of("routing:queue:edit", "routing:queueMember:manage"))]
_SkillManage = Annotated[Session, Depends(any_of("routing:skill:manage"))]
_CodeView = Annotated[Session, Depends(all_of("routing:wrapupCode:view"))]
_AnyToken = Annotated[Session, Depends(authenticated)]
_Order = Literal["asc", "desc", "ascending", "descending", "ASC", "DESC"]


def _descending(order: str) -> bool:
    return order.lower() in ("desc", "descending")


def _member_listing(request: Request, members: list[Doc], page: Page) -> Doc:
    # QueueMemberEntityListing has no total/pageCount; next only when a further page exists.
    body = envelope(request, page.slice(members), len(members), page)
    return {k: v for k, v in body.items() if k not in ("total", "pageCount", "lastUri")}


@router.get("/api/v2/routing/queues")
async def get_routing_queues(
    request: Request,
    session: _QueueView,
    page: _Paged,
    name: str | None = None,
    id: QueryList = None,
    divisionId: QueryList = None,
    sortOrder: _Order = "asc",
) -> Response:
    with session.open(RoutingBackend) as backend:
        entities, total = backend.get_routing_queues(page, name, id, divisionId, _descending(sortOrder))
    return reply(envelope(request, entities, total, page))


@router.post("/api/v2/routing/queues")
async def post_routing_queues(
    body: QueueRequest, session: Annotated[Session, Depends(any_of("routing:queue:add"))]
) -> Response:
    with session.open(RoutingBackend) as backend:
        return reply(backend.post_routing_queues(body))


@router.get("/api/v2/routing/queues/{queueId}")
async def get_routing_queue(queueId: str, session: _QueueViewAll) -> Response:
    with session.open(RoutingBackend) as backend:
        return reply(backend.get_routing_queue(queueId))


@router.put("/api/v2/routing/queues/{queueId}")
async def put_routing_queue(queueId: str, body: QueueRequest, session: _QueueEdit) -> Response:
    with session.open(RoutingBackend) as backend:
        return reply(backend.put_routing_queue(queueId, body))


@router.delete("/api/v2/routing/queues/{queueId}")
async def delete_routing_queue(
    queueId: str,
    session: Annotated[Session, Depends(all_of("routing:queue:delete"))],
    forceDelete: bool = False,
) -> Response:
    with session.open(RoutingBackend) as backend:
        backend.delete_routing_queue(queueId)
    return no_content()


@router.get("/api/v2/routing/queues/{queueId}/members")
async def get_routing_queue_members(
    request: Request,
    queueId: str,
    session: _MembersView,
    page: Annotated[Page, Depends(paging(cap=100))],
    joined: bool | None = None,
    name: str | None = None,
) -> Response:
    with session.open(RoutingBackend) as backend:
        members = backend.get_routing_queue_members(queueId, joined, name)
    return reply(_member_listing(request, members, page))


@router.post("/api/v2/routing/queues/{queueId}/members")
async def post_routing_queue_members(
    queueId: str, body: list[MemberRef], session: _MembersEdit, delete: bool = False
) -> Response:
    with session.open(RoutingBackend) as backend:
        backend.post_routing_queue_members(queueId, body, delete)
    return no_content()


@router.patch("/api/v2/routing/queues/{queueId}/members")
async def patch_routing_queue_members(
    request: Request, queueId: str, body: list[QueueMemberUpdate], session: _MembersEdit
) -> Response:
    with session.open(RoutingBackend) as backend:
        members = backend.patch_routing_queue_members(queueId, body)
    return reply(_member_listing(request, members, Page(100, 1)))


@router.get("/api/v2/routing/queues/{queueId}/wrapupcodes")
async def get_routing_queue_wrapupcodes(
    request: Request, queueId: str, session: _QueueViewAll, page: _Paged, name: str | None = None
) -> Response:
    with session.open(RoutingBackend) as backend:
        codes = backend.get_routing_queue_wrapupcodes(queueId, name)
    return reply(envelope(request, page.slice(codes), len(codes), page))


@router.post("/api/v2/routing/queues/{queueId}/wrapupcodes")
async def post_routing_queue_wrapupcodes(
    queueId: str, body: list[MemberRef], session: _QueueEditAll
) -> Response:
    with session.open(RoutingBackend) as backend:
        return reply(backend.post_routing_queue_wrapupcodes(queueId, body))


@router.delete("/api/v2/routing/queues/{queueId}/wrapupcodes/{codeId}")
async def delete_routing_queue_wrapupcode(queueId: str, codeId: str, session: _QueueEdit) -> Response:
    with session.open(RoutingBackend) as backend:
        backend.delete_routing_queue_wrapupcode(queueId, codeId)
    return no_content()


@router.get("/api/v2/users/{userId}/queues")
async def get_user_queues(
    request: Request, userId: str, session: _QueueView, page: _Paged, joined: bool | None = None
) -> Response:
    with session.open(RoutingBackend) as backend:
        queues = backend.get_user_queues(userId, joined)
    return reply(envelope(request, page.slice(queues), len(queues), page))


@router.patch("/api/v2/users/{userId}/queues")
async def patch_user_queues(
    request: Request,
    userId: str,
    body: list[UserQueueUpdate],
    session: Annotated[Session, Depends(any_of("routing:queue:join", "routing:queueMember:manage"))],
) -> Response:
    with session.open(RoutingBackend) as backend:
        queues = backend.patch_user_queues(userId, body)
    return reply(envelope(request, queues, len(queues), Page(max(len(queues), 1), 1)))


@router.get("/api/v2/routing/skills")
async def get_routing_skills(
    request: Request,
    session: Annotated[Session, Depends(any_of("routing:skill:view"))],
    page: _Paged,
    name: str | None = None,
    id: QueryList = None,
) -> Response:
    with session.open(RoutingBackend) as backend:
        entities, total = backend.get_routing_skills(page, name, id)
    return reply(envelope(request, entities, total, page))


@router.post("/api/v2/routing/skills")
async def post_routing_skills(
    body: CreateRoutingSkill,
    session: Annotated[Session, Depends(any_of("routing:skill:manage", "routing:skill:create"))],
) -> Response:
    with session.open(RoutingBackend) as backend:
        return reply(backend.post_routing_skills(body))


@router.get("/api/v2/routing/skills/{skillId}")
async def get_routing_skill(
    skillId: str, session: Annotated[Session, Depends(any_of("routing:skill:view"))]
) -> Response:
    with session.open(RoutingBackend) as backend:
        return reply(backend.get_routing_skill(skillId))


@router.patch("/api/v2/routing/skills/{skillId}")
async def patch_routing_skill(
    skillId: str,
    body: SkillDivisionUpdate,
    session: Annotated[Session, Depends(any_of("routing:skill:update"))],
) -> Response:
    with session.open(RoutingBackend) as backend:
        return reply(backend.patch_routing_skill(skillId, body))


@router.delete("/api/v2/routing/skills/{skillId}")
async def delete_routing_skill(
    skillId: str,
    session: Annotated[Session, Depends(any_of("routing:skill:manage", "routing:skill:delete"))],
) -> Response:
    with session.open(RoutingBackend) as backend:
        backend.delete_routing_skill(skillId)
    return no_content()


@router.get("/api/v2/routing/languages")
async def get_routing_languages(
    request: Request,
    session: _AnyToken,
    page: _Paged,
    name: str | None = None,
    id: QueryList = None,
    sortOrder: _Order = "ASC",
) -> Response:
    with session.open(RoutingBackend) as backend:
        entities, total = backend.get_routing_languages(page, name, id, _descending(sortOrder))
    return reply(envelope(request, entities, total, page))


@router.post("/api/v2/routing/languages")
async def post_routing_languages(body: LanguageBody, session: _SkillManage) -> Response:
    with session.open(RoutingBackend) as backend:
        return reply(backend.post_routing_languages(body))


@router.get("/api/v2/routing/languages/{languageId}")
async def get_routing_language(languageId: str, session: _AnyToken) -> Response:
    with session.open(RoutingBackend) as backend:
        return reply(backend.get_routing_language(languageId))


@router.delete("/api/v2/routing/languages/{languageId}")
async def delete_routing_language(languageId: str, session: _SkillManage) -> Response:
    with session.open(RoutingBackend) as backend:
        backend.delete_routing_language(languageId)
    return no_content()


@router.get("/api/v2/routing/wrapupcodes")
async def get_routing_wrapupcodes(
    request: Request,
    session: _CodeView,
    page: _Paged,
    name: str | None = None,
    id: QueryList = None,
    divisionId: QueryList = None,
    sortBy: Literal["name", "id"] = "name",
    sortOrder: _Order = "ascending",
) -> Response:
    with session.open(RoutingBackend) as backend:
        entities, total = backend.get_routing_wrapupcodes(
            page, name, id, divisionId, sortBy, _descending(sortOrder)
        )
    return reply(envelope(request, entities, total, page))


@router.post("/api/v2/routing/wrapupcodes")
async def post_routing_wrapupcodes(
    body: WrapupCodeRequest, session: Annotated[Session, Depends(all_of("routing:wrapupCode:add"))]
) -> Response:
    with session.open(RoutingBackend) as backend:
        return reply(backend.post_routing_wrapupcodes(body))


@router.get("/api/v2/routing/wrapupcodes/{codeId}")
async def get_routing_wrapupcode(codeId: str, session: _CodeView) -> Response:
    with session.open(RoutingBackend) as backend:
        return reply(backend.get_routing_wrapupcode(codeId))


@router.put("/api/v2/routing/wrapupcodes/{codeId}")
async def put_routing_wrapupcode(
    codeId: str,
    body: WrapupCodeRequest,
    session: Annotated[Session, Depends(all_of("routing:wrapupCode:edit"))],
) -> Response:
    with session.open(RoutingBackend) as backend:
        return reply(backend.put_routing_wrapupcode(codeId, body))


@router.delete("/api/v2/routing/wrapupcodes/{codeId}")
async def delete_routing_wrapupcode(
    codeId: str, session: Annotated[Session, Depends(all_of("routing:wrapupCode:delete"))]
) -> Response:
    with session.open(RoutingBackend) as backend:
        backend.delete_routing_wrapupcode(codeId)
    return no_content()
