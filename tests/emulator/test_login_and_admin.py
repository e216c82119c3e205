"""Orgs, the token endpoint, bearer checks, rate limits and faults, over real HTTP.

The `target` tests run twice: against the embedded server and a `gcx emulator serve` process.
"""

from __future__ import annotations

import time

import httpx

from gcx.emulator import EmulatorServer
from gcx.emulator.settings import FaultSettings
from tests.emulator.conftest import Target


def test_new_org_is_seeded_and_its_bootstrap_client_can_sign_in(target: Target) -> None:
    org = target.create_org("Seeded Org", region="eu-west-1")
    assert org["shortName"] == "seededorg"
    assert org["region"] == "eu-west-1"
    with target.client(target.token(org["clientId"], org["clientSecret"])) as api:
        me = api.get("/api/v2/organizations/me").json()
        assert (me["id"], me["thirdPartyOrgName"], me["defaultCountryCode"]) == (
            org["orgId"],
            "seededorg",
            "IE",
        )
        home = api.get("/api/v2/authorization/divisions/home").json()
        assert home["homeDivision"] is True
        roles = api.get("/api/v2/authorization/roles", params={"pageSize": 100}).json()
        assert {"admin", "employee"} <= {r["defaultRoleId"] for r in roles["entities"]}
        products = api.get("/api/v2/authorization/products").json()
        assert products["total"] == len(products["entities"]) > 0
        token_info = api.get("/api/v2/tokens/me").json()
        assert token_info["OAuthClient"]["organization"]["id"] == org["orgId"]
        assert token_info["OAuthClient"]["id"] == org["clientId"]
        presences = api.get("/api/v2/presence/definitions").json()
        assert {"Available", "Offline", "OnQueue"} <= {p["systemPresence"] for p in presences["entities"]}


def test_short_names_are_unique_lower_case_and_listed_without_secrets(target: Target) -> None:
    first = target.create_org("Twin Co")
    second = target.create_org("Twin Co")
    assert first["shortName"] != second["shortName"]
    taken = httpx.post(f"{target.url}/_emulator/orgs", json={"name": "x", "shortName": first["shortName"]})
    assert taken.status_code == 409
    bad = httpx.post(f"{target.url}/_emulator/orgs", json={"name": "x", "shortName": "Not Lower"})
    assert bad.status_code == 400 and bad.json()["details"][0]["fieldName"] == "shortName"
    listed = httpx.get(f"{target.url}/_emulator/orgs", params={"shortName": first["shortName"]}).json()
    assert [o["orgId"] for o in listed["entities"]] == [first["orgId"]]
    assert "clientSecret" not in str(listed) and first["clientSecret"] not in str(listed)


def test_unknown_region_is_rejected_naming_the_field(embedded: Target) -> None:
    response = httpx.post(f"{embedded.url}/_emulator/orgs", json={"name": "x", "region": "eu-west-9"})
    assert response.status_code == 400
    assert response.json()["details"][0]["fieldName"] == "region"
    assert "eu-west-1" in response.json()["message"]


def test_bootstrap_client_credentials_can_be_chosen(embedded: Target) -> None:
    org = embedded.create_org(
        bootstrapClient={"clientId": "dev-stack-client", "clientSecret": "s3cret-value"}
    )
    assert org["clientId"] == "dev-stack-client"
    assert embedded.token("dev-stack-client", "s3cret-value")
    again = httpx.post(
        f"{embedded.url}/_emulator/orgs",
        json={
            "name": "y",
            "bootstrapClient": {"clientId": "dev-stack-client", "clientSecret": "other-secret"},
        },
    )
    assert again.status_code == 409


def test_token_errors_use_the_login_service_shape(target: Target) -> None:
    org = target.create_org()
    url = f"{target.url}/oauth/token"
    wrong = httpx.post(url, data={"grant_type": "client_credentials"}, auth=(org["clientId"], "nope"))
    assert wrong.status_code == 401 and wrong.json()["error"] == "invalid_client"
    assert set(wrong.json()) == {"error", "description", "error_description"}
    unsupported = httpx.post(url, data={"grant_type": "magic"}, auth=(org["clientId"], org["clientSecret"]))
    assert unsupported.status_code == 400 and unsupported.json()["error"] == "unsupported_grant_type"
    json_body = httpx.post(
        url, json={"grant_type": "client_credentials"}, auth=(org["clientId"], org["clientSecret"])
    )
    assert json_body.status_code == 400 and json_body.json()["error"] == "invalid_request"
    ok = httpx.post(
        url, data={"grant_type": "client_credentials"}, auth=(org["clientId"], org["clientSecret"])
    )
    assert ok.json()["token_type"] == "bearer" and ok.json()["expires_in"] >= 3600


def test_bearer_token_is_required_and_bound_to_its_org(embedded: Target) -> None:
    first, second = embedded.create_org(), embedded.create_org()
    with embedded.client() as anonymous:
        missing = anonymous.get("/api/v2/organizations/me")
        assert missing.status_code == 401 and missing.json()["code"] == "authentication.required"
        assert missing.json()["contextId"]
    with embedded.client("not-a-token") as forged:
        assert forged.get("/api/v2/organizations/me").json()["code"] == "bad.credentials"
    with embedded.client(embedded.token(second["clientId"], second["clientSecret"])) as api:
        assert api.get("/api/v2/organizations/me").json()["id"] == second["orgId"] != first["orgId"]


def test_revoked_token_stops_working(api: httpx.Client) -> None:
    assert api.delete("/api/v2/tokens/me").status_code == 204
    assert api.get("/api/v2/organizations/me").json()["code"] == "bad.credentials"


def test_rate_limit_answers_429_with_integer_retry_after() -> None:
    with EmulatorServer(rate_limit_per_minute=3) as emu:
        target = Target(emu.url)
        org = target.create_org()
        with target.client(target.token(org["clientId"], org["clientSecret"])) as api:
            statuses = [api.get("/api/v2/organizations/me").status_code for _ in range(4)]
            assert statuses == [200, 200, 200, 429]
            limited = api.get("/api/v2/organizations/me")
            assert limited.json()["code"] == "too.many.requests"
            assert 1 <= int(limited.headers["Retry-After"]) <= 60
        throttled_login = [
            httpx.post(
                f"{emu.url}/oauth/token",
                data={"grant_type": "client_credentials"},
                auth=(org["clientId"], org["clientSecret"]),
            )
            for _ in range(3)
        ][-1]
        assert throttled_login.status_code == 400
        assert throttled_login.json()["error_description"].startswith("rate limit exceeded;")


def test_faults_can_be_switched_on_and_off_at_run_time() -> None:
    with EmulatorServer(faults=FaultSettings(error_rate=1.0, seed=7)) as emu:
        target = Target(emu.url)
        org = target.create_org()
        login = httpx.post(
            f"{emu.url}/oauth/token",
            data={"grant_type": "client_credentials"},
            auth=(org["clientId"], org["clientSecret"]),
        )
        assert login.status_code == 503 and login.json()["code"] == "service.unavailable"
        httpx.put(f"{emu.url}/_emulator/settings", json={"errorRate": 0, "readAfterWriteLagMs": 300})
        with target.client(target.token(org["clientId"], org["clientSecret"])) as api:
            group = api.post("/api/v2/groups", json={"name": "lagging"}).json()
            assert api.get(f"/api/v2/groups/{group['id']}").status_code == 404
            time.sleep(0.35)
            assert api.get(f"/api/v2/groups/{group['id']}").status_code == 200
        settings = httpx.get(f"{emu.url}/_emulator/settings").json()
        assert settings["faults"]["readAfterWriteLagMs"] == 300


def test_stats_count_requests_per_route_template(embedded: Target) -> None:
    org = embedded.create_org()
    httpx.delete(f"{embedded.url}/_emulator/stats")
    with embedded.client(embedded.token(org["clientId"], org["clientSecret"])) as api:
        for _ in range(2):
            api.get(f"/api/v2/authorization/divisions/{'x' * 8}")
    counts = {
        (r["method"], r["route"]): r["count"]
        for r in httpx.get(f"{embedded.url}/_emulator/stats").json()["requests"]
    }
    assert counts[("GET", "/api/v2/authorization/divisions/{divisionId}")] >= 2
    assert counts[("POST", "/oauth/token")] >= 1


def test_reset_removes_every_org() -> None:
    with EmulatorServer() as emu:
        target = Target(emu.url)
        org = target.create_org()
        assert httpx.post(f"{emu.url}/_emulator/reset").status_code == 204
        assert httpx.get(f"{emu.url}/_emulator/orgs").json()["total"] == 0
        gone = httpx.post(
            f"{emu.url}/oauth/token",
            data={"grant_type": "client_credentials"},
            auth=(org["clientId"], org["clientSecret"]),
        )
        assert gone.status_code == 401


def test_tokens_expire_after_the_client_validity() -> None:
    with EmulatorServer() as emu:
        target = Target(emu.url)
        org = target.create_org()
        with target.client(target.token(org["clientId"], org["clientSecret"])) as api:
            assert api.get("/api/v2/organizations/me").status_code == 200
            assert emu.app is not None
            auth = emu.app.state.emulator.auth
            auth.clock = lambda: time.time() + 86_400 + 1  # one second past the default validity
            expired = api.get("/api/v2/organizations/me")
            assert expired.status_code == 401 and expired.json()["code"] == "credentials.expired"


def test_organization_update_and_authentication_settings(api: httpx.Client) -> None:
    me = api.get("/api/v2/organizations/me").json()
    renamed = api.put("/api/v2/organizations/me", json={"name": "Renamed", "version": me["version"]}).json()
    assert (renamed["name"], renamed["version"]) == ("Renamed", me["version"] + 1)
    stale = api.put("/api/v2/organizations/me", json={"name": "Again", "version": me["version"]})
    assert stale.status_code == 409
    short = api.put(
        "/api/v2/organizations/me", json={"thirdPartyOrgName": "other", "version": renamed["version"]}
    )
    assert short.status_code == 400 and short.json()["details"][0]["fieldName"] == "thirdPartyOrgName"
    settings = api.get("/api/v2/organizations/authentication/settings").json()
    assert settings["passwordRequirements"]["minimumLength"] == 8
    patched = api.patch(
        "/api/v2/organizations/authentication/settings",
        json={
            "domainAllowlistEnabled": True,
            "domainAllowlist": ["apps.example.com"],
            "passwordRequirements": {"minimumLength": 12},
        },
    ).json()
    assert patched["domainAllowlist"] == ["apps.example.com"]
    assert patched["passwordRequirements"]["minimumLength"] == 12
    assert patched["passwordRequirements"]["minimumDigits"] == 1  # untouched fields are kept
    too_short = api.patch(
        "/api/v2/organizations/authentication/settings", json={"passwordRequirements": {"minimumLength": 4}}
    )
    assert too_short.json()["details"][0]["fieldName"] == "passwordRequirements.minimumLength"
    weak = api.post("/api/v2/users", json={"name": "W", "email": "w@example.com", "password": "elevenchars"})
    assert weak.status_code == 400 and "12" in weak.json()["message"]
