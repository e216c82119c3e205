"""Bad input fails in `check`, before any API call, naming the field and the fix; the role-policy
edits keep every policy they are not asked to change."""

from __future__ import annotations

import pytest

from gcx.dynamic.identity_provider import PureEngageIdentityProviderProvider
from gcx.dynamic.key_pair import SamlSigningKeyPairProvider, generate_key_pair
from gcx.dynamic.role_permissions import (
    AuthRolePermissionsProvider,
    add_permissions,
    held_permissions,
    remove_permissions,
)
from gcx.dynamic.sms_number import (
    ProvisioningFailed,
    SmsPhoneNumberProvider,
    provisioning_outcome,
    search_query,
)
from gcx.engine.plugin import Unknown
from gcx.engine.result import OperationError

CONNECTION = {"aws_region": "eu-west-1", "oauthclient_id": "id", "oauthclient_secret": "secret"}


def failures(provider, news) -> dict[str, str]:
    return {f.property: f.reason for f in provider.check({}, news).failures}


def sms(**fields):
    return {"connection": CONNECTION, "phone_number_type": "local", "country_code": "US", **fields}


def test_connection_rules():
    provider = PureEngageIdentityProviderProvider()
    base = {
        "certificate": None,
        "issuer_uri": "https://i",
        "sso_target_uri": "https://s",
        "display_name": "x",
    }
    assert "connection" in failures(provider, base)
    found = failures(provider, {**base, "connection": {"aws_region": "moon-1", "oauthclient_id": "a"}})
    assert "is not a Genesys Cloud region" in found["connection.aws_region"]
    assert "oauthclient_secret is required" in found["connection.oauthclient_secret"]
    found = failures(provider, {**base, "connection": {**CONNECTION, "password": "x"}})
    assert "no field 'password'" in found["connection.password"]
    token_only = {"aws_region": "us-east-1", "access_token": "t"}
    assert not any(k.startswith("connection") for k in failures(provider, {**base, "connection": token_only}))


def test_key_pair_rules_and_preview_unknowns():
    provider = SamlSigningKeyPairProvider()
    found = failures(provider, {"common_name": "", "valid_days": 0, "key_size": 1024})
    assert set(found) == {"common_name", "valid_days", "key_size"}
    assert "2048, 3072, 4096" in found["key_size"]
    # Numbers arrive as doubles; unknown values (preview) are not errors.
    result = provider.check({}, {"common_name": Unknown(), "valid_days": 3652.0, "key_size": 4096.0})
    assert result.failures == [] and result.inputs["valid_days"] == 3652


def test_identity_provider_certificate_is_checked_and_stored_as_the_base64_body():
    provider = PureEngageIdentityProviderProvider()
    pair = generate_key_pair("check", 1, 2048)
    news = {
        "connection": CONNECTION,
        "certificate": pair["certificate_pem"],
        "issuer_uri": "https://www.genesys.com/pureengage",
        "sso_target_uri": "https://apps.mypurecloud.ie",
        "display_name": "Genesys Multicloud CX",
        "auto_provision_users": True,
        "disabled": False,
    }
    result = provider.check({}, news)
    assert result.failures == [] and result.inputs["certificate"] == pair["certificate_base64"]
    found = failures(provider, {**news, "certificate": "not a certificate", "issuer_uri": "pureengage"})
    assert "not an X.509 certificate" in found["certificate"]
    assert "absolute URI" in found["issuer_uri"]


def test_role_permission_rules_and_normalisation():
    provider = AuthRolePermissionsProvider()
    result = provider.check(
        {},
        {
            "connection": CONNECTION,
            "default_role_id": "employee",
            "permissions": ["journey:session:view", "Journey > Event > View", "journey:session:view"],
        },
    )
    assert result.failures == []
    assert result.inputs["permissions"] == ["journey:event:view", "journey:session:view"]
    found = failures(provider, {"connection": CONNECTION, "permissions": ["journey:session:fly"]})
    assert "role_id" in found and "unknown permission" in found["permissions[0]"]
    both = {"connection": CONNECTION, "role_id": "r", "default_role_id": "employee", "permissions": []}
    found = failures(provider, both)
    assert "not both" in found["default_role_id"] and "non-empty list" in found["permissions"]


@pytest.mark.parametrize(
    ("fields", "prop", "words"),
    [
        ({"search": {}}, "search", "at least one criterion"),
        ({"search": {"vanity": "AB"}}, "search.vanity", "4 to 7 letters or digits"),
        ({"search": {"vanity": "GENESYS1"}}, "search.vanity", "4 to 7 letters or digits"),
        ({"search": {"area_code": "117"}}, "search.area_code", "first 2-9"),
        ({"search": {"exchange": "555", "vanity": "CALL"}}, "search.vanity", "give one of them"),
        ({"search": {"colour": "blue"}}, "search.colour", "no criterion 'colour'"),
        ({"country_code": "GB", "search": {"exchange": "555"}}, "search.exchange", "US and CA"),
        ({"phone_number_type": "tollfree", "search": {"city": "Austin"}}, "search.city", "toll-free"),
        ({"phone_number_type": "shortcode"}, "phone_number_type", "'local' (long code) or 'tollfree'"),
        ({"phone_number": "317-555-0100"}, "phone_number", "E.164"),
        ({"phone_number": "+13175550100", "search": {"city": "x"}}, "search", "not both"),
        ({"country_code": "USA"}, "country_code", "alpha-2"),
    ],
)
def test_sms_rules(fields, prop, words):
    found = failures(SmsPhoneNumberProvider(), sms(**fields))
    assert words in found.get(prop, ""), found


def test_sms_country_is_upper_cased_and_criteria_become_the_api_query():
    result = SmsPhoneNumberProvider().check(
        {}, sms(country_code="ca", search={"area_code": "416", "exchange": "555"})
    )
    assert result.failures == [] and result.inputs["country_code"] == "CA"
    assert search_query("CA", "local", {"area_code": "416", "exchange": "555"}) == {
        "countryCode": "CA",
        "phoneNumberType": "local",
        "areaCode": "416",
        "pattern": "416555****",
    }
    assert search_query("US", "local", {"exchange": "555", "ends_with": "01", "postal_code": "46204"}) == {
        "countryCode": "US",
        "phoneNumberType": "local",
        "pattern": "***555****",
        "endsWith": "01",
        "postalCode": "46204",
    }


def test_provisioning_outcome_reports_the_api_error():
    assert provisioning_outcome({"provisioningStatus": {"state": "Running"}}) is None
    assert provisioning_outcome({"provisioningStatus": {"state": "Completed"}}) == "Completed"
    failed = {
        "phoneNumber": "+13175550100",
        "provisioningStatus": {
            "state": "Failed",
            "error": {"message": "carrier refused", "code": "sms.carrier"},
        },
    }
    with pytest.raises(ProvisioningFailed, match=r"\+13175550100 failed: carrier refused \(sms.carrier\)"):
        provisioning_outcome(failed)


def test_role_policy_edits_touch_only_the_named_actions():
    conditional = {
        "domain": "journey",
        "entityName": "session",
        "actionSet": ["view"],
        "resourceConditionNode": {"variableName": "queue", "operator": "EQ"},
    }
    policies = [
        {"domain": "directory", "entityName": "user", "actionSet": ["view"], "policyName": "kept"},
        conditional,
        {"domain": "journey", "entityName": "*", "actionSet": ["*"]},
    ]
    added = add_permissions(policies, ["journey:session:view", "directory:user:edit"])
    assert held_permissions(added) == {
        "directory:user:view",
        "directory:user:edit",
        "journey:session:view",
        "journey:*:*",
    }
    assert conditional in added and added[0]["policyName"] == "kept"
    assert policies[0]["actionSet"] == ["view"], "the input list must not be modified"
    removed = remove_permissions(added, ["journey:session:view", "directory:user:edit"])
    assert removed == policies


def test_bad_input_stops_up_before_any_api_call(project, emulator):
    hybrid = project("hybrid")
    hybrid.config("permissions", ["journey:session:view", "Journey > Teleport > Now"])
    emulator.reset_stats()
    with pytest.raises(OperationError) as failed:
        hybrid.stack.up()
    text = str(failed.value) + " ".join(d.message for d in failed.value.result.diagnostics)
    assert "permissions[1]" in text and "Teleport" in text
    # Other resources may have started meanwhile; the role itself was never touched.
    assert not [call for call in emulator.requests() if "/authorization/roles" in call[1]]


def test_diffs_are_explicit_and_say_what_replaces():
    pair = SamlSigningKeyPairProvider()
    olds = {"common_name": "a", "valid_days": 30, "key_size": 2048, "certificate_pem": "..."}
    assert pair.diff("f", olds, {"common_name": "a", "valid_days": 30.0, "key_size": 2048}).changes is False
    longer = pair.diff("f", olds, {"common_name": "a", "valid_days": 60, "key_size": 2048})
    assert (longer.changes, longer.replaces) == (True, [])
    rotated = pair.diff(
        "f", olds, {"common_name": "a", "valid_days": 30, "key_size": 2048, "rotation_trigger": "1"}
    )
    assert rotated.replaces == ["rotation_trigger"]

    idp = PureEngageIdentityProviderProvider()
    fields = {"issuer_uri": "https://i", "disabled": False}
    olds = {"connection": CONNECTION, **fields}
    new_secret = idp.diff(
        "pureengage", olds, {"connection": {**CONNECTION, "oauthclient_secret": "s2"}, **fields}
    )
    assert (new_secret.changes, new_secret.replaces) == (True, [])
    other_org = idp.diff(
        "pureengage", olds, {"connection": {**CONNECTION, "aws_region": "us-east-1"}, **fields}
    )
    # A singleton: the old org's provider goes before the new one is made.
    assert other_org.replaces == ["connection"] and other_org.delete_before_replace is True
    unknown = idp.diff("pureengage", olds, {"connection": CONNECTION, **fields, "issuer_uri": Unknown()})
    assert unknown.changes is True

    number = SmsPhoneNumberProvider()
    olds = {**sms(search={"area_code": "317"}), "phone_number": "+13172400001", "supported_content_id": "p"}
    # The number found by search, given explicitly, or the profile left unset: no change.
    assert number.diff("n", olds, sms(search={"area_code": "317"})).changes is False
    assert number.diff("n", olds, sms(phone_number="+13172400001")).changes is False
    assert number.diff("n", olds, sms(search={"area_code": "212"})).replaces == ["search"]
