"""Integrations: type catalog, config versioning and validation, state, credentials, UC apps."""

from __future__ import annotations

import httpx

EMITE_URL = "https://useast-cloud.emite.com/emite/acme/Auth/OAuthPureCloud?org=acme"


def _install(api: httpx.Client, type_id: str, name: str | None = None) -> dict:
    body: dict = {"integrationType": {"id": type_id}}
    if name:
        body["name"] = name
    response = api.post("/api/v2/integrations", json=body)
    assert response.status_code == 200, response.text
    return response.json()


def test_type_catalog_and_config_schema(api: httpx.Client) -> None:
    types = api.get("/api/v2/integrations/types", params={"pageSize": 100}).json()
    ids = {t["id"] for t in types["entities"]}
    assert {"embedded-client-app", "purecloud-data-actions", "eight-by-eight", "microsoft-teams"} <= ids
    app = api.get("/api/v2/integrations/types/embedded-client-app").json()
    assert app["provider"] == "clientapps" and app["name"] == "Client Application"
    schema = api.get(app["configPropertiesSchemaUri"]).json()
    assert {"url", "displayType", "sandbox", "groups"} <= set(schema["properties"])
    assert schema["required"] == ["url"]
    assert api.get("/api/v2/integrations/types/no-such-type").status_code == 404


def test_client_app_lifecycle_with_versioned_config(api: httpx.Client) -> None:
    group = api.post("/api/v2/groups", json={"name": "emite_Access"}).json()
    integration = _install(api, "embedded-client-app")
    assert integration["intendedState"] == "DISABLED"
    assert integration["name"] == "Client Application"
    config = api.get(f"/api/v2/integrations/{integration['id']}/config/current").json()
    assert config["version"] == 1
    properties = {
        "url": EMITE_URL,
        "displayType": "standalone",
        "sandbox": "allow-scripts,allow-same-origin,allow-forms,allow-modals,allow-popups,allow-downloads",
        "groups": [group["id"]],
    }
    saved = api.put(
        f"/api/v2/integrations/{integration['id']}/config/current",
        json={
            "name": "eMite Advanced Analytics",
            "version": 1,
            "properties": properties,
            "advanced": {},
            "notes": "",
            "credentials": {},
        },
    ).json()
    assert saved["version"] == 2 and saved["properties"] == properties
    stale = api.put(
        f"/api/v2/integrations/{integration['id']}/config/current",
        json={"version": 1, "properties": properties},
    )
    assert stale.status_code == 409 and "does not match the current version" in stale.json()["message"]
    enabled = api.patch(f"/api/v2/integrations/{integration['id']}", json={"intendedState": "ENABLED"}).json()
    assert (enabled["name"], enabled["reportedState"]["code"]) == ("eMite Advanced Analytics", "ACTIVE")
    deleted = api.delete(f"/api/v2/integrations/{integration['id']}")
    assert deleted.status_code == 200 and deleted.json()["id"] == integration["id"]
    assert api.get(f"/api/v2/integrations/{integration['id']}").status_code == 404


def test_config_properties_are_checked_against_the_schema(api: httpx.Client) -> None:
    integration = _install(api, "embedded-client-app")
    path = f"/api/v2/integrations/{integration['id']}/config/current"
    cases = [
        ({"displayType": "standalone"}, "properties.url"),
        ({"url": "not a url"}, "properties.url"),
        ({"url": EMITE_URL, "displayType": "fullscreen"}, "properties.displayType"),
        ({"url": EMITE_URL, "sandbox": "allow-scripts,allow-everything"}, "properties.sandbox"),
        ({"url": EMITE_URL, "groups": ["no-such-group"]}, "properties.groups[0]"),
        ({"url": EMITE_URL, "colour": "red"}, "properties.colour"),
    ]
    for properties, field in cases:
        response = api.put(path, json={"version": 1, "properties": properties})
        assert response.status_code == 400, (properties, response.text)
        assert response.json()["details"][0]["fieldName"] == field
    assert api.get(path).json()["version"] == 1  # nothing was written


def test_enabling_an_unconfigured_integration_reports_error(api: httpx.Client) -> None:
    integration = _install(api, "embedded-client-app")
    enabled = api.patch(f"/api/v2/integrations/{integration['id']}", json={"intendedState": "ENABLED"}).json()
    assert enabled["reportedState"]["code"] == "ERROR"
    assert "url" in enabled["reportedState"]["detail"]["message"]
    bad = api.patch(f"/api/v2/integrations/{integration['id']}", json={"intendedState": "ON"})
    assert bad.status_code == 400 and bad.json()["code"] == "invalid.value"


def test_credentials_keep_secrets_write_only(api: httpx.Client) -> None:
    created = api.post(
        "/api/v2/integrations/credentials",
        json={
            "name": "data actions",
            "type": {"name": "pureCloudOAuthClient"},
            "credentialFields": {"clientId": "abc", "clientSecret": "top-secret"},
        },
    ).json()
    fetched = api.get(f"/api/v2/integrations/credentials/{created['id']}").json()
    assert fetched["credentialFields"] == {"clientId": "abc"}
    assert "top-secret" not in str(api.get("/api/v2/integrations/credentials").json())
    missing = api.post(
        "/api/v2/integrations/credentials",
        json={"type": {"name": "basicAuth"}, "credentialFields": {"userName": "u"}},
    )
    assert (
        missing.status_code == 400
        and missing.json()["details"][0]["fieldName"] == "credentialFields.password"
    )
    actions = _install(api, "purecloud-data-actions")
    path = f"/api/v2/integrations/{actions['id']}/config/current"
    without = api.put(path, json={"version": 1, "properties": {}})
    assert (
        without.status_code == 400
        and without.json()["details"][0]["fieldName"] == "credentials.pureCloudOAuthClient"
    )
    linked = api.put(
        path,
        json={"version": 1, "properties": {}, "credentials": {"pureCloudOAuthClient": {"id": created["id"]}}},
    ).json()
    assert linked["credentials"]["pureCloudOAuthClient"]["id"] == created["id"]
    assert api.delete(f"/api/v2/integrations/credentials/{created['id']}").status_code == 409
    types = {t["name"] for t in api.get("/api/v2/integrations/credentials/types").json()}
    assert {"pureCloudOAuthClient", "basicAuth"} <= types


def test_uc_integration_is_a_client_app_and_ingests_presence(api: httpx.Client) -> None:
    user = api.post("/api/v2/users", json={"name": "UC User", "email": "uc.user@example.com"}).json()
    uc = _install(api, "eight-by-eight", name="8x8")
    second = api.post("/api/v2/integrations", json={"integrationType": {"id": "eight-by-eight"}})
    assert second.status_code == 400  # one instance per org
    apps = api.get("/api/v2/integrations/unifiedcommunications/clientapps").json()
    app = next(a for a in apps["entities"] if a["id"] == uc["id"])
    assert app["integrationPresenceSource"] == "EightByEight"
    assert "integration:eightByEight:view" in app["userPermissions"]
    path = f"/api/v2/integrations/unifiedcommunications/{uc['id']}/thirdpartypresences"
    body = [
        {"email": "UC.User@example.com", "presence": "Busy", "message": "on a call"},
        {"email": "nobody@example.com", "presence": "Available"},
    ]
    assert api.put(path, json=body).status_code == 400  # the integration is not active yet
    api.patch(f"/api/v2/integrations/{uc['id']}", json={"intendedState": "ENABLED"})
    accepted = api.put(path, json=body)
    assert accepted.status_code == 202 and accepted.json() == "Accepted 1 of 2 presences"
    presence = api.get(f"/api/v2/users/{user['id']}/presences/eightbyeight").json()
    assert (presence["presenceDefinition"]["systemPresence"], presence["message"]) == ("Busy", "on a call")
    listed = api.get(
        "/api/v2/users", params={"integrationPresenceSource": "EightByEight", "expand": "integrationPresence"}
    )
    mine = next(u for u in listed.json()["entities"] if u["id"] == user["id"])
    assert mine["integrationPresence"]["presenceDefinition"]["systemPresence"] == "Busy"
    unknown = api.put(path, json=[{"email": "uc.user@example.com", "presence": "Dancing"}])
    assert unknown.status_code == 400 and unknown.json()["details"][0]["fieldName"] == "[0].presence"
