"""SCIM 2.0 over the org's users and groups (`/api/v2/scim/v2/...`, capitalised aliases too).

Endpoints:
- GET    /api/v2/scim/v2/users -> get_scim_v2_users
- POST   /api/v2/scim/v2/users -> post_scim_v2_users
- GET    /api/v2/scim/v2/users/{userId} -> get_scim_v2_user
- PUT    /api/v2/scim/v2/users/{userId} -> put_scim_v2_user
- PATCH  /api/v2/scim/v2/users/{userId} -> patch_scim_v2_user
- DELETE /api/v2/scim/v2/users/{userId} -> delete_scim_v2_user
- GET    /api/v2/scim/v2/groups -> get_scim_v2_groups
- GET    /api/v2/scim/v2/groups/{groupId} -> get_scim_v2_group
- PUT    /api/v2/scim/v2/groups/{groupId} -> put_scim_v2_group
- PATCH  /api/v2/scim/v2/groups/{groupId} -> patch_scim_v2_group
- GET    /api/v2/scim/v2/serviceproviderconfig -> get_scim_v2_serviceproviderconfig
- GET    /api/v2/scim/v2/resourcetypes -> get_scim_v2_resourcetypes
- GET    /api/v2/scim/v2/resourcetypes/{resourceType} -> get_scim_v2_resourcetype
- GET    /api/v2/scim/v2/schemas -> get_scim_v2_schemas
- GET    /api/v2/scim/v2/schemas/{schemaId} -> get_scim_v2_schema
(each also as `/api/v2/scim/v2/Users`, `/Groups`, `/ServiceProviderConfig`, `/ResourceTypes`,
`/Schemas`)

Mapping (`genesys-api.md` §4.6, `gcx.catalog.scim`): userName = email, displayName = name,
active = state active/inactive, phoneNumbers = the profile's phone addresses (UC types land in
Other Phone with their integration tag and the primary rule), the enterprise extension carries
division (by name), department, manager, employeeNumber and dateHire, the Genesys extension
carries routing skills and languages (by name, proficiency 0-5, at most 50) and external ids.
`meta.version` is the ETag `W/"<user version>"`; `If-Match` on PUT/PATCH/DELETE must match
(400 `invalidVers` otherwise) and `If-None-Match` on GET answers 304 when current. A listing
without a filter shows active users only. Errors use the SCIM error shape.
Choices: a duplicate userName is 409 `uniqueness`; the immutable external id is authority
`x-pc:scimv2:v1` with the user id; DELETE is the soft delete of the users API and answers 204.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Header, Query, Request
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from starlette.responses import Response

from gcx.catalog import scim as catalog
from gcx.emulator.api.authorization import AuthorizationBackend, RoleDivisionPair
from gcx.emulator.api.users import UsersBackend
from gcx.emulator.auth import any_of, authenticated
from gcx.emulator.context import Backend, Session
from gcx.emulator.errors import ApiError, from_validation, not_found
from gcx.emulator.scim_filter import compile_filter
from gcx.emulator.wire import json_response, now_iso, public

__all__ = ["ScimBackend", "router"]

Doc = dict[str, Any]
MAX_COUNT = 100
MAX_ROUTING_ENTRIES = 50
IMMUTABLE_AUTHORITY = "x-pc:scimv2:v1"
_USER_EDIT = (
    "directory:user:edit",
    "directory:user:setPassword",
    "authorization:grant:add",
    "authorization:grant:delete",
    "routing:skill:assign",
    "routing:language:assign",
    "telephony:extension:assign",
)


def scim_error(status: int, scim_type: str | None, detail: str) -> ApiError:
    return ApiError(status, "bad.request" if status == 400 else "scim.error", detail, scim_type=scim_type)


class _Body(BaseModel):
    model_config = ConfigDict(extra="ignore", populate_by_name=True)


class ScimPhoneNumber(_Body):
    value: str = Field(pattern=r"^(\+[0-9 ()\-.]{3,30}|tel:\+[0-9]{3,20}(;ext=[0-9]{1,10})?)$")
    type: Literal[
        "work",
        "work2",
        "work3",
        "work4",
        "home",
        "mobile",
        "other",
        "microsoftteams",
        "zoomphone",
        "eightbyeight",
        "ringcentral",
    ]
    primary: bool = False


class ScimEmail(_Body):
    value: str = Field(pattern=r"^[^@\s]+@[^@\s]+$")
    type: Literal["work", "other"] = "work"
    primary: bool = False


class ScimManager(_Body):
    value: str | None = None


class EnterpriseExtension(_Body):
    division: str | None = None
    department: str | None = None
    manager: ScimManager | None = None
    employeeNumber: str | None = None
    dateHire: str | None = Field(None, pattern=r"^\d{4}-\d{2}-\d{2}$")


class RoutingEntry(_Body):
    name: str = Field(min_length=1)
    proficiency: float = Field(ge=0, le=5)


class ExternalId(_Body):
    authority: str = Field(min_length=1)
    value: str = Field(min_length=1)


class GenesysExtension(_Body):
    routingSkills: list[RoutingEntry] | None = Field(None, max_length=MAX_ROUTING_ENTRIES)
    routingLanguages: list[RoutingEntry] | None = Field(None, max_length=MAX_ROUTING_ENTRIES)
    externalIds: list[ExternalId] | None = None


class ScimRole(_Body):
    value: str = Field(min_length=1)


class ScimUserBody(_Body):
    userName: str = Field(pattern=r"^[^@\s]+@[^@\s]+$")
    displayName: str = Field(min_length=1, max_length=200)
    active: bool = True
    password: str | None = None
    title: str | None = None
    externalId: str | None = None
    phoneNumbers: list[ScimPhoneNumber] | None = None
    emails: list[ScimEmail] | None = None
    roles: list[ScimRole] | None = None
    enterprise: EnterpriseExtension | None = Field(None, alias=catalog.ENTERPRISE_USER_SCHEMA)
    genesys: GenesysExtension | None = Field(None, alias=catalog.GENESYS_USER_SCHEMA)


class ScimMember(_Body):
    value: str = Field(min_length=1)


class ScimGroupBody(_Body):
    displayName: str = Field(min_length=1, max_length=200)
    externalId: str | None = None
    members: list[ScimMember] | None = None


class PatchOperation(_Body):
    op: Literal["add", "replace", "remove", "Add", "Replace", "Remove"]
    path: str | None = None
    value: Any = None


class PatchRequest(_Body):
    schemas: list[str] = Field(default_factory=lambda: [catalog.PATCH_OP_SCHEMA])
    Operations: list[PatchOperation] = Field(min_length=1)


def etag(version: int) -> str:
    return f'W/"{version}"'


def _etag_matches(header: str, version: int) -> bool:
    tags = [t.strip() for t in header.split(",")]
    return "*" in tags or any(t.removeprefix("W/").strip('"') == str(version) for t in tags)


def _parse(model: type[BaseModel], data: Any) -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        error = from_validation(exc.errors())
        raise scim_error(400, "invalidValue", error.message) from None


# ---- PATCH paths --------------------------------------------------------------------------


def _split_patch_path(path: str) -> tuple[str, str, str | None, str | None]:
    """`urn:...:attr[filter].sub` -> (urn, attr, filter, sub)."""
    urn = ""
    if path.lower().startswith("urn:"):
        head, _, rest = path.partition("[")
        urn, _, attr_part = head.rpartition(":")
        path = attr_part + ("[" + rest if rest else "")
    filt = None
    if "[" in path:
        attr, _, rest = path.partition("[")
        filt, _, after = rest.partition("]")
        sub = after.lstrip(".") or None
    else:
        attr, _, sub_part = path.partition(".")
        sub = sub_part or None
    return urn, attr, filt, sub


def _container(resource: Doc, urn: str) -> Doc:
    if not urn:
        return resource
    key = next((k for k in resource if k.lower() == urn.lower()), urn)
    return resource.setdefault(key, {})


def _key(container: Doc, attr: str) -> str:
    return next((k for k in container if k.lower() == attr.lower()), attr)


def apply_patch(resource: Doc, operations: list[PatchOperation]) -> Doc:
    """Apply SCIM PATCH operations to a SCIM resource (a dict) and return it."""
    for i, operation in enumerate(operations):
        op = operation.op.lower()
        if not operation.path:
            if op == "remove" or not isinstance(operation.value, dict):
                raise scim_error(
                    400, "noTarget", f"Operations[{i}] needs a path (or a value object for add/replace)."
                )
            for key, value in operation.value.items():
                if key.lower().startswith("urn:") and isinstance(value, dict):
                    _container(resource, key).update(value)
                else:
                    resource[_key(resource, key)] = value
            continue
        try:
            urn, attr, filt, sub = _split_patch_path(operation.path)
            matches = compile_filter(filt) if filt else None
        except ValueError as exc:
            raise scim_error(400, "invalidPath", f"Operations[{i}].path: {exc}") from None
        container = _container(resource, urn)
        key = _key(container, attr)
        if matches is None:
            if sub:
                target = container.setdefault(key, {})
                if op == "remove":
                    target.pop(_key(target, sub), None)
                else:
                    target[_key(target, sub)] = operation.value
            elif op == "remove":
                container.pop(key, None)
            elif op == "add" and isinstance(container.get(key), list):
                extra = operation.value if isinstance(operation.value, list) else [operation.value]
                container[key] = container[key] + extra
            else:
                container[key] = operation.value
            continue
        items = container.get(key) or []
        chosen = [item for item in items if isinstance(item, dict) and matches(item)]
        if op == "remove":
            container[key] = [item for item in items if item not in chosen]
        elif chosen:
            for item in chosen:
                if sub:
                    item[_key(item, sub)] = operation.value
                elif isinstance(operation.value, dict):
                    item.update(operation.value)
        elif op in ("add", "replace"):
            seed = _filter_seed(filt or "")
            container[key] = [
                *items,
                {**seed, sub: operation.value} if sub else {**seed, **(operation.value or {})},
            ]
    return resource


def _filter_seed(filt: str) -> Doc:
    """The attribute values a simple `a eq "x" and b eq "y"` filter pins down (for an add)."""
    seed: Doc = {}
    for part in filt.split(" and "):
        pieces = part.strip().split(" ", 2)
        if len(pieces) == 3 and pieces[1].lower() == "eq":
            seed[pieces[0]] = pieces[2].strip('"')
    return seed


class ScimBackend(Backend):
    # ---- users -------------------------------------------------------------------------------
    def _location(self, kind: str, ident: str) -> str:
        return f"{self.ctx.base_url}/api/v2/scim/v2/{kind}/{ident}"

    def _load_user(self, user_id: str) -> Doc:
        user = self.tx.get(self.org, "user", user_id)
        if user is None or user.get("state") == "deleted":
            raise scim_error(404, None, f"User {user_id} not found.")
        return user

    def user_view(self, user: Doc) -> Doc:
        users = self.other(UsersBackend)
        primary = next((c for c in users.primary_contacts(user) if c["mediaType"] == "PHONE"), None)
        phones = []
        for contact in user.get("addresses", []):
            if contact.get("mediaType") != "PHONE" or not contact.get("address"):
                continue
            kind = catalog.phone_type_for_contact(contact["type"], contact.get("integration"))
            value = contact["address"] + (f";ext={contact['extension']}" if contact.get("extension") else "")
            phones.append(
                {
                    "value": value,
                    "type": kind.scim_type if kind else "other",
                    "primary": bool(primary and primary.get("address") == contact["address"]),
                }
            )
        emails = [{"value": user["email"], "type": "other", "primary": True}]
        emails += [
            {"value": c["address"], "type": "work", "primary": False}
            for c in user.get("addresses", [])
            if c.get("mediaType") == "EMAIL" and c.get("type") == "WORK"
        ]
        scim = user.get("_scim", {})
        enterprise: Doc = {"division": user["division"]["name"]}
        if user.get("department"):
            enterprise["department"] = user["department"]
        if user.get("manager"):
            enterprise["manager"] = {
                "value": user["manager"]["id"],
                "$ref": self._location("Users", user["manager"]["id"]),
            }
        enterprise |= {k: v for k, v in scim.get("enterprise", {}).items() if v}
        skills = [
            {"name": s["name"], "proficiency": s["proficiency"]}
            for s in users.get_user_routingskills(user["id"])
        ]
        languages = [
            {"name": s["name"], "proficiency": s["proficiency"]}
            for s in users.get_user_routinglanguages(user["id"])
        ]
        external_ids = [{"authority": IMMUTABLE_AUTHORITY, "value": user["id"]}, *scim.get("externalIds", [])]
        roles = self.other(AuthorizationBackend).get_user_roles(user["id"])["roles"]
        groups = [
            {"value": g["id"], "type": "Group", "$ref": self._location("Groups", g["id"])}
            for g in self.tx.scan(self.org, "group")
            if user["id"] in g.get("_members", [])
        ]
        view: Doc = {
            "schemas": [catalog.USER_SCHEMA, catalog.ENTERPRISE_USER_SCHEMA, catalog.GENESYS_USER_SCHEMA],
            "id": user["id"],
            "active": user["state"] == "active",
            "userName": user["username"],
            "displayName": user["name"],
            "phoneNumbers": phones,
            "emails": emails,
            "groups": groups,
            "roles": [{"value": r["name"]} for r in roles],
            catalog.ENTERPRISE_USER_SCHEMA: enterprise,
            catalog.GENESYS_USER_SCHEMA: {
                "routingSkills": skills,
                "routingLanguages": languages,
                "externalIds": external_ids,
            },
            "meta": {
                "resourceType": "User",
                "lastModified": user.get("_modified", user.get("_created", now_iso())),
                "location": self._location("Users", user["id"]),
                "version": etag(user["version"]),
            },
        }
        if user.get("title"):
            view["title"] = user["title"]
        if scim.get("externalId"):
            view["externalId"] = scim["externalId"]
        return view

    def _contacts(self, body: ScimUserBody) -> tuple[list[Doc], str | None]:
        contacts = []
        phones = body.phoneNumbers or []
        for phone in phones:
            kind = catalog.phone_type(phone.type)
            number, _, extension = phone.value.removeprefix("tel:").partition(";ext=")
            contact = {"address": number, "mediaType": "PHONE", "type": kind.contact_type}
            if extension:
                contact["extension"] = extension
            if kind.integration:
                contact["integration"] = kind.integration
            contacts.append(contact)
        for email in body.emails or []:
            if email.type == "work" and email.value.lower() != body.userName.lower():
                contacts.append({"address": email.value, "mediaType": "EMAIL", "type": "WORK"})
        index = catalog.primary_phone_index([(p.type, p.primary) for p in phones])
        primary = contacts[index]["address"] if index is not None else None
        return contacts, primary

    def _routing(self, entries: list[RoutingEntry] | None, kind: str) -> dict[str, Doc] | None:
        if entries is None:
            return None
        by_name = {d["name"]: d for d in self.tx.scan(self.org, kind) if d.get("state") != "deleted"}
        found = {}
        for entry in entries:
            target = by_name.get(entry.name)  # skill names are case-sensitive here
            if target is None:
                raise scim_error(400, "invalidValue", f"Routing {kind} {entry.name!r} does not exist.")
            found[target["id"]] = {"proficiency": entry.proficiency, "state": "active"}
        return found

    def _apply(self, user: Doc, body: ScimUserBody) -> Doc:
        authz = self.other(AuthorizationBackend)
        enterprise = body.enterprise or EnterpriseExtension()
        if enterprise.division:
            division = self.tx.find_by_name(self.org, "division", enterprise.division)
            if division is None:
                raise scim_error(400, "invalidValue", f"Division {enterprise.division!r} does not exist.")
            user["division"] = authz.division_ref(division["id"])
        if enterprise.manager and enterprise.manager.value:
            manager = self.tx.get(self.org, "user", enterprise.manager.value)
            if manager is None:
                raise scim_error(400, "invalidValue", f"Manager {enterprise.manager.value} does not exist.")
            user["manager"] = {"id": manager["id"], "selfUri": f"/api/v2/users/{manager['id']}"}
        else:
            user.pop("manager", None)
        contacts, primary = self._contacts(body)
        user.update(
            name=body.displayName,
            email=body.userName,
            username=body.userName,
            state="active" if body.active else "inactive",
            addresses=contacts,
            _primaryPhone=primary,
            _modified=now_iso(),
        )
        for field, value in (("title", body.title), ("department", enterprise.department)):
            if value:
                user[field] = value
            else:
                user.pop(field, None)
        genesys = body.genesys or GenesysExtension()
        user["_scim"] = {
            "externalId": body.externalId,
            "externalIds": [
                e.model_dump() for e in genesys.externalIds or [] if e.authority != IMMUTABLE_AUTHORITY
            ],
            "enterprise": {"employeeNumber": enterprise.employeeNumber, "dateHire": enterprise.dateHire},
        }
        for kind in ("skill", "language"):
            entries = genesys.routingSkills if kind == "skill" else genesys.routingLanguages
            assigned = self._routing(entries, kind)
            if assigned is not None:
                user[f"_{kind}s"] = assigned
        if body.roles is not None:
            home = authz.home_division()["id"]
            pairs = []
            for role in body.roles:
                found = self.tx.find_by_name(self.org, "role", role.value)
                if found is None:
                    raise scim_error(400, "invalidValue", f"Role {role.value!r} does not exist.")
                pairs.append(RoleDivisionPair(roleId=found["id"], divisionId=home))
            user["_grants"] = [
                {"roleId": p.roleId, "divisionId": p.divisionId, "grantMadeAt": now_iso()} for p in pairs
            ]
        return user

    def post_scim_v2_users(self, data: Any) -> Doc:
        body: ScimUserBody = _parse(ScimUserBody, data)
        if self.other(UsersBackend).email_owner(body.userName) is not None:
            raise scim_error(409, "uniqueness", f"userName {body.userName} is already in use.")
        user = self.other(UsersBackend).new_user(
            name=body.displayName, email=body.userName, password=body.password
        )
        user = self.save("user", self._apply(user, body))
        return self.user_view(user)

    def get_scim_v2_user(self, user_id: str) -> Doc:
        return self.user_view(self._load_user(user_id))

    def _check_if_match(self, doc: Doc, if_match: str | None) -> None:
        if if_match and not _etag_matches(if_match, doc["version"]):
            raise scim_error(
                400, "invalidVers", f"If-Match {if_match} does not match the current {etag(doc['version'])}."
            )

    def _replace_user(self, user: Doc, body: ScimUserBody) -> Doc:
        owner = self.other(UsersBackend).email_owner(body.userName)
        if owner is not None and owner["id"] != user["id"]:
            raise scim_error(409, "uniqueness", f"userName {body.userName} is already in use.")
        if body.password:
            self.other(UsersBackend).set_password(user, body.password)
        user = self._apply(user, body)
        user["version"] += 1
        return self.user_view(self.save("user", user))

    def put_scim_v2_user(self, user_id: str, data: Any, if_match: str | None) -> Doc:
        user = self._load_user(user_id)
        self._check_if_match(user, if_match)
        return self._replace_user(user, _parse(ScimUserBody, data))

    def patch_scim_v2_user(self, user_id: str, data: Any, if_match: str | None) -> Doc:
        user = self._load_user(user_id)
        self._check_if_match(user, if_match)
        request: PatchRequest = _parse(PatchRequest, data)
        patched = apply_patch(self.user_view(user), request.Operations)
        return self._replace_user(user, _parse(ScimUserBody, patched))

    def delete_scim_v2_user(self, user_id: str, if_match: str | None) -> None:
        user = self._load_user(user_id)
        self._check_if_match(user, if_match)
        self.other(UsersBackend).delete_user(user_id)

    def get_scim_v2_users(self, filter_text: str | None, start: int, count: int) -> tuple[list[Doc], int]:
        users = [u for u in self.tx.scan(self.org, "user") if u.get("state") != "deleted"]
        if filter_text:
            predicate = self._filter(filter_text)
            views = [v for v in (self.user_view(u) for u in users) if predicate(v)]
        else:
            views = [self.user_view(u) for u in users if u.get("state") == "active"]
        return views[start - 1 : start - 1 + count], len(views)

    @staticmethod
    def _filter(text: str) -> Callable[[Doc], bool]:
        try:
            return compile_filter(text)
        except ValueError as exc:
            raise scim_error(400, "invalidFilter", f"Invalid filter {text!r}: {exc}") from None

    # ---- groups ------------------------------------------------------------------------------
    def _load_group(self, group_id: str) -> Doc:
        group = self.tx.get(self.org, "group", group_id)
        if group is None:
            raise scim_error(404, None, f"Group {group_id} not found.")
        return group

    def group_view(self, group: Doc) -> Doc:
        members = []
        for user_id in group.get("_members", []):
            user = self.tx.get(self.org, "user", user_id)
            if user is not None and user.get("state") != "deleted":
                members.append(
                    {
                        "value": user_id,
                        "type": "User",
                        "$ref": self._location("Users", user_id),
                    }
                )
        view: Doc = {
            "schemas": [catalog.GROUP_SCHEMA],
            "id": group["id"],
            "displayName": group["name"],
            "members": members,
            "meta": {
                "resourceType": "Group",
                "lastModified": group.get("dateModified", now_iso()),
                "location": self._location("Groups", group["id"]),
                "version": etag(group["version"]),
            },
        }
        if group.get("_scimExternalId"):
            view["externalId"] = group["_scimExternalId"]
        return view

    def get_scim_v2_groups(self, filter_text: str, start: int, count: int) -> tuple[list[Doc], int]:
        predicate = self._filter(filter_text)
        views = [v for v in (self.group_view(g) for g in self.tx.scan(self.org, "group")) if predicate(v)]
        return views[start - 1 : start - 1 + count], len(views)

    def get_scim_v2_group(self, group_id: str) -> Doc:
        return self.group_view(self._load_group(group_id))

    def _replace_group(self, group: Doc, body: ScimGroupBody) -> Doc:
        self.ensure_unique_name("group", body.displayName, group["id"], what="group")
        members = []
        for member in body.members or []:
            user = self.tx.get(self.org, "user", member.value)
            if user is None or user.get("state") == "deleted":
                raise scim_error(
                    400, "invalidValue", f"Member {member.value} is not a user of this organization."
                )
            members.append(member.value)
        group.update(
            name=body.displayName,
            _scimExternalId=body.externalId,
            _members=list(dict.fromkeys(members)),
            version=group["version"] + 1,
            dateModified=now_iso(),
        )
        return self.group_view(self.save("group", group))

    def put_scim_v2_group(self, group_id: str, data: Any, if_match: str | None) -> Doc:
        group = self._load_group(group_id)
        self._check_if_match(group, if_match)
        return self._replace_group(group, _parse(ScimGroupBody, data))

    def patch_scim_v2_group(self, group_id: str, data: Any, if_match: str | None) -> Doc:
        group = self._load_group(group_id)
        self._check_if_match(group, if_match)
        request: PatchRequest = _parse(PatchRequest, data)
        patched = apply_patch(self.group_view(group), request.Operations)
        return self._replace_group(group, _parse(ScimGroupBody, patched))


# ---- configuration documents -----------------------------------------------------------------


def _attribute(name: str, kind: str = "string", **extra: Any) -> Doc:
    base = {
        "name": name,
        "type": kind,
        "multiValued": False,
        "required": False,
        "caseExact": False,
        "mutability": "readWrite",
        "returned": "default",
        "uniqueness": "none",
    }
    return base | extra


_SCHEMAS: dict[str, Doc] = {
    catalog.USER_SCHEMA: {
        "name": "User",
        "description": "Genesys Cloud user",
        "attributes": [
            _attribute("userName", required=True, uniqueness="server"),
            _attribute("displayName", required=True),
            _attribute("active", "boolean"),
            _attribute("title"),
            _attribute("externalId"),
            _attribute("password", mutability="writeOnly", returned="never"),
            _attribute(
                "phoneNumbers",
                "complex",
                multiValued=True,
                subAttributes=[
                    _attribute("value"),
                    _attribute("primary", "boolean"),
                    _attribute("type", canonicalValues=[p.scim_type for p in catalog.PHONE_TYPES]),
                ],
            ),
            _attribute(
                "emails",
                "complex",
                multiValued=True,
                subAttributes=[
                    _attribute("value"),
                    _attribute("primary", "boolean"),
                    _attribute("type", canonicalValues=["work", "other"]),
                ],
            ),
            _attribute("groups", "complex", multiValued=True, mutability="readOnly"),
            _attribute("roles", "complex", multiValued=True),
        ],
    },
    catalog.GROUP_SCHEMA: {
        "name": "Group",
        "description": "Genesys Cloud group",
        "attributes": [
            _attribute("displayName", required=True),
            _attribute("members", "complex", multiValued=True),
        ],
    },
    catalog.ENTERPRISE_USER_SCHEMA: {
        "name": "EnterpriseUser",
        "description": "Enterprise user extension",
        "attributes": [_attribute(n) for n in ("division", "department", "employeeNumber", "dateHire")]
        + [_attribute("manager", "complex")],
    },
    catalog.GENESYS_USER_SCHEMA: {
        "name": "GenesysUser",
        "description": "Genesys Cloud user extension",
        "attributes": [
            _attribute(n, "complex", multiValued=True)
            for n in ("routingSkills", "routingLanguages", "externalIds")
        ],
    },
}


def _schema_view(schema_id: str, base_url: str) -> Doc:
    return {
        "id": schema_id,
        **_SCHEMAS[schema_id],
        "meta": {"resourceType": "Schema", "location": f"{base_url}/api/v2/scim/v2/schemas/{schema_id}"},
    }


def _resource_types(base_url: str) -> list[Doc]:
    schemas = ["urn:ietf:params:scim:schemas:core:2.0:ResourceType"]
    return [
        {
            "schemas": schemas,
            "id": "User",
            "name": "User",
            "description": "Users",
            "endpoint": "/Users",
            "schema": catalog.USER_SCHEMA,
            "schemaExtensions": [
                {"schema": catalog.ENTERPRISE_USER_SCHEMA, "required": False},
                {"schema": catalog.GENESYS_USER_SCHEMA, "required": False},
            ],
            "meta": {
                "resourceType": "ResourceType",
                "location": f"{base_url}/api/v2/scim/v2/resourcetypes/User",
            },
        },
        {
            "schemas": schemas,
            "id": "Group",
            "name": "Group",
            "description": "Groups",
            "endpoint": "/Groups",
            "schema": catalog.GROUP_SCHEMA,
            "schemaExtensions": [],
            "meta": {
                "resourceType": "ResourceType",
                "location": f"{base_url}/api/v2/scim/v2/resourcetypes/Group",
            },
        },
    ]


def _service_provider_config(base_url: str) -> Doc:
    return {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],
        "documentationUri": "https://developer.genesys.cloud/useragentmanagement/scim/scim-documentation",
        "patch": {"supported": True},
        "filter": {"supported": True, "maxResults": MAX_COUNT},
        "etag": {"supported": True},
        "sort": {"supported": False},
        "bulk": {"supported": False, "maxOperations": 0, "maxPayloadSize": 0},
        "changePassword": {"supported": True},
        "authenticationSchemes": [
            {
                "name": "OAuth Bearer Token",
                "description": "A Genesys Cloud access token",
                "specUri": "https://tools.ietf.org/html/rfc6750",
                "type": "oauthbearertoken",
                "primary": True,
            }
        ],
        "meta": {
            "resourceType": "ServiceProviderConfig",
            "location": f"{base_url}/api/v2/scim/v2/serviceproviderconfig",
        },
    }


# ---- transport --------------------------------------------------------------------------------


def _trim(resource: Doc, attributes: str | None, excluded: str | None) -> Doc:
    always = {"id", "schemas", "meta"}
    if attributes:
        wanted = {a.strip().lower() for a in attributes.split(",")} | always
        return {k: v for k, v in resource.items() if k.lower() in wanted}
    if excluded:
        dropped = {a.strip().lower() for a in excluded.split(",")} - always
        return {k: v for k, v in resource.items() if k.lower() not in dropped}
    return resource


def scim_reply(resource: Doc, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return json_response(public(resource), status, headers, media_type="application/scim+json")


def _resource_reply(
    resource: Doc, status: int = 200, attributes: str | None = None, excluded: str | None = None
) -> Response:
    headers = {"ETag": resource["meta"]["version"]}
    if status == 201:
        headers["Location"] = resource["meta"]["location"]
    return scim_reply(_trim(resource, attributes, excluded), status, headers)


def _list_reply(
    resources: list[Doc], total: int, start: int, attributes: str | None, excluded: str | None
) -> Response:
    return scim_reply(
        {
            "schemas": [catalog.LIST_RESPONSE_SCHEMA],
            "totalResults": total,
            "startIndex": start,
            "itemsPerPage": len(resources),
            "Resources": [_trim(r, attributes, excluded) for r in resources],
        }
    )


async def _json(request: Request) -> Any:
    try:
        return await request.json()
    except ValueError:
        raise scim_error(400, "invalidSyntax", "The body is not valid JSON.") from None


router = APIRouter(tags=["SCIM"])
_AnyToken = Annotated[Session, Depends(authenticated)]
_UserAdd = Annotated[Session, Depends(any_of("directory:user:add", *_USER_EDIT[2:]))]
_UserEdit = Annotated[Session, Depends(any_of(*_USER_EDIT))]
_GroupEdit = Annotated[Session, Depends(any_of("directory:group:edit"))]
_Attrs = Annotated[str | None, Query()]
_IfMatch = Annotated[str | None, Header(alias="If-Match")]


def _window(startIndex: int, count: int) -> tuple[int, int]:
    return max(startIndex, 1), max(0, min(count, MAX_COUNT))


def _route(path: str, methods: list[str], name: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register a SCIM route under its lowercase path and the capitalised alias."""
    alias = path
    for lower, upper in (
        ("/users", "/Users"),
        ("/groups", "/Groups"),
        ("/serviceproviderconfig", "/ServiceProviderConfig"),
        ("/resourcetypes", "/ResourceTypes"),
        ("/schemas", "/Schemas"),
    ):
        alias = alias.replace(f"/scim/v2{lower}", f"/scim/v2{upper}")

    def register(endpoint: Callable[..., Any]) -> Callable[..., Any]:
        router.add_api_route(path, endpoint, methods=methods, name=name)
        router.add_api_route(alias, endpoint, methods=methods, name=f"{name}_alias", include_in_schema=False)
        return endpoint

    return register


@_route("/api/v2/scim/v2/users", ["GET"], "get_scim_v2_users")
async def get_scim_v2_users(
    session: _AnyToken,
    filter: str | None = None,
    startIndex: int = 1,
    count: int = 25,
    attributes: _Attrs = None,
    excludedAttributes: _Attrs = None,
) -> Response:
    start, size = _window(startIndex, count)
    with session.open(ScimBackend) as backend:
        resources, total = backend.get_scim_v2_users(filter, start, size)
    return _list_reply(resources, total, start, attributes, excludedAttributes)


@_route("/api/v2/scim/v2/users", ["POST"], "post_scim_v2_users")
async def post_scim_v2_users(request: Request, session: _UserAdd) -> Response:
    data = await _json(request)
    with session.open(ScimBackend) as backend:
        return _resource_reply(backend.post_scim_v2_users(data), 201)


@_route("/api/v2/scim/v2/users/{userId}", ["GET"], "get_scim_v2_user")
async def get_scim_v2_user(
    userId: str,
    session: _AnyToken,
    attributes: _Attrs = None,
    excludedAttributes: _Attrs = None,
    if_none_match: Annotated[str | None, Header(alias="If-None-Match")] = None,
) -> Response:
    with session.open(ScimBackend) as backend:
        user = backend.get_scim_v2_user(userId)
    if if_none_match and if_none_match.strip() == user["meta"]["version"]:
        return Response(status_code=304, headers={"ETag": user["meta"]["version"]})
    return _resource_reply(user, 200, attributes, excludedAttributes)


@_route("/api/v2/scim/v2/users/{userId}", ["PUT"], "put_scim_v2_user")
async def put_scim_v2_user(
    userId: str, request: Request, session: _UserEdit, if_match: _IfMatch = None
) -> Response:
    data = await _json(request)
    with session.open(ScimBackend) as backend:
        return _resource_reply(backend.put_scim_v2_user(userId, data, if_match))


@_route("/api/v2/scim/v2/users/{userId}", ["PATCH"], "patch_scim_v2_user")
async def patch_scim_v2_user(
    userId: str, request: Request, session: _UserEdit, if_match: _IfMatch = None
) -> Response:
    data = await _json(request)
    with session.open(ScimBackend) as backend:
        return _resource_reply(backend.patch_scim_v2_user(userId, data, if_match))


@_route("/api/v2/scim/v2/users/{userId}", ["DELETE"], "delete_scim_v2_user")
async def delete_scim_v2_user(
    userId: str,
    session: Annotated[Session, Depends(any_of("directory:user:delete"))],
    if_match: _IfMatch = None,
) -> Response:
    with session.open(ScimBackend) as backend:
        backend.delete_scim_v2_user(userId, if_match)
    return Response(status_code=204)


@_route("/api/v2/scim/v2/groups", ["GET"], "get_scim_v2_groups")
async def get_scim_v2_groups(
    session: _GroupEdit,
    filter: str,
    startIndex: int = 1,
    count: int = 25,
    attributes: _Attrs = None,
    excludedAttributes: _Attrs = None,
) -> Response:
    start, size = _window(startIndex, count)
    with session.open(ScimBackend) as backend:
        resources, total = backend.get_scim_v2_groups(filter, start, size)
    return _list_reply(resources, total, start, attributes, excludedAttributes)


@_route("/api/v2/scim/v2/groups/{groupId}", ["GET"], "get_scim_v2_group")
async def get_scim_v2_group(
    groupId: str, session: _GroupEdit, attributes: _Attrs = None, excludedAttributes: _Attrs = None
) -> Response:
    with session.open(ScimBackend) as backend:
        return _resource_reply(backend.get_scim_v2_group(groupId), 200, attributes, excludedAttributes)


@_route("/api/v2/scim/v2/groups/{groupId}", ["PUT"], "put_scim_v2_group")
async def put_scim_v2_group(
    groupId: str, request: Request, session: _GroupEdit, if_match: _IfMatch = None
) -> Response:
    data = await _json(request)
    with session.open(ScimBackend) as backend:
        return _resource_reply(backend.put_scim_v2_group(groupId, data, if_match))


@_route("/api/v2/scim/v2/groups/{groupId}", ["PATCH"], "patch_scim_v2_group")
async def patch_scim_v2_group(
    groupId: str, request: Request, session: _GroupEdit, if_match: _IfMatch = None
) -> Response:
    data = await _json(request)
    with session.open(ScimBackend) as backend:
        return _resource_reply(backend.patch_scim_v2_group(groupId, data, if_match))


@_route("/api/v2/scim/v2/serviceproviderconfig", ["GET"], "get_scim_v2_serviceproviderconfig")
async def get_scim_v2_serviceproviderconfig(request: Request, session: _AnyToken) -> Response:
    return scim_reply(_service_provider_config(session.base_url))


@_route("/api/v2/scim/v2/resourcetypes", ["GET"], "get_scim_v2_resourcetypes")
async def get_scim_v2_resourcetypes(session: _AnyToken) -> Response:
    types = _resource_types(session.base_url)
    return scim_reply(
        {
            "schemas": [catalog.LIST_RESPONSE_SCHEMA],
            "totalResults": len(types),
            "startIndex": 1,
            "itemsPerPage": len(types),
            "Resources": types,
        }
    )


@_route("/api/v2/scim/v2/resourcetypes/{resourceType}", ["GET"], "get_scim_v2_resourcetype")
async def get_scim_v2_resourcetype(resourceType: str, session: _AnyToken) -> Response:
    for item in _resource_types(session.base_url):
        if item["id"].lower() == resourceType.lower():
            return scim_reply(item)
    raise not_found("SCIM resource type", resourceType)


@_route("/api/v2/scim/v2/schemas", ["GET"], "get_scim_v2_schemas")
async def get_scim_v2_schemas(session: _AnyToken, filter: str | None = None) -> Response:
    schemas = [_schema_view(s, session.base_url) for s in _SCHEMAS]
    if filter:
        predicate = ScimBackend._filter(filter)
        schemas = [s for s in schemas if predicate(s)]
    return scim_reply(
        {
            "schemas": [catalog.LIST_RESPONSE_SCHEMA],
            "totalResults": len(schemas),
            "startIndex": 1,
            "itemsPerPage": len(schemas),
            "Resources": schemas,
        }
    )


@_route("/api/v2/scim/v2/schemas/{schemaId}", ["GET"], "get_scim_v2_schema")
async def get_scim_v2_schema(schemaId: str, session: _AnyToken) -> Response:
    if schemaId not in _SCHEMAS:
        raise not_found("SCIM schema", schemaId)
    return scim_reply(_schema_view(schemaId, session.base_url))
