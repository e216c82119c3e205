"""The seed guides' workflows driven only through the official SDK (`PureCloudPlatformClientV2`).

The SDK reaches the emulator through `ApiClient.set_gateway(...)` and authenticates with
`get_client_credentials_token` (and `get_saml2bearer_token` for Multicloud CX). Every answer
must deserialise into the SDK model with the fields the workflow needs set, and with no enum
value the SDK does not know (the SDK turns those into "outdated_sdk_version").
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import PureCloudPlatformClientV2 as gc
import pytest
from PureCloudPlatformClientV2.rest import ApiException

from components.emite import DATA_ROLE_PERMISSIONS
from gcx.catalog.permissions import expand, permission
from gcx.emulator import EmulatorServer
from gcx.emulator.saml import sign_assertion
from tests.emulator.keys import key_pair
from tests.emulator.sdk_models import build, complete, sdk_client

SANDBOX = (
    "allow-scripts",
    "allow-same-origin",
    "allow-forms",
    "allow-modals",
    "allow-popups",
    "allow-downloads",
)


@pytest.fixture(scope="module")
def emulator() -> Iterator[EmulatorServer]:
    with EmulatorServer() as emu:
        yield emu


@pytest.fixture
def sdk(emulator: EmulatorServer) -> tuple[gc.ApiClient, Any]:
    org = emulator.create_org("Conformance", region="us-east-1")
    return sdk_client(emulator, org.client_id, org.client_secret), org


def _policies(labels: list[tuple[str, str, str]]) -> list[gc.DomainPermissionPolicy]:
    grouped: dict[tuple[str, str], list[str]] = {}
    for label in labels:
        perm = permission(" > ".join(label))
        grouped.setdefault((perm.domain, perm.entity), []).append(perm.action)
    return [
        build(gc.DomainPermissionPolicy, domain=d, entity_name=e, action_set=a)
        for (d, e), a in grouped.items()
    ]


def test_emite_workflow(sdk: tuple[gc.ApiClient, Any], emulator: EmulatorServer) -> None:
    client, _ = sdk
    authz, oauth, groups, users = (
        gc.AuthorizationApi(client),
        gc.OAuthApi(client),
        gc.GroupsApi(client),
        gc.UsersApi(client),
    )
    integrations = gc.IntegrationsApi(client)
    me = complete(
        gc.OrganizationApi(client).get_organizations_me(),
        "id",
        "third_party_org_name",
        "default_country_code",
    )
    redirect = f"https://useast-cloud.emite.com/emite/{me.third_party_org_name}/Auth/OAuthPureCloud?org={me.third_party_org_name}"

    role = complete(
        authz.post_authorization_roles(
            build(
                gc.DomainOrganizationRoleCreate,
                name="eMite Data Integration",
                permission_policies=_policies(list(DATA_ROLE_PERMISSIONS)),
            )
        ),
        "id",
        "permission_policies",
    )
    granted = {f"{p.domain}:{p.entity_name}:{a}" for p in role.permission_policies for a in p.action_set}
    assert len(granted) == 41 and "analytics:conversationProperties:*" in granted
    assert all(expand(p) for p in granted)

    sso = complete(
        oauth.post_oauth_clients(
            build(
                gc.OAuthClientRequest,
                name="emite_SSO",
                authorized_grant_type="CODE",
                access_token_validity_seconds=86400,
                registered_redirect_uri=[redirect],
                scope=[
                    "authorization:readonly",
                    "groups:readonly",
                    "integrations:readonly",
                    "oauth:readonly",
                    "organization:readonly",
                    "users:readonly",
                ],
            )
        ),
        "id",
        "secret",
        "scope",
        "registered_redirect_uri",
    )
    data_clients = []
    for name in ("emite_APIdata", "emite_RealtimeData", "emite_WFMLookback", "emite_WFMActivity"):
        created = complete(
            oauth.post_oauth_clients(
                build(
                    gc.OAuthClientRequest,
                    name=name,
                    authorized_grant_type="CLIENT-CREDENTIALS",
                    access_token_validity_seconds=86400,
                    role_divisions=[build(gc.RoleDivision, role_id=role.id, division_id="*")],
                )
            ),
            "id",
            "secret",
            "role_divisions",
        )
        data_clients.append(created)
    assert complete(oauth.get_oauth_client(sso.id), "id", "name").secret is None
    listed = complete(oauth.get_oauth_clients(), "entities")
    assert {c.name for c in listed.entities} >= {"emite_SSO", "emite_APIdata"}
    data_api = gc.AnalyticsApi(sdk_client(emulator, data_clients[0].id, data_clients[0].secret))
    assert data_api.api_client.access_token

    agents = [
        complete(
            users.post_users(build(gc.CreateUser, name=f"Agent {i}", email=f"agent{i}@acme.example")),
            "id",
            "email",
            "division",
            "version",
        )
        for i in range(3)
    ]
    made = {}
    for name in ("emite_Access", "emite_DashboardViewer", "emite_DashboardCreator"):
        made[name] = complete(
            groups.post_groups(
                build(gc.GroupCreate, name=name, type="official", visibility="public", rules_visible=True)
            ),
            "id",
            "version",
            "type",
            "visibility",
        )
    access = made["emite_Access"]
    groups.post_group_members(
        access.id, build(gc.GroupMembersUpdate, member_ids=[a.id for a in agents], version=access.version)
    )
    members = complete(groups.get_group_members(access.id), "entities")
    assert sorted(m.id for m in members.entities) == sorted(a.id for a in agents)

    app = complete(
        integrations.post_integrations(
            body=build(
                gc.CreateIntegrationRequest,
                integration_type=build(gc.IntegrationType, id="embedded-client-app"),
            )
        ),
        "id",
        "integration_type",
        "intended_state",
    )
    config = complete(integrations.get_integration_config_current(app.id), "version")
    complete(
        integrations.put_integration_config_current(
            app.id,
            body=build(
                gc.IntegrationConfiguration,
                name="eMite Advanced Analytics",
                version=config.version,
                properties={
                    "url": redirect,
                    "displayType": "standalone",
                    "sandbox": ",".join(SANDBOX),
                    "groups": [access.id],
                },
                advanced={},
                notes="",
                credentials={},
            ),
        ),
        "version",
        "properties",
    )
    enabled = complete(
        integrations.patch_integration(app.id, body=build(gc.Integration, intended_state="ENABLED")),
        "reported_state",
        "name",
    )
    assert (enabled.reported_state.code, enabled.name) == ("ACTIVE", "eMite Advanced Analytics")

    home = complete(authz.get_authorization_divisions_home(), "id", "home_division")
    licence = complete(
        authz.post_authorization_roles(
            build(
                gc.DomainOrganizationRoleCreate,
                name="eMite_Home",
                permission_policies=_policies([("integration", "emiteApps", "View")]),
            )
        ),
        "id",
    )
    for agent in agents:
        authz.post_authorization_subject_bulkadd(
            agent.id,
            build(
                gc.RoleDivisionGrants,
                grants=[build(gc.RoleDivisionPair, role_id=licence.id, division_id=home.id)],
            ),
        )
    holders = complete(authz.get_authorization_role(licence.id), "user_count")
    assert holders.user_count == 3
    subject = complete(authz.get_authorization_subject(agents[0].id), "grants")
    assert subject.grants[0].role.name == "eMite_Home"


def test_multicloud_cx_workflow(sdk: tuple[gc.ApiClient, Any], emulator: EmulatorServer) -> None:
    client, org = sdk
    authz, oauth, idp = gc.AuthorizationApi(client), gc.OAuthApi(client), gc.IdentityProviderApi(client)
    admin = complete(authz.get_authorization_roles(default_role_id=["admin"]), "entities").entities[0]
    home = authz.get_authorization_divisions_home()
    pacing = complete(
        oauth.post_oauth_clients(
            build(
                gc.OAuthClientRequest,
                name="PureEnagage Client Credentials",
                authorized_grant_type="CLIENT-CREDENTIALS",
                role_divisions=[build(gc.RoleDivision, role_id=admin.id, division_id=home.id)],
            )
        ),
        "id",
        "secret",
    )
    assert sdk_client(emulator, pacing.id, pacing.secret).access_token
    wde = complete(
        oauth.post_oauth_clients(
            build(
                gc.OAuthClientRequest,
                name="WDE",
                authorized_grant_type="SAML2-BEARER",
                registered_redirect_uri=["https://apps.mypurecloud.com"],
                scope=["users", "journey"],
            )
        ),
        "id",
        "secret",
    )

    private_key, certificate = key_pair("hybrid")
    summary = complete(
        idp.put_identityproviders_pureengage(
            build(
                gc.PureEngage,
                name="Genesys Multicloud CX",
                auto_provision_users=True,
                certificate=certificate,
                issuer_uri="https://www.genesys.com/pureengage",
                sso_target_uri="https://apps.mypurecloud.com",
                disabled=False,
            )
        ),
        "id",
        "name",
    )
    assert summary.disabled is False
    stored = complete(
        idp.get_identityproviders_pureengage(), "issuer_uri", "certificate", "auto_provision_users"
    )
    assert stored.auto_provision_users is True

    employee = complete(authz.get_authorization_roles(default_role_id=["employee"]), "entities").entities[0]
    journey = _policies([("Journey", "Session", "View"), ("Journey", "Actionmap", "View")])
    update = build(
        gc.DomainOrganizationRoleUpdate,
        name=employee.name,
        description=employee.description,
        permission_policies=[*employee.permission_policies, *journey],
    )
    updated = complete(authz.put_authorization_role(employee.id, update), "permission_policies")
    assert any(p.domain == "journey" for p in updated.permission_policies)
    # "Restore specified default roles" puts the built-in definition back.
    restored = complete(authz.put_authorization_roles_default([employee]), "entities")
    assert not any(p.domain == "journey" for p in restored.entities[0].permission_policies)

    assertion = sign_assertion(
        issuer="https://www.genesys.com/pureengage",
        name_id="agent@tenant.example",
        private_key_pem=private_key,
    )
    agent = gc.api_client.ApiClient()
    agent.set_gateway(
        host="127.0.0.1", protocol="http", port=emulator.port, path_params_login="", path_params_api=""
    )
    agent.get_saml2bearer_token(wde.id, wde.secret, org.short_name, assertion)
    me = complete(gc.UsersApi(agent).get_users_me(), "id", "email", "organization")
    assert me.email == "agent@tenant.example" and me.organization.id == org.org_id
    token = complete(gc.TokensApi(agent).get_tokens_me(), "organization", "o_auth_client", "authorized_scope")
    assert token.o_auth_client.id == wde.id


def test_eight_by_eight_scim_workflow(sdk: tuple[gc.ApiClient, Any]) -> None:
    client, _ = sdk
    scim, integrations, users = gc.SCIMApi(client), gc.IntegrationsApi(client), gc.UsersApi(client)
    created = complete(
        scim.post_scim_v2_users(
            build(
                gc.ScimV2CreateUser,
                schemas=["urn:ietf:params:scim:schemas:core:2.0:User"],
                user_name="uc.only@acme.example",
                display_name="UC Only",
                active=True,
                phone_numbers=[build(gc.ScimPhoneNumber, type="eightbyeight", value="+13175550123")],
            )
        ),
        "id",
        "user_name",
        "phone_numbers",
        "meta",
    )
    assert created.phone_numbers[0].primary is True
    found = complete(scim.get_scim_v2_users(filter='userName eq "uc.only@acme.example"'), "resources")
    assert found.total_results == 1
    profile = complete(users.get_user(created.id), "addresses", "primary_contact_info")
    other = profile.addresses[0]
    assert (other.type, other.integration, other.address) == ("OTHER", "eightbyeight", "+13175550123")
    assert any(c.media_type == "PHONE" for c in profile.primary_contact_info)
    uc = complete(
        integrations.post_integrations(
            body=build(
                gc.CreateIntegrationRequest, integration_type=build(gc.IntegrationType, id="eight-by-eight")
            )
        ),
        "id",
    )
    integrations.patch_integration(uc.id, body=build(gc.Integration, intended_state="ENABLED"))
    apps = complete(integrations.get_integrations_unifiedcommunications_clientapps(), "entities")
    assert apps.entities[0].integration_presence_source == "EightByEight"
    types = complete(integrations.get_integrations_types(page_size=100), "entities")
    assert {t.id for t in types.entities} >= {"embedded-client-app", "eight-by-eight"}


def test_pureconnect_routing_and_sms_workflow(sdk: tuple[gc.ApiClient, Any]) -> None:
    client, _ = sdk
    routing, users, oauth = gc.RoutingApi(client), gc.UsersApi(client), gc.OAuthApi(client)
    admin = gc.AuthorizationApi(client).get_authorization_roles(default_role_id=["admin"]).entities[0]
    messaging = complete(
        oauth.post_oauth_clients(
            build(
                gc.OAuthClientRequest,
                name="GenesysCloudMessaging",
                authorized_grant_type="CLIENT-CREDENTIALS",
                access_token_validity_seconds=600,
                description="PureConnect integration with Genesys Cloud",
                role_divisions=[build(gc.RoleDivision, role_id=admin.id)],
            )
        ),
        "id",
        "secret",
        "access_token_validity_seconds",
    )
    assert messaging.access_token_validity_seconds == 600
    skill = complete(
        routing.post_routing_skills(build(gc.CreateRoutingSkill, name="Marketing")), "id", "state"
    )
    language = complete(routing.post_routing_languages(build(gc.Language, name="French")), "id")
    code = complete(
        routing.post_routing_wrapupcodes(build(gc.WrapupCodeRequest, name="Sale")), "id", "division"
    )
    queue = complete(
        routing.post_routing_queues(build(gc.CreateQueueRequest, name="Sales Workgroup")),
        "id",
        "division",
        "acw_settings",
        "media_settings",
    )
    agent = users.post_users(build(gc.CreateUser, name="CIC Agent", email="cic.agent@acme.example"))
    routing.post_routing_queue_members(queue.id, [build(gc.WritableEntity, id=agent.id)])
    complete(
        routing.post_routing_queue_wrapupcodes(queue.id, [build(gc.WrapUpCodeReference, id=code.id)])[0], "id"
    )
    members = complete(routing.get_routing_queue_members(queue.id), "entities")
    assert members.entities[0].id == agent.id
    skills = complete(
        users.patch_user_routingskills_bulk(
            agent.id, [build(gc.UserRoutingSkillPost, id=skill.id, proficiency=4.0)]
        ),
        "entities",
    )
    assert skills.entities[0].name == "Marketing"
    languages = complete(
        users.patch_user_routinglanguages_bulk(
            agent.id, [build(gc.UserRoutingLanguagePost, id=language.id, proficiency=5.0)]
        ),
        "entities",
    )
    assert languages.entities[0].proficiency == 5.0
    codes = complete(routing.get_routing_queue_wrapupcodes(queue.id), "entities")
    assert codes.entities[0].name == "Sale"

    available = complete(
        routing.get_routing_sms_availablephonenumbers("US", "local", area_code="317"), "entities"
    )
    number = complete(available.entities[0], "phone_number", "capabilities", "address_requirement")
    provision = build(
        gc.SmsPhoneNumberProvision,
        phone_number=number.phone_number,
        phone_number_type="local",
        country_code="US",
    )
    provisioned = complete(
        routing.post_routing_sms_phonenumbers(provision),
        "id",
        "phone_number_status",
        "provisioning_status",
    )
    fetched = complete(routing.get_routing_sms_phonenumber(provisioned.id), "phone_number", "country_code")
    assert fetched.phone_number_status == "ACTIVE"
    with pytest.raises(ApiException) as taken:
        routing.post_routing_sms_phonenumbers(provision)
    assert taken.value.status == 409
    routing.delete_routing_sms_phonenumber(provisioned.id)
    with pytest.raises(ApiException) as gone:
        routing.get_routing_sms_phonenumber(provisioned.id)
    assert gone.value.status == 404
    error = gc.ApiClient().deserialize(_Raw(gone.value.body), "ErrorBody")
    assert complete(error, "code", "message", "context_id", "status").code == "not.found"


class _Raw:
    """Feeds an error body to `ApiClient.deserialize`, which reads `.data`."""

    def __init__(self, body: str) -> None:
        self.data = body

    @staticmethod
    def getheader(name: str) -> str:
        return "application/json"


def test_the_sdk_sees_missing_permissions_as_403(
    sdk: tuple[gc.ApiClient, Any], emulator: EmulatorServer
) -> None:
    client, _ = sdk
    authz, oauth = gc.AuthorizationApi(client), gc.OAuthApi(client)
    viewer = authz.post_authorization_roles(
        build(
            gc.DomainOrganizationRoleCreate,
            name="viewer",
            permission_policies=_policies([("Routing", "Queue", "View")]),
        )
    )
    limited = oauth.post_oauth_clients(
        build(
            gc.OAuthClientRequest,
            name="limited",
            authorized_grant_type="CLIENT-CREDENTIALS",
            role_divisions=[build(gc.RoleDivision, role_id=viewer.id)],
        )
    )
    with pytest.raises(ApiException) as denied:
        gc.GroupsApi(sdk_client(emulator, limited.id, limited.secret)).post_groups(
            build(gc.GroupCreate, name="x", type="official", visibility="public", rules_visible=True)
        )
    assert denied.value.status == 403
    body = gc.ApiClient().deserialize(_Raw(denied.value.body), "ErrorBody")
    assert complete(body, "code", "message_with_params", "message_params").code == "missing.any.permissions"
