"""Authorization API: divisions, the permission catalog, products, roles and subject grants.

Endpoints:
- GET /api/v2/authorization/divisions -> get_authorization_divisions
- POST /api/v2/authorization/divisions -> post_authorization_divisions
- GET /api/v2/authorization/divisions/home -> get_authorization_divisions_home
- GET /api/v2/authorization/divisions/query -> get_authorization_divisions_query
- GET /api/v2/authorization/divisions/{divisionId} -> get_authorization_division
- PUT /api/v2/authorization/divisions/{divisionId} -> put_authorization_division
- DELETE /api/v2/authorization/divisions/{divisionId} -> delete_authorization_division
- POST /api/v2/authorization/divisions/{divisionId}/objects/{objectType}
  -> post_authorization_division_object
- GET /api/v2/authorization/permissions -> get_authorization_permissions
- GET /api/v2/authorization/products -> get_authorization_products
- GET /api/v2/authorization/roles -> get_authorization_roles
- POST /api/v2/authorization/roles -> post_authorization_roles
- POST /api/v2/authorization/roles/default -> post_authorization_roles_default
- PUT /api/v2/authorization/roles/default -> put_authorization_roles_default
- GET /api/v2/authorization/roles/{roleId} -> get_authorization_role
- PUT /api/v2/authorization/roles/{roleId} -> put_authorization_role
- PATCH /api/v2/authorization/roles/{roleId} -> patch_authorization_role
- DELETE /api/v2/authorization/roles/{roleId} -> delete_authorization_role
- POST /api/v2/authorization/roles/{roleId} -> post_authorization_role
- GET /api/v2/authorization/roles/{roleId}/subjectgrants -> get_authorization_role_subjectgrants
- GET /api/v2/authorization/roles/{roleId}/users -> get_authorization_role_users
- PUT /api/v2/authorization/roles/{roleId}/users/add -> put_authorization_role_users_add
- PUT /api/v2/authorization/roles/{roleId}/users/remove -> put_authorization_role_users_remove
- GET /api/v2/authorization/subjects/me -> get_authorization_subjects_me
- GET /api/v2/authorization/subjects/{subjectId} -> get_authorization_subject
- POST /api/v2/authorization/subjects/{subjectId}/bulkadd -> post_authorization_subject_bulkadd
- POST /api/v2/authorization/subjects/{subjectId}/bulkremove -> post_authorization_subject_bulkremove
- POST /api/v2/authorization/subjects/{subjectId}/bulkreplace -> post_authorization_subject_bulkreplace
- POST /api/v2/authorization/subjects/{subjectId}/divisions/{divisionId}/roles/{roleId}
  -> post_authorization_subject_division_role
- DELETE /api/v2/authorization/subjects/{subjectId}/divisions/{divisionId}/roles/{roleId}
  -> delete_authorization_subject_division_role
- GET /api/v2/users/{subjectId}/roles -> get_user_roles
- PUT /api/v2/users/{subjectId}/roles -> put_user_roles

Grants live on their subject (a user or a group) as `_grants`; OAuth clients carry theirs as
`roleDivisions`. Division `*` means all divisions. A user's subject lists the grants it holds
through role-enabled groups too, each with the group's id as `subjectId`. Like the real API,
role policies naming unknown permissions are accepted (the provider checks them against the
catalog itself). `PUT .../roles/default` restores the built-in roles it names to their catalog
definition; `POST .../roles/default` adds missing ones, or restores all with `force=true`.

Moving objects between divisions takes USER and QUEUE ids (the other SDK object types are a
400 naming `objectType`), all or nothing; the SDK lists no endpoint permission, so the emulator
asks for the object's edit permission (`directory:user:edit`, `routing:queue:edit`, 403
`missing.permissions`), checked org-wide like every division-aware permission here.
Choices: role and division names are unique per org, case-insensitively (409); a role still
granted to anyone, or a built-in role, cannot be deleted (409 / 400); a moved user's `version`
goes up; deleted users do not count as a division's objects; the division cursor listing sorts
by name and its `name` filter is an exact match.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, ConfigDict, Field
from starlette.responses import Response

from gcx.catalog import permissions as catalog
from gcx.catalog.roles import BUILT_IN_ROLES, BuiltInRole, built_in_role
from gcx.emulator.auth import (
    all_of,
    any_of,
    authenticated,
    grants_permissions,
    role_permissions,
    user_grant_sources,
    user_grants,
)
from gcx.emulator.context import Backend, Session
from gcx.emulator.errors import bad_request, conflict, invalid_value, not_found
from gcx.emulator.paging import Cursor, Page, cursor_envelope, cursor_paging, envelope, name_like, paging
from gcx.emulator.params import QueryList
from gcx.emulator.wire import new_id, no_content, now_iso, reply

__all__ = ["PRODUCTS", "AuthorizationBackend", "router"]

Doc = dict[str, Any]
ALL_DIVISIONS = "*"

# Choice: product ids of a seeded org (the provider only reads `total` and `entities[].id`).
PRODUCTS = ("purecloud", "genesysCloudCX3", "predictiveEngagement")

# `objectType` values of POST .../divisions/{id}/objects/{objectType} (the SDK's list) ...
DIVISION_OBJECT_TYPES = (
    "QUEUE",
    "CAMPAIGN",
    "CONTACTLIST",
    "DNCLIST",
    "EMAILCAMPAIGN",
    "MESSAGINGCAMPAIGN",
    "MANAGEMENTUNIT",
    "BUSINESSUNIT",
    "FLOW",
    "FLOWMILESTONE",
    "FLOWOUTCOME",
    "USER",
    "CALLROUTE",
    "EMERGENCYGROUPS",
    "ROUTINGSCHEDULES",
    "ROUTINGSCHEDULEGROUPS",
    "DATATABLES",
    "TEAM",
    "WORKBIN",
    "WORKTYPE",
    "EXTENSIONPOOL",
    "SKILLGROUP",
    "SCRIPT",
)
# ... and the ones the emulator holds: stored kind and the permission a move needs.
_MOVABLE = {"USER": ("user", "directory:user:edit"), "QUEUE": ("queue", "routing:queue:edit")}

# Kinds whose documents carry `division.id`, for objectCounts and the delete rule.
_DIVISIONED = {"user": "USER", "queue": "QUEUE", "wrapupcode": "WRAPUPCODE", "skill": "SKILL"}


class _Body(BaseModel):
    model_config = ConfigDict(extra="ignore")


class DivisionBody(_Body):
    name: str = Field(min_length=1, max_length=200)
    description: str | None = None


class PermissionPolicy(_Body):
    domain: str = Field(min_length=1)
    entityName: str = Field(min_length=1)
    actionSet: list[str] = Field(min_length=1)
    policyName: str | None = None
    policyDescription: str | None = None
    namedResources: list[str] | None = None
    allowConditions: bool | None = None
    resourceConditionNode: dict[str, Any] | None = None


class RoleBody(_Body):
    name: str = Field(min_length=1, max_length=200)
    description: str | None = None
    permissions: list[str] | None = None
    permissionPolicies: list[PermissionPolicy] | None = None


class RolePatch(_Body):
    name: str | None = Field(None, min_length=1, max_length=200)
    description: str | None = None
    permissions: list[str] | None = None
    permissionPolicies: list[PermissionPolicy] | None = None


class DefaultRoleRef(_Body):
    """An entry of `PUT .../roles/default`: the built-in role to restore, by id or defaultRoleId."""

    id: str | None = None
    defaultRoleId: str | None = None


class RoleDivisionPair(_Body):
    roleId: str = Field(min_length=1)
    divisionId: str = Field(min_length=1)


class RoleDivisionGrants(_Body):
    grants: list[RoleDivisionPair]


class SubjectDivisions(_Body):
    subjectIds: list[str] = Field(min_length=1)
    divisionIds: list[str] = Field(min_length=1)


def _policies(body_policies: list[PermissionPolicy] | None) -> list[Doc]:
    return [p.model_dump(exclude_none=True) for p in body_policies or []]


class AuthorizationBackend(Backend):
    # ---- divisions -------------------------------------------------------------------------
    def home_division(self) -> Doc:
        for division in self.tx.scan(self.org, "division"):
            if division.get("homeDivision"):
                return division
        raise not_found("home division")

    def division_ref(self, division_id: str | None, field: str = "divisionId") -> Doc:
        """`{id, name, selfUri}` of a division (home when `division_id` is empty); 400 if unknown."""
        if not division_id:
            division = self.home_division()
        else:
            found = self.tx.get(self.org, "division", division_id)
            if found is None:
                raise bad_request(f"Division {division_id} does not exist.", field)
            division = found
        return {"id": division["id"], "name": division["name"], "selfUri": self._division_uri(division["id"])}

    @staticmethod
    def _division_uri(ident: str) -> str:
        return f"/api/v2/authorization/divisions/{ident}"

    def _division_view(self, division: Doc, with_counts: bool) -> Doc:
        view = division | {"selfUri": self._division_uri(division["id"])}
        if with_counts:
            view["objectCounts"] = self._object_counts(division["id"])
        return view

    def _object_counts(self, division_id: str) -> dict[str, int]:
        counts: dict[str, int] = {}
        for kind, label in _DIVISIONED.items():
            n = sum(
                1
                for d in self.tx.scan(self.org, kind)
                if (d.get("division") or {}).get("id") == division_id and d.get("state") != "deleted"
            )
            if n:
                counts[label] = n
        return counts

    def seed_home_division(self) -> Doc:
        return self.save(
            "division",
            {"id": new_id(), "name": "Home", "description": "Home Division", "homeDivision": True},
        )

    def get_authorization_divisions(
        self, page: Page, name: str | None, ids: list[str] | None, object_count: bool
    ) -> tuple[list[Doc], int]:
        docs, total = self.tx.page(
            self.org,
            "division",
            limit=page.size,
            offset=page.offset,
            name_like=name_like(name, "contains"),
            ids=ids,
        )
        return [self._division_view(d, object_count) for d in docs], total

    def get_authorization_divisions_home(self) -> Doc:
        return self._division_view(self.home_division(), False)

    def get_authorization_division(self, division_id: str, object_count: bool) -> Doc:
        return self._division_view(self.load("division", division_id, "division"), object_count)

    def post_authorization_divisions(self, body: DivisionBody) -> Doc:
        self.ensure_unique_name("division", body.name)
        division = {
            "id": new_id(),
            "name": body.name,
            "description": body.description or "",
            "homeDivision": False,
        }
        return self._division_view(self.save("division", division), False)

    def put_authorization_division(self, division_id: str, body: DivisionBody) -> Doc:
        division = self.load("division", division_id, "division")
        self.ensure_unique_name("division", body.name, division_id)
        division.update(name=body.name, description=body.description or "")
        return self._division_view(self.save("division", division), False)

    def get_authorization_divisions_query(
        self, cursor: Cursor, name: str | None, ids: list[str] | None
    ) -> tuple[list[Doc], str | None, str | None]:
        divisions = [
            d
            for d in self.tx.scan(self.org, "division")
            if (not ids or d["id"] in ids) and (not name or d["name"].lower() == name.lower())
        ]
        found, previous, following = cursor.take(divisions, key=lambda d: d["name"].lower())
        return [self._division_view(d, False) for d in found], previous, following

    def post_authorization_division_object(
        self, division_id: str, object_type: str, object_ids: list[str]
    ) -> None:
        """Move objects of one type into a division; all or nothing."""
        if object_type not in DIVISION_OBJECT_TYPES:
            raise invalid_value("objectType", object_type, DIVISION_OBJECT_TYPES)
        kind_and_permission = _MOVABLE.get(object_type)
        if kind_and_permission is None:
            raise bad_request(
                f"The emulator cannot move {object_type} objects; it moves {', '.join(_MOVABLE)}.",
                "objectType",
            )
        kind, needed = kind_and_permission
        caller = self.ctx.caller
        if caller is not None:
            caller.require_all([needed])
        target = self.division_ref(self.load("division", division_id, "division")["id"])
        if not object_ids:
            raise bad_request("Name at least one object to move.", "body")
        moved = []
        for i, ident in enumerate(object_ids):
            doc = self.tx.get(self.org, kind, ident)
            if doc is None or doc.get("state") == "deleted":
                raise bad_request(f"There is no {object_type} {ident} to move.", f"[{i}]")
            moved.append(doc)
        for doc in moved:
            doc["division"] = target
            if kind == "user":
                doc["version"] += 1
            self.save(kind, doc)

    def delete_authorization_division(self, division_id: str) -> None:
        division = self.load("division", division_id, "division")
        if division.get("homeDivision"):
            raise bad_request("The home division cannot be deleted.", "divisionId")
        counts = self._object_counts(division_id)
        if counts:
            summary = ", ".join(f"{n} {kind}" for kind, n in counts.items())
            raise bad_request(
                f"The division still contains objects ({summary}); move them first.", "divisionId"
            )
        self.tx.delete(self.org, "division", division_id)

    # ---- permission catalog and products ----------------------------------------------------
    @staticmethod
    def get_authorization_permissions(query_type: str | None, query: str | None) -> list[Doc]:
        by_domain: dict[str, dict[str, list[Doc]]] = defaultdict(lambda: defaultdict(list))
        needle = (query or "").lower()
        for p in catalog.PERMISSIONS:
            if needle:
                haystack = p.domain if query_type == "domain" else f"{p.string} {p.label}"
                if needle not in haystack.lower():
                    continue
            by_domain[p.domain][p.entity].append(
                {
                    "domain": p.domain,
                    "entityType": p.entity,
                    "action": p.action,
                    "label": p.label.split(" > ")[2],
                    "allowsConditions": False,
                    "divisionAware": p.division_aware,
                }
            )
        return [
            {
                "id": domain,
                "name": catalog.domain_label(domain),
                "domain": domain,
                "permissionMap": dict(entities),
                "selfUri": f"/api/v2/authorization/permissions/{domain}",
            }
            for domain, entities in sorted(by_domain.items())
        ]

    @staticmethod
    def get_authorization_products() -> Doc:
        return {
            "entities": [{"id": p} for p in PRODUCTS],
            "pageSize": len(PRODUCTS),
            "pageNumber": 1,
            "total": len(PRODUCTS),
            "pageCount": 1,
        }

    # ---- roles -------------------------------------------------------------------------------
    @staticmethod
    def _role_uri(ident: str) -> str:
        return f"/api/v2/authorization/roles/{ident}"

    def role_view(self, role: Doc, user_count: bool = True) -> Doc:
        view = role | {"selfUri": self._role_uri(role["id"])}
        if user_count:
            view["userCount"] = sum(
                1
                for user in self.tx.scan(self.org, "user")
                if user.get("state") != "deleted"
                and any(g["roleId"] == role["id"] for g in user.get("_grants", []))
            )
        return view

    def load_role(self, role_id: str, field: str | None = None) -> Doc:
        role = self.tx.get(self.org, "role", role_id)
        if role is None:
            if field:
                raise bad_request(f"Role {role_id} does not exist.", field)
            raise not_found("role", role_id)
        return role

    def _built_in_doc(self, spec: BuiltInRole, ident: str | None = None) -> Doc:
        return {
            "id": ident or new_id(),
            "name": spec.name,
            "description": spec.description,
            "defaultRoleId": spec.default_role_id,
            "permissions": list(spec.legacy_permissions),
            "permissionPolicies": spec.permission_policies(),
            "default": True,
            "base": False,
            "roleNeedsUpdate": False,
        }

    def seed_built_in_roles(self) -> dict[str, Doc]:
        return {spec.default_role_id: self.save("role", self._built_in_doc(spec)) for spec in BUILT_IN_ROLES}

    def role_by_default_id(self, default_role_id: str) -> Doc | None:
        return next(
            (r for r in self.tx.scan(self.org, "role") if r.get("defaultRoleId") == default_role_id), None
        )

    def get_authorization_roles(
        self,
        page: Page,
        name: str | None,
        permission: list[str] | None,
        default_role_id: list[str] | None,
        ids: list[str] | None,
        user_count: bool,
    ) -> tuple[list[Doc], int]:
        if not permission and not default_role_id:
            docs, total = self.tx.page(
                self.org, "role", limit=page.size, offset=page.offset, name_like=name_like(name), ids=ids
            )
            return [self.role_view(d, user_count) for d in docs], total
        matching = [
            role
            for role in sorted(self.tx.scan(self.org, "role"), key=lambda r: r["name"].lower())
            if (not name or role["name"].lower() == name.lower())
            and (not ids or role["id"] in ids)
            and (not default_role_id or role.get("defaultRoleId") in default_role_id)
            and (
                not permission
                or all(any(catalog.matches(g, p) for g in role_permissions(role)) for p in permission)
            )
        ]
        return [self.role_view(d, user_count) for d in page.slice(matching)], len(matching)

    def post_authorization_roles(self, body: RoleBody) -> Doc:
        self.ensure_unique_name("role", body.name)
        role = {
            "id": new_id(),
            "name": body.name,
            "description": body.description or "",
            "permissions": body.permissions or [],
            "permissionPolicies": _policies(body.permissionPolicies),
            "default": False,
            "base": False,
            "roleNeedsUpdate": False,
        }
        return self.role_view(self.save("role", role))

    def get_authorization_role(self, role_id: str, user_count: bool = True) -> Doc:
        return self.role_view(self.load_role(role_id), user_count)

    def put_authorization_role(self, role_id: str, body: RoleBody) -> Doc:
        role = self.load_role(role_id)
        self.ensure_unique_name("role", body.name, role_id)
        role.update(
            name=body.name,
            description=body.description or "",
            permissions=body.permissions or [],
            permissionPolicies=_policies(body.permissionPolicies),
        )
        return self.role_view(self.save("role", role))

    def patch_authorization_role(self, role_id: str, body: RolePatch) -> Doc:
        role = self.load_role(role_id)
        if body.name is not None:
            self.ensure_unique_name("role", body.name, role_id)
            role["name"] = body.name
        if body.description is not None:
            role["description"] = body.description
        if body.permissions is not None:
            role["permissions"] = body.permissions
        if body.permissionPolicies is not None:
            role["permissionPolicies"] = _policies(body.permissionPolicies)
        return self.role_view(self.save("role", role))

    def _role_holders(self, role_id: str) -> list[str]:
        holders = [
            f"{kind} {doc['id']}"
            for kind in ("user", "group")
            for doc in self.tx.scan(self.org, kind)
            if doc.get("state") != "deleted" and any(g["roleId"] == role_id for g in doc.get("_grants", []))
        ]
        holders += [
            f"OAuth client {c['id']}"
            for c in self.tx.scan(self.org, "oauth_client")
            if any(rd["roleId"] == role_id for rd in c.get("roleDivisions") or [])
        ]
        return holders

    def delete_authorization_role(self, role_id: str) -> None:
        role = self.load_role(role_id)
        if role.get("defaultRoleId"):
            raise bad_request(f"The built-in role '{role['name']}' cannot be deleted.", "roleId")
        holders = self._role_holders(role_id)
        if holders:
            raise conflict(
                f"The role is still granted ({', '.join(holders[:5])}); remove those grants first."
            )
        self.tx.delete(self.org, "role", role_id)

    def post_authorization_roles_default(self, force: bool) -> list[Doc]:
        restored = []
        for spec in BUILT_IN_ROLES:
            existing = self.role_by_default_id(spec.default_role_id)
            if existing is None:
                restored.append(self.save("role", self._built_in_doc(spec)))
            elif force:
                restored.append(self.save("role", self._built_in_doc(spec, existing["id"])))
            else:
                restored.append(existing)
        return [self.role_view(r) for r in restored]

    def put_authorization_roles_default(self, bodies: list[DefaultRoleRef]) -> list[Doc]:
        """Restore the named built-in roles to their catalog definition (id and grants are kept)."""
        restored = []
        for i, body in enumerate(bodies):
            role = self.tx.get(self.org, "role", body.id) if body.id else None
            if role is None and body.defaultRoleId:
                role = self.role_by_default_id(body.defaultRoleId)
            try:
                spec = built_in_role(str((role or {}).get("defaultRoleId")))
            except KeyError:
                raise bad_request(
                    f"Entry {i} names no built-in role; give its id or defaultRoleId.", f"[{i}].defaultRoleId"
                ) from None
            assert role is not None
            restored.append(self.save("role", self._built_in_doc(spec, role["id"])))
        return [self.role_view(r) for r in restored]

    # ---- subjects and grants -----------------------------------------------------------------
    def _subject(self, subject_id: str) -> tuple[str, Doc]:
        for kind in ("user", "group"):
            doc = self.tx.get(self.org, kind, subject_id)
            if doc is not None and doc.get("state") != "deleted":
                return kind, doc
        raise not_found("subject", subject_id)

    def _check_grant(self, role_id: str, division_id: str, index: int | None = None) -> None:
        where = f"grants[{index}]." if index is not None else ""
        self.load_role(role_id, field=f"{where}roleId")
        if division_id != ALL_DIVISIONS and self.tx.get(self.org, "division", division_id) is None:
            raise bad_request(f"Division {division_id} does not exist.", f"{where}divisionId")

    def _set_grants(self, kind: str, subject: Doc, grants: list[Doc]) -> None:
        subject["_grants"] = grants
        subject["_grantsVersion"] = int(subject.get("_grantsVersion", 0)) + 1
        self.save(kind, subject)

    def _division_for_grant(self, division_id: str) -> Doc:
        if division_id == ALL_DIVISIONS:
            return {
                "id": ALL_DIVISIONS,
                "name": "All divisions",
                "selfUri": self._division_uri(ALL_DIVISIONS),
            }
        division = self.tx.get(self.org, "division", division_id) or {"id": division_id, "name": division_id}
        return {
            "id": division["id"],
            "name": division["name"],
            "homeDivision": bool(division.get("homeDivision")),
            "selfUri": self._division_uri(division["id"]),
        }

    def subject_view(self, subject: Doc, grants: list[tuple[str, Doc]]) -> Doc:
        """AuthzSubject of `subject`; `grants` pairs each grant with the subject that holds it
        (a group's id for a grant a user inherits from the group)."""
        views = []
        for holder, grant in grants:
            role = self.tx.get(self.org, "role", grant["roleId"]) or {"id": grant["roleId"], "name": ""}
            views.append(
                {
                    "subjectId": holder,
                    "division": self._division_for_grant(grant["divisionId"]),
                    "role": {
                        "id": role["id"],
                        "name": role["name"],
                        "description": role.get("description", ""),
                        "default": bool(role.get("default")),
                        "selfUri": self._role_uri(role["id"]),
                    },
                    "grantMadeAt": grant.get("grantMadeAt"),
                }
            )
        return {
            "id": subject["id"],
            "name": subject.get("name", ""),
            "grants": views,
            "version": int(subject.get("_grantsVersion", 1)),
            "selfUri": f"/api/v2/authorization/subjects/{subject['id']}",
        }

    def get_authorization_subject(self, subject_id: str) -> Doc:
        kind, subject = self._subject(subject_id)
        if kind == "user":
            grants = user_grant_sources(self.tx, self.org, subject)
        else:
            grants = [(subject_id, grant) for grant in subject.get("_grants", [])]
        return self.subject_view(subject, grants)

    def get_authorization_subjects_me(self) -> Doc:
        caller = self.ctx.caller
        if caller is None or caller.user_id is None:
            client = self.tx.get(self.org, "oauth_client", caller.client_id) if caller else None
            if client is None:
                raise not_found("subject")
            grants = [
                (client["id"], {"roleId": rd["roleId"], "divisionId": rd["divisionId"]})
                for rd in client.get("roleDivisions", [])
            ]
            return self.subject_view(client, grants)
        return self.get_authorization_subject(caller.user_id)

    def add_grants(self, subject_id: str, pairs: list[RoleDivisionPair]) -> None:
        kind, subject = self._subject(subject_id)
        for i, pair in enumerate(pairs):
            self._check_grant(pair.roleId, pair.divisionId, i)
        grants = list(subject.get("_grants", []))
        have = {(g["roleId"], g["divisionId"]) for g in grants}
        for pair in pairs:
            if (pair.roleId, pair.divisionId) not in have:
                grants.append(
                    {"roleId": pair.roleId, "divisionId": pair.divisionId, "grantMadeAt": now_iso()}
                )
                have.add((pair.roleId, pair.divisionId))
        self._set_grants(kind, subject, grants)

    def remove_grants(self, subject_id: str, pairs: list[RoleDivisionPair]) -> None:
        kind, subject = self._subject(subject_id)
        gone = {(p.roleId, p.divisionId) for p in pairs}
        grants = [g for g in subject.get("_grants", []) if (g["roleId"], g["divisionId"]) not in gone]
        self._set_grants(kind, subject, grants)

    def post_authorization_subject_bulkadd(self, subject_id: str, body: RoleDivisionGrants) -> None:
        self.add_grants(subject_id, body.grants)

    def post_authorization_subject_bulkremove(self, subject_id: str, body: RoleDivisionGrants) -> None:
        self.remove_grants(subject_id, body.grants)

    def post_authorization_subject_bulkreplace(self, subject_id: str, body: RoleDivisionGrants) -> None:
        kind, subject = self._subject(subject_id)
        self._set_grants(kind, subject, [])
        self.add_grants(subject_id, body.grants)

    def post_authorization_subject_division_role(
        self, subject_id: str, division_id: str, role_id: str
    ) -> None:
        self.add_grants(subject_id, [RoleDivisionPair(roleId=role_id, divisionId=division_id)])

    def delete_authorization_subject_division_role(
        self, subject_id: str, division_id: str, role_id: str
    ) -> None:
        self.remove_grants(subject_id, [RoleDivisionPair(roleId=role_id, divisionId=division_id)])

    def post_authorization_role(self, role_id: str, body: SubjectDivisions) -> None:
        self.load_role(role_id)
        for subject_id in body.subjectIds:
            self.add_grants(
                subject_id, [RoleDivisionPair(roleId=role_id, divisionId=d) for d in body.divisionIds]
            )

    def _users_with_role(self, role_id: str) -> list[Doc]:
        return [
            u
            for u in self.tx.scan(self.org, "user")
            if u.get("state") != "deleted" and any(g["roleId"] == role_id for g in u.get("_grants", []))
        ]

    def get_authorization_role_users(self, role_id: str) -> list[Doc]:
        self.load_role(role_id)
        return [
            {"id": u["id"], "selfUri": f"/api/v2/users/{u['id']}"} for u in self._users_with_role(role_id)
        ]

    def get_authorization_role_subjectgrants(self, role_id: str) -> list[Doc]:
        self.load_role(role_id)
        entities = []
        for kind, subject_type in (("user", "PC_USER"), ("group", "PC_GROUP")):
            for subject in self.tx.scan(self.org, kind):
                divisions = [g["divisionId"] for g in subject.get("_grants", []) if g["roleId"] == role_id]
                if divisions and subject.get("state") != "deleted":
                    entities.append(
                        {
                            "id": subject["id"],
                            "name": subject.get("name", ""),
                            "type": subject_type,
                            "divisions": [self._division_for_grant(d) for d in divisions],
                        }
                    )
        return entities

    def put_authorization_role_users_add(self, role_id: str, user_ids: list[str]) -> list[str]:
        self.load_role(role_id)
        home = self.home_division()["id"]
        for user_id in user_ids:
            self.add_grants(user_id, [RoleDivisionPair(roleId=role_id, divisionId=home)])
        return user_ids

    def put_authorization_role_users_remove(self, role_id: str, user_ids: list[str]) -> list[str]:
        self.load_role(role_id)
        for user_id in user_ids:
            _, subject = self._subject(user_id)
            pairs = [
                RoleDivisionPair(roleId=role_id, divisionId=g["divisionId"])
                for g in subject.get("_grants", [])
            ]
            self.remove_grants(user_id, [p for p in pairs if p.roleId == role_id])
        return user_ids

    def get_user_roles(self, subject_id: str) -> Doc:
        user = self.tx.get(self.org, "user", subject_id)
        if user is None or user.get("state") == "deleted":
            raise not_found("user", subject_id)
        grants = user_grants(self.tx, self.org, user)
        roles = {}
        for grant in grants:
            role = self.tx.get(self.org, "role", grant["roleId"])
            if role is not None:
                roles[role["id"]] = {"id": role["id"], "name": role["name"]}
        return {
            "roles": list(roles.values()),
            "unusedRoles": [],
            "permissions": sorted(grants_permissions(self.tx, self.org, grants)),
            "permissionPolicies": [],
        }

    def put_user_roles(self, subject_id: str, role_ids: list[str]) -> Doc:
        home = self.home_division()["id"]
        for i, role_id in enumerate(role_ids):
            self.load_role(role_id, field=f"[{i}]")
        kind, subject = self._subject(subject_id)
        if kind != "user":
            raise not_found("user", subject_id)
        self._set_grants(kind, subject, [])
        self.add_grants(subject_id, [RoleDivisionPair(roleId=r, divisionId=home) for r in role_ids])
        return self.get_user_roles(subject_id)


router = APIRouter(tags=["Authorization"])
_ROLE_VIEW = "authorization:role:view"
_ROLE_EDIT = "authorization:role:edit"
_GRANT_ADD = "authorization:grant:add"
_GRANT_DELETE = "authorization:grant:delete"


@router.get("/api/v2/authorization/divisions")
async def get_authorization_divisions(
    request: Request,
    page: Annotated[Page, Depends(paging())],
    session: Annotated[Session, Depends(authenticated)],
    name: str | None = None,
    id: QueryList = None,
    objectCount: bool = False,
) -> Response:
    with session.open(AuthorizationBackend) as backend:
        entities, total = backend.get_authorization_divisions(page, name, id, objectCount)
    return reply(envelope(request, entities, total, page))


@router.post("/api/v2/authorization/divisions")
async def post_authorization_divisions(
    body: DivisionBody,
    session: Annotated[Session, Depends(all_of("authorization:division:add", _GRANT_ADD))],
) -> Response:
    with session.open(AuthorizationBackend) as backend:
        return reply(backend.post_authorization_divisions(body))


@router.get("/api/v2/authorization/divisions/query")
async def get_authorization_divisions_query(
    request: Request,
    cursor: Annotated[Cursor, Depends(cursor_paging())],
    session: Annotated[Session, Depends(authenticated)],
    name: str | None = None,
    id: QueryList = None,
) -> Response:
    with session.open(AuthorizationBackend) as backend:
        entities, previous, following = backend.get_authorization_divisions_query(cursor, name, id)
    return reply(cursor_envelope(request, entities, previous, following))


@router.get("/api/v2/authorization/divisions/home")
async def get_authorization_divisions_home(
    session: Annotated[Session, Depends(authenticated)],
) -> Response:
    with session.open(AuthorizationBackend) as backend:
        return reply(backend.get_authorization_divisions_home())


@router.get("/api/v2/authorization/divisions/{divisionId}")
async def get_authorization_division(
    divisionId: str,
    session: Annotated[Session, Depends(authenticated)],
    objectCount: bool = False,
) -> Response:
    with session.open(AuthorizationBackend) as backend:
        return reply(backend.get_authorization_division(divisionId, objectCount))


@router.put("/api/v2/authorization/divisions/{divisionId}")
async def put_authorization_division(
    divisionId: str,
    body: DivisionBody,
    session: Annotated[Session, Depends(any_of("authorization:division:edit"))],
) -> Response:
    with session.open(AuthorizationBackend) as backend:
        return reply(backend.put_authorization_division(divisionId, body))


@router.delete("/api/v2/authorization/divisions/{divisionId}")
async def delete_authorization_division(
    divisionId: str,
    session: Annotated[Session, Depends(any_of("authorization:division:delete"))],
    force: bool = False,
) -> Response:
    with session.open(AuthorizationBackend) as backend:
        backend.delete_authorization_division(divisionId)
    return no_content()


@router.post("/api/v2/authorization/divisions/{divisionId}/objects/{objectType}")
async def post_authorization_division_object(
    divisionId: str,
    objectType: str,
    body: list[str],
    session: Annotated[Session, Depends(authenticated)],
) -> Response:
    with session.open(AuthorizationBackend) as backend:
        backend.post_authorization_division_object(divisionId, objectType, body)
    return no_content()


@router.get("/api/v2/authorization/permissions")
async def get_authorization_permissions(
    request: Request,
    page: Annotated[Page, Depends(paging())],
    session: Annotated[Session, Depends(authenticated)],
    queryType: Annotated[str | None, Query(pattern="^(domain|permission)$")] = None,
    query: str | None = None,
) -> Response:
    collections = AuthorizationBackend.get_authorization_permissions(queryType, query)
    return reply(envelope(request, page.slice(collections), len(collections), page))


@router.get("/api/v2/authorization/products")
async def get_authorization_products(
    session: Annotated[Session, Depends(authenticated)],
) -> Response:
    return reply(AuthorizationBackend.get_authorization_products())


@router.get("/api/v2/authorization/roles")
async def get_authorization_roles(
    request: Request,
    page: Annotated[Page, Depends(paging())],
    session: Annotated[Session, Depends(any_of(_ROLE_VIEW))],
    name: str | None = None,
    permission: QueryList = None,
    defaultRoleId: QueryList = None,
    id: QueryList = None,
    userCount: bool = True,
) -> Response:
    with session.open(AuthorizationBackend) as backend:
        entities, total = backend.get_authorization_roles(
            page, name, permission, defaultRoleId, id, userCount
        )
    return reply(envelope(request, entities, total, page))


@router.post("/api/v2/authorization/roles")
async def post_authorization_roles(
    body: RoleBody,
    session: Annotated[Session, Depends(any_of("authorization:role:add"))],
) -> Response:
    with session.open(AuthorizationBackend) as backend:
        return reply(backend.post_authorization_roles(body))


def _role_listing(request: Request, roles: list[Doc]) -> Response:
    return reply(envelope(request, roles, len(roles), Page(max(len(roles), 1), 1)))


@router.post("/api/v2/authorization/roles/default")
async def post_authorization_roles_default(
    request: Request,
    session: Annotated[Session, Depends(any_of(_ROLE_EDIT))],
    force: bool = False,
) -> Response:
    with session.open(AuthorizationBackend) as backend:
        roles = backend.post_authorization_roles_default(force)
    return _role_listing(request, roles)


@router.put("/api/v2/authorization/roles/default")
async def put_authorization_roles_default(
    request: Request,
    body: list[DefaultRoleRef],
    session: Annotated[Session, Depends(any_of(_ROLE_EDIT))],
) -> Response:
    with session.open(AuthorizationBackend) as backend:
        roles = backend.put_authorization_roles_default(body)
    return _role_listing(request, roles)


@router.get("/api/v2/authorization/roles/{roleId}")
async def get_authorization_role(
    roleId: str,
    session: Annotated[Session, Depends(any_of(_ROLE_VIEW))],
    userCount: bool = True,
) -> Response:
    with session.open(AuthorizationBackend) as backend:
        return reply(backend.get_authorization_role(roleId, userCount))


@router.put("/api/v2/authorization/roles/{roleId}")
async def put_authorization_role(
    roleId: str,
    body: RoleBody,
    session: Annotated[Session, Depends(any_of(_ROLE_EDIT))],
) -> Response:
    with session.open(AuthorizationBackend) as backend:
        return reply(backend.put_authorization_role(roleId, body))


@router.patch("/api/v2/authorization/roles/{roleId}")
async def patch_authorization_role(
    roleId: str,
    body: RolePatch,
    session: Annotated[Session, Depends(any_of(_ROLE_EDIT))],
) -> Response:
    with session.open(AuthorizationBackend) as backend:
        return reply(backend.patch_authorization_role(roleId, body))


@router.delete("/api/v2/authorization/roles/{roleId}")
async def delete_authorization_role(
    roleId: str,
    session: Annotated[Session, Depends(any_of("authorization:role:delete"))],
) -> Response:
    with session.open(AuthorizationBackend) as backend:
        backend.delete_authorization_role(roleId)
    return no_content()


@router.post("/api/v2/authorization/roles/{roleId}")
async def post_authorization_role(
    roleId: str,
    body: SubjectDivisions,
    session: Annotated[Session, Depends(all_of(_GRANT_ADD))],
    subjectType: str = "PC_USER",
) -> Response:
    with session.open(AuthorizationBackend) as backend:
        backend.post_authorization_role(roleId, body)
    return no_content()


@router.get("/api/v2/authorization/roles/{roleId}/subjectgrants")
async def get_authorization_role_subjectgrants(
    request: Request,
    roleId: str,
    page: Annotated[Page, Depends(paging())],
    session: Annotated[Session, Depends(any_of(_ROLE_VIEW))],
) -> Response:
    with session.open(AuthorizationBackend) as backend:
        entities = backend.get_authorization_role_subjectgrants(roleId)
    return reply(envelope(request, page.slice(entities), len(entities), page))


@router.get("/api/v2/authorization/roles/{roleId}/users")
async def get_authorization_role_users(
    request: Request,
    roleId: str,
    page: Annotated[Page, Depends(paging())],
    session: Annotated[Session, Depends(authenticated)],
) -> Response:
    with session.open(AuthorizationBackend) as backend:
        entities = backend.get_authorization_role_users(roleId)
    return reply(envelope(request, page.slice(entities), len(entities), page))


@router.put("/api/v2/authorization/roles/{roleId}/users/add")
async def put_authorization_role_users_add(
    roleId: str,
    body: list[str],
    session: Annotated[Session, Depends(any_of(_GRANT_ADD))],
) -> Response:
    with session.open(AuthorizationBackend) as backend:
        return reply(backend.put_authorization_role_users_add(roleId, body))


@router.put("/api/v2/authorization/roles/{roleId}/users/remove")
async def put_authorization_role_users_remove(
    roleId: str,
    body: list[str],
    session: Annotated[Session, Depends(any_of(_GRANT_DELETE))],
) -> Response:
    with session.open(AuthorizationBackend) as backend:
        return reply(backend.put_authorization_role_users_remove(roleId, body))


@router.get("/api/v2/authorization/subjects/me")
async def get_authorization_subjects_me(
    session: Annotated[Session, Depends(authenticated)],
) -> Response:
    with session.open(AuthorizationBackend) as backend:
        return reply(backend.get_authorization_subjects_me())


@router.get("/api/v2/authorization/subjects/{subjectId}")
async def get_authorization_subject(
    subjectId: str,
    session: Annotated[Session, Depends(any_of("authorization:grant:view"))],
) -> Response:
    with session.open(AuthorizationBackend) as backend:
        return reply(backend.get_authorization_subject(subjectId))


@router.post("/api/v2/authorization/subjects/{subjectId}/bulkadd")
async def post_authorization_subject_bulkadd(
    subjectId: str,
    body: RoleDivisionGrants,
    session: Annotated[Session, Depends(all_of(_GRANT_ADD))],
    subjectType: str = "PC_USER",
) -> Response:
    with session.open(AuthorizationBackend) as backend:
        backend.post_authorization_subject_bulkadd(subjectId, body)
    return no_content()


@router.post("/api/v2/authorization/subjects/{subjectId}/bulkremove")
async def post_authorization_subject_bulkremove(
    subjectId: str,
    body: RoleDivisionGrants,
    session: Annotated[Session, Depends(all_of(_GRANT_DELETE))],
) -> Response:
    with session.open(AuthorizationBackend) as backend:
        backend.post_authorization_subject_bulkremove(subjectId, body)
    return no_content()


@router.post("/api/v2/authorization/subjects/{subjectId}/bulkreplace")
async def post_authorization_subject_bulkreplace(
    subjectId: str,
    body: RoleDivisionGrants,
    session: Annotated[Session, Depends(all_of(_GRANT_ADD, _GRANT_DELETE))],
    subjectType: str = "PC_USER",
) -> Response:
    with session.open(AuthorizationBackend) as backend:
        backend.post_authorization_subject_bulkreplace(subjectId, body)
    return no_content()


@router.post("/api/v2/authorization/subjects/{subjectId}/divisions/{divisionId}/roles/{roleId}")
async def post_authorization_subject_division_role(
    subjectId: str,
    divisionId: str,
    roleId: str,
    session: Annotated[Session, Depends(all_of(_GRANT_ADD))],
    subjectType: str = "PC_USER",
) -> Response:
    with session.open(AuthorizationBackend) as backend:
        backend.post_authorization_subject_division_role(subjectId, divisionId, roleId)
    return no_content()


@router.delete("/api/v2/authorization/subjects/{subjectId}/divisions/{divisionId}/roles/{roleId}")
async def delete_authorization_subject_division_role(
    subjectId: str,
    divisionId: str,
    roleId: str,
    session: Annotated[Session, Depends(all_of(_GRANT_DELETE))],
) -> Response:
    with session.open(AuthorizationBackend) as backend:
        backend.delete_authorization_subject_division_role(subjectId, divisionId, roleId)
    return no_content()


@router.get("/api/v2/users/{subjectId}/roles")
async def get_user_roles(
    subjectId: str,
    session: Annotated[Session, Depends(any_of("authorization:grant:view"))],
) -> Response:
    with session.open(AuthorizationBackend) as backend:
        return reply(backend.get_user_roles(subjectId))


@router.put("/api/v2/users/{subjectId}/roles")
async def put_user_roles(
    subjectId: str,
    body: list[str],
    session: Annotated[Session, Depends(any_of(_GRANT_ADD))],
) -> Response:
    with session.open(AuthorizationBackend) as backend:
        return reply(backend.put_user_roles(subjectId, body))
