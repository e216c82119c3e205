"""`SmsPhoneNumber` through the offline engine against the emulator: numbers found by search (first
available, sorted), provisioned asynchronously and polled until final, updated in place (and
repaired after an out-of-band change), replaced
when the search changes, and deprovisioned by destroy."""

from __future__ import annotations

import httpx
import PureCloudPlatformClientV2 as sdk
import pytest
from PureCloudPlatformClientV2.rest import ApiException

from gcx.engine.steps import Op
from tests.dynamic.helpers import ops

NUMBER = "/api/v2/routing/sms/phonenumbers/{phoneNumberId}"


def first_available(emulator, api, **query: str) -> str:
    response = httpx.get(
        f"{emulator.url}/api/v2/routing/sms/availablephonenumbers",
        params={"countryCode": "US", **query},
        headers={"Authorization": f"Bearer {api.access_token}"},
        timeout=10,
    )
    response.raise_for_status()
    return min(n["phoneNumber"] for n in response.json()["entities"])


def test_search_provision_rename_replace_and_deprovision(project, api, emulator):
    routing = sdk.RoutingApi(api)
    sms = project("sms")
    long_code = first_available(emulator, api, phoneNumberType="local", areaCode="317", endsWith="01")
    toll_free = first_available(emulator, api, phoneNumberType="tollfree", pattern="CALL")

    emulator.reset_stats()
    assert ops(sms.stack.preview()) == {"long-code": Op.CREATE, "toll-free": Op.CREATE}
    assert emulator.requests() == []
    up = sms.stack.up()
    assert (up.outputs["longCode"], up.outputs["tollFree"]) == (long_code, toll_free)
    assert up.outputs["longCodeState"] == "Completed"
    number = routing.get_routing_sms_phonenumber(up.outputs["longCodeId"])
    assert (number.phone_number, number.phone_number_status) == (long_code, "ACTIVE")
    assert number.provisioning_status.state == "Completed"
    calls = emulator.requests()
    assert calls.count(("POST", "/api/v2/routing/sms/phonenumbers")) == 2
    # The emulator answers 202 and finishes later: each number was polled at least once more.
    assert calls.count(("GET", NUMBER)) >= 4

    emulator.reset_stats()
    assert not sms.stack.up().has_changes
    assert emulator.requests() == []

    sms.config("contentProfile", "profile-a")
    updated = sms.stack.up()
    assert ops(updated) == {"long-code": Op.UPDATE, "toll-free": Op.SAME}
    assert updated.outputs["longCodeId"] == up.outputs["longCodeId"]
    assert routing.get_routing_sms_phonenumber(up.outputs["longCodeId"]).supported_content.id == "profile-a"

    # Changed out of band: refresh records it, up puts the profile back.
    patch = sdk.SmsPhoneNumberPatchRequest()
    patch.supported_content = sdk.SupportedContentReference()
    patch.supported_content.id = "profile-b"
    routing.patch_routing_sms_phonenumber(up.outputs["longCodeId"], patch)
    assert ops(sms.stack.refresh()) == {"long-code": Op.UPDATE, "toll-free": Op.SAME}
    assert ops(sms.stack.up()) == {"long-code": Op.UPDATE, "toll-free": Op.SAME}
    assert routing.get_routing_sms_phonenumber(up.outputs["longCodeId"]).supported_content.id == "profile-a"

    sms.config("areaCode", "212")
    replaced = sms.stack.up()
    assert ops(replaced) == {"long-code": Op.REPLACE, "toll-free": Op.SAME}
    assert replaced.outputs["longCode"].startswith("+1212") and replaced.outputs["longCode"].endswith("01")
    with pytest.raises(ApiException) as gone:
        routing.get_routing_sms_phonenumber(up.outputs["longCodeId"])
    assert gone.value.status == 404

    sms.stack.destroy()
    assert routing.get_routing_sms_phonenumbers().entities in (None, [])
