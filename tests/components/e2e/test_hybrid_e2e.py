"""HybridTransactionObject end to end: the offline engine against the emulator, checked the way the
on-premises side would use it.

One program (the component under the tenant's explicit provider) is deployed to a fresh emulator
org. The org is then read through the official SDK, and the rendered transaction object is used
as Workspace Desktop Edition would: decrypt ``saml/pkey`` with ``saml/password``, sign a SAML
assertion as ``saml/issuer``, and trade it at ``base_auth_url`` with the ``saml_auth`` client for a
token of an auto-provisioned ``employee`` user who now holds the Predictive Engagement permissions.
A second `up` changes nothing and `destroy` leaves the org as it was.
"""

from __future__ import annotations

import base64
import json
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import PureCloudPlatformClientV2 as sdk
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization

from gcx.cli.transaction_object_cmd import spec_from_outputs
from gcx.emulator import EmulatorServer
from gcx.emulator.admin import CreatedOrg
from gcx.emulator.saml import sign_assertion
from gcx.engine.api import Stack
from gcx.engine.config_edit import set_config
from gcx.engine.secrets import PassphraseCrypter
from gcx.engine.workspace import Workspace
from gcx.handoff.transaction_object import render_checklist_md

pytestmark = pytest.mark.slow

PASSPHRASE = "gcx-hybrid-e2e"
SAML2 = "urn:ietf:params:oauth:grant-type:saml2-bearer"
PROGRAM = """
import pulumi

from components.genesyscloud import genesyscloud
from components.hybrid import HybridTransactionObject, HybridTransactionObjectArgs
from gcx.dynamic import GenesysConnectionArgs

config = pulumi.Config()
region, client_id = config.require("region"), config.require("clientId")
secret = config.require_secret("clientSecret")
connection = GenesysConnectionArgs(aws_region=region, oauthclient_id=client_id, oauthclient_secret=secret)
gateway = config.require_object("gateway")
provider = genesyscloud.Provider(
    "acme",
    aws_region=region,
    oauthclient_id=client_id,
    oauthclient_secret=secret,
    gateways=[genesyscloud.ProviderGatewayArgs(**gateway)],
)
args = HybridTransactionObjectArgs.model_validate(
    {
        "region": region,
        "services": {"ewt": {"clientName": "Agent Pacing Service"}},
        "desktopClient": {"scopes": ["users", "authorization:readonly", "journey"]},
        "placement": {"deployment": "multi-tenant", "tenant": "Acme"},
        "connection": connection,
    }
)
hybrid = HybridTransactionObject("acme-mcx", args, pulumi.ResourceOptions(providers=[provider]))
pulumi.export("tenants", {"acme": {"hybrid": hybrid.handoff}})
"""


@pytest.fixture(scope="module")
def emulator() -> Iterator[EmulatorServer]:
    with EmulatorServer() as server:
        yield server


@pytest.fixture
def org(emulator: EmulatorServer) -> CreatedOrg:
    return emulator.create_org("Acme Hybrid", region="eu-west-1", short_name="acmehybrid")


@pytest.fixture
def stack(tmp_path: Path, emulator: EmulatorServer, org: CreatedOrg) -> Stack:
    program = tmp_path / "program"
    program.mkdir()
    (program / "Pulumi.yaml").write_text("name: hybrid-e2e\nruntime: python\n")
    (program / "__main__.py").write_text(textwrap.dedent(PROGRAM))
    (program / "Pulumi.dev.yaml").write_text(
        f"encryptionsalt: {PassphraseCrypter.new(PASSPHRASE).salt_state}\n"
    )
    env = {"PULUMI_CONFIG_PASSPHRASE": PASSPHRASE, "PULUMI_BACKEND_URL": f"file://{tmp_path / 'state'}"}
    workspace = Workspace(program, env=env)
    workspace.create_stack("dev")
    stack_file = workspace.stack_file("dev")
    gateway = {"host": emulator.host, "port": str(emulator.port), "protocol": "http"}
    for key, value in {
        "region": org.region,
        "clientId": org.client_id,
        "gateway": json.dumps(gateway),
    }.items():
        set_config(stack_file, key, value, secret=False, crypter=None)
    set_config(stack_file, "clientSecret", org.client_secret, secret=True, crypter=workspace.crypter("dev"))
    gateway_env = {
        "GENESYSCLOUD_GATEWAY_HOST": emulator.host,
        "GENESYSCLOUD_GATEWAY_PORT": str(emulator.port),
        "GENESYSCLOUD_GATEWAY_PROTOCOL": "http",
    }
    return Stack(workspace, "dev", program_env=gateway_env)


def _sdk(emulator: EmulatorServer, org: CreatedOrg) -> sdk.ApiClient:
    client = sdk.api_client.ApiClient()
    client.set_gateway(
        host=emulator.host, protocol="http", port=emulator.port, path_params_login="", path_params_api=""
    )
    return client.get_client_credentials_token(org.client_id, org.client_secret)


def _employee(api: sdk.ApiClient) -> set[str]:
    (role,) = sdk.AuthorizationApi(api).get_authorization_roles(default_role_id=["employee"]).entities
    return {
        f"{p.domain}:{p.entity_name}:{a}" for p in role.permission_policies or [] for a in p.action_set or []
    }


def _clients(api: sdk.ApiClient) -> dict[str, Any]:
    return {c.name: c for c in sdk.OAuthApi(api).get_oauth_clients().entities}


def test_the_guide_end_to_end(stack: Stack, emulator: EmulatorServer, org: CreatedOrg):
    api = _sdk(emulator, org)
    employee_before = _employee(api)
    clients_before = set(_clients(api))

    stack.up()

    # The org holds what the guide's provisioning steps create.
    clients = _clients(api)
    admin_role = sdk.AuthorizationApi(api).get_authorization_roles(name="admin").entities[0]
    home = sdk.ObjectsApi(api).get_authorization_divisions_home()
    for name in ("PureEngage Client Credentials", "Agent Pacing Service"):
        client = clients[name]
        assert client.authorized_grant_type == "CLIENT-CREDENTIALS"
        assert [(r.role_id, r.division_id) for r in client.role_divisions] == [(admin_role.id, home.id)]
    desktop = clients["Workspace Desktop Edition"]
    assert desktop.authorized_grant_type == "SAML2-BEARER"
    assert desktop.registered_redirect_uri == ["https://apps.mypurecloud.ie"]
    idp = sdk.IdentityProviderApi(api).get_identityproviders_pureengage()
    assert (idp.issuer_uri, idp.sso_target_uri, idp.auto_provision_users) == (
        "https://www.genesys.com/pureengage",
        "https://apps.mypurecloud.ie",
        True,
    )
    journey = {p for p in _employee(api) - employee_before}
    assert journey and all(p.startswith("journey:") for p in journey)
    assert employee_before <= _employee(api)  # nothing of the role was dropped

    # The transaction object, as the on-premises side receives it.
    outputs = stack.workspace.outputs("dev", show_secrets=True)
    spec = spec_from_outputs(outputs, "acme")
    general, saml, saml_auth = spec.options["general"], spec.options["saml"], spec.options["saml_auth"]
    assert (general["organization_sname"], general["organization_id"]) == ("acmehybrid", org.org_id)
    assert saml["issuer"] == idp.issuer_uri
    assert saml_auth["client_id"] == desktop.id
    assert spec.options["ewt"]["client_id"] == clients["Agent Pacing Service"].id
    certificate = x509.load_pem_x509_certificate(base64.b64decode(saml["certificate"]))
    assert base64.b64encode(certificate.public_bytes(serialization.Encoding.DER)).decode() == idp.certificate
    key = serialization.load_pem_private_key(base64.b64decode(saml["pkey"]), saml["password"].encode())
    key_pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    assertion = sign_assertion(
        issuer=saml["issuer"], name_id="wde.agent@acme.example", private_key_pem=key_pem
    )
    token_url = general["base_auth_url"].replace("https://login.mypurecloud.ie", emulator.url)
    login = httpx.post(
        token_url,
        auth=(saml_auth["client_id"], saml_auth["password"]),
        data={"grant_type": SAML2, "orgName": general["organization_sname"], "assertion": assertion},
        timeout=10,
    )
    assert login.status_code == 200, login.text
    me = httpx.get(
        f"{emulator.url}/api/v2/authorization/subjects/me",
        headers={"Authorization": f"Bearer {login.json()['access_token']}"},
        timeout=10,
    ).json()
    assert [grant["role"]["name"] for grant in me["grants"]] == [general["default_agent_role_name"]]
    masked = stack.workspace.outputs("dev")
    assert saml["password"] not in render_checklist_md(spec_from_outputs(masked, "acme"))

    # Converged: a second run changes nothing; destroy puts the org back.
    again = stack.up()
    assert {step.counted_op for step in again.steps} == {"same"}
    stack.destroy()
    assert set(_clients(api)) == clients_before
    assert _employee(api) == employee_before
    with pytest.raises(sdk.rest.ApiException) as gone:
        sdk.IdentityProviderApi(api).get_identityproviders_pureengage()
    assert gone.value.status == 404
