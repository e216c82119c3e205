"""`check`: every rule class fails and passes, Unknown is tolerated, defaults are applied."""

from typing import Any

import pytest
from pulumi.output import Unknown

from gcx.engine.plugin import CheckResult, is_unknown
from gcx.provider.check import check_block
from gcx.provider.schema import (
    OPTIONAL,
    REQUIRED,
    Block,
    Range,
    ResourceSchema,
    integer,
    single_block,
    string,
)
from gcx.provider.schemas import auth_role, group, integration, oauth_client, routing_queue, user


def check(schema: ResourceSchema, news: dict[str, Any]) -> CheckResult:
    return check_block(schema.block, news, owner=schema.class_name, rules=schema.rules)


def reasons(result: CheckResult) -> dict[str, str]:
    return {f.property: f.reason for f in result.failures}


CLIENT = {"name": "c", "authorizedGrantType": "CLIENT-CREDENTIALS", "roles": [{"roleId": "r"}]}


def test_a_valid_client_passes_and_gets_the_terraform_defaults() -> None:
    result = check(oauth_client.RESOURCE, CLIENT)
    assert result.failures == []
    assert result.inputs["accessTokenValiditySeconds"] == 86400
    assert result.inputs["state"] == "active"
    assert result.inputs["exposeClientSecret"] is False


def test_defaults_never_override_a_given_value() -> None:
    result = check(oauth_client.RESOURCE, {**CLIENT, "state": "inactive", "accessTokenValiditySeconds": 600})
    assert (result.inputs["state"], result.inputs["accessTokenValiditySeconds"]) == ("inactive", 600)


def test_defaults_are_applied_inside_list_elements_and_single_blocks() -> None:
    result = check(
        routing_queue.RESOURCE,
        {"name": "q", "members": [{"userId": "u"}], "mediaSettingsCall": {"alertingTimeoutSec": 8}},
    )
    assert result.failures == []
    assert result.inputs["members"] == [{"userId": "u", "ringNum": 1}]
    assert result.inputs["mediaSettingsCall"]["enableAutoAnswer"] is False


def test_missing_required_property_names_it_and_says_what_it_is() -> None:
    result = check(integration.RESOURCE, {})
    assert reasons(result) == {
        "integrationType": "integrationType is required "
        "(Id of the integration type, e.g. embedded-client-app); set it"
    }


def test_missing_required_property_inside_a_set_is_reported_with_its_index() -> None:
    result = check(oauth_client.RESOURCE, {**CLIENT, "roles": [{"roleId": "a"}, {"divisionId": "d"}]})
    assert list(reasons(result)) == ["roles[1].roleId"]


def test_range_failure_says_the_bounds_and_why() -> None:
    result = check(oauth_client.RESOURCE, {**CLIENT, "accessTokenValiditySeconds": 30})
    assert reasons(result)["accessTokenValiditySeconds"].startswith(
        "accessTokenValiditySeconds must be between 300 and 38880000 "
        "(5 minutes to 450 days; above 172800 only for SCIM clients)"
    )


@pytest.mark.parametrize("seconds", [300, 38880000, 172800.0])
def test_range_bounds_are_inclusive_and_integral_floats_are_ints(seconds: float) -> None:
    result = check(oauth_client.RESOURCE, {**CLIENT, "accessTokenValiditySeconds": seconds})
    assert result.failures == []
    assert type(result.inputs["accessTokenValiditySeconds"]) is int


def test_open_ended_ranges_and_float_ranges() -> None:
    too_fast = check(routing_queue.RESOURCE, {"name": "q", "mediaSettingsCall": {"alertingTimeoutSec": 6}})
    assert "must be at least 7" in reasons(too_fast)["mediaSettingsCall.alertingTimeoutSec"]
    skills = {"email": "a@b.c", "name": "n", "routingSkills": [{"skillId": "s", "proficiency": 5.5}]}
    assert "between 0 and 5" in reasons(check(user.RESOURCE, skills))["routingSkills[0].proficiency"]
    skills["routingSkills"][0]["proficiency"] = 4.5
    assert check(user.RESOURCE, skills).failures == []


def test_enum_failure_lists_the_choices() -> None:
    result = check(oauth_client.RESOURCE, {**CLIENT, "authorizedGrantType": "IMPLICIT"})
    assert reasons(result)["authorizedGrantType"] == (
        "authorizedGrantType must be one of CODE, TOKEN, SAML2BEARER, SAML2-BEARER, PASSWORD, "
        "CLIENT-CREDENTIALS; got 'IMPLICIT'"
    )


def test_pattern_failure_says_the_format() -> None:
    bad = check(group.RESOURCE, {"name": "g", "addresses": [{"type": "GROUPRING", "number": "555-1234"}]})
    assert "an E.164 phone number" in reasons(bad)["addresses[0].number"]
    good = check(
        group.RESOURCE, {"name": "g", "addresses": [{"type": "GROUPRING", "number": "+13175550123"}]}
    )
    assert good.failures == []


def test_malformed_json_properties_are_named_with_the_parse_error() -> None:
    result = check(integration.RESOURCE, {"integrationType": "t", "config": {"properties": '{"url": }'}})
    reason = reasons(result)["config.properties"]
    assert reason.startswith("config.properties is not valid JSON (Expecting value: line 1 column 9")
    assert "json.dumps" in reason


def test_item_counts_are_enforced() -> None:
    policy = {"domain": "d", "entityName": "e", "actionSets": []}
    result = check(auth_role.RESOURCE, {"name": "r", "permissionPolicies": [policy]})
    assert reasons(result) == {
        "permissionPolicies[0].actionSets": "permissionPolicies[0].actionSets needs at least 1 item(s); got 0"
    }
    policy["actionSets"] = ["view"]
    assert check(auth_role.RESOURCE, {"name": "r", "permissionPolicies": [policy]}).failures == []
    rings = [{"expansionTimeoutSeconds": 5}] * 7
    assert (
        "at most 6"
        in reasons(check(routing_queue.RESOURCE, {"name": "q", "bullseyeRings": rings}))["bullseyeRings"]
    )


def test_wrong_types_are_reported_without_coercing_numbers_to_strings() -> None:
    result = check(oauth_client.RESOURCE, {**CLIENT, "name": 5, "accessTokenValiditySeconds": 600.5})
    assert reasons(result) == {
        "name": "name must be a string; got int",
        "accessTokenValiditySeconds": "accessTokenValiditySeconds must be a whole number; got float",
    }


def test_conflicts_with() -> None:
    both = check(routing_queue.RESOURCE, {"name": "q", "ignoreMembers": True, "members": [{"userId": "u"}]})
    assert reasons(both) == {"ignoreMembers": "ignoreMembers conflicts with members: set only one of them"}
    assert check(routing_queue.RESOURCE, {"name": "q", "ignoreMembers": True}).failures == []


def test_client_credentials_need_roles_and_other_grants_need_scopes() -> None:
    no_roles = check(oauth_client.RESOURCE, {"name": "c", "authorizedGrantType": "CLIENT-CREDENTIALS"})
    assert reasons(no_roles)["roles"].startswith(
        "roles is required when authorizedGrantType is CLIENT-CREDENTIALS"
    )
    no_scopes = check(oauth_client.RESOURCE, {"name": "c", "authorizedGrantType": "CODE", "scopes": []})
    assert list(reasons(no_scopes)) == ["scopes"]
    assert (
        check(
            oauth_client.RESOURCE, {"name": "c", "authorizedGrantType": "CODE", "scopes": ["users"]}
        ).failures
        == []
    )


def test_unknown_and_provider_only_properties_are_refused() -> None:
    result = check(oauth_client.RESOURCE, {**CLIENT, "clientId": "x", "colour": "red"})
    found = reasons(result)
    assert found["clientId"] == "clientId is set by the provider and cannot be given; remove it"
    assert found["colour"].startswith(
        "colour is not a property of OauthClient; remove it (known properties: name,"
    )


def test_engine_keys_pass_through_untouched() -> None:
    result = check(oauth_client.RESOURCE, {**CLIENT, "__defaults": ["state"]})
    assert result.failures == []
    assert result.inputs["__defaults"] == ["state"]


def test_unknown_values_pass_every_rule_in_a_preview() -> None:
    news = {
        "name": Unknown(),
        "authorizedGrantType": Unknown(),
        "accessTokenValiditySeconds": Unknown(),
        "roles": [{"roleId": Unknown(), "divisionId": "d"}, Unknown()],
        "scopes": Unknown(),
    }
    result = check(oauth_client.RESOURCE, news)
    assert result.failures == []
    assert is_unknown(result.inputs["name"]) and is_unknown(result.inputs["roles"][1])
    assert result.inputs["state"] == "active"  # defaults still apply around unknowns


def test_unknown_json_and_map_values_are_tolerated() -> None:
    news = {
        "integrationType": "t",
        "config": {"properties": Unknown(), "credentials": {"basicAuth": Unknown()}},
    }
    assert check(integration.RESOURCE, news).failures == []
    assert check(integration.RESOURCE, {"integrationType": "t", "config": Unknown()}).failures == []


def test_missing_is_not_unknown() -> None:
    result = check(oauth_client.RESOURCE, {"authorizedGrantType": Unknown(), "roles": Unknown()})
    assert list(reasons(result)) == ["name"]


def test_sensitive_values_are_never_echoed() -> None:
    block = Block(
        integer("pin", REQUIRED, "A secret number.", sensitive=True, range=Range(0, 9)),
        single_block("nested", Block(string("token", OPTIONAL, sensitive=True, one_of=("a",))), OPTIONAL),
    )
    result = check_block(block, {"pin": 1234, "nested": {"token": "hunter2"}}, owner="Thing")
    text = " ".join(f.reason for f in result.failures)
    assert "1234" not in text and "hunter2" not in text
    assert len(result.failures) == 2
