"""PureConnectIntegration through the offline engine against the emulator, checked with the official SDK.

A program with one tenant provider deploys the fixture CIC export with every option on: users,
skills/languages, wrap-up codes, queues, the messaging and browser clients, one SMS number found by
search, and PureConnect as SSO provider. The org is then read back with `PureCloudPlatformClientV2`
step by step against the guide; a second `up` changes nothing; `gcx pureconnect nginx` renders the
deployed proxy; `destroy` leaves none of it behind.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import PureCloudPlatformClientV2 as sdk
import pytest
from typer.testing import CliRunner

from gcx.cli import app
from gcx.emulator.admin import CreatedOrg
from gcx.engine.api import Stack
from gcx.engine.config_edit import set_config
from gcx.engine.wire import SECRET_SIG, SIG_KEY
from gcx.engine.workspace import Workspace
from gcx.handoff.nginx import PureConnectProxy, render_nginx
from tests.components.test_pureconnect import CERTIFICATE
from tests.dynamic.conftest import PASSPHRASE, Emulator, api, emulator, org, salt

__all__ = ["api", "emulator", "org", "salt"]  # fixtures shared with the dynamic-resource tests

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("pureconnect_e2e")]

EXPORT = Path(__file__).parents[1] / "fixtures" / "cic_export_contact_center.yaml"
WEBHOOK_PASSWORD = "e2e-webhook-pa55"
PROXY = {
    "host": "sso.acme.example",
    "port": 8443,
    "servers": ["10.1.2.3", "10.1.2.4"],
    "certificatePath": "/etc/nginx/tls/acme.crt",
    "certificateKeyPath": "/etc/nginx/tls/acme.key",
}

PROGRAM = """\
import json

import pulumi

from components.genesyscloud import genesyscloud
from components.pureconnect import PureConnectIntegration, PureConnectIntegrationArgs
from gcx.dynamic.connection import GenesysConnectionArgs

config = pulumi.Config()
region, client_id = config.require("region"), config.require("clientId")
client_secret = config.require_secret("clientSecret")
tenant = genesyscloud.Provider(
    "acme", aws_region=region, oauthclient_id=client_id, oauthclient_secret=client_secret
)
settings = json.loads(config.require("pureConnect"))
for number in settings.get("smsNumbers", []):
    number["webhookPassword"] = config.require_secret("webhookPassword")
settings["connection"] = GenesysConnectionArgs(
    aws_region=region, oauthclient_id=client_id, oauthclient_secret=client_secret
)
args = PureConnectIntegrationArgs.model_validate(settings)
pc = PureConnectIntegration("acme-pc", args, pulumi.ResourceOptions(providers=[tenant]))
pulumi.export("tenants", {"acme": {"pureConnect": pc.handoff}})
"""



def _settings() -> dict[str, Any]:
    return {
        "cicExport": str(EXPORT),
        "syncAdvancedPlatformObjects": True,
        "messagingClient": {"tokenLifetimeSeconds": 7200},
        "browserClientApplications": {"uris": ["https://connect.acme.example/"]},
        "smsNumbers": [
            {
                "search": {"areaCode": "317"},
                "comment": "Support SMS",
                "email": "sms@acme.example",
                "webhookUsername": "cic",
                "moUrl": "https://cic.acme.example/sms/mo",
                "drUrl": "https://cic.acme.example/sms/dr",
            }
        ],
        "sso": {
            "proxy": PROXY,
            "certificate": CERTIFICATE,
            "loginIcon": base64.b64encode(b'<svg xmlns="http://www.w3.org/2000/svg"/>').decode(),
        },
    }


class Deployment:
    def __init__(self, root: Path, salt: str, emulator: Emulator, org: CreatedOrg) -> None:
        self.dir = root / "project"
        self.dir.mkdir()
        (self.dir / "Pulumi.yaml").write_text("name: pureconnect-e2e\nruntime: python\n")
        (self.dir / "__main__.py").write_text(PROGRAM)
        (self.dir / "Pulumi.dev.yaml").write_text(f"encryptionsalt: {salt}\n")
        self.env = {"PULUMI_CONFIG_PASSPHRASE": PASSPHRASE, "PULUMI_BACKEND_URL": f"file://{root / 'state'}"}
        self.workspace = Workspace(self.dir, env=self.env)
        self.workspace.create_stack("dev")
        self.stack = Stack(self.workspace, "dev", program_env=emulator.gateway_env())
        self.state_dir = root / "state"
        self.config("region", org.region)
        self.config("clientId", org.client_id)
        self.config("clientSecret", org.client_secret, secret=True)
        self.config("webhookPassword", WEBHOOK_PASSWORD, secret=True)
        self.config("pureConnect", json.dumps(_settings()))

    def config(self, key: str, value: str, *, secret: bool = False) -> None:
        crypter = self.workspace.crypter("dev") if secret else None
        set_config(self.workspace.stack_file("dev"), key, value, secret=secret, crypter=crypter)


def _by_name(entities: Any) -> dict[str, Any]:
    return {e.name: e for e in entities or []}


def test_pureconnect_deploys_what_the_guide_syncs_and_destroys_cleanly(tmp_path, salt, emulator, org, api):
    deployment = Deployment(tmp_path, salt, emulator, org)
    up = deployment.stack.up()
    handoff = up.outputs["tenants"]["acme"]["pureConnect"]

    # What the CIC administrator types into Interaction Administrator's configuration tab.
    assert (
        handoff["organizationShortName"]
        == sdk.OrganizationApi(api).get_organizations_me().third_party_org_name
    )
    assert handoff["organizationShortName"]

    users_api, routing = sdk.UsersApi(api), sdk.RoutingApi(api)
    users = {u.email: u for u in users_api.get_users(page_size=100, expand=["skills", "languages"]).entities}
    # Users: only those with a business email; display name defaults to the user name; phones mapped.
    assert "jane.doe@example.com" in users and "a.smith@example.com" in users
    assert len([e for e in users if e.endswith("@example.com")]) == 2
    jdoe = users["jane.doe@example.com"]
    assert jdoe.name == "Jane Doe" and users["a.smith@example.com"].name == "asmith"
    phones = {a.type: a.address for a in jdoe.addresses or [] if a.media_type == "PHONE"}
    assert phones == {
        "WORK": "+13175550100",
        "WORK2": "+13175550101",
        "MOBILE": "+13175550102",
        "HOME": "+13175550103",
        "OTHER": "+13175550104",  # CIC Fax lands in Other Phone
    }

    # Skills and languages by "treat as language", user ratings from the bands, highest proficiency wins.
    skills = _by_name(routing.get_routing_skills(page_size=100).entities)
    languages = _by_name(routing.get_routing_languages(page_size=100).entities)
    assert {"Billing", "Marketing"} <= set(skills) and "Spanish" not in skills
    assert "Spanish" in languages
    jdoe_skills = {s.name: s.proficiency for s in users_api.get_user_routingskills(jdoe.id).entities}
    jdoe_languages = {s.name: s.proficiency for s in users_api.get_user_routinglanguages(jdoe.id).entities}
    assert jdoe_skills == {"Billing": 4} and jdoe_languages == {"Spanish": 5}

    # Queues from workgroups with their synced members and wrap-up codes.
    queues = _by_name(routing.get_routing_queues(page_size=100).entities)
    support = queues["Support"]
    members = {m.user.id for m in routing.get_routing_queue_members(support.id).entities}
    assert members == {jdoe.id, users["a.smith@example.com"].id}
    codes = {c.name for c in routing.get_routing_queue_wrapupcodes(support.id).entities}
    assert codes == {"Resolved", "Escalated"}
    assert {"Resolved", "Escalated", "Sold"} <= set(
        _by_name(routing.get_routing_wrapupcodes(page_size=100).entities)
    )

    # The GenesysCloudMessaging client (client credentials, 2 h) and the browser client (implicit).
    clients = _by_name(sdk.OAuthApi(api).get_oauth_clients().entities)
    messaging = clients["GenesysCloudMessaging"]
    assert messaging.authorized_grant_type == "CLIENT-CREDENTIALS"
    assert messaging.access_token_validity_seconds == 7200
    assert handoff["messagingClient"]["clientId"] == messaging.id
    (grant,) = messaging.role_divisions
    role = sdk.AuthorizationApi(api).get_authorization_role(grant.role_id)
    assert {(p.domain, p.entity_name): sorted(p.action_set) for p in role.permission_policies} == {
        ("sms", "phoneNumber"): ["add", "delete", "edit", "view"]
    }
    assert handoff["messagingClient"]["clientSecret"][SIG_KEY] == SECRET_SIG  # still a secret output
    browser = clients["PureConnect Browser Client Applications"]
    assert browser.authorized_grant_type == "TOKEN"
    assert browser.registered_redirect_uri == ["https://connect.acme.example/"]

    # The SMS number was found by area code, provisioned and waited for.
    sms = handoff["smsNumbers"][0]
    number = routing.get_routing_sms_phonenumber(sms["numberId"])
    assert number.phone_number == sms["number"] and number.phone_number.startswith("+1317")
    assert sms["provisioningState"] == "Completed"
    credential = sdk.IntegrationsApi(api).get_integrations_credential(sms["webhookCredentialId"])
    assert credential.type.name == "basicAuth"

    # PureConnect as SSO provider behind the proxy.
    idp = sdk.IdentityProviderApi(api).get_identityproviders_generic()
    assert idp.issuer_uri == "https://sso.acme.example"
    assert (
        idp.sso_target_uri == "https://sso.acme.example:8443/PureConnect/ICNotifierIDP/login?loginType=saml"
    )
    assert idp.logo_image_data == _settings()["sso"]["loginIcon"]
    assert idp.disabled is False

    # The stack's outputs drive the nginx renderer.
    rendered = CliRunner().invoke(
        app,
        ["pureconnect", "nginx", "--stack", "dev", "--tenant", "acme", "--cwd", str(deployment.dir)],
        env=deployment.env,
    )
    assert rendered.exit_code == 0, rendered.output
    assert rendered.stdout == render_nginx(PureConnectProxy.model_validate(PROXY))

    # Secrets never reach the state in plain text.
    state = "\n".join(p.read_text() for p in deployment.state_dir.rglob("*.json"))
    assert WEBHOOK_PASSWORD not in state

    assert not deployment.stack.up().has_changes

    deployment.stack.destroy()
    assert "Support" not in _by_name(routing.get_routing_queues(page_size=100).entities)
    assert not [u for u in users_api.get_users(page_size=100).entities if u.email.endswith("@example.com")]
    assert "GenesysCloudMessaging" not in _by_name(sdk.OAuthApi(api).get_oauth_clients().entities)
