"""8x8 and eMite components end to end: the offline engine runs a program using both against the
emulator; the org is then read back with the official SDK, guide step by guide step.

Covers create, a second `up` with no changes, a one-field change (the optional WFM clients) that
adds exactly those clients, and destroy back to the org's baseline. The group and the agent the
components grant to exist before the stack, as in a real org, and keep their other roles.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import PureCloudPlatformClientV2 as sdk
import pytest

from gcx.emulator import EmulatorServer
from gcx.emulator.admin import CreatedOrg
from gcx.engine.secrets import PassphraseCrypter
from gcx.engine.steps import Op
from gcx.engine.wire import is_secret
from tests.provider.lifecycle.harness import PASSPHRASE, Emulator, GenesysProject, ops

pytestmark = pytest.mark.slow

BODY = """
import json
from components.emite import EmiteIntegration, EmiteIntegrationArgs
from components.unified_communications import EightByEightIntegration, EightByEightIntegrationArgs
from gcx.dynamic import GenesysConnectionArgs

e2e = pulumi.Config("e2e")
connection = GenesysConnectionArgs(
    aws_region=e2e.require("region"),
    oauthclient_id=e2e.require("clientId"),
    oauthclient_secret=e2e.require_secret("clientSecret"),
)
agent, group = e2e.require("agentId"), e2e.require("groupId")
uc = EightByEightIntegration(
    "acme-8x8", EightByEightIntegrationArgs(user_group_ids=[group], connection=connection)
)
emite = EmiteIntegration(
    "acme-emite",
    EmiteIntegrationArgs(
        region=e2e.require("region"),
        org_short_name="acme",
        access_member_ids=[agent],
        wfm_clients=step > 1,
        divisions=[{"name": "Home", "agentIds": [agent]}],
        connection=connection,
    ),
)
pulumi.export("uc", uc.handoff)
pulumi.export("emite", emite.handoff)
"""



@pytest.fixture(scope="module")
def emulator() -> Iterator[Emulator]:
    with EmulatorServer() as server:
        yield Emulator(server)


@pytest.fixture
def org(emulator: Emulator) -> CreatedOrg:
    return emulator.server.create_org("UC and eMite", region="eu-west-1")


@pytest.fixture
def api(emulator: Emulator, org: CreatedOrg) -> sdk.ApiClient:
    return emulator.sdk_client(org)


@pytest.fixture
def people(api: sdk.ApiClient) -> dict[str, str]:
    """An agent who already holds the built-in employee role, and a role-enabled group."""
    user = sdk.CreateUser()
    user.name, user.email = "Ada Agent", f"ada-{uuid.uuid4().hex[:6]}@example.com"
    agent = sdk.UsersApi(api).post_users(user).id
    group = sdk.GroupCreate()
    group.name, group.type, group.visibility, group.roles_enabled = "Sales", "official", "public", True
    return {"agent": agent, "group": sdk.GroupsApi(api).post_groups(group).id}


@pytest.fixture
def project(tmp_path: Path, emulator: Emulator, org: CreatedOrg, people: dict[str, str]) -> GenesysProject:
    salt = PassphraseCrypter.new(PASSPHRASE).salt_state
    gateway = {
        "GENESYSCLOUD_GATEWAY_HOST": emulator.server.host,
        "GENESYSCLOUD_GATEWAY_PORT": str(emulator.server.port),
        "GENESYSCLOUD_GATEWAY_PROTOCOL": "http",
    }
    project = GenesysProject(tmp_path, BODY, salt, emulator, org, program_env=gateway)
    project.config("e2e:region", org.region)
    project.config("e2e:clientId", org.client_id)
    project.config("e2e:clientSecret", org.client_secret, secret=True)
    project.config("e2e:agentId", people["agent"])
    project.config("e2e:groupId", people["group"])
    return project


def _grants(api: sdk.ApiClient, subject_id: str) -> set[str]:
    subject = sdk.AuthorizationApi(api).get_authorization_subject(subject_id)
    return {g.role.name for g in subject.grants or []}


def _clients(api: sdk.ApiClient) -> dict[str, Any]:
    return {c.name: c for c in sdk.OAuthApi(api).get_oauth_clients().entities if c.state != "deleted"}


def _roles(api: sdk.ApiClient) -> dict[str, Any]:
    return {r.name: r for r in sdk.AuthorizationApi(api).get_authorization_roles(page_size=100).entities}


def _held(role: Any) -> set[str]:
    return {
        f"{p.domain}:{p.entity_name}:{action}"
        for p in role.permission_policies or []
        for action in p.action_set
    }


def _integrations(api: sdk.ApiClient) -> dict[str, Any]:
    return {i.name: i for i in sdk.IntegrationsApi(api).get_integrations(page_size=100).entities}


def test_8x8_and_emite_in_one_org(project: GenesysProject, api: sdk.ApiClient, people: dict[str, str]):
    agent, group = people["agent"], people["group"]
    baseline = {"roles": set(_roles(api)), "clients": set(_clients(api)), "agent": _grants(api, agent)}

    up = project.up(step=1)
    assert set(ops(up).values()) == {Op.CREATE}

    # 8x8: installed and active; the user role granted to the group; the presence client and its role.
    integrations = _integrations(api)
    eight = integrations["8\u00d78"]
    assert (eight.integration_type.id, eight.intended_state) == ("eight-by-eight", "ENABLED")
    roles = _roles(api)
    assert _held(roles["8\u00d78 User"]) == {
        "integration:eightByEight:view",
        "integration:unifiedCommunications:view",
    }
    assert _held(roles["8\u00d78 Presence Sync"]) == {"integration:presence:*", "presence:*:*"}
    assert _grants(api, group) == {"8\u00d78 User"}
    clients = _clients(api)
    presence = clients["8\u00d78 Presence Sync"]
    assert presence.authorized_grant_type == "CLIENT-CREDENTIALS"
    assert [rd.role_id for rd in presence.role_divisions] == [roles["8\u00d78 Presence Sync"].id]
    uc = up.outputs["uc"]
    assert uc["presenceOAuthClient"]["clientId"] == presence.id
    # Only the secret leaf is a secret: the rest of the handoff stays readable.
    assert is_secret(uc["presenceOAuthClient"]["clientSecret"]) and not is_secret(uc["presenceOAuthClient"])

    # eMite: groups, the client app for emite_Access, the SSO client, the data role and clients.
    found = {g.name: g for g in sdk.GroupsApi(api).get_groups(page_size=100).entities}
    for name in ("emite_Access", "emite_DashboardViewer", "emite_DashboardCreator"):
        assert (found[name].type, found[name].visibility) == ("official", "public")
    members = sdk.GroupsApi(api).get_group_individuals(found["emite_Access"].id).entities
    assert [m.id for m in members] == [agent]
    app = integrations["eMite Advanced Analytics"]
    assert (app.integration_type.id, app.intended_state) == ("embedded-client-app", "ENABLED")
    config = sdk.IntegrationsApi(api).get_integration_config_current(app.id)
    url = "https://eu-cloud.emite.com/emite/acme/Auth/OAuthPureCloud?org=acme"
    assert config.properties == {
        "url": url,
        "displayType": "standalone",
        "sandbox": "allow-scripts,allow-same-origin,allow-forms,allow-modals,allow-popups,allow-downloads",
        "groups": [found["emite_Access"].id],
    }
    sso = clients["emite_SSO"]
    assert (sso.authorized_grant_type, sso.registered_redirect_uri, sso.access_token_validity_seconds) == (
        "CODE",
        [url],
        86400,
    )
    assert len(sso.scope) == 6
    assert len(_held(roles["eMite Data Integration"])) == 41
    for name in ("emite_APIdata", "emite_RealtimeData"):
        assert [(rd.role_id, rd.division_id) for rd in clients[name].role_divisions] == [
            (roles["eMite Data Integration"].id, "*")
        ]
    assert "emite_WFMLookback" not in clients
    # The licence role is added to the agent's other roles.
    assert _grants(api, agent) == baseline["agent"] | {"eMite_Home"}

    form = up.outputs["emite"]
    assert (form["regionCode"], form["redirectUrl"]) == ("eu", url)
    assert form["oauthClients"]["emite_APIdata"]["clientId"] == clients["emite_APIdata"].id
    assert all(is_secret(c["clientSecret"]) for c in form["oauthClients"].values())
    assert form["groups"]["emite_Access"] == found["emite_Access"].id
    state = json.dumps(project.resources())
    assert project.org.client_secret not in project.state_text()
    assert "emite_APIdata" in state

    assert not project.preview(step=1).has_changes
    assert not project.up(step=1).has_changes

    wfm = project.up(step=2)
    changed = {name: op for name, op in ops(wfm).items() if op != Op.SAME}
    assert changed == {"acme-emite-emite_WFMLookback": Op.CREATE, "acme-emite-emite_WFMActivity": Op.CREATE}
    assert {"emite_WFMLookback", "emite_WFMActivity"} <= set(_clients(api))

    destroyed = project.stack.destroy()
    assert set(ops(destroyed).values()) == {Op.DELETE}
    assert set(_roles(api)) == baseline["roles"]
    assert set(_clients(api)) == baseline["clients"]
    assert _grants(api, agent) == baseline["agent"]
    assert _grants(api, group) == set()
    assert not [i for i in _integrations(api).values()]
