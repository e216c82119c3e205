"""The rules of the endpoints added for the provider (over HTTP): list query parameters in both
forms, cursor tokens, utilization and voicemail validation and permissions, the idle token timeout
bounds, moving objects between divisions (all or nothing, with permission checks), profile fields
and grants inherited through groups."""

from __future__ import annotations

import httpx
import pytest

from tests.emulator.conftest import Target, limited_client


def _user(api: httpx.Client, name: str) -> dict:
    response = api.post("/api/v2/users", json={"name": name, "email": f"{name.lower()}@rules.example"})
    assert response.status_code == 200, response.text
    return response.json()


def _field(response: httpx.Response) -> str:
    assert response.status_code == 400, response.text
    return response.json()["details"][0]["fieldName"]


def test_list_parameters_repeated_comma_separated_or_mixed(api: httpx.Client) -> None:
    ids = [_user(api, name)["id"] for name in ("Ann", "Bob", "Cid", "Dan")]
    forms = (
        [("id", ids[0]), ("id", ids[1]), ("id", ids[2])],
        [("id", ",".join(ids[:3]))],
        [("id", f"{ids[0]},{ids[1]}"), ("id", ids[2])],
    )
    for form in forms:
        listed = api.get("/api/v2/users", params=form).json()
        assert sorted(u["id"] for u in listed["entities"]) == sorted(ids[:3]), form
    both = api.get("/api/v2/authorization/roles", params={"defaultRoleId": "admin,employee"}).json()
    assert sorted(r["defaultRoleId"] for r in both["entities"]) == ["admin", "employee"]


def test_cursor_tokens_page_both_ways_and_bad_ones_name_the_field(api: httpx.Client) -> None:
    for name in ("A", "B", "C", "D"):
        api.post("/api/v2/authorization/divisions", json={"name": f"Div {name}"})
    first = api.get("/api/v2/authorization/divisions/query", params={"pageSize": 2}).json()
    assert [d["name"] for d in first["entities"]] == ["Div A", "Div B"] and "previousUri" not in first
    second = api.get(first["nextUri"]).json()
    assert [d["name"] for d in second["entities"]] == ["Div C", "Div D"]
    back = api.get(second["previousUri"]).json()
    assert [d["name"] for d in back["entities"]] == ["Div A", "Div B"]
    # An object added between pages does not shift the walk.
    api.post("/api/v2/authorization/divisions", json={"name": "Div AA"})
    assert [d["name"] for d in api.get(first["nextUri"]).json()["entities"]] == ["Div C", "Div D"]

    assert _field(api.get("/api/v2/authorization/divisions/query", params={"after": "junk"})) == "after"
    assert _field(api.get("/api/v2/users/query", params={"cursor": "bm9wZQ"})) == "cursor"
    both = api.get("/api/v2/integrations/credentials/listing", params={"after": "x", "before": "y"})
    assert _field(both) == "before"


def test_utilization_validation_and_permissions(api: httpx.Client, embedded: Target) -> None:
    user = _user(api, "Uma")
    path = f"/api/v2/routing/users/{user['id']}/utilization"
    too_many = api.put(path, json={"utilization": {"call": {"maximumCapacity": 26}}})
    assert _field(too_many) == "utilization.call.maximumCapacity"
    assert _field(api.put(path, json={"utilization": {"fax": {"maximumCapacity": 1}}})) == "utilization.fax"
    itself = api.put(
        path, json={"utilization": {"call": {"maximumCapacity": 1, "interruptableMediaTypes": ["call"]}}}
    )
    assert _field(itself) == "utilization.call.interruptableMediaTypes"
    assert api.get(path).json()["level"] == "Organization"  # nothing half-written
    assert api.get("/api/v2/routing/users/nobody/utilization").status_code == 404

    with limited_client(api, embedded, "routing:utilization:view") as viewer:
        assert viewer.get(path).status_code == 200
        denied = viewer.put(path, json={"utilization": {"call": {"maximumCapacity": 2}}})
        assert (denied.status_code, denied.json()["code"]) == (403, "missing.any.permissions")
        assert viewer.delete(path).status_code == 403


def test_voicemail_policy_put_patch_pin_and_permissions(api: httpx.Client, embedded: Target) -> None:
    user = _user(api, "Vic")
    path = f"/api/v2/voicemail/userpolicies/{user['id']}"
    patched = api.patch(path, json={"sendEmailNotifications": True, "pin": "13579"})
    assert patched.json()["sendEmailNotifications"] is True and "pin" not in patched.text
    replaced = api.put(path, json={"alertTimeoutSeconds": 20}).json()
    assert (replaced["alertTimeoutSeconds"], replaced["sendEmailNotifications"]) == (20, False)
    assert "pin" not in api.get(path).text
    assert _field(api.patch(path, json={"alertTimeoutSeconds": 0})) == "alertTimeoutSeconds"
    assert _field(api.patch(path, json={"pin": "12ab"})) == "pin"
    with limited_client(api, embedded, "routing:queue:view") as stranger:
        assert stranger.get(path).status_code == 403
    with limited_client(api, embedded, "voicemail:userPolicy:viewOther") as admin:
        assert admin.patch(path, json={"enabled": False}).json()["enabled"] is False


def test_idle_token_timeout_bounds_and_permission(api: httpx.Client, embedded: Target) -> None:
    assert _field(api.put("/api/v2/tokens/timeout", json={"idleTokenTimeoutSeconds": 299})) == (
        "idleTokenTimeoutSeconds"
    )
    assert api.put("/api/v2/tokens/timeout", json={"idleTokenTimeoutSeconds": 28_801}).status_code == 400
    edge = api.put(
        "/api/v2/tokens/timeout", json={"idleTokenTimeoutSeconds": 28_800, "enableIdleTokenTimeout": True}
    )
    assert edge.json() == {"idleTokenTimeoutSeconds": 28_800, "enableIdleTokenTimeout": True}
    with limited_client(api, embedded, "routing:queue:view") as plain:
        assert plain.get("/api/v2/tokens/timeout").json()["idleTokenTimeoutSeconds"] == 28_800
        denied = plain.put("/api/v2/tokens/timeout", json={"idleTokenTimeoutSeconds": 600})
        assert denied.status_code == 403


def test_division_moves_are_all_or_nothing_and_checked(api: httpx.Client, embedded: Target) -> None:
    home = api.get("/api/v2/authorization/divisions/home").json()
    sales = api.post("/api/v2/authorization/divisions", json={"name": "Sales", "description": "d"}).json()
    user = _user(api, "Mia")
    queue = api.post("/api/v2/routing/queues", json={"name": "Sales queue"}).json()
    objects = f"/api/v2/authorization/divisions/{sales['id']}/objects"

    partial = api.post(f"{objects}/USER", json=[user["id"], "no-such-user"])
    assert _field(partial) == "[1]"
    assert api.get(f"/api/v2/users/{user['id']}").json()["division"]["id"] == home["id"]
    unknown = api.post(f"{objects}/GADGET", json=[user["id"]])
    assert _field(unknown) == "objectType" and unknown.json()["code"] == "invalid.value"
    assert _field(api.post(f"{objects}/CAMPAIGN", json=["c1"])) == "objectType"
    assert api.post("/api/v2/authorization/divisions/nope/objects/USER", json=[user["id"]]).status_code == 404
    with limited_client(api, embedded, "routing:queue:edit") as queue_admin:
        denied = queue_admin.post(f"{objects}/USER", json=[user["id"]])
        assert (denied.status_code, denied.json()["code"]) == (403, "missing.permissions")
        assert queue_admin.post(f"{objects}/QUEUE", json=[queue["id"]]).status_code == 204

    assert api.post(f"{objects}/USER", json=[user["id"]]).status_code == 204
    assert api.get(f"/api/v2/routing/queues/{queue['id']}").json()["division"]["id"] == sales["id"]
    counted = api.get(f"/api/v2/authorization/divisions/{sales['id']}", params={"objectCount": "true"}).json()
    assert counted["objectCounts"] == {"USER": 1, "QUEUE": 1}
    assert api.delete(f"/api/v2/authorization/divisions/{sales['id']}").status_code == 400
    # A deleted user no longer holds the division.
    api.delete(f"/api/v2/users/{user['id']}")
    api.delete(f"/api/v2/routing/queues/{queue['id']}")
    assert api.delete(f"/api/v2/authorization/divisions/{sales['id']}").status_code == 204


def test_profile_fields_validate_and_profile_skills_need_their_permission(
    api: httpx.Client, embedded: Target
) -> None:
    user = _user(api, "Pia")
    path = f"/api/v2/users/{user['id']}"
    bad = api.patch(path, json={"version": user["version"], "locations": [{"notes": "no definition"}]})
    assert _field(bad) == "locations[0].locationDefinition"
    saved = api.patch(path, json={"version": user["version"], "certifications": ["CCNA"]}).json()
    assert saved["certifications"] == ["CCNA"] and saved["version"] == user["version"] + 1
    assert "certifications" not in api.get(path).json()
    assert api.get(path, params={"expand": "certifications"}).json()["certifications"] == ["CCNA"]
    assert _field(api.put(f"{path}/profileskills", json=["Sales", " "])) == "[1]"
    with limited_client(api, embedded, "directory:user:edit") as editor:
        assert editor.put(f"{path}/profileskills", json=["Sales"]).status_code == 403
    with limited_client(api, embedded, "directory:userProfile:edit") as profiler:
        assert profiler.put(f"{path}/profileskills", json=["Sales"]).json() == ["Sales"]


@pytest.mark.parametrize("roles_enabled", [True, False])
def test_group_grants_reach_members_only_with_roles_enabled(api: httpx.Client, roles_enabled: bool) -> None:
    user = _user(api, "Gus")
    role = api.post("/api/v2/authorization/roles", json={"name": "Via group"}).json()
    group = api.post(
        "/api/v2/groups",
        json={"name": "G", "type": "official", "visibility": "public", "rolesEnabled": roles_enabled},
    ).json()
    api.post(f"/api/v2/groups/{group['id']}/members", json={"memberIds": [user["id"]], "version": 1})
    api.post(f"/api/v2/authorization/subjects/{group['id']}/divisions/*/roles/{role['id']}")
    subject = api.get(f"/api/v2/authorization/subjects/{user['id']}").json()
    inherited = [(g["subjectId"], g["role"]["id"]) for g in subject["grants"]]
    assert inherited == ([(group["id"], role["id"])] if roles_enabled else [])
    roles = api.get(f"/api/v2/users/{user['id']}/roles").json()["roles"]
    assert [r["id"] for r in roles] == ([role["id"]] if roles_enabled else [])
