"""The Multicloud CX resources through the offline engine against the emulator: key pair, PureEngage
identity provider and permissions added to the built-in `employee` role.

Covers create, a no-op preview and up that send no request, an in-place update, a replacement
(key rotation) that the IdP follows, destroy back to the org's baseline, drift made with the
official SDK that `refresh` records and the next `up` puts right, and saml2-bearer logins signed
with the generated key (refused with the old key once it is rotated).
"""

from __future__ import annotations

import httpx
import PureCloudPlatformClientV2 as sdk
import pytest
from PureCloudPlatformClientV2.rest import ApiException

from gcx.emulator.api.oauth import SAML2_BEARER
from gcx.emulator.saml import sign_assertion
from gcx.engine.steps import Op
from tests.dynamic.helpers import employee_role, held, ops, policy_dicts, take_away

ISSUER = "https://www.genesys.com/pureengage"


def pureengage(api: sdk.ApiClient) -> sdk.PureEngage:
    return sdk.IdentityProviderApi(api).get_identityproviders_pureengage()


def test_create_noop_update_rotate_and_destroy(project, api, emulator):
    hybrid = project("hybrid")
    # One label, one string, and one permission `employee` already has.
    hybrid.config("permissions", ["journey:session:view", "Journey > Event > View", "directory:user:view"])
    baseline = policy_dicts(employee_role(api))
    baseline_held = held(employee_role(api))

    preview = hybrid.stack.preview()
    expected = {"saml": Op.CREATE, "pureengage": Op.CREATE, "employee-journey": Op.CREATE}
    assert ops(preview) == expected
    up = hybrid.stack.up()
    assert ops(up) == expected

    idp = pureengage(api)
    assert idp.certificate == up.outputs["certificateBase64"]
    assert (idp.name, idp.issuer_uri, idp.sso_target_uri) == (
        "Genesys Multicloud CX",
        ISSUER,
        "https://apps.mypurecloud.com",
    )
    assert idp.auto_provision_users is True and idp.disabled is False
    # Added to the role, and nothing it had before was dropped.
    assert held(employee_role(api)) == baseline_held | {"journey:session:view", "journey:event:view"}
    assert up.outputs["preexisting"] == ["directory:user:view"]

    emulator.reset_stats()
    assert not hybrid.stack.preview().has_changes
    again = hybrid.stack.up()
    assert not again.has_changes and again.outputs["fingerprint"] == up.outputs["fingerprint"]
    assert emulator.requests() == []

    hybrid.config("ssoTarget", "https://apps.mypurecloud.ie")
    changed = {**dict.fromkeys(expected, Op.SAME), "pureengage": Op.UPDATE}
    assert ops(hybrid.stack.preview()) == changed
    assert ops(hybrid.stack.up()) == changed
    assert pureengage(api).sso_target_uri == "https://apps.mypurecloud.ie"

    hybrid.config("rotation", "2025-rotation")
    rotated = hybrid.stack.up()
    assert ops(rotated) == {"saml": Op.REPLACE, "pureengage": Op.UPDATE, "employee-journey": Op.SAME}
    assert rotated.outputs["fingerprint"] != up.outputs["fingerprint"]
    assert pureengage(api).certificate == rotated.outputs["certificateBase64"]

    destroyed = hybrid.stack.destroy()
    assert set(ops(destroyed).values()) == {Op.DELETE}
    with pytest.raises(ApiException) as gone:
        pureengage(api)
    assert gone.value.status == 404
    # Back to exactly what the built-in role had, the pre-existing permission included.
    assert policy_dicts(employee_role(api)) == baseline


def test_out_of_band_changes_are_drift_that_refresh_records_and_up_repairs(project, api):
    hybrid = project("hybrid")
    hybrid.config("permissions", ["journey:session:view", "journey:segment:view"])
    hybrid.stack.up()

    # An administrator edits the IdP and takes a permission away, through the official SDK.
    edited = pureengage(api)
    edited.issuer_uri = "https://idp.example.com/other"
    edited.auto_provision_users = False
    sdk.IdentityProviderApi(api).put_identityproviders_pureengage(edited)
    take_away(api, employee_role(api), "journey:segment:view")

    refreshed = hybrid.stack.refresh()
    assert ops(refreshed) == {"saml": Op.SAME, "pureengage": Op.UPDATE, "employee-journey": Op.UPDATE}
    state = hybrid.resources()
    assert state["pureengage"]["outputs"]["issuer_uri"] == "https://idp.example.com/other"
    assert state["pureengage"]["outputs"]["auto_provision_users"] is False
    assert state["employee-journey"]["outputs"]["permissions"] == ["journey:session:view"]

    expected = {"saml": Op.SAME, "pureengage": Op.UPDATE, "employee-journey": Op.UPDATE}
    assert ops(hybrid.stack.preview()) == expected
    assert ops(hybrid.stack.up()) == expected
    repaired = pureengage(api)
    assert (repaired.issuer_uri, repaired.auto_provision_users) == (ISSUER, True)
    assert {"journey:session:view", "journey:segment:view"} <= held(employee_role(api))
    assert not hybrid.stack.refresh().has_changes


def test_an_idp_deleted_out_of_band_is_dropped_by_refresh_and_recreated(project, api):
    hybrid = project("hybrid")
    hybrid.stack.up()
    sdk.IdentityProviderApi(api).delete_identityproviders_pureengage()

    refreshed = hybrid.stack.refresh()
    assert ops(refreshed)["pureengage"] == Op.DELETE
    assert ops(hybrid.stack.up())["pureengage"] == Op.CREATE
    assert pureengage(api).issuer_uri == ISSUER


def saml_login(emulator, org, client, private_key_pem: str) -> httpx.Response:
    """A saml2-bearer token request with an assertion signed by `private_key_pem`."""
    assertion = sign_assertion(
        issuer=ISSUER, name_id="agent@example.com", private_key_pem=private_key_pem.encode()
    )
    return httpx.post(
        f"{emulator.url}/oauth/token",
        data={"grant_type": SAML2_BEARER, "orgName": org.short_name, "assertion": assertion},
        auth=(client.id, client.secret),
        timeout=10,
    )


def test_the_key_pair_signs_logins_the_identity_provider_accepts(project, api, emulator, org):
    request = sdk.OAuthClientRequest()
    request.name, request.authorized_grant_type, request.scope = "desktop", "SAML2-BEARER", ["users:readonly"]
    desktop = sdk.OAuthApi(api).post_oauth_clients(request)
    hybrid = project("hybrid")
    first_key = hybrid.stack.up().outputs["privateKey"]["value"]
    assert saml_login(emulator, org, desktop, first_key).status_code == 200

    hybrid.config("rotation", "next")
    second_key = hybrid.stack.up().outputs["privateKey"]["value"]
    assert saml_login(emulator, org, desktop, second_key).status_code == 200
    refused = saml_login(emulator, org, desktop, first_key)
    assert refused.status_code == 400 and "rejected" in refused.json()["error_description"]
