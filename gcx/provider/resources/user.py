"""``genesyscloud_user``: ``/api/v2/users[/{id}]`` and the user's routing skills and languages.

Create: POST the user (name, email, division, department, title, addresses, password, state).
An email still held by a *deleted* user answers 409; that user is then found with
``POST /api/v2/users/search`` (state deleted), restored with ``PATCH {state: active}`` and
updated, as the Terraform provider does (it searches first; searching only after a conflict
saves a request on every ordinary create). The fields POST does not take (manager, ACD
auto-answer, employer info, profile skills, certifications, locations) follow in one PATCH with
the user's version, only when set. Skills: ``PUT .../routingskills/bulk`` (replaces all);
languages: ``PATCH .../routinglanguages/bulk`` plus a DELETE per language removed.
Utilization (``/api/v2/routing/users/{id}/utilization``) and voicemail policies
(``/api/v2/voicemail/userpolicies/{id}``) are written and read only when the program sets them.
A new division moves the user (``POST /api/v2/authorization/divisions/{id}/objects/USER``).
Read: one GET with ``expand=skills,languages,...``. Delete: DELETE (a soft delete), then GET
until the user reads as deleted.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from gcx.provider.client import ApiError, GenesysClient, retry_on_version_mismatch
from gcx.provider.resources import HandlerContext
from gcx.provider.resources.base import Live, api, single_match
from gcx.provider.resources.crud import CrudResource, delete_if_present, undone_on_failure, wait_until_gone
from gcx.provider.resources.lookups import matching
from gcx.provider.resources.mapping import Codec, Field, Shape

__all__ = ["User"]

EXPAND = ["skills", "languages", "locations", "profileSkills", "certifications", "employerInfo"]
_PHONE_MEDIA = ("PHONE", "SMS")


def _addresses_to_api(block: Mapping[str, Any]) -> list[dict[str, Any]]:
    contacts = [
        {"address": e["address"], "mediaType": "EMAIL", "type": e.get("type") or "WORK"}
        for e in block.get("otherEmails") or []
    ]
    for phone in block.get("phoneNumbers") or []:
        contact = {"mediaType": phone.get("mediaType") or "PHONE", "type": phone.get("type") or "WORK"}
        if phone.get("number"):
            contact["address"] = phone["number"]
        if phone.get("extension"):
            contact["extension"] = phone["extension"]
        contacts.append(contact)
    return contacts


def _addresses_from_api(contacts: list[Mapping[str, Any]] | None) -> dict[str, Any]:
    emails, phones = [], []
    for contact in contacts or []:
        if contact.get("mediaType") == "EMAIL":
            emails.append({"address": contact.get("address"), "type": contact.get("type")})
        elif contact.get("mediaType") in _PHONE_MEDIA:
            phones.append(
                {
                    "number": contact.get("address"),
                    "mediaType": contact.get("mediaType"),
                    "type": contact.get("type"),
                    "extension": contact.get("extension"),
                }
            )
    return {"otherEmails": emails, "phoneNumbers": phones}


ADDRESSES = Codec(_addresses_to_api, _addresses_from_api)
SKILLS = Shape(Field("skillId", "id"), Field("proficiency", "proficiency"))
LANGUAGES = Shape(Field("languageId", "id"), Field("proficiency", "proficiency"))
LOCATIONS = Shape(Field("locationId", "locationDefinition.id"), Field("notes", "notes"))
EMPLOYER = Shape(
    Field("officialName", "officialName"),
    Field("employeeId", "employeeId"),
    Field("employeeType", "employeeType"),
    Field("dateHire", "dateHire"),
)
MEDIA_UTILIZATION = Shape(
    Field("maximumCapacity", "maximumCapacity"),
    Field("interruptibleMediaTypes", "interruptableMediaTypes"),
    Field("includeNonAcd", "includeNonAcd"),
)
UTILIZATION = Shape(
    *(
        Field(media, f"utilization.{media}", shape=MEDIA_UTILIZATION)
        for media in ("call", "callback", "message", "email", "chat")
    )
)
VOICEMAIL = Shape(
    Field("alertTimeoutSeconds", "alertTimeoutSeconds"),
    Field("sendEmailNotifications", "sendEmailNotifications"),
)

# Fields of the user document itself that only PATCH (UpdateUser) accepts.
PATCH_ONLY = frozenset(
    {"manager", "acdAutoAnswer", "employerInfo", "profileSkills", "certifications", "locations"}
)
_TEXT_FIELDS = frozenset({"department", "title"})
# Fields POST /users (CreateUser) takes.
CREATE_FIELDS = frozenset(
    {"name", "email", "divisionId", "department", "title", "addresses", "password", "state"}
)


class User(CrudResource):
    path = "/api/v2/users"
    shape = Shape(
        Field("email", "email"),
        Field("name", "name"),
        Field("state", "state"),
        Field("divisionId", "division.id"),
        Field("department", "department"),
        Field("title", "title"),
        Field("manager", "manager.id"),
        Field("acdAutoAnswer", "acdAutoAnswer"),
        Field("routingSkills", "skills", shape=SKILLS),
        Field("routingLanguages", "languages", shape=LANGUAGES),
        Field("locations", "locations", shape=LOCATIONS),
        Field("addresses", "addresses", ADDRESSES),
        Field("profileSkills", "profileSkills"),
        Field("certifications", "certifications"),
        Field("employerInfo", "employerInfo", shape=EMPLOYER),
    )
    lookup = "user"
    write_only = frozenset({"password"})

    # --- pieces of the flows ---

    def _patch(
        self, client: GenesysClient, id: str, body: dict[str, Any], version: int | None
    ) -> dict[str, Any]:
        known = [version]

        def attempt() -> dict[str, Any]:
            current = known.pop() if known else None
            if current is None:
                current = client.get(f"{self.path}/{id}")["version"]
            return client.patch(f"{self.path}/{id}", json=body | {"version": current})

        return retry_on_version_mismatch(attempt)

    def _profile_patch(self, news: Mapping[str, Any], wires: set[str] | frozenset[str]) -> dict[str, Any]:
        """A PATCH body for `wires`; unset text fields are sent empty so that they are cleared."""
        values = {k: ("" if news.get(k) is None and k in _TEXT_FIELDS else news.get(k)) for k in wires}
        body = self.shape.to_api(values)
        if "manager" in wires and values.get("manager") is None:
            body["manager"] = ""  # clears the manager
        if isinstance(body.get("manager"), dict):
            body["manager"] = body["manager"]["id"]
        return body

    def _set_skills(self, client: GenesysClient, id: str, skills: list[Mapping[str, Any]]) -> None:
        client.put(f"{self.path}/{id}/routingskills/bulk", json=[SKILLS.to_api(s) for s in skills])

    def _set_languages(
        self, client: GenesysClient, id: str, languages: list[Mapping[str, Any]], old: list[Mapping[str, Any]]
    ) -> None:
        wanted = {lang["languageId"] for lang in languages}
        for gone in sorted({lang["languageId"] for lang in old} - wanted):
            delete_if_present(client, f"{self.path}/{id}/routinglanguages/{gone}")
        if languages:
            client.patch(
                f"{self.path}/{id}/routinglanguages/bulk", json=[LANGUAGES.to_api(x) for x in languages]
            )

    def _restore_deleted(self, client: GenesysClient, email: str) -> dict[str, Any] | None:
        body = client.post(
            f"{self.path}/search",
            json={
                "query": [
                    {"type": "EXACT", "fields": ["email"], "value": email},
                    {"type": "EXACT", "fields": ["state"], "value": "deleted"},
                ],
                "pageSize": 25,
            },
        )
        deleted = [u for u in body.get("results") or [] if u.get("state") == "deleted"]
        found = single_match("deleted user", f"email {email!r}", deleted)
        if found is None:
            return None
        return self._patch(client, str(found["id"]), {"state": "active"}, int(found["version"]))

    # --- hooks ---

    def create_object(self, ctx: HandlerContext, news: Mapping[str, Any]) -> tuple[str, Live]:
        client = api(ctx)
        body = self.shape.to_api({k: v for k, v in news.items() if k in CREATE_FIELDS})
        body["divisionId"] = body.pop("division", {}).get("id")
        if news.get("password"):
            body["password"] = news["password"]
        body = {k: v for k, v in body.items() if v is not None}
        try:
            doc = client.post(self.path, json=body)
            leftover = {k for k in PATCH_ONLY if news.get(k) not in (None, False, [], {})}
        except ApiError as exc:
            restored = self._restore_deleted(client, news["email"]) if exc.is_conflict else None
            if restored is None:
                raise
            doc = restored
            leftover = (CREATE_FIELDS - {"password", "state", "email", "divisionId"}) | PATCH_ONLY
        ident = str(doc["id"])
        with undone_on_failure(client, f"{self.path}/{ident}"):
            if leftover:
                doc = self._patch(client, ident, self._profile_patch(news, leftover), int(doc["version"]))
            live = self.live(ctx, doc)
            if news.get("routingSkills"):
                self._set_skills(client, ident, news["routingSkills"])
            if news.get("routingLanguages"):
                self._set_languages(client, ident, news["routingLanguages"], [])
            live["routingSkills"] = list(news.get("routingSkills") or [])
            live["routingLanguages"] = list(news.get("routingLanguages") or [])
            live |= self._write_extras(client, ident, news, set(news))
        return ident, live

    def _write_extras(
        self, client: GenesysClient, id: str, news: Mapping[str, Any], changed: set[str]
    ) -> dict[str, Any]:
        extras: dict[str, Any] = {}
        if "routingUtilization" in changed and news.get("routingUtilization"):
            doc = client.put(
                f"/api/v2/routing/users/{id}/utilization", json=UTILIZATION.to_api(news["routingUtilization"])
            )
            extras["routingUtilization"] = UTILIZATION.from_api(doc)
        if "voicemailUserpolicies" in changed and news.get("voicemailUserpolicies"):
            doc = client.patch(
                f"/api/v2/voicemail/userpolicies/{id}", json=VOICEMAIL.to_api(news["voicemailUserpolicies"])
            )
            extras["voicemailUserpolicies"] = VOICEMAIL.from_api(doc)
        return extras

    def read_object(self, ctx: HandlerContext, id: str, state: Mapping[str, Any]) -> Live | None:
        client = api(ctx)
        doc = client.get_or_none(f"{self.path}/{id}", params={"expand": EXPAND})
        if doc is None or doc.get("state") == "deleted":
            return None
        live = self.live(ctx, doc)
        if state.get("routingUtilization"):
            live["routingUtilization"] = UTILIZATION.from_api(
                client.get(f"/api/v2/routing/users/{id}/utilization")
            )
        if state.get("voicemailUserpolicies"):
            live["voicemailUserpolicies"] = VOICEMAIL.from_api(
                client.get(f"/api/v2/voicemail/userpolicies/{id}")
            )
        return live

    def update_object(
        self,
        ctx: HandlerContext,
        id: str,
        old: Mapping[str, Any],
        news: Mapping[str, Any],
        changed: set[str],
    ) -> Live:
        client = api(ctx)
        live = dict(old)
        if "divisionId" in changed and news.get("divisionId"):
            client.post(f"/api/v2/authorization/divisions/{news['divisionId']}/objects/USER", json=[id])
            live["divisionId"] = news["divisionId"]
        profile = changed & ((CREATE_FIELDS | PATCH_ONLY) - {"password", "state", "divisionId"})
        if profile:
            doc = self._patch(client, id, self._profile_patch(news, profile), None)
            live |= {k: v for k, v in self.live(ctx, doc).items() if k in profile}
        if "state" in changed:
            doc = self._patch(client, id, {"state": news["state"]}, None)
            live["state"] = doc.get("state", news["state"])
        if "routingSkills" in changed and news.get("routingSkills") is not None:
            self._set_skills(client, id, news["routingSkills"])
            live["routingSkills"] = list(news["routingSkills"])
        if "routingLanguages" in changed and news.get("routingLanguages") is not None:
            self._set_languages(client, id, news["routingLanguages"], old.get("routingLanguages") or [])
            live["routingLanguages"] = list(news["routingLanguages"])
        live |= self._write_extras(client, id, news, changed)
        return live

    def delete_object(self, ctx: HandlerContext, id: str, old: Mapping[str, Any]) -> None:
        client = api(ctx)
        delete_if_present(client, f"{self.path}/{id}")
        wait_until_gone(client, f"{self.path}/{id}", "user", gone=lambda doc: doc.get("state") == "deleted")

    def find_object(self, ctx: HandlerContext, news: Mapping[str, Any]) -> tuple[str, Live] | None:
        email = news.get("email")
        if not isinstance(email, str):
            return None
        found = single_match("user", f"email {email!r}", matching(api(ctx), "user", email, field="email"))
        return (str(found["id"]), self.live(ctx, found)) if found else None
