"""Queues (members, wrap-up codes), skills, languages, presence and SMS numbers."""

from __future__ import annotations

import time

import httpx
import pytest

from tests.emulator.conftest import Target


def test_queue_with_defaults_members_and_wrapup_codes(api: httpx.Client) -> None:
    queue = api.post(
        "/api/v2/routing/queues", json={"name": "Support", "acwSettings": {"timeoutMs": 60_000}}
    ).json()
    assert queue["skillEvaluationMethod"] == "ALL" and queue["scoringMethod"] == "TimestampAndPriority"
    assert queue["acwSettings"] == {"wrapupPrompt": "MANDATORY_TIMEOUT", "timeoutMs": 60_000}
    assert queue["mediaSettings"]["call"]["alertingTimeoutSeconds"] == 8
    assert api.post("/api/v2/routing/queues", json={"name": "support"}).status_code == 409
    users = [
        api.post("/api/v2/users", json={"name": f"Agent {i}", "email": f"a{i}@example.com"}).json()
        for i in range(2)
    ]
    path = f"/api/v2/routing/queues/{queue['id']}"
    assert api.post(f"{path}/members", json=[{"id": u["id"]} for u in users]).status_code == 204
    api.patch(f"{path}/members", json=[{"id": users[0]["id"], "joined": True, "ringNumber": 2}])
    members = api.get(f"{path}/members").json()["entities"]
    assert {(m["id"], m["joined"], m["ringNumber"]) for m in members} == {
        (users[0]["id"], True, 2),
        (users[1]["id"], False, 1),
    }
    counts = api.get(path).json()
    assert (counts["memberCount"], counts["joinedMemberCount"]) == (2, 1)
    api.post(f"{path}/members", params={"delete": "true"}, json=[{"id": users[1]["id"]}])
    assert [m["id"] for m in api.get(f"{path}/members").json()["entities"]] == [users[0]["id"]]
    mine = api.get(f"/api/v2/users/{users[0]['id']}/queues").json()["entities"]
    assert [(q["id"], q["joined"]) for q in mine] == [(queue["id"], True)]
    code = api.post("/api/v2/routing/wrapupcodes", json={"name": "Resolved"}).json()
    added = api.post(f"{path}/wrapupcodes", json=[{"id": code["id"]}]).json()
    assert [c["name"] for c in added] == ["Resolved"]
    assert [c["id"] for c in api.get(f"{path}/wrapupcodes").json()["entities"]] == [code["id"]]
    api.delete(f"/api/v2/routing/wrapupcodes/{code['id']}")
    assert api.get(f"{path}/wrapupcodes").json()["entities"] == []
    assert api.delete(path).status_code == 204 and api.get(path).status_code == 404


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (
            {"name": "q", "mediaSettings": {"call": {"alertingTimeoutSeconds": 3}}},
            "mediaSettings.call.alertingTimeoutSeconds",
        ),
        (
            {"name": "q", "mediaSettings": {"chat": {"serviceLevel": {"percentage": 1.5}}}},
            "mediaSettings.chat.serviceLevel.percentage",
        ),
        ({"name": "q", "acwSettings": {"wrapupPrompt": "SOMETIMES"}}, "acwSettings.wrapupPrompt"),
        ({"name": "q", "skillEvaluationMethod": "MOST"}, "skillEvaluationMethod"),
        ({"name": "q", "division": {"id": "no-such-division"}}, "division.id"),
        ({"name": ""}, "name"),
    ],
)
def test_queue_validation_names_the_field(api: httpx.Client, body: dict, field: str) -> None:
    response = api.post("/api/v2/routing/queues", json=body)
    assert response.status_code == 400, response.text
    assert response.json()["details"][0]["fieldName"] == field


def test_queue_name_filter_and_skill_prefix_filter(api: httpx.Client) -> None:
    for name in ("Sales EN", "Sales FR", "Billing"):
        api.post("/api/v2/routing/queues", json={"name": name})
        api.post("/api/v2/routing/skills", json={"name": name})
    exact = api.get("/api/v2/routing/queues", params={"name": "sales en"}).json()
    assert [q["name"] for q in exact["entities"]] == ["Sales EN"]
    wildcard = api.get("/api/v2/routing/queues", params={"name": "Sales*"}).json()
    assert [q["name"] for q in wildcard["entities"]] == ["Sales EN", "Sales FR"]
    prefix = api.get("/api/v2/routing/skills", params={"name": "Sal"}).json()
    assert [s["name"] for s in prefix["entities"]] == ["Sales EN", "Sales FR"]
    skill = prefix["entities"][0]
    assert skill["state"] == "active" and skill["version"] == "1"
    assert api.post("/api/v2/routing/skills", json={"name": "Billing"}).status_code == 409


def test_presence_definitions_sources_and_user_presence(api: httpx.Client) -> None:
    user = api.post("/api/v2/users", json={"name": "Present", "email": "present@example.com"}).json()
    created = api.post(
        "/api/v2/presence/definitions", json={"languageLabels": {"en_US": "Lunch"}, "systemPresence": "Meal"}
    ).json()
    assert created["type"] == "User" and created["name"] == "Lunch"
    legacy = api.get(f"/api/v2/presencedefinitions/{created['id']}").json()
    assert legacy["systemPresence"] == "Meal" and legacy["primary"] is False
    system = next(
        d for d in api.get("/api/v2/presence/definitions").json()["entities"] if d["type"] == "System"
    )
    assert api.delete(f"/api/v2/presence/definitions/{system['id']}").status_code == 400
    default = api.get(f"/api/v2/users/{user['id']}/presences/purecloud").json()
    assert default["presenceDefinition"]["systemPresence"] == "Offline" and default["primary"] is True
    changed = api.patch(
        f"/api/v2/users/{user['id']}/presences/purecloud",
        json={"presenceDefinition": {"id": created["id"]}, "message": "back at 2"},
    ).json()
    assert (changed["presenceDefinition"]["id"], changed["message"]) == (created["id"], "back at 2")
    bad = api.patch(
        f"/api/v2/users/{user['id']}/presences/purecloud", json={"presenceDefinition": {"id": "nope"}}
    )
    assert bad.status_code == 400 and bad.json()["details"][0]["fieldName"] == "presenceDefinition.id"
    sources = api.get("/api/v2/presence/sources").json()
    assert {"EightByEight", "MicrosoftTeams", "ZoomPhone"} <= {s["name"] for s in sources["entities"]}
    bulk = api.get("/api/v2/users/presences/purecloud/bulk", params={"id": user["id"]}).json()
    assert bulk[0]["userId"] == user["id"] and bulk[0]["message"] == "back at 2"
    available = next(
        d
        for d in api.get("/api/v2/presence/definitions").json()["entities"]
        if d["systemPresence"] == "Available"
    )
    pushed = api.put(
        "/api/v2/users/presences/bulk",
        json=[{"id": user["id"], "source": "PURECLOUD", "presenceDefinition": {"id": available["id"]}}],
    ).json()
    assert pushed[0]["presenceDefinition"]["systemPresence"] == "Available"
    unknown_user = api.put(
        "/api/v2/users/presences/bulk", json=[{"id": "nobody", "presenceDefinition": {"id": available["id"]}}]
    )
    assert unknown_user.status_code == 400 and unknown_user.json()["details"][0]["fieldName"] == "[0].id"


def test_sms_search_filters_and_vanity(api: httpx.Client) -> None:
    base = "/api/v2/routing/sms/availablephonenumbers"
    local = api.get(base, params={"countryCode": "US", "phoneNumberType": "local", "areaCode": "317"}).json()
    assert len(local["entities"]) == 30
    assert all(
        n["phoneNumber"].startswith("+1317") and n["city"] == "Indianapolis" for n in local["entities"]
    )
    by_city = api.get(
        base,
        params={
            "countryCode": "US",
            "phoneNumberType": "local",
            "city": "Chicago",
            "region": "IL",
            "endsWith": "1234",
        },
    ).json()["entities"]
    assert by_city and all(
        n["phoneNumber"].startswith("+1312") and n["phoneNumber"].endswith("1234") for n in by_city
    )
    postal = api.get(
        base, params={"countryCode": "US", "phoneNumberType": "local", "postalCode": "94103"}
    ).json()
    assert {n["city"] for n in postal["entities"]} == {"San Francisco"}
    vanity = api.get(
        base, params={"countryCode": "US", "phoneNumberType": "tollfree", "pattern": "HELP"}
    ).json()
    assert vanity["entities"] and all("4357" in n["phoneNumber"][2:] for n in vanity["entities"])
    assert {n["addressRequirement"] for n in vanity["entities"]} == {"none"}
    uk = api.get(
        base, params={"countryCode": "GB", "phoneNumberType": "local", "addressRequirement": "any"}
    ).json()
    assert uk["entities"] and all(n["phoneNumber"].startswith("+44") for n in uk["entities"])
    bad = api.get(base, params={"countryCode": "US", "phoneNumberType": "landline"})
    assert bad.status_code == 400 and bad.json()["details"][0]["fieldName"] == "phoneNumberType"


def test_sms_provisioning_is_async_and_numbers_are_exclusive(embedded: Target, api: httpx.Client) -> None:
    httpx.put(f"{embedded.url}/_emulator/settings", json={"smsProvisioningSeconds": 0.3})
    try:
        available = api.get(
            "/api/v2/routing/sms/availablephonenumbers",
            params={"countryCode": "CA", "phoneNumberType": "local", "city": "Toronto"},
        ).json()
        number = available["entities"][0]["phoneNumber"]
        body = {"phoneNumber": number, "phoneNumberType": "local", "countryCode": "CA"}
        started = api.post("/api/v2/routing/sms/phonenumbers", params={"async": "true"}, json=body)
        assert started.status_code == 202
        provisioned = started.json()
        assert provisioned["phoneNumberStatus"] == "INITIATED"
        assert provisioned["provisioningStatus"] == {"action": "Create", "state": "Running", "version": 1}
        time.sleep(0.35)
        done = api.get(f"/api/v2/routing/sms/phonenumbers/{provisioned['id']}").json()
        assert done["phoneNumberStatus"] == "ACTIVE" and done["provisioningStatus"]["state"] == "Completed"
        assert api.post("/api/v2/routing/sms/phonenumbers", json=body).status_code == 409
        again = api.get(
            "/api/v2/routing/sms/availablephonenumbers",
            params={"countryCode": "CA", "phoneNumberType": "local", "city": "Toronto"},
        ).json()
        assert number not in {n["phoneNumber"] for n in again["entities"]}
        fake = api.post(
            "/api/v2/routing/sms/phonenumbers",
            json={"phoneNumber": "+15550001111", "phoneNumberType": "local", "countryCode": "US"},
        )
        assert fake.status_code == 400 and fake.json()["details"][0]["fieldName"] == "phoneNumber"
        profiled = api.patch(
            f"/api/v2/routing/sms/phonenumbers/{done['id']}", json={"supportedContent": {"id": "profile-1"}}
        )
        assert profiled.json()["supportedContent"]["id"] == "profile-1" and profiled.json()["version"] == 2
        # The SDK has no PUT for a provisioned number, so neither has the emulator.
        assert api.put(f"/api/v2/routing/sms/phonenumbers/{done['id']}", json={}).status_code == 405
        listing = api.get("/api/v2/routing/sms/phonenumbers", params={"phoneNumberStatus": "active"}).json()
        assert [n["id"] for n in listing["entities"]] == [done["id"]]
        assert (
            api.delete(f"/api/v2/routing/sms/phonenumbers/{done['id']}", params={"async": "true"}).status_code
            == 202
        )
        pending = api.get(f"/api/v2/routing/sms/phonenumbers/{done['id']}").json()
        assert pending["phoneNumberStatus"] == "PENDING_CANCELLATION"
        time.sleep(0.35)
        assert api.get(f"/api/v2/routing/sms/phonenumbers/{done['id']}").status_code == 404
        assert api.post("/api/v2/routing/sms/phonenumbers", json=body).status_code == 200
    finally:
        httpx.put(f"{embedded.url}/_emulator/settings", json={"smsProvisioningSeconds": 1.0})


@pytest.mark.parametrize("path", ["/api/v2/routing/queues", "/api/v2/routing/wrapupcodes"])
def test_put_without_a_division_keeps_the_objects_own(api: httpx.Client, path: str) -> None:
    division = api.post("/api/v2/authorization/divisions", json={"name": f"Sales {path[-6:]}"}).json()
    created = api.post(path, json={"name": "Moved", "division": {"id": division["id"]}}).json()
    assert created["division"]["id"] == division["id"]
    updated = api.put(f"{path}/{created['id']}", json={"name": "Renamed"})
    assert updated.status_code == 200, updated.text
    assert (updated.json()["name"], updated.json()["division"]["id"]) == ("Renamed", division["id"])
    home = api.get("/api/v2/authorization/divisions/home").json()
    moved = api.put(f"{path}/{created['id']}", json={"name": "Renamed", "division": {"id": home["id"]}})
    assert moved.json()["division"]["id"] == home["id"]
