"""Handler flows called through `GenesysCloudProvider` (the engine's entry points) against the
emulator: crash-recovery `find` by natural key, restoring a deleted user, group member batches,
refusals that name the field and the way out, and the data sources."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from gcx.emulator.admin import CreatedOrg
from gcx.provider import GenesysCloudProvider
from gcx.provider.client import ApiError, GenesysClient
from gcx.provider.naming import data_source_token, resource_token
from gcx.provider.resources.base import AmbiguousMatchError
from gcx.provider.retry import RetryPolicy
from tests.provider.lifecycle.harness import Emulator


class Driver:
    """Checks and creates resources the way the engine does, through one provider instance."""

    def __init__(self, emulator: Emulator, org: CreatedOrg) -> None:
        self.provider = GenesysCloudProvider(env={"GCX_RETRY_MIN_WAIT": "0.01", "GCX_RETRY_MAX_WAIT": "0.05"})
        self.provider.configure(
            {
                "oauthclientId": org.client_id,
                "oauthclientSecret": org.client_secret,
                "gateways": [
                    {"host": emulator.server.host, "port": str(emulator.server.port), "protocol": "http"}
                ],
                "customRetryTimeout": "0s",
            }
        )
        self.api = GenesysClient(
            emulator.provider_config(org), retry=RetryPolicy(min_wait=0.01, max_wait=0.05)
        )

    @staticmethod
    def urn(tf_name: str, name: str) -> str:
        return f"urn:pulumi:dev::flows::{resource_token(tf_name)}::{name}"

    def checked(self, tf_name: str, inputs: dict[str, Any]) -> dict[str, Any]:
        result = self.provider.check(self.urn(tf_name, "x"), {}, inputs)
        assert not result.failures, result.failures
        return result.inputs

    def create(self, tf_name: str, inputs: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        result = self.provider.create(self.urn(tf_name, "x"), self.checked(tf_name, inputs), preview=False)
        return result.id, result.outputs

    def find(self, tf_name: str, inputs: dict[str, Any]) -> Any:
        return self.provider.find(self.urn(tf_name, "x"), self.checked(tf_name, inputs))

    def invoke(self, tf_name: str, args: dict[str, Any]) -> Any:
        return self.provider.invoke(data_source_token(tf_name), args)


@pytest.fixture
def driver(emulator: Emulator, org: CreatedOrg) -> Iterator[Driver]:
    yield Driver(emulator, org)


def test_find_adopts_by_natural_key_and_never_guesses(driver):
    skill_id, _ = driver.create("genesyscloud_routing_skill", {"name": "Lost create"})
    found = driver.find("genesyscloud_routing_skill", {"name": "lost create"})
    assert (found.id, found.outputs["name"]) == (skill_id, "Lost create")
    assert driver.find("genesyscloud_routing_skill", {"name": "Never made"}) is None

    user_id, _ = driver.create("genesyscloud_user", {"email": "lost@example.com", "name": "Lost"})
    assert driver.find("genesyscloud_user", {"email": "lost@example.com", "name": "Other name"}).id == user_id

    for _ in range(2):  # two installs of one type, neither named by the program
        driver.api.post("/api/v2/integrations", json={"integrationType": {"id": "embedded-client-app"}})
    with pytest.raises(AmbiguousMatchError, match="2 integrations match type 'embedded-client-app'"):
        driver.find("genesyscloud_integration", {"integrationType": "embedded-client-app"})


def test_a_deleted_users_email_restores_that_user(driver):
    old = driver.api.post(
        "/api/v2/users", json={"name": "Old Name", "email": "back@example.com", "title": "x"}
    )
    driver.api.delete(f"/api/v2/users/{old['id']}")
    driver.api.reset_counters()
    user_id, outputs = driver.create(
        "genesyscloud_user", {"email": "back@example.com", "name": "New Name", "department": "Support"}
    )
    assert user_id == old["id"]
    live = driver.api.get(f"/api/v2/users/{user_id}")
    assert (live["state"], live["name"], live["department"], live.get("title", "")) == (
        "active",
        "New Name",
        "Support",
        "",
    )
    assert outputs["name"] == "New Name"


def test_group_members_are_added_in_batches_of_fifty(driver, emulator):
    members = [
        driver.api.post("/api/v2/users", json={"name": f"Member {n:02}", "email": f"m{n}@example.com"})["id"]
        for n in range(60)
    ]
    emulator.reset_stats()
    group_id, outputs = driver.create("genesyscloud_group", {"name": "Big group", "memberIds": members})
    assert emulator.stats()[("POST", "/api/v2/groups/{groupId}/members")] == 2
    individuals = driver.api.get(f"/api/v2/groups/{group_id}/individuals")["entities"]
    assert sorted(u["id"] for u in individuals) == sorted(members) == sorted(outputs["memberIds"])


def test_changes_the_api_cannot_make_are_refused_with_the_way_out(driver):
    urn = driver.urn("genesyscloud_integration", "x")
    app = {
        "integrationType": "embedded-client-app",
        "config": {"properties": '{"url": "https://a.example.com"}'},
    }
    app_id, outputs = driver.create("genesyscloud_integration", app)
    news = driver.checked("genesyscloud_integration", {**app, "integrationType": "custom-rest-actions"})
    with pytest.raises(ValueError, match="integrationType: an installed integration cannot change type"):
        driver.provider.update(urn, app_id, outputs, news, {}, preview=False)

    client_urn = driver.urn("genesyscloud_oauth_client", "x")
    role = driver.api.get("/api/v2/authorization/roles", params={"name": "employee"})["entities"][0]
    hidden = {
        "name": "Hidden",
        "authorizedGrantType": "CLIENT-CREDENTIALS",
        "roles": [{"roleId": role["id"]}],
    }
    client_id, client_outputs = driver.create("genesyscloud_oauth_client", hidden)
    assert "clientSecret" not in client_outputs
    shown = driver.checked("genesyscloud_oauth_client", {**hidden, "exposeClientSecret": True})
    with pytest.raises(ValueError, match="exposeClientSecret: the client secret is only returned when"):
        driver.provider.update(client_urn, client_id, client_outputs, shown, {}, preview=False)


def test_data_sources_look_objects_up(driver, org):
    skill_id, _ = driver.create("genesyscloud_routing_skill", {"name": "Lookup me"})
    assert driver.invoke("genesyscloud_routing_skill", {"name": "Lookup me"}).outputs == {
        "id": skill_id,
        "name": "Lookup me",
    }
    employee = driver.invoke("genesyscloud_auth_role", {"name": "employee"})
    assert employee.outputs["id"] and not employee.failures
    missing = driver.invoke("genesyscloud_group", {"name": "Nobody"})
    assert [(f.property, f.reason) for f in missing.failures] == [
        ("name", "name: no group named 'Nobody' exists in this org")
    ]
    home = driver.invoke("genesyscloud_auth_division_home", {}).outputs
    assert home["id"] == driver.api.get("/api/v2/authorization/divisions/home")["id"]
    me = driver.invoke("genesyscloud_organizations_me", {}).outputs
    assert (me["id"], me["thirdPartyOrgName"]) == (org.org_id, org.short_name)
    user_id, _ = driver.create("genesyscloud_user", {"email": "seek@example.com", "name": "Seek"})
    assert driver.invoke("genesyscloud_user", {"email": "seek@example.com"}).outputs["id"] == user_id


def test_a_create_that_fails_half_way_leaves_nothing_behind(driver):
    no_url = '{"displayType": "standalone"}'
    bad = {"integrationType": "embedded-client-app", "config": {"properties": no_url}}
    with pytest.raises(ApiError) as refused:  # the type's schema requires a url
        driver.create("genesyscloud_integration", bad)
    assert refused.value.status == 400
    installed = driver.api.get("/api/v2/integrations")["entities"]
    assert [i for i in installed if i["integrationType"]["id"] == "embedded-client-app"] == []


def test_the_client_secret_can_be_written_to_a_private_file_instead_of_the_state(driver, tmp_path, emulator):
    role = driver.api.get("/api/v2/authorization/roles", params={"name": "employee"})["entities"][0]
    inputs = {
        "name": "File secret",
        "authorizedGrantType": "CLIENT-CREDENTIALS",
        "roles": [{"roleId": role["id"]}],
        "directoryClientSecret": str(tmp_path / "secrets"),
    }
    client_id, outputs = driver.create("genesyscloud_oauth_client", inputs)
    written = tmp_path / "secrets" / client_id
    assert written.stat().st_mode & 0o777 == 0o600
    assert "clientSecret" not in outputs  # not exposed: only the file has it
    token = httpx.post(
        f"{emulator.url}/oauth/token",
        data={"grant_type": "client_credentials"},
        auth=(client_id, written.read_text()),
    )
    assert token.status_code == 200
