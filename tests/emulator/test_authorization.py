"""Roles, divisions, the permission catalog, grants and permission enforcement."""

from __future__ import annotations

import httpx

from tests.emulator.conftest import Target, limited_client


def test_missing_permission_is_403_with_the_documented_codes(api: httpx.Client, embedded: Target) -> None:
    with limited_client(api, embedded, "routing:queue:view") as limited:
        denied = limited.post("/api/v2/authorization/roles", json={"name": "nope"})
        assert denied.status_code == 403
        body = denied.json()
        assert body["code"] == "missing.any.permissions"
        assert body["message"].endswith("[authorization:role:add]")
        assert body["messageParams"] == {"perms": "[authorization:role:add]"}
        all_of = limited.post("/api/v2/authorization/divisions", json={"name": "d"})
        assert all_of.json()["code"] == "missing.permissions"
        assert "authorization:division:add, authorization:grant:add" in all_of.json()["message"]
        assert limited.get("/api/v2/routing/queues").status_code == 200


def test_permission_changes_apply_to_the_next_request(api: httpx.Client, embedded: Target) -> None:
    view = {"domain": "routing", "entityName": "queue", "actionSet": ["view"]}
    role = api.post("/api/v2/authorization/roles", json={"name": "Queue view", "permissionPolicies": [view]})
    client = api.post(
        "/api/v2/oauth/clients",
        json={
            "name": "viewer",
            "authorizedGrantType": "CLIENT-CREDENTIALS",
            "roleDivisions": [{"roleId": role.json()["id"]}],
        },
    ).json()
    with embedded.client(embedded.token(client["id"], client["secret"])) as viewer:
        assert viewer.get("/api/v2/routing/queues").status_code == 200
        api.post("/api/v2/groups", json={"name": "unrelated write"})  # keeps the cached caller
        assert viewer.get("/api/v2/routing/queues").status_code == 200
        api.put(f"/api/v2/authorization/roles/{role.json()['id']}", json={"name": "Queue view"})
        assert viewer.get("/api/v2/routing/queues").status_code == 403  # the role lost the permission
        api.put(
            f"/api/v2/authorization/roles/{role.json()['id']}",
            json={"name": "Queue view", "permissionPolicies": [view]},
        )
        assert viewer.get("/api/v2/routing/queues").status_code == 200
        client["state"] = "disabled"
        assert api.put(f"/api/v2/oauth/clients/{client['id']}", json=client).status_code == 200
        assert viewer.get("/api/v2/routing/queues").status_code == 401


def test_wildcard_policies_grant_whole_domains(api: httpx.Client, embedded: Target) -> None:
    with limited_client(api, embedded, "directory:group:*") as groups_admin:
        created = groups_admin.post("/api/v2/groups", json={"name": "by wildcard"})
        assert created.status_code == 200
        assert groups_admin.delete(f"/api/v2/groups/{created.json()['id']}").status_code == 204
        assert groups_admin.post("/api/v2/authorization/roles", json={"name": "x"}).status_code == 403


def test_role_crud_with_unique_names_and_policies(api: httpx.Client) -> None:
    body = {
        "name": "eMite Data Integration",
        "description": "eMite adapter",
        "permissionPolicies": [
            {"domain": "analytics", "entityName": "conversationDetail", "actionSet": ["view"]},
            {"domain": "routing", "entityName": "queue", "actionSet": ["view", "join", "search"]},
        ],
    }
    role = api.post("/api/v2/authorization/roles", json=body).json()
    assert role["userCount"] == 0 and len(role["permissionPolicies"]) == 2
    assert api.post("/api/v2/authorization/roles", json={"name": "EMITE DATA INTEGRATION"}).status_code == 409
    body["permissionPolicies"].append({"domain": "wfm", "entityName": "agent", "actionSet": ["view", "edit"]})
    updated = api.put(f"/api/v2/authorization/roles/{role['id']}", json=body).json()
    assert {p["domain"] for p in updated["permissionPolicies"]} == {"analytics", "routing", "wfm"}
    by_permission = api.get("/api/v2/authorization/roles", params={"permission": "wfm:agent:edit"}).json()
    matching = {r["name"] for r in by_permission["entities"]}
    assert matching == {"eMite Data Integration", "admin"}  # admin holds *:*:*
    assert api.delete(f"/api/v2/authorization/roles/{role['id']}").status_code == 204
    assert api.get(f"/api/v2/authorization/roles/{role['id']}").status_code == 404


def test_bad_policy_body_names_the_field(api: httpx.Client) -> None:
    response = api.post(
        "/api/v2/authorization/roles",
        json={
            "name": "r",
            "permissionPolicies": [{"domain": "routing", "entityName": "queue", "actionSet": []}],
        },
    )
    assert response.status_code == 400
    assert response.json()["details"][0]["fieldName"] == "permissionPolicies[0].actionSet"


def test_default_roles_restore_by_id_or_default_role_id(api: httpx.Client) -> None:
    journey = {"domain": "journey", "entityName": "session", "actionSet": ["view"]}
    roles = api.get("/api/v2/authorization/roles", params={"defaultRoleId": ["employee", "supervisor"]})
    by_default = {r["defaultRoleId"]: r for r in roles.json()["entities"]}
    employee, supervisor = by_default["employee"], by_default["supervisor"]
    for role in (employee, supervisor):
        edited = api.put(
            f"/api/v2/authorization/roles/{role['id']}",
            json={"name": f"{role['name']} (edited)", "permissionPolicies": [journey]},
        )
        assert edited.json()["permissionPolicies"] == [journey]

    # PUT .../default restores what it names (by defaultRoleId or by id) and nothing else.
    restored = api.put("/api/v2/authorization/roles/default", json=[{"defaultRoleId": "employee"}])
    assert restored.status_code == 200
    assert [r["id"] for r in restored.json()["entities"]] == [employee["id"]]
    after = api.get(f"/api/v2/authorization/roles/{employee['id']}").json()
    assert (after["name"], after["permissionPolicies"]) == (employee["name"], employee["permissionPolicies"])
    still = api.get(f"/api/v2/authorization/roles/{supervisor['id']}").json()
    assert still["permissionPolicies"] == [journey]
    api.put("/api/v2/authorization/roles/default", json=[{"id": supervisor["id"]}])
    back = api.get(f"/api/v2/authorization/roles/{supervisor['id']}").json()
    assert back["permissionPolicies"] == supervisor["permissionPolicies"]

    custom = api.post("/api/v2/authorization/roles", json={"name": "Custom"}).json()
    refused = api.put("/api/v2/authorization/roles/default", json=[{"id": custom["id"]}])
    assert refused.status_code == 400 and refused.json()["details"][0]["fieldName"] == "[0].defaultRoleId"

    # POST .../default?force=true restores every built-in role.
    employee_uri = f"/api/v2/authorization/roles/{employee['id']}"
    api.put(employee_uri, json={"name": "x", "permissionPolicies": [journey]})
    api.post("/api/v2/authorization/roles/default", params={"force": "true"})
    assert journey not in api.get(employee_uri).json()["permissionPolicies"]
    assert api.delete(employee_uri).status_code == 400


def test_grants_bulk_add_remove_and_user_roles(api: httpx.Client) -> None:
    user = api.post("/api/v2/users", json={"name": "Agent", "email": "agent@example.com"}).json()
    role = api.post("/api/v2/authorization/roles", json={"name": "Grantable"}).json()
    home = api.get("/api/v2/authorization/divisions/home").json()
    add = api.post(
        f"/api/v2/authorization/subjects/{user['id']}/bulkadd",
        json={
            "grants": [
                {"roleId": role["id"], "divisionId": home["id"]},
                {"roleId": role["id"], "divisionId": "*"},
            ]
        },
    )
    assert add.status_code == 204
    subject = api.get(f"/api/v2/authorization/subjects/{user['id']}").json()
    assert {g["division"]["id"] for g in subject["grants"]} == {home["id"], "*"}
    assert api.get(f"/api/v2/authorization/roles/{role['id']}").json()["userCount"] == 1
    assert api.delete(f"/api/v2/authorization/roles/{role['id']}").status_code == 409
    api.post(
        f"/api/v2/authorization/subjects/{user['id']}/bulkremove",
        json={"grants": [{"roleId": role["id"], "divisionId": "*"}]},
    )
    assert len(api.get(f"/api/v2/authorization/subjects/{user['id']}").json()["grants"]) == 1
    employee = api.get("/api/v2/authorization/roles", params={"defaultRoleId": "employee"}).json()[
        "entities"
    ][0]
    roles = api.put(f"/api/v2/users/{user['id']}/roles", json=[employee["id"]]).json()
    assert [r["id"] for r in roles["roles"]] == [employee["id"]]
    assert "directory:user:view" in roles["permissions"]
    unknown = api.post(
        f"/api/v2/authorization/subjects/{user['id']}/bulkadd",
        json={"grants": [{"roleId": "nope", "divisionId": "*"}]},
    )
    assert unknown.status_code == 400 and unknown.json()["details"][0]["fieldName"] == "grants[0].roleId"


def test_divisions_crud_and_delete_rules(api: httpx.Client) -> None:
    division = api.post("/api/v2/authorization/divisions", json={"name": "Sales", "description": "d"}).json()
    assert api.post("/api/v2/authorization/divisions", json={"name": "sales"}).status_code == 409
    api.post("/api/v2/routing/skills", json={"name": "In Sales", "divisionId": division["id"]})
    counted = api.get(
        f"/api/v2/authorization/divisions/{division['id']}", params={"objectCount": "true"}
    ).json()
    assert counted["objectCounts"] == {"SKILL": 1}
    assert api.delete(f"/api/v2/authorization/divisions/{division['id']}").status_code == 400
    home = api.get("/api/v2/authorization/divisions/home").json()
    assert api.delete(f"/api/v2/authorization/divisions/{home['id']}").status_code == 400
    found = api.get("/api/v2/authorization/divisions", params={"name": "ale"}).json()
    assert [d["name"] for d in found["entities"]] == ["Sales"]


def test_permission_catalog_lists_domains_and_filters(api: httpx.Client) -> None:
    listing = api.get("/api/v2/authorization/permissions", params={"pageSize": 100}).json()
    domains = {c["domain"] for c in listing["entities"]}
    assert {"integrations", "routing", "analytics", "wfm", "journey"} <= domains
    routing = api.get(
        "/api/v2/authorization/permissions", params={"queryType": "domain", "query": "routing"}
    ).json()
    queue = routing["entities"][0]["permissionMap"]["queue"]
    assert {"view", "join", "search"} <= {p["action"] for p in queue}
    assert next(p for p in queue if p["action"] == "view")["divisionAware"] is True


def test_paging_envelope_and_silent_caps(api: httpx.Client) -> None:
    for i in range(3):
        api.post("/api/v2/routing/languages", json={"name": f"Lang {i}"})
    page = api.get(
        "/api/v2/routing/languages", params={"pageSize": 2, "pageNumber": 1, "name": "Lang"}
    ).json()
    assert (page["total"], page["pageCount"], len(page["entities"])) == (3, 2, 2)
    assert page["nextUri"] == "/api/v2/routing/languages?name=Lang&pageSize=2&pageNumber=2"
    assert "previousUri" not in page
    second = api.get(page["nextUri"]).json()
    assert [e["name"] for e in second["entities"]] == ["Lang 2"] and "nextUri" not in second
    capped = api.get("/api/v2/routing/languages", params={"pageSize": 100_000}).json()
    assert capped["pageSize"] == 500
    zero = api.get("/api/v2/routing/languages", params={"pageSize": 0})
    assert zero.status_code == 400 and zero.json()["details"][0]["fieldName"] == "pageSize"
    junk = api.get("/api/v2/routing/languages", params={"pageNumber": "two"})
    assert junk.status_code == 400 and junk.json()["details"][0]["fieldName"] == "pageNumber"
