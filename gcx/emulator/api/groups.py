"""Groups API: groups, their members and group search.

Endpoints:
- GET    /api/v2/groups -> get_groups
- POST   /api/v2/groups -> post_groups
- GET    /api/v2/groups/search -> get_groups_search
- POST   /api/v2/groups/search -> post_groups_search
- GET    /api/v2/groups/{groupId} -> get_group
- PUT    /api/v2/groups/{groupId} -> put_group
- DELETE /api/v2/groups/{groupId} -> delete_group
- GET    /api/v2/groups/{groupId}/individuals -> get_group_individuals
- GET    /api/v2/groups/{groupId}/members -> get_group_members
- POST   /api/v2/groups/{groupId}/members -> post_group_members
- DELETE /api/v2/groups/{groupId}/members -> delete_group_members

Rules (`genesys-api.md` §4.4): `type` (official|social) is fixed at creation; PUT needs the
current `version`; POST .../members takes at most 50 ids plus the group `version` and bumps it;
DELETE .../members takes `ids=a,b,c`. GroupUpdate's `visibility` value `ownerIds` (a typo in the
spec) is read as `owners`. Choice: group names are unique per org (409).
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from starlette.responses import Response

from gcx.emulator.api.users import SearchCriteria, UsersBackend, search_matches
from gcx.emulator.auth import any_of, authenticated
from gcx.emulator.context import Backend, Session
from gcx.emulator.errors import bad_request, from_validation
from gcx.emulator.paging import Page, envelope, make_page, paging
from gcx.emulator.params import QueryList
from gcx.emulator.wire import new_id, no_content, now_iso, reply

__all__ = ["GroupsBackend", "router"]

Doc = dict[str, Any]
MAX_MEMBERS_PER_REQUEST = 50


class _Body(BaseModel):
    model_config = ConfigDict(extra="ignore")


class GroupContact(_Body):
    address: str | None = Field(None, pattern=r"^\+?[0-9 ()\-.]{3,30}$")
    extension: str | None = None
    display: str | None = None
    type: Literal["GROUPRING", "GROUPPHONE"]
    mediaType: Literal["PHONE"] = "PHONE"


class GroupCreate(_Body):
    name: str = Field(min_length=1, max_length=200)
    description: str | None = None
    type: Literal["official", "social"] = "official"
    visibility: Literal["public", "owners", "members"] = "public"
    rulesVisible: bool = True
    rolesEnabled: bool = True
    includeOwners: bool = False
    callsEnabled: bool = True
    addresses: list[GroupContact] | None = None
    ownerIds: list[str] | None = None


class GroupUpdate(_Body):
    name: str = Field(min_length=1, max_length=200)
    description: str | None = None
    state: Literal["active", "inactive", "deleted"] | None = None
    visibility: Literal["public", "owners", "ownerIds", "members"] | None = None
    rulesVisible: bool | None = None
    rolesEnabled: bool | None = None
    includeOwners: bool | None = None
    callsEnabled: bool | None = None
    addresses: list[GroupContact] | None = None
    ownerIds: list[str] | None = None
    version: int


class GroupMembersUpdate(_Body):
    memberIds: list[str] = Field(min_length=1)
    version: int


class GroupSearchRequest(_Body):
    query: list[SearchCriteria] = Field(default_factory=list)
    pageSize: int = 25
    pageNumber: int = 1
    sortBy: str | None = None
    sortOrder: Literal["ASC", "DESC", "SCORE"] | None = None


class GroupsBackend(Backend):
    def load_group(self, group_id: str) -> Doc:
        return self.load("group", group_id, "group")

    def group_view(self, group: Doc) -> Doc:
        members = group.get("_members", [])
        return group | {
            "memberCount": len(members),
            "owners": [{"id": o, "selfUri": f"/api/v2/users/{o}"} for o in group.get("_owners", [])],
            "selfUri": f"/api/v2/groups/{group['id']}",
        }

    def _owners(self, owner_ids: list[str] | None) -> list[str]:
        for i, owner in enumerate(owner_ids or []):
            user = self.tx.get(self.org, "user", owner)
            if user is None or user.get("state") == "deleted":
                raise bad_request(f"Owner {owner} is not a user of this organization.", f"ownerIds[{i}]")
        return list(dict.fromkeys(owner_ids or []))

    def get_groups(self, page: Page, ids: list[str] | None, descending: bool) -> tuple[list[Doc], int]:
        docs, total = self.tx.page(
            self.org, "group", limit=page.size, offset=page.offset, ids=ids, descending=descending
        )
        return [self.group_view(d) for d in docs], total

    def post_groups(self, body: GroupCreate) -> Doc:
        self.ensure_unique_name("group", body.name, what="group")
        group = {
            "id": new_id(),
            "name": body.name,
            "description": body.description or "",
            "dateModified": now_iso(),
            "state": "active",
            "version": 1,
            "type": body.type,
            "images": [],
            "addresses": [a.model_dump(exclude_none=True) for a in body.addresses or []],
            "rulesVisible": body.rulesVisible,
            "visibility": body.visibility,
            "rolesEnabled": body.rolesEnabled,
            "includeOwners": body.includeOwners,
            "callsEnabled": body.callsEnabled,
            "_owners": self._owners(body.ownerIds),
            "_members": [],
            "_grants": [],
        }
        return self.group_view(self.save("group", group))

    def get_group(self, group_id: str) -> Doc:
        return self.group_view(self.load_group(group_id))

    def put_group(self, group_id: str, body: GroupUpdate) -> Doc:
        group = self.load_group(group_id)
        self.check_version("group", body.version, group["version"])
        self.ensure_unique_name("group", body.name, group_id, what="group")
        changes = body.model_dump(exclude_none=True, exclude={"version", "ownerIds", "addresses"})
        if changes.get("visibility") == "ownerIds":
            changes["visibility"] = "owners"
        group.update(changes)
        if body.addresses is not None:
            group["addresses"] = [a.model_dump(exclude_none=True) for a in body.addresses]
        if body.ownerIds is not None:
            group["_owners"] = self._owners(body.ownerIds)
        group.update(version=group["version"] + 1, dateModified=now_iso())
        return self.group_view(self.save("group", group))

    def delete_group(self, group_id: str) -> None:
        self.load_group(group_id)
        self.tx.delete(self.org, "group", group_id)

    def _member_users(self, group: Doc, with_owners: bool) -> list[Doc]:
        ids = list(group.get("_members", []))
        if with_owners and group.get("includeOwners"):
            ids += [o for o in group.get("_owners", []) if o not in ids]
        users = [self.tx.get(self.org, "user", i) for i in ids]
        return sorted(
            (u for u in users if u and u.get("state") != "deleted"), key=lambda u: u["name"].lower()
        )

    def get_group_members(self, group_id: str, expand: list[str] | None, descending: bool) -> list[Doc]:
        users = self._member_users(self.load_group(group_id), with_owners=True)
        if descending:
            users.reverse()
        backend = self.other(UsersBackend)
        return [backend.user_view(u, expand) for u in users]

    def get_group_individuals(self, group_id: str) -> list[Doc]:
        backend = self.other(UsersBackend)
        return [
            backend.user_view(u) for u in self._member_users(self.load_group(group_id), with_owners=False)
        ]

    def post_group_members(self, group_id: str, body: GroupMembersUpdate) -> Doc:
        if len(body.memberIds) > MAX_MEMBERS_PER_REQUEST:
            raise bad_request(
                f"At most {MAX_MEMBERS_PER_REQUEST} members can be added per request.", "memberIds"
            )
        group = self.load_group(group_id)
        self.check_version("group", body.version, group["version"])
        for i, member in enumerate(body.memberIds):
            user = self.tx.get(self.org, "user", member)
            if user is None or user.get("state") == "deleted":
                raise bad_request(f"Member {member} is not a user of this organization.", f"memberIds[{i}]")
        members = group.setdefault("_members", [])
        members.extend(m for m in dict.fromkeys(body.memberIds) if m not in members)
        group.update(version=group["version"] + 1, dateModified=now_iso())
        self.save("group", group)
        return {}

    def delete_group_members(self, group_id: str, ids: list[str]) -> Doc:
        group = self.load_group(group_id)
        group["_members"] = [m for m in group.get("_members", []) if m not in ids]
        group.update(version=group["version"] + 1, dateModified=now_iso())
        self.save("group", group)
        return {}

    def post_groups_search(self, body: GroupSearchRequest) -> Doc:
        page = make_page(body.pageSize, body.pageNumber, cap=100)
        groups = [self.group_view(g) for g in self.tx.scan(self.org, "group")]
        found = [g for g in groups if search_matches(g, body.query)]
        found.sort(
            key=lambda g: str(g.get(body.sortBy or "name", "")).lower(), reverse=body.sortOrder == "DESC"
        )
        return {
            "total": len(found),
            "pageCount": -(-len(found) // page.size),
            "pageSize": page.size,
            "pageNumber": page.number,
            "types": ["groups"],
            "results": page.slice(found),
        }


router = APIRouter(tags=["Groups"])
_AnyToken = Annotated[Session, Depends(authenticated)]
_Order = Literal["ascending", "descending", "ASC", "DESC"]


@router.get("/api/v2/groups")
async def get_groups(
    request: Request,
    session: _AnyToken,
    page: Annotated[Page, Depends(paging())],
    id: QueryList = None,
    sortOrder: _Order = "ASC",
) -> Response:
    with session.open(GroupsBackend) as backend:
        entities, total = backend.get_groups(page, id, sortOrder in ("descending", "DESC"))
    return reply(envelope(request, entities, total, page))


@router.post("/api/v2/groups")
async def post_groups(
    body: GroupCreate, session: Annotated[Session, Depends(any_of("directory:group:add"))]
) -> Response:
    with session.open(GroupsBackend) as backend:
        return reply(backend.post_groups(body))


@router.post("/api/v2/groups/search")
async def post_groups_search(body: GroupSearchRequest, session: _AnyToken) -> Response:
    with session.open(GroupsBackend) as backend:
        return reply(backend.post_groups_search(body))


@router.get("/api/v2/groups/search")
async def get_groups_search(session: _AnyToken, q64: str) -> Response:
    try:
        body = GroupSearchRequest.model_validate(json.loads(base64.b64decode(q64)))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise bad_request("q64 must be a base64-encoded JSON group search request.", "q64") from None
    except ValidationError as exc:
        raise from_validation(exc.errors()) from None
    with session.open(GroupsBackend) as backend:
        return reply(backend.post_groups_search(body))


@router.get("/api/v2/groups/{groupId}")
async def get_group(groupId: str, session: _AnyToken) -> Response:
    with session.open(GroupsBackend) as backend:
        return reply(backend.get_group(groupId))


@router.put("/api/v2/groups/{groupId}")
async def put_group(
    groupId: str, body: GroupUpdate, session: Annotated[Session, Depends(any_of("directory:group:edit"))]
) -> Response:
    with session.open(GroupsBackend) as backend:
        return reply(backend.put_group(groupId, body))


@router.delete("/api/v2/groups/{groupId}")
async def delete_group(
    groupId: str, session: Annotated[Session, Depends(any_of("directory:group:delete"))]
) -> Response:
    with session.open(GroupsBackend) as backend:
        backend.delete_group(groupId)
    return no_content()


@router.get("/api/v2/groups/{groupId}/individuals")
async def get_group_individuals(request: Request, groupId: str, session: _AnyToken) -> Response:
    with session.open(GroupsBackend) as backend:
        users = backend.get_group_individuals(groupId)
    return reply(envelope(request, users, len(users), Page(max(len(users), 1), 1)))


@router.get("/api/v2/groups/{groupId}/members")
async def get_group_members(
    request: Request,
    groupId: str,
    session: _AnyToken,
    page: Annotated[Page, Depends(paging())],
    expand: QueryList = None,
    sortOrder: _Order = "ASC",
) -> Response:
    with session.open(GroupsBackend) as backend:
        users = backend.get_group_members(groupId, expand, sortOrder in ("descending", "DESC"))
    return reply(envelope(request, page.slice(users), len(users), page))


@router.post("/api/v2/groups/{groupId}/members")
async def post_group_members(groupId: str, body: GroupMembersUpdate, session: _AnyToken) -> Response:
    with session.open(GroupsBackend) as backend:
        return reply(backend.post_group_members(groupId, body))


@router.delete("/api/v2/groups/{groupId}/members")
async def delete_group_members(groupId: str, session: _AnyToken, ids: str) -> Response:
    wanted = [i.strip() for i in ids.split(",") if i.strip()]
    if not wanted:
        raise bad_request("ids must list at least one member id (comma-separated).", "ids")
    with session.open(GroupsBackend) as backend:
        return reply(backend.delete_group_members(groupId, wanted))
