"""Groups (members, versions, search) and users (uniqueness, versions, soft delete, skills)."""

from __future__ import annotations

import httpx
import pytest


def _user(api: httpx.Client, name: str) -> dict:
    email = name.lower().replace(" ", ".") + "@example.com"
    response = api.post("/api/v2/users", json={"name": name, "email": email})
    assert response.status_code == 200, response.text
    return response.json()


def test_group_defaults_members_and_versions(api: httpx.Client) -> None:
    group = api.post(
        "/api/v2/groups",
        json={
            "name": "emite_DashboardViewer",
            "type": "official",
            "visibility": "public",
            "rulesVisible": True,
        },
    ).json()
    assert (group["type"], group["visibility"], group["version"], group["memberCount"]) == (
        "official",
        "public",
        1,
        0,
    )
    users = [_user(api, f"Viewer {i}") for i in range(3)]
    ids = [u["id"] for u in users]
    added = api.post(f"/api/v2/groups/{group['id']}/members", json={"memberIds": ids, "version": 1})
    assert added.status_code == 200
    stale = api.post(f"/api/v2/groups/{group['id']}/members", json={"memberIds": ids[:1], "version": 1})
    assert stale.status_code == 409
    refreshed = api.get(f"/api/v2/groups/{group['id']}").json()
    assert (refreshed["version"], refreshed["memberCount"]) == (2, 3)
    members = api.get(f"/api/v2/groups/{group['id']}/members").json()
    assert sorted(m["id"] for m in members["entities"]) == sorted(ids)
    api.delete(f"/api/v2/groups/{group['id']}/members", params={"ids": ",".join(ids[:2])})
    assert [m["id"] for m in api.get(f"/api/v2/groups/{group['id']}/individuals").json()["entities"]] == ids[
        2:
    ]
    too_many = api.post(
        f"/api/v2/groups/{group['id']}/members",
        json={"memberIds": [f"u{i}" for i in range(51)], "version": 3},
    )
    assert too_many.status_code == 400 and too_many.json()["details"][0]["fieldName"] == "memberIds"


def test_group_update_needs_version_and_name_is_unique(api: httpx.Client) -> None:
    group = api.post("/api/v2/groups", json={"name": "emite_DashboardCreator"}).json()
    assert api.post("/api/v2/groups", json={"name": "EMITE_dashboardcreator"}).status_code == 409
    missing = api.put(f"/api/v2/groups/{group['id']}", json={"name": "renamed"})
    assert missing.status_code == 400 and missing.json()["details"][0]["fieldName"] == "version"
    updated = api.put(
        f"/api/v2/groups/{group['id']}", json={"name": "renamed", "version": 1, "visibility": "ownerIds"}
    ).json()
    assert (updated["name"], updated["visibility"], updated["version"]) == ("renamed", "owners", 2)
    bad_type = api.post("/api/v2/groups", json={"name": "x", "type": "secret"})
    assert bad_type.status_code == 400 and bad_type.json()["code"] == "invalid.value"


def test_group_search(api: httpx.Client) -> None:
    for name in ("emite_Access", "emite_DashboardViewer", "other"):
        api.post("/api/v2/groups", json={"name": name})
    found = api.post(
        "/api/v2/groups/search",
        json={"query": [{"type": "STARTS_WITH", "fields": ["name"], "value": "emite_"}]},
    ).json()
    assert found["total"] == 2 and {g["name"] for g in found["results"]} == {
        "emite_Access",
        "emite_DashboardViewer",
    }


def test_user_email_unique_including_deleted_and_restore_by_patch(api: httpx.Client) -> None:
    user = _user(api, "Jane Doe")
    assert user["state"] == "active" and user["username"] == "jane.doe@example.com"
    assert user["primaryContactInfo"][0] == {
        "address": "jane.doe@example.com",
        "mediaType": "EMAIL",
        "type": "PRIMARY",
    }
    dup = api.post("/api/v2/users", json={"name": "Other", "email": "JANE.DOE@example.com"})
    assert dup.status_code == 409 and dup.json()["code"] == "general.conflict"
    assert api.delete(f"/api/v2/users/{user['id']}").status_code == 200
    assert api.get(f"/api/v2/users/{user['id']}").status_code == 404
    assert api.get(f"/api/v2/users/{user['id']}", params={"state": "deleted"}).json()["state"] == "deleted"
    assert (
        api.post("/api/v2/users", json={"name": "Again", "email": "jane.doe@example.com"}).status_code == 409
    )
    found = api.post(
        "/api/v2/users/search",
        json={
            "query": [
                {"type": "EXACT", "fields": ["email"], "value": "jane.doe@example.com"},
                {"type": "EXACT", "fields": ["state"], "value": "deleted"},
            ]
        },
    ).json()
    assert [u["id"] for u in found["results"]] == [user["id"]]
    deleted = found["results"][0]
    mixed = api.patch(
        f"/api/v2/users/{user['id']}", json={"state": "active", "title": "x", "version": deleted["version"]}
    )
    assert mixed.status_code == 400 and mixed.json()["details"][0]["fieldName"] == "state"
    restored = api.patch(
        f"/api/v2/users/{user['id']}", json={"state": "active", "version": deleted["version"]}
    )
    assert restored.json()["state"] == "active"


def test_user_patch_versions_and_contacts(api: httpx.Client) -> None:
    user = _user(api, "Patchy")
    phones = [{"address": "+13175550100", "mediaType": "PHONE", "type": "WORK"}]
    patched = api.patch(
        f"/api/v2/users/{user['id']}", json={"addresses": phones, "version": user["version"]}
    ).json()
    assert patched["addresses"] == phones and patched["version"] == user["version"] + 1
    assert patched["primaryContactInfo"][1]["address"] == "+13175550100"
    stale = api.patch(f"/api/v2/users/{user['id']}", json={"title": "t", "version": user["version"]})
    assert stale.status_code == 409
    both = api.patch(
        f"/api/v2/users/{user['id']}",
        json={
            "version": patched["version"],
            "addresses": [{"address": "+1", "extension": "12", "mediaType": "PHONE", "type": "WORK"}],
        },
    )
    assert both.status_code == 400


def test_users_me_needs_a_user_context(api: httpx.Client) -> None:
    response = api.get("/api/v2/users/me")
    assert response.status_code == 400 and "user context" in response.json()["message"]


@pytest.mark.parametrize("kind", ["skills", "languages"])
def test_user_skills_and_languages_bulk(api: httpx.Client, kind: str) -> None:
    singular = kind[:-1]
    targets = [api.post(f"/api/v2/routing/{kind}", json={"name": f"{singular} {i}"}).json() for i in range(3)]
    user = _user(api, f"Skilled {kind}")
    path = f"/api/v2/users/{user['id']}/routing{kind}"
    body = [{"id": t["id"], "proficiency": p} for t, p in zip(targets[:2], (1, 4.5), strict=True)]
    result = api.patch(f"{path}/bulk", json=body).json()
    assert {e["name"]: e["proficiency"] for e in result["entities"]} == {
        f"{singular} 0": 1,
        f"{singular} 1": 4.5,
    }
    out_of_range = api.patch(f"{path}/bulk", json=[{"id": targets[2]["id"], "proficiency": 6}])
    assert (
        out_of_range.status_code == 400
        and out_of_range.json()["details"][0]["fieldName"] == "[0].proficiency"
    )
    unknown = api.patch(f"{path}/bulk", json=[{"id": "nope", "proficiency": 1}])
    assert unknown.status_code == 400 and unknown.json()["details"][0]["fieldName"] == "[0].id"
    if kind == "skills":
        replaced = api.put(f"{path}/bulk", json=[{"id": targets[2]["id"], "proficiency": 3}]).json()
        assert [e["id"] for e in replaced["entities"]] == [targets[2]["id"]]
    api.delete(f"/api/v2/routing/{kind}/{targets[2]['id']}")
    remaining = {e["id"] for e in api.get(path).json()["entities"]}
    assert targets[2]["id"] not in remaining
    expanded = api.get(f"/api/v2/users/{user['id']}", params={"expand": kind}).json()
    assert {e["id"] for e in expanded[kind]} == remaining
