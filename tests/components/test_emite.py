"""EmiteIntegration under Pulumi mocks: every resource of seed 002, the details form, the Args rules."""

from __future__ import annotations

import json
from typing import Any

import pytest
from pydantic import ValidationError

from components.base import CatalogFacts
from components.emite import DATA_ROLE_PERMISSIONS, SSO_SCOPES, EmiteIntegration, EmiteIntegrationArgs
from gcx.catalog import integration_types, oauth
from gcx.dynamic.connection import GenesysConnectionArgs
from tests.components.recording_monitor import (
    AUTH_ROLE,
    GROUP,
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
    aws_region="eu-west-2", oauthclient_id="admin", oauthclient_secret="s3cret"
)
URL = "https://uk-cloud.emite.com/emite/acmeuk/Auth/OAuthPureCloud?org=acmeuk"


@pytest.fixture
def monitor() -> RecordingMonitor:
    return install_mocks()


def args(**extra: Any) -> EmiteIntegrationArgs:
    return EmiteIntegrationArgs.model_validate({"region": "eu-west-2", "orgShortName": "acmeuk", **extra})


def build(config: EmiteIntegrationArgs) -> dict[str, tuple[Any, bool]]:
    def program() -> dict[str, Any]:
        return EmiteIntegration("emite", config, tenant_opts(config.region)).handoff

    return run_program(program)


def test_the_application_integration(monitor: RecordingMonitor):
    build(args(accessMemberIds=["u1", "u2"]))

    access = monitor.named("emite-emite_Access")
    assert access.type == GROUP
    assert access.inputs == {
        "name": "emite_Access",
        "type": "official",
        "visibility": "public",
        "memberIds": ["u1", "u2"],
    }
    for group in ("emite_DashboardViewer", "emite_DashboardCreator"):
        inputs = monitor.named(f"emite-{group}").inputs
        assert (inputs["name"], inputs["type"], inputs["visibility"]) == (group, "official", "public")
        assert "memberIds" not in inputs  # members not managed unless given

    app = monitor.named("emite-app")
    assert app.type == INTEGRATION
    assert app.inputs["intendedState"] == "ENABLED"
    assert app.inputs["integrationType"] == "embedded-client-app"
    assert app.inputs["config"]["name"] == "eMite Advanced Analytics"
    properties = json.loads(app.inputs["config"]["properties"])
    assert properties == {
        "url": URL,
        "displayType": "standalone",
        "sandbox": "allow-scripts,allow-same-origin,allow-forms,allow-modals,allow-popups,allow-downloads",
        "groups": ["emite-emite_Access-id"],
    }
    assert set(properties["sandbox"].split(",")) <= set(integration_types.SANDBOX_TOKENS)

    sso = monitor.named("emite-sso-client")
    assert sso.type == OAUTH_CLIENT
    assert sso.inputs["name"] == "emite_SSO"
    assert sso.inputs["authorizedGrantType"] == "CODE"
    assert sso.inputs["registeredRedirectUris"] == [URL]
    assert sso.inputs["accessTokenValiditySeconds"] == 86400
    assert sso.inputs["scopes"] == list(SSO_SCOPES)
    assert all(scope in oauth.SCOPES for scope in SSO_SCOPES)
    assert "roles" not in sso.inputs


def test_the_data_integration_role_has_the_guides_41_permissions(monitor: RecordingMonitor):
    build(args(wfmClients=True))

    assert len(DATA_ROLE_PERMISSIONS) == 41
    role = monitor.named("emite-data-role")
    assert role.type == AUTH_ROLE and role.inputs["name"] == "eMite Data Integration"
    granted = {
        f"{p['domain']}:{p['entityName']}:{action}"
        for p in role.inputs["permissionPolicies"]
        for action in p["actionSets"]
    }
    assert len(granted) == 41
    for expected in (
        "analytics:conversationProperties:*",
        "routing:queue:search",
        "wfm:managementUnit:edit",
        "wfm:agentScheduleNotification:view",
        "outbound:wrapUpCodeMapping:view",
        "externalContacts:contact:view",
    ):
        assert expected in granted

    data_clients = {
        c.inputs["name"]: c for c in monitor.of_type(OAUTH_CLIENT) if c.name != "emite-sso-client"
    }
    assert sorted(data_clients) == [
        "emite_APIdata",
        "emite_RealtimeData",
        "emite_WFMActivity",
        "emite_WFMLookback",
    ]
    for client in data_clients.values():
        assert client.inputs["authorizedGrantType"] == "CLIENT-CREDENTIALS"
        assert client.inputs["roles"] == [{"roleId": "emite-data-role-id", "divisionId": "*"}]
        assert client.inputs["accessTokenValiditySeconds"] == 86400
        assert client.inputs["exposeClientSecret"] is True


def test_wfm_clients_are_optional(monitor: RecordingMonitor):
    leaves = build(args())
    names = sorted(c.inputs["name"] for c in monitor.of_type(OAUTH_CLIENT))
    assert names == ["emite_APIdata", "emite_RealtimeData", "emite_SSO"]
    assert any("wfmClients" in value for path, (value, _) in leaves.items() if path.startswith("checklist"))


def test_division_roles_are_granted_on_their_division_to_agents_and_groups(monitor: RecordingMonitor):
    build(
        args(
            connection=CONNECTION,
            divisions=[
                {"name": "Home", "agentIds": ["a1", "a2"]},
                {"name": "North Sales", "divisionId": "div-north", "groupIds": ["g-north"]},
                {"name": "Back office"},
            ],
        )
    )

    assert monitor.named("emite").type == "genesys:integrations:EmiteIntegration"
    tenant = monitor.named("tenant").urn
    children = monitor.children_of("emite")
    assert sorted(c.name for c in children) == [
        "emite-app",
        "emite-data-role",
        "emite-division-back-office",
        "emite-division-home",
        "emite-division-home-user-a1",
        "emite-division-home-user-a2",
        "emite-division-north-sales",
        "emite-division-north-sales-group-g-north",
        "emite-emite_APIdata",
        "emite-emite_Access",
        "emite-emite_DashboardCreator",
        "emite-emite_DashboardViewer",
        "emite-emite_RealtimeData",
        "emite-sso-client",
    ]
    assert all(c.provider.startswith(tenant + "::") for c in children if c.type.startswith("genesyscloud:"))

    roles = {r.name: r for r in monitor.of_type(AUTH_ROLE) if r.name.startswith("emite-division-")}
    assert {r.inputs["name"] for r in roles.values()} == {
        "eMite_Home",
        "eMite_North Sales",
        "eMite_Back office",
    }
    for role in roles.values():
        assert [
            (p["domain"], p["entityName"], p["actionSets"]) for p in role.inputs["permissionPolicies"]
        ] == [("integration", "emiteApps", ["view"])]
        assert role.parent == monitor.named("emite").urn

    grants = {g.name: g.inputs for g in monitor.of_type(GRANT)}
    assert sorted(grants) == [
        "emite-division-home-user-a1",
        "emite-division-home-user-a2",
        "emite-division-north-sales-group-g-north",
    ]
    home = grants["emite-division-home-user-a1"]
    assert (home["subject_type"], home["role_id"]) == ("PC_USER", "emite-division-home-id")
    assert home.get("division_ids") is None  # the home division
    north = grants["emite-division-north-sales-group-g-north"]
    assert (north["subject_type"], north["subject_id"]) == ("PC_GROUP", "g-north")
    assert north["division_ids"] == ["div-north"]
    assert north["role_id"] == "emite-division-north-sales-id"


def test_the_details_form(monitor: RecordingMonitor):
    leaves = build(
        args(wfmClients=True, connection=CONNECTION, divisions=[{"name": "Home", "agentIds": ["a1"]}])
    )

    assert leaves["organizationShortName"] == ("acmeuk", False)
    assert leaves["regionCode"] == ("uk", False)
    assert leaves["redirectUrl"] == (URL, False)
    assert leaves["application.integrationId"] == ("emite-app-id", False)
    for client in (
        "emite_SSO",
        "emite_APIdata",
        "emite_RealtimeData",
        "emite_WFMLookback",
        "emite_WFMActivity",
    ):
        assert leaves[f"oauthClients.{client}.clientId"][1] is False
        assert leaves[f"oauthClients.{client}.clientSecret"][1] is True
    assert leaves["oauthClients.emite_APIdata.clientSecret"][0] == "emite-emite_APIdata-secret"
    secret_paths = {path for path, (_, secret) in leaves.items() if secret}
    assert secret_paths == {
        f"oauthClients.{c}.clientSecret"
        for c in (
            "emite_SSO",
            "emite_APIdata",
            "emite_RealtimeData",
            "emite_WFMLookback",
            "emite_WFMActivity",
        )
    }
    assert leaves["groups.emite_Access"] == ("emite-emite_Access-id", False)
    assert leaves["groups.emite_DashboardCreator"] == ("emite-emite_DashboardCreator-id", False)
    assert leaves["divisionRoles.eMite_Home.divisionId"] == ("home", False)
    checklist = " ".join(v for p, (v, _) in leaves.items() if p.startswith("checklist"))
    assert "Assign the 'eMite Data Integration' role to yourself" in checklist
    assert "emite_Access, emite_DashboardViewer, emite_DashboardCreator" in checklist  # members unmanaged


def test_catalog_overrides_reach_the_licence_permission(monitor: RecordingMonitor):
    facts = CatalogFacts(permission_overrides={"integration:emiteApps:view": "integration:emite:view"})
    build(args(catalog=facts, divisions=[{"name": "Home"}]))
    policies = monitor.named("emite-division-home").inputs["permissionPolicies"]
    assert [(p["entityName"], p["actionSets"]) for p in policies] == [("emite", ["view"])]


@pytest.mark.parametrize(
    ("region", "code"),
    [("us-east-1", "useast"), ("ap-southeast-2", "au"), ("ca-central-1", "cnd"), ("me-central-1", "me")],
)
def test_redirect_url_uses_the_regions_emite_code(region, code):
    config = EmiteIntegrationArgs(region=region, org_short_name="acme")
    assert config.redirect_url == f"https://{code}-cloud.emite.com/emite/acme/Auth/OAuthPureCloud?org=acme"


def test_a_region_without_an_emite_code_names_the_supported_ones():
    with pytest.raises(ValidationError) as info:
        args(region="sa-east-1")
    error = info.value.errors()[0]
    assert error["loc"] == ("region",)
    assert "no region code for 'sa-east-1'" in error["msg"] and "eu-west-2" in error["msg"]
    with pytest.raises(ValidationError, match="unknown Genesys Cloud region 'mars-1'"):
        args(region="mars-1")


@pytest.mark.parametrize("short_name", ["AcmeUK", "acme uk", "acme-uk", "acme_uk", ""])
def test_the_short_name_must_be_lower_case_without_special_characters(short_name):
    with pytest.raises(ValidationError) as info:
        args(orgShortName=short_name)
    error = info.value.errors()[0]
    assert error["loc"] == ("orgShortName",)
    assert "lower case letters and digits" in error["msg"]


def test_an_upper_case_short_name_suggests_the_lower_case_one():
    with pytest.raises(ValidationError, match="did you mean 'acmeuk'"):
        args(orgShortName="AcmeUK")
    assert args(orgShortName="acmeuk2").org_short_name == "acmeuk2"


def test_division_grants_need_a_connection_and_distinct_names():
    with pytest.raises(ValidationError, match="connection: granting eMite_<Division> roles"):
        args(divisions=[{"name": "Home", "groupIds": ["g"]}])
    assert args(divisions=[{"name": "Home"}])  # a role without grants needs no connection
    with pytest.raises(ValidationError, match="repeated: North Sales, north-sales"):
        args(divisions=[{"name": "North Sales"}, {"name": "north-sales"}])
