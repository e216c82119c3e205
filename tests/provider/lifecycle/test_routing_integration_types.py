"""Lifecycle of the routing, integration, OAuth and org-settings types through the offline engine
and the emulator: RoutingQueue (members, wrap-up codes), RoutingWrapupcode, Integration,
IntegrationCredential, OauthClient (secret handling, delete flow), IdpGeneric and
OrganizationAuthenticationSettings (singletons). Create, no-op, drift with the official SDK,
refresh and revert, update, destroy."""

from __future__ import annotations

import json

import httpx
import PureCloudPlatformClientV2 as sdk
import pytest
from PureCloudPlatformClientV2.rest import ApiException

from gcx.engine.steps import Op
from gcx.engine.wire import is_secret, strip_secrets
from tests.provider.lifecycle.certs import self_signed_pem
from tests.provider.lifecycle.harness import api_calls, ops, refresh_ops, sdk_model, writes

PROGRAM = """
CERT = {cert!r}
ana = genesyscloud.User("ana", email="ana@example.com", name="Ana")
code = genesyscloud.RoutingWrapupcode("code", name="Resolved", description="done" if step == 1 else "closed")
other = genesyscloud.RoutingWrapupcode("other", name="Escalated")
queue = genesyscloud.RoutingQueue(
    "queue",
    name="Support",
    description="step %d" % step,
    acw_timeout_ms=60000,
    media_settings_call=genesyscloud.RoutingQueueMediaSettingsCallArgs(
        alerting_timeout_sec=20, service_level_percentage=0.9, service_level_duration_ms=30000
    ),
    routing_rules=[
        genesyscloud.RoutingQueueRoutingRuleArgs(operator="MEETS_THRESHOLD", threshold=9, wait_seconds=10)
    ],
    members=[genesyscloud.RoutingQueueMemberArgs(user_id=ana.id, ring_num=1 if step == 1 else 2)],
    wrapup_codes=[code.id] if step == 1 else [code.id, other.id],
)
cred = genesyscloud.IntegrationCredential(
    "cred",
    name="Backend",
    credential_type_name="basicAuth",
    fields={{"userName": "svc", "password": "pw-%d" % step}},
)
app = genesyscloud.Integration(
    "app",
    integration_type="embedded-client-app",
    intended_state="ENABLED" if step == 1 else "DISABLED",
    config=genesyscloud.IntegrationConfigArgs(
        name="Wallboard",
        properties='{{"url": "https://wall.example.com/%d", "displayType": "standalone"}}' % step,
        advanced="{{}}",
    ),
)
actions = genesyscloud.Integration(
    "actions",
    integration_type="custom-rest-actions",
    config=genesyscloud.IntegrationConfigArgs(name="Actions", credentials={{"basicAuth": cred.id}}),
)
role = genesyscloud.AuthRole(
    "role",
    name="Integrator",
    permission_policies=[
        genesyscloud.AuthRolePermissionPolicyArgs(
            domain="integrations", entity_name="integration", action_sets=["view"]
        )
    ],
)
client = genesyscloud.OauthClient(
    "client",
    name="Wallboard client",
    description="v%d" % step,
    authorized_grant_type="CLIENT-CREDENTIALS",
    roles=[genesyscloud.OauthClientRoleArgs(role_id=role.id)],
    expose_client_secret=True,
    integration_credential_name="wallboard-cred",
)
idp = genesyscloud.IdpGeneric(
    "idp",
    name="Okta",
    issuer_uri="https://idp.example.com/%d" % step,
    target_uri="https://idp.example.com/sso",
    certificates=[CERT],
)
genesyscloud.OrganizationAuthenticationSettings(
    "auth-settings",
    multifactor_authentication_required=step == 2,
    domain_allowlist_enabled=False,
    password_requirements=genesyscloud.OrganizationAuthenticationSettingsPasswordRequirementsArgs(
        minimum_length=10
    ),
)
pulumi.export("secret", client.client_secret)
pulumi.export("ids", {{"queue": queue.id, "ana": ana.id, "code": code.id, "other": other.id, "app": app.id,
                      "actions": actions.id, "cred": cred.id, "client": client.client_id,
                      "clientCred": client.integration_credential_id}})
"""


def test_routing_integration_types_lifecycle(project, emulator, org):
    PROGRAM_TEXT = PROGRAM.format(cert=self_signed_pem())
    program = project(PROGRAM_TEXT)
    api = emulator.sdk_client(org)
    routing, integrations, oauth = sdk.RoutingApi(api), sdk.IntegrationsApi(api), sdk.OAuthApi(api)
    idps, orgs = sdk.IdentityProviderApi(api), sdk.OrganizationApi(api)

    created = program.up(1)
    assert set(ops(created).values()) == {Op.CREATE}
    ids = created.outputs["ids"]
    queue = routing.get_routing_queue(ids["queue"])
    assert (queue.acw_settings.timeout_ms, queue.media_settings.call.alerting_timeout_seconds) == (60000, 20)
    assert [(r.threshold, r.wait_seconds) for r in queue.routing_rules] == [(9, 10)]
    members = routing.get_routing_queue_members(ids["queue"]).entities
    assert [(m.id, m.ring_number) for m in members] == [(ids["ana"], 1)]
    assert [c.id for c in routing.get_routing_queue_wrapupcodes(ids["queue"]).entities] == [ids["code"]]
    app = integrations.get_integration(ids["app"])
    assert app.intended_state == "ENABLED"
    app_config = integrations.get_integration_config_current(ids["app"])
    assert (app_config.name, app_config.properties["url"]) == ("Wallboard", "https://wall.example.com/1")
    actions_config = integrations.get_integration_config_current(ids["actions"])
    assert actions_config.credentials["basicAuth"].id == ids["cred"]

    # The client secret: a secret output that works, never stored in plain text.
    assert is_secret(created.outputs["secret"])
    secret = strip_secrets(created.outputs["secret"])
    token = httpx.post(
        f"{emulator.url}/oauth/token", data={"grant_type": "client_credentials"}, auth=(ids["client"], secret)
    )
    assert token.status_code == 200
    assert secret not in program.state_text()
    assert "ciphertext" in program.resources()["client"]["outputs"]["clientSecret"]
    credential = integrations.get_integrations_credential(ids["clientCred"])
    assert (credential.type.name, credential.credential_fields["clientId"]) == (
        "pureCloudOAuthClient",
        ids["client"],
    )
    idp = idps.get_identityproviders_generic()
    assert (idp.issuer_uri, idp.sso_target_uri) == (
        "https://idp.example.com/1",
        "https://idp.example.com/sso",
    )
    settings = orgs.get_organizations_authentication_settings()
    assert (settings.multifactor_authentication_required, settings.password_requirements.minimum_length) == (
        False,
        10,
    )

    emulator.reset_stats()
    assert not program.up(1).has_changes
    assert api_calls(emulator.stats()) == 0

    # Drift made with the official SDK; refresh reads each resource once and records it.
    routing.put_routing_queue(
        ids["queue"], sdk_model(sdk.QueueRequest, name="Support", description="by hand")
    )
    integrations.patch_integration(ids["app"], body=sdk_model(sdk.Integration, intended_state="DISABLED"))
    current = oauth.get_oauth_client(ids["client"])
    oauth.put_oauth_client(
        ids["client"],
        sdk_model(
            sdk.OAuthClientRequest,
            name=current.name,
            description="by hand",
            authorized_grant_type=current.authorized_grant_type,
            role_divisions=current.role_divisions,
        ),
    )
    emulator.reset_stats()
    refreshed = program.stack.refresh()
    assert {n for n, op in refresh_ops(refreshed).items() if op == Op.UPDATE} == {"queue", "app", "client"}
    assert not writes(emulator.stats())
    reverted = program.up(1)
    assert {n for n, op in ops(reverted).items() if op == Op.UPDATE} == {"queue", "app", "client"}
    queue = routing.get_routing_queue(ids["queue"])
    assert (queue.description, queue.media_settings.call.alerting_timeout_seconds) == ("step 1", 20)
    assert integrations.get_integration(ids["app"]).intended_state == "ENABLED"
    assert oauth.get_oauth_client(ids["client"]).description == "v1"

    updated = program.up(2)
    assert {n: op for n, op in ops(updated).items() if op != Op.SAME} == {
        "code": Op.UPDATE,
        "queue": Op.UPDATE,
        "cred": Op.UPDATE,
        "app": Op.UPDATE,
        "client": Op.UPDATE,
        "idp": Op.UPDATE,
        "auth-settings": Op.UPDATE,
    }
    members = routing.get_routing_queue_members(ids["queue"]).entities
    assert [(m.id, m.ring_number) for m in members] == [(ids["ana"], 2)]
    codes = {c.id for c in routing.get_routing_queue_wrapupcodes(ids["queue"]).entities}
    assert codes == {ids["code"], ids["other"]}
    assert integrations.get_integration(ids["app"]).intended_state == "DISABLED"
    assert json.loads(json.dumps(integrations.get_integration_config_current(ids["app"]).properties))[
        "url"
    ] == ("https://wall.example.com/2")
    assert idps.get_identityproviders_generic().issuer_uri == "https://idp.example.com/2"
    assert orgs.get_organizations_authentication_settings().multifactor_authentication_required is True
    assert not program.up(2).has_changes

    # Import: a second stack adopts every object by id; running the same program there changes only
    # what an import cannot know: the OAuth client's secret (the adopter makes its own client), the
    # credential's password (never returned) and a setting the program pins to false (an import
    # keeps no zero value that is not a default).
    adopter = project(PROGRAM_TEXT, name="adopter")
    imported = adopter.import_all(program, skip=("client",))
    assert all(ops(r) for r in imported.values())
    emulator.reset_stats()
    adopted = adopter.up(2)
    assert {n: op for n, op in ops(adopted).items() if op != Op.SAME} == {
        "client": Op.CREATE,
        "cred": Op.UPDATE,
        "auth-settings": Op.UPDATE,
    }
    assert set(writes(emulator.stats())) == {
        ("POST", "/api/v2/oauth/clients"),
        ("POST", "/api/v2/integrations/credentials"),
        ("PUT", "/api/v2/integrations/credentials/{credentialId}"),
        ("PATCH", "/api/v2/organizations/authentication/settings"),
    }
    adopter.stack.destroy(targets=[adopter.resources()["client"]["urn"]])  # it holds the role

    emulator.reset_stats()
    destroyed = program.stack.destroy()
    assert set(ops(destroyed).values()) == {Op.DELETE}
    stats = emulator.stats()
    # The OAuth client is set inactive, deleted and confirmed gone; its credential goes first.
    assert stats[("PUT", "/api/v2/oauth/clients/{clientId}")] == 1
    assert stats[("DELETE", "/api/v2/oauth/clients/{clientId}")] == 1
    assert stats[("DELETE", "/api/v2/integrations/credentials/{credentialId}")] == 2
    for lookup in (
        lambda: oauth.get_oauth_client(ids["client"]),
        lambda: integrations.get_integration(ids["app"]),
        lambda: integrations.get_integrations_credential(ids["cred"]),
        lambda: routing.get_routing_queue(ids["queue"]),
        lambda: routing.get_routing_wrapupcode(ids["code"]),
        lambda: idps.get_identityproviders_generic(),
    ):
        with pytest.raises(ApiException) as gone:
            lookup()
        assert gone.value.status == 404
    # Org settings cannot be deleted; they stay as last set.
    assert orgs.get_organizations_authentication_settings().multifactor_authentication_required is True
