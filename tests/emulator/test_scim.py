"""SCIM: UC phone types, filters, ETags, PATCH, groups and the SCIM error shape."""

from __future__ import annotations

import httpx
import pytest

from gcx.catalog.scim import ENTERPRISE_USER_SCHEMA, GENESYS_USER_SCHEMA, PATCH_OP_SCHEMA, USER_SCHEMA

USERS = "/api/v2/scim/v2/users"


def _scim_user(user_name: str, phones: list[dict], **extra: object) -> dict:
    return {
        "schemas": [USER_SCHEMA],
        "userName": user_name,
        "displayName": user_name.split("@")[0],
        "phoneNumbers": phones,
        **extra,
    }


def test_eightbyeight_phone_lands_in_other_phone_as_primary(api: httpx.Client) -> None:
    created = api.post(
        USERS, json=_scim_user("uc.only@example.com", [{"type": "eightbyeight", "value": "+13175550123"}])
    )
    assert created.status_code == 201
    assert created.headers["content-type"].startswith("application/scim+json")
    scim = created.json()
    assert created.headers["ETag"] == scim["meta"]["version"] == 'W/"1"'
    assert created.headers["Location"].endswith(f"/api/v2/scim/v2/Users/{scim['id']}")
    assert scim["phoneNumbers"] == [{"value": "+13175550123", "type": "eightbyeight", "primary": True}]
    user = api.get(f"/api/v2/users/{scim['id']}").json()
    assert user["addresses"] == [
        {"address": "+13175550123", "mediaType": "PHONE", "type": "OTHER", "integration": "eightbyeight"}
    ]
    assert {
        "address": "+13175550123",
        "mediaType": "PHONE",
        "type": "PRIMARY",
        "integration": "eightbyeight",
    } in (user["primaryContactInfo"])


@pytest.mark.parametrize("uc_type", ["microsoftteams", "zoomphone", "ringcentral"])
def test_uc_phone_is_not_primary_when_a_work_number_exists(api: httpx.Client, uc_type: str) -> None:
    phones = [
        {"type": "work", "value": "+13175550100"},
        {"type": uc_type, "value": "tel:+13175550101;ext=42"},
    ]
    scim = api.post(USERS, json=_scim_user(f"hybrid.{uc_type}@example.com", phones)).json()
    assert {p["type"]: p["primary"] for p in scim["phoneNumbers"]} == {"work": True, uc_type: False}
    user = api.get(f"/api/v2/users/{scim['id']}").json()
    other = next(a for a in user["addresses"] if a["type"] == "OTHER")
    assert (other["integration"], other["extension"]) == (uc_type, "42")


def test_extensions_skills_and_filters(api: httpx.Client) -> None:
    api.post("/api/v2/routing/skills", json={"name": "Billing"})
    division = api.post("/api/v2/authorization/divisions", json={"name": "EMEA"}).json()
    body = _scim_user("ext.user@example.com", [], externalId="ext-42", title="Agent")
    body[ENTERPRISE_USER_SCHEMA] = {"division": "EMEA", "department": "Care", "employeeNumber": "E7"}
    body[GENESYS_USER_SCHEMA] = {
        "routingSkills": [{"name": "Billing", "proficiency": 4}],
        "externalIds": [{"authority": "microsoftteams", "value": "aad-1"}],
    }
    scim = api.post(USERS, json=body).json()
    assert scim[ENTERPRISE_USER_SCHEMA]["division"] == "EMEA"
    assert scim[GENESYS_USER_SCHEMA]["routingSkills"] == [{"name": "Billing", "proficiency": 4}]
    gc_user = api.get(f"/api/v2/users/{scim['id']}").json()
    assert (gc_user["division"]["id"], gc_user["department"], gc_user["title"]) == (
        division["id"],
        "Care",
        "Agent",
    )
    filters = [
        'userName eq "EXT.USER@example.com"',
        'externalId eq "ext-42"',
        'division eq "EMEA" and active eq true',
        f'{GENESYS_USER_SCHEMA}:externalIds[authority eq "microsoftteams" and value eq "aad-1"]',
        'emails[type eq "other" and value co "ext.user"]',
    ]
    for expression in filters:
        found = api.get(USERS, params={"filter": expression}).json()
        assert [r["id"] for r in found["Resources"]] == [scim["id"]], expression
    assert api.get(USERS, params={"filter": 'userName eq "nobody@example.com"'}).json()["totalResults"] == 0
    bad = api.get(USERS, params={"filter": "userName equals x"})
    assert (
        bad.status_code == 400 and bad.json()["scimType"] == "invalidFilter" and bad.json()["status"] == "400"
    )
    unknown_skill = _scim_user("skill.typo@example.com", [])
    unknown_skill[GENESYS_USER_SCHEMA] = {"routingSkills": [{"name": "billing", "proficiency": 1}]}
    assert api.post(USERS, json=unknown_skill).json()["scimType"] == "invalidValue"


def test_etags_patch_put_and_delete(api: httpx.Client) -> None:
    scim = api.post(
        USERS, json=_scim_user("etag.user@example.com", [{"type": "mobile", "value": "+447700900123"}])
    ).json()
    path = f"{USERS}/{scim['id']}"
    assert api.get(path, headers={"If-None-Match": 'W/"1"'}).status_code == 304
    patch = {
        "schemas": [PATCH_OP_SCHEMA],
        "Operations": [
            {"op": "replace", "path": "title", "value": "Lead"},
            {"op": "add", "path": 'phoneNumbers[type eq "zoomphone"].value', "value": "+13175550777"},
            {"op": "replace", "path": f"{ENTERPRISE_USER_SCHEMA}:department", "value": "Ops"},
        ],
    }
    patched = api.patch(path, json=patch, headers={"If-Match": 'W/"1"'})
    assert patched.status_code == 200, patched.text
    body = patched.json()
    assert body["meta"]["version"] == 'W/"2"' and body["title"] == "Lead"
    assert {p["type"] for p in body["phoneNumbers"]} == {"mobile", "zoomphone"}
    stale = api.patch(path, json=patch, headers={"If-Match": 'W/"1"'})
    assert stale.status_code == 400 and stale.json()["scimType"] == "invalidVers"
    replaced = api.put(path, json=_scim_user("etag.user@example.com", [], active=False)).json()
    assert replaced["active"] is False and replaced["phoneNumbers"] == []
    assert api.get(f"/api/v2/users/{scim['id']}").json()["state"] == "inactive"
    assert api.get(USERS).json()["totalResults"] == 0  # no filter: active users only
    dup = api.post(USERS, json=_scim_user("etag.user@example.com", []))
    assert dup.status_code == 409 and dup.json()["scimType"] == "uniqueness"
    assert api.delete(path).status_code == 204
    missing = api.get(path)
    assert missing.status_code == 404 and missing.json()["schemas"] == [
        "urn:ietf:params:scim:api:messages:2.0:Error"
    ]


def test_groups_members_and_config_documents(api: httpx.Client) -> None:
    group = api.post("/api/v2/groups", json={"name": "UC Users"}).json()
    user = api.post(USERS, json=_scim_user("member@example.com", [])).json()
    groups = "/api/v2/scim/v2/Groups"
    listed = api.get(groups, params={"filter": 'displayName eq "uc users"'}).json()
    assert [g["id"] for g in listed["Resources"]] == [group["id"]]
    added = api.patch(
        f"{groups}/{group['id']}",
        json={
            "schemas": [PATCH_OP_SCHEMA],
            "Operations": [{"op": "add", "path": "members", "value": [{"value": user["id"]}]}],
        },
    ).json()
    assert [m["value"] for m in added["members"]] == [user["id"]]
    assert api.get(f"{USERS}/{user['id']}").json()["groups"][0]["value"] == group["id"]
    removed = api.patch(
        f"{groups}/{group['id']}",
        json={
            "schemas": [PATCH_OP_SCHEMA],
            "Operations": [{"op": "remove", "path": f'members[value eq "{user["id"]}"]'}],
        },
    ).json()
    assert removed["members"] == []
    assert api.get(groups).status_code == 400  # filter is required
    config = api.get("/api/v2/scim/v2/ServiceProviderConfig").json()
    assert config["patch"]["supported"] and config["etag"]["supported"]
    types = api.get("/api/v2/scim/v2/resourcetypes").json()
    assert {t["id"] for t in types["Resources"]} == {"User", "Group"}
    schema = api.get(f"/api/v2/scim/v2/schemas/{USER_SCHEMA}").json()
    phone = next(a for a in schema["attributes"] if a["name"] == "phoneNumbers")
    assert "eightbyeight" in next(s for s in phone["subAttributes"] if s["name"] == "type")["canonicalValues"]


def test_scim_needs_a_token_and_reports_errors_in_scim_shape(embedded: object, api: httpx.Client) -> None:
    anonymous = httpx.get(f"{api.base_url}{USERS}")
    assert anonymous.status_code == 401 and anonymous.json()["status"] == "401"
    bad_phone = api.post(USERS, json=_scim_user("phone@example.com", [{"type": "pager", "value": "+1555"}]))
    assert bad_phone.status_code == 400 and bad_phone.json()["scimType"] == "invalidValue"
    assert "phoneNumbers[0].type" in bad_phone.json()["detail"]
