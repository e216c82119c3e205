"""UnifiedCommunicationsIntegration and EightByEightIntegration under Pulumi mocks."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from components.base import CatalogFacts
from components.unified_communications import (
    UC_VENDORS,
    EightByEightIntegration,
    EightByEightIntegrationArgs,
    UnifiedCommunicationsIntegration,
    UnifiedCommunicationsIntegrationArgs,
)
from gcx.dynamic.connection import GenesysConnectionArgs
from tests.components.recording_monitor import (
    AUTH_ROLE,
    INTEGRATION,
    OAUTH_CLIENT,
    SUBJECT_ROLE_GRANT,
    RecordingMonitor,
    install_mocks,
    run_program,
    tenant_opts,
)

pytestmark = pytest.mark.xdist_group("pulumi_runtime")

GRANT = SUBJECT_ROLE_GRANT
CONNECTION = GenesysConnectionArgs(
    aws_region="eu-west-1", oauthclient_id="admin", oauthclient_secret="s3cret"
)


@pytest.fixture
def monitor() -> RecordingMonitor:
    return install_mocks()



def _policies(registration) -> dict[str, list[str]]:
    return {
        f"{p['domain']}:{p['entityName']}": list(p["actionSets"])
        for p in registration.inputs["permissionPolicies"]
    }


def test_8x8_creates_the_guide_resources_under_the_tenant_provider(monitor: RecordingMonitor):
    run_program(
        lambda: (
            EightByEightIntegration(
                "acme-8x8",
                EightByEightIntegrationArgs(user_group_ids=["g-sales", "g-support"], connection=CONNECTION),
                tenant_opts("eu-west-1"),
            ).handoff
        )
    )

    assert monitor.named("acme-8x8").type == "genesys:integrations:EightByEightIntegration"
    children = monitor.children_of("acme-8x8")
    assert sorted(c.name for c in children) == [
        "acme-8x8-integration",
        "acme-8x8-presence-client",
        "acme-8x8-presence-role",
        "acme-8x8-user-role",
        "acme-8x8-user-role-group-g-sales",
        "acme-8x8-user-role-group-g-support",
    ]
    tenant = monitor.named("tenant")
    for child in children:
        if child.type.startswith("genesyscloud:"):
            assert child.provider.startswith(tenant.urn + "::"), child.name

    integration = monitor.named("acme-8x8-integration")
    assert integration.type == INTEGRATION
    assert integration.inputs["intendedState"] == "ENABLED"
    assert integration.inputs["integrationType"] == "eight-by-eight"
    assert integration.inputs["config"]["name"] == "8\u00d78"

    user_role = monitor.named("acme-8x8-user-role")
    assert user_role.type == AUTH_ROLE
    assert user_role.inputs["name"] == "8\u00d78 User"
    assert _policies(user_role) == {
        "integration:eightByEight": ["view"],
        "integration:unifiedCommunications": ["view"],
    }

    presence_role = monitor.named("acme-8x8-presence-role")
    assert _policies(presence_role) == {"integration:presence": ["*"], "presence:*": ["*"]}
    client = monitor.named("acme-8x8-presence-client")
    assert client.type == OAUTH_CLIENT
    assert client.inputs["authorizedGrantType"] == "CLIENT-CREDENTIALS"
    assert client.inputs["roles"] == [{"roleId": "acme-8x8-presence-role-id"}]
    assert client.inputs["exposeClientSecret"] is True
    assert client.inputs["accessTokenValiditySeconds"] == 86400

    grants = monitor.of_type(GRANT)
    assert {(g.inputs["subject_id"], g.inputs["subject_type"]) for g in grants} == {
        ("g-sales", "PC_GROUP"),
        ("g-support", "PC_GROUP"),
    }
    for grant in grants:
        assert grant.inputs["role_id"] == "acme-8x8-user-role-id"
        assert grant.inputs.get("division_ids") is None  # home division
        assert grant.inputs["connection"]["aws_region"] == "eu-west-1"
        assert "connection" in grant.secret_inputs  # the admin client's secret is never plain


def test_handoff_carries_the_client_and_the_scim_mapping_and_only_the_secret_is_secret(
    monitor: RecordingMonitor,
):
    leaves = run_program(
        lambda: EightByEightIntegration(
            "acme-8x8", EightByEightIntegrationArgs(), tenant_opts("eu-west-1")
        ).handoff
    )

    assert leaves["presenceOAuthClient.clientId"] == ("acme-8x8-presence-client-client-id", False)
    assert leaves["presenceOAuthClient.clientSecret"] == ("acme-8x8-presence-client-secret", True)
    assert [path for path, (_, secret) in leaves.items() if secret] == ["presenceOAuthClient.clientSecret"]
    assert "Technical Account Manager" in leaves["presenceOAuthClient.sendTo"][0]
    assert leaves["scimMapping.directoryField"][0] == "telephoneNumber"
    assert leaves["scimMapping.scimField"][0] == 'phoneNumbers[type eq "eightbyeight"].value'
    assert leaves["scimMapping.genesysCloudField"][0] == (
        "UserProfile.contactInfo.[0].phone_other.[0].value.number"
    )
    text = "\n".join(value for path, (value, _) in leaves.items() if path.startswith("checklist["))
    for needle in ("licence", "BYOC", "SIP trunk", "SCIM", "integrations:integration:*", "Client Secret"):
        assert needle in text, needle
    assert not monitor.of_type(GRANT)  # no groups given: nothing granted


@pytest.mark.parametrize(
    ("vendor", "view", "scim_type"),
    [
        ("microsoft-teams", "integration:microsoftTeams", "microsoftteams"),
        ("zoom-phone", "integration:zoomPhone", "zoomphone"),
        ("ringcentral", "integration:ringCentral", "ringcentral"),
    ],
)
def test_other_vendors_go_through_the_same_code(monitor: RecordingMonitor, vendor, view, scim_type):
    leaves = run_program(
        lambda: (
            UnifiedCommunicationsIntegration(
                "uc", UnifiedCommunicationsIntegrationArgs(vendor=vendor), tenant_opts("eu-west-1")
            ).handoff
        )
    )

    assert monitor.named("uc").type == "genesys:integrations:UnifiedCommunicationsIntegration"
    assert monitor.named("uc-integration").inputs["integrationType"] == vendor
    assert view in _policies(monitor.named("uc-user-role"))
    assert leaves["scimMapping.scimField"][0] == f'phoneNumbers[type eq "{scim_type}"].value'
    assert leaves["vendor"][0] == UC_VENDORS[vendor].display_name


def test_catalog_overrides_reach_the_role_and_the_integration_type(monitor: RecordingMonitor):
    facts = CatalogFacts(
        permission_overrides={"integration:eightByEight:view": "integration:8x8:view"},
        integration_type_overrides={"eight-by-eight": "8x8-appfoundry"},
    )
    run_program(
        lambda: (
            EightByEightIntegration(
                "o",
                EightByEightIntegrationArgs(catalog=facts, user_role_name="8x8 Agents"),
                tenant_opts("eu-west-1"),
            ).handoff
        )
    )

    assert monitor.named("o-integration").inputs["integrationType"] == "8x8-appfoundry"
    role = monitor.named("o-user-role")
    assert role.inputs["name"] == "8x8 Agents"
    assert _policies(role)["integration:8x8"] == ["view"]


def test_unknown_vendor_names_the_field_and_the_choices():
    with pytest.raises(ValidationError) as info:
        UnifiedCommunicationsIntegrationArgs.model_validate({"vendor": "skype"})
    error = info.value.errors()[0]
    assert error["loc"] == ("vendor",)
    assert "eight-by-eight" in error["msg"] and "ringcentral" in error["msg"]


def test_group_grants_need_a_connection():
    with pytest.raises(
        ValidationError, match="userGroupIds: granting the user role to groups needs connection"
    ):
        EightByEightIntegrationArgs.model_validate({"userGroupIds": ["g1"]})
    assert EightByEightIntegrationArgs(user_group_ids=["g1"], connection=CONNECTION).user_group_ids == ["g1"]


@pytest.mark.parametrize("seconds", [299, 172_801])
def test_presence_token_lifetime_is_bounded(seconds):
    with pytest.raises(ValidationError) as info:
        EightByEightIntegrationArgs.model_validate({"presenceTokenValiditySeconds": seconds})
    assert info.value.errors()[0]["loc"] == ("presenceTokenValiditySeconds",)
    assert EightByEightIntegrationArgs.model_validate({"presenceTokenValiditySeconds": 172_800})


def test_8x8_args_cannot_pick_another_vendor():
    with pytest.raises(ValidationError):
        EightByEightIntegrationArgs.model_validate({"vendor": "zoom-phone"})


def test_yaml_keys_are_camel_case():
    args = UnifiedCommunicationsIntegrationArgs.model_validate(
        json.loads(
            '{"vendor": "zoom-phone", "userRoleName": "Zoom users", "presenceClientName": "Zoom sync"}'
        )
    )
    assert (args.user_role_name, args.presence_client_name) == ("Zoom users", "Zoom sync")
