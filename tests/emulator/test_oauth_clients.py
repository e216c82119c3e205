"""OAuth clients: grant-type rules, token validity bounds, secret exposure and the delete lifecycle."""

from __future__ import annotations

import httpx
import pytest

from tests.emulator.conftest import Target


def _client(api: httpx.Client, **fields: object) -> httpx.Response:
    body = {"name": "client", "authorizedGrantType": "CLIENT-CREDENTIALS", **fields}
    if body["authorizedGrantType"] == "CLIENT-CREDENTIALS" and "roleDivisions" not in body:
        admin = api.get("/api/v2/authorization/roles", params={"defaultRoleId": "admin"}).json()["entities"][
            0
        ]
        body["roleDivisions"] = [{"roleId": admin["id"], "divisionId": "*"}]
    return api.post("/api/v2/oauth/clients", json=body)


def test_secret_is_shown_on_create_and_regenerate_only(api: httpx.Client, embedded: Target) -> None:
    created = _client(api, name="emite_APIdata").json()
    assert created["secret"] and created["state"] == "active"
    assert created["accessTokenValiditySeconds"] == 86_400
    assert "secret" not in api.get(f"/api/v2/oauth/clients/{created['id']}").json()
    assert all("secret" not in c for c in api.get("/api/v2/oauth/clients").json()["entities"])
    regenerated = api.post(f"/api/v2/oauth/clients/{created['id']}/secret").json()
    assert regenerated["secret"] != created["secret"]
    old = httpx.post(
        f"{embedded.url}/oauth/token",
        data={"grant_type": "client_credentials"},
        auth=(created["id"], created["secret"]),
    )
    assert old.status_code == 401
    assert embedded.token(created["id"], regenerated["secret"])


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"authorizedGrantType": "CLIENT-CREDENTIALS", "roleDivisions": []}, "roleDivisions"),
        ({"authorizedGrantType": "CODE", "scope": []}, "scope"),
        ({"authorizedGrantType": "CODE", "scope": ["users:readonly"]}, "registeredRedirectUri"),
        (
            {
                "authorizedGrantType": "TOKEN",
                "scope": ["user:readonly"],
                "registeredRedirectUri": ["https://x.example"],
            },
            "scope",
        ),
        (
            {"authorizedGrantType": "SAML2-BEARER", "scope": ["users"], "roleDivisions": [{"roleId": "r"}]},
            "roleDivisions",
        ),
        ({"accessTokenValiditySeconds": 299}, "accessTokenValiditySeconds"),
        (
            {"authorizedGrantType": "PASSWORD", "scope": ["users"], "accessTokenValiditySeconds": 172_801},
            "accessTokenValiditySeconds",
        ),
        ({"authorizedGrantType": "IMPLICIT"}, "authorizedGrantType"),
        ({"roleDivisions": [{"roleId": "no-such-role"}]}, "roleDivisions[0].roleId"),
    ],
)
def test_grant_rules_reject_bad_clients_naming_the_field(api: httpx.Client, fields: dict, field: str) -> None:
    response = _client(api, **fields)
    assert response.status_code == 400, response.text
    assert response.json()["details"][0]["fieldName"] == field


def test_each_grant_type_is_accepted_with_its_own_fields(api: httpx.Client) -> None:
    code = _client(
        api,
        name="emite_SSO",
        authorizedGrantType="CODE",
        scope=["groups:readonly", "users:readonly"],
        registeredRedirectUri=["https://useast-cloud.emite.com/emite/acme/Auth/OAuthPureCloud?org=acme"],
    )
    saml = _client(api, name="wde", authorizedGrantType="SAML2BEARER", scope=["users"])
    implicit = _client(
        api,
        name="spa",
        authorizedGrantType="TOKEN",
        scope=["users"],
        registeredRedirectUri=["https://apps.mypurecloud.com"],
    )
    password = _client(api, name="pw", authorizedGrantType="PASSWORD", scope=["users"])
    scim = _client(api, name="scim", accessTokenValiditySeconds=38_880_000)
    assert [r.status_code for r in (code, saml, implicit, password, scim)] == [200] * 5
    assert saml.json()["authorizedGrantType"] == "SAML2-BEARER"
    assert code.json()["roleDivisions"] == [] and scim.json()["scope"] == []


def test_role_divisions_default_to_the_home_division(api: httpx.Client) -> None:
    admin = api.get("/api/v2/authorization/roles", params={"defaultRoleId": "admin"}).json()["entities"][0]
    home = api.get("/api/v2/authorization/divisions/home").json()
    created = _client(api, roleDivisions=[{"roleId": admin["id"]}]).json()
    assert created["roleDivisions"] == [{"roleId": admin["id"], "divisionId": home["id"]}]


def test_inactive_then_delete_then_404_and_dead_tokens(api: httpx.Client, embedded: Target) -> None:
    created = _client(api, name="PureEngage Client Credentials").json()
    token = embedded.token(created["id"], created["secret"])
    body = {k: created[k] for k in ("name", "authorizedGrantType", "roleDivisions")} | {"state": "inactive"}
    assert api.put(f"/api/v2/oauth/clients/{created['id']}", json=body).json()["state"] == "inactive"
    refused = httpx.post(
        f"{embedded.url}/oauth/token",
        data={"grant_type": "client_credentials"},
        auth=(created["id"], created["secret"]),
    )
    assert refused.status_code == 400 and refused.json()["error"] == "invalid_client"
    assert api.delete(f"/api/v2/oauth/clients/{created['id']}").status_code == 204
    assert api.get(f"/api/v2/oauth/clients/{created['id']}").status_code == 404
    with embedded.client(token) as orphan:
        assert orphan.get("/api/v2/organizations/me").status_code == 401


def test_scope_catalog_is_served(api: httpx.Client) -> None:
    scopes = api.get("/api/v2/oauth/scopes").json()
    names = {s["id"] for s in scopes["entities"]}
    assert {"integrations:readonly", "users", "user-basic-info"} <= names
    assert api.get("/api/v2/oauth/scopes/users:readonly").json()["id"] == "users:readonly"
