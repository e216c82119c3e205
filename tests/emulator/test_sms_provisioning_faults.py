"""SMS provisioning with a supported content profile, and the fault knob that makes provisionings
fail: over HTTP, and end to end through the dynamic `SmsPhoneNumber` resource and the offline
engine, whose failure path must report the API's error and leave no number behind."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from gcx.emulator import EmulatorServer
from gcx.emulator.settings import EmulatorSettings
from gcx.engine.api import Stack
from gcx.engine.config_edit import set_config
from gcx.engine.plugin import ProviderRegistry
from gcx.engine.result import OperationError
from gcx.engine.secrets import PassphraseCrypter
from gcx.engine.workspace import Workspace
from tests.emulator.conftest import Target

NUMBERS = "/api/v2/routing/sms/phonenumbers"
PROGRAM = """
import pulumi

from gcx.dynamic import GenesysConnectionArgs, SmsNumberSearchArgs, SmsPhoneNumber

config = pulumi.Config()
number = SmsPhoneNumber(
    "long-code",
    connection=GenesysConnectionArgs(
        aws_region=config.require("region"),
        oauthclient_id=config.require("clientId"),
        oauthclient_secret=config.require_secret("clientSecret"),
    ),
    phone_number_type="local",
    country_code="US",
    search=SmsNumberSearchArgs(area_code="317", ends_with="42"),
    supported_content_id="profile-sms",
)
pulumi.export("numberId", number.phone_number_id)
"""


def _settings(url: str, **changes: object) -> dict:
    response = httpx.put(f"{url}/_emulator/settings", json=changes, timeout=10)
    assert response.status_code == 200, response.text
    return response.json()


def _available(api: httpx.Client, **query: str) -> list[str]:
    listing = api.get(
        "/api/v2/routing/sms/availablephonenumbers",
        params={"countryCode": "US", "phoneNumberType": "local", **query},
    )
    return sorted(n["phoneNumber"] for n in listing.json()["entities"])


def test_failed_provisionings_carry_an_error_and_free_the_number(
    emulator: EmulatorServer, embedded: Target, api: httpx.Client
) -> None:
    _settings(embedded.url, smsProvisioningSeconds=0.1, smsProvisioningFailures=2)
    try:
        number = _available(api, areaCode="212", endsWith="77")[0]
        body = {"phoneNumber": number, "phoneNumberType": "local", "countryCode": "US"}
        started = api.post(NUMBERS, params={"async": "true"}, json=body | {"supportedContent": {"id": "p1"}})
        assert started.status_code == 202 and started.json()["provisioningStatus"]["state"] == "Running"
        time.sleep(0.15)
        failed = api.get(f"{NUMBERS}/{started.json()['id']}").json()
        assert failed["phoneNumberStatus"] == "INVALID"
        status = failed["provisioningStatus"]
        assert (status["state"], status["error"]["code"], status["error"]["status"]) == (
            "Failed",
            "sms.phonenumber.provisioning.failed",
            400,
        )
        assert number in status["error"]["message"] and status["error"]["contextId"]
        writes_before = emulator.store.epoch
        assert number in _available(api, areaCode="212", endsWith="77")  # never bought
        assert emulator.store.epoch == writes_before  # the search reads; it leaves the stale claim

        synchronous = api.post(NUMBERS, json=body)
        assert synchronous.status_code == 400
        assert synchronous.json()["code"] == "sms.phonenumber.provisioning.failed"
        assert httpx.get(f"{embedded.url}/_emulator/settings").json()["smsProvisioningFailures"] == 0

        bought = api.post(NUMBERS, params={"async": "true"}, json=body | {"supportedContent": {"id": "p1"}})
        assert bought.json()["supportedContent"]["id"] == "p1"
        time.sleep(0.15)
        done = api.get(f"{NUMBERS}/{bought.json()['id']}").json()
        assert (done["phoneNumberStatus"], done["supportedContent"]["id"]) == ("ACTIVE", "p1")
        # Deleting the failed attempt leaves the new owner's claim alone.
        assert api.delete(f"{NUMBERS}/{failed['id']}").status_code == 204
        assert api.post(NUMBERS, json=body).status_code == 409
        bad = api.patch(f"{NUMBERS}/{done['id']}", json={"supportedContent": {"id": ""}})
        assert bad.status_code == 400 and bad.json()["details"][0]["fieldName"] == "supportedContent.id"
    finally:
        _settings(embedded.url, smsProvisioningSeconds=1.0, smsProvisioningFailures=0)


@pytest.fixture(scope="module")
def sms_emulator() -> Iterator[EmulatorServer]:
    with EmulatorServer(settings=EmulatorSettings(sms_provisioning_seconds=0.2)) as server:
        yield server


def _stack(tmp_path: Path, server: EmulatorServer) -> tuple[Stack, httpx.Client]:
    """A stack of `PROGRAM` for a new org, and an API client of that org."""
    org = server.create_org("SMS faults", region="us-east-1")
    program = tmp_path / "program"
    program.mkdir()
    (program / "Pulumi.yaml").write_text("name: sms-faults\nruntime: python\n")
    (program / "__main__.py").write_text(PROGRAM)
    passphrase = "gcx-sms-fault-tests"
    (program / "Pulumi.dev.yaml").write_text(
        f"encryptionsalt: {PassphraseCrypter.new(passphrase).salt_state}\n"
    )
    env = {"PULUMI_CONFIG_PASSPHRASE": passphrase, "PULUMI_BACKEND_URL": f"file://{tmp_path / 'state'}"}
    workspace = Workspace(program, env=env)
    workspace.create_stack("dev")
    stack_file = workspace.stack_file("dev")
    set_config(stack_file, "region", org.region)
    set_config(stack_file, "clientId", org.client_id)
    set_config(stack_file, "clientSecret", org.client_secret, secret=True, crypter=workspace.crypter("dev"))
    gateway = {
        "GENESYSCLOUD_GATEWAY_HOST": server.host,
        "GENESYSCLOUD_GATEWAY_PORT": str(server.port),
        "GENESYSCLOUD_GATEWAY_PROTOCOL": "http",
    }
    api = Target(server.url).client(Target(server.url).token(org.client_id, org.client_secret))
    return Stack(workspace, "dev", registry=ProviderRegistry(), program_env=gateway), api


def test_sms_phone_number_resource_fails_with_the_api_error_and_leaves_nothing(
    tmp_path: Path, sms_emulator: EmulatorServer
) -> None:
    stack, api = _stack(tmp_path, sms_emulator)
    _settings(sms_emulator.url, smsProvisioningFailures=1)
    with pytest.raises(OperationError) as failed:
        stack.up()
    text = str(failed.value) + " ".join(d.message for d in failed.value.result.diagnostics)
    assert "sms.phonenumber.provisioning.failed" in text and "could not provision" in text
    assert api.get(NUMBERS).json()["entities"] == []  # the failed number was deprovisioned

    httpx.delete(f"{sms_emulator.url}/_emulator/stats", timeout=10)
    done = stack.up()
    number = api.get(f"{NUMBERS}/{done.outputs['numberId']}").json()
    assert (number["phoneNumberStatus"], number["supportedContent"]["id"]) == ("ACTIVE", "profile-sms")
    stats = httpx.get(f"{sms_emulator.url}/_emulator/stats", timeout=10).json()["requests"]
    calls = {(r["method"], r["route"]): r["count"] for r in stats}
    assert calls[("POST", NUMBERS)] == 1
    # The profile was given at provisioning, so no PATCH followed.
    assert ("PATCH", NUMBERS + "/{phoneNumberId}") not in calls
    stack.destroy()
    assert api.get(NUMBERS).json()["entities"] == []
    api.close()
