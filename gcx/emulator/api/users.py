"""Users API: users, user search, profile skills, and the routing skills and languages of a user.

Endpoints:
- GET    /api/v2/users -> get_users
- POST   /api/v2/users -> post_users
- GET    /api/v2/users/me -> get_users_me
- GET    /api/v2/users/query -> get_users_query
- POST   /api/v2/users/search -> post_users_search
- GET    /api/v2/users/{userId} -> get_user
- PATCH  /api/v2/users/{userId} -> patch_user
- DELETE /api/v2/users/{userId} -> delete_user
- GET    /api/v2/users/{userId}/profileskills -> get_user_profileskills
- PUT    /api/v2/users/{userId}/profileskills -> put_user_profileskills
- GET    /api/v2/users/{userId}/routingskills -> get_user_routingskills
- POST   /api/v2/users/{userId}/routingskills -> post_user_routingskills
- PUT    /api/v2/users/{userId}/routingskills/bulk -> put_user_routingskills_bulk
- PATCH  /api/v2/users/{userId}/routingskills/bulk -> patch_user_routingskills_bulk
- PUT    /api/v2/users/{userId}/routingskills/{skillId} -> put_user_routingskill
- DELETE /api/v2/users/{userId}/routingskills/{skillId} -> delete_user_routingskill
- GET    /api/v2/users/{userId}/routinglanguages -> get_user_routinglanguages
- POST   /api/v2/users/{userId}/routinglanguages -> post_user_routinglanguages
- PATCH  /api/v2/users/{userId}/routinglanguages/bulk -> patch_user_routinglanguages_bulk
- PATCH  /api/v2/users/{userId}/routinglanguages/{languageId} -> patch_user_routinglanguage
- DELETE /api/v2/users/{userId}/routinglanguages/{languageId} -> delete_user_routinglanguage

Rules: email is unique across users, deleted ones included (409 `general.conflict`); PATCH needs
the current `version`, and a `state` change must come alone; DELETE is a soft delete to
`state=deleted` (the user also leaves groups and queues); proficiency is 0-5; bulk bodies take
at most 50 entries. A user's phone numbers are `addresses[]` Contact entries; numbers that SCIM
provisioned for a UC platform carry the `integration` tag (see `gcx.catalog.scim`). `locations`,
`profileSkills`, `certifications` and `employerInfo` are kept on the user (PATCH; profile skills
also by PUT `.../profileskills`) and read back through `expand`, as the Terraform provider reads
them; write answers (POST, PATCH) always carry them. `GET /users/query` pages by cursor
(`cursor`, `pageSize`), sorted by name.

Choices: `GET /users/me` with a client-credentials token is 400 `bad.request` ("requires a user
context"); a user created without `state` is `active` (no invitation mail exists here); a
location's definition id is not checked (the emulator has no locations API); `results` of the
cursor listing counts the entities of the page.
"""

from __future__ import annotations

import secrets
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field, model_validator
from starlette.responses import Response

from gcx.catalog.scim import phone_type_for_contact, primary_phone_index
from gcx.emulator.api.authorization import AuthorizationBackend
from gcx.emulator.api.organizations import OrganizationsBackend
from gcx.emulator.api.presence import PresenceBackend
from gcx.emulator.auth import all_of, any_of, authenticated, hash_secret
from gcx.emulator.context import Backend, Session
from gcx.emulator.errors import bad_request, conflict, not_found
from gcx.emulator.paging import Cursor, Page, envelope, make_page, paging, token_envelope, token_paging
from gcx.emulator.params import QueryList
from gcx.emulator.wire import new_id, now_iso, reply

__all__ = ["Contact", "UsersBackend", "router"]

Doc = dict[str, Any]
MAX_BULK = 50
# Stored on the user, returned by reads only when expanded (the Terraform provider expands them).
PROFILE_FIELDS = ("locations", "profileSkills", "certifications", "employerInfo")
_CONTACT_TYPES = ("PRIMARY", "WORK", "WORK2", "WORK3", "WORK4", "HOME", "MOBILE", "MAIN", "OTHER")


class _Body(BaseModel):
    model_config = ConfigDict(extra="ignore")


class Contact(_Body):
    address: str | None = None
    display: str | None = None
    mediaType: Literal["PHONE", "EMAIL", "SMS"]
    type: Literal["PRIMARY", "WORK", "WORK2", "WORK3", "WORK4", "HOME", "MOBILE", "MAIN", "OTHER"]
    extension: str | None = None
    countryCode: str | None = None
    integration: str | None = None

    @model_validator(mode="after")
    def _address_or_extension(self) -> Contact:
        if self.mediaType == "EMAIL":
            if not self.address or "@" not in self.address:
                raise ValueError("an EMAIL contact needs an address with @")
            if self.type not in ("WORK", "HOME"):
                raise ValueError("an EMAIL contact's type must be WORK or HOME")
        elif bool(self.address) == bool(self.extension):
            raise ValueError("a phone contact needs exactly one of address and extension")
        return self


class CreateUser(_Body):
    name: str = Field(min_length=1, max_length=200)
    email: str = Field(min_length=3, pattern=r"^[^@\s]+@[^@\s]+$")
    divisionId: str | None = None
    department: str | None = None
    title: str | None = None
    addresses: list[Contact] | None = None
    password: str | None = None
    state: Literal["active", "inactive"] | None = None


class LocationRef(_Body):
    id: str = Field(min_length=1)


class UserLocation(_Body):
    locationDefinition: LocationRef
    notes: str | None = None


class UpdateUser(_Body):
    name: str | None = Field(None, min_length=1, max_length=200)
    email: str | None = Field(None, pattern=r"^[^@\s]+@[^@\s]+$")
    department: str | None = None
    title: str | None = None
    preferredName: str | None = None
    manager: str | None = None
    addresses: list[Contact] | None = None
    primaryContactInfo: list[Contact] | None = None
    acdAutoAnswer: bool | None = None
    employerInfo: dict[str, Any] | None = None
    locations: list[UserLocation] | None = None
    profileSkills: list[str] | None = None
    certifications: list[str] | None = None
    state: Literal["active", "inactive", "deleted"] | None = None
    version: int


class RoutingAssignment(_Body):
    id: str = Field(min_length=1)
    proficiency: float = Field(ge=0, le=5)


class RoutingUpdate(_Body):
    proficiency: float | None = Field(None, ge=0, le=5)
    state: Literal["active", "inactive", "deleted"] | None = None


class SearchCriteria(_Body):
    type: Literal[
        "EXACT",
        "STARTS_WITH",
        "CONTAINS",
        "REGEX",
        "TERM",
        "TERMS",
        "REQUIRED_FIELDS",
        "MATCH_ALL",
        "QUERY_STRING",
        "RANGE",
        "LESS_THAN",
        "LESS_THAN_EQUAL_TO",
        "GREATER_THAN",
        "GREATER_THAN_EQUAL_TO",
    ] = "EXACT"
    fields: list[str] | None = None
    value: str | None = None
    values: list[str] | None = None
    operator: Literal["AND", "OR", "NOT"] | None = None
    group: list[SearchCriteria] | None = None


class UserSearchRequest(_Body):
    query: list[SearchCriteria] = Field(default_factory=list)
    pageSize: int = 25
    pageNumber: int = 1
    sortBy: str | None = None
    sortOrder: Literal["ASC", "DESC", "SCORE"] | None = None
    expand: list[str] | None = None
    integrationPresenceSource: (
        Literal["MicrosoftTeams", "ZoomPhone", "EightByEight", "RingCentral"] | None
    ) = None


def _field_values(doc: Doc, field: str) -> list[str]:
    """Values of a search field; dotted paths walk into objects and lists (`addresses.address`)."""
    values: list[Any] = [doc]
    for part in field.split("."):
        step: list[Any] = []
        for value in values:
            if isinstance(value, dict) and part in value:
                item = value[part]
                step.extend(item if isinstance(item, list) else [item])
        values = step
    return [str(v) for v in values if v is not None and not isinstance(v, dict | list)]


def search_matches(doc: Doc, criteria: list[SearchCriteria]) -> bool:
    """Evaluate search criteria (AND unless a criterion says OR/NOT) against a document."""
    if not criteria:
        return True
    any_or = [c for c in criteria if c.operator == "OR"]
    others = [c for c in criteria if c.operator != "OR"]
    if any_or and not any(_criterion(doc, c) for c in any_or):
        return False
    return all(_criterion(doc, c) != (c.operator == "NOT") for c in others)


def _criterion(doc: Doc, c: SearchCriteria) -> bool:
    if c.group:
        return search_matches(doc, c.group)
    if c.type == "MATCH_ALL":
        return True
    fields = c.fields or ["name", "email", "username"]
    if c.type == "REQUIRED_FIELDS":
        return all(_field_values(doc, f) for f in fields)
    wanted = [v.lower() for v in (c.values or ([c.value] if c.value is not None else []))]
    found = [v.lower() for f in fields for v in _field_values(doc, f)]
    if c.type in ("EXACT", "TERM", "TERMS"):
        return any(v in wanted for v in found)
    if c.type == "STARTS_WITH":
        return any(v.startswith(w) for v in found for w in wanted)
    if c.type in ("CONTAINS", "QUERY_STRING"):
        return any(w in v for v in found for w in wanted)
    raise bad_request(f"Search type {c.type} is not supported by the emulator.", "query.type")


def _location(entry: UserLocation) -> Doc:
    """A user's Location entry: the location definition it points at, and the user's notes.

    There is no locations API in the emulator, so the definition id is not checked."""
    ident = entry.locationDefinition.id
    location = {"id": ident, "locationDefinition": {"id": ident, "selfUri": f"/api/v2/locations/{ident}"}}
    return location | ({"notes": entry.notes} if entry.notes is not None else {})


class UsersBackend(Backend):
    # ---- views -------------------------------------------------------------------------------
    def load_user(self, user_id: str, allow_deleted: bool = False) -> Doc:
        user = self.tx.get(self.org, "user", user_id)
        if user is None or (user.get("state") == "deleted" and not allow_deleted):
            raise not_found("user", user_id)
        return user

    @staticmethod
    def primary_contacts(user: Doc) -> list[Doc]:
        contacts = [{"address": user["email"], "mediaType": "EMAIL", "type": "PRIMARY"}]
        phones = [a for a in user.get("addresses", []) if a.get("mediaType") == "PHONE"]
        chosen = user.get("_primaryPhone")
        primary = next((p for p in phones if chosen and p.get("address") == chosen), None)
        if primary is None and phones:
            typed = []
            for p in phones:
                scim = phone_type_for_contact(p["type"], p.get("integration"))
                typed.append((scim.scim_type if scim else "work", False))
            index = primary_phone_index(typed)
            primary = phones[index] if index is not None else None
        if primary is not None:
            contact = {"mediaType": "PHONE", "type": "PRIMARY"}
            contact |= {
                k: primary[k] for k in ("address", "display", "extension", "integration") if primary.get(k)
            }
            contacts.append(contact)
        return contacts

    def user_view(
        self,
        user: Doc,
        expand: list[str] | None = None,
        presence_source: str | None = None,
        profile: bool = False,
    ) -> Doc:
        """The User answer; `PROFILE_FIELDS` appear when expanded, or with `profile` (write answers)."""
        shown = set(PROFILE_FIELDS) if profile else set(PROFILE_FIELDS) & set(expand or ())
        view = {
            k: v
            for k, v in user.items()
            if not k.startswith("_") and (k not in PROFILE_FIELDS or k in shown)
        }
        view["primaryContactInfo"] = self.primary_contacts(user)
        view["selfUri"] = f"/api/v2/users/{user['id']}"
        for item in expand or []:
            if item == "skills":
                view["skills"] = self.get_user_routingskills(user["id"])
            elif item == "languages":
                view["languages"] = self.get_user_routinglanguages(user["id"])
            elif item == "groups":
                view["groups"] = [
                    {"id": g["id"], "name": g["name"], "selfUri": f"/api/v2/groups/{g['id']}"}
                    for g in self.tx.scan(self.org, "group")
                    if user["id"] in g.get("_members", [])
                ]
            elif item == "authorization":
                view["authorization"] = self.other(AuthorizationBackend).get_user_roles(user["id"])
            elif item == "routingStatus":
                view["routingStatus"] = {"userId": user["id"], "status": "OFF_QUEUE"}
            elif item in ("presence", "integrationPresence"):
                source = "purecloud" if item == "presence" else presence_source
                if source:
                    view[item] = self.other(PresenceBackend).get_user_presence(user["id"], source)
        return view

    # ---- users -------------------------------------------------------------------------------
    def email_owner(self, email: str) -> Doc | None:
        wanted = email.lower()
        return next((u for u in self.tx.scan(self.org, "user") if u.get("email", "").lower() == wanted), None)

    def _check_password(self, password: str) -> None:
        rules = self.other(OrganizationsBackend).get_organizations_authentication_settings()[
            "passwordRequirements"
        ]
        if len(password) < int(rules.get("minimumLength", 8)):
            raise bad_request(
                f"The password must be at least {rules['minimumLength']} characters long.", "password"
            )

    def set_password(self, user: Doc, password: str) -> None:
        self._check_password(password)
        user["_passwordHash"] = hash_secret(password)

    def new_user(
        self,
        *,
        name: str,
        email: str,
        division_id: str | None = None,
        state: str = "active",
        password: str | None = None,
        **profile: Any,
    ) -> Doc:
        """Create and store a user; shared by the users API, SCIM and SAML auto-provisioning."""
        if self.email_owner(email) is not None:
            raise conflict(f"A user with email {email} already exists.", "email")
        if password is not None:
            self._check_password(password)
        user_id = new_id()
        user = {
            "id": user_id,
            "name": name,
            "division": self.other(AuthorizationBackend).division_ref(division_id),
            "chat": {"jabberId": f"{user_id}@{self.org}.orgspan.com"},
            "email": email,
            "username": email,
            "state": state,
            "addresses": [],
            "images": [],
            "acdAutoAnswer": False,
            "version": 1,
            "_created": now_iso(),
            "_passwordHash": hash_secret(password or secrets.token_urlsafe(30)),
            "_grants": [],
        }
        user.update({k: v for k, v in profile.items() if v is not None})
        return self.save("user", user)

    def provision_saml_user(self, email: str) -> Doc:
        """A user created on first SAML sign-in (IdP `autoProvisionUsers`), holding `employee`."""
        authz = self.other(AuthorizationBackend)
        user = self.new_user(name=email.split("@")[0], email=email)
        employee = authz.role_by_default_id("employee")
        if employee is not None:
            grant = {
                "roleId": employee["id"],
                "divisionId": authz.home_division()["id"],
                "grantMadeAt": now_iso(),
            }
            user["_grants"] = [grant]
            self.save("user", user)
        return user

    def post_users(self, body: CreateUser) -> Doc:
        user = self.new_user(
            name=body.name,
            email=body.email,
            division_id=body.divisionId,
            state=body.state or "active",
            password=body.password,
            department=body.department,
            title=body.title,
            addresses=[c.model_dump(exclude_none=True) for c in body.addresses or []],
        )
        return self.user_view(user, profile=True)

    def get_users(
        self,
        page: Page,
        state: str,
        ids: list[str] | None,
        expand: list[str] | None,
        source: str | None,
        desc: bool,
    ) -> tuple[list[Doc], int]:
        users = [
            u
            for u in self.tx.scan(self.org, "user")
            if (state == "any" or u.get("state") == state) and (not ids or u["id"] in ids)
        ]
        users.sort(key=lambda u: u["name"].lower(), reverse=desc)
        return [self.user_view(u, expand, source) for u in page.slice(users)], len(users)

    def get_user(self, user_id: str, expand: list[str] | None, source: str | None, state: str) -> Doc:
        user = self.load_user(user_id, allow_deleted=True)
        if (user.get("state") == "deleted") != (state == "deleted"):
            raise not_found("user", user_id)
        return self.user_view(user, expand, source)

    def get_users_me(self, expand: list[str] | None, source: str | None) -> Doc:
        user_id = self.caller_user_id
        if user_id is None:
            raise bad_request(
                "This request requires a user context. Client credentials cannot be used for requests "
                "to this resource."
            )
        view = self.user_view(self.load_user(user_id), expand, source)
        org = self.tx.get("", "org", self.org) or {}
        view["organization"] = {
            "id": self.org,
            "name": org.get("name"),
            "thirdPartyOrgName": org.get("thirdPartyOrgName"),
        }
        return view

    def patch_user(self, user_id: str, body: UpdateUser) -> Doc:
        user = self.load_user(user_id, allow_deleted=True)
        self.check_version("user", body.version, user["version"])
        changes = body.model_dump(exclude_none=True, exclude={"version"})
        if "state" in changes:
            if len(changes) > 1:
                raise bad_request(
                    "A state change must be the only change in its PATCH (besides version).", "state"
                )
            user["state"] = changes["state"]
        else:
            if user.get("state") == "deleted":
                raise not_found("user", user_id)
            if "email" in changes:
                owner = self.email_owner(changes["email"])
                if owner is not None and owner["id"] != user_id:
                    raise conflict(f"A user with email {changes['email']} already exists.", "email")
                user["username"] = changes["email"]
            if "manager" in changes:
                manager_id = changes.pop("manager")
                if manager_id:
                    self.load_user(manager_id)
                    user["manager"] = {"id": manager_id, "selfUri": f"/api/v2/users/{manager_id}"}
                else:
                    user.pop("manager", None)
            primary = changes.pop("primaryContactInfo", None)
            if primary is not None:
                phone = next((c for c in primary if c["mediaType"] == "PHONE" and c.get("address")), None)
                user["_primaryPhone"] = phone["address"] if phone else None
            if body.locations is not None:
                changes["locations"] = [_location(entry) for entry in body.locations]
            user.update(changes)
        user["version"] += 1
        return self.user_view(self.save("user", user), profile=True)

    def delete_user(self, user_id: str) -> None:
        user = self.load_user(user_id)
        user["state"] = "deleted"
        user["version"] += 1
        self.save("user", user)
        for kind in ("group", "queue"):
            for doc in self.tx.scan(self.org, kind):
                members = doc.get("_members")
                if members and user_id in members:
                    if isinstance(members, dict):
                        del members[user_id]
                    else:
                        members.remove(user_id)
                    self.save(kind, doc)

    def post_users_search(self, body: UserSearchRequest) -> Doc:
        page = make_page(body.pageSize, body.pageNumber, cap=100)
        wants_state = any(c.fields and "state" in c.fields for c in body.query)
        users = [
            u
            for u in self.tx.scan(self.org, "user")
            if (wants_state or u.get("state") != "deleted") and search_matches(u, body.query)
        ]
        users.sort(
            key=lambda u: str(u.get(body.sortBy or "name", "")).lower(), reverse=body.sortOrder == "DESC"
        )
        total = len(users)
        return {
            "total": total,
            "pageCount": -(-total // page.size),
            "pageSize": page.size,
            "pageNumber": page.number,
            "types": ["users"],
            "results": [
                self.user_view(u, body.expand, body.integrationPresenceSource) for u in page.slice(users)
            ],
        }

    def get_users_query(
        self,
        cursor: Cursor,
        state: str,
        expand: list[str] | None,
        source: str | None,
        desc: bool,
    ) -> tuple[list[Doc], str | None]:
        users = [u for u in self.tx.scan(self.org, "user") if state == "any" or u.get("state") == state]
        found, _, after = cursor.take(users, key=lambda u: u["name"].lower(), descending=desc)
        return [self.user_view(u, expand, source) for u in found], after

    # ---- profile skills ------------------------------------------------------------------------
    def get_user_profileskills(self, user_id: str) -> list[str]:
        return list(self.load_user(user_id).get("profileSkills") or [])

    def put_user_profileskills(self, user_id: str, skills: list[str]) -> list[str]:
        user = self.load_user(user_id)
        for i, skill in enumerate(skills):
            if not skill.strip():
                raise bad_request("A profile skill cannot be empty.", f"[{i}]")
        user["profileSkills"] = list(dict.fromkeys(skills))
        user["version"] += 1
        self.save("user", user)
        return user["profileSkills"]

    # ---- routing skills and languages ---------------------------------------------------------
    def _assignment_view(self, kind: str, ident: str, proficiency: float, state: str) -> Doc:
        target = self.tx.get(self.org, kind, ident) or {"id": ident, "name": ""}
        plural = "skills" if kind == "skill" else "languages"
        uri_key = "skillUri" if kind == "skill" else "languageUri"
        return {
            "id": ident,
            "name": target["name"],
            "proficiency": proficiency,
            "state": state,
            uri_key: f"/api/v2/routing/{plural}/{ident}",
        }

    def _assignments(self, user_id: str, kind: str) -> list[Doc]:
        user = self.load_user(user_id)
        stored = user.get(f"_{kind}s", {})
        views = [self._assignment_view(kind, i, v["proficiency"], v["state"]) for i, v in stored.items()]
        return sorted(views, key=lambda v: v["name"].lower())

    def _assign(self, user_id: str, kind: str, entries: list[RoutingAssignment], replace: bool) -> None:
        if len(entries) > MAX_BULK:
            raise bad_request(f"At most {MAX_BULK} {kind}s can be assigned in one request.", "body")
        user = self.load_user(user_id)
        for i, entry in enumerate(entries):
            target = self.tx.get(self.org, kind, entry.id)
            if target is None or target.get("state") == "deleted":
                raise bad_request(f"Routing {kind} {entry.id} does not exist.", f"[{i}].id")
        stored = {} if replace else dict(user.get(f"_{kind}s", {}))
        for entry in entries:
            stored[entry.id] = {"proficiency": entry.proficiency, "state": "active"}
        user[f"_{kind}s"] = stored
        self.save("user", user)

    def get_user_routingskills(self, user_id: str) -> list[Doc]:
        return self._assignments(user_id, "skill")

    def post_user_routingskills(self, user_id: str, body: RoutingAssignment) -> Doc:
        self._assign(user_id, "skill", [body], replace=False)
        return self._assignment_view("skill", body.id, body.proficiency, "active")

    def put_user_routingskills_bulk(self, user_id: str, body: list[RoutingAssignment]) -> list[Doc]:
        self._assign(user_id, "skill", body, replace=True)
        return self.get_user_routingskills(user_id)

    def patch_user_routingskills_bulk(self, user_id: str, body: list[RoutingAssignment]) -> list[Doc]:
        self._assign(user_id, "skill", body, replace=False)
        return self.get_user_routingskills(user_id)

    def _update_assignment(self, user_id: str, kind: str, ident: str, body: RoutingUpdate) -> Doc:
        user = self.load_user(user_id)
        stored = user.get(f"_{kind}s", {})
        if ident not in stored:
            raise not_found(f"routing {kind} of the user", ident)
        if body.proficiency is not None:
            stored[ident]["proficiency"] = body.proficiency
        if body.state is not None:
            stored[ident]["state"] = body.state
        self.save("user", user)
        return self._assignment_view(kind, ident, stored[ident]["proficiency"], stored[ident]["state"])

    def _unassign(self, user_id: str, kind: str, ident: str) -> None:
        user = self.load_user(user_id)
        if user.get(f"_{kind}s", {}).pop(ident, None) is None:
            raise not_found(f"routing {kind} of the user", ident)
        self.save("user", user)

    def put_user_routingskill(self, user_id: str, skill_id: str, body: RoutingUpdate) -> Doc:
        return self._update_assignment(user_id, "skill", skill_id, body)

    def delete_user_routingskill(self, user_id: str, skill_id: str) -> None:
        self._unassign(user_id, "skill", skill_id)

    def get_user_routinglanguages(self, user_id: str) -> list[Doc]:
        return self._assignments(user_id, "language")

    def post_user_routinglanguages(self, user_id: str, body: RoutingAssignment) -> Doc:
        self._assign(user_id, "language", [body], replace=False)
        return self._assignment_view("language", body.id, body.proficiency, "active")

    def patch_user_routinglanguages_bulk(self, user_id: str, body: list[RoutingAssignment]) -> list[Doc]:
        self._assign(user_id, "language", body, replace=False)
        return self.get_user_routinglanguages(user_id)

    def patch_user_routinglanguage(self, user_id: str, language_id: str, body: RoutingUpdate) -> Doc:
        return self._update_assignment(user_id, "language", language_id, body)

    def delete_user_routinglanguage(self, user_id: str, language_id: str) -> None:
        self._unassign(user_id, "language", language_id)


router = APIRouter(tags=["Users"])
_AnyToken = Annotated[Session, Depends(authenticated)]
_Paged = Annotated[Page, Depends(paging())]
_SkillAssign = Annotated[Session, Depends(all_of("routing:skill:assign"))]
_SkillAssignAny = Annotated[Session, Depends(any_of("routing:skill:assign"))]
_LanguageAssign = Annotated[Session, Depends(any_of("routing:skill:assign", "routing:language:assign"))]
_Source = Literal["MicrosoftTeams", "ZoomPhone", "EightByEight", "RingCentral"]


def _listing(request: Request, entities: list[Doc]) -> Response:
    page = Page(max(len(entities), 1), 1)
    return reply(envelope(request, entities, len(entities), page))


@router.get("/api/v2/users")
async def get_users(
    request: Request,
    session: _AnyToken,
    page: _Paged,
    id: QueryList = None,
    expand: QueryList = None,
    integrationPresenceSource: _Source | None = None,
    state: Literal["active", "inactive", "deleted", "any"] = "active",
    sortOrder: Literal["ascending", "descending", "ASC", "DESC"] = "ASC",
) -> Response:
    if state == "inactive" and page.size * page.number > 10_000:
        raise bad_request("Inactive users cannot be paged past 10,000 results.", "pageNumber")
    desc = sortOrder in ("descending", "DESC")
    with session.open(UsersBackend) as backend:
        entities, total = backend.get_users(page, state, id, expand, integrationPresenceSource, desc)
    return reply(envelope(request, entities, total, page))


@router.post("/api/v2/users")
async def post_users(
    body: CreateUser, session: Annotated[Session, Depends(any_of("directory:user:add"))]
) -> Response:
    with session.open(UsersBackend) as backend:
        return reply(backend.post_users(body))


@router.get("/api/v2/users/me")
async def get_users_me(
    session: _AnyToken, expand: QueryList = None, integrationPresenceSource: _Source | None = None
) -> Response:
    with session.open(UsersBackend) as backend:
        return reply(backend.get_users_me(expand, integrationPresenceSource))


@router.post("/api/v2/users/search")
async def post_users_search(body: UserSearchRequest, session: _AnyToken) -> Response:
    with session.open(UsersBackend) as backend:
        return reply(backend.post_users_search(body))


@router.get("/api/v2/users/query")
async def get_users_query(
    request: Request,
    session: Annotated[Session, Depends(any_of("directory:user:view"))],
    cursor: Annotated[Cursor, Depends(token_paging())],
    expand: QueryList = None,
    integrationPresenceSource: _Source | None = None,
    state: Literal["active", "inactive", "deleted", "any"] = "active",
    sortOrder: Literal["ASC", "DESC"] = "ASC",
) -> Response:
    with session.open(UsersBackend) as backend:
        entities, following = backend.get_users_query(
            cursor, state, expand, integrationPresenceSource, sortOrder == "DESC"
        )
    return reply(token_envelope(request, entities, following))


@router.get("/api/v2/users/{userId}")
async def get_user(
    userId: str,
    session: _AnyToken,
    expand: QueryList = None,
    integrationPresenceSource: _Source | None = None,
    state: Literal["active", "deleted"] = "active",
) -> Response:
    with session.open(UsersBackend) as backend:
        return reply(backend.get_user(userId, expand, integrationPresenceSource, state))


_UserEdit = Annotated[
    Session, Depends(any_of("admin", "directory:user:edit", "directory:organization:admin"))
]
_UserDelete = Annotated[
    Session, Depends(any_of("admin", "directory:user:delete", "directory:organization:admin"))
]


@router.patch("/api/v2/users/{userId}")
async def patch_user(userId: str, body: UpdateUser, session: _UserEdit) -> Response:
    with session.open(UsersBackend) as backend:
        return reply(backend.patch_user(userId, body))


@router.delete("/api/v2/users/{userId}")
async def delete_user(userId: str, session: _UserDelete) -> Response:
    with session.open(UsersBackend) as backend:
        backend.delete_user(userId)
    return reply({})


@router.get("/api/v2/users/{userId}/routingskills")
async def get_user_routingskills(request: Request, userId: str, session: _AnyToken, page: _Paged) -> Response:
    with session.open(UsersBackend) as backend:
        skills = backend.get_user_routingskills(userId)
    return reply(envelope(request, page.slice(skills), len(skills), page))


@router.post("/api/v2/users/{userId}/routingskills")
async def post_user_routingskills(userId: str, body: RoutingAssignment, session: _SkillAssign) -> Response:
    with session.open(UsersBackend) as backend:
        return reply(backend.post_user_routingskills(userId, body))


@router.put("/api/v2/users/{userId}/routingskills/bulk")
async def put_user_routingskills_bulk(
    request: Request, userId: str, body: list[RoutingAssignment], session: _SkillAssignAny
) -> Response:
    with session.open(UsersBackend) as backend:
        return _listing(request, backend.put_user_routingskills_bulk(userId, body))


@router.patch("/api/v2/users/{userId}/routingskills/bulk")
async def patch_user_routingskills_bulk(
    request: Request, userId: str, body: list[RoutingAssignment], session: _SkillAssignAny
) -> Response:
    with session.open(UsersBackend) as backend:
        return _listing(request, backend.patch_user_routingskills_bulk(userId, body))


@router.put("/api/v2/users/{userId}/routingskills/{skillId}")
async def put_user_routingskill(
    userId: str, skillId: str, body: RoutingUpdate, session: _SkillAssign
) -> Response:
    with session.open(UsersBackend) as backend:
        return reply(backend.put_user_routingskill(userId, skillId, body))


@router.delete("/api/v2/users/{userId}/routingskills/{skillId}")
async def delete_user_routingskill(userId: str, skillId: str, session: _SkillAssign) -> Response:
    with session.open(UsersBackend) as backend:
        backend.delete_user_routingskill(userId, skillId)
    return Response(status_code=204)


@router.get("/api/v2/users/{userId}/routinglanguages")
async def get_user_routinglanguages(
    request: Request, userId: str, session: _AnyToken, page: _Paged
) -> Response:
    with session.open(UsersBackend) as backend:
        languages = backend.get_user_routinglanguages(userId)
    return reply(envelope(request, page.slice(languages), len(languages), page))


@router.post("/api/v2/users/{userId}/routinglanguages")
async def post_user_routinglanguages(
    userId: str, body: RoutingAssignment, session: _LanguageAssign
) -> Response:
    with session.open(UsersBackend) as backend:
        return reply(backend.post_user_routinglanguages(userId, body))


@router.patch("/api/v2/users/{userId}/routinglanguages/bulk")
async def patch_user_routinglanguages_bulk(
    request: Request, userId: str, body: list[RoutingAssignment], session: _LanguageAssign
) -> Response:
    with session.open(UsersBackend) as backend:
        return _listing(request, backend.patch_user_routinglanguages_bulk(userId, body))


@router.patch("/api/v2/users/{userId}/routinglanguages/{languageId}")
async def patch_user_routinglanguage(
    userId: str, languageId: str, body: RoutingUpdate, session: _LanguageAssign
) -> Response:
    with session.open(UsersBackend) as backend:
        return reply(backend.patch_user_routinglanguage(userId, languageId, body))


@router.delete("/api/v2/users/{userId}/routinglanguages/{languageId}")
async def delete_user_routinglanguage(userId: str, languageId: str, session: _LanguageAssign) -> Response:
    with session.open(UsersBackend) as backend:
        backend.delete_user_routinglanguage(userId, languageId)
    return Response(status_code=204)


_ProfileEdit = Annotated[
    Session,
    Depends(any_of("directory:userProfile:edit", "admin", "user_manager", "user_administration")),
]


@router.get("/api/v2/users/{userId}/profileskills")
async def get_user_profileskills(userId: str, session: _AnyToken) -> Response:
    with session.open(UsersBackend) as backend:
        return reply(backend.get_user_profileskills(userId))


@router.put("/api/v2/users/{userId}/profileskills")
async def put_user_profileskills(userId: str, body: list[str], session: _ProfileEdit) -> Response:
    with session.open(UsersBackend) as backend:
        return reply(backend.put_user_profileskills(userId, body))
